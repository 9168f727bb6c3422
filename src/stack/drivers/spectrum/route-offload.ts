import type { Route } from '../../fib/route';
import type { NetDevice } from '../../netdev';
import { nudValid, type NeighbourTable } from '../../neighbour';

/**
 * mlxsw's view of a route (spectrum_router.c, M-2, M-3): the entry type it programs and
 * whether that is offloaded (`mlxsw_sp_fib_entry_should_offload`), which sets the route's
 * hardware flags (M-1: offload = should_offload, trap = !should_offload).
 */
export type EntryType = 'remote' | 'local' | 'trap' | 'blackhole' | 'unreachable' | 'ignored';

export function entryType(r: Route): EntryType {
  switch (r.type) {
    case 'local':
    case 'broadcast':
    case 'anycast':
      return 'trap';
    case 'blackhole':
      return 'blackhole';
    case 'unreachable':
    case 'prohibit':
      return 'unreachable';
    case 'unicast':
      return r.nexthops.some((nh) => nh.gateway !== undefined) ? 'remote' : 'local';
    default:
      // IPv6 multicast (ff00::/8) and throw routes are not programmed.
      return 'ignored';
  }
}

/**
 * The nexthops the ASIC's adjacency group holds (M-5): a gateway whose neighbour on a RIF is
 * NUD_VALID. A connected route needs only its RIF.
 */
export function validNexthops(r: Route, hasRif: (d: NetDevice) => boolean, neigh: NeighbourTable): Route['nexthops'] {
  return r.nexthops.filter((nh) => {
    if (nh.dev === undefined || !hasRif(nh.dev)) return false;
    if (nh.gateway === undefined) return true;
    const n = neigh.lookup(r.family, nh.dev, nh.gateway.bytes, 0);
    return n !== undefined && nudValid(n.state);
  });
}

/** M-2: whether mlxsw offloads the route; undefined for a route it does not program. */
export function shouldOffload(r: Route, hasRif: (d: NetDevice) => boolean, neigh: NeighbourTable): boolean | undefined {
  if (r.family === 4 && r.tos !== 0) return false;
  switch (entryType(r)) {
    case 'remote':
      return validNexthops(r, hasRif, neigh).length > 0;
    case 'local':
      return r.nexthops.some((nh) => nh.dev !== undefined && hasRif(nh.dev));
    case 'blackhole':
      return true;
    case 'trap':
    case 'unreachable':
      return false;
    case 'ignored':
      return undefined;
  }
}
