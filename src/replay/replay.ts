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
import { LINKTYPE } from '../capture/link-type';
import { buildStack, runCommands } from './build-stack';
import { DueEvents } from './due-events';
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
  /** Sees every input frame before it is processed (selectors of expectations). */
  readonly onInput?: (frame: CapturedFrame, port: string | undefined) => void;
  /** Gets copies of every packet sent and received (`--out-pcap`). */
  readonly tap?: PacketTap;
}

export interface ReplaySummary {
  frames: number;
  skipped: number;
  readonly byVerdict: Record<string, number>;
  readonly byReason: Record<string, number>;
  /** Damage the reader met and read past (a capture cut short): reported, not fatal, as tcpdump does. */
  warnings: readonly CaptureWarning[];
  /** The devlink instances of the platform's drivers, their traps' actions and stats after the replay. */
  devlink: readonly { readonly handle: string; readonly traps: readonly TrapStats[] }[];
  /** The routes at the end, as `ip route show table all` prints them (route hardware flags included). */
  routes: readonly string[];
}

/**
 * `process` (DESIGN.md §1): builds the box, then streams the capture through it, frame by
 * frame, in constant memory. Records go to `sink` in causal order; a frame waiting for
 * neighbour resolution gets its record when its fate is known. Throws only for unusable
 * input (FixtureError, CaptureError).
 */
export function replay(fixture: Fixture, sink: RecordSink, opts: ReplayOptions): ReplaySummary {
  const summary: ReplaySummary = { frames: 0, skipped: 0, byVerdict: {}, byReason: {}, warnings: [], devlink: [], routes: [] };
  let muted = opts.frames !== undefined && opts.frames.from > 1;
  const out: RecordSink = (r: ReplayRecord) => {
    if (!muted) sink(r);
  };
  const pending = { count: 0 };
  const settled = (o: FrameOutcome): void => {
    if (o.held) pending.count--;
    const v = o.verdict;
    summary.byVerdict[v] = (summary.byVerdict[v] ?? 0) + 1;
    const reason = o.reason;
    if (reason !== undefined) summary.byReason[reason] = (summary.byReason[reason] ?? 0) + 1;
    if (opts.tap !== undefined && !muted) opts.tap.frame(o);
    // Counting needs no record object: build one only for a reader that wants one.
    if (opts.detail && !muted) {
      if (opts.frameSink !== undefined) opts.frameSink(o);
      else sink(o.record());
    }
  };
  // Setup's records are held until the whole setup ran: a refused command must leave
  // nothing written but its error.
  const setupRecords: ReplayRecord[] = [];
  const stack = buildStack(fixture, (r) => setupRecords.push(r));
  // Counting and a frame sink read nothing of a frame after it is decided: no need to put
  // its bytes back.
  stack.inputUndo.keep = opts.detail && opts.frameSink === undefined;
  stack.sink = out;
  stack.tap = opts.tap;
  for (const r of setupRecords) out(r);
  const events = new DueEvents(fixture.events);
  const reader = openCapture(opts.capture ?? fixture.capture);
  const d = new DecodedFrame();
  let firstSec: number | undefined;
  let firstNsec = 0;
  const onlyPort = fixture.ports.length === 1 ? fixture.ports[0]!.name : undefined;
  let spare: FrameOutcome | undefined;
  const trace = opts.trace ?? opts.detail;
  try {
    while (reader.next()) {
      const f = reader.frame;
      if (opts.frames !== undefined && f.number > opts.frames.to) break;
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
      const port = ingressPort(fixture.ingress, onlyPort, f, d);
      if (opts.onInput !== undefined) opts.onInput(f, typeof port === 'string' && port !== 'none' ? port : undefined);
      if (opts.tap !== undefined) opts.tap.input(f);
      if (typeof port !== 'string' || port === 'none') {
        summary.skipped++;
        const why = port === 'none' ? 'ingress none' : (port as { skip: SkipCause }).skip;
        out({ type: 'skipped', frame: f.number, time: formatRelativeTime(relSec, relNsec), why });
        continue;
      }
      summary.frames++;
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
      processFrame(stack, port, f, outcome);
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
    runDueEvents(stack, fixture, events, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, out);
    summary.warnings = [...reader.warnings];
    summary.devlink = stack.drivers.flatMap((d) => (d.devlink === undefined ? [] : [{ handle: d.devlink.handle, traps: d.devlink.trapStats() }]));
    summary.routes = routeDump(stack.fib);
  } finally {
    reader.close();
  }
  return summary;
}

function processFrame(stack: Stack, portName: string, f: CapturedFrame, outcome: FrameOutcome): void {
  const port = stack.device(portName);
  stack.beginFrame(f.number);
  if (f.linkType !== LINKTYPE.ETHERNET) {
    outcome.dropped('unhandled_proto', `link type ${f.linkType}: only Ethernet frames enter a port`);
  } else if (port === undefined) {
    // The port was deleted by an event: nothing receives on it.
    outcome.dropped('dev_ready', `${portName}: no such device`);
  } else {
    receiveOnPort(stack, port, f.buf, f.off, f.off + f.caplen, outcome, Math.max(0, f.len - f.caplen));
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
