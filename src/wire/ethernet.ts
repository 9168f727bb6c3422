import { formatMac, writeMac } from '../addr/mac';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeTypeOrLength, MAX_8023_LENGTH } from './ethertype';
import { readU16, writeU16, type FieldSink } from './field-sink';

/** Ethernet II / 802.3 header (IEEE 802.3 §3.1.1). */
export const ETH = { DST: 0, SRC: 6, TYPE: 12, HEADER_LEN: 14 } as const;

export interface EthernetHeader {
  readonly dst: string;
  readonly src: string;
  /** EtherType, or the 802.3 length when <= 1500. */
  readonly type: number;
}

export function parseEthernet(b: Uint8Array, o: number): EthernetHeader {
  return { dst: formatMac(b, o + ETH.DST), src: formatMac(b, o + ETH.SRC), type: readU16(b, o + ETH.TYPE) };
}

export function emitEthernet(h: EthernetHeader, b: Uint8Array, o: number): number {
  writeMac(h.dst, b, o + ETH.DST);
  writeMac(h.src, b, o + ETH.SRC);
  writeU16(b, o + ETH.TYPE, h.type);
  return ETH.HEADER_LEN;
}

export function decodeEthernet(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < ETH.HEADER_LEN) return d.short('eth', end - o < 12 ? 'eth.src' : 'eth.type', o, ETH.HEADER_LEN, end);
  d.push(LAYER.ETH, o, end);
  decodeTypeOrLength(d, readU16(b, o + ETH.TYPE), b, o + ETH.HEADER_LEN, end);
}

export function ethernetFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  sink('eth.dst', formatMac(b, o + ETH.DST));
  sink('eth.src', formatMac(b, o + ETH.SRC));
  const type = readU16(b, o + ETH.TYPE);
  sink(type <= MAX_8023_LENGTH ? 'eth.len' : 'eth.type', type);
}
