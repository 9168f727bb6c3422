import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';
import { decodeVxlan, isVxlanPort } from './vxlan';

/** UDP header (RFC 768). */
export const UDP = { SRC_PORT: 0, DST_PORT: 2, LENGTH: 4, CHECKSUM: 6, HEADER_LEN: 8 } as const;

export interface UdpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly length: number;
  readonly checksum: number;
}

export function parseUdp(b: Uint8Array, o: number): UdpHeader {
  return { srcPort: readU16(b, o), dstPort: readU16(b, o + 2), length: readU16(b, o + 4), checksum: readU16(b, o + 6) };
}

export function emitUdp(h: UdpHeader, b: Uint8Array, o: number): number {
  writeU16(b, o + UDP.SRC_PORT, h.srcPort);
  writeU16(b, o + UDP.DST_PORT, h.dstPort);
  writeU16(b, o + UDP.LENGTH, h.length);
  writeU16(b, o + UDP.CHECKSUM, h.checksum);
  return UDP.HEADER_LEN;
}

export function decodeUdp(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < UDP.HEADER_LEN) return d.short('udp', 'udp.length', o, UDP.HEADER_LEN, end);
  const length = readU16(b, o + UDP.LENGTH);
  // The UDP length bounds the datagram when it is sane (RFC 768); 0 is used by jumbograms.
  const udpEnd = length >= UDP.HEADER_LEN ? Math.min(end, o + length) : end;
  if (!d.push(LAYER.UDP, o, udpEnd)) return;
  // A longer length than the packet holds is normal in a first IP fragment, so only a
  // length too small for the header itself is malformed here.
  if (length > 0 && length < UDP.HEADER_LEN) d.fail('malformed', 'udp', 'udp.length', o, `udp: length ${length} < 8`);
  const p = o + UDP.HEADER_LEN;
  // Linux demultiplexes VXLAN by the destination port of its socket (vxlan_rcv).
  if (isVxlanPort(readU16(b, o + UDP.DST_PORT))) return decodeVxlan(d, b, p, udpEnd);
  if (udpEnd > p) d.push(LAYER.DATA, p, udpEnd);
}

export function udpFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  sink('udp.srcport', readU16(b, o + UDP.SRC_PORT));
  sink('udp.dstport', readU16(b, o + UDP.DST_PORT));
  sink('udp.length', readU16(b, o + UDP.LENGTH));
  sink('udp.checksum', readU16(b, o + UDP.CHECKSUM));
}
