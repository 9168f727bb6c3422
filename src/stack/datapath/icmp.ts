import { formatIpv4 } from '../../addr/ipv4';
import { readU16 } from '../../wire/field-sink';
import { icmp as icmpMessage, ipv4 } from '../../wire/frame-builder';
import { ICMP_TYPE, isIcmpError } from '../../wire/icmp';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV4 } from '../../wire/ipv4';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { selectAddress4 } from './addresses';
import { ipLocalOut } from './generated';

/** RFC 1812 §4.3.2.3: an error quotes at most what fits in a 576-byte datagram. */
const ICMP_ERROR_MAX = 576;
/** `net.ipv4.icmp_ratelimit` (ms → s) and the token bucket's burst (XRLIM_BURST_FACTOR). */
const RATELIMIT = 1;
const BURST = 6;
/** `net.ipv4.icmp_ratemask` 0x1818: dest unreachable, source quench, time exceeded, parameter problem. */
const RATEMASK = 0x1818;
/** `ip_rt_error_burst`: 5 s of tokens (ip_rt_error_cost is 1 s). */
const IP_RT_ERROR_BURST = 5;

/**
 * Per-destination token buckets (`inet_peer->rate_tokens`), in capture time. One bucket per
 * peer serves both `ip_error` (cost 1 s, burst 5 s: ip_rt_error_cost, ip_rt_error_burst) and
 * `icmpv4_xrlim_allow` (cost icmp_ratelimit 1 s, burst 6×), so an unreachable error that
 * passes both costs 2 s of tokens (observed on Linux 6.18: scripts/kernel-check).
 */
export class IcmpRateLimit {
  private readonly peers = new Map<string, { tokens: number; last: number }>();

  allow(peer: string, now: number, burst = BURST * RATELIMIT): boolean {
    // A new peer starts with a full bucket (inet_getpeer sets rate_last 60 s back).
    const p = this.peers.get(peer) ?? { tokens: 0, last: now - 60 };
    let tokens = Math.min(p.tokens + (now - p.last), burst);
    let ok = false;
    if (tokens >= RATELIMIT) {
      tokens -= RATELIMIT;
      ok = true;
    }
    this.peers.set(peer, { tokens, last: now });
    return ok;
  }
}

/**
 * `ip_rt_send_redirect`'s back-off per destination: the first redirect goes at once, the
 * n-th after ip_rt_redirect_load (20 ms) << n since the last, at most ip_rt_redirect_number
 * (9), and the count resets after ip_rt_redirect_silence (20.48 s) without redirected packets.
 * Kept apart from the error token bucket (the kernel shares the peer's rate_last; see
 * docs/architecture.md).
 */
export class RedirectLimit {
  private readonly peers = new Map<string, { n: number; last: number }>();

  allow(peer: string, now: number): boolean {
    const p = this.peers.get(peer) ?? { n: 0, last: Number.NEGATIVE_INFINITY };
    if (now - p.last > 0.02 * 1024) p.n = 0;
    let ok = false;
    if (p.n >= 9) p.last = now;
    else if (p.n === 0 || now - p.last > 0.02 * 2 ** p.n) {
      ok = true;
      p.last = now;
      p.n++;
    }
    this.peers.set(peer, p);
    return ok;
  }
}

/**
 * `__icmp_send` (net/ipv4/icmp.c) for the packet in `skb`: never about an ICMP error, a
 * non-first fragment, or a packet that was not unicast to this host at layer 2 and 3;
 * rate-limited per destination for the types in icmp_ratemask. The source is the offending
 * packet's destination when that was us, else the address the route back selects.
 */
export function icmpSend(stack: Stack, skb: Skb, type: number, code: number, info: number, l3Broadcast: boolean, ipError = false): void {
  const b = skb.buf;
  const o = skb.netOff;
  const ihl = (b[o]! & 0x0f) * 4;
  if (skb.pktType !== PKT.HOST || l3Broadcast) return;
  if ((readU16(b, o + IPV4.FLAGS_FRAG) & 0x1fff) !== 0) return;
  const src = b.subarray(o + IPV4.SRC, o + IPV4.SRC + 4);
  if (src[0] === 0 || src[0]! >= 224) return;
  if (b[o + IPV4.PROTO] === IPPROTO.ICMP && skb.netLen > ihl) {
    const t = b[o + ihl]!;
    if (isIcmpError(t) || t > 18) return;
  }
  const peer = formatIpv4(b, o + IPV4.SRC);
  // ip_error's own check comes first, on the same bucket (ip_rt_error_burst 5 s).
  if (ipError && !stack.icmpRate.allow(peer, stack.timers.now, IP_RT_ERROR_BURST)) {
    if (skb.outcome.traced) skb.outcome.step(`ip_error: unreachable to ${peer} rate-limited`);
    return;
  }
  if (((RATEMASK >>> type) & 1) === 1 && !stack.icmpRate.allow(peer, stack.timers.now)) {
    if (skb.outcome.traced) skb.outcome.step(`icmp: type ${type} to ${peer} rate-limited`);
    return;
  }
  const route = stack.fib.lookup(4, b, o + IPV4.SRC, o + IPV4.DST);
  if (route === undefined || route.route.type !== 'unicast') return;
  const destLocal = stack.fib.lookup(4, b, o + IPV4.DST, o + IPV4.SRC)?.route.type === 'local';
  const saddr = destLocal ? formatIpv4(b, o + IPV4.DST) : (route.route.src?.text ?? selectAddress4(route.nexthop?.dev ?? skb.dev, src)?.text);
  if (saddr === undefined) return;
  const quoted = b.subarray(o, Math.min(skb.end, o + ICMP_ERROR_MAX - IPV4.MIN_HEADER_LEN - 8));
  // Errors go out with precedence "internetwork control" (icmp_send: IPTOS_PREC_INTERNETCONTROL).
  const tos = (b[o + IPV4.DSFIELD]! & 0x1e) | 0xc0;
  const packet = ipv4({ src: saddr, dst: peer, protocol: IPPROTO.ICMP, ttl: 64, dsfield: tos, flags: 0 }, icmpMessage(type, code, info, quoted));
  if (skb.outcome.traced) skb.outcome.step(`icmp: type ${type} code ${code} to ${peer}`);
  ipLocalOut(stack, 4, packet, type === ICMP_TYPE.REDIRECT ? 'icmp_redirect' : 'icmp_error');
}

/** `icmp_echo` → `icmp_reply`: the same identifier, sequence and data back to the sender. */
export function icmpEchoReply(stack: Stack, skb: Skb, icmpOff: number, icmpEnd: number): void {
  const b = skb.buf;
  const o = skb.netOff;
  const body = b.subarray(icmpOff + 8, icmpEnd);
  const rest = (readU16(b, icmpOff + 4) << 16) | readU16(b, icmpOff + 6);
  const packet = ipv4(
    { src: formatIpv4(b, o + IPV4.DST), dst: formatIpv4(b, o + IPV4.SRC), protocol: IPPROTO.ICMP, ttl: 64, dsfield: b[o + IPV4.DSFIELD]!, flags: 0 },
    icmpMessage(ICMP_TYPE.ECHO_REPLY, 0, rest >>> 0, body),
  );
  if (skb.outcome.traced) skb.outcome.step(`icmp: echo reply to ${formatIpv4(b, o + IPV4.SRC)}`);
  ipLocalOut(stack, 4, packet, 'icmp_echo_reply');
}
