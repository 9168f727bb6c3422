import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, readU32, writeU16, writeU32, type FieldSink } from './field-sink';

/** TCP header (RFC 9293 §3.1); options are kept verbatim, the payload is not decoded. */
export const TCP = { SRC_PORT: 0, DST_PORT: 2, SEQ: 4, ACK: 8, OFFSET_FLAGS: 12, WINDOW: 14, CHECKSUM: 16, URGENT: 18, MIN_HEADER_LEN: 20 } as const;
export const TCP_FLAG = { FIN: 0x001, SYN: 0x002, RST: 0x004, PSH: 0x008, ACK: 0x010, URG: 0x020, ECE: 0x040, CWR: 0x080, AE: 0x100 } as const;

export interface TcpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** Header length in bytes. */
  readonly headerLength: number;
  /** The 12 bits after the data offset, as Wireshark's `tcp.flags`. */
  readonly flags: number;
  readonly window: number;
  readonly checksum: number;
  readonly urgent: number;
  readonly options: Uint8Array;
}

export function parseTcp(b: Uint8Array, o: number): TcpHeader {
  const w = readU16(b, o + TCP.OFFSET_FLAGS);
  const hl = (w >>> 12) * 4;
  return {
    srcPort: readU16(b, o),
    dstPort: readU16(b, o + 2),
    seq: readU32(b, o + TCP.SEQ),
    ack: readU32(b, o + TCP.ACK),
    headerLength: hl,
    flags: w & 0x0fff,
    window: readU16(b, o + TCP.WINDOW),
    checksum: readU16(b, o + TCP.CHECKSUM),
    urgent: readU16(b, o + TCP.URGENT),
    options: b.slice(o + TCP.MIN_HEADER_LEN, o + hl),
  };
}

export function emitTcp(h: TcpHeader, b: Uint8Array, o: number): number {
  const hl = TCP.MIN_HEADER_LEN + h.options.length;
  writeU16(b, o, h.srcPort);
  writeU16(b, o + 2, h.dstPort);
  writeU32(b, o + TCP.SEQ, h.seq);
  writeU32(b, o + TCP.ACK, h.ack);
  writeU16(b, o + TCP.OFFSET_FLAGS, ((hl >>> 2) << 12) | h.flags);
  writeU16(b, o + TCP.WINDOW, h.window);
  writeU16(b, o + TCP.CHECKSUM, h.checksum);
  writeU16(b, o + TCP.URGENT, h.urgent);
  b.set(h.options, o + TCP.MIN_HEADER_LEN);
  return hl;
}

export function decodeTcp(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < TCP.MIN_HEADER_LEN) return d.short('tcp', 'tcp.hdr_len', o, TCP.MIN_HEADER_LEN, end);
  const hl = (b[o + TCP.OFFSET_FLAGS]! >>> 4) * 4;
  if (hl < TCP.MIN_HEADER_LEN) {
    d.push(LAYER.TCP, o, end);
    return d.fail('malformed', 'tcp', 'tcp.hdr_len', o, `tcp: header length ${hl} < 20`);
  }
  if (end - o < hl) {
    d.push(LAYER.TCP, o, end);
    return d.short('tcp', 'tcp.options', o, hl, end);
  }
  // The payload is a byte stream, not a layer: tshark shows it as `tcp.payload`, not `data`.
  d.push(LAYER.TCP, o, end);
}

export function tcpFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const w = readU16(b, o + TCP.OFFSET_FLAGS);
  sink('tcp.srcport', readU16(b, o + TCP.SRC_PORT));
  sink('tcp.dstport', readU16(b, o + TCP.DST_PORT));
  sink('tcp.seq_raw', readU32(b, o + TCP.SEQ));
  sink('tcp.ack_raw', readU32(b, o + TCP.ACK));
  sink('tcp.hdr_len', (w >>> 12) * 4);
  sink('tcp.flags', w & 0x0fff);
  sink('tcp.window_size_value', readU16(b, o + TCP.WINDOW));
  sink('tcp.checksum', readU16(b, o + TCP.CHECKSUM));
}
