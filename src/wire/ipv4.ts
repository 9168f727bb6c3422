import { formatIpv4, writeIpv4 } from '../addr/ipv4';
import { CHECKSUM_STATUS, internetChecksum, sum16 } from './checksum';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';
import { decodeIpPayload } from './ip-protocol';

/** IPv4 header (RFC 791 §3.1). */
export const IPV4 = {
  VER_IHL: 0,
  DSFIELD: 1,
  TOTAL_LEN: 2,
  ID: 4,
  FLAGS_FRAG: 6,
  TTL: 8,
  PROTO: 9,
  CHECKSUM: 10,
  SRC: 12,
  DST: 16,
  MIN_HEADER_LEN: 20,
} as const;

/** The 3-bit flags value, as Wireshark's `ip.flags`: reserved 4, DF 2, MF 1. */
export const IPV4_FLAG = { RESERVED: 4, DF: 2, MF: 1 } as const;

export interface Ipv4Header {
  readonly version: number;
  /** Header length in bytes. */
  readonly headerLength: number;
  readonly dsfield: number;
  readonly totalLength: number;
  readonly id: number;
  readonly flags: number;
  /** In 8-byte units, as on the wire and in Wireshark's `ip.frag_offset`. */
  readonly fragOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly src: string;
  readonly dst: string;
  /** Option bytes (headerLength - 20 of them), verbatim. */
  readonly options: Uint8Array;
}

export function parseIpv4(b: Uint8Array, o: number): Ipv4Header {
  const hl = (b[o]! & 0x0f) * 4;
  const ff = readU16(b, o + IPV4.FLAGS_FRAG);
  return {
    version: b[o]! >>> 4,
    headerLength: hl,
    dsfield: b[o + IPV4.DSFIELD]!,
    totalLength: readU16(b, o + IPV4.TOTAL_LEN),
    id: readU16(b, o + IPV4.ID),
    flags: ff >>> 13,
    fragOffset: ff & 0x1fff,
    ttl: b[o + IPV4.TTL]!,
    protocol: b[o + IPV4.PROTO]!,
    checksum: readU16(b, o + IPV4.CHECKSUM),
    src: formatIpv4(b, o + IPV4.SRC),
    dst: formatIpv4(b, o + IPV4.DST),
    options: b.slice(o + IPV4.MIN_HEADER_LEN, o + hl),
  };
}

/**
 * Writes the header; `checksum: 'compute'` fills in the right header checksum (what a
 * router does after decrementing the TTL); `'keep'` writes `h.checksum` as it is, right or
 * wrong (to reproduce a captured header byte for byte).
 */
export function emitIpv4(h: Ipv4Header, b: Uint8Array, o: number, checksum: 'compute' | 'keep' = 'compute'): number {
  const hl = IPV4.MIN_HEADER_LEN + h.options.length;
  b[o] = (4 << 4) | (hl >>> 2);
  b[o + IPV4.DSFIELD] = h.dsfield;
  writeU16(b, o + IPV4.TOTAL_LEN, h.totalLength);
  writeU16(b, o + IPV4.ID, h.id);
  writeU16(b, o + IPV4.FLAGS_FRAG, (h.flags << 13) | h.fragOffset);
  b[o + IPV4.TTL] = h.ttl;
  b[o + IPV4.PROTO] = h.protocol;
  writeU16(b, o + IPV4.CHECKSUM, 0);
  writeIpv4(h.src, b, o + IPV4.SRC);
  writeIpv4(h.dst, b, o + IPV4.DST);
  b.set(h.options, o + IPV4.MIN_HEADER_LEN);
  writeU16(b, o + IPV4.CHECKSUM, checksum === 'compute' ? internetChecksum(b, o, o + hl) : h.checksum);
  return hl;
}

export function decodeIpv4(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < IPV4.MIN_HEADER_LEN) return d.short('ip', 'ip.dst', o, IPV4.MIN_HEADER_LEN, end);
  const version = b[o]! >>> 4;
  const hl = (b[o]! & 0x0f) * 4;
  if (version !== 4) return d.fail('malformed', 'ip', 'ip.version', o, `ip: version ${version} in an IPv4 header`);
  if (hl < IPV4.MIN_HEADER_LEN) return d.fail('malformed', 'ip', 'ip.hdr_len', o, `ip: header length ${hl} < 20`);
  if (end - o < hl) return d.short('ip', 'ip.options', o, hl, end);
  const total = readU16(b, o + IPV4.TOTAL_LEN);
  if (total < hl) {
    d.push(LAYER.IP, o, o + hl);
    return d.fail('malformed', 'ip', 'ip.len', o, `ip: total length ${total} < header length ${hl}`);
  }
  // Bytes past the total length are link-layer padding, not payload.
  const ipEnd = Math.min(end, o + total);
  if (!d.push(LAYER.IP, o, ipEnd)) return;
  const ff = readU16(b, o + IPV4.FLAGS_FRAG);
  const p = o + hl;
  // A non-first fragment holds payload bytes only; the first one still starts with the
  // transport header (decoded, as tshark does with reassembly off).
  if ((ff & 0x1fff) !== 0) {
    if (ipEnd > p) d.push(LAYER.DATA, p, ipEnd);
  } else decodeIpPayload(d, b[o + IPV4.PROTO]!, b, p, ipEnd, false);
  // Fewer bytes than the total length: snapped by the capture, or a lying length field.
  // Checked last so that a header cut short further in is the issue reported.
  if (o + total > end) d.short('ip', 'ip.len', o, total, end);
}

export function ipv4Fields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const hl = (b[o]! & 0x0f) * 4;
  const ff = readU16(b, o + IPV4.FLAGS_FRAG);
  sink('ip.version', b[o]! >>> 4);
  sink('ip.hdr_len', hl);
  sink('ip.dsfield', b[o + IPV4.DSFIELD]!);
  sink('ip.len', readU16(b, o + IPV4.TOTAL_LEN));
  sink('ip.id', readU16(b, o + IPV4.ID));
  sink('ip.flags', ff >>> 13);
  sink('ip.frag_offset', ff & 0x1fff);
  sink('ip.ttl', b[o + IPV4.TTL]!);
  sink('ip.proto', b[o + IPV4.PROTO]!);
  sink('ip.checksum', readU16(b, o + IPV4.CHECKSUM));
  sink('ip.checksum.status', sum16(b, o, o + hl) === 0xffff ? CHECKSUM_STATUS.GOOD : CHECKSUM_STATUS.BAD);
  sink('ip.src', formatIpv4(b, o + IPV4.SRC));
  sink('ip.dst', formatIpv4(b, o + IPV4.DST));
}
