import { ipAddress, ipPrefix, ipv4Number, isZeroBytes, maskBytes, type Family, type IpAddress, type IpPrefix } from '../../addr/ip-prefix';
import { parseIpv6 } from '../../addr/ipv6';
import { NO_HW_FLAGS, TABLE, type Route, type ScopeName } from '../fib/route';
import { KernelError } from '../kernel-error';
import type { IfAddress, NetDevice } from '../netdev';
import type { Stack } from '../stack';

export interface AddressOptions {
  readonly scope?: ScopeName;
  readonly noprefixroute?: boolean;
  readonly metric?: number;
}

/** `ip address add` (inet_rtm_newaddr / inet6_rtm_newaddr). */
export function addAddress(stack: Stack, dev: NetDevice, addr: IpAddress, len: number, opts: AddressOptions = {}): IfAddress {
  const list = dev.addrs(addr.family);
  if (list.some((a) => a.address.text === addr.text)) {
    throw new KernelError(addr.family === 4 ? 'Error: ipv4: Address already assigned.' : 'Error: ipv6: address already assigned.', 'EEXIST');
  }
  const prefix = ipPrefix(addr.bytes, len);
  const ifa: IfAddress = {
    address: addr,
    prefix,
    scope: opts.scope ?? (addr.family === 6 && addr.bytes[0] === 0xfe && (addr.bytes[1]! & 0xc0) === 0x80 ? 'link' : 'global'),
    noprefixroute: opts.noprefixroute ?? false,
    metric: opts.metric ?? (addr.family === 6 ? 256 : 0),
    broadcast: addr.family === 4 && len < 31 ? ipAddress(broadcastOf(prefix)) : undefined,
  };
  // A second address in a prefix the device already has is secondary (IFA_F_SECONDARY).
  const primary = addr.family === 4 ? list.find((a) => a.prefix.text === prefix.text) : undefined;
  list.push(ifa);
  if (addr.family === 4) countLocal(stack, addr, +1);
  stack.notify({ kind: 'address', what: 'add', dev, address: ifa });
  addAddressRoutes(stack, dev, ifa, primary?.address, true);
  return ifa;
}

/** `ip address del`: the address and the routes it made go (RTM_DELROUTE for each). */
export function deleteAddress(stack: Stack, dev: NetDevice, family: Family, text: string, len: number | undefined): void {
  const list = dev.addrs(family);
  const i = list.findIndex((a) => a.address.text === text && (len === undefined || a.prefix.len === len));
  if (i < 0) throw new KernelError(family === 4 ? 'Error: ipv4: Address not found.' : 'Error: ipv6: address not found.', 'EADDRNOTAVAIL');
  const [ifa] = list.splice(i, 1);
  if (family === 4) countLocal(stack, ifa!.address, -1);
  removeAddressRoutes(stack, ifa!);
  stack.notify({ kind: 'address', what: 'del', dev, address: ifa! });
}

/** Keeps `stack.localAddrs4` (inet_lookup_ifaddr's hash) in step with the devices' addresses. */
export function countLocal(stack: Stack, a: IpAddress, delta: 1 | -1): void {
  const key = ipv4Number(a.bytes, 0);
  const n = (stack.localAddrs4.get(key) ?? 0) + delta;
  if (n > 0) stack.localAddrs4.set(key, n);
  else stack.localAddrs4.delete(key);
}

function broadcastOf(p: IpPrefix): Uint8Array {
  const out = Uint8Array.from(p.bytes);
  for (let bit = p.len; bit < 32; bit++) out[bit >>> 3]! |= 0x80 >>> (bit & 7);
  return out;
}

function kernelRoute(family: Family, table: number, prefix: IpPrefix, type: Route['type'], dev: NetDevice, scope: ScopeName, src: IpAddress | undefined, metric: number, owner: string): Route {
  return {
    family,
    table,
    prefix,
    type,
    metric,
    proto: 'kernel',
    scope,
    src,
    tos: 0,
    nexthops: [{ gateway: undefined, dev, weight: 1, onlink: false }],
    hw: NO_HW_FLAGS,
    ownerAddress: owner,
  };
}

/**
 * The routes an address makes: IPv4 `fib_add_ifaddr` (the local route always, with the
 * primary's source for a secondary; prefix and broadcast only while the device is up and
 * only for a primary), IPv6 `addrconf` (prefix route, then local, while up). `withLocal`
 * false: link up, where IPv4 local routes are still there.
 */
export function addAddressRoutes(stack: Stack, dev: NetDevice, ifa: IfAddress, primaryOf: IpAddress | undefined, withLocal: boolean): void {
  const a = ifa.address;
  const owner = `${dev.name} ${a.text}`;
  if (a.family === 4) {
    const src = primaryOf ?? a;
    if (withLocal) stack.fib.insert(kernelRoute(4, TABLE.LOCAL, ipPrefix(a.bytes, 32), 'local', dev, 'host', src, 0, owner), 'append');
    if (!dev.adminUp || primaryOf !== undefined) return;
    const p = ifa.prefix;
    if (p.len < 32 && !isZeroBytes(p.bytes, 0, 4)) {
      // A loopback device's prefix is local, in the local table (fib_magic: RTN_LOCAL).
      if (!ifa.noprefixroute) {
        if (dev.kind === 'loopback') stack.fib.insert(kernelRoute(4, TABLE.LOCAL, p, 'local', dev, 'host', a, ifa.metric, owner), 'append');
        else stack.fib.insert(kernelRoute(4, TABLE.MAIN, p, 'unicast', dev, 'link', a, ifa.metric, owner), 'append');
      }
      if (ifa.broadcast !== undefined) stack.fib.insert(kernelRoute(4, TABLE.LOCAL, ipPrefix(ifa.broadcast.bytes, 32), 'broadcast', dev, 'link', a, 0, owner), 'append');
    }
    return;
  }
  if (!dev.adminUp) return;
  if (ifa.prefix.len < 128 && !ifa.noprefixroute && !hasPrefixRoute(stack, dev, ifa.prefix)) {
    stack.fib.insert(kernelRoute(6, TABLE.MAIN, ifa.prefix, 'unicast', dev, 'global', undefined, ifa.metric, owner), 'append');
  }
  stack.fib.insert(kernelRoute(6, TABLE.LOCAL, ipPrefix(a.bytes, 128), 'local', dev, 'global', undefined, 0, owner), 'append');
}

function hasPrefixRoute(stack: Stack, dev: NetDevice, p: IpPrefix): boolean {
  return stack.fib.table(6, TABLE.MAIN).aliasesOf(p).some((r) => r.proto === 'kernel' && r.nexthops[0]?.dev === dev);
}

/**
 * Removes the routes an address made, announcing each: IPv4 `fib_del_ifaddr` deletes the
 * prefix, broadcast, then local route; IPv6 the local route, then the prefix route.
 */
export function removeAddressRoutes(stack: Stack, ifa: IfAddress): void {
  const owner = ifa.address.text;
  const mine = stack.fib.find(ifa.address.family, (x) => x.ownerAddress !== undefined && x.ownerAddress.endsWith(` ${owner}`));
  const rank = (r: Route): number => (ifa.address.family === 4 ? (r.type === 'local' ? 2 : r.type === 'broadcast' ? 1 : 0) : r.type === 'local' ? 0 : 1);
  for (const r of mine.sort((x, y) => rank(x) - rank(y))) stack.fib.remove(r, 'user');
}

/** The EUI-64 link-local address of a MAC (RFC 4291 Appendix A; addr_gen_mode 0). */
export function linkLocalFor(mac: Uint8Array): IpAddress {
  const a = parseIpv6('fe80::')!;
  a[8] = mac[0]! ^ 0x02;
  a[9] = mac[1]!;
  a[10] = mac[2]!;
  a[11] = 0xff;
  a[12] = 0xfe;
  a[13] = mac[3]!;
  a[14] = mac[4]!;
  a[15] = mac[5]!;
  return ipAddress(a);
}

/**
 * Link up for IPv6 (`addrconf_notify` NETDEV_UP): the multicast route ff00::/8, the
 * link-local address with fe80::/64, then the routes of the addresses already configured.
 */
export function ipv6LinkUp(stack: Stack, dev: NetDevice): void {
  if (dev.conf.disableIpv6 || dev.kind === 'loopback') return;
  const owner = `${dev.name} link`;
  stack.fib.insert(kernelRoute(6, TABLE.LOCAL, ipPrefix(parseIpv6('ff00::')!, 8), 'multicast', dev, 'global', undefined, 256, owner), 'append');
  const existing = [...dev.addrs6];
  if (!dev.addrGenModeNone && !dev.addrs6.some((a) => a.scope === 'link')) {
    const ll = linkLocalFor(dev.mac);
    const ifa: IfAddress = { address: ll, prefix: ipPrefix(maskBytes(ll.bytes, 64), 64), scope: 'link', noprefixroute: false, metric: 256 };
    dev.addrs6.push(ifa);
    // inet6addr_notifier NETDEV_UP: drivers see the link-local like any address (V-7a).
    stack.notify({ kind: 'address', what: 'add', dev, address: ifa });
    stack.fib.insert(kernelRoute(6, TABLE.MAIN, ifa.prefix, 'unicast', dev, 'global', undefined, 256, `${dev.name} ${ll.text}`), 'append');
    stack.fib.insert(kernelRoute(6, TABLE.LOCAL, ipPrefix(ll.bytes, 128), 'local', dev, 'global', undefined, 0, `${dev.name} ${ll.text}`), 'append');
  }
  for (const ifa of existing) if (ifa.scope !== 'link') addAddressRoutes(stack, dev, ifa, undefined, true);
}
