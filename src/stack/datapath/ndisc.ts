import { isZeroBytes } from '../../addr/ip-prefix';
import { formatIpv6, parseIpv6 } from '../../addr/ipv6';
import { formatMac } from '../../addr/mac';
import { ETHERTYPE } from '../../wire/ethertype';
import { concat, ethernet, icmpv6 as icmpv6Message, ipv6, ndLinkLayerOption } from '../../wire/frame-builder';
import { ICMPV6, ICMPV6_TYPE } from '../../wire/icmpv6';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV6 } from '../../wire/ipv6';
import { multicastMac, solicitedNode } from '../multicast';
import { nudValid, type Neighbour } from '../neighbour';
import type { NetDevice } from '../netdev';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { isLocalAddress6 } from './addresses';
import { ipLocalOut, sendFrame } from './generated';
import { IPV6_MIN_MTU } from './ipv6-input';

const OPT_SOURCE_LL = 1;
const OPT_TARGET_LL = 2;
/** NA flags (RFC 4861 §4.4): router, solicited, override. */
const NA_ROUTER = 0x80;
const NA_SOLICITED = 0x40;
const NA_OVERRIDE = 0x20;

/** The link-layer address option of type `want`, or undefined (malformed options: null). */
function linkLayerOption(b: Uint8Array, from: number, end: number, want: number): Uint8Array | undefined | null {
  let p = from;
  while (p + 2 <= end) {
    const len = b[p + 1]! * 8;
    if (len === 0 || p + len > end) return null; // ndisc_parse_options: a zero-length option is invalid
    if (b[p] === want && len >= 8) return b.slice(p + 2, p + 8);
    p += len;
  }
  return undefined;
}

/**
 * `ndisc_rcv` for NS and NA (RS, RA and redirects are received and not acted on: a router
 * with forwarding on ignores RAs). Hop limit must be 255 (RFC 4861 §7.1.1).
 */
export function ndiscReceive(stack: Stack, skb: Skb, l4: number): void {
  const b = skb.buf;
  const o = skb.netOff;
  const dev = skb.dev;
  const type = b[l4]!;
  if (b[o + IPV6.HLIM] !== 255) return skb.outcome.step(`${dev.name}: ND with hop limit ${b[o + IPV6.HLIM]} ignored (ipv6_ndisc_hop_limit)`);
  if (b[l4 + 1] !== 0) return skb.outcome.step(`${dev.name}: ND with code ${b[l4 + 1]} ignored (ipv6_ndisc_bad_code)`);
  if (type === ICMPV6_TYPE.NEIGHBOR_SOLICIT) return receiveNs(stack, skb, l4);
  if (type === ICMPV6_TYPE.NEIGHBOR_ADVERT) return receiveNa(stack, skb, l4);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: ND type ${type}: not acted on`);
}

/** `ndisc_recv_ns`: answer for our own addresses on this device, learning the sender. */
function receiveNs(stack: Stack, skb: Skb, l4: number): void {
  const b = skb.buf;
  const o = skb.netOff;
  const dev = skb.dev;
  if (skb.end - l4 < ICMPV6.ND_LEN) return skb.outcome.step(`${dev.name}: NS too short`);
  const target = l4 + ICMPV6.ND_TARGET;
  if (b[target] === 0xff) return skb.outcome.step(`${dev.name}: NS for a multicast target ignored`);
  const slla = linkLayerOption(b, l4 + ICMPV6.ND_LEN, skb.end, OPT_SOURCE_LL);
  if (slla === null) return skb.outcome.step(`${dev.name}: NS with bad options ignored (ipv6_ndisc_bad_options)`);
  const dad = isZeroBytes(b, o + IPV6.SRC, 16);
  // ndisc_recv_ns: a DAD probe carries no source link-layer address and goes to the
  // target's solicited-node group (RFC 4861 §7.1.1).
  if (dad && slla !== undefined) return skb.outcome.step(`${dev.name}: NS: bad DAD packet (link-layer address option)`);
  if (dad && !isSolicitedNodeGroup(b, o + IPV6.DST)) return skb.outcome.step(`${dev.name}: NS: bad DAD packet (wrong destination)`);
  if (!isLocalAddress6(stack, b, target, dev)) {
    if (skb.outcome.traced) skb.outcome.step(`${dev.name}: NS for ${formatIpv6(b, target)}, not ours here (ipv6_ndisc_ns_otherhost)`);
    return;
  }
  const targetText = formatIpv6(b, target);
  if (dad) {
    // Someone probes an address we hold: defend it to all-nodes (ndisc_recv_ns, DAD branch).
    sendNa(stack, dev, targetText, 'ff02::1', '33:33:00:00:00:01', false, true, true);
    return;
  }
  const multicastDst = b[o + IPV6.DST] === 0xff;
  // __neigh_lookup(…, creat = !inc || lladdr): the sender's entry, created for a unicast NS
  // or one with its address; ndisc_update(STALE, WEAK_OVERRIDE | OVERRIDE) then learns the
  // address (without one, it changes nothing: __neigh_update needs an address to validate).
  // ndisc_recv_ns answers only `if (neigh || !dev->header_ops)`: no NA when the table is
  // full, nor to a multicast NS without the sender's address from a sender we have no entry for.
  const n = slla !== undefined || !multicastDst ? stack.neigh.create(6, dev, b, o + IPV6.SRC) : stack.neigh.lookup(6, dev, b, o + IPV6.SRC);
  if (n === undefined) return skb.outcome.step(`${dev.name}: NS for ${targetText}: no neighbour entry for the sender (${multicastDst && slla === undefined ? 'no source link-layer address' : 'table full'}), no NA`);
  if (slla !== undefined) {
    stack.neigh.update(n, slla, 'stale', { weakOverride: true, override: true });
    stack.neighbourChanged(n);
  }
  const replyMac = slla !== undefined ? formatMac(slla, 0) : formatMac(b, skb.macOff + 6);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: NS for ${targetText} (ours): NA`);
  // ndisc_send_na(…, solicited, override = inc, inc_opt = inc): an answer to a unicast NS
  // (a neighbour confirming us) neither overrides nor carries our link-layer address.
  sendNa(stack, dev, targetText, formatIpv6(b, o + IPV6.SRC), replyMac, true, multicastDst, multicastDst);
}

/** `ndisc_recv_na`: only an existing entry is updated (solicited → REACHABLE, else STALE). */
function receiveNa(stack: Stack, skb: Skb, l4: number): void {
  const b = skb.buf;
  const dev = skb.dev;
  if (skb.end - l4 < ICMPV6.ND_LEN) return skb.outcome.step(`${dev.name}: NA too short`);
  const target = l4 + ICMPV6.ND_TARGET;
  const flags = b[l4 + 4]!;
  const tlla = linkLayerOption(b, l4 + ICMPV6.ND_LEN, skb.end, OPT_TARGET_LL);
  if (tlla === null) return skb.outcome.step(`${dev.name}: NA with bad options ignored`);
  if (b[target] === 0xff) return skb.outcome.step(`${dev.name}: NA: target address is multicast`);
  if (b[skb.netOff + IPV6.DST] === 0xff && (flags & NA_SOLICITED) !== 0) return skb.outcome.step(`${dev.name}: NA: solicited NA is multicasted`);
  // Someone advertises an address we hold: DAD is instant here, so there is nothing to fail; the cache is not touched.
  if (isLocalAddress6(stack, b, target, dev)) return skb.outcome.step(`${dev.name}: NA advertised our address ${formatIpv6(b, target)}`);
  const n = stack.neigh.lookup(6, dev, b, target);
  if (n === undefined) return skb.outcome.step(`${dev.name}: NA for ${formatIpv6(b, target)}: no entry to update`);
  // ndisc_recv_na: a FAILED entry is not revived by an advertisement (it is by the next packet's solicitation).
  if (n.state === 'failed') return skb.outcome.step(`${dev.name}: NA for ${n.address.text}: entry failed, not updated`);
  // Without a target link-layer address an INCOMPLETE entry stays so (D1: it used to become
  // REACHABLE with no MAC and release its queue); the R flag is taken only when the update is.
  stack.neigh.update(n, tlla, (flags & NA_SOLICITED) !== 0 ? 'reachable' : 'stale', {
    weakOverride: true,
    override: (flags & NA_OVERRIDE) !== 0,
    isRouter: (flags & NA_ROUTER) !== 0,
  });
  stack.neighbourChanged(n);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: neighbour ${n.address.text} → ${n.state}`);
}

/** `ipv6_addr_is_solict_mult`: ff02::1:ffXX:XXXX. */
function isSolicitedNodeGroup(b: Uint8Array, o: number): boolean {
  return b[o] === 0xff && b[o + 1] === 0x02 && isZeroBytes(b, o + 2, 9) && b[o + 11] === 0x01 && b[o + 12] === 0xff;
}

function sendNa(stack: Stack, dev: NetDevice, target: string, dst: string, ethDst: string, solicited: boolean, override: boolean, withOption: boolean): void {
  const flags = (dev.conf.forwarding6 ? NA_ROUTER : 0) | (solicited ? NA_SOLICITED : 0) | (override ? NA_OVERRIDE : 0);
  const targetBytes = parseIpv6(target)!;
  const body = concat([flags, 0, 0, 0], targetBytes, withOption ? ndLinkLayerOption(OPT_TARGET_LL, dev.mac) : new Uint8Array(0));
  const packet = ipv6({ src: target, dst, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6Message(ICMPV6_TYPE.NEIGHBOR_ADVERT, 0, body, { src: target, dst }));
  sendFrame(stack, dev, ethernet(ethDst, dev.macAddress, ETHERTYPE.IPV6, packet, false), 'ndisc_na');
}

/**
 * `ndisc_solicit`: to the target's solicited-node group, or unicast while probing; from the
 * queued packet's source when it is ours on this device, else a selected address.
 */
export function ndiscSolicit(stack: Stack, n: Neighbour, unicast: boolean, queued: Skb | undefined): void {
  const dev = n.dev;
  let saddr: string | undefined;
  if (queued !== undefined && queued.netLen >= IPV6.HEADER_LEN && isLocalAddress6(stack, queued.buf, queued.netOff + IPV6.SRC, dev)) {
    saddr = formatIpv6(queued.buf, queued.netOff + IPV6.SRC);
  }
  // ndisc_send_ns without a source: the device's link-local address (ipv6_get_lladdr).
  saddr ??= dev.addrs6.find((a) => a.scope === 'link')?.address.text;
  if (saddr === undefined) return;
  const group = solicitedNode(n.address.bytes);
  const dst = unicast ? n.address.text : formatIpv6(group, 0);
  const ethDst = unicast ? formatMac(n.mac!, 0) : formatMac(multicastMac(group), 0);
  const body = concat([0, 0, 0, 0], n.address.bytes, ndLinkLayerOption(OPT_SOURCE_LL, dev.mac));
  const packet = ipv6({ src: saddr, dst, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6Message(ICMPV6_TYPE.NEIGHBOR_SOLICIT, 0, body, { src: saddr, dst }));
  sendFrame(stack, dev, ethernet(ethDst, dev.macAddress, ETHERTYPE.IPV6, packet, false), 'ndisc_ns');
}

/** RFC 4861 §4.6.3 Redirected Header option type; the whole Redirect fits the minimum MTU. */
const OPT_REDIRECTED_HEADER = 4;

/**
 * `ip6_forward` → `ndisc_send_redirect`: a packet routed back out of the device it came in
 * on tells its sender of the better first hop (RFC 4861 §8.2), from our link-local address,
 * when the target is the destination itself or a link-local router; rate-limited by
 * destination and by source (`inet_peer_xrlim_allow`, 1 s), and forwarded anyway.
 */
export function sendRedirect6(stack: Stack, skb: Skb, target: Uint8Array): void {
  const dev = skb.dev;
  const b = skb.buf;
  const o = skb.netOff;
  const dst = b.subarray(o + IPV6.DST, o + IPV6.DST + 16);
  const direct = target.every((x, i) => x === dst[i]);
  if (!direct && !(target[0] === 0xfe && (target[1]! & 0xc0) === 0x80)) return;
  const lladdr = dev.addrs6.find((a) => a.scope === 'link')?.address.text;
  if (lladdr === undefined) return;
  const source = formatIpv6(b, o + IPV6.SRC);
  if (!stack.icmpRate6.allow(formatIpv6(b, o + IPV6.DST), stack.timers.now) || !stack.icmpRate6.allow(source, stack.timers.now)) return;
  const n = stack.neigh.lookup(6, dev, target, 0);
  const tlla = n?.mac !== undefined && nudValid(n.state) ? ndLinkLayerOption(OPT_TARGET_LL, n.mac) : new Uint8Array(0);
  const fixed = 4 + 16 + 16;
  const room = IPV6_MIN_MTU - IPV6.HEADER_LEN - 4 - fixed - tlla.length - 8;
  // ndisc_send_redirect: as much of the packet as fits, cut to a multiple of 8 bytes.
  const quoted = b.subarray(o, o + (Math.min(skb.end - o, room) & ~7));
  const rh = concat([OPT_REDIRECTED_HEADER, (quoted.length + 8) / 8, 0, 0, 0, 0, 0, 0], quoted);
  const body = concat([0, 0, 0, 0], target, dst, tlla, rh);
  const packet = ipv6({ src: lladdr, dst: source, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6Message(ICMPV6_TYPE.REDIRECT, 0, body, { src: lladdr, dst: source }));
  if (skb.outcome.traced) skb.outcome.step(`ndisc: redirect to ${source}`);
  ipLocalOut(stack, 6, packet, 'ndisc_redirect');
}
