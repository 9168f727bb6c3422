import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { CaptureError } from '../capture/capture-error';
import type { ReplayRecord } from '../decision/records';
import { fixtureLabel, FixtureError, loadFixture, type Fixture } from '../fixture/load-fixture';
import { replay, type ReplaySummary } from '../replay/replay';
import type { PacketTap } from '../stack/packet-tap';
import { DecodedFrame } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';
import { summarizeFrame } from '../wire/summary';
import { canonicalLine, frameTail } from './canonical-record';
import { GoldenBatch } from './golden-batch';
import { ExpectationChecker, type ExpectationResults } from './expectation-check';
import { GoldenComparer, goldenMatches, type GoldenComparison } from './golden-compare';
import { GoldenError, goldenFileOp } from './golden-error';
import { hashCapture } from './capture-hash';
import { goldenHeader, headerLine, type GoldenHeader } from './golden-header';
import { goldenTempPath, guardTemp, sweepStaleTemps } from './golden-temp';

/** jest's snapshot update modes: none (CI), new (write missing goldens), all (rewrite every golden). */
export type UpdateMode = 'none' | 'new' | 'all';

export interface CheckOptions {
  readonly update: UpdateMode;
  /** Gets copies of the packets (`--out-pcap`). */
  readonly tap?: PacketTap;
  /** Called now and then with the share of the capture read (0..1), for a progress bar. */
  readonly progress?: (fraction: number) => void;
}

/**
 * What became of the golden: `match`; `mismatch`; `missing` (none, and not allowed to
 * write one); `written` (a new one); `updated` / `unchanged` (`--update=all`); `none` (the
 * fixture has `golden: none`).
 */
export type GoldenStatus = 'match' | 'mismatch' | 'missing' | 'written' | 'updated' | 'unchanged' | 'none';

export interface FixtureCheck {
  /** How reports name it: the fixture file as given, with `[platform]` when it runs on several. */
  readonly fixture: string;
  /** The fixture file as given (what `check` takes on its command line). */
  readonly file: string;
  /** pass; fail (a mismatch); error (bad input: the fixture, its capture or its golden). */
  readonly status: 'pass' | 'fail' | 'error';
  /** Bad input, as `file:line:column: message`. */
  readonly error?: string;
  readonly golden?: { readonly file: string; readonly status: GoldenStatus; readonly comparison?: GoldenComparison; readonly actualFile?: string };
  readonly expectations?: ExpectationResults;
  readonly summary?: ReplaySummary;
  /** The first frame that diverged (golden or expectation): its decode and the steps it took. */
  readonly explanation?: { readonly frame: number; readonly decode: string; readonly trace: readonly string[] };
  readonly seconds: number;
}

const SHA256_PLACEHOLDER = '0'.repeat(64);

/** Where the full actual stream goes on a mismatch (`x.golden.ndjson` → `x.actual.ndjson`, git-ignored). */
function actualPath(golden: string): string {
  return golden.replace(/(\.golden)?\.ndjson$/, '') + '.actual.ndjson';
}

/**
 * Replays one fixture and checks it against its golden and its expectations, streaming:
 * records are compared with the golden's lines as they are decided. A golden is written
 * only in update modes, into a temporary file renamed over it when the replay finished,
 * so bad input never leaves a golden half written. On a failure the capture is replayed a
 * second time (replays are deterministic) to write the full actual stream beside the golden
 * and to trace the first frame that diverged.
 */
export function checkFixture(fixtureOrFile: string | Fixture, opts: CheckOptions): FixtureCheck {
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  let fixture: Fixture;
  const name = typeof fixtureOrFile === 'string' ? fixtureOrFile : fixtureLabel(fixtureOrFile);
  const file = typeof fixtureOrFile === 'string' ? fixtureOrFile : fixtureOrFile.file;
  try {
    fixture = typeof fixtureOrFile === 'string' ? loadFixture(fixtureOrFile) : fixtureOrFile;
  } catch (e) {
    if (e instanceof FixtureError) return { fixture: name, file, status: 'error', error: e.message, seconds: seconds() };
    throw e;
  }
  const goldenFile = fixture.golden;
  const exists = goldenFile !== undefined && existsSync(goldenFile);
  const compare = exists && opts.update !== 'all' ? goldenFile : undefined;
  const write = goldenFile !== undefined && (opts.update === 'all' || (opts.update === 'new' && !exists));
  const tmp = write ? goldenTempPath(goldenFile!) : undefined;
  let comparer: GoldenComparer | undefined;
  let writer: number | undefined;
  let guard: { release(): void } | undefined;
  /** --update=all over a file that is not a golden: it is replaced, and counts as changed. */
  let unreadable: GoldenError | undefined;
  const checker = new ExpectationChecker(fixture.expectations.filter((e) => e.platform === undefined || e.platform === fixture.platform));
  try {
    // Hashed while the replay runs; until then the header carries a placeholder.
    const hash = goldenFile === undefined ? undefined : hashCapture(fixture.capture);
    const subject = goldenFile === undefined ? undefined : { golden: goldenFile, fixture: fixture.file, platform: fixture.platform, capture: fixture.capture };
    let header = subject === undefined ? undefined : goldenHeader(subject, SHA256_PLACEHOLDER);
    if (tmp !== undefined) sweepStaleTemps(goldenFile!);
    // --update=all compares with the old golden too, to say whether it changed.
    if (compare !== undefined || (write && exists)) {
      const opened = openComparer(goldenFile!, header!, write);
      if (opened instanceof GoldenError) unreadable = opened;
      else comparer = opened;
    }
    if (tmp !== undefined) {
      guard = guardTemp(tmp);
      writer = goldenFileOp(goldenFile!, 'write the golden', () => openSync(tmp, 'w'));
      const line = Buffer.from(headerLine(header!) + '\n');
      goldenFileOp(goldenFile!, 'write the golden', () => writeBytes(writer!, line, line.length));
    }
    const summary = runChecked(fixture, comparer, writer, checker, opts);
    if (subject !== undefined) header = goldenHeader(subject, hash!());
    const comparison = finishComparison(comparer ?? unreadable, write, summary.byVerdict, header?.sha256 ?? '');
    comparer = undefined;
    if (writer !== undefined) {
      // The hash in place of the placeholder: the header's last value, before `"}\n`.
      const line = Buffer.from(headerLine(header!));
      goldenFileOp(goldenFile!, 'write the golden', () => writeSync(writer!, line, line.length - 66, 64, line.length - 66));
      closeSync(writer);
      writer = undefined;
      goldenFileOp(goldenFile!, 'write the golden', () => renameSync(tmp!, goldenFile!));
      guard?.release();
    }
    const expectations = checker.finish(summary.captured);
    const status = goldenStatus(goldenFile !== undefined, write, exists, comparison);
    const goldenFailed = status === 'mismatch' || status === 'missing';
    const failed = goldenFailed || expectations.failures.length > 0;
    let golden: FixtureCheck['golden'] = goldenFile === undefined ? undefined : { file: goldenFile, status, ...(comparison === undefined || write ? {} : { comparison }) };
    if (!failed) {
      if (goldenFile !== undefined) rmSync(actualPath(goldenFile), { force: true });
      return { fixture: name, file, status: 'pass', golden, expectations, summary, seconds: seconds() };
    }
    // Explain the first frame that diverged; write the actual stream when the golden failed.
    const frame = comparison?.differences.find((d) => d.frame !== undefined)?.frame ?? expectations.failures.find((f) => f.frame !== undefined)?.frame;
    const actualFile = goldenFailed ? actualPath(goldenFile!) : undefined;
    const explanation = explain(fixture, frame, actualFile, header);
    if (actualFile !== undefined) golden = { ...golden!, actualFile };
    return { fixture: name, file, status: 'fail', golden, expectations, summary, ...(explanation === undefined ? {} : { explanation }), seconds: seconds() };
  } catch (e) {
    comparer?.abandon();
    if (writer !== undefined) closeSync(writer);
    if (tmp !== undefined) rmSync(tmp, { force: true });
    guard?.release();
    if (e instanceof FixtureError || e instanceof CaptureError || e instanceof GoldenError) return { fixture: name, file, status: 'error', error: e.message, seconds: seconds() };
    throw e;
  }
}

function goldenStatus(hasGolden: boolean, written: boolean, existed: boolean, comparison: GoldenComparison | undefined): GoldenStatus {
  if (!hasGolden) return 'none';
  const same = comparison !== undefined && goldenMatches(comparison);
  if (written) return !existed ? 'written' : same ? 'unchanged' : 'updated';
  if (!existed) return 'missing';
  return same ? 'match' : 'mismatch';
}

/**
 * The comparison with the golden. When the golden is being rewritten, the old one only says
 * whether it changed: an old file that is not a golden, or a line that is not a record,
 * means it did.
 */
function finishComparison(comparer: GoldenComparer | undefined | GoldenError, rewriting: boolean, verdicts: Readonly<Record<string, number>>, sha256: string): GoldenComparison | undefined {
  try {
    if (comparer instanceof GoldenError) throw comparer;
    return comparer?.finish(verdicts, sha256);
  } catch (e) {
    if (!rewriting || !(e instanceof GoldenError)) throw e;
    return {
      goldenRecords: e.line,
      actualRecords: 0,
      differing: 1,
      counts: { changed: 0, moved: 0, missing: 1, extra: 0, diverged: 0 },
      differences: [{ kind: 'missing', key: 'a malformed line', golden: { line: e.line, text: e.reason }, fields: [], frame: undefined }],
      groups: [],
      verdicts: {},
    };
  }
}

/** The comparer of the golden; when it is being rewritten, an old file that is not a golden is only a change. */
function openComparer(golden: string, header: GoldenHeader, rewriting: boolean): GoldenComparer | GoldenError {
  try {
    return new GoldenComparer(golden, header);
  } catch (e) {
    if (rewriting && e instanceof GoldenError) return e;
    throw e;
  }
}

/** The replay of a check: every record to the golden comparer, the golden writer and the expectations. */
function runChecked(fixture: Fixture, comparer: GoldenComparer | undefined, writer: number | undefined, checker: ExpectationChecker, opts: CheckOptions): ReplaySummary {
  const progress = opts.progress;
  const size = progress === undefined ? 0 : statSync(fixture.capture, { throwIfNoEntry: false })?.size ?? 0;
  const expecting = !checker.empty;
  const batch = new GoldenBatch((b) => {
    comparer?.batch(b);
    if (writer !== undefined) goldenFileOp(fixture.golden!, 'write the golden', () => writeBytes(writer, b.bytes, b.length));
  });
  const summary = replay(
    fixture,
    (r: ReplayRecord) => {
      batch.line(canonicalLine(r));
      if (expecting) checker.record(r);
    },
    {
      detail: true,
      trace: false,
      frameSink: (o) => {
        batch.frame(o.frame, o.relSec, o.relNsec, frameTail(o));
        if (expecting && checker.wants(o.frame)) checker.frame(o.record());
      },
      onInput: (f, port, timeRelative) => {
        if (expecting) checker.input(f, port, timeRelative);
        if (progress !== undefined && size > 0 && (f.number & 0xffff) === 0) progress(f.fileOffset / size);
      },
      ...(opts.tap === undefined ? {} : { tap: opts.tap }),
    },
  );
  batch.flush();
  return summary;
}

function writeBytes(fd: number, bytes: Uint8Array, length: number): void {
  for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done);
}

/**
 * The second replay of a failed check: the frame's decode (as captured, before processing)
 * and the steps it took; and, when `actualFile` is given, every record in golden form.
 */
function explain(fixture: Fixture, frame: number | undefined, actualFile: string | undefined, header: GoldenHeader | undefined): FixtureCheck['explanation'] {
  if (frame === undefined && actualFile === undefined) return undefined;
  const fd = actualFile === undefined ? undefined : goldenFileOp(actualFile, 'write the replay\'s records', () => openSync(actualFile, 'w'));
  const batch = new GoldenBatch((b) => {
    if (fd !== undefined) goldenFileOp(actualFile!, 'write the replay\'s records', () => writeBytes(fd, b.bytes, b.length));
  });
  let decode = '';
  let trace: readonly string[] = [];
  const d = new DecodedFrame();
  try {
    // Headed as a golden is: accepting it is copying it over the golden.
    if (header !== undefined) batch.line(headerLine(header));
    replay(fixture, (r) => batch.line(canonicalLine(r)), {
      detail: true,
      trace: frame ?? false,
      frameSink: (o) => {
        batch.frame(o.frame, o.relSec, o.relNsec, frameTail(o));
        if (o.frame === frame) trace = o.trace ?? [];
      },
      onInput: (f) => {
        if (f.number === frame) decode = summarizeFrame(decodeFrame(f, d));
      },
    });
    batch.flush();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return frame === undefined ? undefined : { frame, decode, trace };
}
