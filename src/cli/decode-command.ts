import type { Argv, CommandModule } from 'yargs';
import { expandCapturePaths } from '../capture/capture-files';
import { CaptureError } from '../capture/capture-error';
import { openCapture } from '../capture/open-capture';
import { compileFilter, FilterError, frameContext, type DisplayFilter } from '../filter';
import { osError } from '../os-error';
import { decodeRecord } from '../report/decode-record';
import { Output } from '../report/output';
import { DecodedFrame, LAYER_NAMES } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';
import { summarizeFrame } from '../wire/summary';
import { EXIT } from './exit-codes';

/** Stands for "-" (stdin) while yargs parses the command line. */
export const STDIN_ARG = '\u0000stdin';

type DecodeFormat = 'ndjson' | 'text' | 'count';

interface DecodeArgs {
  captures: string[];
  format: DecodeFormat | undefined;
  'display-filter': string | undefined;
}

/** Totals for `--format count`. */
interface Totals {
  frames: number;
  bytes: number;
  /** Frames per layer id (`LAYER.*`): an array increment per layer on the hot path. */
  protocols: Float64Array;
  issues: Map<string, number>;
}

export const decodeCommand: CommandModule<object, DecodeArgs> = {
  command: 'decode <captures..>',
  describe: 'Decode captures (pcap, pcapng; "-" for stdin; directories are searched) frame by frame',
  builder: (y: Argv) =>
    y
      .positional('captures', { type: 'string', array: true, demandOption: true, describe: 'capture files or directories' })
      .option('format', {
        choices: ['ndjson', 'text', 'count'] as const,
        describe: 'ndjson: one object per frame (default when stdout is not a TTY); text: one line per frame (default on a TTY); count: totals only',
      })
      .option('display-filter', { alias: 'Y', type: 'string', describe: 'only the frames this display filter selects (docs/display-filter.md), as tshark -Y' }) as unknown as Argv<DecodeArgs>,
  handler: (args) => {
    process.exitCode = runDecode(args.captures.map((c) => (c === STDIN_ARG ? '-' : c)), args.format ?? (process.stdout.isTTY ? 'text' : 'ndjson'), args['display-filter']);
  },
};

export function runDecode(paths: readonly string[], format: DecodeFormat, filterText?: string): number {
  let filter: DisplayFilter | undefined;
  try {
    filter = filterText === undefined ? undefined : compileFilter(filterText);
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    process.stderr.write(`error: -Y: ${e.message}\n${e.caret()}\n`);
    return EXIT.BAD_INPUT;
  }
  const out = new Output(1);
  let files: string[];
  try {
    files = expandCapturePaths(paths);
  } catch (e) {
    // A path that cannot be searched (ENOTDIR under a file, EACCES): bad input, in the OS's words.
    const words = osError(e);
    if (words === undefined) throw e;
    process.stderr.write(`error: ${(e as NodeJS.ErrnoException).path ?? paths.join(' ')}: ${words}\n`);
    return EXIT.BAD_INPUT;
  }
  const many = files.length > 1;
  const totals: Totals = { frames: 0, bytes: 0, protocols: new Float64Array(LAYER_NAMES.length), issues: new Map() };
  const d = new DecodedFrame();
  let exit: number = EXIT.OK;
  for (const file of files) {
    if (many && format === 'text') out.line(`# ${file}`);
    try {
      const reader = openCapture(file);
      try {
        const f = reader.frame;
        let firstSec: number | undefined;
        let firstNsec = 0;
        while (reader.next()) {
          decodeFrame(f, d);
          if (filter !== undefined) {
            // frame.time_relative counts from the first frame of each capture, as tshark's.
            if (firstSec === undefined) [firstSec, firstNsec] = [f.tsSec, f.tsNsec];
            if (!filter.matches(d, frameContext(f, f.tsSec - firstSec + (f.tsNsec - firstNsec) / 1e9))) continue;
          }
          if (format === 'count') count(totals, d, f.caplen);
          else if (format === 'ndjson') {
            out.line(JSON.stringify(many ? { file, ...decodeRecord(f, d) } : decodeRecord(f, d)));
          } else {
            out.line(`${String(f.number).padStart(6)} ${f.tsString() ?? '-'} ${f.ifname ?? ''}${f.ifname ? ' ' : ''}${summarizeFrame(d)}`);
          }
        }
        for (const w of reader.warnings) process.stderr.write(`warning: ${w.file}: ${w.message}\n`);
      } finally {
        reader.close();
      }
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      out.flush();
      process.stderr.write(`error: ${e.message}\n`);
      exit = EXIT.BAD_INPUT;
    }
  }
  if (format === 'count') printTotals(out, totals);
  out.flush();
  return exit;
}

function count(t: Totals, d: DecodedFrame, caplen: number): void {
  t.frames++;
  t.bytes += caplen;
  const p = t.protocols;
  const ids = d.ids;
  for (let i = 0; i < d.count; i++) {
    const id = ids[i]!;
    p[id] = p[id]! + 1;
  }
  if (d.issue !== undefined) t.issues.set(d.issue.kind, (t.issues.get(d.issue.kind) ?? 0) + 1);
}

function printTotals(out: Output, t: Totals): void {
  const list = (m: Map<string, number>): string =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  out.line(`frames ${t.frames}, bytes ${t.bytes}`);
  out.line(`protocols: ${list(new Map(LAYER_NAMES.map((name, id) => [name, t.protocols[id]!] as const).filter(([, n]) => n > 0)))}`);
  out.line(`issues: ${list(t.issues)}`);
}

