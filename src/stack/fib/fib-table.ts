import { ipv4Number, type Family } from '../../addr/ip-prefix';
import type { Route } from './route';

/**
 * One routing table of one family: routes grouped by prefix length, each group a hash map
 * from the masked destination to its alias list, in the kernel's alias order (F-7: TOS
 * descending, then metric ascending, `prepend` before equals, `append` and add after).
 * Longest-prefix match walks the lengths present, longest first, so a lookup costs one map
 * probe per distinct prefix length and allocates nothing for IPv4.
 */
export class FibTable {
  private readonly byLen = new Map<number, Map<number | string, Route[]>>();
  /** Prefix lengths present, longest first. */
  private lens: number[] = [];

  constructor(
    readonly family: Family,
    readonly id: number,
  ) {}

  /** The alias list for exactly this prefix (possibly empty). */
  aliases(prefixBytes: Uint8Array, len: number): Route[] {
    return this.byLen.get(len)?.get(this.keyOf(prefixBytes, 0, len)) ?? [];
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
    const key = this.keyOf(route.prefix.bytes, 0, len);
    const list = m.get(key);
    if (list === undefined) m.set(key, [route]);
    else list.splice(index, 0, route);
  }

  remove(route: Route): boolean {
    const len = route.prefix.len;
    const m = this.byLen.get(len);
    const key = this.keyOf(route.prefix.bytes, 0, len);
    const list = m?.get(key);
    const i = list?.indexOf(route) ?? -1;
    if (list === undefined || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) {
      m!.delete(key);
      if (m!.size === 0) {
        this.byLen.delete(len);
        this.lens = this.lens.filter((l) => l !== len);
      }
    }
    return true;
  }

  replaceAt(old: Route, route: Route): void {
    const list = this.aliases(old.prefix.bytes, old.prefix.len);
    const i = list.indexOf(old);
    if (i >= 0) list[i] = route;
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
      const list = this.byLen.get(len)!.get(key);
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) if (list[j]!.tos === 0) return list[j];
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
      const list = this.byLen.get(len)!.get(this.keyOf(b, o, len));
      const found = list?.find(pred);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every route, longest prefix first, in alias order. */
  all(): Route[] {
    const out: Route[] = [];
    for (const len of this.lens) for (const list of this.byLen.get(len)!.values()) out.push(...list);
    return out;
  }

  private keyOf(bytes: Uint8Array, o: number, len: number): number | string {
    if (this.family === 4) return len === 0 ? 0 : (ipv4Number(bytes, o) & (0xffffffff << (32 - len))) >>> 0;
    return ipv6Key(bytes, o, len);
  }
}

/** The first `len` bits of an IPv6 address as a string key (the rest masked off). */
function ipv6Key(b: Uint8Array, o: number, len: number): string {
  let s = '';
  const full = len >>> 3;
  for (let i = 0; i < full; i++) s += String.fromCharCode(b[o + i]!);
  const rest = len & 7;
  if (rest !== 0) s += String.fromCharCode(b[o + full]! & (0xff << (8 - rest)) & 0xff);
  return s;
}
