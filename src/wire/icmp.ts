import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';
import { decodeIpv4 } from './ipv4';

/** ICMP (RFC 792): type, code, checksum, 4 bytes of rest-of-header. */
export const ICMP = { TYPE: 0, CODE: 1, CHECKSUM: 2, REST: 4, HEADER_LEN: 8 } as const;
export const ICMP_TYPE = {
  ECHO_REPLY: 0,
  DEST_UNREACH: 3,
  SOURCE_QUENCH: 4,
  REDIRECT: 5,
  ECHO_REQUEST: 8,
  TIME_EXCEEDED: 11,
  PARAMETER_PROBLEM: 12,
} as const;

export interface IcmpHeader {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** The 32-bit rest of header (id+seq, gateway, pointer, next-hop MTU). */
  readonly rest: number;
}

/** Error messages quote the offending packet's IP header and first bytes (RFC 792). */
export function isIcmpError(type: number): boolean {
  return (
    type === ICMP_TYPE.DEST_UNREACH ||
    type === ICMP_TYPE.SOURCE_QUENCH ||
    type === ICMP_TYPE.REDIRECT ||
    type === ICMP_TYPE.TIME_EXCEEDED ||
    type === ICMP_TYPE.PARAMETER_PROBLEM
  );
}

export function parseIcmp(b: Uint8Array, o: number): IcmpHeader {
  return { type: b[o]!, code: b[o + 1]!, checksum: readU16(b, o + 2), rest: ((readU16(b, o + 4) << 16) | readU16(b, o + 6)) >>> 0 };
}

export function emitIcmp(h: IcmpHeader, b: Uint8Array, o: number): number {
  b[o] = h.type;
  b[o + 1] = h.code;
  writeU16(b, o + 2, h.checksum);
  writeU16(b, o + 4, h.rest >>> 16);
  writeU16(b, o + 6, h.rest & 0xffff);
  return ICMP.HEADER_LEN;
}

export function decodeIcmp(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < 4) return d.short('icmp', 'icmp.checksum', o, 4, end);
  if (!d.push(LAYER.ICMP, o, end)) return;
  const type = b[o]!;
  const p = o + ICMP.HEADER_LEN;
  if (isIcmpError(type) && end > p) {
    // The quoted packet is usually cut short on purpose: decode what is there, quietly.
    d.quoted++;
    decodeIpv4(d, b, p, end);
    d.quoted--;
    return;
  }
  if (end > p) d.push(LAYER.DATA, p, end);
}

export function icmpFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  sink('icmp.type', b[o]!);
  sink('icmp.code', b[o + 1]!);
  sink('icmp.checksum', readU16(b, o + ICMP.CHECKSUM));
}
