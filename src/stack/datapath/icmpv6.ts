import { isZeroBytes } from '../../addr/ip-prefix';
import { formatIpv6 } from '../../addr/ipv6';
import { concat, icmpv6 as icmpv6Message, ipv6 } from '../../wire/frame-builder';
import { ICMPV6_TYPE } from '../../wire/icmpv6';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV6 } from '../../wire/ipv6';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { isLocalAddress6, selectAddress6 } from './addresses';
import { ipLocalOut } from './generated';
import { IPV6_MIN_MTU, upperLayer6 } from './ipv6-input';

/**
 * `icmp6_send` (net/ipv6/icmp.c): not about an ICMPv6 error, not about a packet to a
 * multicast address (except Packet Too Big), not to an unspecified or multicast source;
 * rate-limited per destination (`icmpv6_xrlim_allow`, Packet Too Big exempt by
 * icmpv6 ratemask). The error quotes what fits in the minimum MTU (RFC 4443 §2.4 (c)).
 */
export function icmpv6Send(stack: Stack, skb: Skb, type: number, code: number, info: number): void {
  const b = skb.buf;
  const o = skb.netOff;
  const src = o + IPV6.SRC;
  const dst = o + IPV6.DST;
  if (b[src] === 0xff || isZeroBytes(b, src, 16)) return;
  if (b[dst] === 0xff && type !== ICMPV6_TYPE.PACKET_TOO_BIG) return;
  const { nextHeader, l4 } = upperLayer6(b, o, skb.end);
  if (nextHeader === IPPROTO.ICMPV6 && l4 < skb.end && b[l4]! < 128) return;
  const peer = formatIpv6(b, src);
  if (type !== ICMPV6_TYPE.PACKET_TOO_BIG && !stack.icmpRate6.allow(peer, stack.timers.now)) {
    if (skb.outcome.traced) skb.outcome.step(`icmpv6: type ${type} to ${peer} rate-limited`);
    return;
  }
  const back = stack.fib.lookup(6, b, src, dst);
  if (back === undefined || back.route.type !== 'unicast') return;
  const saddr = isLocalAddress6(stack, b, dst) ? formatIpv6(b, dst) : selectAddress6(back.nexthop?.dev ?? skb.dev, b.subarray(src, src + 16))?.text;
  if (saddr === undefined) return;
  const quoted = b.subarray(o, Math.min(skb.end, o + IPV6_MIN_MTU - IPV6.HEADER_LEN - 8));
  const rest = Uint8Array.of(info >>> 24, (info >>> 16) & 0xff, (info >>> 8) & 0xff, info & 0xff);
  const body = concat(rest, quoted);
  const packet = ipv6({ src: saddr, dst: peer, nextHeader: IPPROTO.ICMPV6, hopLimit: 64 }, icmpv6Message(type, code, body, { src: saddr, dst: peer }));
  if (skb.outcome.traced) skb.outcome.step(`icmpv6: type ${type} code ${code} to ${peer}`);
  ipLocalOut(stack, 6, packet, 'icmpv6_error');
}

/**
 * `icmpv6_echo_reply`: from the address asked (or a selected one for multicast), routed with
 * `flowi6_oif = icmp6_iif(skb)`: out of the device the request came in on when a route for
 * the destination goes there (a VRRP VMAC answers from itself, as recorded in
 * pcaps/recorded/vrrp-keepalived-r1.pcapng).
 */
export function icmpv6EchoReply(stack: Stack, skb: Skb, l4: number): void {
  const b = skb.buf;
  const o = skb.netOff;
  const dst = formatIpv6(b, o + IPV6.SRC);
  const saddr = b[o + IPV6.DST] === 0xff ? selectAddress6(skb.dev, b.subarray(o + IPV6.SRC, o + IPV6.SRC + 16))?.text : formatIpv6(b, o + IPV6.DST);
  if (saddr === undefined) return;
  const body = b.slice(l4 + 4, skb.end);
  const packet = ipv6({ src: saddr, dst, nextHeader: IPPROTO.ICMPV6, hopLimit: 64 }, icmpv6Message(ICMPV6_TYPE.ECHO_REPLY, 0, body, { src: saddr, dst }));
  if (skb.outcome.traced) skb.outcome.step(`icmpv6: echo reply to ${dst}`);
  ipLocalOut(stack, 6, packet, 'icmpv6_echo_reply', skb.dev);
}

