import { isRawIp, LINKTYPE, linkTypeName } from '../capture/link-type';
import type { CapturedFrame } from '../capture/captured-frame';
import { multicastMac } from '../stack/multicast';
import { DecodedFrame, LAYER } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';
import { ETHERTYPE, MAX_8023_LENGTH } from '../wire/ethertype';
import { readU16, writeU16 } from '../wire/field-sink';
import { SLL_PACKET, SLL_PACKET_NAMES, sllHasMac, sllLayout, sllPacketType } from '../wire/sll';

/**
 * The Ethernet frame a port receives, from a captured frame of any link type a port can
 * replay: Ethernet as it is; Linux cooked captures (SLL, SLL2: what `tcpdump -i any` writes)
 * and raw IP with the Ethernet header the capture left out, rebuilt as the capturing kernel
 * saw it. `packet_rcv` keeps of the MAC header only the packet type `eth_type_trans` gave the
 * frame, the source address (`dev_parse_header`, `eth_header_parse`) and the protocol, so the
 * destination is rebuilt from the packet type: the port's MAC for PACKET_HOST, the
 * broadcast address, the group's MAC for multicast (RFC 1112 §6.4, RFC 2464 §7) and a
 * placeholder for PACKET_OTHERHOST; `eth_type_trans` on the rebuilt frame then gives the
 * packet type the capture recorded. The IP packet of a point-to-point link (raw IP; behind a
 * BSD loopback or Frame Relay header) enters as IP sent to the port.
 */

/**
 * Placeholders, from RFC 7042 §2.1.2's documentation unicast range (00:00:5e:00:53:00–ff):
 * the destination of a PACKET_OTHERHOST frame (some host's MAC, not the port's), and the
 * source of a frame whose capture has no MAC (raw IP, a cooked frame of a tunnel device).
 */
export const OTHERHOST_MAC = Uint8Array.of(0x00, 0x00, 0x5e, 0x00, 0x53, 0x00);
export const NO_SOURCE_MAC = Uint8Array.of(0x00, 0x00, 0x5e, 0x00, 0x53, 0x01);

const BROADCAST_MAC = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/**
 * Non-IP multicast whose group the protocol fixes: LLDP's nearest-bridge address
 * (IEEE 802.1AB §7.1), the Slow Protocols address of LACP (IEEE 802.3 Annex 57A), the PAE
 * group address of EAPOL (IEEE 802.1X §11.1).
 */
const PROTOCOL_GROUPS: Readonly<Record<number, Uint8Array>> = {
  0x88cc: Uint8Array.of(0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e),
  0x8809: Uint8Array.of(0x01, 0x80, 0xc2, 0x00, 0x00, 0x02),
  0x888e: Uint8Array.of(0x01, 0x80, 0xc2, 0x00, 0x00, 0x03),
};

const ETH_HLEN = 14;

function sllVersion(linkType: number): 1 | 2 | undefined {
  return linkType === LINKTYPE.LINUX_SLL ? 1 : linkType === LINKTYPE.LINUX_SLL2 ? 2 : undefined;
}

/** A cooked frame the box itself sent (PACKET_OUTGOING, or its multicast looped back): what pcapng marks outbound. */
export function sentByCapturingHost(f: CapturedFrame): boolean {
  const v = sllVersion(f.linkType);
  if (v === undefined || f.caplen < sllLayout(v).HEADER_LEN) return false;
  const t = sllPacketType(f.buf, f.off, v);
  return t === SLL_PACKET.OUTGOING || t === SLL_PACKET.LOOPBACK;
}

/** Link types whose header only says which network protocol follows: IP behind it is replayed. */
function hasIpBehindHeader(linkType: number): boolean {
  return linkType === LINKTYPE.NULL || linkType === LINKTYPE.LOOP || linkType === LINKTYPE.FRELAY;
}

/**
 * Where the IP packet behind a NULL, LOOP or Frame Relay header starts, as the decoder found
 * it; `cut` when the capture did not keep it (damage: the port drops it), undefined when the
 * header names another protocol.
 */
function ipBehindHeader(f: CapturedFrame, d: DecodedFrame): { readonly at: number; readonly type: number } | 'cut' | undefined {
  decodeFrame(f, d);
  const id = d.count > 1 ? d.ids[1] : undefined;
  if (id === LAYER.IP || id === LAYER.IPV6) return { at: d.starts[1]!, type: id === LAYER.IP ? ETHERTYPE.IPV4 : ETHERTYPE.IPV6 };
  return d.issue?.kind === 'truncated' && d.count <= 1 ? 'cut' : undefined;
}

/**
 * Why the frame cannot enter a port, or undefined when it can. Refused rather than dropped:
 * a drop would be a verdict about bytes the box never saw. `d` is scratch for the decoder.
 */
function whyNotReplayable(f: CapturedFrame, d: DecodedFrame): string | undefined {
  const lt = f.linkType;
  if (lt === LINKTYPE.ETHERNET || lt === LINKTYPE.IPV4 || lt === LINKTYPE.IPV6 || isRawIp(lt)) return undefined;
  if (hasIpBehindHeader(lt)) {
    return ipBehindHeader(f, d) === undefined ? `${linkTypeName(lt)} header names no IP packet (${d.protocols()}): only IP is replayed from link type ${lt}` : undefined;
  }
  const v = sllVersion(lt);
  if (v === undefined) return `link type ${lt} (${linkTypeName(lt)}) cannot be replayed: a port receives Ethernet, Linux cooked (SLL 113, SLL2 276) or IP (raw: 101, 12, 14, 228, 229; behind a header: NULL 0, LOOP 108, FRELAY 107) frames`;
  const L = sllLayout(v);
  // A cooked header cut by the snap length is damage, not a link type: the port drops it.
  if (f.caplen < L.HEADER_LEN) return undefined;
  const name = linkTypeName(lt);
  const t = sllPacketType(f.buf, f.off, v);
  if (t === SLL_PACKET.OUTGOING || t === SLL_PACKET.LOOPBACK) {
    return `${name} packet type ${t} (${SLL_PACKET_NAMES[t]}) is a frame the capturing host sent, whose destination MAC the cooked header does not keep: skip it (ingress outbound: skip)`;
  }
  if (t > SLL_PACKET.OTHERHOST) return `${name} packet type ${t} (${SLL_PACKET_NAMES[t] ?? 'unknown'}) is not a frame a port received`;
  const protocol = readU16(f.buf, f.off + L.PROTOCOL);
  if (protocol <= MAX_8023_LENGTH) {
    return `${name} protocol 0x${hex4(protocol)} (${NON_ETHERTYPES[protocol] ?? 'not an EtherType'}) has no Ethernet II form to replay`;
  }
  if (t === SLL_PACKET.MULTICAST && groupMac(protocol, f.buf, f.off + L.HEADER_LEN, f.off + f.caplen) === undefined) {
    return `${name} multicast with EtherType 0x${hex4(protocol)}: its group address is not in the capture (only IPv4, IPv6, LLDP, LACP and EAPOL groups can be rebuilt)`;
  }
  return undefined;
}

/** libpcap's sll.h LINUX_SLL_P_* and linux/if_ether.h: what a cooked protocol ≤ 1500 stands for. */
const NON_ETHERTYPES: Readonly<Record<number, string>> = {
  0x0001: '802.3 frames without 802.2 LLC',
  0x0004: '802.2 LLC',
  0x000c: 'CAN',
  0x000d: 'CAN FD',
  0x000e: 'CAN XL',
};

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/**
 * A reused view: `of(frame, portMac)` sets `buf[off, end)` to the Ethernet frame the port
 * receives. Ethernet frames are not copied; the others are rebuilt into a scratch buffer
 * (the forwarding path rewrites it in place as it would the capture's).
 */
export class EthernetView {
  buf: Uint8Array = new Uint8Array(0);
  off = 0;
  end = 0;
  private scratch = new Uint8Array(2048);
  private readonly decoded = new DecodedFrame();

  /** Why the frame cannot enter a port (`whyNotReplayable`), or undefined. */
  refusal(f: CapturedFrame): string | undefined {
    return whyNotReplayable(f, this.decoded);
  }

  /** The frame must be replayable (`whyNotReplayable`). */
  of(f: CapturedFrame, portMac: Uint8Array): void {
    const lt = f.linkType;
    const start = f.off;
    const end = f.off + f.caplen;
    if (lt === LINKTYPE.ETHERNET) return this.set(f.buf, start, end);
    const v = sllVersion(lt);
    if (v !== undefined) {
      const L = sllLayout(v);
      if (f.caplen < L.HEADER_LEN) return this.set(f.buf, start, start);
      const protocol = readU16(f.buf, start + L.PROTOCOL);
      const p = start + L.HEADER_LEN;
      const t = sllPacketType(f.buf, start, v);
      const dst = t === SLL_PACKET.HOST ? portMac : t === SLL_PACKET.BROADCAST ? BROADCAST_MAC : t === SLL_PACKET.MULTICAST ? groupMac(protocol, f.buf, p, end)! : OTHERHOST_MAC;
      const src = sllHasMac(f.buf, start, v) ? f.buf.subarray(start + L.ADDR, start + L.ADDR + 6) : NO_SOURCE_MAC;
      return this.build(dst, src, protocol, f.buf, p, end);
    }
    if (hasIpBehindHeader(lt)) {
      const ip = ipBehindHeader(f, this.decoded);
      if (ip === undefined || ip === 'cut') return this.set(f.buf, start, start);
      return this.ip(ip.type, f.buf, ip.at, end, portMac);
    }
    if (f.caplen === 0) return this.set(f.buf, start, start);
    const version = lt === LINKTYPE.IPV4 ? 4 : lt === LINKTYPE.IPV6 ? 6 : f.buf[start]! >>> 4;
    // Neither 4 nor 6: no protocol handler takes it (tun_get_user refuses it too).
    this.ip(version === 4 ? ETHERTYPE.IPV4 : version === 6 ? ETHERTYPE.IPV6 : 0, f.buf, start, end, portMac);
  }

  /** An IP packet of a point-to-point link, as its sender would put it on an Ethernet: the destination follows the IP one. */
  private ip(type: number, b: Uint8Array, p: number, end: number, portMac: Uint8Array): void {
    const dst = type === 0 ? portMac : (groupMac(type, b, p, end) ?? (type === ETHERTYPE.IPV4 && isLimitedBroadcast(b, p, end) ? BROADCAST_MAC : portMac));
    this.build(dst, NO_SOURCE_MAC, type, b, p, end);
  }

  private set(buf: Uint8Array, off: number, end: number): void {
    this.buf = buf;
    this.off = off;
    this.end = end;
  }

  private build(dst: Uint8Array, src: Uint8Array, type: number, b: Uint8Array, p: number, end: number): void {
    const len = ETH_HLEN + (end - p);
    if (this.scratch.length < len) this.scratch = new Uint8Array(Math.max(len, this.scratch.length * 2));
    const s = this.scratch;
    s.set(dst, 0);
    s.set(src, 6);
    writeU16(s, 12, type);
    s.set(b.subarray(p, end), ETH_HLEN);
    this.set(s, 0, len);
  }
}

/** IPv4 destination offset, IPv6 destination offset, and the VLAN TPIDs to step over. */
const IPV4_DST = 16;
const IPV6_DST = 24;
const TAGS: ReadonlySet<number> = new Set([ETHERTYPE.VLAN, ETHERTYPE.QINQ, ETHERTYPE.QINQ_OLD]);

/**
 * The group MAC of a multicast payload: from the IP destination (the bytes the capture holds,
 * zero where it was cut: the IP header check then drops it), or the protocol's fixed group;
 * undefined when neither says it (an IP destination that is not multicast, another protocol).
 */
function groupMac(type: number, b: Uint8Array, p: number, end: number): Uint8Array | undefined {
  // libpcap puts a VLAN tag the NIC stripped back before the protocol: step over tags.
  for (let depth = 0; TAGS.has(type) && depth < 8; depth++) {
    if (end - p < 4) return undefined;
    type = readU16(b, p + 2);
    p += 4;
  }
  if (type === ETHERTYPE.IPV4 || type === ETHERTYPE.IPV6) {
    const v4 = type === ETHERTYPE.IPV4;
    const group = new Uint8Array(v4 ? 4 : 16);
    const at = p + (v4 ? IPV4_DST : IPV6_DST);
    if (end > at) group.set(b.subarray(at, Math.min(end, at + group.length)));
    const multicast = v4 ? group[0]! >>> 4 === 0xe : group[0] === 0xff;
    // Cut before the destination: any group MAC serves, the header check drops the frame.
    return multicast || end <= at ? multicastMac(group) : undefined;
  }
  return PROTOCOL_GROUPS[type];
}

function isLimitedBroadcast(b: Uint8Array, p: number, end: number): boolean {
  const at = p + IPV4_DST;
  return end >= at + 4 && b[at] === 0xff && b[at + 1] === 0xff && b[at + 2] === 0xff && b[at + 3] === 0xff;
}
