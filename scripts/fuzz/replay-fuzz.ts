/**
 * Replay fuzzing (issue 11, DESIGN.md §1: "a throw from decode or process is a bug"): every
 * bundled fixture, on each of its platforms, replays captures made from the bundled ones by
 * seeded mutations at the byte level (bit flips, random bytes, truncation, length fields,
 * appended bytes; sometimes the file itself) and the frame level (reorder, duplicate, drop,
 * swap addresses between frames, swap source and destination, timestamps, frames from
 * another fixture's capture). Each input is replayed twice. Failures:
 * - `crash`: anything thrown but a `CaptureError` (a mutated file may be unusable input);
 * - `nondeterministic`: the two replays' records or summaries differ;
 * - `lost`: a replayed frame got no frame record, or several;
 * - `count-differs`: counting (`replay --format count`) decided otherwise than the records.
 * Inputs are made from (seed, iteration) alone, so one is remade with `--iteration I`.
 *
 *   npm run fuzz:replay -- --iterations 20000 --seed 7 [--minutes 10] [--out fuzz-crashes]
 *   npm run fuzz:replay -- --seed 7 --iteration 1234     (remake and run one input)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CaptureError } from '../../src/capture/capture-error';
import { openCapture } from '../../src/capture/open-capture';
import { PcapngWriter } from '../../src/capture/pcapng-writer';
import { internetChecksum } from '../../src/wire/checksum';
import type { ReplayRecord } from '../../src/decision/records';
import { fixtureLabel, fixtureVariants, loadFixture, type Fixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';

/** mulberry32: a small seeded PRNG (no dependency), uniform in [0, 1). */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

export interface SeedFrame {
  data: Uint8Array;
  tsSec: number;
  tsNsec: number;
  len: number;
  /** Interface (index into the capture's interfaces). */
  iface: number;
  flags: number;
}

interface SeedCapture {
  readonly interfaces: readonly { readonly linkType: number; readonly name: string | undefined }[];
  readonly frames: readonly SeedFrame[];
}

export interface FuzzTarget {
  /** Fixture file relative to the fixtures directory, and the platform. */
  readonly label: string;
  readonly fixture: Fixture;
  readonly capture: SeedCapture;
}

/** Every fixture under `dir` (recursively), on each of its platforms, with its capture in memory. */
export function loadTargets(dir: string): FuzzTarget[] {
  const files = (function walk(d: string): string[] {
    return readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.yaml') ? [join(d, e.name)] : []))
      .sort();
  })(dir);
  const captures = new Map<string, SeedCapture>();
  const out: FuzzTarget[] = [];
  for (const file of files) {
    const fx = loadFixture(file);
    let capture = captures.get(fx.capture);
    if (capture === undefined) captures.set(fx.capture, (capture = readSeed(fx.capture)));
    for (const v of fixtureVariants(fx)) out.push({ label: `${relative(dir, file)} [${v.platform}]`, fixture: v, capture });
  }
  return out;
}

function readSeed(path: string): SeedCapture {
  const reader = openCapture(path);
  const interfaces: { linkType: number; name: string | undefined }[] = [];
  const ids = new Map<string, number>();
  const frames: SeedFrame[] = [];
  try {
    while (reader.next()) {
      const f = reader.frame;
      const key = `${f.section}/${f.iface ?? 0}`;
      let iface = ids.get(key);
      if (iface === undefined) {
        iface = interfaces.push({ linkType: f.linkType, name: f.ifname }) - 1;
        ids.set(key, iface);
      }
      frames.push({ data: f.data.slice(), tsSec: f.tsSec, tsNsec: f.tsNsec, len: f.len, iface, flags: f.flags });
    }
  } finally {
    reader.close();
  }
  return { interfaces, frames };
}

const clone = (f: SeedFrame): SeedFrame => ({ ...f, data: f.data.slice() });

/** Offsets of length and type fields in Ethernet + IPv4/IPv6 + UDP/ICMP frames (untagged and one VLAN tag). */
const LENGTH_FIELDS = [12, 14 + 0, 14 + 2, 14 + 4, 16, 18, 18 + 2, 18 + 4, 14 + 20 + 4, 14 + 40 + 4, 14 + 40 + 24 + 1, 14 + 40 + 8 + 1, 18 + 20 + 4, 18 + 40 + 4];

type Mutation = (rng: Prng, frames: SeedFrame[], others: readonly FuzzTarget[]) => string | undefined;

const MUTATIONS: readonly (readonly [string, Mutation])[] = [
  ['bit flips', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length === 0) return undefined;
    const n = 1 + rng.int(8);
    for (let i = 0; i < n; i++) f.data[rng.int(f.data.length)]! ^= 1 << rng.int(8);
    return `${n} bit flips`;
  }],
  ['random bytes', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length === 0) return undefined;
    const at = rng.int(f.data.length);
    const n = 1 + rng.int(4);
    for (let i = at; i < Math.min(f.data.length, at + n); i++) f.data[i] = rng.pick([0, 0xff, 0x80, 0x7f, rng.int(256)]);
    return `bytes at ${at}`;
  }],
  ['truncation', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const k = rng.int(f.data.length + 1);
    f.data = f.data.slice(0, k);
    // Cut by the snap length (len kept) or a short frame on the wire (len too).
    if (rng.next() < 0.5) f.len = k;
    return `truncated to ${k}`;
  }],
  ['length field', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const at = rng.next() < 0.7 ? rng.pick(LENGTH_FIELDS) : rng.int(Math.max(1, f.data.length));
    if (at + 2 > f.data.length) return undefined;
    const v = rng.pick([0, 1, 8, 20, 40, f.data.length - 14, f.data.length, f.data.length + 1, 0xffff, 0x8100, 0x86dd, 0x0800, 0x0806, rng.int(0x10000)]) & 0xffff;
    f.data[at] = v >> 8;
    f.data[at + 1] = v & 0xff;
    return `u16 ${v} at ${at}`;
  }],
  ['appended bytes', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const extra = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
    const d = new Uint8Array(f.data.length + extra.length);
    d.set(f.data);
    d.set(extra, f.data.length);
    f.data = d;
    f.len = Math.max(f.len, d.length);
    return `${extra.length} bytes appended`;
  }],
  ['reorder', (rng, fs) => {
    if (fs.length < 2) return undefined;
    const a = rng.int(fs.length);
    const b = rng.int(fs.length);
    if (rng.next() < 0.5) {
      // Frames move with their timestamps: the capture's clock steps backwards.
      [fs[a], fs[b]] = [fs[b]!, fs[a]!];
      return `frames ${a + 1} and ${b + 1} swapped`;
    }
    // Frames move, timestamps stay in place: a sequence the recording never had, in order.
    const [x, y] = [fs[a]!, fs[b]!];
    [x.data, y.data] = [y.data, x.data];
    [x.len, y.len] = [y.len, x.len];
    [x.iface, y.iface] = [y.iface, x.iface];
    return `contents of frames ${a + 1} and ${b + 1} swapped`;
  }],
  ['duplicate', (rng, fs) => {
    const i = rng.int(fs.length);
    const f = fs[i];
    if (f === undefined) return undefined;
    const n = 1 + rng.int(3);
    const at = rng.int(fs.length + 1);
    fs.splice(at, 0, ...Array.from({ length: n }, () => clone(f)));
    return `frame ${i + 1} ×${n} at ${at + 1}`;
  }],
  ['drop', (rng, fs) => {
    if (fs.length === 0) return undefined;
    const i = rng.int(fs.length);
    fs.splice(i, 1 + rng.int(3));
    return `frames from ${i + 1} dropped`;
  }],
  ['addresses from another frame', (rng, fs) => {
    const a = pickFrame(rng, fs);
    const b = pickFrame(rng, fs);
    if (a === undefined || b === undefined) return undefined;
    // MACs, or the IPv4 (26..34) / IPv6 (22..54) addresses of an untagged frame.
    const [from, to] = rng.pick([[0, 12], [0, 6], [6, 12], [26, 34], [22, 54], [22, 38], [38, 54]] as const);
    if (a.data.length < to || b.data.length < to) return undefined;
    a.data.set(b.data.subarray(from, to), from);
    return `bytes ${from}..${to} copied between frames`;
  }],
  ['source ⇄ destination', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length < 14) return undefined;
    swapRanges(f.data, 0, 6, 6);
    const type = (f.data[12]! << 8) | f.data[13]!;
    if (type === 0x0800 && f.data.length >= 34) swapRanges(f.data, 26, 30, 4);
    if (type === 0x86dd && f.data.length >= 54) swapRanges(f.data, 22, 38, 16);
    return 'source and destination swapped';
  }],
  ['timestamps', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const step = rng.pick([-3600, -1, 0, 1, 3, 30, 86400 * 365]);
    f.tsSec = Math.max(0, f.tsSec + step);
    f.tsNsec = rng.pick([0, 999_999_999, rng.int(1e9)]);
    return `timestamp ${step} s`;
  }],
  ['ND or ARP fields', (rng, fs) => {
    // The neighbour protocols drive most state: their flags, options and opcodes directly.
    const candidates = fs.filter((x) => isNd(x.data) || isArp(x.data));
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    const d = f.data;
    if (isArp(d)) {
      const what = rng.int(4);
      if (what === 0) d[21] = rng.pick([1, 2, 3, 0]);
      else if (what === 1) d.copyWithin(38, 28, 32); // target address = sender's: gratuitous
      else if (what === 2) for (let i = 22; i < 28; i++) d[i] = rng.int(256);
      else [d[18], d[19]] = [rng.pick([6, 0, 8]), rng.pick([4, 0, 16])];
      return `ARP field ${what}`;
    }
    const what = rng.int(4);
    if (what === 0) d[58] = rng.int(256); // NA flags R S O (and reserved bits)
    else if (what === 1) f.data = d.slice(0, 78); // no options: an NS without SLLAO, an NA without TLLA
    else if (d.length > 79 && what === 2) d[79] = rng.pick([0, 1, 2, 255]);
    else if (d.length > 78) d[78] = rng.pick([1, 2, 3, 14, 0]);
    return `ND field ${what}`;
  }],
  ['frame from another capture', (rng, fs, others) => {
    const o = rng.pick(others);
    const g = o.capture.frames.length === 0 ? undefined : clone(rng.pick(o.capture.frames));
    if (g === undefined || o.capture.interfaces[g.iface]?.linkType !== 1) return undefined;
    const at = rng.int(fs.length + 1);
    const near = fs[Math.min(at, fs.length - 1)];
    g.iface = near?.iface ?? 0;
    if (near !== undefined) [g.tsSec, g.tsNsec] = [near.tsSec, near.tsNsec];
    fs.splice(at, 0, g);
    return `a frame of ${o.label} at ${at + 1}`;
  }],
];

function isArp(d: Uint8Array): boolean {
  return d.length >= 42 && d[12] === 0x08 && d[13] === 0x06;
}

/** An untagged IPv6 NS, NA or redirect (ICMPv6 right after the fixed header). */
function isNd(d: Uint8Array): boolean {
  return d.length >= 78 && d[12] === 0x86 && d[13] === 0xdd && d[20] === 58 && (d[54] === 135 || d[54] === 136 || d[54] === 137);
}

/** Puts right the header checksum of an untagged IPv4 frame, so header mutations get past `ip_rcv_core`. */
function fixIpv4Checksum(d: Uint8Array): void {
  if (d.length < 34 || d[12] !== 0x08 || d[13] !== 0x00) return;
  const ihl = (d[14]! & 0x0f) * 4;
  if (ihl < 20 || 14 + ihl > d.length) return;
  d[24] = 0;
  d[25] = 0;
  const sum = internetChecksum(d, 14, 14 + ihl);
  d[24] = sum >> 8;
  d[25] = sum & 0xff;
}

function pickFrame(rng: Prng, fs: readonly SeedFrame[]): SeedFrame | undefined {
  return fs.length === 0 ? undefined : fs[rng.int(fs.length)];
}

function swapRanges(b: Uint8Array, x: number, y: number, n: number): void {
  for (let i = 0; i < n; i++) [b[x + i], b[y + i]] = [b[y + i]!, b[x + i]!];
}

export interface FuzzInput {
  readonly iteration: number;
  readonly target: FuzzTarget;
  readonly mutations: readonly string[];
  /** The capture as written (after any file-level damage). */
  readonly bytes: Uint8Array;
}

/** The input of iteration `i` for `seed`: a target (round robin), 1–4 mutations, sometimes file damage. */
export function makeInput(targets: readonly FuzzTarget[], seed: number, i: number, scratch: string): FuzzInput {
  const rng = new Prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const target = targets[i % targets.length]!;
  const frames = target.capture.frames.map(clone);
  const mutations: string[] = [];
  const n = 1 + rng.int(4);
  for (let k = 0; k < n; k++) {
    const [name, mutate] = rng.pick(MUTATIONS);
    const what = mutate(rng, frames, targets);
    if (what !== undefined) mutations.push(`${name}: ${what}`);
  }
  if (rng.next() < 0.7) for (const f of frames) fixIpv4Checksum(f.data);
  const w = new PcapngWriter(scratch);
  for (const itf of target.capture.interfaces) w.addInterface({ linkType: itf.linkType, name: itf.name });
  for (const f of frames) w.write(f.iface, f.data, f.tsSec, f.tsNsec, { len: Math.max(f.len, f.data.length), flags: f.flags === 0 ? undefined : f.flags });
  w.close();
  let bytes: Uint8Array = readFileSync(scratch);
  if (rng.next() < 0.15 && bytes.length > 0) {
    // The file itself: a flipped bit in a block header or a cut (the reader must refuse or warn, never crash).
    if (rng.next() < 0.5) {
      const at = rng.int(bytes.length);
      bytes[at]! ^= 1 << rng.int(8);
      mutations.push(`file: bit flipped at ${at}`);
    } else {
      const k = rng.int(bytes.length);
      bytes = bytes.subarray(0, k);
      mutations.push(`file: cut at ${k}`);
    }
    writeFileSync(scratch, bytes);
  }
  return { iteration: i, target, mutations, bytes };
}

export type FailureKind = 'crash' | 'nondeterministic' | 'lost' | 'count-differs';

export interface FuzzFailure {
  readonly kind: FailureKind;
  readonly iteration: number;
  readonly target: string;
  readonly mutations: readonly string[];
  readonly message: string;
  /** Where the input was saved, when a directory was given. */
  readonly saved?: string;
}

interface Outcome {
  readonly text: string;
  readonly summary: string;
  readonly frames: number;
  readonly frameRecords: Map<number, number>;
}

function replayOnce(fixture: Fixture, capture: string): Outcome {
  const lines: string[] = [];
  const frameRecords = new Map<number, number>();
  const summary = replay(
    fixture,
    (r: ReplayRecord) => {
      lines.push(JSON.stringify(r));
      if (r.type === 'frame') frameRecords.set(r.frame, (frameRecords.get(r.frame) ?? 0) + 1);
    },
    { detail: true, capture },
  );
  const summaryText = JSON.stringify(summary);
  lines.push(summaryText);
  return { text: lines.join('\n'), summary: summaryText, frames: summary.frames, frameRecords };
}

/** Runs one input: undefined when it passes or the file was unusable input (CaptureError), else the failure. */
export function runInput(input: FuzzInput, capture: string): { kind: FailureKind; message: string } | undefined | 'rejected' {
  let a: Outcome;
  try {
    a = replayOnce(input.target.fixture, capture);
  } catch (e) {
    if (e instanceof CaptureError) return 'rejected';
    return { kind: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  let b: Outcome;
  try {
    b = replayOnce(input.target.fixture, capture);
  } catch (e) {
    return { kind: 'nondeterministic', message: `the second replay threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  if (a.text !== b.text) {
    const la = a.text.split('\n');
    const lb = b.text.split('\n');
    const i = la.findIndex((l, k) => l !== lb[k]);
    return { kind: 'nondeterministic', message: `record ${i + 1} differs:\n  ${la[i]}\n  ${lb[i]}` };
  }
  // Counting takes shortcuts the records do not (no record objects, bytes not put back): it must decide alike.
  let counted: string;
  try {
    counted = JSON.stringify(replay(input.target.fixture, () => undefined, { detail: false, capture }));
  } catch (e) {
    return { kind: 'count-differs', message: `counting threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  if (counted !== a.summary) return { kind: 'count-differs', message: `counting: ${counted}\nrecords:  ${a.summary}` };
  const counts = [...a.frameRecords.values()];
  if (a.frameRecords.size !== a.frames || counts.some((c) => c !== 1)) {
    return { kind: 'lost', message: `${a.frames} frames replayed, ${a.frameRecords.size} with a frame record, ${counts.filter((c) => c !== 1).length} with several` };
  }
  return undefined;
}

export interface FuzzOptions {
  readonly fixtures: string;
  readonly seed: number;
  readonly iterations: number;
  /** Stop starting new inputs after this many milliseconds. */
  readonly budgetMs?: number;
  /** Save each failing input (capture + JSON) here. */
  readonly out?: string;
  /** Run only this iteration. */
  readonly only?: number;
  readonly progress?: (tried: number, failures: number) => void;
}

export interface FuzzReport {
  tried: number;
  /** Inputs the reader refused as unusable (CaptureError): expected for damaged files. */
  rejected: number;
  readonly failures: FuzzFailure[];
  readonly targets: number;
  seconds: number;
}

export function runFuzz(opts: FuzzOptions): FuzzReport {
  const start = Date.now();
  const targets = loadTargets(opts.fixtures);
  const report: FuzzReport = { tried: 0, rejected: 0, failures: [], targets: targets.length, seconds: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-fuzz-'));
  const scratch = join(dir, 'input.pcapng');
  try {
    const first = opts.only ?? 0;
    const last = opts.only !== undefined ? opts.only + 1 : opts.iterations;
    for (let i = first; i < last; i++) {
      if (opts.budgetMs !== undefined && Date.now() - start > opts.budgetMs) break;
      const input = makeInput(targets, opts.seed, i, scratch);
      const result = runInput(input, scratch);
      report.tried++;
      if (result === 'rejected') report.rejected++;
      else if (result !== undefined) {
        const saved = opts.out === undefined ? undefined : saveFailure(opts.out, opts.seed, input, result.kind, result.message);
        report.failures.push({ kind: result.kind, iteration: i, target: input.target.label, mutations: input.mutations, message: result.message, saved });
      }
      if (opts.progress !== undefined && report.tried % 500 === 0) opts.progress(report.tried, report.failures.length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - start) / 1000;
  return report;
}

function saveFailure(out: string, seed: number, input: FuzzInput, kind: FailureKind, message: string): string {
  mkdirSync(out, { recursive: true });
  const base = join(out, `${kind}-seed${seed}-iter${input.iteration}`);
  writeFileSync(`${base}.pcapng`, input.bytes);
  const fx = input.target.fixture;
  const reproduce = `node bin/pcapverdict.js replay ${relative(process.cwd(), fx.file)} --platform ${fx.platform} --capture ${relative(process.cwd(), `${base}.pcapng`)}`;
  writeFileSync(`${base}.json`, `${JSON.stringify({ kind, seed, iteration: input.iteration, target: input.target.label, fixture: fixtureLabel(fx), mutations: input.mutations, message, reproduce }, null, 2)}\n`);
  return `${base}.pcapng`;
}

function main(argv: readonly string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv[i + 1];
  };
  const num = (name: string, fallback: number): number => {
    const v = arg(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: a number ≥ 0, not ${v}`);
    return n;
  };
  const minutes = arg('minutes');
  const only = arg('iteration');
  const opts: FuzzOptions = {
    fixtures: resolve(arg('fixtures') ?? join(__dirname, '..', '..', '..', 'fixtures')),
    seed: num('seed', 1),
    iterations: num('iterations', 10_000),
    budgetMs: minutes === undefined ? undefined : num('minutes', 0) * 60_000,
    out: resolve(arg('out') ?? 'fuzz-crashes'),
    only: only === undefined ? undefined : num('iteration', 0),
    progress: (tried, failures) => process.stderr.write(`  ${tried} inputs, ${failures} failures\n`),
  };
  const r = runFuzz(opts);
  const by = (k: FailureKind): number => r.failures.filter((f) => f.kind === k).length;
  process.stdout.write(
    `replay fuzz: seed ${opts.seed}, ${r.targets} fixture variants, ${r.tried} inputs tried in ${r.seconds.toFixed(1)} s (${r.rejected} refused as unusable captures)\n` +
      `crashes ${by('crash')}, nondeterministic ${by('nondeterministic')}, lost records ${by('lost')}, counting differs ${by('count-differs')}\n`,
  );
  for (const f of r.failures) {
    process.stdout.write(`\n${f.kind} at iteration ${f.iteration} (${f.target}; ${f.mutations.join('; ')})\n  saved: ${f.saved ?? '-'}\n  ${f.message.split('\n').slice(0, 6).join('\n  ')}\n`);
  }
  return r.failures.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
