import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BENCH_DATA, CLI, ROOT } from './paths';
import { runMeasured } from './run-child';

/**
 * `--profile`: runs `decode --format count` under `node --cpu-prof` and lists the functions
 * with the most self time, so a missed target comes with its hot spots. The .cpuprofile
 * stays in bench-data/profiles/ for Chrome DevTools or speedscope.
 */

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly selfPct: number;
}

export interface ProfileResult {
  readonly file: string;
  readonly totalMs: number;
  readonly hot: readonly HotSpot[];
}

export function profileDecode(capture: string, top = 20): ProfileResult {
  const dir = join(BENCH_DATA, 'profiles');
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.cpuprofile')) rmSync(join(dir, f));
  const r = runMeasured(
    { cmd: process.execPath, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'decode', '--format', 'count', capture] },
    { stdout: 'capture', timeoutSec: 300 },
  );
  if (r.status !== 0) throw new Error(`profiled decode exited ${r.status ?? r.signal}: ${r.stderr}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile written to ${dir}`);
  const path = join(dir, file);
  return { file: path, ...summarize(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, top) };
}

/** Self time per function (samples x their time deltas), summed over all its call sites. Inlined callees count as their caller. */
export function summarize(p: CpuProfile, top: number): { totalMs: number; hot: HotSpot[] } {
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, { fn: string; where: string; us: number }>();
  let totalUs = 0;
  for (const n of p.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    totalUs += us;
    if (us === 0) continue;
    const cf = n.callFrame;
    const url = cf.url.startsWith('file://') ? cf.url.slice('file://'.length) : cf.url;
    const where = url === '' ? '' : `${url.startsWith('/') ? relative(ROOT, url) : url}:${cf.lineNumber + 1}`;
    const fn = cf.functionName === '' ? '(anonymous)' : cf.functionName;
    const key = `${fn} ${where}`;
    const e = byFn.get(key) ?? { fn, where, us: 0 };
    e.us += us;
    byFn.set(key, e);
  }
  const hot = [...byFn.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.us / 1000, selfPct: (100 * e.us) / Math.max(1, totalUs) }));
  return { totalMs: totalUs / 1000, hot };
}
