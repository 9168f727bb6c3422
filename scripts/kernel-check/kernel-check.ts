/**
 * kernel-check: replays a fixture's capture into the real Linux kernel (network namespaces,
 * root) and compares what the kernel did with each frame with what the emulator says.
 *
 *   node dist/scripts/kernel-check/kernel-check.js FIXTURE [options]
 *   node dist/scripts/kernel-check/kernel-check.js --all fixtures/ [options]
 *
 *   --out FILE.json          write the kernel's observations (one fixture)
 *   --out-dir DIR            with --all: write DIR/<fixture path>.kernel.json for each
 *   --ingress-from FILE      the emulator's NDJSON from a file instead of running
 *                            `node bin/pcapverdict.js replay FIXTURE --format ndjson`
 *   --observations FILE      compare these recorded observations; no kernel, no root
 *   --no-compare             only observe (and write --out); exit 0 unless setup fails
 *   --window-ms N            collection window after each frame (default 30; it grows
 *                            while frames keep coming, up to --max-ms, default 250)
 *   --pace                   send frames at the capture's own pace (timers, rate limits
 *                            behave as recorded), instead of back to back
 *   --quiet                  no progress lines on stderr
 *
 * Which frames are sent, and on which port: the emulator's `frame` records (their
 * `ingress`); `skipped` frames are not sent. Exit codes: 0 every frame agrees, 1 some
 * differ, 2 bad input, no emulator output, or the box could not be built.
 * Which fixtures --all runs: see fixture.ts (`whyNotKernelCheckable`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { compareRun, formatComparison, type Comparison } from './compare';
import { FixtureError, readFixtureFile, whyNotKernelCheckable } from './fixture';
import { canCreateLink, SetupError, UnsupportedError } from './namespaces';
import { observeKernel, repoRoot } from './observe';
import { ingressByFrame, parseNdjson, type EmulatorRecord, type Observations } from './records';

export const EXIT_AGREE = 0;
export const EXIT_DIFFER = 1;
export const EXIT_SETUP = 2;

export class UsageError extends Error {}

export interface CheckOptions {
  readonly out?: string;
  readonly ingressFrom?: string;
  readonly observations?: string;
  readonly compare: boolean;
  readonly windowMs: number;
  readonly maxMs: number;
  readonly pace: 'fast' | 'capture';
  readonly quiet: boolean;
}

export interface CheckResult {
  readonly fixture: string;
  readonly exitCode: number;
  readonly observations?: Observations;
  readonly comparison?: Comparison;
  /** Set when the run could not happen (exit 2). */
  readonly error?: string;
  /** The run could not happen because this kernel lacks a feature the setup needs. */
  readonly unsupported?: boolean;
}

/** The emulator's records for a fixture: from a file, or by running `pcapverdict replay`. */
export function emulatorRecords(fixture: string, ingressFrom: string | undefined): EmulatorRecord[] {
  if (ingressFrom !== undefined) return parseNdjson(readFileSync(ingressFrom, 'utf8'), ingressFrom);
  const root = repoRoot();
  // The linux variant of a fixture on several platforms: the kernel has no ASIC in front of it.
  const r = spawnSync(process.execPath, [join(root, 'bin', 'pcapverdict.js'), 'replay', resolve(fixture), '--format', 'ndjson', '--platform', 'linux'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const records = r.status === 0 || (r.stdout ?? '').includes('"type":"frame"') ? safeParse(r.stdout ?? '') : undefined;
  if (records === undefined || !records.some((x) => x.type === 'frame')) {
    const why = (r.stderr ?? '').trim().split('\n')[0] || (r.error?.message ?? `exit ${r.status}, no frame records`);
    throw new SetupError(
      `no emulator decisions for ${fixture}: node bin/pcapverdict.js replay FIXTURE --format ndjson failed (${why}); ` +
        'build the project (npm run build), or give the ingress of each frame with --ingress-from FILE.ndjson',
    );
  }
  return records;
}

function safeParse(text: string): EmulatorRecord[] | undefined {
  try {
    return parseNdjson(text, 'pcapverdict replay');
  } catch {
    return undefined;
  }
}

export async function checkFixture(file: string, opts: CheckOptions): Promise<CheckResult> {
  const log = opts.quiet ? () => undefined : (s: string) => process.stderr.write(`kernel-check: ${s}\n`);
  try {
    const fixture = readFixtureFile(file);
    const records = emulatorRecords(file, opts.ingressFrom);
    let observations: Observations;
    if (opts.observations !== undefined) {
      observations = JSON.parse(readFileSync(opts.observations, 'utf8')) as Observations;
    } else {
      const ingress = ingressByFrame(records);
      log(`${file}: replaying ${ingress.size} frames into the kernel (${opts.pace})`);
      observations = await observeKernel({ fixture, ingress, windowMs: opts.windowMs, maxMs: opts.maxMs, pace: opts.pace, log });
    }
    if (opts.out !== undefined) {
      mkdirSync(dirname(resolve(opts.out)), { recursive: true });
      writeFileSync(opts.out, `${JSON.stringify(observations, null, 1)}\n`);
    }
    if (!opts.compare) return { fixture: file, exitCode: EXIT_AGREE, observations };
    const comparison = compareRun(observations, records);
    return { fixture: file, exitCode: comparison.differ > 0 ? EXIT_DIFFER : EXIT_AGREE, observations, comparison };
  } catch (e) {
    if (e instanceof UnsupportedError) return { fixture: file, exitCode: EXIT_SETUP, error: e.message, unsupported: true };
    if (e instanceof SetupError || e instanceof FixtureError || (e as NodeJS.ErrnoException).code !== undefined || e instanceof SyntaxError) {
      return { fixture: file, exitCode: EXIT_SETUP, error: (e as Error).message };
    }
    if (e instanceof Error && /^(.*):\d+: /.test(e.message)) return { fixture: file, exitCode: EXIT_SETUP, error: e.message };
    throw e;
  }
}

/** Every *.yaml / *.yml below `dir`, sorted. */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function parseArgs(argv: readonly string[]): { targets: string[]; all?: string; outDir?: string; opts: CheckOptions } {
  const targets: string[] = [];
  let all: string | undefined;
  let outDir: string | undefined;
  let out: string | undefined;
  let ingressFrom: string | undefined;
  let observations: string | undefined;
  let compare = true;
  let windowMs = 30;
  let maxMs = 250;
  let pace: 'fast' | 'capture' = 'fast';
  let quiet = false;
  const value = (i: number, name: string): string => {
    const v = argv[i];
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--all':
        all = value(++i, a);
        break;
      case '--out':
        out = value(++i, a);
        break;
      case '--out-dir':
        outDir = value(++i, a);
        break;
      case '--ingress-from':
        ingressFrom = value(++i, a);
        break;
      case '--observations':
        observations = value(++i, a);
        break;
      case '--no-compare':
        compare = false;
        break;
      case '--window-ms':
        windowMs = Number(value(++i, a));
        break;
      case '--max-ms':
        maxMs = Number(value(++i, a));
        break;
      case '--pace':
        pace = 'capture';
        break;
      case '--quiet':
        quiet = true;
        break;
      case '-h':
      case '--help':
        throw new UsageError('');
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        targets.push(a);
    }
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0 || !Number.isFinite(maxMs) || maxMs < windowMs) throw new UsageError('--window-ms and --max-ms need positive numbers, max >= window');
  if (all === undefined && targets.length !== 1) throw new UsageError('name one FIXTURE, or --all DIR');
  if (all !== undefined && (targets.length > 0 || out !== undefined || ingressFrom !== undefined || observations !== undefined)) {
    throw new UsageError('--all takes no FIXTURE, --out, --ingress-from or --observations (use --out-dir)');
  }
  return { targets, ...(all === undefined ? {} : { all }), ...(outDir === undefined ? {} : { outDir }), opts: { out, ingressFrom, observations, compare, windowMs, maxMs, pace, quiet } };
}

const USAGE = `usage: kernel-check FIXTURE [--out FILE.json] [--ingress-from FILE.ndjson] [--observations FILE.json]
                    [--no-compare] [--window-ms N] [--max-ms N] [--pace] [--quiet]
       kernel-check --all DIR [--out-dir DIR] [--no-compare] [--window-ms N] [--pace] [--quiet]
`;

function report(r: CheckResult, write: (s: string) => void): void {
  if (r.error !== undefined) write(`${r.fixture}: cannot check: ${r.error}\n`);
  else if (r.comparison !== undefined) write(`== ${r.fixture} (kernel ${r.observations?.kernel ?? '?'})\n${formatComparison(r.comparison)}`);
  else write(`${r.fixture}: observed ${r.observations?.frames.length ?? 0} frames (no comparison)\n`);
}

/** The command line; returns the exit code. */
export async function runKernelCheck(argv: readonly string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message === '' ? '' : `kernel-check: ${e.message}\n`}${USAGE}`);
      return e.message === '' ? 0 : EXIT_SETUP;
    }
    throw e;
  }
  if (process.getuid?.() !== 0 && parsed.opts.observations === undefined) {
    write('kernel-check: needs root (network namespaces); use --observations FILE.json to compare recorded ones\n');
    return EXIT_SETUP;
  }
  if (parsed.all === undefined) {
    const r = await checkFixture(parsed.targets[0]!, parsed.opts);
    report(r, write);
    return r.exitCode;
  }
  const files = fixtureFiles(parsed.all);
  let worst = EXIT_AGREE;
  let checked = 0;
  const skipped: string[] = [];
  for (const file of files) {
    let why: string | undefined;
    let insist = false;
    try {
      const f = readFixtureFile(file);
      insist = f.kernelCheck === true;
      why = whyNotKernelCheckable(f, canCreateLink);
    } catch (e) {
      why = `not a fixture: ${(e as Error).message}`;
    }
    if (why !== undefined && insist) {
      write(`${file}: cannot check: kernel_check: true, but ${why}\n`);
      worst = EXIT_SETUP;
      continue;
    }
    if (why !== undefined) {
      skipped.push(`${file}: ${why}`);
      continue;
    }
    checked++;
    const out = parsed.outDir === undefined ? undefined : join(parsed.outDir, `${relative(parsed.all, file).replace(/\.ya?ml$/, '')}.kernel.json`);
    const r = await checkFixture(file, { ...parsed.opts, ...(out === undefined ? {} : { out }) });
    if (r.unsupported === true && !insist) {
      checked--;
      skipped.push(`${file}: this kernel cannot build it: ${r.error?.replace(/\n/g, ' ') ?? ''}`);
      continue;
    }
    report(r, write);
    worst = Math.max(worst, r.exitCode);
  }
  for (const s of skipped) write(`skipped ${s}\n`);
  write(`${checked} fixture(s) checked, ${skipped.length} skipped\n`);
  return worst;
}

if (require.main === module) {
  runKernelCheck(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`kernel-check: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(EXIT_SETUP);
    },
  );
}
