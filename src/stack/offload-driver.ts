import type { IfAddress, NetDevice } from './netdev';
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
}
