import type { TrapStats } from '../stack/offload-driver';
import { routeDump } from '../stack/fib/route-text';
import { openCapture } from '../capture/open-capture';
import type { CapturedFrame } from '../capture/captured-frame';
import type { CaptureWarning } from '../capture/capture-error';
import type { RecordSink, ReplayRecord, SkipCause } from '../decision/records';
import type { Fixture } from '../fixture/load-fixture';
import { receiveOnPort } from '../stack/datapath/receive';
import { formatRelativeTime, FrameOutcome } from '../stack/frame-outcome';
import type { Stack } from '../stack/stack';
import type { PacketTap } from '../stack/packet-tap';
import { DecodedFrame } from '../wire/decoded-frame';
import { CaptureError, hexOffset } from '../capture/capture-error';
import { HeldRecords } from '../stack/held-records';
import { buildStack, runCommands } from './build-stack';
import { DueEvents } from './due-events';
import { EthernetView } from './ethernet-view';
import { ingressPort } from './ingress';

export interface ReplayOptions {
  /** Replay another capture through the same fixture. */
  readonly capture?: string;
  /** Only these frames get records (earlier ones still run, so learnt state is right). */
  readonly frames?: { readonly from: number; readonly to: number };
  /** Egress fields (off for counting: only verdicts and reasons are needed). */
  readonly detail: boolean;
  /**
   * Which frames record the steps taken: all (default, with detail), none, or one frame
   * number (`check` re-runs a capture to explain the first frame that diverged).
   */
  readonly trace?: boolean | number;
  /**
   * Takes each settled frame's outcome instead of a `frame` record (a reader that renders
   * it at once, `check`: no record object per frame). Other records still go to the sink.
   * The capture's bytes are not put back after a forward rewrote them in place: `onInput`
   * sees a frame before it is processed, and nothing reads it after.
   */
  readonly frameSink?: (o: FrameOutcome) => void;
  /**
   * Sees every input frame before it is processed (selectors of expectations), with its
   * port and its time since the capture's first frame (`frame.time_relative`).
   */
  readonly onInput?: (frame: CapturedFrame, port: string | undefined, timeRelative: number) => void;
  /** Gets copies of every packet sent and received (`--out-pcap`). */
  readonly tap?: PacketTap;
  /**
   * Fills `ReplaySummary.routes` (`--routes`). Only when asked: the text of a table of a
   * million routes is a hundred megabytes.
   */
  readonly routes?: boolean;
}

export interface ReplaySummary {
  frames: number;
  skipped: number;
  readonly byVerdict: Record<string, number>;
  readonly byReason: Record<string, number>;
  /**
   * Damage the reader met and read past (a capture cut short): reported, not fatal, as
   * tcpdump does; and events placed at a frame the capture does not have (they run after it).
   */
  warnings: readonly Pick<CaptureWarning, 'file' | 'message'>[];
  /** Frames read from the capture: its last frame's number when read to the end. */
  captured: number;
  /** The devlink instances of the platform's drivers, their traps' actions and stats after the replay. */
  devlink: readonly { readonly handle: string; readonly traps: readonly TrapStats[] }[];
  /** The routes at the end, as `ip route show table all` prints them (route hardware flags included); with `ReplayOptions.routes`, else empty. */
  routes: readonly string[];
}

/**
 * `process` (DESIGN.md §1): builds the box, then streams the capture through it, frame by
 * frame, in constant memory. Records go to `sink` in causal order; a frame waiting for
 * neighbour resolution gets its record when its fate is known. Throws only for unusable
 * input (FixtureError, CaptureError).
 */
export function replay(fixture: Fixture, sink: RecordSink, opts: ReplayOptions): ReplaySummary {
  const summary: ReplaySummary = { frames: 0, skipped: 0, byVerdict: {}, byReason: {}, warnings: [], captured: 0, devlink: [], routes: [] };
  let muted = opts.frames !== undefined && opts.frames.from > 1;
  // Counts and frame records are of the range only: a frame before it that waited for a
  // neighbour settles while the range's frames run, and is still not the range's.
  const range = opts.frames;
  const inRange = (n: number): boolean => range === undefined || (n >= range.from && n <= range.to);
  const out: RecordSink = (r: ReplayRecord) => {
    if (!muted) sink(r);
  };
  const pending = { count: 0 };
  const settled = (o: FrameOutcome): void => {
    if (o.held) pending.count--;
    if (!inRange(o.frame)) return;
    const v = o.verdict;
    summary.byVerdict[v] = (summary.byVerdict[v] ?? 0) + 1;
    const reason = o.reason;
    if (reason !== undefined) summary.byReason[reason] = (summary.byReason[reason] ?? 0) + 1;
    if (opts.tap !== undefined) opts.tap.frame(o);
    // Counting needs no record object: build one only for a reader that wants one.
    if (opts.detail) {
      if (opts.frameSink !== undefined) opts.frameSink(o);
      else sink(o.record());
    }
  };
  // Setup's records are held until the whole setup ran: a refused command must leave
  // nothing written but its error.
  const setupRecords = new HeldRecords();
  const stack = buildStack(fixture, setupRecords);
  // Counting and a frame sink read nothing of a frame after it is decided: no need to put
  // its bytes back.
  stack.inputUndo.keep = opts.detail && opts.frameSink === undefined;
  stack.sink = out;
  stack.tap = opts.tap;
  setupRecords.release(out);
  const events = new DueEvents(fixture.events);
  const reader = openCapture(opts.capture ?? fixture.capture);
  const d = new DecodedFrame();
  let firstSec: number | undefined;
  let firstNsec = 0;
  const onlyPort = fixture.ports.length === 1 ? fixture.ports[0]!.name : undefined;
  let spare: FrameOutcome | undefined;
  const trace = opts.trace ?? opts.detail;
  const view = new EthernetView();
  let readToEnd = true;
  try {
    while (reader.next()) {
      const f = reader.frame;
      summary.captured = f.number;
      if (opts.frames !== undefined && f.number > opts.frames.to) {
        readToEnd = false;
        break;
      }
      muted = opts.frames !== undefined && f.number < opts.frames.from;
      if (firstSec === undefined) {
        firstSec = f.tsSec;
        firstNsec = f.tsNsec;
      }
      const relSec = f.tsSec - firstSec;
      const relNsec = f.tsNsec - firstNsec;
      const rel = relSec + relNsec / 1e9;
      if (events.waiting) runDueEvents(stack, fixture, events, f.number, rel, out);
      stack.timers.advance(rel);
      stack.notificationContext = 'frame';
      const port = ingressPort(fixture.ingress, onlyPort, f, d, rel);
      if (opts.onInput !== undefined) opts.onInput(f, typeof port === 'string' && port !== 'none' ? port : undefined, rel);
      if (opts.tap !== undefined) opts.tap.input(f);
      if (typeof port !== 'string' || port === 'none') {
        if (!muted) summary.skipped++;
        const why = port === 'none' ? 'ingress none' : (port as { skip: SkipCause }).skip;
        out({ type: 'skipped', frame: f.number, time: formatRelativeTime(relSec, relNsec), why });
        continue;
      }
      const refusal = view.refusal(f);
      if (refusal !== undefined) throw new CaptureError('not_replayable', reader.file, f.fileOffset, `frame ${f.number} (offset ${hexOffset(f.fileOffset)}): ${refusal}`);
      if (!muted) summary.frames++;
      // Nothing keeps an outcome that settles at once, so one serves every such frame.
      let outcome: FrameOutcome;
      if (spare !== undefined) {
        outcome = spare;
        outcome.reuse(f.number, relSec, relNsec, port, trace === true || trace === f.number);
      } else {
        outcome = new FrameOutcome(f.number, relSec, relNsec, port, opts.detail, settled, trace === true || trace === f.number);
        outcome.keepPackets = opts.tap !== undefined;
      }
      spare = undefined;
      processFrame(stack, port, f, view, outcome);
      if (outcome.pending > 0) {
        outcome.held = true;
        pending.count++;
      } else {
        outcome.settled();
        if (!opts.detail || opts.frameSink !== undefined) spare = outcome;
      }
    }
    // Whatever still waits (neighbour resolution) is decided as time runs on after the
    // capture; what no timer will decide is freed first (else a periodic timer, the
    // neighbour gc, would keep this loop going for ever).
    stack.neigh.purgeUnresolvable();
    while (pending.count > 0 && stack.timers.pending > 0) stack.timers.drain(1);
    muted = false;
    // An event at a frame the capture does not have runs after it: said, as it may be a typo.
    const late = readToEnd ? fixture.events.flatMap((e) => ('frame' in e.at && e.at.frame > summary.captured ? [{ run: e.run, frame: e.at.frame }] : [])) : [];
    runDueEvents(stack, fixture, events, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, out);
    summary.warnings = [
      ...reader.warnings,
      ...late.map((e) => ({ file: fixture.file, message: `event "${e.run}" at frame ${e.frame}: the capture has ${summary.captured} frames, so it ran after the last` })),
    ];
    summary.devlink = stack.drivers.flatMap((d) => (d.devlink === undefined ? [] : [{ handle: d.devlink.handle, traps: d.devlink.trapStats() }]));
    if (opts.routes === true) summary.routes = routeDump(stack.fib);
  } finally {
    reader.close();
  }
  return summary;
}

function processFrame(stack: Stack, portName: string, f: CapturedFrame, view: EthernetView, outcome: FrameOutcome): void {
  const port = stack.device(portName);
  stack.beginFrame(f.number);
  if (port === undefined) {
    // The port was deleted by an event: nothing receives on it.
    outcome.dropped('dev_ready', `${portName}: no such device`);
  } else {
    view.of(f, port.mac);
    receiveOnPort(stack, port, view.buf, view.off, view.end, outcome, Math.max(0, f.len - f.caplen));
    stack.runBacklog();
  }
  stack.beginFrame(undefined);
}

function runDueEvents(stack: Stack, fixture: Fixture, events: DueEvents, frame: number, time: number, out: RecordSink): void {
  for (const e of events.take(frame, time)) {
    if ('time' in e.at && Number.isFinite(e.at.time)) stack.timers.advance(e.at.time);
    out({ type: 'event', at: e.at, run: e.run });
    stack.notificationContext = { event: e.run };
    runCommands(stack, fixture, e.commands);
  }
}
