import { ipv4Number, readIpAddress, sameBytes, type Family, type IpAddress } from '../addr/ip-prefix';
import type { NetDevice } from './netdev';
import type { Skb } from './skb';
import type { Timer, Timers } from './timers';
import { U32Map } from './u32-map';

/**
 * NUD states (`NUD_*`, include/uapi/linux/neighbour.h), by iproute2's names. `none` is a new
 * entry nothing resolved yet (NUD_NONE); `failed` one whose probes went unanswered.
 */
export type NudState = 'none' | 'incomplete' | 'reachable' | 'stale' | 'delay' | 'probe' | 'failed' | 'noarp' | 'permanent';

/** States with a usable link-layer address (`NUD_VALID`). */
export function nudValid(s: NudState): boolean {
  return s !== 'none' && s !== 'incomplete' && s !== 'failed';
}

/** `NUD_CONNECTED`: valid without needing a confirmation. */
function nudConnected(s: NudState): boolean {
  return s === 'reachable' || s === 'permanent' || s === 'noarp';
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
  /** `locktime` (ARP only): a different address within 1 s of an update does not override (arp_process). */
  locktime: 1,
  /** `gc_stale_time`: the periodic gc frees an unused entry after 60 s (neigh_periodic_work). */
  gcStaleTime: 60,
  /** `neigh_forced_gc` spares entries updated within the last 5 s; it runs at most every 5 s below gc_thresh3. */
  forcedGcWindow: 5,
} as const;

/** `net.ipv{4,6}.neigh.default.gc_thresh{1,2,3}` (`arp_tbl` / `nd_tbl`), defaults 128 / 512 / 1024. */
export interface GcThresholds {
  thresh1: number;
  thresh2: number;
  thresh3: number;
}

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
  /** Capture time of the last change of state or address (`neigh->updated`). */
  updated: number;
  probes: number;
  readonly queue: Skb[];
  queueBytes: number;
  timer: Timer | undefined;
  /** Permanent entries are not counted against gc_thresh nor collected (`exempt_from_gc`). */
  exempt: boolean;
}

/**
 * How an update may change an entry (`NEIGH_UPDATE_F_*`, include/net/neighbour.h).
 * `isRouter` set: OVERRIDE_ISROUTER with ISROUTER as given (NA); unset: leave the flag.
 */
export interface NeighUpdateFlags {
  readonly override?: boolean;
  readonly weakOverride?: boolean;
  readonly admin?: boolean;
  readonly isRouter?: boolean;
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

/** Per-table garbage-collection state (`struct neigh_table`: gc_entries, last_flush, table_fulls). */
interface GcState {
  readonly thresh: GcThresholds;
  /** Entries subject to gc, oldest first (`tbl->gc_list`). */
  readonly list: Set<Neighbour>;
  entries: number;
  lastFlush: number;
  /** `NEIGH_CACHE_STAT table_fulls`: creations refused at gc_thresh3 (`ip -s ntable`). */
  tableFulls: number;
  /** `neigh_periodic_work` is scheduled (only while the table holds gc_thresh1 entries or more: below, it does nothing). */
  periodic: Timer | undefined;
  /**
   * A forced gc that found nothing to free stays fruitless until this time: the soonest an
   * entry without a timer becomes old enough (`updated` + 5 s), lowered whenever an entry
   * is made or left without a timer. Until then the walk would free nothing: it is skipped,
   * so a full table of resolving entries costs O(1) per refused packet, not O(gc_thresh3).
   */
  fruitlessUntil: number;
}

function defaultGc(): GcState {
  return { thresh: { thresh1: 128, thresh2: 512, thresh3: 1024 }, list: new Set(), entries: 0, lastFlush: Number.NEGATIVE_INFINITY, tableFulls: 0, periodic: undefined, fruitlessUntil: Number.NEGATIVE_INFINITY };
}

/**
 * The ARP and ND caches (`struct neigh_table`) with the NUD state machine of
 * net/core/neighbour.c: `__neigh_event_send` (resolve on first use, queue meanwhile),
 * `neigh_timer_handler` (REACHABLE→STALE/DELAY, DELAY→PROBE, INCOMPLETE/PROBE→FAILED after
 * `neigh_max_probes`), `__neigh_update` (learn, confirm, release the queue), and the table's
 * bounds (`neigh_alloc` at gc_thresh3, `neigh_forced_gc`, `neigh_periodic_work`).
 */
export class NeighbourTable {
  /** IPv4 entries per device (ifindex), keyed by address. */
  private readonly v4 = new Map<number, U32Map<Neighbour>>();
  private readonly v6 = new Map<string, Neighbour>();
  private readonly gc4 = defaultGc();
  private readonly gc6 = defaultGc();

  constructor(
    private readonly timers: Timers,
    private readonly ops: NeighbourOps,
  ) {}

  /** The gc thresholds of a table, for `sysctl -w net.ipv{4,6}.neigh.default.gc_thresh{1,2,3}`. */
  gcThresholds(family: Family): GcThresholds {
    return this.gc(family).thresh;
  }

  /** Entries in a table (`tbl->entries`), permanent ones included. */
  size(family: Family): number {
    if (family === 6) return this.v6.size;
    let n = 0;
    for (const m of this.v4.values()) n += m.size;
    return n;
  }

  /** Creations refused because the table was full (`table_fulls`). */
  tableFulls(family: Family): number {
    return this.gc(family).tableFulls;
  }

  /** The entry for the address at `b[o..]` on `dev`, without creating one. */
  lookup(family: Family, dev: NetDevice, b: Uint8Array, o: number): Neighbour | undefined {
    return family === 4 ? this.v4.get(dev.ifindex)?.get(ipv4Number(b, o)) : this.v6.get(v6Key(dev, b, o));
  }

  /**
   * `__neigh_lookup(…, creat=1)`: the entry, or a new one in NUD_NONE; undefined when the
   * table is full (`neigh_alloc`: gc_thresh3 reached and `neigh_forced_gc` freed nothing:
   * "neighbor table overflow!"). Permanent entries (`exempt`) are never refused.
   */
  create(family: Family, dev: NetDevice, b: Uint8Array, o: number, exempt = false): Neighbour | undefined {
    const found = this.lookup(family, dev, b, o);
    if (found !== undefined) return found;
    const now = this.timers.clock;
    const gc = this.gc(family);
    if (!exempt) {
      const entries = gc.entries;
      if (entries >= gc.thresh.thresh3 || (entries >= gc.thresh.thresh2 && now > gc.lastFlush + NEIGH_PARMS.forcedGcWindow)) {
        if (this.forcedGc(gc) === 0 && entries >= gc.thresh.thresh3) {
          gc.tableFulls++;
          return undefined;
        }
      }
    }
    const n: Neighbour = {
      family,
      address: readIpAddress(family, b, o),
      dev,
      mac: undefined,
      state: 'none',
      isRouter: false,
      confirmed: Number.NEGATIVE_INFINITY,
      used: now,
      updated: now,
      probes: 0,
      queue: [],
      queueBytes: 0,
      timer: undefined,
      exempt,
    };
    if (family === 4) {
      let m = this.v4.get(dev.ifindex);
      if (m === undefined) this.v4.set(dev.ifindex, (m = new U32Map()));
      m.set(ipv4Number(b, o), n);
    } else this.v6.set(v6Key(dev, b, o), n);
    if (!exempt) {
      gc.list.add(n);
      gc.entries++;
      this.mayCollect(n);
    }
    if (gc.periodic === undefined && this.size(family) >= gc.thresh.thresh1) this.schedulePeriodicGc(family, gc);
    return n;
  }

  remove(n: Neighbour): void {
    this.timers.cancel(n.timer);
    n.timer = undefined;
    const b = n.address.bytes;
    if (n.family === 4) this.v4.get(n.dev.ifindex)?.delete(ipv4Number(b, 0));
    else this.v6.delete(v6Key(n.dev, b, 0));
    const gc = this.gc(n.family);
    if (gc.list.delete(n)) gc.entries--;
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
   * End of the capture: frees the packets queued on entries no timer will resolve or fail
   * (INCOMPLETE set by `ip neigh … nud incomplete` has none: the kernel keeps such packets
   * until the entry is destroyed, `neigh_destroy` → `__skb_queue_purge`), so every frame gets
   * its record and the replay's drain of timers ends.
   */
  purgeUnresolvable(): void {
    for (const n of this.all()) {
      if (n.timer !== undefined) continue;
      while (n.queue.length > 0) {
        const skb = n.queue.shift()!;
        n.queueBytes -= skb.end - skb.macOff;
        skb.outcome.pending--;
        skb.outcome.dropped('not_specified', `neigh ${n.address.text} on ${n.dev.name}: still ${n.state} at the end of the capture, with no timer to resolve it`);
        skb.outcome.settled();
      }
    }
  }

  /**
   * `neigh_event_send` for a packet about to leave: true when it may go now with `n.mac`;
   * false when it was queued (or freed) waiting for resolution.
   */
  send(n: Neighbour, skb: Skb): boolean {
    const now = this.timers.clock;
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
      case 'none':
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
   * `__neigh_update` (net/core/neighbour.c): a link-layer address and/or state from the wire
   * (ARP, NS, NA) or from `ip neigh`. An update without an address cannot make an invalid
   * entry valid ("No link layer address given"); a different address on a valid entry needs
   * `override` (else, with `weakOverride`, a connected entry only becomes STALE); a STALE
   * update with the same address changes nothing. The queue is released when the entry
   * becomes valid, and only then, so a released packet always has a MAC.
   */
  update(n: Neighbour, lladdr: Uint8Array | undefined, state: NudState, flags: NeighUpdateFlags): void {
    const old = n.state;
    const now = this.timers.clock;
    if (!flags.admin && (old === 'noarp' || old === 'permanent')) return;
    if (flags.admin === true) this.updateGcList(n, state === 'permanent');
    if (!nudValid(state)) {
      this.enter(n, state, undefined);
      if ((old === 'incomplete' || old === 'probe') && state === 'failed') this.failQueue(n);
      if (nudValid(old)) this.ops.changed(n);
      return;
    }
    let mac = lladdr;
    if (mac === undefined) {
      if (!nudValid(old)) return;
      mac = n.mac;
    } else if (nudValid(old) && n.mac !== undefined && sameBytes(mac, n.mac)) mac = n.mac;
    if (nudConnected(state)) n.confirmed = now;
    let next = state;
    let setRouter = flags.isRouter !== undefined;
    if (nudValid(old)) {
      if (mac !== n.mac && flags.override !== true) {
        setRouter = false;
        if (flags.weakOverride !== true || !nudConnected(old)) return;
        mac = n.mac;
        next = 'stale';
      } else if (mac === n.mac && next === 'stale' && flags.admin !== true) next = old;
    }
    const macChanged = mac !== n.mac;
    if (next !== old || macChanged) n.updated = now;
    // REACHABLE again: the kernel keeps the timer and its handler sees the new `confirmed`
    // (reachable until confirmed + reachable_time); restarting the timer is the same.
    if (next !== old || next === 'reachable') {
      this.enter(n, next, next === 'reachable' ? NEIGH_PARMS.reachableTime : next === 'delay' || next === 'probe' ? 0 : undefined);
      if (next === 'probe') n.probes = 0;
    }
    if (macChanged) {
      n.mac = mac;
      // Not confirmed by this update: as if the last confirmation were long ago.
      if (!nudConnected(next)) n.confirmed = now - 2 * NEIGH_PARMS.reachableTime;
    }
    if (setRouter) n.isRouter = flags.isRouter === true;
    if (!nudValid(old)) this.releaseQueue(n);
  }

  /**
   * `neigh_update_gc_list` (administrative updates only): an entry made PERMANENT leaves the
   * gc list and count; one that stops being so joins it, as the newest.
   */
  private updateGcList(n: Neighbour, exempt: boolean): void {
    if (n.exempt === exempt) return;
    n.exempt = exempt;
    const gc = this.gc(n.family);
    if (exempt) {
      if (gc.list.delete(n)) gc.entries--;
    } else {
      gc.list.add(n);
      gc.entries++;
    }
  }

  private enter(n: Neighbour, state: NudState, timeout: number | undefined): void {
    this.timers.cancel(n.timer);
    n.timer = undefined;
    if (n.state !== state) n.updated = this.timers.clock;
    n.state = state;
    if (timeout !== undefined) n.timer = this.timers.after(timeout, () => this.timerFired(n));
    else if (!n.exempt) this.mayCollect(n);
  }

  /** An entry without a timer: the forced gc may free it now (FAILED, NOARP) or 5 s after its last update. */
  private mayCollect(n: Neighbour): void {
    const gc = this.gc(n.family);
    const at = n.state === 'failed' || n.state === 'noarp' ? Number.NEGATIVE_INFINITY : n.updated + NEIGH_PARMS.forcedGcWindow;
    gc.fruitlessUntil = Math.min(gc.fruitlessUntil, at);
  }

  private maxProbes(n: Neighbour): number {
    // neigh_max_probes: ucast + app + (mcast_reprobes in PROBE, mcast_probes otherwise).
    return NEIGH_PARMS.ucastProbes + (n.state === 'probe' ? 0 : NEIGH_PARMS.mcastProbes);
  }

  /** `neigh_timer_handler`. */
  private timerFired(n: Neighbour): void {
    const now = this.timers.clock;
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
    // __neigh_update: "avoid dead loop": only while the entry stays valid (a release may change it).
    while (n.queue.length > 0 && nudValid(n.state)) {
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

  private gc(family: Family): GcState {
    return family === 4 ? this.gc4 : this.gc6;
  }

  /**
   * `neigh_forced_gc`: frees, oldest first, up to (entries − gc_thresh2) entries that nothing
   * holds (no timer running: not INCOMPLETE, REACHABLE, DELAY or PROBE) and that are FAILED,
   * NOARP or not updated for 5 s. (The kernel also gives up after 1 ms; we never do.)
   */
  private forcedGc(gc: GcState): number {
    const now = this.timers.clock;
    gc.lastFlush = now;
    if (now < gc.fruitlessUntil) return 0;
    const maxClean = gc.entries - gc.thresh.thresh2;
    const tref = now - NEIGH_PARMS.forcedGcWindow;
    let shrunk = 0;
    let soonest = Number.POSITIVE_INFINITY;
    for (const n of gc.list) {
      if (n.timer !== undefined || n.queue.length > 0) continue;
      if (n.state === 'failed' || n.state === 'noarp' || n.updated < tref) {
        this.remove(n);
        shrunk++;
        if (shrunk >= maxClean) break;
      } else soonest = Math.min(soonest, n.updated + NEIGH_PARMS.forcedGcWindow);
    }
    if (shrunk === 0) gc.fruitlessUntil = soonest;
    return shrunk;
  }

  private schedulePeriodicGc(family: Family, gc: GcState): void {
    gc.periodic = this.timers.after(NEIGH_PARMS.reachableTime / 2, () => {
      gc.periodic = undefined;
      this.periodicGc(family, gc);
    });
  }

  /**
   * `neigh_periodic_work`, every base_reachable_time / 2 while the table holds gc_thresh1
   * entries or more: frees entries without a running timer that are FAILED or unused for
   * gc_stale_time. (The kernel's work runs from boot, at a phase of its own; ours starts
   * when the table reaches gc_thresh1, so a replay stays deterministic.)
   */
  private periodicGc(family: Family, gc: GcState): void {
    if (this.size(family) < gc.thresh.thresh1) return;
    const now = this.timers.clock;
    for (const n of gc.list) {
      if (n.timer !== undefined || n.queue.length > 0 || n.state === 'incomplete') continue;
      if (n.used < n.confirmed && n.confirmed <= now) n.used = n.confirmed;
      if (n.state === 'failed' || now - n.used >= NEIGH_PARMS.gcStaleTime) this.remove(n);
    }
    if (this.size(family) >= gc.thresh.thresh1) this.schedulePeriodicGc(family, gc);
  }
}

function v6Key(dev: NetDevice, b: Uint8Array, o: number): string {
  let s = `${dev.ifindex}:`;
  for (let i = 0; i < 16; i++) s += String.fromCharCode(b[o + i]!);
  return s;
}
