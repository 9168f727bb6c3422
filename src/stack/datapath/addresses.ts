import { prefixMatches, sameBytes, type IpAddress } from '../../addr/ip-prefix';
import { TABLE } from '../fib/route';
import type { NetDevice } from '../netdev';
import type { Stack } from '../stack';

/** `inet_addr_type(…) == RTN_LOCAL`: is the IPv4 address at `b[o..]` one of this host's? */
export function isLocalAddress4(stack: Stack, b: Uint8Array, o: number): boolean {
  const r = stack.fib.table(4, TABLE.LOCAL).longestMatch(b, o);
  return r !== undefined && r.type === 'local';
}

/** `ipv6_chk_addr`: is the IPv6 address at `b[o..]` assigned here (on `dev`, when given)? */
export function isLocalAddress6(stack: Stack, b: Uint8Array, o: number, dev?: NetDevice): boolean {
  const devs = dev === undefined ? stack.devices.values() : [dev];
  for (const d of devs) for (const a of d.addrs6) if (sameBytes(a.address.bytes, b, o)) return true;
  return false;
}

/**
 * `inet_select_addr(dev, dst, RT_SCOPE_LINK)`: the device's address on the destination's
 * subnet, else its first (primary) address.
 */
export function selectAddress4(dev: NetDevice, dst: Uint8Array): IpAddress | undefined {
  for (const a of dev.addrs4) if (prefixMatches(a.prefix, dst, 0)) return a.address;
  return dev.addrs4[0]?.address;
}

/**
 * `ipv6_dev_get_saddr`, reduced to the rules that matter on a router (RFC 6724 §5): same
 * scope as the destination first (link-local for link-local and multicast link scope), then
 * the longest matching prefix.
 */
export function selectAddress6(dev: NetDevice, dst: Uint8Array): IpAddress | undefined {
  const dstLinkLocal = (dst[0] === 0xfe && (dst[1]! & 0xc0) === 0x80) || (dst[0] === 0xff && (dst[1]! & 0x0f) === 2);
  const candidates = dev.addrs6.filter((a) => isLinkLocal6(a.address.bytes) === dstLinkLocal);
  const pool = candidates.length > 0 ? candidates : dev.addrs6;
  let best: IpAddress | undefined;
  let bestLen = -1;
  for (const a of pool) {
    const len = commonPrefix(a.address.bytes, dst);
    if (len > bestLen) {
      best = a.address;
      bestLen = len;
    }
  }
  return best;
}

export function isLinkLocal6(a: Uint8Array, o = 0): boolean {
  return a[o] === 0xfe && (a[o + 1]! & 0xc0) === 0x80;
}

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! ^ b[i]!;
    if (x === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(x) - 24;
  }
  return n;
}
