import { formatIpv4, writeIpv4 } from '../addr/ipv4';
import { formatMac, writeMac } from '../addr/mac';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';

/** ARP (RFC 826); addresses are decoded for Ethernet/IPv4, the only pair Linux routes with. */
export const ARP = { HTYPE: 0, PTYPE: 2, HLEN: 4, PLEN: 5, OPER: 6, SHA: 8, FIXED_LEN: 8, ETHER_IPV4_LEN: 28 } as const;
export const ARP_OP = { REQUEST: 1, REPLY: 2 } as const;
const HTYPE_ETHER = 1;
const PTYPE_IPV4 = 0x0800;

export interface ArpPacket {
  readonly hwType: number;
  readonly protoType: number;
  readonly opcode: number;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
}

function isEtherIpv4(b: Uint8Array, o: number): boolean {
  return readU16(b, o + ARP.HTYPE) === HTYPE_ETHER && readU16(b, o + ARP.PTYPE) === PTYPE_IPV4 && b[o + ARP.HLEN] === 6 && b[o + ARP.PLEN] === 4;
}

/** Parses an Ethernet/IPv4 ARP packet (the caller has checked it decoded as one). */
export function parseArp(b: Uint8Array, o: number): ArpPacket {
  return {
    hwType: readU16(b, o + ARP.HTYPE),
    protoType: readU16(b, o + ARP.PTYPE),
    opcode: readU16(b, o + ARP.OPER),
    senderMac: formatMac(b, o + 8),
    senderIp: formatIpv4(b, o + 14),
    targetMac: formatMac(b, o + 18),
    targetIp: formatIpv4(b, o + 24),
  };
}

export function emitArp(h: ArpPacket, b: Uint8Array, o: number): number {
  writeU16(b, o + ARP.HTYPE, h.hwType);
  writeU16(b, o + ARP.PTYPE, h.protoType);
  b[o + ARP.HLEN] = 6;
  b[o + ARP.PLEN] = 4;
  writeU16(b, o + ARP.OPER, h.opcode);
  writeMac(h.senderMac, b, o + 8);
  writeIpv4(h.senderIp, b, o + 14);
  writeMac(h.targetMac, b, o + 18);
  writeIpv4(h.targetIp, b, o + 24);
  return ARP.ETHER_IPV4_LEN;
}

export function decodeArp(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < ARP.FIXED_LEN) return d.short('arp', 'arp.opcode', o, ARP.FIXED_LEN, end);
  const need = ARP.FIXED_LEN + 2 * (b[o + ARP.HLEN]! + b[o + ARP.PLEN]!);
  if (end - o < need) return d.short('arp', 'arp.src.hw', o, need, end);
  d.push(LAYER.ARP, o, o + need);
}

export function arpFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  sink('arp.hw.type', readU16(b, o + ARP.HTYPE));
  sink('arp.proto.type', readU16(b, o + ARP.PTYPE));
  sink('arp.hw.size', b[o + ARP.HLEN]!);
  sink('arp.proto.size', b[o + ARP.PLEN]!);
  sink('arp.opcode', readU16(b, o + ARP.OPER));
  if (!isEtherIpv4(b, o)) return;
  sink('arp.src.hw_mac', formatMac(b, o + 8));
  sink('arp.src.proto_ipv4', formatIpv4(b, o + 14));
  sink('arp.dst.hw_mac', formatMac(b, o + 18));
  sink('arp.dst.proto_ipv4', formatIpv4(b, o + 24));
}
