import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Dataset } from './datasets';
import { BENCH_DATA, BENCH_DIST, CLI, ROOT } from './paths';
import type { ChildCommand, ChildResult } from './run-child';

/**
 * The rows of the bench: one command per capture, each run in its own process.
 *
 * This list is the extension point. A new throughput row (`replay`, `check`, ...) is one
 * more entry: how to run it on a capture, and how to tell its output is right. Everything
 * else (best-of-N timing, peak RSS, ratios against the baselines, the Markdown table)
 * comes with it.
 */
export interface BenchCase {
  readonly id: string;
  /** The command as shown in the table. */
  readonly label: string;
  /**
   * `pcapverdict`: our code, held to the targets; `baseline`: other tools the ratios are
   * taken against (`tcpdump`, `tshark`); `reference`: context only, not a product path.
   */
  readonly kind: 'pcapverdict' | 'baseline' | 'reference';
  readonly command: (d: Dataset) => ChildCommand;
  readonly stdout: 'capture' | 'discard';
  /** What is wrong with a finished run's output, or undefined when it is right. */
  readonly verify?: (r: ChildResult, d: Dataset) => string | undefined;
  /** Runs once instead of best-of-N (too slow to repeat). */
  readonly once?: boolean;
  /**
   * Largest capture (in frames) the case runs on. On a bigger one its time is
   * extrapolated from its per-frame time on the dataset's `sameMixAs`, and labelled so.
   */
  readonly maxFrames?: number;
  readonly timeoutSec: number;
  /** Untimed work before the first run on a capture (the check rows write their golden). */
  readonly prepare?: (d: Dataset) => void;
  /** Captures the case applies to (default: all). */
  readonly appliesTo?: (d: Dataset) => boolean;
}

const node = process.execPath;

/** Checks a `frames N, bytes B` first line (`decode --format count`, the bench children). */
export function verifyTotals(r: ChildResult, d: Dataset): string | undefined {
  const m = /^frames (\d+), bytes (\d+)$/m.exec(r.stdout);
  if (m === null) return `no "frames N, bytes B" line in its output: ${JSON.stringify(r.stdout.slice(0, 200))}`;
  const frames = Number(m[1]);
  const bytes = Number(m[2]);
  if (frames !== d.frames || bytes !== d.capturedBytes) {
    return `counted ${frames} frames / ${bytes} bytes, expected ${d.frames} / ${d.capturedBytes}`;
  }
  return undefined;
}

/** A decode of our synthetic captures must find no issue at all. */
function verifyDecode(r: ChildResult, d: Dataset): string | undefined {
  const totals = verifyTotals(r, d);
  if (totals !== undefined) return totals;
  const issues = /^issues: (.*)$/m.exec(r.stdout)?.[1];
  if (issues !== 'none') return `decode reported issues: ${issues ?? '(no issues line)'}`;
  return undefined;
}

/** The router the replay rows run: eth0 → eth1 for the synthetic UDP captures' endpoints. */
const ROUTER_FIXTURE = join(ROOT, 'scripts', 'bench', 'fixtures', 'router-v4.yaml');
const SPECTRUM_FIXTURE = join(ROOT, 'scripts', 'bench', 'fixtures', 'router-v4-spectrum.yaml');

/** The captures whose every frame the bench router forwards (the UDP mixes, not VXLAN), and the empty one for start-up. */
function isRoutedUdp(d: Dataset): boolean {
  return d.id.startsWith('udp-') || d.frames === 0;
}

/** Every frame of a routed-UDP capture must be forwarded, none skipped or dropped. */
function verifyReplay(r: ChildResult, d: Dataset): string | undefined {
  const frames = /^frames (\d+), skipped (\d+)$/m.exec(r.stdout);
  if (frames === null) return `no "frames N, skipped S" line: ${JSON.stringify(r.stdout.slice(0, 200))}`;
  if (Number(frames[1]) !== d.frames || frames[2] !== '0') return `replayed ${frames[1]} frames, skipped ${frames[2]}; expected ${d.frames}, 0`;
  if (d.frames > 0 && !new RegExp(`^verdicts: forward ${d.frames}$`, 'm').test(r.stdout)) return `not every frame forwarded: ${JSON.stringify(r.stdout)}`;
  return undefined;
}

/** The check rows' fixture: the bench router on this capture, its golden beside it in bench-data/. */
function checkFixture(d: Dataset): string {
  return join(BENCH_DATA, `check-${d.id}.yaml`);
}

/**
 * Writes the check fixture and, untimed, its golden (`check --update=all`, about 200 bytes
 * a frame) from the same router the replay rows run.
 */
function prepareCheck(d: Dataset): void {
  const text = readFileSync(ROUTER_FIXTURE, 'utf8').replace(/^capture: .*$/m, `capture: ${basename(d.path)}`);
  writeFileSync(checkFixture(d), text);
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(node, [CLI, 'check', '--update=all', '--format', 'ndjson', checkFixture(d)], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`writing the golden for ${d.id} failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
}

/** The check must pass, golden matched, on every frame of the capture. */
function verifyCheck(r: ChildResult, d: Dataset): string | undefined {
  const lines = r.stdout.trim().split('\n');
  const first = JSON.parse(lines[0] ?? '{}') as { status?: string; frames?: number; golden?: { status?: string } };
  if (first.status !== 'pass' || first.golden?.status !== 'match' || first.frames !== d.frames) return `check did not pass on all ${d.frames} frames: ${r.stdout.slice(0, 300)}`;
  return undefined;
}

export const BENCH_CASES: readonly BenchCase[] = [
  {
    id: 'read',
    label: 'pcapverdict reader only (`reader.next()` loop)',
    kind: 'pcapverdict',
    command: (d) => ({ cmd: node, args: [join(BENCH_DIST, 'read-only.js'), d.path] }),
    stdout: 'capture',
    verify: verifyTotals,
    timeoutSec: 300,
  },
  {
    id: 'decode',
    label: 'pcapverdict `decode --format count`',
    kind: 'pcapverdict',
    command: (d) => ({ cmd: node, args: [CLI, 'decode', '--format', 'count', d.path] }),
    stdout: 'capture',
    verify: verifyDecode,
    timeoutSec: 300,
  },
  {
    id: 'replay',
    label: 'pcapverdict `replay --format count` (two-port IPv4 router)',
    kind: 'pcapverdict',
    command: (d) => ({ cmd: node, args: [CLI, 'replay', ROUTER_FIXTURE, '--capture', d.path, '--format', 'count'] }),
    stdout: 'capture',
    verify: verifyReplay,
    timeoutSec: 300,
    appliesTo: isRoutedUdp,
  },
  {
    id: 'replay-spectrum',
    label: 'pcapverdict `replay --format count` (the same router on platform spectrum: the ASIC routes)',
    kind: 'pcapverdict',
    command: (d) => ({ cmd: node, args: [CLI, 'replay', SPECTRUM_FIXTURE, '--capture', d.path, '--format', 'count'] }),
    stdout: 'capture',
    verify: verifyReplay,
    timeoutSec: 300,
    appliesTo: isRoutedUdp,
  },
  {
    id: 'replay-ndjson',
    label: 'pcapverdict `replay --format ndjson > /dev/null` (every record rendered)',
    kind: 'pcapverdict',
    command: (d) => ({ cmd: node, args: [CLI, 'replay', ROUTER_FIXTURE, '--capture', d.path, '--format', 'ndjson'] }),
    stdout: 'discard',
    timeoutSec: 300,
    maxFrames: 2_000_000,
    appliesTo: isRoutedUdp,
  },
  {
    id: 'check',
    label: 'pcapverdict `check --ci` against a golden of every record (two-port IPv4 router)',
    kind: 'pcapverdict',
    prepare: prepareCheck,
    command: (d) => ({ cmd: node, args: [CLI, 'check', '--ci', '--format', 'ndjson', checkFixture(d)] }),
    stdout: 'capture',
    verify: verifyCheck,
    timeoutSec: 300,
    appliesTo: isRoutedUdp,
  },
  {
    id: 'reference',
    label: 'reference: plain typed-array reader + Eth/IPv4/UDP/VXLAN walk (not pcapverdict)',
    kind: 'reference',
    command: (d) => ({ cmd: node, args: [join(BENCH_DIST, 'reference-decode.js'), d.path] }),
    stdout: 'capture',
    verify: verifyTotals,
    timeoutSec: 300,
    // It reads classic pcap only: it shows what a minimal reader costs, not a second product.
    appliesTo: (d) => (d.format ?? 'pcap') === 'pcap',
  },
  {
    id: 'tcpdump',
    label: '`tcpdump -r F -w /dev/null`',
    kind: 'baseline',
    command: (d) => ({ cmd: 'tcpdump', args: ['-r', d.path, '-w', '/dev/null'] }),
    stdout: 'discard',
    timeoutSec: 300,
  },
  {
    id: 'tshark',
    label: '`tshark -r F -n -T fields -e frame.number`',
    kind: 'baseline',
    command: (d) => ({ cmd: 'tshark', args: ['-r', d.path, '-n', '-T', 'fields', '-e', 'frame.number'] }),
    stdout: 'discard',
    once: true,
    // tshark dissects ~10^4-10^5 frames/s here: 10 M frames would take the whole budget.
    maxFrames: 2_000_000,
    timeoutSec: 240,
  },
];

/** The row every other row's time is compared with (`vs tcpdump`, `vs tshark`). */
export const BASELINES = ['tcpdump', 'tshark'] as const;
