import type { RouteMessage } from '../../decision/records';
import { compareBytes } from '../../addr/ip-prefix';
import type { Fib } from './fib';
import { tableName, TABLE, type Route } from './route';

/**
 * A route as iproute2 6.1 prints it (`print_route` in ip/iproute.c), for `ip monitor route`
 * lines and `ip route` dumps: type unless unicast, destination, via, dev, table unless main,
 * proto unless boot, scope unless global, src, metric when the kernel sends one (IPv4 only
 * when non-zero; IPv6 always), the route flags (F-3), then the nexthop lines and IPv6's pref.
 */
export function formatRoute(r: Route, msg: RouteMessage = 'RTM_NEWROUTE'): string {
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
  if (r.family === 4 && single?.hw !== undefined) {
    if (single.hw.offload) parts.push('offload');
    if (single.hw.trap) parts.push('trap');
  }
  parts.push(...routeFlagNames(r));
  // IPv6's router preference ends the first line; nexthops follow, one per line.
  if (r.family === 6) parts.push('pref', 'medium');
  let text = parts.join(' ');
  if (r.nexthops.length > 1) {
    for (const nh of r.nexthops) {
      const hop = ['nexthop'];
      if (nh.gateway !== undefined) hop.push('via', nh.gateway.text);
      if (nh.dev !== undefined) hop.push('dev', nh.dev.name);
      hop.push('weight', String(nh.weight));
      if (nh.onlink) hop.push('onlink');
      if (nh.hw?.offload === true) hop.push('offload');
      if (nh.hw?.trap === true) hop.push('trap');
      text += `\n\t${hop.join(' ')}`;
    }
  }
  return text;
}

const FLAG_LISTS: readonly (readonly string[])[] = Array.from({ length: 8 }, (_, bits) =>
  Object.freeze([...(bits & 1 ? ['rt_offload'] : []), ...(bits & 2 ? ['rt_trap'] : []), ...(bits & 4 ? ['rt_offload_failed'] : [])]),
);

/** The same names as one shared frozen list per combination: for per-frame records (no allocation). */
export function routeFlagList(r: Route): readonly string[] {
  return FLAG_LISTS[(r.hw.offload ? 1 : 0) | (r.hw.trap ? 2 : 0) | (r.hw.offloadFailed ? 4 : 0)]!;
}

/** `rt_offload`, `rt_trap`, `rt_offload_failed`, as `print_rt_flags` names them (F-3). */
export function routeFlagNames(r: Route): string[] {
  const out: string[] = [];
  if (r.hw.offload) out.push('rt_offload');
  if (r.hw.trap) out.push('rt_trap');
  if (r.hw.offloadFailed) out.push('rt_offload_failed');
  return out;
}

/**
 * `ip route show table all` then `ip -6 route show table all`: main and the other tables
 * first, local last, each in address order (the FIB dump's walk), hardware flags included.
 */
export function routeDump(fib: Fib): string[] {
  const out: string[] = [];
  for (const family of [4, 6] as const) {
    for (const t of fib.tablesOf(family).sort((a, b) => (a.id === TABLE.LOCAL ? 1 : b.id === TABLE.LOCAL ? -1 : a.id - b.id))) {
      const routes = t.all().sort((x, y) => compareBytes(x.prefix.bytes, y.prefix.bytes) || x.prefix.len - y.prefix.len);
      for (const r of routes) out.push(formatRoute(r));
    }
  }
  return out;
}
