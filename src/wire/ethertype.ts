import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeArp } from './arp';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { decodeVlan } from './vlan';

/** EtherType values the decoder dispatches on (IEEE registry). */
export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  /** RARP (RFC 903) shares ARP's packet format. */
  RARP: 0x8035,
  VLAN: 0x8100,
  IPV6: 0x86dd,
  QINQ: 0x88a8,
  /** Pre-802.1ad QinQ TPID still seen on older gear; Wireshark decodes it as 802.1Q. */
  QINQ_OLD: 0x9100,
} as const;

/** Values up to 1500 are an 802.3 length, not a type (IEEE 802.3 §3.2.6). */
export const MAX_8023_LENGTH = 1500;

/**
 * Decodes the payload named by an EtherType. Unknown types end the walk with a `data`
 * layer: the frame is valid, just not ours to decode.
 */
export function decodeEthertype(d: DecodedFrame, type: number, b: Uint8Array, o: number, end: number): void {
  switch (type) {
    case ETHERTYPE.IPV4:
      return decodeIpv4(d, b, o, end);
    case ETHERTYPE.IPV6:
      return decodeIpv6(d, b, o, end);
    case ETHERTYPE.ARP:
    case ETHERTYPE.RARP:
      return decodeArp(d, b, o, end);
    case ETHERTYPE.VLAN:
    case ETHERTYPE.QINQ_OLD:
      return decodeVlan(d, 'vlan', b, o, end);
    case ETHERTYPE.QINQ:
      return decodeVlan(d, 'ieee8021ad', b, o, end);
    default:
      if (end > o) d.push(LAYER.DATA, o, end);
  }
}

/**
 * The 16 bits after MAC addresses or a tag: an EtherType, or an 802.3 length, in which
 * case the payload is LLC, shown but not decoded (IEEE 802.3 §3.2.6).
 */
export function decodeTypeOrLength(d: DecodedFrame, typeOrLength: number, b: Uint8Array, o: number, end: number): void {
  if (typeOrLength > MAX_8023_LENGTH) return decodeEthertype(d, typeOrLength, b, o, end);
  if (end > o) d.push(LAYER.LLC, o, Math.min(end, o + typeOrLength));
}
