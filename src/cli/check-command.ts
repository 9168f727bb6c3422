import { writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { check, checkExitCode, CheckUsageError, type CheckReport } from '../check/check';
import type { FixtureCheck, UpdateMode } from '../check/check-fixture';
import { formatJunit } from '../report/check-junit';
import { checkObject, obsoleteObject, summaryObject } from '../report/check-ndjson';
import { fixtureDetails, fixtureHeadline, summaryLines, type TextOptions } from '../report/check-text';
import { OutPcap } from '../report/out-pcap';
import { Output } from '../report/output';
import { ProgressBar } from '../report/progress-bar';
import { makeReportDirectory, probeReportFile, refuseInputPath, reportFileOp, ReportPathError } from '../report/report-path';
import { EXIT } from './exit-codes';

interface CheckArgs {
  paths: string[];
  format: 'text' | 'ndjson' | undefined;
  update: string | undefined;
  ci: boolean;
  junit: string | undefined;
  'out-pcap': string | undefined;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <paths..>',
  describe: 'Replay fixtures and check them against their goldens and expectations (exit 0 pass, 1 mismatch, 2 bad input)',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'fixture files, or directories to search for *.yaml fixtures' })
      .option('format', { choices: ['text', 'ndjson'] as const, describe: 'text: a line per fixture and the differences (default on a TTY); ndjson: one object per fixture, then a summary' })
      .option('update', {
        type: 'string',
        describe: 'write goldens: --update (= new) writes those that do not exist; --update=all rewrites every one and removes obsolete ones. Never when CI is set',
      })
      .option('ci', { type: 'boolean', default: false, describe: 'never write a golden, and fail on a missing one (the default when the CI variable is set)' })
      .option('junit', { type: 'string', describe: 'also write a JUnit XML report to this file' })
      .option('out-pcap', { type: 'string', describe: 'write what the box sent (one pcapng per egress port) and what its stacks received (cpu.pcapng) under this directory, per fixture' }) as unknown as Argv<CheckArgs>,
  handler: (args) => {
    process.exitCode = runCheck(args);
  },
};

/** `--update` alone (yargs gives ''), `--update=new` or `--update=all`. */
function updateMode(a: CheckArgs): UpdateMode | string {
  if (a.update === undefined) return 'none';
  if (a.update === '' || a.update === 'new') return 'new';
  if (a.update === 'all' || a.update === 'none') return a.update;
  return `--update=${a.update}: write --update (new goldens only) or --update=all`;
}

/** How a person runs this CLI again: `pcapverdict` when installed, else `node <path to bin>`. */
function invocation(): string {
  const bin = process.argv[1] ?? 'pcapverdict';
  if (basename(bin) === 'pcapverdict') return 'pcapverdict';
  const rel = relative(process.cwd(), bin);
  return `node ${rel.startsWith('..') ? bin : rel}`;
}

export function runCheck(a: CheckArgs): number {
  const mode = updateMode(a);
  const ci = a.ci || (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false');
  if (mode !== 'none' && mode !== 'new' && mode !== 'all') {
    process.stderr.write(`error: ${mode}\n`);
    return EXIT.BAD_INPUT;
  }
  if (ci && mode !== 'none') {
    process.stderr.write(`error: --update writes goldens, and ${a.ci ? '--ci' : 'the CI variable'} forbids it: run it where CI is not set\n`);
    return EXIT.BAD_INPUT;
  }
  const format = a.format ?? (process.stdout.isTTY ? 'text' : 'ndjson');
  const text: TextOptions = { command: invocation() };
  const out = new Output(1);
  const bar = process.stderr.isTTY && !ci ? new ProgressBar(process.stderr) : undefined;
  const show = (c: FixtureCheck): void => {
    bar?.clear();
    if (format === 'ndjson') out.line(JSON.stringify(checkObject(c)));
    else {
      out.line(fixtureHeadline(c));
      for (const l of fixtureDetails(c, text)) out.line(l);
    }
    out.flush();
  };
  // Where reports go is checked before anything runs: a path that cannot be written is a
  // usage error, found before a golden could be written.
  const outDir = a['out-pcap'];
  try {
    if (a.junit !== undefined) {
      refuseInputPath('--junit', a.junit);
      probeReportFile('--junit', a.junit);
    }
    if (outDir !== undefined) makeReportDirectory('--out-pcap', outDir);
  } catch (e) {
    if (!(e instanceof ReportPathError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.BAD_INPUT;
  }
  let report: CheckReport;
  try {
    report = check(a.paths, {
      update: mode,
      onStart: (file) => bar?.start(file),
      onFixture: show,
      // One directory per fixture: its path without the extension (and without a leading ../ or /).
      ...(outDir === undefined ? {} : { tapFor: (file: string) => new OutPcap(join(outDir, relative(process.cwd(), file).replace(/\.ya?ml$/, '').replace(/^(\.\.\/)+|^\//g, ''))) }),
      ...(bar === undefined ? {} : { progress: (f: number) => bar.update(f) }),
    });
  } catch (e) {
    bar?.clear();
    // A golden's own file errors are the fixture's (exit 2 in its report); these end the run.
    if (e instanceof CheckUsageError || e instanceof ReportPathError) {
      out.flush();
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
  for (const c of report.errors) show(c);
  const code = checkExitCode(report);
  if (format === 'ndjson') {
    for (const o of report.obsolete) out.line(JSON.stringify(obsoleteObject(o)));
    out.line(JSON.stringify(summaryObject(report, code)));
  } else for (const l of summaryLines(report)) out.line(l);
  out.flush();
  if (a.junit !== undefined && report.errors.length === 0) {
    const junit = a.junit;
    try {
      reportFileOp('--junit', junit, () => writeFileSync(junit, formatJunit(report, text)));
    } catch (e) {
      if (!(e instanceof ReportPathError)) throw e;
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
  }
  if (report.errors.length > 0) process.stderr.write(`error: ${report.errors.length === 1 ? 'a fixture is' : `${report.errors.length} fixtures are`} not valid: nothing was replayed or written\n`);
  return code;
}
