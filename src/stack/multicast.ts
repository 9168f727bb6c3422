import { parseIpv6 } from '../addr/ipv6';
import type { NetDevice } from './netdev';

/**
 * The multicast groups a device has joined, as the kernel joins them by itself: IPv4
 * all-hosts 224.0.0.1 on every up device (`ip_mc_up`); IPv6 all-nodes ff01::1 / ff02::1, the
 * solicited-node group of each address (`addrconf_join_solict`), and all-routers ff01::2 /
 * ff02::2 / ff05::2 while forwarding (`dev_forward_change`). Plus groups a fixture joins
 * explicitly (`ip address add … autojoin`, kept in `dev.joined4` / `dev.joined6`).
 * Membership is exact (spec macvlan.md open question 1: no hash-filter false positives).
 */

const ALL_NODES = [parseIpv6('ff01::1')!, parseIpv6('ff02::1')!];
const ALL_ROUTERS = [parseIpv6('ff01::2')!, parseIpv6('ff02::2')!, parseIpv6('ff05::2')!];

/** ff02::1:ffXX:XXXX for an address (RFC 4291 §2.7.1). */
export function solicitedNode(addr: Uint8Array): Uint8Array {
  const g = parseIpv6('ff02::1:ff00:0')!;
  g[13] = addr[13]!;
  g[14] = addr[14]!;
  g[15] = addr[15]!;
  return g;
}

/** Ethernet MAC of an IPv4 group (RFC 1112 §6.4) or IPv6 group (RFC 2464 §7). */
export function multicastMac(group: Uint8Array): Uint8Array {
  if (group.length === 4) return Uint8Array.of(0x01, 0x00, 0x5e, group[1]! & 0x7f, group[2]!, group[3]!);
  return Uint8Array.of(0x33, 0x33, group[12]!, group[13]!, group[14]!, group[15]!);
}

export function joinedIpv6Groups(dev: NetDevice): Uint8Array[] {
  if (dev.conf.disableIpv6 || !dev.adminUp) return [];
  const out = [...ALL_NODES, ...dev.addrs6.map((a) => solicitedNode(a.address.bytes)), ...dev.joined6];
  if (dev.conf.forwarding6) out.push(...ALL_ROUTERS);
  return out;
}

export function joinedIpv4Groups(dev: NetDevice): Uint8Array[] {
  if (!dev.adminUp) return [];
  return [Uint8Array.of(224, 0, 0, 1), ...dev.joined4];
}

/** The link-layer groups the device's filter passes (what a macvlan's filter holds, MV-3). */
export function joinedMulticastMacs(dev: NetDevice): Uint8Array[] {
  return [...joinedIpv4Groups(dev), ...joinedIpv6Groups(dev)].map(multicastMac);
}

/** `ip_check_mc_rcu`: has `dev` joined the IPv4 group at `b[o..]` (IGMP included: only to joined groups)? */
export function ipv4GroupJoined(dev: NetDevice, b: Uint8Array, o: number): boolean {
  return joinedIpv4Groups(dev).some((g) => g[0] === b[o] && g[1] === b[o + 1] && g[2] === b[o + 2] && g[3] === b[o + 3]);
}

/** `ipv6_chk_mcast_addr`. */
export function ipv6GroupJoined(dev: NetDevice, b: Uint8Array, o: number): boolean {
  return joinedIpv6Groups(dev).some((g) => {
    for (let i = 0; i < 16; i++) if (g[i] !== b[o + i]) return false;
    return true;
  });
}
