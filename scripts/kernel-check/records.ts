/**
 * The emulator's NDJSON (`pcapverdict replay FIXTURE --format ndjson`) as the kernel check
 * reads it, and the kernel's observations as the harness writes them. Plain data; the
 * parsing is lenient about record types it does not know (they are kept and ignored).
 */

export type FieldValue = string | number;
export type Fields = Readonly<Record<string, FieldValue>>;

export interface Egress {
  readonly port: string;
  readonly fields: Fields;
}

export interface FrameRecord {
  readonly type: 'frame';
  readonly frame: number;
  readonly time?: string;
  readonly ingress: string;
  readonly verdict: 'forward' | 'trap' | 'drop';
  readonly reason?: string;
  readonly egress?: readonly Egress[];
  /** The netdev whose stack received the frame; a list where several did. */
  readonly to?: string | readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly trace?: readonly string[];
}

export interface SkippedRecord {
  readonly type: 'skipped';
  readonly frame: number;
  readonly why?: string;
}

export interface GeneratedRecord {
  readonly type: 'generated';
  /** The frame that caused it; absent for timer-driven frames (a neighbour probe, …). */
  readonly frame?: number;
  /** Seconds since the capture's first frame. */
  readonly time?: string;
  readonly port: string;
  readonly kind: string;
  readonly fields: Fields;
}

export interface DeferredRecord {
  readonly type: 'deferred';
  readonly frame: number;
  readonly verdict: 'forward' | 'drop';
  readonly reason?: string;
  readonly egress?: readonly Egress[];
}

export interface OtherRecord {
  readonly type: 'event' | 'notification';
  readonly [key: string]: unknown;
}

/** What the emulator answered a `! COMMAND` (src/decision/records.ts CommandRecord). */
export interface CommandAnswer {
  readonly type: 'command';
  readonly run: string;
  readonly refused?: string;
  readonly [key: string]: unknown;
}

export type EmulatorRecord = FrameRecord | SkippedRecord | GeneratedRecord | DeferredRecord | OtherRecord | CommandAnswer;

/** A frame the kernel put out of a DUT port (seen on the peer end). */
export interface KernelOut {
  readonly port: string;
  /** Key fields (Wireshark names, first occurrence: outer headers). */
  readonly fields: Fields;
  /** The whole frame, for fields not in `fields`. */
  readonly hex?: string;
}

export interface FrameObservation {
  readonly frame: number;
  readonly ingress: string;
  /** Capture timestamp of the frame sent. */
  readonly time?: string;
  /** Key fields of the frame sent. */
  readonly sent?: Fields;
  /** Why the frame could not be sent into the kernel (e.g. shorter than an Ethernet header). */
  readonly sendError?: string;
  readonly out: readonly KernelOut[];
  /** rx_packets deltas of DUT netdevs (non-zero only). */
  readonly rxDelta: Readonly<Record<string, number>>;
  readonly txDelta?: Readonly<Record<string, number>>;
  /** Other non-zero link counter deltas: `dev.counter` (rx_dropped, rx_nohandler, …). */
  readonly linkDelta?: Readonly<Record<string, number>>;
  /** /proc/net/snmp, snmp6 and netstat deltas (non-zero only), e.g. IpForwDatagrams. */
  readonly snmp: Readonly<Record<string, number>>;
  /** Frames that came out before this frame was sent (timers, earlier frames late). */
  readonly stray?: readonly KernelOut[];
}

export interface EventObservation {
  readonly beforeFrame: number;
  readonly run: string;
  readonly ok: boolean;
  readonly stderr?: string;
  readonly out: readonly KernelOut[];
}

/** A setup line `! COMMAND`: run without the `!`, whatever its exit status (it may be refused). */
export interface CommandObservation {
  readonly run: string;
  readonly ok: boolean;
  readonly stderr?: string;
}

export interface Observations {
  readonly fixture: string;
  readonly kernel: string;
  readonly ports: readonly string[];
  /** Every DUT netdev after setup, with its kind (veth, bridge, macvlan, loopback, …). */
  readonly devices: Readonly<Record<string, string>>;
  /** sysctls the harness set in the DUT besides the fixture's setup. */
  readonly harnessSysctls: readonly string[];
  readonly pace: 'fast' | 'capture';
  readonly windowMs: number;
  /** What the DUT sent while settling after setup (DAD, MLD, …), before any frame. */
  readonly settle: readonly KernelOut[];
  readonly frames: readonly FrameObservation[];
  readonly events: readonly EventObservation[];
  /** The setup's `! COMMAND` lines and what the kernel answered (absent in older files). */
  readonly commands?: readonly CommandObservation[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses NDJSON text; throws with the line number on a line that is not a JSON object with a type. */
export function parseNdjson(text: string, name = 'ndjson'): EmulatorRecord[] {
  const out: EmulatorRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new Error(`${name}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    if (!isObject(v) || typeof v['type'] !== 'string') throw new Error(`${name}:${i + 1}: not a record (an object with a type)`);
    const t = v['type'];
    if ((t === 'frame' || t === 'skipped' || t === 'deferred') && typeof v['frame'] !== 'number') {
      throw new Error(`${name}:${i + 1}: ${t} record without a frame number`);
    }
    if (t === 'frame' && typeof v['ingress'] !== 'string') throw new Error(`${name}:${i + 1}: frame record without ingress`);
    out.push(v as unknown as EmulatorRecord);
  });
  return out;
}

/** Frame number -> ingress port, for the frames the emulator replayed (not skipped). */
export function ingressByFrame(records: readonly EmulatorRecord[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const r of records) if (r.type === 'frame') m.set((r as FrameRecord).frame, (r as FrameRecord).ingress);
  return m;
}
