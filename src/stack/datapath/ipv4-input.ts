import { ipv4Number, isZeroBytes, prefixMatches } from '../../addr/ip-prefix';
import { formatIpv4, isLimitedBroadcastIpv4, isMulticastIpv4 } from '../../addr/ipv4';
import { internetChecksum } from '../../wire/checksum';
import { readU16, writeU16 } from '../../wire/field-sink';
import { ICMP_TYPE } from '../../wire/icmp';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV4 } from '../../wire/ipv4';
import type { ReasonId } from '../../decision/reasons';
import type { FibResult } from '../fib/fib';
import { ipv4GroupJoined } from '../multicast';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { classifyLocal4 } from './classify';
import { icmpEchoReply, icmpSend } from './icmp';
import { tcpReset } from './tcp-reset';
import { neighOutput } from './neigh-output';

const ICMP_DEST_UNREACH = { NET: 0, HOST: 1, PROTOCOL: 2, PORT: 3, FRAG_NEEDED: 4, PKT_FILTERED: 13 } as const;
const ICMP_REDIRECT_HOST = 1;
/**
 * The protocols a host without sockets has handlers for (`inet_protos`): the rest (VRRP and
 * OSPF without their daemons' raw sockets) get protocol unreachable when unicast.
 */
const HANDLED_PROTOCOLS: ReadonlySet<number> = new Set([IPPROTO.ICMP, 2 /* IGMP */, IPPROTO.TCP, IPPROTO.UDP, 103 /* PIM: pim_rcv, CONFIG_IP_PIMSM_V2 */]);

/**
 * `ip_rcv` → `ip_rcv_core` (header checks) → `ip_rcv_finish` → `ip_route_input_noref`
 * (martians, FIB lookup, reverse-path check) → `ip_local_deliver` or `ip_forward`.
 */
export function ipv4Receive(stack: Stack, skb: Skb): void {
  const dev = skb.dev;
  const out = skb.outcome;
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.pktType === PKT.OTHERHOST) return out.dropped('otherhost', `${dev.name}: ip_rcv: not our MAC`);
  const ihl = skb.netLen > 0 ? (b[o]! & 0x0f) * 4 : IPV4.MIN_HEADER_LEN;
  if (skb.netLen < Math.max(ihl, IPV4.MIN_HEADER_LEN)) {
    // The header is not all there: cut by the capture (we cannot tell), or really short.
    if (skb.uncaptured > 0) return out.dropped('hdr_trunc', `${dev.name}: the capture cut the IPv4 header`);
    return out.dropped('ip_inhdr', `${dev.name}: ip_rcv: ${skb.netLen} bytes, less than a header`);
  }
  if (b[o]! >>> 4 !== 4 || ihl < IPV4.MIN_HEADER_LEN) return out.dropped('ip_inhdr', `${dev.name}: ip_rcv: version ${b[o]! >>> 4}, header length ${ihl}`);
  if (internetChecksum(b, o, o + ihl) !== 0) return out.dropped('ip_csum', `${dev.name}: ip_rcv: bad header checksum`);
  const totLen = readU16(b, o + IPV4.TOTAL_LEN);
  const onWire = skb.netLen + skb.uncaptured;
  if (totLen > onWire) return out.dropped('pkt_too_small', `${dev.name}: ip_rcv: total length ${totLen} > ${onWire} bytes`);
  if (totLen < ihl) return out.dropped('ip_inhdr', `${dev.name}: ip_rcv: total length ${totLen} < header length`);
  // pskb_trim_rcsum: Ethernet padding is not part of the packet (what was captured of it).
  if (totLen <= skb.netLen) {
    skb.end = o + totLen;
    skb.uncaptured = 0;
  } else skb.uncaptured = totLen - skb.netLen;
  routeInput4(stack, skb);
}

/** `ip_route_input_rcu` / `ip_route_input_slow` (≥ v6.13 drop reasons). */
function routeInput4(stack: Stack, skb: Skb): void {
  const dev = skb.dev;
  const out = skb.outcome;
  const b = skb.buf;
  const o = skb.netOff;
  const src = o + IPV4.SRC;
  const dst = o + IPV4.DST;
  if (isMulticastIpv4(b, dst)) {
    if (!ipv4GroupJoined(dev, b, dst)) return out.dropped('not_specified', `${dev.name}: multicast ${formatIpv4(b, dst)} not joined (ip_route_input_rcu)`);
    const bad = validateMulticastSource4(stack, skb);
    if (bad !== undefined) return out.dropped(bad, `${dev.name}: ip_mc_validate_source`);
    if (out.traced) out.step(`${dev.name}: multicast ${formatIpv4(b, dst)} joined`);
    return localDeliver4(stack, skb, true);
  }
  if (isMulticastIpv4(b, src) || isLimitedBroadcastIpv4(b, src)) {
    return out.dropped('ip_invalid_source', `${dev.name}: martian source ${formatIpv4(b, src)}`);
  }
  if (isLimitedBroadcastIpv4(b, dst) || (isZeroBytes(b, src, 4) && isZeroBytes(b, dst, 4))) return broadcastInput4(stack, skb);
  // ipv4_is_zeronet is 0.0.0.0 alone since Linux 5.3: the rest of 0.0.0.0/8 is routed.
  if (isZeroBytes(b, src, 4)) return out.dropped('ip_invalid_source', `${dev.name}: martian source ${formatIpv4(b, src)}`);
  if (isZeroBytes(b, dst, 4)) return out.dropped('ip_invalid_dest', `${dev.name}: martian destination ${formatIpv4(b, dst)}`);
  if (b[dst] === 127 || b[src] === 127) return out.dropped('ip_localnet', `${dev.name}: loopback address on a non-loopback device`);
  const res = stack.fib.lookup(4, b, dst, src);
  const forwarding = dev.conf.forwarding4;
  if (res === undefined) {
    if (!forwarding) return out.dropped('ip_inaddrerrors', `${dev.name}: no route to ${formatIpv4(b, dst)}, forwarding off`);
    if (out.traced) out.step(`fib: no route to ${formatIpv4(b, dst)}`);
    icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.NET, 0, false, true);
    return out.dropped('ip_innoroutes', 'ip_error');
  }
  const r = res.route;
  if (out.traced) out.step(`fib: ${r.type === 'unicast' ? '' : `${r.type} `}${r.prefix.text} (table ${r.table})`);
  if (r.type === 'broadcast') return broadcastInput4(stack, skb);
  if (r.type === 'local') {
    const bad = validateSource4(stack, skb);
    if (bad !== undefined) return out.dropped(bad, `${dev.name}: fib_validate_source`);
    return localDeliver4(stack, skb, false);
  }
  if (!forwarding) return out.dropped('ip_inaddrerrors', `${dev.name}: not ours and forwarding is off`);
  switch (r.type) {
    case 'blackhole':
      return out.dropped('blackhole_route', `fib: blackhole ${r.prefix.text}`);
    case 'unreachable':
      icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.HOST, 0, false, true);
      return out.dropped('reject_route', `fib: unreachable ${r.prefix.text}`);
    case 'prohibit':
      icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.PKT_FILTERED, 0, false, true);
      return out.dropped('reject_route', `fib: prohibit ${r.prefix.text}`);
    case 'unicast':
      break;
    default:
      return out.dropped('ip_invalid_dest', `fib: ${r.type} route while forwarding`);
  }
  const bad = validateSource4(stack, skb);
  if (bad !== undefined) return out.dropped(bad, `${dev.name}: fib_validate_source`);
  forward4(stack, skb, res);
}

/**
 * `fib_validate_source`: with rp_filter 0 only "is the source one of our addresses"
 * (unless accept_local); with rp_filter 1 (strict) the route back must leave by the
 * ingress device, with 2 (loose) a route back must exist.
 */
function validateSource4(stack: Stack, skb: Skb): ReasonId | undefined {
  const dev = skb.dev;
  const b = skb.buf;
  const src = skb.netOff + IPV4.SRC;
  const rpf = Math.max(dev.conf.rpFilter, stack.sysctl.all.rpFilter);
  const acceptLocal = dev.conf.acceptLocal || stack.sysctl.all.acceptLocal;
  if (rpf === 0) {
    // Without rp_filter only inet_lookup_ifaddr_rcu: is the source one of our addresses?
    return !acceptLocal && stack.localAddrs4.has(ipv4Number(b, src)) ? 'ip_local_source' : undefined;
  }
  const back = stack.fib.lookup(4, b, src, skb.netOff + IPV4.DST);
  if (back === undefined) return 'ip_rpfilter';
  if (back.route.type !== 'unicast' && !(back.route.type === 'local' && acceptLocal)) return 'ip_local_source';
  // rp_filter 1 is strict: the way back must be the way in; any other value is loose.
  if (rpf === 1 && !back.route.nexthops.some((nh) => nh.dev === dev)) return 'ip_rpfilter';
  return undefined;
}

/** `brd_input`: a broadcast is delivered locally once its source passes `fib_validate_source`. */
function broadcastInput4(stack: Stack, skb: Skb): void {
  if (!isZeroBytes(skb.buf, skb.netOff + IPV4.SRC, 4)) {
    const bad = validateSource4(stack, skb);
    if (bad !== undefined) return skb.outcome.dropped(bad, `${skb.dev.name}: brd_input → fib_validate_source`);
  }
  if (skb.outcome.traced) skb.outcome.step(`${skb.dev.name}: broadcast`);
  localDeliver4(stack, skb, true);
}

/**
 * `ip_mc_validate_source`: a multicast or broadcast source, or a loopback one, is a martian;
 * 0.0.0.0 is allowed to link-local groups and for IGMP; any other source is checked as
 * `fib_validate_source` does.
 */
function validateMulticastSource4(stack: Stack, skb: Skb): ReasonId | undefined {
  const b = skb.buf;
  const o = skb.netOff;
  const src = o + IPV4.SRC;
  if (isMulticastIpv4(b, src) || isLimitedBroadcastIpv4(b, src)) return 'ip_invalid_source';
  if (b[src] === 127) return 'ip_localnet';
  if (isZeroBytes(b, src, 4)) {
    const localGroup = b[o + IPV4.DST] === 224 && b[o + IPV4.DST + 1] === 0 && b[o + IPV4.DST + 2] === 0;
    return localGroup || b[o + IPV4.PROTO] === 2 ? undefined : 'ip_invalid_source';
  }
  return validateSource4(stack, skb);
}

/** `ip_local_deliver`: the host's stack has it; answer what the kernel answers itself. */
function localDeliver4(stack: Stack, skb: Skb, l3Broadcast: boolean): void {
  const dev = skb.dev;
  const b = skb.buf;
  const o = skb.netOff;
  const ihl = (b[o]! & 0x0f) * 4;
  const proto = b[o + IPV4.PROTO]!;
  skb.outcome.delivered(dev, classifyLocal4(b, o, skb.end), skb);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: local delivery (protocol ${proto})`);
  if ((readU16(b, o + IPV4.FLAGS_FRAG) & 0x3fff) !== 0) return; // a fragment: reassembly is not modelled
  const l4 = o + ihl;
  if (proto === IPPROTO.ICMP && skb.end - l4 >= 8) {
    // icmp_echo_ignore_broadcasts 1 ignores echoes to a broadcast or multicast route
    // (RTCF_BROADCAST | RTCF_MULTICAST); a link-layer broadcast to our address is answered.
    if (b[l4] === ICMP_TYPE.ECHO_REQUEST && !l3Broadcast) icmpEchoReply(stack, skb, l4, skb.end);
    return;
  }
  if (proto === IPPROTO.UDP) {
    // No socket listens in the emulated host: __udp4_lib_rcv answers port unreachable (unicast only).
    icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.PORT, 0, l3Broadcast);
    return;
  }
  if (proto === IPPROTO.TCP) {
    // tcp_v4_send_reset answers only what a local route took (not broadcast / multicast).
    if (!l3Broadcast) tcpReset(stack, skb, 4, l4);
    return;
  }
  if (!HANDLED_PROTOCOLS.has(proto)) icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.PROTOCOL, 0, l3Broadcast);
}

/** `ip_forward` → `ip_forward_finish` → `ip_output` → `ip_finish_output2`. */
function forward4(stack: Stack, skb: Skb, res: FibResult): void {
  const out = skb.outcome;
  const nh = res.nexthop;
  if (skb.pktType !== PKT.HOST) return out.dropped('not_specified', `ip_forward: pkt_type is not HOST (link-layer ${skb.pktType === PKT.BROADCAST ? 'broadcast' : 'multicast'})`);
  const b = skb.buf;
  const o = skb.netOff;
  if (b[o + IPV4.TTL]! <= 1) {
    icmpSend(stack, skb, ICMP_TYPE.TIME_EXCEEDED, 0, 0, false);
    return out.dropped('ip_inhdr', `ip_forward: TTL ${b[o + IPV4.TTL]} expires`);
  }
  if (nh === undefined || nh.dev === undefined) return out.dropped('not_specified', `fib: ${res.route.prefix.text} has no device`);
  const outDev = nh.dev;
  const totLen = readU16(b, o + IPV4.TOTAL_LEN);
  if (totLen > outDev.mtu && (readU16(b, o + IPV4.FLAGS_FRAG) & 0x4000) !== 0) {
    icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, ICMP_DEST_UNREACH.FRAG_NEEDED, outDev.mtu, false);
    return out.dropped('pkt_too_big', `ip_forward: ${totLen} bytes > MTU ${outDev.mtu} of ${outDev.name}, DF set`);
  }
  if (totLen > outDev.mtu) out.setMeta('ip.fragmented', true); // ip_fragment: not modelled, sent whole
  if (outDev === skb.dev) sendRedirect(stack, skb, nh.gateway?.bytes ?? b.subarray(o + IPV4.DST, o + IPV4.DST + 4));
  skb.prepareForward(stack.takeScratch(), stack.inputUndo);
  decreaseTtl(skb.buf, skb.netOff);
  if (out.traced) out.step(`ip_forward: TTL ${skb.buf[skb.netOff + IPV4.TTL]} via ${nh.gateway?.text ?? 'direct'} dev ${outDev.name}`);
  if (nh.gateway !== undefined) neighOutput(stack, outDev, 4, nh.gateway.bytes, 0, skb);
  else neighOutput(stack, outDev, 4, skb.buf, skb.netOff + IPV4.DST, skb);
}

/**
 * `__mkroute_input` marks a packet routed back out of the device it came in on for an ICMP
 * redirect when the sender and the new next hop share a subnet of that device
 * (`inet_addr_onlink`) and send_redirects is on (default); `ip_forward` then sends a host
 * redirect naming the next hop, at most as `ip_rt_send_redirect` allows, and forwards anyway.
 */
function sendRedirect(stack: Stack, skb: Skb, gateway: Uint8Array): void {
  const dev = skb.dev;
  const b = skb.buf;
  const src = skb.netOff + IPV4.SRC;
  const onlink = (at: Uint8Array, o: number): boolean => dev.addrs4.some((a) => prefixMatches(a.prefix, at, o));
  if (!onlink(b, src) || !onlink(gateway, 0)) return;
  const peer = formatIpv4(b, src);
  if (!stack.redirects.allow(peer, stack.timers.now)) {
    if (skb.outcome.traced) skb.outcome.step(`icmp: redirect to ${peer} rate-limited`);
    return;
  }
  icmpSend(stack, skb, ICMP_TYPE.REDIRECT, ICMP_REDIRECT_HOST, ipv4Number(gateway, 0), false);
}

/** `ip_decrease_ttl`: TTL − 1 with the incremental checksum update of RFC 1624. */
export function decreaseTtl(b: Uint8Array, o: number): void {
  let check = readU16(b, o + IPV4.CHECKSUM);
  check += 0x0100;
  check = (check + (check >>> 16)) & 0xffff;
  writeU16(b, o + IPV4.CHECKSUM, check);
  b[o + IPV4.TTL] = b[o + IPV4.TTL]! - 1;
}
