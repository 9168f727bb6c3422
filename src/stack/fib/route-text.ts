import type { RouteMessage } from '../../decision/records';
import { compareBytes } from '../../addr/ip-prefix';
import type { Fib } from './fib';
import { tableName, TABLE, type Route } from './route';

/**
 * A route's hardware flags packed in a number, as they were when a notification was sent, so
 * that its text can be written later (setup's notifications are held until the setup ran):
 * bits 0–2 the route's `rt_offload`, `rt_trap`, `rt_offload_failed`; then two bits per
 * nexthop, its RTNH_F_OFFLOAD and RTNH_F_TRAP. Undefined for a route with more nexthops than
 * the bits hold (its text is then written at once).
 */
export function hwSnapshot(r: Route): number | undefined {
  if (r.nexthops.length > MAX_SNAPSHOT_NEXTHOPS) return undefined;
  let bits = (r.hw.offload ? 1 : 0) | (r.hw.trap ? 2 : 0) | (r.hw.offloadFailed ? 4 : 0);
  for (let i = 0; i < r.nexthops.length; i++) {
    const hw = r.nexthops[i]!.hw;
    if (hw !== undefined) bits |= ((hw.offload ? 1 : 0) | (hw.trap ? 2 : 0)) << (3 + 2 * i);
  }
  return bits;
}

const MAX_SNAPSHOT_NEXTHOPS = 14;

/**
 * A route as iproute2 6.1 prints it (`print_route` in ip/iproute.c), for `ip monitor route`
 * lines and `ip route` dumps: type unless unicast, destination, via, dev, table unless main,
 * proto unless boot, scope unless global, src, metric when the kernel sends one (IPv4 only
 * when non-zero; IPv6 always), the route flags (F-3), then the nexthop lines and IPv6's pref.
 * The hardware flags are the route's now, or those of `hw` (a `hwSnapshot`).
 */
export function formatRoute(r: Route, msg: RouteMessage = 'RTM_NEWROUTE', hw: number | undefined = hwSnapshot(r)): string {
  const nhOffload = (i: number): boolean => (hw === undefined ? r.nexthops[i]!.hw?.offload === true : (hw & (1 << (3 + 2 * i))) !== 0);
  const nhTrap = (i: number): boolean => (hw === undefined ? r.nexthops[i]!.hw?.trap === true : (hw & (1 << (4 + 2 * i))) !== 0);
  const parts: string[] = [];
  if (msg === 'RTM_DELROUTE') parts.push('Deleted');
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.prefix.len === 0 ? 'default' : r.prefix.text);
  const single = r.nexthops.length === 1 ? r.nexthops[0] : undefined;
  if (single?.gateway !== undefined) parts.push('via', single.gateway.text);
  // IPv6 reject routes are bound to lo; the kernel reports that device.
  if (single?.dev !== undefined) parts.push('dev', single.dev.name);
  else if (r.family === 6 && r.nexthops.length === 0) parts.push('dev', 'lo');
  if (r.table !== TABLE.MAIN) parts.push('table', tableName(r.table));
  if (r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src !== undefined) parts.push('src', r.src.text);
  if (r.family === 6 || r.metric !== 0) parts.push('metric', String(r.metric));
  if (single?.onlink) parts.push('onlink');
  // IPv4 single-path: the nexthop's offload/trap flags are ORed into rtm_flags (F-3).
  if (r.family === 4 && single !== undefined) {
    if (nhOffload(0)) parts.push('offload');
    if (nhTrap(0)) parts.push('trap');
  }
  parts.push(...FLAG_LISTS[(hw ?? routeBits(r)) & 7]!);
  // IPv6's router preference ends the first line; nexthops follow, one per line.
  if (r.family === 6) parts.push('pref', 'medium');
  let text = parts.join(' ');
  if (r.nexthops.length > 1) {
    for (let i = 0; i < r.nexthops.length; i++) {
      const nh = r.nexthops[i]!;
      const hop = ['nexthop'];
      if (nh.gateway !== undefined) hop.push('via', nh.gateway.text);
      if (nh.dev !== undefined) hop.push('dev', nh.dev.name);
      hop.push('weight', String(nh.weight));
      if (nh.onlink) hop.push('onlink');
      if (nhOffload(i)) hop.push('offload');
      if (nhTrap(i)) hop.push('trap');
      text += `\n\t${hop.join(' ')}`;
    }
  }
  return text;
}

const FLAG_LISTS: readonly (readonly string[])[] = Array.from({ length: 8 }, (_, bits) =>
  Object.freeze([...(bits & 1 ? ['rt_offload'] : []), ...(bits & 2 ? ['rt_trap'] : []), ...(bits & 4 ? ['rt_offload_failed'] : [])]),
);

function routeBits(r: Route): number {
  return (r.hw.offload ? 1 : 0) | (r.hw.trap ? 2 : 0) | (r.hw.offloadFailed ? 4 : 0);
}

/**
 * `rt_offload`, `rt_trap`, `rt_offload_failed`, as `print_rt_flags` names them (F-3): one
 * shared frozen list per combination, now or as in a `hwSnapshot` (no allocation per record).
 */
export function routeFlagList(r: Route, hw: number = routeBits(r)): readonly string[] {
  return FLAG_LISTS[hw & 7]!;
}

/**
 * `ip route show table all` then `ip -6 route show table all`: main and the other tables
 * first, local last, each in address order (the FIB dump's walk), hardware flags included.
 */
export function routeDump(fib: Fib): string[] {
  const out: string[] = [];
  for (const family of [4, 6] as const) {
    for (const t of fib.tablesOf(family).sort((a, b) => (a.id === TABLE.LOCAL ? 1 : b.id === TABLE.LOCAL ? -1 : a.id - b.id))) {
      // A route's prefix bytes may be made when asked (route-prefix.ts): once each, not per comparison.
      const keyed = t.all().map((r) => ({ r, bytes: r.prefix.bytes }));
      keyed.sort((x, y) => compareBytes(x.bytes, y.bytes) || x.r.prefix.len - y.r.prefix.len);
      for (const { r } of keyed) out.push(formatRoute(r));
    }
  }
  return out;
}
