import type { PacketTap } from './packet-tap';
import type { RecordSink, RouteMessage } from '../decision/records';
import { Fib, type FibListener, type InsertMode } from './fib/fib';
import type { HwFlags, Route } from './fib/route';
import { routeNotification, type HeldRecords } from './held-records';
import { KernelError } from './kernel-error';
import { NEIGH_PARMS, NeighbourTable, type Neighbour } from './neighbour';
import { NetDevice, type DeviceConf, type DeviceKind } from './netdev';
import type { OffloadDriver, StackEvent } from './offload-driver';
import { Timers } from './timers';
import { InputUndo } from './skb';
import { U32Map } from './u32-map';
import { IcmpRateLimit, RedirectLimit } from './datapath/icmp';
import type { NeighbourOps } from './neighbour';

/** Namespace-wide sysctls the stack reads (net.ipv4.*, net.ipv6.*). */
export interface NetSysctls {
  /** `net.ipv4.fib_notify_on_flag_change`, `net.ipv6.fib_notify_on_flag_change` (F-5). */
  fibNotify4: number;
  fibNotify6: number;
  /** `net.ipv6.conf.all.forwarding`: ip6_forward reads the namespace-wide value. */
  forwarding6All: boolean;
  /** conf/all values that combine with each device's (rp_filter: max; accept_local: or). */
  all: DeviceConf;
  /** conf/default: what a new device starts with. */
  defaults: DeviceConf;
}

/** What control-plane changes follow: setup, the frame being processed, or an event. */
export type NotificationContext = 'setup' | 'frame' | { readonly event: string };

/**
 * The emulated kernel of one network namespace (DESIGN.md §4): devices, FIB, neighbour
 * tables, sysctls, the virtual clock, the offload drivers and the record sink. Configuration
 * (`src/stack/control/`) mutates it; the datapath (`src/stack/datapath/`) only reads it,
 * apart from what the kernel itself learns from traffic (neighbours, FDB, rate limits).
 */
export class Stack {
  readonly devices = new Map<string, NetDevice>();
  readonly timers = new Timers();
  readonly fib: Fib;
  readonly neigh: NeighbourTable;
  readonly drivers: OffloadDriver[] = [];
  readonly sysctl: NetSysctls = {
    fibNotify4: 0,
    fibNotify6: 0,
    forwarding6All: false,
    all: defaultConf(),
    defaults: defaultConf(),
  };
  /** Where records go; setup and events write here too. */
  sink: RecordSink = () => undefined;
  /** While set (the setup), records wait there, route notifications in their compact form; `sink` is its sink. */
  held: HeldRecords | undefined = undefined;
  /** Gets the bytes of what the box sends and receives, when someone writes them out. */
  tap: PacketTap | undefined = undefined;
  notificationContext: NotificationContext = 'setup';
  /**
   * Work queued by `netif_rx` and the macvlan broadcast queue: run after the current
   * receive finishes, as the softirq backlog runs after the current packet.
   */
  readonly backlog: (() => void)[] = [];
  /** Per-destination ICMP / ICMPv6 error rate limits (inet_peer token buckets). */
  readonly icmpRate = new IcmpRateLimit();
  readonly icmpRate6 = new IcmpRateLimit();
  readonly redirects = new RedirectLimit();
  /**
   * Every IPv4 address configured on any device, with how many devices hold it: the hash
   * `inet_lookup_ifaddr_rcu` looks in (the source check of every routed packet).
   */
  readonly localAddrs4 = new U32Map<number>(64);
  /** The input frame being processed, for the records of what it causes. */
  currentFrame: number | undefined = undefined;
  private nextIfindex = 1;

  constructor(neighOps: (stack: Stack) => NeighbourOps) {
    this.fib = new Fib(this.fibListener());
    this.neigh = new NeighbourTable(this.timers, neighOps(this));
  }

  createDevice(name: string, kind: DeviceKind, mac: Uint8Array, mtu: number): NetDevice {
    if (this.devices.has(name)) throw new KernelError('RTNETLINK answers: File exists', 'EEXIST');
    const dev = new NetDevice(this.nextIfindex++, name, kind, mac, mtu, { ...this.sysctl.defaults });
    this.devices.set(name, dev);
    this.notify({ kind: 'netdev', what: 'register', dev });
    return dev;
  }

  /** The forwarding path's buffer, lent once per frame (`takeScratch`); 64 KiB + link header. */
  private readonly scratch = new Uint8Array(65536 + 64);
  private scratchLent = false;

  /** Lends the scratch buffer for the frame being processed; undefined when already lent. */
  takeScratch(): Uint8Array | undefined {
    if (this.scratchLent) return undefined;
    this.scratchLent = true;
    return this.scratch;
  }

  /** Capture bytes rewritten in place by the frame being processed, put back at its end. */
  readonly inputUndo = new InputUndo();

  /** A frame begins or ends: whatever used the scratch buffer is done with it, and the input is as captured again. */
  beginFrame(frame: number | undefined): void {
    this.currentFrame = frame;
    this.scratchLent = false;
    this.inputUndo.restore();
  }

  /** Runs queued receive work until none is left (bounded: a loop here is a bug). */
  runBacklog(): void {
    for (let n = 0; this.backlog.length > 0 && n < 100000; n++) this.backlog.shift()!();
  }

  /** The clock as a record's `time`: seconds since the first frame. */
  timeText(): string {
    return Number.isFinite(this.timers.now) ? this.timers.now.toFixed(9) : '0.000000000';
  }

  device(name: string): NetDevice | undefined {
    return this.devices.get(name);
  }

  /** Sends a notifier event to every driver (`call_netdevice_notifiers` and friends). */
  notify(event: StackEvent): void {
    for (const d of this.drivers) d.notify(event);
  }

  /** What a record of a control-plane change follows: `setup`, the frame, or the event. */
  recordContext(): 'setup' | { readonly frame: number } | { readonly event: string } {
    return this.notificationContext === 'frame' ? { frame: this.currentFrame ?? 0 } : this.notificationContext;
  }

  /** RTM_NEWROUTE / RTM_DELROUTE to `ip monitor route` listeners (held with the setup's records while `held` is set). */
  announceRoute(msg: RouteMessage, r: Route): void {
    const after = this.recordContext();
    if (this.held !== undefined) this.held.route(msg, r, after);
    else this.sink(routeNotification(msg, r, after));
  }

  /**
   * A driver reports a route's hardware flags: `fib_alias_hw_flags_set` /
   * `fib6_info_hw_flags_set` (F-6), notifying user space as `fib_notify_on_flag_change` says.
   */
  setRouteHwFlags(route: Route, flags: HwFlags): void {
    const live = this.fib.table(route.family, route.table).aliasesOf(route.prefix).includes(route);
    if (!live) return; // F-6.1: deleted or replaced meanwhile
    const hw = route.hw;
    if (hw.offload === flags.offload && hw.trap === flags.trap && hw.offloadFailed === flags.offloadFailed) return; // F-6.2
    route.hw = flags;
    const mode = route.family === 4 ? this.sysctl.fibNotify4 : this.sysctl.fibNotify6;
    if (mode === 2 && hw.offloadFailed === flags.offloadFailed) return; // F-6.4
    if (mode === 0) return; // F-6.6
    this.announceRoute('RTM_NEWROUTE', route);
  }

  private fibListener(): FibListener {
    return {
      routeAdded: (route: Route, replaced: Route | undefined, mode: InsertMode, announced?: Route) => {
        this.announceRoute('RTM_NEWROUTE', announced ?? route);
        const first = this.fib.table(route.family, route.table).aliasesOf(route.prefix)[0];
        // F-8 / F-12: drivers hear only of the route that is first for its prefix; an IPv6
        // sibling joining a multipath route is FIB_EVENT_ENTRY_APPEND, all else REPLACE.
        const sibling = route.family === 6 && replaced !== undefined && (mode === 'append' || mode === 'prepend');
        if (first === route) this.notify({ kind: 'route', what: sibling ? 'append' : 'replace', route });
      },
      nexthopsDeleted: (route: Route, gone: Route) => {
        this.announceRoute('RTM_DELROUTE', gone);
        this.notify({ kind: 'route', what: 'replace', route });
      },
      routeDeleted: (route: Route, why: 'user' | 'flush') => {
        if (why === 'user') this.announceRoute('RTM_DELROUTE', route);
        // F-11: the next alias of the same prefix, if any, replaces it in the drivers.
        const next = this.fib.table(route.family, route.table).aliasesOf(route.prefix)[0];
        this.notify(next !== undefined ? { kind: 'route', what: 'replace', route: next } : { kind: 'route', what: 'del', route });
      },
    };
  }

  /** Neighbour changes reach drivers (NETEVENT_NEIGH_UPDATE). */
  neighbourChanged(n: Neighbour): void {
    this.notify({ kind: 'neigh', what: 'update', neigh: n });
  }
}

export function defaultConf(): DeviceConf {
  return {
    forwarding4: false,
    forwarding6: false,
    rpFilter: 0,
    acceptLocal: false,
    arpIgnore: 0,
    disableIpv6: false,
    unresQlenBytes4: NEIGH_PARMS.unresQlenBytes,
    unresQlenBytes6: NEIGH_PARMS.unresQlenBytes,
  };
}
