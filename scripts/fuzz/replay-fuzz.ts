/**
 * Replay fuzzing (issue 11, DESIGN.md §1: "a throw from decode or process is a bug"): every
 * bundled fixture, on each of its platforms, replays captures made from the bundled ones by
 * seeded mutations at the byte level (bit flips, random bytes, truncation, length fields,
 * appended bytes; sometimes the file itself) and the frame level (reorder, duplicate, drop,
 * swap addresses between frames, swap source and destination, timestamps, frames from
 * another fixture's capture: capture-mutations.ts). Each input is replayed twice with
 * records and once counting. Failures:
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
import type { ReplayRecord } from '../../src/decision/records';
import { fixtureLabel, fixtureVariants, loadFixture, type Fixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';
import { clone, fixIpv4Checksum, MUTATIONS, type SeedFrame } from './capture-mutations';
import { Prng } from './prng';

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
