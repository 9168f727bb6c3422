import type { IpAddress, IpPrefix } from '../addr/ip-prefix';
import { formatMac } from '../addr/mac';
import type { BridgeState, BridgePort } from './devices/bridge';
import type { MacvlanDev, MacvlanPort } from './devices/macvlan';
import type { VlanDev } from './devices/vlan';
import type { Skb } from './skb';

/**
 * A network device, shaped like the kernel's `struct net_device` (DESIGN.md §4): identity,
 * link state, the master/lower/upper links, its addresses, and the per-kind state of the
 * device (`bridge`, `macvlan`, `vlan`) and of the role it plays for an upper
 * (`brport`, `macvlanPort`: what `netdev_rx_handler_register` installs).
 */

export type DeviceKind = 'port' | 'loopback' | 'dummy' | 'bridge' | 'macvlan' | 'vlan';

/** What an rx_handler returns (`enum rx_handler_result`), with the new device for ANOTHER. */
export type RxHandlerResult =
  | { readonly kind: 'consumed' }
  | { readonly kind: 'another'; readonly dev: NetDevice }
  | { readonly kind: 'exact' }
  | { readonly kind: 'pass' };

export const RX_CONSUMED: RxHandlerResult = { kind: 'consumed' };
export const RX_PASS: RxHandlerResult = { kind: 'pass' };

/** An address on a device (`struct in_ifaddr` / `inet6_ifaddr`). */
export interface IfAddress {
  readonly address: IpAddress;
  /** The connected prefix (address/len, host bits cleared). */
  readonly prefix: IpPrefix;
  readonly scope: string;
  readonly noprefixroute: boolean;
  readonly metric: number;
  /** IPv4 only: the directed broadcast address, when the prefix is shorter than /31. */
  readonly broadcast?: IpAddress;
}

/** Per-device sysctls the datapath reads (net.ipv4.conf.DEV.*, net.ipv6.conf.DEV.*). */
export interface DeviceConf {
  forwarding4: boolean;
  forwarding6: boolean;
  rpFilter: number;
  acceptLocal: boolean;
  arpIgnore: number;
  disableIpv6: boolean;
  /** net.ipv4.neigh.DEV.unres_qlen_bytes / net.ipv6.neigh.DEV.unres_qlen_bytes. */
  unresQlenBytes4: number;
  unresQlenBytes6: number;
}

export class NetDevice {
  adminUp = false;
  /** Physical carrier: ports have it unless a fixture pulls the cable. */
  carrier = true;
  master: NetDevice | undefined = undefined;
  /** The device this one sits on (macvlan, vlan). */
  lower: NetDevice | undefined = undefined;
  readonly uppers: NetDevice[] = [];
  readonly addrs4: IfAddress[] = [];
  readonly addrs6: IfAddress[] = [];
  promisc = 0;
  /** IN6_ADDR_GEN_MODE_NONE (`ip link set DEV addrgenmode none`): no link-local address on up. */
  addrGenModeNone = false;
  allmulti = 0;
  /** Groups joined explicitly (`ip address add GROUP dev D autojoin`), beyond the kernel's own. */
  readonly joined4: Uint8Array[] = [];
  readonly joined6: Uint8Array[] = [];
  /** Addresses added with `bridge fdb add … self` (the device's own unicast list). */
  readonly selfFdb = new Set<string>();
  /** The rx_handler `netdev_rx_handler_register` installed (bridge port, macvlan port). */
  rxHandler: ((skb: Skb) => RxHandlerResult) | undefined = undefined;

  bridge: BridgeState | undefined = undefined;
  macvlan: MacvlanDev | undefined = undefined;
  vlan: VlanDev | undefined = undefined;
  /** Set while this device is enslaved to a bridge. */
  brport: BridgePort | undefined = undefined;
  /** Set while macvlans sit on this device. */
  macvlanPort: MacvlanPort | undefined = undefined;
  /** 802.1Q sub-interfaces on this device, by VLAN id. */
  readonly vlans = new Map<number, NetDevice>();

  /**
   * The switch ASIC this port belongs to (`netdev_port_same_parent_id`), set by its driver:
   * the software bridge does not forward an `offload_fwd_mark` frame to such ports again.
   */
  hwDomain: string | undefined = undefined;

  /** The frame leaves the box here (the device has no lower to hand it to). */
  readonly isEgressPoint: boolean;

  private macText: string;

  constructor(
    readonly ifindex: number,
    public name: string,
    readonly kind: DeviceKind,
    public mac: Uint8Array,
    public mtu: number,
    readonly conf: DeviceConf,
  ) {
    this.macText = formatMac(mac, 0);
    this.isEgressPoint = kind === 'port' || kind === 'dummy';
  }

  get macAddress(): string {
    return this.macText;
  }

  setMac(mac: Uint8Array): void {
    this.mac = mac;
    this.macText = formatMac(mac, 0);
  }

  /** IFF_RUNNING as the datapath needs it: up, with carrier, on a running lower. */
  get running(): boolean {
    if (!this.adminUp) return false;
    if (this.kind === 'port') return this.carrier;
    return this.lower === undefined ? true : this.lower.running;
  }

  addrs(family: 4 | 6): IfAddress[] {
    return family === 4 ? this.addrs4 : this.addrs6;
  }
}

export function isMulticastMac(b: Uint8Array, o: number): boolean {
  return (b[o]! & 1) === 1;
}

export function isBroadcastMac(b: Uint8Array, o: number): boolean {
  return (b[o]! & b[o + 1]! & b[o + 2]! & b[o + 3]! & b[o + 4]! & b[o + 5]!) === 0xff;
}

export function macEquals(a: Uint8Array, ao: number, b: Uint8Array, bo: number): boolean {
  return (
    a[ao] === b[bo] &&
    a[ao + 1] === b[bo + 1] &&
    a[ao + 2] === b[bo + 2] &&
    a[ao + 3] === b[bo + 3] &&
    a[ao + 4] === b[bo + 4] &&
    a[ao + 5] === b[bo + 5]
  );
}

/** A 48-bit MAC as a number (exact in a double): the key of FDB and macvlan hash maps. */
export function macKey(b: Uint8Array, o: number): number {
  return (b[o]! * 2 ** 40) + (b[o + 1]! * 2 ** 32) + ((b[o + 2]! << 24) >>> 0) + (b[o + 3]! << 16) + (b[o + 4]! << 8) + b[o + 5]!;
}
