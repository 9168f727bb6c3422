import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_CASES, type BenchCase } from './bench/cases';
import { DATASETS, ensureDataset, STARTUP_DATASET, type Dataset } from './bench/datasets';
import { HOSTILE_CASES, runHostile, type HostileResult } from './bench/hostile';
import { BENCH_DATA, ROOT } from './bench/paths';
import { profileDecode, type ProfileResult } from './bench/profile';
import {
  datasetsTable,
  profileSection,
  resultsTable,
  targetChecks,
  targetsTable,
  type Measurement,
} from './bench/report';
import { runMeasured, type ChildResult } from './bench/run-child';

/**
 * Throughput benchmark (`npm run bench`): generates synthetic captures into bench-data/,
 * times every bench case (scripts/bench/cases.ts) on each in its own process, best of N,
 * with peak RSS per run, and prints a Markdown table with speed ratios against tcpdump and
 * tshark, the project's performance targets, and the hostile-length check. Also written
 * to bench-data/results.md. A benchmark, not a test: jest never runs it.
 *
 * Options:
 *   --runs N             timed runs per case, best kept (default 3; slow baselines run once)
 *   --datasets a,b       only these captures (ids in scripts/bench/datasets.ts)
 *   --cases a,b          only these cases (ids in scripts/bench/cases.ts)
 *   --profile[=ID]       also profile `decode --format count` on capture ID (default udp-10m)
 */

/** A bad command line: reported in one line, without a stack. */
class UsageError extends Error {}

interface Options {
  runs: number;
  datasets: readonly string[] | undefined;
  cases: readonly string[] | undefined;
  profile: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { runs: 3, datasets: undefined, cases: undefined, profile: undefined };
  const list = (v: string | undefined, flag: string): string[] => {
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a comma-separated list`);
    return v.split(',');
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--runs': {
        o.runs = Number(value());
        if (!Number.isInteger(o.runs) || o.runs < 1) throw new UsageError('--runs needs a positive integer');
        break;
      }
      case '--datasets':
        o.datasets = list(value(), flag);
        break;
      case '--cases':
        o.cases = list(value(), flag);
        break;
      case '--profile':
        o.profile = inline ?? 'udp-10m';
        break;
      default:
        throw new UsageError(`unknown option ${argv[i]} (see the comment at the top of scripts/bench.ts)`);
    }
  }
  const unknown = [
    ...[...(o.datasets ?? []), ...(o.profile !== undefined ? [o.profile] : [])].filter((id) => !DATASETS.some((d) => d.id === id)),
    ...(o.cases ?? []).filter((id) => !BENCH_CASES.some((c) => c.id === id)),
  ];
  if (unknown.length > 0) throw new UsageError(`unknown dataset or case: ${unknown.join(', ')}`);
  return o;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function toolVersion(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return text.split('\n').find((l) => /version|TShark/i.test(l))?.trim() ?? `${cmd}: not found`;
}

/** The source the numbers belong to (read-only git queries; src/ changes often). */
function sourceVersion(): string {
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD');
  if (head === '') return 'not a git checkout';
  const dirty = git('status', '--porcelain', '--', 'src', 'bin').split('\n').filter((l) => l !== '').length;
  return `${head}${dirty > 0 ? ` + ${dirty} uncommitted file(s) in src/ bin/` : ''}`;
}

function environment(opts: Options, loadAtStart: readonly number[]): string {
  return [
    `- Date: ${new Date().toISOString()}; source ${sourceVersion()}`,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}`,
    `- Node ${process.version}; ${toolVersion('tcpdump', ['--version'])}; ${toolVersion('tshark', ['--version'])}`,
    `- Timing: whole-process wall time, best of ${opts.runs} (slow baselines once); peak RSS is the largest over the runs (GNU time %M). MB = 10^6 bytes; MB/s counts the whole file.`,
  ].join('\n');
}

function describe(r: ChildResult): string {
  return `${r.wallSec.toFixed(3)} s (cpu ${r.cpuSec?.toFixed(2) ?? '?'} s), ${r.maxRssMb?.toFixed(1) ?? '?'} MB${r.timedOut ? ', timed out' : ''}`;
}

/** What is wrong with a run: exit status, timeout, or the case's own output check. */
function runProblem(c: BenchCase, d: Dataset, r: ChildResult): string | undefined {
  if (r.timedOut) return `timed out after ${c.timeoutSec} s`;
  if (r.status !== 0) return `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`;
  return c.verify?.(r, d);
}

function measureDataset(d: Dataset, cases: readonly BenchCase[], runs: number, done: readonly Measurement[], datasets: readonly Dataset[]): Measurement[] {
  const out: Measurement[] = [];
  const state = new Map<string, { best: number; cpu: number; rss: number; runs: number; problem: string | undefined; timedOut: boolean }>();
  const record = (c: BenchCase, r: ChildResult, run: number, of: number): void => {
    const s = state.get(c.id) ?? { best: Infinity, cpu: Infinity, rss: 0, runs: 0, problem: undefined, timedOut: false };
    const problem = runProblem(c, d, r);
    log(`  [${d.id}] ${c.id} ${run}/${of}: ${describe(r)}${problem !== undefined ? ` — ${problem}` : ''}`);
    s.best = Math.min(s.best, r.wallSec);
    s.cpu = Math.min(s.cpu, r.cpuSec ?? Infinity);
    s.rss = Math.max(s.rss, r.maxRssMb ?? 0);
    s.runs++;
    s.problem ??= problem;
    s.timedOut ||= r.timedOut;
    state.set(c.id, s);
  };
  const measured = cases.filter((c) => (c.appliesTo?.(d) ?? true) && (c.maxFrames === undefined || d.frames <= c.maxFrames));
  for (const c of measured) c.prepare?.(d);
  // Round-robin over the cases, so a slow drift (thermal, page cache) hits them all alike.
  const repeated = measured.filter((c) => c.once !== true);
  for (let run = 1; run <= runs; run++) {
    for (const c of repeated) {
      const s = state.get(c.id);
      if (s?.problem !== undefined) continue; // a broken case is not worth repeating
      record(c, runMeasured(c.command(d), { stdout: c.stdout, timeoutSec: c.timeoutSec }), run, runs);
    }
  }
  for (const c of measured.filter((x) => x.once === true)) {
    record(c, runMeasured(c.command(d), { stdout: c.stdout, timeoutSec: c.timeoutSec }), 1, 1);
  }
  for (const c of cases) {
    if (!(c.appliesTo?.(d) ?? true)) continue;
    const s = state.get(c.id);
    if (s !== undefined) {
      out.push({
        dataset: d,
        bench: c,
        wallSec: s.timedOut ? undefined : s.best,
        cpuSec: Number.isFinite(s.cpu) ? s.cpu : undefined,
        rssMb: s.rss > 0 ? s.rss : undefined,
        runs: s.runs,
        extrapolatedFrom: undefined,
        timedOut: s.timedOut,
        problem: s.problem,
      });
      continue;
    }
    // Too big for this case: scale its per-frame time on a capture with the same mix
    // (start-up, when measured, counted once). Linear scaling flatters a tool whose cost
    // per frame grows with the capture (tshark keeps per-frame state), never the reverse.
    const from = datasets.find((x) => x.id === d.sameMixAs);
    const base = done.find((m) => m.dataset.id === from?.id && m.bench.id === c.id);
    if (from === undefined || base?.wallSec === undefined || base.problem !== undefined) {
      log(`  [${d.id}] ${c.id}: skipped (over ${c.maxFrames} frames, nothing to extrapolate from)`);
      continue;
    }
    const startup = done.find((m) => m.dataset.id === STARTUP_DATASET && m.bench.id === c.id && m.problem === undefined)?.wallSec ?? 0;
    const wallSec = startup + ((base.wallSec - startup) * d.frames) / from.frames;
    log(`  [${d.id}] ${c.id}: ~${wallSec.toFixed(1)} s, extrapolated from ${from.id}`);
    out.push({ dataset: d, bench: c, wallSec, cpuSec: undefined, rssMb: undefined, runs: 0, extrapolatedFrom: from, timedOut: false, problem: undefined });
  }
  return out;
}

function main(): void {
  const t0 = process.hrtime.bigint();
  const loadAtStart = loadavg();
  const opts = parseArgs(process.argv.slice(2));
  // The header-only capture always runs: it is what the "net of start-up" columns subtract.
  const specs = DATASETS.filter((d) => opts.datasets === undefined || opts.datasets.includes(d.id) || d.id === STARTUP_DATASET);
  const cases = BENCH_CASES.filter((c) => opts.cases === undefined || opts.cases.includes(c.id));

  const datasets = specs.map((s) => ensureDataset(s, log));
  const generated = datasets.filter((d) => d.generatedSec !== undefined && d.frames > 0);
  const generation =
    generated.length === 0
      ? 'all captures reused from an earlier run (delete bench-data/ to regenerate)'
      : `${generated.reduce((t, d) => t + d.generatedSec!, 0).toFixed(1)} s for ${generated.map((d) => d.id).join(', ')}`;

  const all: Measurement[] = [];
  for (const d of datasets) {
    log(`measuring ${d.id} (${d.description}) ...`);
    all.push(...measureDataset(d, cases, opts.runs, all, datasets));
  }

  log('hostile lengths ...');
  const hostile: HostileResult[] = HOSTILE_CASES.map((h) => runHostile(h));

  let profile: ProfileResult | undefined;
  if (opts.profile !== undefined) {
    const id = opts.profile;
    const d = datasets.find((x) => x.id === id) ?? ensureDataset(DATASETS.find((x) => x.id === id)!, log);
    log(`profiling decode on ${d.id} ...`);
    profile = profileDecode(d.path);
  }

  const checks = targetChecks(all, hostile);
  const totalSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const doc = [
    '# pcapverdict throughput',
    '',
    environment(opts, loadAtStart),
    '',
    '## Captures',
    '',
    datasetsTable(datasets),
    '',
    `Generation: ${generation}.`,
    '',
    '## Throughput',
    '',
    resultsTable(all),
    '',
    'Speed vs X: X\'s wall time / this row\'s (above 1 = faster than X). `*`: involves an extrapolated time (tshark is run on captures up to 2 M frames; bigger ones use its per-frame time on the same frame mix).',
    '',
    '## Targets',
    '',
    targetsTable(checks),
    ...(checks.some((c) => c.pass === false) && profile === undefined
      ? ['', 'Hot spots of a missed target: `npm run bench -- --profile --cases decode --datasets empty,udp-10m`.']
      : []),
    ...(profile !== undefined ? ['', '## Profile', '', profileSection(profile)] : []),
    '',
    `Bench time: ${totalSec.toFixed(0)} s.`,
    '',
  ].join('\n');
  process.stdout.write(doc);
  const resultsPath = join(BENCH_DATA, 'results.md');
  writeFileSync(resultsPath, doc);
  log(`written to ${resultsPath}`);
}

try {
  main();
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
}
