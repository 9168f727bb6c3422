import { prefixMatches, type Family, type IpAddress, type IpPrefix } from '../../addr/ip-prefix';
import type { InsertMode } from '../fib/fib';
import { newHwFlags, SCOPE, TABLE, type Nexthop, type Route, type RouteType, type ScopeName } from '../fib/route';
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
  const nexthops: Nexthop[] = needsNexthop ? spec.nexthops.map((nh) => checkNexthop(stack, spec, nh)) : [];
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
    hw: newHwFlags(),
  };
  stack.fib.insert(route, mode);
  return route;
}

function isLocal(stack: Stack, a: IpAddress): boolean {
  for (const d of stack.devices.values()) if (d.addrs(a.family).some((x) => x.address.text === a.text)) return true;
  return false;
}

/** `fib_check_nh_v4_gw` / `ip6_validate_gw`: the gateway must be on a connected, up link. */
function checkNexthop(stack: Stack, spec: RouteSpec, nh: NexthopSpec): Nexthop {
  const weight = nh.weight ?? 1;
  if (nh.gateway === undefined) {
    if (nh.dev === undefined) throw new KernelError('Error: Device for nexthop is not up.', 'ENODEV');
    if (!nh.dev.adminUp && spec.family === 4) throw new KernelError('Error: Nexthop device is not up.', 'ENETDOWN');
    return { gateway: undefined, dev: nh.dev, weight, onlink: nh.onlink ?? false };
  }
  const gw = nh.gateway;
  if (nh.onlink === true) {
    if (nh.dev === undefined) throw new KernelError('Error: Nexthop device required for onlink.', 'EINVAL');
    if (!nh.dev.adminUp) throw new KernelError('Error: Nexthop device is not up.', 'ENETDOWN');
    return { gateway: gw, dev: nh.dev, weight, onlink: true };
  }
  // The gateway must be reachable by a link-scope (connected) route: fib_lookup with scope ≥ link.
  const connected = stack.fib.find(gw.family, (r) => r.type === 'unicast' && r.nexthops.length === 1 && r.nexthops[0]!.gateway === undefined && (gw.family === 6 || SCOPE[r.scope] >= SCOPE.link) && prefixMatches(r.prefix, gw.bytes, 0) && (nh.dev === undefined || r.nexthops[0]!.dev === nh.dev));
  let best: Route | undefined;
  for (const r of connected) if (best === undefined || r.prefix.len > best.prefix.len) best = r;
  if (best === undefined) {
    if (nh.dev !== undefined && !nh.dev.adminUp) throw new KernelError('Error: Nexthop device is not up.', 'ENETDOWN');
    throw new KernelError(gw.family === 6 ? 'Error: Gateway can not be a local address.' : 'Error: Nexthop has invalid gateway.', 'EINVAL');
  }
  const dev = nh.dev ?? best.nexthops[0]!.dev!;
  if (!dev.adminUp) throw new KernelError('Error: Nexthop device is not up.', 'ENETDOWN');
  return { gateway: gw, dev, weight, onlink: false };
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

/** `ip route del`: the first route matching every attribute given (`fib_table_delete`). */
export function deleteRoute(stack: Stack, m: RouteMatch): void {
  const list = stack.fib.table(m.family, m.table).aliases(m.prefix.bytes, m.prefix.len);
  const r = list.find(
    (x) =>
      (m.type === undefined || x.type === m.type) &&
      (m.metric === undefined || x.metric === m.metric) &&
      (m.gateway === undefined || x.nexthops.some((nh) => nh.gateway?.text === m.gateway!.text)) &&
      (m.dev === undefined || x.nexthops.some((nh) => nh.dev === m.dev)),
  );
  if (r === undefined) throw new KernelError('RTNETLINK answers: No such process', 'ESRCH');
  stack.fib.remove(r, 'user');
}

