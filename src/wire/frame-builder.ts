import { writeIpv4 } from '../addr/ipv4';
import { parseMac } from '../addr/mac';
import { writeIpv6 } from '../addr/ipv6';
import { emitArp, type ArpPacket } from './arp';
import { internetChecksum, sum16 } from './checksum';
import { emitEthernet, ETH } from './ethernet';
import { ETHERTYPE } from './ethertype';
import { writeU16, writeU32 } from './field-sink';
import { emitIcmp, ICMP } from './icmp';
import { emitIcmpv6, ICMPV6 } from './icmpv6';
import { IPPROTO } from './ip-numbers';
import { emitIpv4, IPV4, type Ipv4Header } from './ipv4';
import { emitIpv6, IPV6, type Ipv6Header } from './ipv6';
import { emitSll, SLL, SLL2, type SllHeader } from './sll';
import { emitTcp, TCP, type TcpHeader } from './tcp';
import { emitUdp, UDP } from './udp';
import { emitVlan, VLAN, type VlanTag } from './vlan';
import { emitVrrp, VRRP, type VrrpAdvert } from './vrrp';
import { emitVxlan, VXLAN, type VxlanHeader } from './vxlan';

/**
 * Small, allocation-happy helpers that build whole frames out of the project's own `emit*`
 * functions: the crafted captures (scripts/capture/craft-pcaps.ts), the tests, and the frames
 * the emulated stack sends itself (ARP and ND answers, ICMP errors), which are rare enough
 * that an allocation each costs nothing. Every checksum is computed as a sender would,
 * unless a recipe overwrites it on purpose.
 */

export function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `"45 00 0a"` (spaces, newlines and `|` ignored) to bytes. */
export function hex(text: string): Uint8Array {
  const s = text.replace(/[\s|]/g, '');
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(s)) throw new RangeError(`bad hex: ${text}`);
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function mac(text: string): Uint8Array {
  const m = parseMac(text);
  if (m === undefined) throw new RangeError(`not a MAC address: ${text}`);
  return m;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** Ethernet's minimum frame without the FCS (IEEE 802.3 §3.2.8): shorter frames are padded. */
export const MIN_FRAME = 60;

/** An Ethernet II frame (type > 1500) or an 802.3 frame (type = the LLC length), padded to 60 bytes. */
export function ethernet(dst: string, src: string, type: number, payload: Uint8Array, pad = true): Uint8Array {
  const n = ETH.HEADER_LEN + payload.length;
  const out = new Uint8Array(pad ? Math.max(n, MIN_FRAME) : n);
  emitEthernet({ dst, src, type }, out, 0);
  out.set(payload, ETH.HEADER_LEN);
  return out;
}

/**
 * An Ethernet frame with a stack of tags: `tags[k].tpid` is the TPID in front of tag k,
 * the innermost tag carries `type`.
 */
export function taggedEthernet(
  dst: string,
  src: string,
  tags: readonly (Omit<VlanTag, 'type'> & { readonly tpid: number })[],
  type: number,
  payload: Uint8Array,
): Uint8Array {
  const first = tags[0];
  if (first === undefined) return ethernet(dst, src, type, payload);
  const body = new Uint8Array(tags.length * VLAN.HEADER_LEN);
  tags.forEach((t, k) => emitVlan({ ...t, type: tags[k + 1]?.tpid ?? type }, body, k * VLAN.HEADER_LEN));
  return ethernet(dst, src, first.tpid, concat(body, payload));
}

export function arp(h: ArpPacket): Uint8Array {
  const out = new Uint8Array(28);
  emitArp(h, out, 0);
  return out;
}

/** The fields of an IPv4 header a recipe chooses; the rest have everyday defaults. */
export interface Ipv4Spec {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  readonly ttl?: number;
  readonly id?: number;
  readonly dsfield?: number;
  readonly flags?: number;
  readonly fragOffset?: number;
  readonly options?: Uint8Array;
  /** Overrides the computed total length (for damaged packets). */
  readonly totalLength?: number;
  /** Overrides the computed header checksum (for damaged packets). */
  readonly checksum?: number;
}

export function ipv4(spec: Ipv4Spec, payload: Uint8Array): Uint8Array {
  const options = spec.options ?? new Uint8Array(0);
  const hl = IPV4.MIN_HEADER_LEN + options.length;
  const h: Ipv4Header = {
    version: 4,
    headerLength: hl,
    dsfield: spec.dsfield ?? 0,
    totalLength: spec.totalLength ?? hl + payload.length,
    id: spec.id ?? 0,
    flags: spec.flags ?? 2,
    fragOffset: spec.fragOffset ?? 0,
    ttl: spec.ttl ?? 64,
    protocol: spec.protocol,
    checksum: spec.checksum ?? 0,
    src: spec.src,
    dst: spec.dst,
    options,
  };
  const out = new Uint8Array(hl + payload.length);
  emitIpv4(h, out, 0, spec.checksum === undefined ? 'compute' : 'keep');
  out.set(payload, hl);
  return out;
}

export interface Ipv6Spec {
  readonly src: string;
  readonly dst: string;
  /** The first next header (an extension header's number when `payload` starts with one). */
  readonly nextHeader: number;
  readonly hopLimit?: number;
  readonly trafficClass?: number;
  readonly flowLabel?: number;
}

export function ipv6(spec: Ipv6Spec, payload: Uint8Array): Uint8Array {
  const h: Ipv6Header = {
    version: 6,
    trafficClass: spec.trafficClass ?? 0,
    flowLabel: spec.flowLabel ?? 0,
    payloadLength: payload.length,
    nextHeader: spec.nextHeader,
    hopLimit: spec.hopLimit ?? 64,
    src: spec.src,
    dst: spec.dst,
  };
  const out = new Uint8Array(IPV6.HEADER_LEN + payload.length);
  emitIpv6(h, out, 0);
  out.set(payload, IPV6.HEADER_LEN);
  return out;
}

/**
 * A hop-by-hop or destination options header (RFC 8200 §4.3, §4.6) holding `options`,
 * padded with Pad1/PadN (§4.2) to a multiple of 8 bytes.
 */
export function ipv6Options(nextHeader: number, options: readonly number[] = []): Uint8Array {
  const n = 2 + options.length;
  const len = Math.ceil(n / 8) * 8;
  const out = new Uint8Array(len);
  out[0] = nextHeader;
  out[1] = len / 8 - 1;
  out.set(options, 2);
  const padding = len - n;
  if (padding === 1) out[n] = 0; // Pad1
  else if (padding > 1) {
    out[n] = 1; // PadN
    out[n + 1] = padding - 2;
  }
  return out;
}

/** A Segment Routing Header (routing type 4, RFC 8754 §2) with its segment list. */
export function ipv6SegmentRouting(nextHeader: number, segments: readonly string[], segmentsLeft: number): Uint8Array {
  const out = new Uint8Array(8 + 16 * segments.length);
  out[0] = nextHeader;
  out[1] = 2 * segments.length;
  out[2] = 4;
  out[3] = segmentsLeft;
  out[4] = segments.length - 1; // Last Entry
  segments.forEach((s, k) => writeIpv6(s, out, 8 + 16 * k));
  return out;
}

/** A fragment header (RFC 8200 §4.5); `offset` in 8-byte units. */
export function ipv6Fragment(nextHeader: number, offset: number, more: boolean, ident: number): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = nextHeader;
  writeU16(out, 2, (offset << 3) | (more ? 1 : 0));
  writeU32(out, 4, ident);
  return out;
}

/** The addresses for a transport checksum's pseudo-header (RFC 768; RFC 8200 §8.1). */
export interface Pseudo {
  readonly src: string;
  readonly dst: string;
}

function pseudoHeaderSum(p: Pseudo, protocol: number, length: number): number {
  const v6 = p.src.includes(':');
  const size = v6 ? 16 : 4;
  const b = new Uint8Array(2 * size);
  if (v6) {
    writeIpv6(p.src, b, 0);
    writeIpv6(p.dst, b, 16);
  } else {
    writeIpv4(p.src, b, 0);
    writeIpv4(p.dst, b, 4);
  }
  return sum16(b, 0, b.length) + protocol + (length >>> 16) + (length & 0xffff);
}

/** Fills in the checksum at `at` of `segment` (its field zeroed first). */
function setChecksum(segment: Uint8Array, at: number, pseudo: Pseudo | undefined, protocol: number): void {
  writeU16(segment, at, 0);
  const initial = pseudo === undefined ? 0 : pseudoHeaderSum(pseudo, protocol, segment.length);
  writeU16(segment, at, internetChecksum(segment, 0, segment.length, initial));
}

/**
 * A UDP datagram; with `pseudo` its checksum is computed (a result of 0 is sent as 0xffff,
 * RFC 768), without it the checksum is 0 ("none", allowed over IPv4 and what Linux VXLAN
 * sends by default).
 */
export function udp(srcPort: number, dstPort: number, payload: Uint8Array, pseudo?: Pseudo, length?: number): Uint8Array {
  const out = new Uint8Array(UDP.HEADER_LEN + payload.length);
  emitUdp({ srcPort, dstPort, length: length ?? out.length, checksum: 0 }, out, 0);
  out.set(payload, UDP.HEADER_LEN);
  if (pseudo !== undefined) {
    setChecksum(out, UDP.CHECKSUM, pseudo, IPPROTO.UDP);
    if (out[UDP.CHECKSUM] === 0 && out[UDP.CHECKSUM + 1] === 0) writeU16(out, UDP.CHECKSUM, 0xffff);
  }
  return out;
}

export function tcp(h: Omit<TcpHeader, 'checksum' | 'headerLength'>, payload: Uint8Array, pseudo: Pseudo): Uint8Array {
  const hl = TCP.MIN_HEADER_LEN + h.options.length;
  const out = new Uint8Array(hl + payload.length);
  emitTcp({ ...h, headerLength: hl, checksum: 0 }, out, 0);
  out.set(payload, hl);
  setChecksum(out, TCP.CHECKSUM, pseudo, IPPROTO.TCP);
  return out;
}

/** An ICMP message (RFC 792) with its checksum over the whole message. */
export function icmp(type: number, code: number, rest: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(ICMP.HEADER_LEN + body.length);
  emitIcmp({ type, code, checksum: 0, rest }, out, 0);
  out.set(body, ICMP.HEADER_LEN);
  setChecksum(out, ICMP.CHECKSUM, undefined, IPPROTO.ICMP);
  return out;
}

/** An ICMPv6 message (RFC 4443 §2.1): `body` follows the 4-byte common header; checksum per §2.3. */
export function icmpv6(type: number, code: number, body: Uint8Array, pseudo: Pseudo): Uint8Array {
  const out = new Uint8Array(ICMPV6.BODY + body.length);
  emitIcmpv6({ type, code, checksum: 0 }, out, 0);
  out.set(body, ICMPV6.BODY);
  setChecksum(out, ICMPV6.CHECKSUM, pseudo, IPPROTO.ICMPV6);
  return out;
}

/** The 4 bytes after an echo's common header: identifier and sequence number (RFC 792, RFC 4443 §4.1). */
export function echoIdSeq(id: number, seq: number): number {
  return ((id << 16) | seq) >>> 0;
}

/** An NDP link-layer address option (RFC 4861 §4.6.1): type 1 source, 2 target. */
export function ndLinkLayerOption(type: 1 | 2, mac: Uint8Array): Uint8Array {
  return concat([type, 1], mac);
}

/** VRRP carried in IPv4 or IPv6, with its checksum as `emitVrrp` computes it (RFC 3768 §5.3.8, RFC 5798 §5.2.8). */
export function vrrpPacket(ip: Omit<Ipv4Spec, 'protocol'> | Omit<Ipv6Spec, 'nextHeader'>, advert: VrrpAdvert): Uint8Array {
  const v6 = ip.src.includes(':');
  const addrSize = v6 ? 16 : 4;
  const len = VRRP.HEADER_LEN + advert.addresses.length * addrSize + (advert.version === 3 ? 0 : VRRP.V2_AUTH_DATA_LEN);
  const empty = new Uint8Array(len);
  const packet = v6 ? ipv6({ ...ip, nextHeader: IPPROTO.VRRP, hopLimit: 255 }, empty) : ipv4({ ttl: 255, ...ip, protocol: IPPROTO.VRRP }, empty);
  const at = packet.length - len;
  emitVrrp(advert, packet, at, { start: 0, version: v6 ? 6 : 4 });
  return packet;
}

export function vxlan(h: VxlanHeader, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(VXLAN.HEADER_LEN + inner.length);
  emitVxlan(h, out, 0);
  out.set(inner, VXLAN.HEADER_LEN);
  return out;
}

export function sll(h: Omit<SllHeader, 'addr'> & { readonly mac: Uint8Array }, payload: Uint8Array): Uint8Array {
  const len = h.version === 1 ? SLL.HEADER_LEN : SLL2.HEADER_LEN;
  const out = new Uint8Array(len + payload.length);
  const addr = new Uint8Array(8);
  addr.set(h.mac.subarray(0, 8));
  emitSll({ ...h, addr }, out, 0);
  out.set(payload, len);
  return out;
}

/** BSD loopback header: the address family in host (little-endian) order for NULL, network order for LOOP. */
export function nullHeader(family: number, networkOrder: boolean, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setUint32(0, family, !networkOrder);
  out.set(payload, 4);
  return out;
}

export { ETHERTYPE, IPPROTO };
