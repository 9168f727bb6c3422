import { ipv4Number, parseIpAddress, type Family, type IpAddress } from '../../addr/ip-prefix';
import { KernelError } from '../kernel-error';
import { U32Map } from '../u32-map';
import type { NetDevice } from '../netdev';
import { FibTable } from './fib-table';
import { multipathHash, selectNexthop } from './multipath';
import { TABLE, type Nexthop, type Route } from './route';

/** How `ip route` asked for an insert (netlink flags): add = CREATE|EXCL. */
export type InsertMode = 'add' | 'append' | 'prepend' | 'replace' | 'change';

/** Told about every change, in order: the stack turns these into RTM_* records and driver events. */
export interface FibListener {
  /** `announced`: the route as the RTM_NEWROUTE message shows it, when it differs. */
  routeAdded(route: Route, replaced: Route | undefined, mode: InsertMode, announced?: Route): void;
  routeDeleted(route: Route, why: 'user' | 'flush'): void;
  /** IPv6 siblings deleted from a multipath route that stays (`gone` holds just those). */
  nexthopsDeleted(route: Route, gone: Route): void;
}

export interface FibResult {
  readonly route: Route;
  readonly nexthop: Nexthop | undefined;
}

/**
 * The routing tables of both families and the lookup the kernel does for input routing with
 * the default rules (`ip rule`: local 255, then main 254, then default 253): the longest
 * prefix in the first table that has one wins; `throw` sends the lookup on to the next table.
 */
export class Fib {
  private readonly tables = [new Map<number, FibTable>(), new Map<number, FibTable>()];
  /**
   * IPv4 results by destination, for single-path routes (a multipath choice depends on the
   * source too): one map probe per packet instead of a walk of the tables. Emptied on every
   * FIB change; bounded so a scan of many destinations cannot grow it without end.
   */
  private readonly cache4 = new U32Map<FibResult | null>(1024);

  /**
   * Gateway addresses, one object per address however many routes go through it, as routes
   * share a `fib_info` and its `fib_nh_gw4` in the kernel (`fib_find_info`). Kept while the
   * FIB lives: a table has few distinct gateways.
   */
  private readonly gateways = new Map<string, IpAddress>();

  /**
   * Nexthop lists, one per distinct list, however many routes use it: routes share their
   * nexthops as they share a `fib_info` in the kernel (`fib_find_info`), so a table of a
   * million routes through two gateways holds a few nexthop objects, not a million (about
   * 110 bytes a route). Keyed by gateway, device ifindex (never reused), weight and onlink.
   */
  private readonly nexthopLists = new Map<string, readonly Nexthop[]>();

  constructor(private readonly listener: FibListener) {}

  /** The FIB's one list equal to `hops`. */
  sharedNexthops(hops: readonly Nexthop[]): readonly Nexthop[] {
    if (hops.length === 0) return NO_NEXTHOPS;
    let key = '';
    for (const nh of hops) key += `${nh.gateway?.text ?? ''}|${nh.dev?.ifindex ?? 0}|${nh.weight}|${nh.onlink ? 1 : 0} `;
    // A shared nexthop never gets flags (the flagged route gets its own copy), so any will do.
    const known = this.nexthopLists.get(key);
    if (known !== undefined) return known;
    this.nexthopLists.set(key, hops);
    return hops;
  }

  /** The FIB's one object for the gateway address of canonical text `text`, parsed once. */
  gateway(text: string): IpAddress {
    let g = this.gateways.get(text);
    if (g === undefined) {
      g = parseIpAddress(text);
      if (g === undefined) throw new RangeError(`not an IP address: ${JSON.stringify(text)}`);
      this.gateways.set(text, g);
    }
    return g;
  }

  table(family: Family, id: number): FibTable {
    const m = this.tables[family === 4 ? 0 : 1]!;
    let t = m.get(id);
    if (t === undefined) {
      t = new FibTable(family, id);
      m.set(id, t);
    }
    return t;
  }

  tablesOf(family: Family): FibTable[] {
    return [...this.tables[family === 4 ? 0 : 1]!.values()].sort((a, b) => b.id - a.id);
  }

  /** `fib_table_insert` / `fib6_add_rt2node` with the netlink flags of `mode`. */
  insert(route: Route, mode: InsertMode): void {
    this.cache4.clear();
    const t = this.table(route.family, route.table);
    const list = t.aliasesOf(route.prefix);
    const same = list.findIndex((r) => r.tos === route.tos && r.metric === route.metric);
    if (mode === 'replace' || mode === 'change') {
      if (same >= 0) {
        const old = list[same]!;
        t.replaceAt(old, route);
        this.listener.routeAdded(route, old, mode);
        return;
      }
      if (mode === 'change') {
        throw route.family === 4
          ? new KernelError('RTNETLINK answers: No such file or directory', 'ENOENT')
          : new KernelError('Error: Can not replace route - no match found.', 'ENOENT');
      }
    } else if (same >= 0 && mode === 'add') {
      throw new KernelError('RTNETLINK answers: File exists', 'EEXIST');
    } else if (same >= 0 && route.family === 6 && canEcmp(list[same]!) && canEcmp(route)) {
      // IPv6 append and prepend fold a same-metric gateway route into the existing one as an
      // ECMP sibling, at the end (fib6_add_rt2node: rt_can_ecmp → fib6_nsiblings).
      const old = list[same]!;
      if (route.nexthops.some((nh) => old.nexthops.some((o) => o.dev === nh.dev && o.gateway?.text === nh.gateway?.text))) {
        throw new KernelError('RTNETLINK answers: File exists', 'EEXIST');
      }
      const merged: Route = { ...old, nexthops: [...old.nexthops, ...route.nexthops] };
      t.replaceAt(old, merged);
      // The message lists the new sibling first, then the others (rt6_fill_node on the new rt).
      this.listener.routeAdded(merged, old, mode, { ...merged, nexthops: [...route.nexthops, ...old.nexthops] });
      return;
    }
    t.insertAt(route, insertIndex(list, route, mode));
    this.listener.routeAdded(route, undefined, mode);
  }

  /** Deletes some nexthops of an IPv6 multipath route; the route goes with its last one. */
  removeNexthops(route: Route, hops: readonly Nexthop[]): void {
    const rest = route.nexthops.filter((nh) => !hops.includes(nh));
    if (rest.length === 0) return this.remove(route, 'user');
    this.cache4.clear();
    const t = this.table(route.family, route.table);
    const smaller: Route = { ...route, nexthops: rest };
    t.replaceAt(route, smaller);
    this.listener.nexthopsDeleted(smaller, { ...route, nexthops: hops });
  }

  remove(route: Route, why: 'user' | 'flush'): void {
    this.cache4.clear();
    if (this.table(route.family, route.table).remove(route)) this.listener.routeDeleted(route, why);
  }

  /** Routes matching `pred`, in table and alias order. */
  find(family: Family, pred: (r: Route) => boolean): Route[] {
    const out: Route[] = [];
    for (const t of this.tablesOf(family)) for (const r of t.all()) if (pred(r)) out.push(r);
    return out;
  }

  /** Deletes every route through `dev` that `keep` does not keep (link down, unregister). */
  flushDev(dev: NetDevice, family: Family, keep: (r: Route) => boolean): void {
    for (const r of this.find(family, (x) => x.nexthops.some((nh) => nh.dev === dev) && !keep(x))) this.remove(r, 'flush');
  }

  /**
   * Input route lookup for the destination at `b[dstOff..]`; the source at `b[srcOff..]`
   * feeds the multipath hash. Undefined when no table has a route (ENETUNREACH).
   */
  lookup(family: Family, b: Uint8Array, dstOff: number, srcOff: number): FibResult | undefined {
    if (family !== 4) return this.lookupTables(6, b, dstOff, srcOff);
    const key = ipv4Number(b, dstOff);
    const cached = this.cache4.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const res = this.lookupTables(4, b, dstOff, srcOff);
    if (res === undefined || res.route.nexthops.length <= 1) {
      if (this.cache4.size >= CACHE_MAX) this.cache4.clear();
      this.cache4.set(key, res ?? null);
    }
    return res;
  }

  private lookupTables(family: Family, b: Uint8Array, dstOff: number, srcOff: number): FibResult | undefined {
    const tables = this.tables[family === 4 ? 0 : 1]!;
    for (let i = 0; i < LOOKUP_ORDER.length; i++) {
      const t = tables.get(LOOKUP_ORDER[i]!);
      if (t === undefined) continue;
      const found = t.longestMatch(b, dstOff);
      // `throw` ends the lookup in this table; the next rule's table is tried.
      if (found === undefined || found.type === 'throw') continue;
      const nexthop = found.nexthops.length > 1 ? selectNexthop(found.nexthops, multipathHash(b, srcOff, dstOff, family)) : found.nexthops[0];
      return { route: found, nexthop };
    }
    return undefined;
  }
}

const CACHE_MAX = 65536;

const NO_NEXTHOPS: readonly Nexthop[] = Object.freeze([]);

/** With only the default rules, these are the tables input routing consults, in order. */
const LOOKUP_ORDER = [TABLE.LOCAL, TABLE.MAIN, TABLE.DEFAULT] as const;

function canEcmp(r: Route): boolean {
  return r.type === 'unicast' && r.nexthops.every((nh) => nh.gateway !== undefined);
}

/** F-7: TOS descending, metric ascending; prepend goes before equals, add/append after. */
function insertIndex(list: readonly Route[], route: Route, mode: InsertMode): number {
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.tos < route.tos) return i;
    if (r.tos === route.tos && r.metric > route.metric) return i;
    if (r.tos === route.tos && r.metric === route.metric && mode === 'prepend') return i;
  }
  return list.length;
}
