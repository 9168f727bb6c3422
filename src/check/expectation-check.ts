import type { CapturedFrame } from '../capture/captured-frame';
import type { FrameRecord, GeneratedRecord, NotificationRecord, ReplayRecord } from '../decision/records';
import type { Expectation, FrameExpectation, GeneratedExpectation, NotificationExpectation } from '../fixture/load-expectations';
import { frameContext } from '../filter';
import { rangePastEnd } from '../fixture/frame-range';
import { DecodedFrame } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';

export interface ExpectationFailure {
  /** `expect[i]` in the fixture. */
  readonly index: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The first frame it failed on, to explain. */
  readonly frame: number | undefined;
}

export interface ExpectationResults {
  readonly total: number;
  readonly failures: readonly ExpectationFailure[];
}

/** Frames listed per failing expectation before "… and N more". */
const SHOWN = 3;

interface State {
  readonly e: Expectation;
  matched: number;
  bad: number;
  readonly messages: string[];
  firstFrame: number | undefined;
}

/**
 * Checks a fixture's expectations against the records of a replay as they come. Frame
 * selectors are display filters over the frame as captured, so they are evaluated before the
 * frame is processed (forwarding rewrites it in place); the frame's record, which may come
 * later (a neighbour queue), is then checked against every expectation that selected it.
 */
export class ExpectationChecker {
  private readonly states: State[];
  private readonly byFilter: State[];
  /** Frames selected by a filter, until their record comes. */
  private readonly selected = new Map<number, State[]>();
  private readonly decoded = new DecodedFrame();

  constructor(expectations: readonly Expectation[]) {
    this.states = expectations.map((e) => ({ e, matched: 0, bad: 0, messages: [], firstFrame: undefined }));
    this.byFilter = this.states.filter((s) => s.e.kind === 'frames' && s.e.where !== undefined);
  }

  get empty(): boolean {
    return this.states.length === 0;
  }

  /**
   * An input frame, before it is processed (port undefined: skipped, not replayed), with its
   * time since the capture's first frame (`frame.time_relative`).
   */
  input(f: CapturedFrame, port: string | undefined, timeRelative: number): void {
    if (this.byFilter.length === 0 || port === undefined) return;
    const d = decodeFrame(f, this.decoded);
    const ctx = frameContext(f, timeRelative);
    let hit: State[] | undefined;
    for (const s of this.byFilter) if ((s.e as FrameExpectation).where!.matches(d, ctx)) (hit ??= []).push(s);
    if (hit !== undefined) this.selected.set(f.number, hit);
  }

  /** Whether a frame's record is wanted (so the caller builds it only then). */
  wants(frame: number): boolean {
    if (this.selected.has(frame)) return true;
    for (const s of this.states) if (s.e.kind === 'frames' && s.e.where === undefined && inRange(s.e, frame)) return true;
    return false;
  }

  frame(r: FrameRecord): void {
    const byFilter = this.selected.get(r.frame);
    this.selected.delete(r.frame);
    for (const s of this.states) {
      const e = s.e;
      if (e.kind !== 'frames') continue;
      const chosen = e.where === undefined ? inRange(e, r.frame) : byFilter?.includes(s) === true && (e.frames === undefined || inRange(e, r.frame));
      if (!chosen) continue;
      s.matched++;
      const wrong = frameMismatch(e, r);
      if (wrong === undefined) continue;
      s.bad++;
      s.firstFrame ??= r.frame;
      if (s.messages.length < SHOWN) s.messages.push(`frame ${r.frame}: ${wrong}`);
    }
  }

  record(r: ReplayRecord): void {
    if (r.type !== 'notification' && r.type !== 'generated') return;
    for (const s of this.states) {
      if (s.e.kind === 'notification' && r.type === 'notification' && notificationMatches(s.e, r)) s.matched++;
      else if (s.e.kind === 'generated' && r.type === 'generated' && generatedMatches(s.e, r)) s.matched++;
    }
  }

  /** The failures, once the replay read `captured` frames (the capture's length). */
  finish(captured: number): ExpectationResults {
    const failures: ExpectationFailure[] = [];
    for (const s of this.states) {
      const e = s.e;
      const at = { index: e.index, line: e.line, column: e.column };
      // Frames past the capture's end are a mistake in the fixture (or the wrong capture):
      // a range is checked whole or not at all, never quietly in part.
      const frames = e.kind === 'frames' ? e.frames : undefined;
      const past = frames === undefined ? undefined : rangePastEnd(frames, captured);
      if (frames !== undefined && past !== undefined) {
        failures.push({ ...at, message: `frames ${frames.from}-${frames.to}: the capture has ${captured} frame${captured === 1 ? '' : 's'}`, frame: undefined });
        if (past === 'all') continue;
      }
      if (s.matched === 0) {
        const what = e.kind === 'frames' ? `selects no frame${e.where === undefined ? '' : ` (where: ${e.where.text})`}` : e.kind === 'notification' ? 'matches no notification' : 'matches no generated frame';
        failures.push({ ...at, message: what, frame: undefined });
      } else if (s.bad > 0) {
        const more = s.bad > s.messages.length ? `; and ${s.bad - s.messages.length} more` : '';
        failures.push({ ...at, message: `${s.bad} of ${s.matched} selected frames differ: ${s.messages.join('; ')}${more}`, frame: s.firstFrame });
      }
    }
    return { total: this.states.length, failures };
  }
}

function inRange(e: FrameExpectation, n: number): boolean {
  return e.frames !== undefined && n >= e.frames.from && n <= e.frames.to;
}

/** Values compare as text, case-insensitively (63 and "63"; MACs in either case). */
function same(a: unknown, b: unknown): boolean {
  const t = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v)).toLowerCase();
  return t(a) === t(b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

/** What is wrong with a frame's record, or undefined. */
function frameMismatch(e: FrameExpectation, r: FrameRecord): string | undefined {
  const got = `${r.verdict}${r.reason === undefined ? '' : ` (${r.reason})`}`;
  if (e.verdict !== undefined && r.verdict !== e.verdict) return `verdict ${got}, expected ${e.verdict}`;
  if (e.reason === 'any' && r.reason === undefined) return `no reason (${got}), expected one`;
  if (e.reason === 'none' && r.reason !== undefined) return `reason ${r.reason}, expected none`;
  if (e.reason !== undefined && e.reason !== 'any' && e.reason !== 'none' && r.reason !== e.reason) return `reason ${r.reason ?? 'none'} (${r.verdict}), expected ${e.reason}`;
  const ports = (r.egress ?? []).map((x) => x.port);
  if (e.egress === 'none' && ports.length > 0) return `left by ${ports.join(', ')}, expected no egress`;
  if (e.egress === 'any' && ports.length === 0) return `no egress (${got}), expected some`;
  if (Array.isArray(e.egress)) {
    const want = e.egress;
    if (!sameSet(ports, want.map((w) => w.port))) return `egress ${ports.join(', ') || 'none'}, expected ${want.map((w) => w.port).join(', ')}`;
    for (const w of want) {
      const fields = r.egress!.find((x) => x.port === w.port)!.fields;
      for (const [k, v] of Object.entries(w.fields)) if (!same(fields[k], v)) return `egress ${w.port} ${k} ${fields[k] === undefined ? 'absent' : String(fields[k])}, expected ${String(v)}`;
    }
  }
  const to = r.to ?? [];
  if (e.to === 'none' && to.length > 0) return `received by ${to.join(', ')}, expected by none`;
  if (e.to === 'any' && to.length === 0) return `received by no stack (${got}), expected some`;
  if (Array.isArray(e.to) && !sameSet(to, e.to)) return `received by ${to.join(', ') || 'none'}, expected ${e.to.join(', ')}`;
  for (const [k, v] of Object.entries(e.meta ?? {})) if (!same(r.meta[k], v)) return `meta ${k} ${r.meta[k] === undefined ? 'absent' : String(r.meta[k])}, expected ${String(v)}`;
  return undefined;
}

function notificationMatches(e: NotificationExpectation, r: NotificationRecord): boolean {
  if (e.msg !== undefined && r.msg !== e.msg) return false;
  if (e.route !== undefined && r.route !== e.route) return false;
  if (e.table !== undefined && r.table !== e.table) return false;
  if (e.flags !== undefined && !sameSet(r.flags, e.flags)) return false;
  if (e.after === 'setup' && r.after !== 'setup') return false;
  if (typeof e.after === 'object' && (typeof r.after !== 'object' || !('frame' in r.after) || r.after.frame !== e.after.frame)) return false;
  return true;
}

function generatedMatches(e: GeneratedExpectation, r: GeneratedRecord): boolean {
  if (e.sent !== undefined && r.kind !== e.sent) return false;
  if (e.port !== undefined && r.port !== e.port) return false;
  if (e.frame !== undefined && r.frame !== e.frame) return false;
  for (const [k, v] of Object.entries(e.fields ?? {})) if (!same(r.fields[k], v)) return false;
  return true;
}
