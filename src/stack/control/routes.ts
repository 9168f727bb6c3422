import { type Family, type IpAddress, type IpPrefix } from '../../addr/ip-prefix';
import type { InsertMode } from '../fib/fib';
import { NO_HW_FLAGS, type Nexthop, type Route, type RouteType, type ScopeName } from '../fib/route';
import { KernelError } from '../kernel-error';
import type { NetDevice } from '../netdev';
import type { Stack } from '../stack';

export interface NexthopSpec {
  readonly gateway?: IpAddress;
  readonly dev?: NetDevice;
  readonly weight?: number;
  readonly onlink?: boolean;
}

export interface RouteSpec {
  readonly family: Family;
  readonly type: RouteType;
  readonly prefix: IpPrefix;
  /** Whether the written destination had host bits set (IPv4 refuses it). */
  readonly hostBitsSet: boolean;
  readonly table: number;
  readonly metric?: number;
  readonly proto: string;
  readonly scope: ScopeName;
  readonly src?: IpAddress;
  readonly nexthops: readonly NexthopSpec[];
}

/**
 * `ip route add|append|prepend|replace|change`: the kernel's checks (`fib_create_info`,
 * `fib_check_nh`, `ip6_route_info_create`), then the insert with its notifications.
 */
export function addRoute(stack: Stack, spec: RouteSpec, mode: InsertMode): Route {
  if (spec.family === 4 && spec.hostBitsSet) throw new KernelError('Error: Invalid prefix for given prefix length.', 'EINVAL');
  const needsNexthop = spec.type === 'unicast' || spec.type === 'local' || spec.type === 'broadcast' || spec.type === 'multicast' || spec.type === 'anycast';
  if (!needsNexthop && spec.nexthops.some((nh) => nh.gateway !== undefined || nh.dev !== undefined)) {
    // fib_create_info / ip6_route_info_create: reject routes carry no nexthop.
    throw new KernelError('Error: Gateway, device and multipath can not be specified for this route type.', 'EINVAL');
  }
  const nexthops = stack.fib.sharedNexthops(needsNexthop ? spec.nexthops.map((nh) => checkNexthop(stack, nh)) : []);
  if (needsNexthop && nexthops.length === 0) throw new KernelError('Error: Device for nexthop is not up.', 'ENODEV');
  if (spec.src !== undefined && !isLocal(stack, spec.src)) throw new KernelError('Error: Invalid prefsrc address.', 'EINVAL');
  const route: Route = {
    family: spec.family,
    table: spec.table,
    prefix: spec.prefix,
    type: spec.type,
    metric: spec.metric ?? (spec.family === 6 ? 1024 : 0),
    proto: spec.proto,
    scope: spec.scope,
    src: spec.src,
    tos: 0,
    nexthops,
    hw: NO_HW_FLAGS,
  };
  stack.fib.insert(route, mode);
  return route;
}

function isLocal(stack: Stack, a: IpAddress): boolean {
  for (const d of stack.devices.values()) if (d.addrs(a.family).some((x) => x.address.text === a.text)) return true;
  return false;
}

/**
 * `fib_check_nh_v4_gw` / `ip6_validate_gw` (messages measured on Linux 6.18,
 * docs/kernel-behaviour.md): the gateway must be on a connected subnet of an up device, the
 * one named when `dev` is given.
 */
function checkNexthop(stack: Stack, nh: NexthopSpec): Nexthop {
  const weight = nh.weight ?? 1;
  if (nh.gateway === undefined) {
    if (nh.dev === undefined || !nh.dev.adminUp) throw new KernelError('Error: Device for nexthop is not up.', 'ENETDOWN');
    return { gateway: undefined, dev: nh.dev, weight, onlink: nh.onlink ?? false };
  }
  const gw = stack.fib.gateway(nh.gateway.text);
  if (nh.onlink === true) {
    if (nh.dev === undefined) throw new KernelError('Error: Nexthop device required for onlink.', 'EINVAL');
    if (!nh.dev.adminUp) throw new KernelError('Error: Nexthop device is not up.', 'ENETDOWN');
    return { gateway: gw, dev: nh.dev, weight, onlink: true };
  }
  const linkLocal = gw.family === 6 && gw.bytes[0] === 0xfe && (gw.bytes[1]! & 0xc0) === 0x80;
  if (linkLocal) {
    if (nh.dev === undefined) throw new KernelError('Error: Egress device not specified.', 'EINVAL');
    return { gateway: gw, dev: nh.dev, weight, onlink: false };
  }
  // The longest connected prefix over the gateway in any table (the first table wins a tie),
  // by a lookup per table: a walk of every route here made a table of N routes cost N² to load.
  let best: Route | undefined;
  for (const t of stack.fib.tablesOf(gw.family)) {
    const r = t.longestMatchWhere(gw.bytes, 0, isConnected);
    if (r !== undefined && (best === undefined || r.prefix.len > best.prefix.len)) best = r;
  }
  const dev = best?.nexthops[0]!.dev;
  if (best === undefined || dev === undefined || (nh.dev !== undefined && nh.dev !== dev) || !dev.adminUp) {
    if (gw.family === 6) throw new KernelError('RTNETLINK answers: No route to host', 'EHOSTUNREACH');
    throw new KernelError('Error: Nexthop has invalid gateway.', 'EINVAL');
  }
  return { gateway: gw, dev, weight, onlink: false };
}

/** A route to a subnet on a device: one nexthop, no gateway. */
function isConnected(r: Route): boolean {
  return r.type === 'unicast' && r.nexthops.length === 1 && r.nexthops[0]!.gateway === undefined;
}

export interface RouteMatch {
  readonly family: Family;
  readonly prefix: IpPrefix;
  readonly table: number;
  readonly type?: RouteType;
  readonly metric?: number;
  readonly gateway?: IpAddress;
  readonly dev?: NetDevice;
}

/**
 * `ip route del`: the first route matching every attribute given (`fib_table_delete`). For an
 * IPv6 multipath route, a gateway names one nexthop, and only that one goes (`fib6_del` of a
 * sibling).
 */
export function deleteRoute(stack: Stack, m: RouteMatch): void {
  if (!stack.fib.tablesOf(m.family).some((t) => t.id === m.table)) throw new KernelError('Error: FIB table does not exist.', 'ESRCH');
  const list = stack.fib.table(m.family, m.table).aliasesOf(m.prefix);
  const matchesHop = (nh: Nexthop): boolean => (m.gateway === undefined || nh.gateway?.text === m.gateway.text) && (m.dev === undefined || nh.dev === m.dev);
  const r = list.find((x) => (m.type === undefined || x.type === m.type) && (m.metric === undefined || x.metric === m.metric) && (x.nexthops.length === 0 ? m.gateway === undefined && m.dev === undefined : x.nexthops.some(matchesHop)));
  if (r === undefined) throw new KernelError('RTNETLINK answers: No such process', 'ESRCH');
  if (r.family === 6 && r.nexthops.length > 1 && (m.gateway !== undefined || m.dev !== undefined)) {
    stack.fib.removeNexthops(r, r.nexthops.filter(matchesHop));
    return;
  }
  stack.fib.remove(r, 'user');
}
