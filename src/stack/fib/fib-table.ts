import { ipv4Number, type Family, type IpPrefix } from '../../addr/ip-prefix';
import { ipv4Network, ipv6Key, ipv6PrefixKey } from './route-prefix';
import type { Route } from './route';

/**
 * One routing table of one family: routes grouped by prefix length, each group a hash map
 * from the masked destination to its routes in the kernel's alias order (F-7: TOS
 * descending, then metric ascending, `prepend` before equals, `append` and add after).
 * Longest-prefix match walks the lengths present, longest first, so a lookup costs one map
 * probe per distinct prefix length and allocates nothing for IPv4.
 *
 * Memory is what a big table costs: a prefix with one route (nearly all of an internet
 * table) maps to the route itself, not to a list of one (40 bytes a route less), and an
 * IPv6 key is one flat string of 16-bit units.
 */
export class FibTable {
  private readonly byLen = new Map<number, Map<number | string, Aliases>>();
  /** Prefix lengths present, longest first. */
  private lens: number[] = [];

  constructor(
    readonly family: Family,
    readonly id: number,
  ) {}

  /** The routes of exactly this prefix, in alias order (possibly none); a route's prefix gives its key without making its bytes (route-prefix.ts). */
  aliasesOf(prefix: IpPrefix): readonly Route[] {
    return listOf(this.byLen.get(prefix.len)?.get(this.prefixKey(prefix)));
  }

  /** Inserts `route` at `index` of its alias list. */
  insertAt(route: Route, index: number): void {
    const len = route.prefix.len;
    let m = this.byLen.get(len);
    if (m === undefined) {
      m = new Map();
      this.byLen.set(len, m);
      this.lens = [...this.byLen.keys()].sort((a, b) => b - a);
    }
    const key = this.prefixKey(route.prefix);
    const e = m.get(key);
    if (e === undefined) m.set(key, route);
    else if (isList(e)) e.splice(index, 0, route);
    else m.set(key, index === 0 ? [route, e] : [e, route]);
  }

  remove(route: Route): boolean {
    const len = route.prefix.len;
    const m = this.byLen.get(len);
    const key = this.prefixKey(route.prefix);
    const e = m?.get(key);
    if (m === undefined || e === undefined) return false;
    if (isList(e)) {
      const i = e.indexOf(route);
      if (i < 0) return false;
      e.splice(i, 1);
      // Back to the route alone; setting an existing key keeps the map's order.
      if (e.length === 1) m.set(key, e[0]!);
      return true;
    }
    if (e !== route) return false;
    m.delete(key);
    if (m.size === 0) {
      this.byLen.delete(len);
      this.lens = this.lens.filter((l) => l !== len);
    }
    return true;
  }

  replaceAt(old: Route, route: Route): void {
    const m = this.byLen.get(old.prefix.len);
    const key = this.prefixKey(old.prefix);
    const e = m?.get(key);
    if (e === undefined) return;
    if (!isList(e)) {
      if (e === old) m!.set(key, route);
      return;
    }
    const i = e.indexOf(old);
    if (i >= 0) e[i] = route;
  }

  /**
   * `fib_table_lookup`: the first TOS-0 alias of the longest prefix that contains the address
   * at `b[o..]` and has one (the lookup backtracks to shorter prefixes past a prefix whose
   * aliases all need another TOS). No closure, no allocation for IPv4: this runs per packet.
   */
  longestMatch(b: Uint8Array, o: number): Route | undefined {
    const lens = this.lens;
    const v4 = this.family === 4;
    const a = v4 ? ipv4Number(b, o) : 0;
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i]!;
      const key = v4 ? (len === 0 ? 0 : (a & (0xffffffff << (32 - len))) >>> 0) : ipv6Key(b, o, len);
      const e = this.byLen.get(len)!.get(key);
      if (e === undefined) continue;
      if (!isList(e)) {
        if (e.tos === 0) return e;
        continue;
      }
      for (let j = 0; j < e.length; j++) if (e[j]!.tos === 0) return e[j];
    }
    return undefined;
  }

  /**
   * The first alias, in alias order, of the longest prefix containing the address at `b[o..]`
   * that `pred` takes: what `fib_lookup` finds when only routes like that may answer (the
   * connected route a gateway must be on, `fib_check_nh_v4_gw`). One probe per prefix length,
   * whatever the table's size.
   */
  longestMatchWhere(b: Uint8Array, o: number, pred: (r: Route) => boolean): Route | undefined {
    for (const len of this.lens) {
      const e = this.byLen.get(len)!.get(this.keyOf(b, o, len));
      const found = e === undefined ? undefined : isList(e) ? e.find(pred) : pred(e) ? e : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every route, longest prefix first, in alias order. */
  all(): Route[] {
    const out: Route[] = [];
    for (const len of this.lens) {
      for (const e of this.byLen.get(len)!.values()) {
        if (isList(e)) out.push(...e);
        else out.push(e);
      }
    }
    return out;
  }

  private prefixKey(p: IpPrefix): number | string {
    return this.family === 4 ? ipv4Network(p) : ipv6PrefixKey(p);
  }

  private keyOf(bytes: Uint8Array, o: number, len: number): number | string {
    if (this.family === 4) return len === 0 ? 0 : (ipv4Number(bytes, o) & (0xffffffff << (32 - len))) >>> 0;
    return ipv6Key(bytes, o, len);
  }
}

/** A prefix's routes: the route alone, or two or more in alias order. */
type Aliases = Route | Route[];

function isList(e: Aliases): e is Route[] {
  return Array.isArray(e);
}

function listOf(e: Aliases | undefined): readonly Route[] {
  return e === undefined ? [] : isList(e) ? e : [e];
}
