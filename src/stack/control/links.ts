import { compareBytes } from '../../addr/ip-prefix';
import { macEquals, type IfAddress, type NetDevice } from '../netdev';
import { bridgeHandleFrame, fdbDelete, fdbFlushPort, fdbInsert, newBridgeState } from '../devices/bridge';
import { macvlanHandleFrame, type MacvlanMode } from '../devices/macvlan';
import { KernelError } from '../kernel-error';
import type { Stack } from '../stack';
import { addAddressRoutes, countLocal, ipv6LinkUp, removeAddressRoutes } from './addresses';

/** Ethernet's default MTU, and the loopback's. */
export const ETH_DATA_LEN = 1500;
export const LOOPBACK_MTU = 65536;

/**
 * A MAC for a device created without one. The kernel picks a random one
 * (`eth_hw_addr_random`); we derive a locally administered one from the ifindex so runs
 * are reproducible (documented divergence). Bridges then take their lowest port's MAC.
 */
export function generatedMac(ifindex: number): Uint8Array {
  return Uint8Array.of(0x02, 0x7a, 0x00, 0x00, (ifindex >>> 8) & 0xff, ifindex & 0xff);
}

export function createLoopback(stack: Stack): NetDevice {
  const lo = stack.createDevice('lo', 'loopback', new Uint8Array(6), LOOPBACK_MTU);
  return lo;
}

export function createPort(stack: Stack, name: string, mac: Uint8Array): NetDevice {
  return stack.createDevice(name, 'port', mac, ETH_DATA_LEN);
}

export function createBridge(stack: Stack, name: string, mac: Uint8Array | undefined): NetDevice {
  const dev = stack.createDevice(name, 'bridge', mac ?? new Uint8Array(6), ETH_DATA_LEN);
  if (mac === undefined) dev.setMac(generatedMac(dev.ifindex));
  dev.bridge = newBridgeState();
  dev.bridge.macSetByUser = mac !== undefined;
  fdbInsert(stack, dev, dev.mac, 0, undefined, true, true);
  return dev;
}

export function createDummy(stack: Stack, name: string, mac: Uint8Array | undefined): NetDevice {
  const dev = stack.createDevice(name, 'dummy', mac ?? new Uint8Array(6), ETH_DATA_LEN);
  if (mac === undefined) dev.setMac(generatedMac(dev.ifindex));
  return dev;
}

/** `macvlan_common_newlink` (MV-1): the port is created on the lower with the first macvlan. */
export function createMacvlan(stack: Stack, name: string, lower: NetDevice, mode: MacvlanMode, mac: Uint8Array | undefined, nopromisc: boolean): NetDevice {
  // A macvlan on a macvlan attaches to the real lower device (MV-2).
  const real = lower.kind === 'macvlan' ? lower.lower! : lower;
  if (real.kind === 'loopback') throw new KernelError('RTNETLINK answers: Invalid argument', 'EINVAL');
  if (real.brport !== undefined) throw new KernelError('RTNETLINK answers: Device or resource busy', 'EBUSY');
  const port = real.macvlanPort;
  if (mode === 'passthru' && port !== undefined && port.macvlans.length > 0) throw new KernelError('RTNETLINK answers: Invalid argument', 'EINVAL');
  if (port?.macvlans.some((m) => m.macvlan!.mode === 'passthru')) throw new KernelError('RTNETLINK answers: Invalid argument', 'EINVAL');
  stack.notify({ kind: 'precheck-upper', lower: real, upperKind: 'macvlan', upper: undefined });
  const dev = stack.createDevice(name, 'macvlan', mac ?? new Uint8Array(6), real.mtu);
  if (mode === 'passthru') dev.setMac(Uint8Array.from(real.mac));
  else if (mac === undefined) dev.setMac(generatedMac(dev.ifindex));
  dev.lower = real;
  dev.macvlan = { mode, nopromisc, sourceMacs: [] };
  real.uppers.push(dev);
  if (real.macvlanPort === undefined) {
    real.macvlanPort = { lower: real, macvlans: [] };
    real.rxHandler = (skb) => macvlanHandleFrame(stack, skb);
  }
  real.macvlanPort.macvlans.push(dev);
  return dev;
}

export function createVlan(stack: Stack, name: string, lower: NetDevice, id: number, proto: number, mac: Uint8Array | undefined): NetDevice {
  if (lower.vlans.has(id)) throw new KernelError('RTNETLINK answers: File exists', 'EEXIST');
  stack.notify({ kind: 'precheck-upper', lower, upperKind: 'vlan', upper: undefined });
  const dev = stack.createDevice(name, 'vlan', mac ?? Uint8Array.from(lower.mac), lower.mtu);
  dev.lower = lower;
  dev.vlan = { id, proto };
  lower.uppers.push(dev);
  lower.vlans.set(id, dev);
  return dev;
}

/** `dev_open` / `__dev_close` and what the stack does on NETDEV_UP / NETDEV_DOWN. */
export function setLinkUp(stack: Stack, dev: NetDevice, up: boolean): void {
  if (dev.adminUp === up) return;
  if (up) {
    if (dev.kind === 'macvlan') checkMacvlanAddress(dev, dev.mac);
    dev.adminUp = true;
    lowerUnicastFilter(dev, +1);
    stack.notify({ kind: 'netdev', what: 'up', dev });
    // NETDEV_UP: fib_add_ifaddr again for each primary (its local route is still there).
    const primaries = new Map<string, IfAddress>();
    for (const ifa of dev.addrs4) {
      const primary = primaries.get(ifa.prefix.text);
      if (primary === undefined) primaries.set(ifa.prefix.text, ifa);
      addAddressRoutes(stack, dev, ifa, primary?.address, false);
    }
    ipv6LinkUp(stack, dev);
    return;
  }
  dev.adminUp = false;
  lowerUnicastFilter(dev, -1);
  linkDownEffects(stack, dev);
  stack.notify({ kind: 'netdev', what: 'down', dev });
}

/**
 * `macvlan_open` / `macvlan_stop`: a macvlan whose MAC is not its lower's puts it in the
 * lower's unicast list (`dev_uc_add`). A bridge has no unicast filter (no IFF_UNICAST_FLT),
 * so it goes promiscuous instead, and then passes every frame up as well
 * (br_handle_frame_finish: local_rcv), which is how its macvlans receive.
 */
function lowerUnicastFilter(dev: NetDevice, delta: 1 | -1): void {
  const lower = dev.lower;
  if (dev.kind !== 'macvlan' || lower?.kind !== 'bridge' || macEquals(dev.mac, 0, lower.mac, 0)) return;
  lower.promisc += delta;
}

/**
 * NETDEV_DOWN: IPv4 routes through the device go, except host-scope local routes
 * (`fib_disable_ip` → `fib_sync_down_dev`: nexthop scope NOWHERE survives); IPv6 addresses
 * and routes go (`addrconf_ifdown`, keep_addr_on_down 0); neighbours are flushed
 * (`neigh_ifdown`); a bridge port's learnt FDB entries go (`br_port_carrier_check`).
 */
function linkDownEffects(stack: Stack, dev: NetDevice): void {
  stack.fib.flushDev(dev, 4, (r) => r.type === 'local' && r.scope === 'host');
  // IPv6 is loud about it: every route through the device is deleted with RTM_DELROUTE,
  // main table before local, each in address order (fib6 tree walk), and the addresses go.
  const v6 = stack.fib.find(6, (r) => r.nexthops.some((nh) => nh.dev === dev));
  v6.sort((a, b) => a.table - b.table || compareBytes(a.prefix.bytes, b.prefix.bytes) || a.prefix.len - b.prefix.len);
  for (const r of v6) stack.fib.remove(r, 'user');
  const gone = dev.addrs6.splice(0);
  for (const ifa of gone) stack.notify({ kind: 'address', what: 'del', dev, address: ifa });
  stack.neigh.flushDev(dev);
  if (dev.brport !== undefined) fdbFlushPort(dev.brport.bridge, dev, true);
}

/** `dev_set_mtu` bounds for Ethernet devices (ETH_MIN_MTU 68; 65535 as veth and bridges allow). */
export function setLinkMtu(dev: NetDevice, mtu: number): void {
  if (mtu < 68) throw new KernelError('Error: mtu less than device minimum.', 'EINVAL');
  if (mtu > (dev.kind === 'loopback' ? 65536 : 65535)) throw new KernelError('Error: mtu greater than device maximum.', 'EINVAL');
  // macvlan_change_mtu / vlan_dev_change_mtu: never above the lower device's.
  if (dev.lower !== undefined && mtu > dev.lower.mtu) throw new KernelError('RTNETLINK answers: Invalid argument', 'EINVAL');
  dev.mtu = mtu;
}

/** MV-2: a macvlan's MAC may equal neither its lower's nor another UP macvlan's on the same lower. */
function checkMacvlanAddress(dev: NetDevice, mac: Uint8Array): void {
  const lower = dev.lower!;
  const busy =
    macEquals(mac, 0, lower.mac, 0) && dev.macvlan!.mode !== 'passthru'
      ? true
      : lower.macvlanPort!.macvlans.some((m) => m !== dev && m.adminUp && macEquals(m.mac, 0, mac, 0));
  if (busy) throw new KernelError('RTNETLINK answers: Address already in use', 'EADDRINUSE');
}

/** `ip link set DEV address MAC`. */
export function setLinkAddress(stack: Stack, dev: NetDevice, mac: Uint8Array): void {
  // eth_prepare_mac_addr_change: only a valid unicast address (not multicast, not zero).
  if ((mac[0]! & 1) === 1 || mac.every((x) => x === 0)) throw new KernelError('RTNETLINK answers: Cannot assign requested address', 'EADDRNOTAVAIL');
  // macvlan_set_mac_address checks macvlan_addr_busy whether the macvlan is up or not.
  if (dev.kind === 'macvlan' && dev.macvlan!.mode !== 'passthru') checkMacvlanAddress(dev, mac);
  if (dev.kind === 'bridge') {
    fdbDelete(stack, dev, dev.mac, 0);
    dev.bridge!.macSetByUser = true;
  }
  dev.setMac(mac);
  if (dev.kind === 'bridge') fdbInsert(stack, dev, dev.mac, 0, undefined, true, true);
  if (dev.brport !== undefined) recalculateBridgeMac(stack, dev.brport.bridge);
  stack.notify({ kind: 'netdev', what: 'change-mac', dev });
}

/** `br_add_if`: enslave `port` to `br` (`ip link set PORT master BR`). */
export function enslave(stack: Stack, port: NetDevice, br: NetDevice): void {
  if (br.bridge === undefined) throw new KernelError('RTNETLINK answers: Operation not supported', 'EOPNOTSUPP');
  // br_add_if: loopback and bridges are refused before anything else.
  if (port.kind === 'loopback') throw new KernelError('RTNETLINK answers: Invalid argument', 'EINVAL');
  if (port.kind === 'bridge') throw new KernelError('Error: Can not enslave a bridge to a bridge.', 'ELOOP');
  if (port.master === br) return;
  if (port.master !== undefined || port.macvlanPort !== undefined) {
    throw new KernelError('RTNETLINK answers: Device or resource busy', 'EBUSY');
  }
  stack.notify({ kind: 'precheck-upper', lower: port, upperKind: 'bridge', upper: br });
  port.master = br;
  const st = br.bridge;
  port.brport = { dev: port, bridge: br, vlans: new Map(), pvid: 0, learning: true, flood: true };
  if (st.vlanFiltering || st.defaultPvid !== 0) {
    // nbp_vlan_init: the default PVID, untagged, on every new port.
    port.brport.vlans.set(st.defaultPvid, { untagged: true });
    port.brport.pvid = st.defaultPvid;
  }
  port.rxHandler = (skb) => bridgeHandleFrame(stack, skb);
  st.ports.push(port);
  fdbInsert(stack, br, port.mac, 0, port, true, true);
  recalculateBridgeMac(stack, br);
  stack.notify({ kind: 'netdev', what: 'change-upper', dev: port });
}

export function release(stack: Stack, port: NetDevice): void {
  const br = port.master;
  if (br === undefined || br.bridge === undefined) return;
  // br_del_if → br_fdb_delete_by_port(…, do_all): every entry of the port, local ones too.
  for (const [k, e] of br.bridge.fdb) if (e.port === port) br.bridge.fdb.delete(k);
  br.bridge.ports.splice(br.bridge.ports.indexOf(port), 1);
  port.master = undefined;
  port.brport = undefined;
  port.rxHandler = undefined;
  recalculateBridgeMac(stack, br);
  stack.notify({ kind: 'netdev', what: 'change-upper', dev: port });
}

/** `br_stp_recalculate_bridge_id`: a bridge whose MAC the user never set takes its ports' lowest. */
function recalculateBridgeMac(stack: Stack, br: NetDevice): void {
  const st = br.bridge!;
  if (st.macSetByUser) return;
  // The last port gone, the bridge is left with the zero address (br_mac_zero).
  let lowest = st.ports.length === 0 ? new Uint8Array(6) : st.ports[0]!.mac;
  for (const p of st.ports) if (compareBytes(p.mac, lowest) < 0) lowest = p.mac;
  if (macEquals(lowest, 0, br.mac, 0)) return;
  fdbDelete(stack, br, br.mac, 0);
  br.setMac(Uint8Array.from(lowest));
  fdbInsert(stack, br, br.mac, 0, undefined, true, true);
}

/** `ip link del`: uppers go with it (macvlans, VLANs), then its addresses and routes. */
export function deleteLink(stack: Stack, dev: NetDevice): void {
  if (dev.kind === 'port' || dev.kind === 'loopback') throw new KernelError('RTNETLINK answers: Operation not supported', 'EOPNOTSUPP');
  for (const up of [...dev.uppers]) deleteLink(stack, up);
  if (dev.bridge !== undefined) for (const p of [...dev.bridge.ports]) release(stack, p);
  if (dev.master !== undefined) release(stack, dev);
  setLinkUp(stack, dev, false);
  for (const ifa of [...dev.addrs4]) {
    removeAddressRoutes(stack, ifa);
    countLocal(stack, ifa.address, -1);
  }
  stack.fib.flushDev(dev, 4, () => false);
  for (const ifa of dev.addrs4.splice(0)) stack.notify({ kind: 'address', what: 'del', dev, address: ifa });
  const lower = dev.lower;
  if (lower !== undefined) {
    lower.uppers.splice(lower.uppers.indexOf(dev), 1);
    if (dev.vlan !== undefined) lower.vlans.delete(dev.vlan.id);
    const port = lower.macvlanPort;
    if (port !== undefined && dev.macvlan !== undefined) {
      port.macvlans.splice(port.macvlans.indexOf(dev), 1);
      if (port.macvlans.length === 0) {
        lower.macvlanPort = undefined;
        lower.rxHandler = undefined;
      }
    }
  }
  stack.devices.delete(dev.name);
  stack.notify({ kind: 'netdev', what: 'unregister', dev });
}
