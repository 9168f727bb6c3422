import { formatMac } from '../addr/mac';
import { LINKTYPE } from '../capture/link-type';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeEthertype, MAX_8023_LENGTH } from './ethertype';
import { readU16, readU32, writeU16, writeU32, type FieldSink } from './field-sink';

/**
 * Linux "cooked" captures (tcpdump.org LINKTYPE_LINUX_SLL and LINKTYPE_LINUX_SLL2), what
 * `tcpdump -i any` writes. SLL: packet type, ARPHRD type, address length, 8 address bytes,
 * protocol. SLL2 reorders them and adds the interface index.
 */
export const SLL = { PKTTYPE: 0, HATYPE: 2, HALEN: 4, ADDR: 6, PROTOCOL: 14, HEADER_LEN: 16 } as const;
export const SLL2 = { PROTOCOL: 0, RESERVED: 2, IFINDEX: 4, HATYPE: 8, PKTTYPE: 10, HALEN: 11, ADDR: 12, HEADER_LEN: 20 } as const;
/** ARPHRD types whose 6-byte address is a MAC (ARPHRD_ETHER, ARPHRD_LOOPBACK). */
const MAC_HATYPES: ReadonlySet<number> = new Set([1, 772]);
/** Non-EtherType protocol values (linux/if_ether.h ETH_P_802_3, ETH_P_802_2). */
const LINUX_SLL_P_802_2 = 0x0004;

/**
 * The packet type: `skb->pkt_type` as `packet_rcv` copied it (linux/if_packet.h PACKET_*;
 * libpcap's sll.h LINUX_SLL_*): addressed to the capturing device, to the broadcast address,
 * to a multicast group, to another host (promiscuous), or sent by the box itself (OUTGOING,
 * and LOOPBACK for its multicast looped back by `dev_loopback_xmit`).
 */
export const SLL_PACKET = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4, LOOPBACK: 5, USER: 6, KERNEL: 7 } as const;
export const SLL_PACKET_NAMES: readonly string[] = ['PACKET_HOST', 'PACKET_BROADCAST', 'PACKET_MULTICAST', 'PACKET_OTHERHOST', 'PACKET_OUTGOING', 'PACKET_LOOPBACK', 'PACKET_USER', 'PACKET_KERNEL'];

/** The field offsets of a cooked header of either version. */
export function sllLayout(version: 1 | 2): typeof SLL | typeof SLL2 {
  return version === 1 ? SLL : SLL2;
}

export function sllPacketType(b: Uint8Array, o: number, version: 1 | 2): number {
  return version === 1 ? readU16(b, o + SLL.PKTTYPE) : b[o + SLL2.PKTTYPE]!;
}

export function sllAddressLength(b: Uint8Array, o: number, version: 1 | 2): number {
  return version === 1 ? readU16(b, o + SLL.HALEN) : b[o + SLL2.HALEN]!;
}

/** Whether the link-layer address is a MAC: an Ethernet-like ARPHRD type and 6 bytes. */
export function sllHasMac(b: Uint8Array, o: number, version: 1 | 2): boolean {
  return MAC_HATYPES.has(readU16(b, o + sllLayout(version).HATYPE)) && sllAddressLength(b, o, version) === 6;
}

export interface SllHeader {
  readonly version: 1 | 2;
  readonly pktType: number;
  readonly haType: number;
  readonly haLen: number;
  readonly addr: Uint8Array;
  readonly protocol: number;
  /** SLL2 only. */
  readonly ifindex: number;
}

export function parseSll(b: Uint8Array, o: number, version: 1 | 2): SllHeader {
  const L = sllLayout(version);
  return {
    version,
    pktType: sllPacketType(b, o, version),
    haType: readU16(b, o + L.HATYPE),
    haLen: sllAddressLength(b, o, version),
    addr: b.slice(o + L.ADDR, o + L.ADDR + 8),
    protocol: readU16(b, o + L.PROTOCOL),
    ifindex: version === 2 ? readU32(b, o + SLL2.IFINDEX) : 0,
  };
}

export function emitSll(h: SllHeader, b: Uint8Array, o: number): number {
  if (h.version === 1) {
    writeU16(b, o + SLL.PKTTYPE, h.pktType);
    writeU16(b, o + SLL.HATYPE, h.haType);
    writeU16(b, o + SLL.HALEN, h.haLen);
    b.set(h.addr.subarray(0, 8), o + SLL.ADDR);
    writeU16(b, o + SLL.PROTOCOL, h.protocol);
    return SLL.HEADER_LEN;
  }
  writeU16(b, o + SLL2.PROTOCOL, h.protocol);
  writeU16(b, o + SLL2.RESERVED, 0);
  writeU32(b, o + SLL2.IFINDEX, h.ifindex);
  writeU16(b, o + SLL2.HATYPE, h.haType);
  b[o + SLL2.PKTTYPE] = h.pktType;
  b[o + SLL2.HALEN] = h.haLen;
  b.set(h.addr.subarray(0, 8), o + SLL2.ADDR);
  return SLL2.HEADER_LEN;
}

export function decodeSll(d: DecodedFrame, version: 1 | 2, b: Uint8Array, o: number, end: number): void {
  const L = sllLayout(version);
  if (end - o < L.HEADER_LEN) return d.short('sll', 'sll.etype', o, L.HEADER_LEN, end);
  d.push(LAYER.SLL, o, end);
  const protocol = readU16(b, o + L.PROTOCOL);
  const p = o + L.HEADER_LEN;
  if (protocol > MAX_8023_LENGTH) return decodeEthertype(d, protocol, b, p, end);
  if (end > p) d.push(protocol === LINUX_SLL_P_802_2 ? LAYER.LLC : LAYER.DATA, p, end);
}

export function sllFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const version = d.linkType === LINKTYPE.LINUX_SLL2 ? 2 : 1;
  const L = sllLayout(version);
  const protocol = readU16(b, o + L.PROTOCOL);
  sink('sll.pkttype', sllPacketType(b, o, version));
  sink('sll.hatype', readU16(b, o + L.HATYPE));
  sink('sll.halen', sllAddressLength(b, o, version));
  if (sllHasMac(b, o, version)) sink('sll.src.eth', formatMac(b, o + L.ADDR));
  sink(protocol > MAX_8023_LENGTH ? 'sll.etype' : 'sll.ltype', protocol);
  if (version === 2) sink('sll.ifindex', readU32(b, o + SLL2.IFINDEX));
}
