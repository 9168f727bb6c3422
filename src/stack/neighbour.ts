import { formatMac } from '../addr/mac';
import { ipv4Number, readIpAddress, type Family, type IpAddress } from '../addr/ip-prefix';
import type { NetDevice } from './netdev';
import type { Skb } from './skb';
import type { Timer, Timers } from './timers';
import { U32Map } from './u32-map';

/** NUD states (`NUD_*`, include/uapi/linux/neighbour.h), by iproute2's names. */
export type NudState = 'incomplete' | 'reachable' | 'stale' | 'delay' | 'probe' | 'failed' | 'noarp' | 'permanent';

/** States with a usable link-layer address (`NUD_VALID`). */
export function nudValid(s: NudState): boolean {
  return s !== 'incomplete' && s !== 'failed';
}

/**
 * Neighbour parameters: the kernel defaults (`arp_tbl` / `nd_tbl` parms). `base_reachable_time`
 * is randomised by the kernel to 0.5–1.5 × 30 s; we use 30 s exactly, so replays are
 * deterministic (documented divergence).
 */
export const NEIGH_PARMS = {
  reachableTime: 30,
  delayFirstProbeTime: 5,
  retransTime: 1,
  ucastProbes: 3,
  mcastProbes: 3,
  /** `unres_qlen_bytes` default: what may wait for resolution (SK_WMEM_MAX); a sysctl per device. */
  unresQlenBytes: 212992,
} as const;

export interface Neighbour {
  readonly family: Family;
  readonly address: IpAddress;
  readonly dev: NetDevice;
  mac: Uint8Array | undefined;
  state: NudState;
  isRouter: boolean;
  /** Capture time of the last confirmation (reply, or NUD change from user space). */
  confirmed: number;
  /** Capture time a packet last used it. */
  used: number;
  probes: number;
  readonly queue: Skb[];
  queueBytes: number;
  timer: Timer | undefined;
}

/** What the neighbour layer asks of the stack: send a solicitation, flush the queue. */
export interface NeighbourOps {
  solicit(n: Neighbour, unicast: boolean): void;
  release(n: Neighbour, skb: Skb): void;
  discard(n: Neighbour, skb: Skb, reason: 'neigh_failed'): void;
  /**
   * The entry became usable or stopped being so (NETEVENT_NEIGH_UPDATE from
   * `neigh_update_notify`): a timer failed it, or it was removed. Drivers follow it (M-5).
   */
  changed(n: Neighbour): void;
}

/**
 * The ARP and ND caches (`struct neigh_table`) with the NUD state machine of
 * net/core/neighbour.c: `__neigh_event_send` (resolve on first use, queue meanwhile),
 * `neigh_timer_handler` (REACHABLE→STALE/DELAY, DELAY→PROBE, INCOMPLETE/PROBE→FAILED after
 * `neigh_max_probes`), `neigh_update` (learn, confirm, release the queue).
 */
export class NeighbourTable {
  /** IPv4 entries per device (ifindex), keyed by address. */
  private readonly v4 = new Map<number, U32Map<Neighbour>>();
  private readonly v6 = new Map<string, Neighbour>();

  constructor(
    private readonly timers: Timers,
    private readonly ops: NeighbourOps,
  ) {}

  /** The entry for the address at `b[o..]` on `dev`, without creating one. */
  lookup(family: Family, dev: NetDevice, b: Uint8Array, o: number): Neighbour | undefined {
    return family === 4 ? this.v4.get(dev.ifindex)?.get(ipv4Number(b, o)) : this.v6.get(v6Key(dev, b, o));
  }

  /** `__neigh_lookup(…, creat=1)`: a new entry starts with no state (NUD_NONE), here `failed`-like until used. */
  create(family: Family, dev: NetDevice, b: Uint8Array, o: number): Neighbour {
    const found = this.lookup(family, dev, b, o);
    if (found !== undefined) return found;
    const n: Neighbour = {
      family,
      address: readIpAddress(family, b, o),
      dev,
      mac: undefined,
      state: 'failed',
      isRouter: false,
      confirmed: Number.NEGATIVE_INFINITY,
      used: this.timers.now,
      probes: 0,
      queue: [],
      queueBytes: 0,
      timer: undefined,
    };
    if (family === 4) {
      let m = this.v4.get(dev.ifindex);
      if (m === undefined) this.v4.set(dev.ifindex, (m = new U32Map()));
      m.set(ipv4Number(b, o), n);
    } else this.v6.set(v6Key(dev, b, o), n);
    return n;
  }

  remove(n: Neighbour): void {
    this.timers.cancel(n.timer);
    const b = n.address.bytes;
    if (n.family === 4) this.v4.get(n.dev.ifindex)?.delete(ipv4Number(b, 0));
    else this.v6.delete(v6Key(n.dev, b, 0));
    // neigh_del / neigh_flush_dev: the entry goes through NUD_FAILED (neigh_update) first.
    if (nudValid(n.state)) {
      n.state = 'failed';
      this.ops.changed(n);
    }
  }

  all(): Neighbour[] {
    const out: Neighbour[] = [];
    for (const m of this.v4.values()) out.push(...m.values());
    return [...out, ...this.v6.values()];
  }

  /** Forgets every entry on `dev`, permanent ones too (link down: `neigh_ifdown`), freeing queued packets. */
  flushDev(dev: NetDevice): void {
    for (const n of this.all()) {
      if (n.dev !== dev) continue;
      this.failQueue(n);
      this.remove(n);
    }
  }

  /**
   * `neigh_event_send` for a packet about to leave: true when it may go now with `n.mac`;
   * false when it was queued (or freed) waiting for resolution.
   */
  send(n: Neighbour, skb: Skb): boolean {
    const now = this.timers.now;
    n.used = now;
    switch (n.state) {
      case 'permanent':
      case 'noarp':
      case 'reachable':
      case 'delay':
      case 'probe':
        return true;
      case 'stale':
        // A stale entry is used at once and checked after delay_first_probe_time.
        this.enter(n, 'delay', NEIGH_PARMS.delayFirstProbeTime);
        return true;
      case 'failed':
        n.probes = NEIGH_PARMS.ucastProbes;
        this.enter(n, 'incomplete', NEIGH_PARMS.retransTime);
        this.enqueue(n, skb);
        this.probe(n);
        return false;
      case 'incomplete':
        this.enqueue(n, skb);
        return false;
    }
  }

  /**
   * `neigh_update`: a new link-layer address and/or state from the wire (ARP, NA) or from
   * `ip neigh`. Releases the queue when the entry becomes valid.
   */
  update(n: Neighbour, mac: Uint8Array | undefined, state: NudState, override: boolean): void {
    if (n.state === 'permanent' && state !== 'permanent') return;
    const now = this.timers.now;
    const changed = mac !== undefined && (n.mac === undefined || formatMac(n.mac, 0) !== formatMac(mac, 0));
    if (changed && !override && nudValid(n.state) && state !== 'reachable') {
      // Without override, a different address only marks the old one suspect.
      if (n.state === 'reachable') this.enter(n, 'stale', undefined);
      return;
    }
    if (mac !== undefined) n.mac = mac;
    if (state === 'reachable') {
      n.confirmed = now;
      this.enter(n, 'reachable', NEIGH_PARMS.reachableTime);
    } else if (state === 'stale') {
      // A stale update of an entry with the same address keeps its state (neigh_update: no change).
      if (!changed && nudValid(n.state) && n.state !== 'stale' && n.state !== 'incomplete') return;
      this.enter(n, 'stale', undefined);
    } else {
      this.enter(n, state, undefined);
    }
    if (nudValid(n.state)) this.releaseQueue(n);
  }

  private enter(n: Neighbour, state: NudState, timeout: number | undefined): void {
    this.timers.cancel(n.timer);
    n.timer = undefined;
    n.state = state;
    if (timeout !== undefined) n.timer = this.timers.after(timeout, () => this.timerFired(n));
  }

  private maxProbes(n: Neighbour): number {
    // neigh_max_probes: ucast + app + (mcast_reprobes in PROBE, mcast_probes otherwise).
    return NEIGH_PARMS.ucastProbes + (n.state === 'probe' ? 0 : NEIGH_PARMS.mcastProbes);
  }

  /** `neigh_timer_handler`. */
  private timerFired(n: Neighbour): void {
    const now = this.timers.now;
    n.timer = undefined;
    switch (n.state) {
      case 'reachable':
        if (now - n.used <= NEIGH_PARMS.delayFirstProbeTime) this.enter(n, 'delay', NEIGH_PARMS.delayFirstProbeTime);
        else this.enter(n, 'stale', undefined);
        return;
      case 'delay':
        if (now - n.confirmed <= NEIGH_PARMS.delayFirstProbeTime) {
          this.enter(n, 'reachable', NEIGH_PARMS.reachableTime);
          return;
        }
        n.probes = 0;
        this.enter(n, 'probe', NEIGH_PARMS.retransTime);
        this.probe(n);
        return;
      case 'incomplete':
      case 'probe':
        if (n.probes >= this.maxProbes(n)) {
          const wasValid = nudValid(n.state);
          this.enter(n, 'failed', undefined);
          this.failQueue(n);
          if (wasValid) this.ops.changed(n);
          return;
        }
        this.enter(n, n.state, NEIGH_PARMS.retransTime);
        this.probe(n);
        return;
      default:
        return;
    }
  }

  private probe(n: Neighbour): void {
    // arp_solicit / ndisc_solicit: unicast to the known address while probes < ucast_probes
    // in PROBE; broadcast / multicast otherwise.
    const unicast = n.state === 'probe' && n.mac !== undefined && n.probes < NEIGH_PARMS.ucastProbes;
    n.probes++;
    this.ops.solicit(n, unicast);
  }

  private enqueue(n: Neighbour, skb: Skb): void {
    const len = skb.end - skb.macOff;
    // __neigh_event_send: over unres_qlen_bytes, the oldest packets are freed first; the new
    // one is queued whatever its size. (The kernel counts skb->truesize; we count bytes.)
    const limit = n.family === 4 ? n.dev.conf.unresQlenBytes4 : n.dev.conf.unresQlenBytes6;
    while (n.queue.length > 0 && n.queueBytes + len > limit) {
      const old = n.queue.shift()!;
      n.queueBytes -= old.end - old.macOff;
      old.outcome.pending--;
      old.outcome.dropped('neigh_queuefull', `neigh ${n.address.text}`);
      old.outcome.settled();
    }
    // It outlives the frame: it must not keep the capture's buffer or the stack's scratch.
    skb.makeWritable();
    n.queue.push(skb);
    n.queueBytes += len;
    skb.outcome.pending++;
    // The record says it waited: its place in the stream is where it was decided.
    skb.outcome.setMeta('neigh.queued', n.address.text);
  }

  private releaseQueue(n: Neighbour): void {
    while (n.queue.length > 0) {
      const skb = n.queue.shift()!;
      n.queueBytes -= skb.end - skb.macOff;
      this.ops.release(n, skb);
    }
  }

  private failQueue(n: Neighbour): void {
    while (n.queue.length > 0) {
      const skb = n.queue.shift()!;
      n.queueBytes -= skb.end - skb.macOff;
      this.ops.discard(n, skb, 'neigh_failed');
    }
  }
}

function v6Key(dev: NetDevice, b: Uint8Array, o: number): string {
  let s = `${dev.ifindex}:`;
  for (let i = 0; i < 16; i++) s += String.fromCharCode(b[o + i]!);
  return s;
}
