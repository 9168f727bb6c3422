import type { Argv, CommandModule } from 'yargs';
import { parseFrameRange, rangePastEnd } from '../fixture/frame-range';
import { loadFixture, onPlatform } from '../fixture/load-fixture';
import { formatRecordText } from '../report/replay-text';
import { Output } from '../report/output';
import { replay, type ReplaySummary } from '../replay/replay';
import { onFixtureInput } from './bad-input';
import { EXIT } from './exit-codes';

type ReplayFormat = 'ndjson' | 'text' | 'count';

interface ReplayArgs {
  fixture: string;
  format: ReplayFormat | undefined;
  capture: string | undefined;
  frames: string | undefined;
  platform: string | undefined;
  stats: boolean | undefined;
  routes: boolean | undefined;
}

export interface ReplayRun {
  readonly format: ReplayFormat;
  readonly capture?: string | undefined;
  readonly frames?: string | undefined;
  /** One of the fixture's platforms (default: the first it names). */
  readonly platform?: string | undefined;
  /** Then print the devlink trap stats (`devlink -s trap show`). */
  readonly stats?: boolean | undefined;
  /** Then print the routes (`ip route show table all`, with hardware flags). */
  readonly routes?: boolean | undefined;
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
      .option('frames', { type: 'string', describe: 'only these frames: N or FROM-TO (earlier frames still run, unrecorded)' })
      .option('platform', { type: 'string', describe: 'run on this one of the fixture\'s platforms (default: the first it names)' })
      .option('stats', { type: 'boolean', describe: 'then print the devlink trap counters, as `devlink -s trap show` (platform spectrum)' })
      .option('routes', { type: 'boolean', describe: 'then print the routes, as `ip route show table all` (hardware flags included)' }) as unknown as Argv<ReplayArgs>,
  handler: (args) => {
    process.exitCode = runReplay(args.fixture, {
      format: args.format ?? (process.stdout.isTTY ? 'text' : 'ndjson'),
      capture: args.capture,
      frames: args.frames,
      platform: args.platform,
      stats: args.stats,
      routes: args.routes,
    });
  },
};

export function runReplay(fixtureFile: string, run: ReplayRun): number {
  const { format, capture, frames } = run;
  const range = frames === undefined ? undefined : parseFrameRange(frames);
  if (frames !== undefined && range === undefined) {
    process.stderr.write(`error: --frames ${JSON.stringify(frames)}: write N or FROM-TO, frames numbered from 1\n`);
    return EXIT.BAD_INPUT;
  }
  const out = new Output(1);
  return onFixtureInput(out, () => {
    const loaded = loadFixture(fixtureFile, capture);
    const fixture = run.platform === undefined ? loaded : onPlatform(loaded, run.platform);
    const sink =
      format === 'ndjson'
        ? (r: Parameters<typeof formatRecordText>[0]) => out.line(JSON.stringify(r))
        : format === 'text'
          ? (r: Parameters<typeof formatRecordText>[0]) => out.line(formatRecordText(r))
          : () => undefined;
    const summary = replay(fixture, sink, { capture, frames: range, detail: format !== 'count', routes: run.routes === true });
    if (format === 'count') printSummary(out, summary);
    if (run.stats === true) printTrapStats(out, summary, format === 'ndjson');
    if (run.routes === true) for (const line of summary.routes) out.line(format === 'ndjson' ? JSON.stringify({ type: 'route', text: line }) : line);
    out.flush();
    for (const w of summary.warnings) process.stderr.write(`warning: ${w.file}: ${w.message}\n`);
    // editcap and tshark say nothing of a range past the end; an empty answer to a question
    // about frames that do not exist would read as "no records", so it is an error, and a
    // range cut short a warning.
    const past = range === undefined ? undefined : rangePastEnd(range, summary.captured);
    if (past !== undefined) {
      const what = `--frames ${frames!}: the capture has ${summary.captured} frame${summary.captured === 1 ? '' : 's'}`;
      process.stderr.write(past === 'all' ? `error: ${what}, none in the range\n` : `warning: ${what}, so the range stops at frame ${summary.captured}\n`);
      if (past === 'all') return EXIT.BAD_INPUT;
    }
    return EXIT.OK;
  });
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

/**
 * `devlink -s trap show` for the traps that reported packets (T-6: a drop trap whose action
 * is drop never reports: set it to trap to count it); a platform without devlink says so.
 */
function printTrapStats(out: Output, s: ReplaySummary, json: boolean): void {
  if (s.devlink.length === 0) {
    out.line(json ? JSON.stringify({ type: 'devlink', handle: null }) : 'devlink: this platform has no devlink device (no ASIC, no traps)');
    return;
  }
  for (const d of s.devlink) {
    const fired = d.traps.filter((t) => t.packets > 0);
    if (json) {
      for (const t of fired) out.line(JSON.stringify({ type: 'trap_stats', handle: d.handle, name: t.name, trap_type: t.type, group: t.group, action: t.action, packets: t.packets, bytes: t.bytes }));
      continue;
    }
    out.line(`${d.handle}:`);
    if (fired.length === 0) out.line('  (no trap reported a packet)');
    for (const t of fired) {
      out.line(`  name ${t.name} type ${t.type} generic true action ${t.action} group ${t.group}`);
      out.line(`    stats: rx: bytes ${t.bytes} packets ${t.packets}`);
    }
  }
}
