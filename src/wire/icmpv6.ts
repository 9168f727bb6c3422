import { formatIpv6 } from '../addr/ipv6';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';
import { decodeIpv6 } from './ipv6';

/** ICMPv6 (RFC 4443) and the Neighbor Discovery messages of RFC 4861 §4.3, §4.4. */
export const ICMPV6 = { TYPE: 0, CODE: 1, CHECKSUM: 2, BODY: 4, HEADER_LEN: 8, ND_TARGET: 8, ND_LEN: 24 } as const;
export const ICMPV6_TYPE = {
  DEST_UNREACH: 1,
  PACKET_TOO_BIG: 2,
  TIME_EXCEEDED: 3,
  PARAM_PROBLEM: 4,
  ECHO_REQUEST: 128,
  ECHO_REPLY: 129,
  ROUTER_SOLICIT: 133,
  ROUTER_ADVERT: 134,
  NEIGHBOR_SOLICIT: 135,
  NEIGHBOR_ADVERT: 136,
  REDIRECT: 137,
} as const;

export interface Icmpv6Header {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** NS / NA target address. */
  readonly target?: string;
}

export function parseIcmpv6(b: Uint8Array, o: number, end: number): Icmpv6Header {
  const type = b[o]!;
  const nd = (type === ICMPV6_TYPE.NEIGHBOR_SOLICIT || type === ICMPV6_TYPE.NEIGHBOR_ADVERT) && end - o >= ICMPV6.ND_LEN;
  const h = { type, code: b[o + 1]!, checksum: readU16(b, o + 2) };
  return nd ? { ...h, target: formatIpv6(b, o + ICMPV6.ND_TARGET) } : h;
}

/** Writes the 4-byte common header; the body (and checksum) is the caller's. */
export function emitIcmpv6(h: Icmpv6Header, b: Uint8Array, o: number): number {
  b[o] = h.type;
  b[o + 1] = h.code;
  writeU16(b, o + 2, h.checksum);
  return ICMPV6.BODY;
}

export function decodeIcmpv6(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < 4) return d.short('icmpv6', 'icmpv6.checksum', o, 4, end);
  if (!d.push(LAYER.ICMPV6, o, end)) return;
  const type = b[o]!;
  const p = o + ICMPV6.HEADER_LEN;
  if ((type === ICMPV6_TYPE.NEIGHBOR_SOLICIT || type === ICMPV6_TYPE.NEIGHBOR_ADVERT) && end - o < ICMPV6.ND_LEN) {
    return d.short('icmpv6', type === ICMPV6_TYPE.NEIGHBOR_SOLICIT ? 'icmpv6.nd.ns.target_address' : 'icmpv6.nd.na.target_address', o, ICMPV6.ND_LEN, end);
  }
  if (type < 128 && end > p) {
    // Error messages (types 0-127) quote the invoking packet (RFC 4443 §2.1).
    d.quoted++;
    decodeIpv6(d, b, p, end);
    d.quoted--;
  } else if ((type === ICMPV6_TYPE.ECHO_REQUEST || type === ICMPV6_TYPE.ECHO_REPLY) && end > p) {
    // Echo data after identifier and sequence (RFC 4443 §4.1), as tshark's `icmpv6:data`.
    d.push(LAYER.DATA, p, end);
  }
}

export function icmpv6Fields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const end = d.ends[i]!;
  const type = b[o]!;
  sink('icmpv6.type', type);
  sink('icmpv6.code', b[o + 1]!);
  sink('icmpv6.checksum', readU16(b, o + ICMPV6.CHECKSUM));
  if (end - o < ICMPV6.ND_LEN) return;
  if (type === ICMPV6_TYPE.NEIGHBOR_SOLICIT) sink('icmpv6.nd.ns.target_address', formatIpv6(b, o + ICMPV6.ND_TARGET));
  else if (type === ICMPV6_TYPE.NEIGHBOR_ADVERT) {
    // RFC 4861 §4.4: Router, Solicited, Override, the top bits of the byte after the checksum.
    const flags = b[o + ICMPV6.BODY]!;
    sink('icmpv6.nd.na.flag.r', flags >>> 7);
    sink('icmpv6.nd.na.flag.s', (flags >>> 6) & 1);
    sink('icmpv6.nd.na.flag.o', (flags >>> 5) & 1);
    sink('icmpv6.nd.na.target_address', formatIpv6(b, o + ICMPV6.ND_TARGET));
  }
}
