import { prefixMatches, sameBytes } from '../../addr/ip-prefix';
import { formatIpv4 } from '../../addr/ipv4';
import { formatMac } from '../../addr/mac';
import { ARP, ARP_OP } from '../../wire/arp';
import { ETHERTYPE } from '../../wire/ethertype';
import { readU16, readU32 } from '../../wire/field-sink';
import { arp as arpBody, ethernet } from '../../wire/frame-builder';
import { IPV4 } from '../../wire/ipv4';
import { NEIGH_PARMS, type Neighbour } from '../neighbour';
import type { NetDevice } from '../netdev';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { selectAddress4, isLocalAddress4 } from './addresses';
import { sendFrame } from './generated';

const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const ZERO_MAC = '00:00:00:00:00:00';

/**
 * `arp_rcv` → `arp_process` (net/ipv4/arp.c): answer requests for this host's addresses
 * (arp_ignore 0: any local address, on any device), learn the sender as the kernel does
 * (a request for us creates a STALE entry, `neigh_event_ns`; other packets only update an
 * existing entry: REACHABLE for a unicast reply to us, STALE otherwise).
 * The host's ARP layer received it: a trap (`arp_request` / `arp_response`).
 */
export function arpReceive(stack: Stack, skb: Skb): void {
  const dev = skb.dev;
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.pktType === PKT.OTHERHOST || skb.pktType === PKT.LOOPBACK) {
    skb.outcome.dropped('otherhost', `${dev.name}: ARP to another host's MAC`);
    return;
  }
  if (skb.netLen < ARP.ETHER_IPV4_LEN && skb.uncaptured > 0) {
    skb.outcome.dropped('hdr_trunc', `${dev.name}: the capture cut the ARP packet`);
    return;
  }
  if (skb.netLen < ARP.ETHER_IPV4_LEN || b[o + ARP.HLEN] !== 6 || b[o + ARP.PLEN] !== 4) {
    skb.outcome.dropped('not_specified', `${dev.name}: arp_rcv: not an Ethernet/IPv4 ARP packet`);
    return;
  }
  const op = readU16(b, o + ARP.OPER);
  const htype = readU16(b, o + ARP.HTYPE);
  if ((htype !== 1 && htype !== 6) || readU16(b, o + ARP.PTYPE) !== ETHERTYPE.IPV4 || (op !== ARP_OP.REQUEST && op !== ARP_OP.REPLY)) {
    skb.outcome.dropped('not_specified', `${dev.name}: arp_process: hardware/protocol type or opcode not handled`);
    return;
  }
  const sha = o + 8;
  const sip = o + 14;
  const tip = o + 24;
  skb.outcome.delivered(dev, op === ARP_OP.REQUEST ? 'arp_request' : 'arp_response', skb);
  // arp_process: multicast sender or target, or a loopback target, is ignored.
  if (b[sip]! >= 224 && b[sip]! <= 239) return skb.outcome.step(`${dev.name}: ARP from a multicast address ignored`);
  if ((b[tip]! >= 224 && b[tip]! <= 239) || b[tip] === 127) return skb.outcome.step(`${dev.name}: ARP for a multicast/loopback address ignored`);
  const senderZero = b[sip] === 0 && b[sip + 1] === 0 && b[sip + 2] === 0 && b[sip + 3] === 0;
  const tipLocal = isLocalAddress4(stack, b, tip);
  // arp_process routes the request (ip_route_input_noref from sip to tip): a sender address
  // of our own is a martian source there (fib_validate_source), so e.g. our own gratuitous
  // ARP reflected back is not answered.
  const sipOurs = !dev.conf.acceptLocal && !stack.sysctl.all.acceptLocal && isLocalAddress4(stack, b, sip);
  if (op === ARP_OP.REQUEST && tipLocal && !sipOurs) {
    // A request for one of our addresses is answered unless arp_ignore says otherwise; either
    // way it is consumed here, without the generic neighbour update below.
    if (arpIgnored(stack, dev, b, sip, tip)) {
      if (skb.outcome.traced) skb.outcome.step(`${dev.name}: ARP request for ${formatIpv4(b, tip)} ignored (arp_ignore)`);
      return;
    }
    if (senderZero) {
      // RFC 5227 probe for an address we hold: defend it (arp_process, "Special case: IPv4 duplicate address detection").
      if (skb.outcome.traced) skb.outcome.step(`${dev.name}: duplicate-address probe for ${formatIpv4(b, tip)}: defended`);
      arpSend(stack, dev, ARP_OP.REPLY, formatMac(b, sha), formatIpv4(b, tip), formatMac(b, sha), '0.0.0.0', 'arp_reply');
      return;
    }
    // neigh_event_ns: learn the sender (STALE, override); when the table is full it returns
    // NULL and arp_process sends no reply either.
    const n = stack.neigh.create(4, dev, b, sip);
    if (n === undefined) return skb.outcome.step(`${dev.name}: ARP request for ${formatIpv4(b, tip)} (ours): neighbour table full, no reply (neigh_event_ns)`);
    stack.neigh.update(n, b.slice(sha, sha + 6), 'stale', { override: true });
    stack.neighbourChanged(n);
    if (skb.outcome.traced) skb.outcome.step(`${dev.name}: ARP request for ${formatIpv4(b, tip)} (ours): reply`);
    arpSend(stack, dev, ARP_OP.REPLY, formatMac(b, sha), formatIpv4(b, tip), formatMac(b, sha), formatIpv4(b, sip), 'arp_reply');
    return;
  }
  const n = stack.neigh.lookup(4, dev, b, sip);
  if (n !== undefined && !senderZero) {
    const state = op === ARP_OP.REPLY && skb.pktType === PKT.HOST ? 'reachable' : 'stale';
    // "If several different ARP replies follow back-to-back, use the FIRST one": a new
    // address overrides only after locktime (1 s) since the last update, or in a gratuitous
    // ARP (arp_is_garp: sender = target address, and for a reply target MAC = sender MAC).
    const tha = o + 18;
    const garp = readU32(b, sip) === readU32(b, tip) && (op === ARP_OP.REQUEST || sameBytes(b.subarray(tha, tha + 6), b, sha)) && !isLocalAddress4(stack, b, sip);
    const override = stack.timers.now > n.updated + NEIGH_PARMS.locktime || garp;
    stack.neigh.update(n, b.slice(sha, sha + 6), state, { override });
    stack.neighbourChanged(n);
    if (skb.outcome.traced) skb.outcome.step(`${dev.name}: neighbour ${n.address.text} → ${n.state}`);
  } else {
    if (skb.outcome.traced) skb.outcome.step(`${dev.name}: ARP ${op === ARP_OP.REQUEST ? 'request' : 'reply'} for ${formatIpv4(b, tip)}: nothing to do`);
  }
}

/**
 * `arp_ignore` (net.ipv4.conf.{all,DEV}.arp_ignore, the larger wins): 0 answers for any local
 * address; 1 only for an address on the receiving device; 2 also needs the sender on that
 * address's subnet; 8 never answers; 3–7 answer (scope rules not modelled).
 */
function arpIgnored(stack: Stack, dev: NetDevice, b: Uint8Array, sip: number, tip: number): boolean {
  const mode = Math.max(dev.conf.arpIgnore, stack.sysctl.all.arpIgnore);
  if (mode === 8) return true;
  if (mode !== 1 && mode !== 2) return false;
  const own = dev.addrs4.filter((a) => sameBytes(a.address.bytes, b, tip));
  if (own.length === 0) return true;
  return mode === 2 && !own.some((a) => prefixMatches(a.prefix, b, sip));
}

/** `arp_send_dst`: an ARP packet from `dev`'s MAC, broadcast unless a destination is given. */
function arpSend(stack: Stack, dev: NetDevice, op: number, ethDst: string, senderIp: string, targetMac: string, targetIp: string, kind: 'arp_reply' | 'arp_request'): void {
  const body = arpBody({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: op, senderMac: dev.macAddress, senderIp, targetMac, targetIp });
  // The kernel does not pad: the NIC does, on the wire.
  sendFrame(stack, dev, ethernet(ethDst, dev.macAddress, ETHERTYPE.ARP, body, false), kind);
}

/**
 * `arp_solicit`: the source address is the queued packet's own when it is local
 * (arp_announce 0), else `inet_select_addr` on the device; broadcast, or unicast to the
 * known address while probing a stale entry.
 */
export function arpSolicit(stack: Stack, n: Neighbour, unicast: boolean, queued: Skb | undefined): void {
  let saddr: string | undefined;
  if (queued !== undefined && queued.netLen >= IPV4.MIN_HEADER_LEN && isLocalAddress4(stack, queued.buf, queued.netOff + IPV4.SRC)) {
    saddr = formatIpv4(queued.buf, queued.netOff + IPV4.SRC);
  }
  saddr ??= selectAddress4(n.dev, n.address.bytes)?.text;
  if (saddr === undefined) return; // no IPv4 address to ask from: the kernel sends nothing either
  arpSend(stack, n.dev, ARP_OP.REQUEST, unicast ? formatMac(n.mac!, 0) : BROADCAST, saddr, ZERO_MAC, n.address.text, 'arp_request');
}
