import type { Egress, FrameRecord, MetaValue, Verdict } from '../decision/records';
import type { TrapType } from '../decision/devlink-generic-traps';
import type { ReasonId, TrapReasonId } from '../decision/reasons';
import type { NetDevice } from './netdev';
import type { Skb } from './skb';
import { keyFields } from './key-fields';

/** What every copy of a packet reports to: a frame's outcome, or a generated frame's. */
export interface Outcome {
  /** Whether trace text is wanted: callers skip building it otherwise. */
  readonly traced: boolean;
  /** The input frame this copy comes from (none for a frame the box built). */
  readonly frame: number | undefined;
  /** Adds a `meta` entry to the record (dotted key). */
  setMeta(key: string, value: MetaValue): void;
  pending: number;
  step(text: string): void;
  transmitted(dev: NetDevice, skb: Skb): void;
  /** A stack received it (the skb as that netdev's stack got it). */
  delivered(dev: NetDevice, reason: ReasonId, skb: Skb): void;
  dropped(reason: ReasonId, where: string): void;
  /**
   * An ASIC trap fired on it: the trap, its type, group and action in force (whether devlink
   * counted it is the driver's: T-6). A copy the CPU then gets takes the software path; the
   * record names the trap as its reason.
   */
  asicTrapped(trap: AsicTrap): void;
  /** Called when a queued copy is decided; the owner emits the record when none is pending. */
  settled(): void;
}

/** A frame as it left by `port` (up: false) or as `port`'s stack received it (up: true). */
export interface CopiedPacket {
  readonly port: string;
  readonly up: boolean;
  readonly bytes: Uint8Array;
}

/** What an offload driver's trap says about a frame (DESIGN.md §5: trap name, type, group, action). */
export interface AsicTrap {
  readonly reason: TrapReasonId;
  readonly type: TrapType;
  readonly group: string;
  readonly action: string;
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
  /** The devlink trap an ASIC reported the frame to (spectrum), if any. */
  asicTrap: TrapReasonId | undefined = undefined;
  meta: Record<string, MetaValue> = NO_META;
  trace: string[] | undefined = undefined;
  /** Copies waiting (neighbour queue). */
  pending = 0;
  /** Set by the owner while the record waits for queued copies. */
  held = false;
  /** Copies of what left by a port or went up a stack, when the owner writes them out (`--out-pcap`). */
  packets: CopiedPacket[] | undefined = undefined;
  keepPackets = false;

  constructor(
    public frame: number,
    /** Capture time since the first frame, in whole seconds and nanoseconds (text made on demand). */
    public relSec: number,
    public relNsec: number,
    public ingress: string,
    /** Record egress fields only when someone reads them (not for counting). */
    readonly detail: boolean,
    /** Called once the frame is processed and nothing is pending. */
    private readonly onSettled: (o: FrameOutcome) => void = () => undefined,
    /** Record the steps taken (`replay` shows them; `check` re-runs a diverging frame with them). */
    public traced: boolean = detail,
  ) {}

  /**
   * Makes this outcome the next frame's, once it settled: the replay reuses one object when
   * nothing keeps it (counting, or a reader that renders it at once). Lists are replaced,
   * never emptied, so a record made from it keeps its own.
   */
  reuse(frame: number, relSec: number, relNsec: number, ingress: string, traced: boolean): void {
    this.frame = frame;
    this.traced = traced;
    this.relSec = relSec;
    this.relNsec = relNsec;
    this.ingress = ingress;
    this.egress = undefined;
    this.to = undefined;
    this.trapReason = undefined;
    this.dropReason = undefined;
    this.asicTrap = undefined;
    this.meta = NO_META;
    this.trace = undefined;
    this.pending = 0;
    this.held = false;
    this.packets = undefined;
  }

  setMeta(key: string, value: MetaValue): void {
    if (!this.detail) return; // counting reads no meta
    if (this.meta === NO_META) this.meta = {};
    this.meta[key] = value;
  }

  settled(): void {
    if (this.pending === 0) this.onSettled(this);
  }

  step(text: string): void {
    if (this.traced) (this.trace ??= []).push(text);
  }

  transmitted(dev: NetDevice, skb: Skb): void {
    (this.egress ??= []).push({ port: dev.name, fields: this.detail ? keyFields(skb) : NO_FIELDS });
    if (this.keepPackets) (this.packets ??= []).push({ port: dev.name, up: false, bytes: skb.buf.slice(skb.macOff, skb.end) });
    if (this.traced) this.step(`${dev.name}: transmitted`);
  }

  delivered(dev: NetDevice, reason: ReasonId, skb: Skb): void {
    if (this.keepPackets) (this.packets ??= []).push({ port: dev.name, up: true, bytes: skb.buf.slice(skb.macOff, skb.end) });
    const to = (this.to ??= []);
    if (!to.includes(dev.name)) to.push(dev.name);
    if (this.trapReason === undefined) this.trapReason = reason;
  }

  dropped(reason: ReasonId, where: string): void {
    if (this.dropReason === undefined || this.dropReason === 'not_specified') this.dropReason = reason;
    if (this.traced) this.step(`${where}: dropped (${reason})`);
  }

  asicTrapped(trap: AsicTrap): void {
    if (this.asicTrap !== undefined) return;
    this.asicTrap = trap.reason;
    this.setMeta('trap.name', trap.reason);
    this.setMeta('trap.type', trap.type);
    this.setMeta('trap.group', trap.group);
    this.setMeta('trap.action', trap.action);
    if (this.traced) this.step(`ASIC: ${trap.type} trap ${trap.reason} (${trap.group}), action ${trap.action}`);
  }

  get time(): string {
    return formatRelativeTime(this.relSec, this.relNsec);
  }

  get verdict(): Verdict {
    return this.egress !== undefined ? 'forward' : this.to !== undefined ? 'trap' : 'drop';
  }

  /**
   * The record's reason: the host's trap reason, or the drop reason; none for a plain
   * forward. A frame an ASIC trapped to the CPU names the devlink trap unless it was
   * dropped after all: then the drop's reason says why, and `meta` still names the trap.
   */
  get reason(): ReasonId | undefined {
    if (this.egress !== undefined) return this.asicTrap ?? (this.to !== undefined ? this.trapReason : undefined);
    if (this.to !== undefined) return this.asicTrap ?? this.trapReason;
    return this.dropReason ?? this.asicTrap ?? 'not_specified';
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
