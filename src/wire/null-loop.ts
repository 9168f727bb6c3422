import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU32, type FieldSink } from './field-sink';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';

/**
 * BSD loopback encapsulation: a 4-byte address family, in the writer's byte order for
 * LINKTYPE_NULL and in network order for LINKTYPE_LOOP. IPv6's AF value differs per OS
 * (24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin); all mean IPv6.
 */
export const NULL_HEADER_LEN = 4;
const AF_INET = 2;
const isInet6 = (family: number): boolean => family === 10 || family === 24 || family === 28 || family === 30;

/** The family, reading a NULL header in whichever byte order gives a small value. */
export function nullFamily(b: Uint8Array, o: number, networkOrder: boolean): number {
  const be = readU32(b, o);
  if (networkOrder) return be;
  const le = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  return le <= 0xffff ? le : be;
}

export function decodeNull(d: DecodedFrame, networkOrder: boolean, b: Uint8Array, o: number, end: number): void {
  if (end - o < NULL_HEADER_LEN) return d.short('null', 'null.family', o, NULL_HEADER_LEN, end);
  d.push(LAYER.NULL, o, end);
  const family = nullFamily(b, o, networkOrder);
  const p = o + NULL_HEADER_LEN;
  if (family === AF_INET) return decodeIpv4(d, b, p, end);
  if (isInet6(family)) return decodeIpv6(d, b, p, end);
  if (end > p) d.push(LAYER.DATA, p, end);
}

export function nullFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  sink('null.family', nullFamily(d.buf, d.starts[i]!, d.linkType === 108));
}
