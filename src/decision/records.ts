import type { FieldValue } from '../wire/field-sink';
import type { ReasonId } from './reasons';

/**
 * The record stream of a replay (DESIGN.md §5): one `frame` (or `skipped`) record per input
 * frame, and the `generated`, `event` and `notification` records its processing caused, in
 * causal order. These are plain data; `report/replay-*.ts` render them.
 */

export type Verdict = 'forward' | 'trap' | 'drop';

/** Key fields of a transmitted frame, by Wireshark display-filter name. */
export type FrameFields = Record<string, FieldValue>;

export interface Egress {
  /** The netdev the frame left by: a port, or a device with no lower (dummy). */
  readonly port: string;
  readonly fields: FrameFields;
}

export type MetaValue = FieldValue | readonly string[] | boolean;

export interface FrameRecord {
  readonly type: 'frame';
  readonly frame: number;
  /** Seconds since the first frame, 9 decimals. */
  readonly time: string;
  readonly ingress: string;
  readonly verdict: Verdict;
  /** Registry id (`src/decision/reasons.ts`); always set for trap and drop. */
  readonly reason?: ReasonId;
  /** forward: where it left, after rewrite. */
  readonly egress?: readonly Egress[];
  /** The netdevs whose protocol stack received it (trap, or a forward that also went up). */
  readonly to?: readonly string[];
  readonly meta: Readonly<Record<string, MetaValue>>;
  /** The steps taken, for people (never compared). */
  readonly trace: readonly string[];
}

/** Mapped to port none / flagged outbound in pcapng / no rule, interface or default names a port. */
export type SkipCause = 'ingress none' | 'outbound' | 'no ingress port';

export interface SkippedRecord {
  readonly type: 'skipped';
  readonly frame: number;
  readonly time: string;
  readonly why: SkipCause;
}

/** What the box sent on its own: answers, resolution requests, ICMP errors. */
export const GENERATED_KINDS = [
  'arp_request',
  'arp_reply',
  'ndisc_ns',
  'ndisc_na',
  'ndisc_redirect',
  'icmp_error',
  'icmp_redirect',
  'icmp_echo_reply',
  'icmpv6_error',
  'icmpv6_echo_reply',
  'tcp_reset',
] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

/** The hardware flags a route notification carries, as `ip monitor route` names them. */
export const ROUTE_FLAGS = ['rt_offload', 'rt_trap', 'rt_offload_failed'] as const;

export interface GeneratedRecord {
  readonly type: 'generated';
  /** The input frame that caused it; absent for timer-driven sends (neighbour probes). */
  readonly frame?: number;
  readonly time: string;
  readonly kind: GeneratedKind;
  readonly port: string;
  readonly fields: FrameFields;
}

export interface EventRecord {
  readonly type: 'event';
  /** The frame number it ran before, or the capture time it ran at. */
  readonly at: { readonly frame: number } | { readonly time: number };
  readonly run: string;
}

export type RouteMessage = 'RTM_NEWROUTE' | 'RTM_DELROUTE';

export interface NotificationRecord {
  readonly type: 'notification';
  readonly msg: RouteMessage;
  /** `setup`, or the frame / event after which it was sent. */
  readonly after: 'setup' | { readonly frame: number } | { readonly event: string };
  readonly route: string;
  readonly table: string;
  readonly flags: readonly string[];
  /** The line `ip monitor route` prints for it. */
  readonly text: string;
}

/** What the kernel answered a `! COMMAND` of the setup or of an event (MayFailCommand). */
export interface CommandRecord {
  readonly type: 'command';
  readonly after: 'setup' | { readonly frame: number } | { readonly event: string };
  readonly run: string;
  /** The refusal, as the tool prints it (extack text); absent when the command was accepted. */
  readonly refused?: string;
  /** An extack warning of an accepted command (`devlink trap set` on a non-drop trap, T-3). */
  readonly warning?: string;
}

export type ReplayRecord = FrameRecord | SkippedRecord | GeneratedRecord | EventRecord | NotificationRecord | CommandRecord;

/** Receives records as they are decided; a record is final when passed. */
export type RecordSink = (record: ReplayRecord) => void;
