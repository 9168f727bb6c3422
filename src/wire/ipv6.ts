import { formatIpv6, writeIpv6 } from '../addr/ipv6';
import { LAYER, LAYER_NAMES, type DecodedFrame, type LayerId } from './decoded-frame';
import { readU16, readU32, writeU16, writeU32, type FieldSink } from './field-sink';
import { IPPROTO } from './ip-numbers';
import { decodeIpPayload } from './ip-protocol';

/** IPv6 fixed header (RFC 8200 §3). */
export const IPV6 = { VER_TC_FLOW: 0, PLEN: 4, NXT: 6, HLIM: 7, SRC: 8, DST: 24, HEADER_LEN: 40 } as const;

export interface Ipv6Header {
  readonly version: number;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly src: string;
  readonly dst: string;
}

export function parseIpv6(b: Uint8Array, o: number): Ipv6Header {
  const w = readU32(b, o);
  return {
    version: w >>> 28,
    trafficClass: (w >>> 20) & 0xff,
    flowLabel: w & 0xfffff,
    payloadLength: readU16(b, o + IPV6.PLEN),
    nextHeader: b[o + IPV6.NXT]!,
    hopLimit: b[o + IPV6.HLIM]!,
    src: formatIpv6(b, o + IPV6.SRC),
    dst: formatIpv6(b, o + IPV6.DST),
  };
}

export function emitIpv6(h: Ipv6Header, b: Uint8Array, o: number): number {
  writeU32(b, o, ((6 << 28) | (h.trafficClass << 20) | h.flowLabel) >>> 0);
  writeU16(b, o + IPV6.PLEN, h.payloadLength);
  b[o + IPV6.NXT] = h.nextHeader;
  b[o + IPV6.HLIM] = h.hopLimit;
  writeIpv6(h.src, b, o + IPV6.SRC);
  writeIpv6(h.dst, b, o + IPV6.DST);
  return IPV6.HEADER_LEN;
}

export function decodeIpv6(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end - o < IPV6.HEADER_LEN) return d.short('ipv6', 'ipv6.dst', o, IPV6.HEADER_LEN, end);
  const version = b[o]! >>> 4;
  if (version !== 6) return d.fail('malformed', 'ipv6', 'ipv6.version', o, `ipv6: version ${version} in an IPv6 header`);
  const plen = readU16(b, o + IPV6.PLEN);
  // The payload length bounds the packet; a zero length (TSO / BIG TCP super-frames, or a
  // jumbogram) leaves an empty payload, as tshark shows it.
  const ipEnd = Math.min(end, o + IPV6.HEADER_LEN + plen);
  if (!d.push(LAYER.IPV6, o, ipEnd)) return;
  decodeIpPayload(d, b[o + IPV6.NXT]!, b, o + IPV6.HEADER_LEN, ipEnd, true);
  // Checked last so that a header cut short further in is the issue reported.
  if (o + IPV6.HEADER_LEN + plen > end) d.short('ipv6', 'ipv6.plen', o, IPV6.HEADER_LEN + plen, end);
}

/** Extension headers (RFC 8200 §4): hop-by-hop, routing, fragment, destination options. */
export const IPV6_EXT = { NXT: 0, LEN: 1, FRAG_OFFSET: 2, FRAG_IDENT: 4, ROUTING_TYPE: 2, SEGLEFT: 3, FRAG_LEN: 8 } as const;

/** Extension header layer by next-header value (-1: not an extension header). */
function extensionLayer(proto: number): LayerId {
  switch (proto) {
    case IPPROTO.HOPOPTS:
      return LAYER.IPV6_HOPOPTS;
    case IPPROTO.ROUTING:
      return LAYER.IPV6_ROUTING;
    case IPPROTO.FRAGMENT:
      return LAYER.IPV6_FRAGHDR;
    case IPPROTO.DSTOPTS:
      return LAYER.IPV6_DSTOPTS;
    default:
      return -1;
  }
}

/**
 * Walks one extension header and continues with the next header. The chain is bounded by
 * the packet's bytes and by MAX_LAYERS, never by recursion depth: this is a loop.
 */
export function decodeIpv6Extension(d: DecodedFrame, first: number, b: Uint8Array, o: number, end: number): void {
  let proto = first;
  let p = o;
  for (;;) {
    const layer = extensionLayer(proto);
    if (layer < 0) return decodeIpPayload(d, proto, b, p, end, true);
    if (end - p < 8) return d.short(LAYER_NAMES[layer]!, `${LAYER_NAMES[layer]}.nxt`, p, 8, end);
    const len = proto === IPPROTO.FRAGMENT ? IPV6_EXT.FRAG_LEN : (b[p + IPV6_EXT.LEN]! + 1) * 8;
    if (end - p < len) return d.short(LAYER_NAMES[layer]!, `${LAYER_NAMES[layer]}.len`, p, len, end);
    if (!d.push(layer, p, p + len)) return;
    const next = b[p + IPV6_EXT.NXT]!;
    if (proto === IPPROTO.FRAGMENT && (readU16(b, p + IPV6_EXT.FRAG_OFFSET) & 0xfff8) !== 0) {
      // Not the first fragment: the rest is payload bytes (no reassembly here).
      if (end > p + len) d.push(LAYER.DATA, p + len, end);
      return;
    }
    proto = next;
    p += len;
  }
}

export function ipv6Fields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const w = readU32(b, o);
  // Wireshark's IPv6 dissector also sets ip.version.
  sink('ip.version', w >>> 28);
  sink('ipv6.version', w >>> 28);
  sink('ipv6.tclass', (w >>> 20) & 0xff);
  sink('ipv6.flow', w & 0xfffff);
  sink('ipv6.plen', readU16(b, o + IPV6.PLEN));
  sink('ipv6.nxt', b[o + IPV6.NXT]!);
  sink('ipv6.hlim', b[o + IPV6.HLIM]!);
  sink('ipv6.src', formatIpv6(b, o + IPV6.SRC));
  sink('ipv6.dst', formatIpv6(b, o + IPV6.DST));
}

export function ipv6ExtensionFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const name = d.name(i);
  sink(`${name}.nxt`, b[o + IPV6_EXT.NXT]!);
  switch (name) {
    case 'ipv6.fraghdr': {
      const w = readU16(b, o + IPV6_EXT.FRAG_OFFSET);
      sink('ipv6.fraghdr.offset', w >>> 3);
      sink('ipv6.fraghdr.more', w & 1);
      sink('ipv6.fraghdr.ident', readU32(b, o + IPV6_EXT.FRAG_IDENT));
      return;
    }
    case 'ipv6.routing':
      sink('ipv6.routing.len', b[o + IPV6_EXT.LEN]!);
      sink('ipv6.routing.type', b[o + IPV6_EXT.ROUTING_TYPE]!);
      sink('ipv6.routing.segleft', b[o + IPV6_EXT.SEGLEFT]!);
      return;
    default:
      sink(`${name}.len`, b[o + IPV6_EXT.LEN]!);
  }
}
