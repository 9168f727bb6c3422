import type { DeviceKind, IfAddress, NetDevice } from './netdev';
import type { Neighbour } from './neighbour';
import type { Route } from './fib/route';
import type { Skb } from './skb';

/**
 * The seam for switchdev-style offload drivers (DESIGN.md §4): `spectrum` (mlxsw) and
 * `netdevsim` plug in here, platform `linux` has none. A driver mirrors kernel state through
 * notifier-style events, as a real driver registers netdevice / inetaddr / fib / netevent /
 * switchdev notifiers, and sees every frame that enters a physical port before the software
 * path, as an ASIC does.
 */
export type StackEvent =
  | { readonly kind: 'netdev'; readonly what: 'register' | 'unregister' | 'up' | 'down' | 'change-mac' | 'change-upper'; readonly dev: NetDevice }
  /**
   * NETDEV_PRECHANGEUPPER: `lower` is about to get an upper of `upperKind` (a new macvlan or
   * VLAN on it, or `upper` as its master). A driver vetoes by throwing (V-2 … V-4).
   */
  | { readonly kind: 'precheck-upper'; readonly lower: NetDevice; readonly upperKind: DeviceKind; readonly upper: NetDevice | undefined }
  | { readonly kind: 'address'; readonly what: 'add' | 'del'; readonly dev: NetDevice; readonly address: IfAddress }
  /** FIB_EVENT_ENTRY_REPLACE / APPEND / DEL: only for the route drivers are told about (F-8, F-11, F-12). */
  | { readonly kind: 'route'; readonly what: 'replace' | 'append' | 'del'; readonly route: Route }
  | { readonly kind: 'neigh'; readonly what: 'update' | 'del'; readonly neigh: Neighbour }
  | { readonly kind: 'fdb'; readonly what: 'add' | 'del'; readonly bridge: NetDevice; readonly port: NetDevice; readonly mac: string; readonly vid: number };

/** What a driver did with a frame on a port it owns. */
export type IngressResult =
  /** Not the driver's business, or trapped to the CPU: the software path takes it. */
  | 'software'
  /** Decided in hardware (forwarded or dropped); the driver reported it on the outcome. */
  | 'handled';

export interface OffloadDriver {
  readonly name: string;
  /** Whether this driver owns the port (mlxsw ports are its own netdevs). */
  ownsPort(dev: NetDevice): boolean;
  ingress(port: NetDevice, skb: Skb): IngressResult;
  /** Notifier events, in the order the kernel sends them. May throw a KernelError to veto. */
  notify(event: StackEvent): void;
  /** The devlink instance, when the driver registers one (`devlink trap set`, `--stats`). */
  readonly devlink?: Devlink;
}

/** A devlink instance's trap interface (net/devlink/trap.c). */
export interface Devlink {
  /** `bus/device`, as `devlink dev` names it. */
  readonly handle: string;
  /**
   * `devlink trap set HANDLE trap NAME action A` (T-3): throws a KernelError when refused;
   * returns the extack warning when the kernel accepts but skips it.
   */
  setTrapAction(name: string, action: string): string | undefined;
  /** `devlink -s trap show`: every registered trap with its action and stats. */
  trapStats(): readonly TrapStats[];
}

export interface TrapStats {
  readonly name: string;
  readonly type: string;
  readonly group: string;
  readonly action: string;
  readonly packets: number;
  readonly bytes: number;
}
