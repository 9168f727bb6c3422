import type { Egress, FrameRecord, MetaValue, Verdict } from '../decision/records';
import type { ReasonId } from '../decision/reasons';
import type { NetDevice } from './netdev';
import type { Skb } from './skb';
import { keyFields } from './key-fields';

/** What every copy of a packet reports to: a frame's outcome, or a generated frame's. */
export interface Outcome {
  /** Whether fields and traces are wanted: callers skip building trace text otherwise. */
  readonly detail: boolean;
  /** The input frame this copy comes from (none for a frame the box built). */
  readonly frame: number | undefined;
  /** Adds a `meta` entry to the record (dotted key). */
  setMeta(key: string, value: MetaValue): void;
  pending: number;
  step(text: string): void;
  transmitted(dev: NetDevice, skb: Skb): void;
  delivered(dev: NetDevice, reason: ReasonId): void;
  dropped(reason: ReasonId, where: string): void;
  /** Called when a queued copy is decided; the owner emits the record when none is pending. */
  settled(): void;
}

const NO_FIELDS = Object.freeze({});
/** The `meta` of a record with none (shared, never written: `setMeta` makes its own). */
const NO_META: Record<string, MetaValue> = Object.freeze({}) as Record<string, MetaValue>;
const NO_TRACE: readonly string[] = Object.freeze([]);

/**
 * What happened to one input frame, gathered from every copy of it (a bridge floods, a
 * macvlan broadcast reaches several devices): where copies left the box, which stacks
 * received it, why copies were freed. Copies waiting in a neighbour queue keep it open;
 * the owner is told (`onSettled`) once none is pending.
 *
 * The verdict (DESIGN.md §5): any copy left the box → `forward` (with `to` when the host
 * got one too); otherwise a stack received it → `trap`; otherwise `drop` with the first
 * specific reason (the kernel's `SKB_DR_OR` habit). Lists are made on first use: most
 * frames fill one of them, and the hot path allocates as little as it can.
 */
export class FrameOutcome implements Outcome {
  egress: Egress[] | undefined = undefined;
  to: string[] | undefined = undefined;
  trapReason: ReasonId | undefined = undefined;
  dropReason: ReasonId | undefined = undefined;
  meta: Record<string, MetaValue> = NO_META;
  trace: string[] | undefined = undefined;
  /** Copies waiting (neighbour queue). */
  pending = 0;
  /** Set by the owner while the record waits for queued copies. */
  held = false;

  constructor(
    public frame: number,
    /** Capture time since the first frame, in whole seconds and nanoseconds (text made on demand). */
    private relSec: number,
    private relNsec: number,
    public ingress: string,
    /** Record fields and trace only when someone reads them (not for counting). */
    readonly detail: boolean,
    /** Called once the frame is processed and nothing is pending. */
    private readonly onSettled: (o: FrameOutcome) => void = () => undefined,
  ) {}

  /**
   * Makes this outcome the next frame's. Only for counting (no record was made of it, so
   * nothing holds its lists) and only once it settled: the replay reuses one object.
   */
  reuse(frame: number, relSec: number, relNsec: number, ingress: string): void {
    this.frame = frame;
    this.relSec = relSec;
    this.relNsec = relNsec;
    this.ingress = ingress;
    this.egress = undefined;
    this.to = undefined;
    this.trapReason = undefined;
    this.dropReason = undefined;
    this.meta = NO_META;
    this.trace = undefined;
    this.pending = 0;
    this.held = false;
  }

  setMeta(key: string, value: MetaValue): void {
    if (this.meta === NO_META) this.meta = {};
    this.meta[key] = value;
  }

  settled(): void {
    if (this.pending === 0) this.onSettled(this);
  }

  step(text: string): void {
    if (this.detail) (this.trace ??= []).push(text);
  }

  transmitted(dev: NetDevice, skb: Skb): void {
    (this.egress ??= []).push({ port: dev.name, fields: this.detail ? keyFields(skb) : NO_FIELDS });
    if (this.detail) this.step(`${dev.name}: transmitted`);
  }

  delivered(dev: NetDevice, reason: ReasonId): void {
    const to = (this.to ??= []);
    if (!to.includes(dev.name)) to.push(dev.name);
    if (this.trapReason === undefined) this.trapReason = reason;
  }

  dropped(reason: ReasonId, where: string): void {
    if (this.dropReason === undefined || this.dropReason === 'not_specified') this.dropReason = reason;
    if (this.detail) this.step(`${where}: dropped (${reason})`);
  }

  get time(): string {
    return formatRelativeTime(this.relSec, this.relNsec);
  }

  get verdict(): Verdict {
    return this.egress !== undefined ? 'forward' : this.to !== undefined ? 'trap' : 'drop';
  }

  /** The record's reason: the host's trap reason, or the drop reason; none for a plain forward. */
  get reason(): ReasonId | undefined {
    if (this.egress !== undefined) return this.to !== undefined ? this.trapReason : undefined;
    return this.to !== undefined ? this.trapReason : (this.dropReason ?? 'not_specified');
  }

  /** Key order is the order people read a decision in: what, why, where to; then detail. */
  record(): FrameRecord {
    const r: Record<string, unknown> = { type: 'frame', frame: this.frame, time: this.time, ingress: this.ingress, verdict: this.verdict };
    const reason = this.reason;
    if (reason !== undefined) r.reason = reason;
    if (this.egress !== undefined) r.egress = this.egress;
    if (this.to !== undefined) r.to = this.to;
    r.meta = this.meta;
    r.trace = this.trace ?? NO_TRACE;
    return r as unknown as FrameRecord;
  }
}

/** `frame.time_relative` text with nanosecond precision, from integer parts (no float drift). */
export function formatRelativeTime(secDiff: number, nsecDiff: number): string {
  let sec = secDiff;
  let ns = nsecDiff;
  const negative = sec < 0 || (sec === 0 && ns < 0);
  if (negative) {
    sec = -sec;
    ns = -ns;
  }
  if (ns < 0) {
    sec -= 1;
    ns += 1e9;
  }
  return `${negative ? '-' : ''}${sec}.${String(ns).padStart(9, '0')}`;
}
