import type { Argv, CommandModule } from 'yargs';
import { CaptureError } from '../capture/capture-error';
import { FixtureError, loadFixture } from '../fixture/load-fixture';
import { formatRecordText } from '../report/replay-text';
import { Output } from '../report/output';
import { replay, type ReplaySummary } from '../replay/replay';
import { EXIT } from './exit-codes';

type ReplayFormat = 'ndjson' | 'text' | 'count';

interface ReplayArgs {
  fixture: string;
  format: ReplayFormat | undefined;
  capture: string | undefined;
  frames: string | undefined;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <fixture>',
  describe: 'Replay a fixture\'s capture through the box it describes: one decision per frame, plus events, notifications and the frames the box sent',
  builder: (y: Argv) =>
    y
      .positional('fixture', { type: 'string', demandOption: true, describe: 'fixture file (YAML)' })
      .option('format', {
        choices: ['ndjson', 'text', 'count'] as const,
        describe: 'ndjson: one record per line (default when stdout is not a TTY); text: aligned columns (default on a TTY); count: totals by verdict and reason',
      })
      .option('capture', { type: 'string', describe: 'replay this capture instead of the fixture\'s' })
      .option('frames', { type: 'string', describe: 'only these frames: N or FROM-TO (earlier frames still run, unrecorded)' }) as unknown as Argv<ReplayArgs>,
  handler: (args) => {
    process.exitCode = runReplay(args.fixture, args.format ?? (process.stdout.isTTY ? 'text' : 'ndjson'), args.capture, args.frames);
  },
};

/** Parses `N` or `FROM-TO` (1-based, inclusive). */
export function parseFrameRange(text: string): { from: number; to: number } | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (m === null) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from >= 1 && to >= from ? { from, to } : undefined;
}

export function runReplay(fixtureFile: string, format: ReplayFormat, capture: string | undefined, frames: string | undefined): number {
  const range = frames === undefined ? undefined : parseFrameRange(frames);
  if (frames !== undefined && range === undefined) {
    process.stderr.write(`error: --frames ${JSON.stringify(frames)}: write N or FROM-TO, frames numbered from 1\n`);
    return EXIT.BAD_INPUT;
  }
  const out = new Output(1);
  try {
    const fixture = loadFixture(fixtureFile, capture);
    const sink =
      format === 'ndjson'
        ? (r: Parameters<typeof formatRecordText>[0]) => out.line(JSON.stringify(r))
        : format === 'text'
          ? (r: Parameters<typeof formatRecordText>[0]) => out.line(formatRecordText(r))
          : () => undefined;
    const summary = replay(fixture, sink, { capture, frames: range, detail: format !== 'count' });
    if (format === 'count') printSummary(out, summary);
    out.flush();
    for (const w of summary.warnings) process.stderr.write(`warning: ${w.file}: ${w.message}\n`);
    return EXIT.OK;
  } catch (e) {
    out.flush();
    if (e instanceof FixtureError || e instanceof CaptureError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
}

function printSummary(out: Output, s: ReplaySummary): void {
  const list = (m: Record<string, number>): string =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  out.line(`frames ${s.frames}, skipped ${s.skipped}`);
  out.line(`verdicts: ${list(s.byVerdict)}`);
  out.line(`reasons: ${list(s.byReason)}`);
}
