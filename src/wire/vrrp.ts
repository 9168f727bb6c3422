import { formatIpv4, writeIpv4 } from '../addr/ipv4';
import { formatIpv6, writeIpv6 } from '../addr/ipv6';
import { CHECKSUM_STATUS, internetChecksum, sum16 } from './checksum';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16, writeU16, type FieldSink } from './field-sink';
import { IPV4 } from './ipv4';
import { IPV6 } from './ipv6';

/**
 * VRRP, IP protocol 112. Version 2 (RFC 3768 §5.1): auth type and an advert interval in
 * seconds, IPv4 only, checksum over the VRRP message. Version 3 (RFC 5798 §5.1): a 12-bit
 * advert interval in centiseconds, IPv4 or IPv6 addresses by the carrying IP version, and
 * a checksum that includes the IP pseudo-header (§5.2.8). Any version other than 3 is read
 * with the v2 layout, as Wireshark does (CARP shares protocol 112 and decodes that way).
 */
export const VRRP = {
  VER_TYPE: 0,
  VRID: 1,
  PRIORITY: 2,
  COUNT: 3,
  AUTH_TYPE: 4,
  ADVER_INT: 5,
  /** v3: 4 reserved bits, then the 12-bit max advert interval. */
  MAX_ADVER_INT: 4,
  CHECKSUM: 6,
  ADDRS: 8,
  HEADER_LEN: 8,
  V2_AUTH_DATA_LEN: 8,
} as const;

export const VRRP_GROUP_IPV4 = '224.0.0.18';
export const VRRP_GROUP_IPV6 = 'ff02::12';

export interface VrrpAdvert {
  readonly version: number;
  readonly type: number;
  readonly vrid: number;
  readonly priority: number;
  /** v2: seconds; v3: centiseconds. */
  readonly interval: number;
  /** v2 only. */
  readonly authType: number;
  readonly checksum: number;
  /** IPv4 addresses (v2, v3 over IPv4) or IPv6 addresses (v3 over IPv6). */
  readonly addresses: readonly string[];
}

/** Parses the advert at `o` carried by an IP packet of `ipVersion`; addresses cut short are left out. */
export function parseVrrp(b: Uint8Array, o: number, end: number, ipVersion: 4 | 6): VrrpAdvert {
  const version = b[o]! >>> 4;
  const v3 = version === 3;
  const size = ipVersion === 6 ? 16 : 4;
  const count = b[o + VRRP.COUNT]!;
  const addresses: string[] = [];
  for (let k = 0, a = o + VRRP.ADDRS; k < count && a + size <= end; k++, a += size) {
    addresses.push(size === 4 ? formatIpv4(b, a) : formatIpv6(b, a));
  }
  return {
    version,
    type: b[o]! & 0x0f,
    vrid: b[o + VRRP.VRID]!,
    priority: b[o + VRRP.PRIORITY]!,
    interval: v3 ? readU16(b, o + VRRP.MAX_ADVER_INT) & 0x0fff : b[o + VRRP.ADVER_INT]!,
    authType: v3 ? 0 : b[o + VRRP.AUTH_TYPE]!,
    checksum: readU16(b, o + VRRP.CHECKSUM),
    addresses,
  };
}

/**
 * Writes an advert; with `ip` given (the carrying header already emitted at `ip.start`),
 * the checksum is computed as a sender would (v3 with the pseudo-header). Returns the
 * message length (v2 includes 8 zero bytes of authentication data).
 */
export function emitVrrp(h: VrrpAdvert, b: Uint8Array, o: number, ip?: { start: number; version: 4 | 6 }): number {
  const v3 = h.version === 3;
  b[o] = (h.version << 4) | h.type;
  b[o + VRRP.VRID] = h.vrid;
  b[o + VRRP.PRIORITY] = h.priority;
  b[o + VRRP.COUNT] = h.addresses.length;
  if (v3) writeU16(b, o + VRRP.MAX_ADVER_INT, h.interval & 0x0fff);
  else {
    b[o + VRRP.AUTH_TYPE] = h.authType;
    b[o + VRRP.ADVER_INT] = h.interval;
  }
  writeU16(b, o + VRRP.CHECKSUM, 0);
  let a = o + VRRP.ADDRS;
  for (const addr of h.addresses) {
    if (ip?.version === 6) {
      writeIpv6(addr, b, a);
      a += 16;
    } else {
      writeIpv4(addr, b, a);
      a += 4;
    }
  }
  if (!v3) {
    b.fill(0, a, a + VRRP.V2_AUTH_DATA_LEN);
    a += VRRP.V2_AUTH_DATA_LEN;
  }
  const len = a - o;
  const initial = ip !== undefined && v3 ? pseudoHeaderSum(b, ip.start, ip.version, len) : 0;
  writeU16(b, o + VRRP.CHECKSUM, ip === undefined ? h.checksum : internetChecksum(b, o, a, initial));
  return len;
}

function pseudoHeaderSum(b: Uint8Array, ipStart: number, ipVersion: 4 | 6, len: number): number {
  // Source and destination addresses, protocol 112 and the upper-layer length.
  const s = ipVersion === 4 ? sum16(b, ipStart + IPV4.SRC, ipStart + IPV4.DST + 4) : sum16(b, ipStart + IPV6.SRC, ipStart + IPV6.DST + 16);
  return s + 112 + len;
}

/** The innermost IPv4 / IPv6 layer before layer `before`: the packet carrying the advert. */
function carrierIp(d: DecodedFrame, before: number): { at: number; version: 4 | 6 } {
  const v4 = d.find(LAYER.IP, before);
  const v6 = d.find(LAYER.IPV6, before);
  return v6 > v4 ? { at: v6, version: 6 } : { at: v4, version: 4 };
}

export function decodeVrrp(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end <= o) return d.short('vrrp', 'vrrp.version', o, VRRP.HEADER_LEN, end);
  // A cut-short advert still shows the fields it has, as Wireshark does.
  d.push(LAYER.VRRP, o, end);
  if (end - o < VRRP.HEADER_LEN) return d.short('vrrp', 'vrrp.checksum', o, VRRP.HEADER_LEN, end);
  // The advert announces its address count; fewer addresses present is a short packet.
  const ipv6 = carrierIp(d, d.count - 1).version === 6;
  const need = VRRP.ADDRS + b[o + VRRP.COUNT]! * (ipv6 ? 16 : 4);
  if (end - o < need) d.short('vrrp', ipv6 ? 'vrrp.ipv6_addr' : 'vrrp.ip_addr', o, need, end);
}

export function vrrpFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const end = d.ends[i]!;
  const have = end - o;
  const ip = carrierIp(d, i);
  const ipVersion = ip.version;
  const version = b[o]! >>> 4;
  sink('vrrp.version', version);
  sink('vrrp.type', b[o]! & 0x0f);
  if (have > VRRP.VRID) sink('vrrp.virt_rtr_id', b[o + VRRP.VRID]!);
  if (have > VRRP.PRIORITY) sink('vrrp.prio', b[o + VRRP.PRIORITY]!);
  if (have > VRRP.COUNT) sink('vrrp.addr_count', b[o + VRRP.COUNT]!);
  if (version === 3) {
    if (have > VRRP.MAX_ADVER_INT + 1) sink('vrrp.short_adver_int', readU16(b, o + VRRP.MAX_ADVER_INT) & 0x0fff);
  } else {
    if (have > VRRP.AUTH_TYPE) sink('vrrp.auth_type', b[o + VRRP.AUTH_TYPE]!);
    if (have > VRRP.ADVER_INT) sink('vrrp.adver_int', b[o + VRRP.ADVER_INT]!);
  }
  if (have < VRRP.HEADER_LEN) return;
  sink('vrrp.checksum', readU16(b, o + VRRP.CHECKSUM));
  sink('vrrp.checksum.status', vrrpChecksumStatus(d, i, ip.at, ipVersion));
  for (const a of parseVrrp(b, o, end, ipVersion).addresses) sink(ipVersion === 6 ? 'vrrp.ipv6_addr' : 'vrrp.ip_addr', a);
}

/**
 * Good or bad when the whole message is present in an unfragmented packet; otherwise
 * unverified (a fragment or a snapped capture cannot be checked).
 */
function vrrpChecksumStatus(d: DecodedFrame, i: number, ipAt: number, ipVersion: 4 | 6): number {
  const b = d.buf;
  const o = d.starts[i]!;
  const end = d.ends[i]!;
  if (ipAt < 0) return CHECKSUM_STATUS.UNVERIFIED;
  const ipStart = d.starts[ipAt]!;
  let claimedEnd: number;
  if (ipVersion === 4) {
    if ((readU16(b, ipStart + IPV4.FLAGS_FRAG) & 0x3fff) !== 0) return CHECKSUM_STATUS.UNVERIFIED;
    claimedEnd = ipStart + readU16(b, ipStart + IPV4.TOTAL_LEN);
  } else {
    if (d.find(LAYER.IPV6_FRAGHDR, i) > ipAt) return CHECKSUM_STATUS.UNVERIFIED;
    claimedEnd = ipStart + IPV6.HEADER_LEN + readU16(b, ipStart + IPV6.PLEN);
  }
  if (claimedEnd > end) return CHECKSUM_STATUS.UNVERIFIED;
  const len = end - o;
  const initial = b[o]! >>> 4 === 3 ? pseudoHeaderSum(b, ipStart, ipVersion, len) : 0;
  return sum16(b, o, end, initial) === 0xffff ? CHECKSUM_STATUS.GOOD : CHECKSUM_STATUS.BAD;
}
