import type { Egress, FrameRecord, MetaValue } from '../decision/records';
import type { ReasonId } from '../decision/reasons';
import type { NetDevice } from './netdev';
import type { Skb } from './skb';
import { keyFields } from './key-fields';

/**
 * What happened to one input frame, gathered from every copy of it (a bridge floods, a
 * macvlan broadcast reaches several devices): where copies left the box, which stacks
 * received it, why copies were freed. Copies waiting in a neighbour queue keep it open;
 * `record()` is called once none is pending.
 *
 * The verdict (DESIGN.md §5): any copy left the box → `forward` (with `to` when the host
 * got one too); otherwise a stack received it → `trap`; otherwise `drop` with the first
 * specific reason (the kernel's `SKB_DR_OR` habit).
 */
/** What every copy of a packet reports to: a frame's outcome, or a generated frame's. */
export interface Outcome {
  readonly detail: boolean;
  readonly meta: Record<string, MetaValue>;
  pending: number;
  step(text: string): void;
  transmitted(dev: NetDevice, skb: Skb): void;
  delivered(dev: NetDevice, reason: ReasonId): void;
  dropped(reason: ReasonId, where: string): void;
  /** Called when a queued copy is decided; the owner emits the record when none is pending. */
  settled(): void;
}

export class FrameOutcome implements Outcome {
  readonly egress: Egress[] = [];
  readonly to: string[] = [];
  trapReason: ReasonId | undefined = undefined;
  dropReason: ReasonId | undefined = undefined;
  readonly meta: Record<string, MetaValue> = {};
  readonly trace: string[] = [];
  /** Copies waiting (neighbour queue). */
  pending = 0;

  constructor(
    readonly frame: number,
    readonly time: string,
    readonly ingress: string,
    /** Record fields and trace only when someone reads them (not for counting). */
    readonly detail: boolean,
    /** Emits the record; called by the replay once the frame is processed and nothing is pending. */
    private readonly onSettled: (o: FrameOutcome) => void = () => undefined,
  ) {}

  settled(): void {
    if (this.pending === 0) this.onSettled(this);
  }

  step(text: string): void {
    if (this.detail) this.trace.push(text);
  }

  transmitted(dev: NetDevice, skb: Skb): void {
    this.egress.push({ port: dev.name, fields: this.detail ? keyFields(skb) : NO_FIELDS });
    this.step(`${dev.name}: transmitted`);
  }

  delivered(dev: NetDevice, reason: ReasonId): void {
    if (!this.to.includes(dev.name)) this.to.push(dev.name);
    if (this.trapReason === undefined) this.trapReason = reason;
  }

  dropped(reason: ReasonId, where: string): void {
    if (this.dropReason === undefined || this.dropReason === 'not_specified') this.dropReason = reason;
    this.step(`${where}: dropped (${reason})`);
  }

  record(): FrameRecord {
    // Key order is the order people read a decision in: what, why, where to; then detail.
    const head = { type: 'frame' as const, frame: this.frame, time: this.time, ingress: this.ingress };
    const tail = { meta: this.meta, trace: this.trace };
    if (this.egress.length > 0) {
      return this.to.length > 0
        ? { ...head, verdict: 'forward', reason: this.trapReason, egress: this.egress, to: this.to, ...tail }
        : { ...head, verdict: 'forward', egress: this.egress, ...tail };
    }
    if (this.to.length > 0) return { ...head, verdict: 'trap', reason: this.trapReason, to: this.to, ...tail };
    return { ...head, verdict: 'drop', reason: this.dropReason ?? 'not_specified', ...tail };
  }
}

const NO_FIELDS = Object.freeze({});
