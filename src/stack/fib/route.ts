import type { Family, IpAddress, IpPrefix } from '../../addr/ip-prefix';
import type { NetDevice } from '../netdev';

/** Route types (`RTN_*`), by the names iproute2 prints. */
export const ROUTE_TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw'] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** Reserved table ids (`RT_TABLE_*`). */
export const TABLE = { DEFAULT: 253, MAIN: 254, LOCAL: 255 } as const;

export function tableName(id: number): string {
  return id === TABLE.MAIN ? 'main' : id === TABLE.LOCAL ? 'local' : id === TABLE.DEFAULT ? 'default' : String(id);
}

/** Route scopes (`RT_SCOPE_*`) by name; lower numbers are wider. */
export const SCOPE = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;
export type ScopeName = keyof typeof SCOPE;

/** Hardware flags a driver sets on a route (F-1 … F-4); all clear on a new route (F-4). */
export interface HwFlags {
  readonly offload: boolean;
  readonly trap: boolean;
  readonly offloadFailed: boolean;
}

/** A new route's flags, shared by every route no driver flagged (most of a big table). */
export const NO_HW_FLAGS: HwFlags = Object.freeze({ offload: false, trap: false, offloadFailed: false });

export interface Nexthop {
  readonly gateway: IpAddress | undefined;
  readonly dev: NetDevice | undefined;
  /** 1..256 (`ip route … nexthop … weight W`). */
  readonly weight: number;
  readonly onlink: boolean;
  /** Per-nexthop hardware flags (RTNH_F_OFFLOAD, RTNH_F_TRAP: F-1), set by a driver. */
  readonly hw?: { offload: boolean; trap: boolean };
}

/**
 * One route (an IPv4 `fib_alias` with its `fib_info`, or an IPv6 `fib6_info` with its
 * siblings folded into `nexthops`): what `ip route add` creates and `ip route` prints.
 */
export interface Route {
  readonly family: Family;
  readonly table: number;
  readonly prefix: IpPrefix;
  readonly type: RouteType;
  /** `metric` / `priority`; IPv6 routes default to 1024 (1024), kernel routes to 256 or 0. */
  readonly metric: number;
  /** `proto`: kernel, boot, static, … (iproute2 names). */
  readonly proto: string;
  readonly scope: ScopeName;
  readonly src: IpAddress | undefined;
  readonly tos: number;
  /** Shared with the routes through the same nexthops until a driver flags one (`setNexthopHwFlags`). */
  nexthops: readonly Nexthop[];
  /** Replaced, never changed in place (`Stack.setRouteHwFlags`). */
  hw: HwFlags;
  /** The device address that made this route (kernel routes), for deletion with it. */
  readonly ownerAddress?: string;
}

/**
 * A driver sets the RTNH_F_OFFLOAD / RTNH_F_TRAP of a route's nexthop `i` (F-1, M-6:
 * `mlxsw_sp_nexthop4_group_offload_refresh` writes `fib_nh_flags` directly, no notification).
 * Routes share unflagged nexthops (`Fib.sharedNexthops`); the first flag gives the route its
 * own copy, so flags stay per route.
 */
export function setNexthopHwFlags(route: Route, i: number, offload: boolean, trap: boolean): void {
  const nh = route.nexthops[i]!;
  const hw = nh.hw;
  if (hw !== undefined) {
    hw.offload = offload;
    hw.trap = trap;
  } else if (offload || trap) {
    const own = route.nexthops.slice();
    own[i] = { ...nh, hw: { offload, trap } };
    route.nexthops = own;
  }
}
