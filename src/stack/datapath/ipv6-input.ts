import { isZeroBytes } from '../../addr/ip-prefix';
import { formatIpv6 } from '../../addr/ipv6';
import { readU16 } from '../../wire/field-sink';
import { ICMPV6_TYPE } from '../../wire/icmpv6';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV6 } from '../../wire/ipv6';
import type { FibResult } from '../fib/fib';
import { ipv6GroupJoined } from '../multicast';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { isLinkLocal6 } from './addresses';
import { classifyLocal6 } from './classify';
import { icmpv6EchoReply, icmpv6Send } from './icmpv6';
import { ndiscReceive } from './ndisc';
import { neighOutput } from './neigh-output';
import { tcpReset } from './tcp-reset';
import { sendRedirect6 } from './ndisc';

/** PIM has a handler (`pim6_rcv`, CONFIG_IPV6_PIMSM_V2): no parameter problem for it. */
const PIM = 103;
const ICMPV6_UNREACH = { NOROUTE: 0, ADM_PROHIBITED: 1, NOT_NEIGHBOUR: 2, PORT: 4 } as const;
const EXTENSION_HEADERS: ReadonlySet<number> = new Set([IPPROTO.HOPOPTS, IPPROTO.ROUTING, IPPROTO.DSTOPTS, IPPROTO.FRAGMENT]);
/** RFC 8200 §5: the minimum link MTU bounds what an ICMPv6 error quotes. */
export const IPV6_MIN_MTU = 1280;

/** `ipv6_rcv` → `ip6_rcv_core` (header checks) → `ip6_rcv_finish` → route input. */
export function ipv6Receive(stack: Stack, skb: Skb): void {
  const dev = skb.dev;
  const out = skb.outcome;
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.pktType === PKT.OTHERHOST) return out.dropped('otherhost', `${dev.name}: ipv6_rcv: not our MAC`);
  if (dev.conf.disableIpv6) return out.dropped('ipv6disabled', `${dev.name}: IPv6 disabled`);
  if (skb.netLen < IPV6.HEADER_LEN && skb.uncaptured > 0) return out.dropped('hdr_trunc', `${dev.name}: the capture cut the IPv6 header`);
  if (skb.netLen < IPV6.HEADER_LEN || b[o]! >>> 4 !== 6) return out.dropped('ip_inhdr', `${dev.name}: ip6_rcv_core: not an IPv6 header`);
  const src = o + IPV6.SRC;
  const dst = o + IPV6.DST;
  if (b[src] === 0xff) return out.dropped('ip_inhdr', `${dev.name}: ip6_rcv_core: multicast source`);
  if (isLoopback6(b, dst) || isLoopback6(b, src)) return out.dropped('ip_inhdr', `${dev.name}: ip6_rcv_core: loopback address`);
  // RFC 4291 §2.7: reserved (0) and interface-local (1) multicast scopes never arrive from a link.
  if (b[dst] === 0xff && (b[dst + 1]! & 0x0f) <= 1) return out.dropped('ip_inhdr', `${dev.name}: ip6_rcv_core: multicast scope ${b[dst + 1]! & 0x0f}`);
  const plen = readU16(b, o + IPV6.PLEN);
  const onWire = skb.netLen + skb.uncaptured;
  if (IPV6.HEADER_LEN + plen > onWire) return out.dropped('pkt_too_small', `${dev.name}: ip6_rcv_core: payload length ${plen} > ${onWire - IPV6.HEADER_LEN} bytes`);
  if (IPV6.HEADER_LEN + plen <= skb.netLen) {
    skb.end = o + IPV6.HEADER_LEN + plen;
    skb.uncaptured = 0;
  } else skb.uncaptured = IPV6.HEADER_LEN + plen - skb.netLen;
  if (b[dst] === 0xff) {
    if (!ipv6GroupJoined(dev, b, dst)) return out.dropped('not_specified', `${dev.name}: multicast ${formatIpv6(b, dst)} not joined (ip6_mc_input)`);
    if (out.traced) out.step(`${dev.name}: multicast ${formatIpv6(b, dst)} joined`);
    return localDeliver6(stack, skb, true);
  }
  const res = stack.fib.lookup(6, b, dst, src);
  if (res === undefined) {
    if (out.traced) out.step(`fib6: no route to ${formatIpv6(b, dst)}`);
    icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, ICMPV6_UNREACH.NOROUTE, 0);
    return out.dropped('ip_innoroutes', 'ip6_pkt_discard');
  }
  const r = res.route;
  if (out.traced) out.step(`fib6: ${r.type === 'unicast' ? '' : `${r.type} `}${r.prefix.text} (table ${r.table})`);
  switch (r.type) {
    case 'local':
    case 'anycast':
      return localDeliver6(stack, skb, false);
    case 'blackhole':
      return out.dropped('blackhole_route', `fib6: blackhole ${r.prefix.text}`);
    // Unlike IPv4, IPv6 reject routes free the packet with a named reason (ip6_pkt_drop:
    // IPSTATS_MIB_INNOROUTES → SKB_DROP_REASON_IP_INNOROUTES), measured on Linux 6.18.
    case 'unreachable':
    case 'throw':
      icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, ICMPV6_UNREACH.NOROUTE, 0);
      return out.dropped('ip_innoroutes', `fib6: ${r.type} ${r.prefix.text} (ip6_pkt_discard)`);
    case 'prohibit':
      icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, ICMPV6_UNREACH.ADM_PROHIBITED, 0);
      return out.dropped('ip_innoroutes', `fib6: prohibit ${r.prefix.text} (ip6_pkt_prohibit)`);
    default:
      return forward6(stack, skb, res);
  }
}

function isLoopback6(b: Uint8Array, o: number): boolean {
  return isZeroBytes(b, o, 15) && b[o + 15] === 1;
}

/**
 * The upper-layer protocol and its offset, past the extension headers (bounded walk), and
 * where the Next Header byte naming it is (a parameter problem's pointer).
 */
export function upperLayer6(b: Uint8Array, o: number, end: number): { nextHeader: number; l4: number; nextHeaderAt: number; fragment: boolean } {
  let at = o + IPV6.NXT;
  let nh = b[at]!;
  let p = o + IPV6.HEADER_LEN;
  let fragment = false;
  for (let n = 0; n < 16 && EXTENSION_HEADERS.has(nh) && p + 8 <= end; n++) {
    const len = nh === IPPROTO.FRAGMENT ? 8 : (b[p + 1]! + 1) * 8;
    if (nh === IPPROTO.FRAGMENT) fragment = fragment || (readU16(b, p + 2) & 0xfff9) !== 0;
    at = p;
    nh = b[p]!;
    p += len;
  }
  return { nextHeader: nh, l4: p, nextHeaderAt: at, fragment };
}

/** `ip6_input` → `ip6_input_finish`: the host has it; ND, echo and unreachable answers. */
function localDeliver6(stack: Stack, skb: Skb, multicast: boolean): void {
  const dev = skb.dev;
  const b = skb.buf;
  const o = skb.netOff;
  const { nextHeader, l4, nextHeaderAt, fragment } = upperLayer6(b, o, skb.end);
  skb.outcome.delivered(dev, classifyLocal6(b, o, skb.end, nextHeader, l4), skb);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: local delivery (next header ${nextHeader})`);
  if (fragment) return; // reassembly is not modelled
  if (nextHeader === IPPROTO.ICMPV6 && skb.end - l4 >= 4) {
    const type = b[l4]!;
    if (type === ICMPV6_TYPE.ECHO_REQUEST) return icmpv6EchoReply(stack, skb, l4);
    if (type >= ICMPV6_TYPE.ROUTER_SOLICIT && type <= ICMPV6_TYPE.REDIRECT) return ndiscReceive(stack, skb, l4);
    return;
  }
  if (multicast) return;
  // No socket listens in the emulated host: __udp6_lib_rcv answers port unreachable, TCP a reset,
  // and a next header with no handler is a parameter problem pointing at it (ip6_protocol_deliver_rcu).
  if (nextHeader === IPPROTO.UDP) icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, ICMPV6_UNREACH.PORT, 0);
  else if (nextHeader === IPPROTO.TCP) tcpReset(stack, skb, 6, l4);
  else if (nextHeader !== IPPROTO.ICMPV6 && nextHeader !== IPPROTO.NONE && nextHeader !== PIM) icmpv6Send(stack, skb, ICMPV6_TYPE.PARAM_PROBLEM, 1, nextHeaderAt - o);
}

/** `ip6_forward` → `ip6_forward_finish` → `ip6_output` → `ip6_finish_output2`. */
function forward6(stack: Stack, skb: Skb, res: FibResult): void {
  const out = skb.outcome;
  const b = skb.buf;
  const o = skb.netOff;
  if (!stack.sysctl.forwarding6All) return out.dropped('ip_inaddrerrors', 'ip6_forward: net.ipv6.conf.all.forwarding is 0');
  if (skb.pktType !== PKT.HOST) return out.dropped('not_specified', 'ip6_forward: pkt_type is not HOST');
  if (b[o + IPV6.HLIM]! <= 1) {
    icmpv6Send(stack, skb, ICMPV6_TYPE.TIME_EXCEEDED, 0, 0);
    return out.dropped('ip_inhdr', `ip6_forward: hop limit ${b[o + IPV6.HLIM]} expires`);
  }
  if (isLinkLocal6(b, o + IPV6.SRC)) {
    icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, ICMPV6_UNREACH.NOT_NEIGHBOUR, 0);
    return out.dropped('ip_inaddrerrors', 'ip6_forward: link-local source is not forwarded');
  }
  const nh = res.nexthop;
  if (nh === undefined || nh.dev === undefined) return out.dropped('not_specified', `fib6: ${res.route.prefix.text} has no device`);
  const outDev = nh.dev;
  const len = IPV6.HEADER_LEN + readU16(b, o + IPV6.PLEN);
  if (len > outDev.mtu) {
    icmpv6Send(stack, skb, ICMPV6_TYPE.PACKET_TOO_BIG, 0, outDev.mtu);
    return out.dropped('pkt_too_big', `ip6_forward: ${len} bytes > MTU ${outDev.mtu} of ${outDev.name}`);
  }
  if (outDev === skb.dev) sendRedirect6(stack, skb, nh.gateway?.bytes ?? b.slice(o + IPV6.DST, o + IPV6.DST + 16));
  skb.prepareForward(stack.takeScratch(), stack.inputUndo);
  skb.buf[skb.netOff + IPV6.HLIM] = skb.buf[skb.netOff + IPV6.HLIM]! - 1;
  if (out.traced) out.step(`ip6_forward: hop limit ${skb.buf[skb.netOff + IPV6.HLIM]} via ${nh.gateway?.text ?? 'direct'} dev ${outDev.name}`);
  if (nh.gateway !== undefined) neighOutput(stack, outDev, 6, nh.gateway.bytes, 0, skb);
  else neighOutput(stack, outDev, 6, skb.buf, skb.netOff + IPV6.DST, skb);
}
