import { formatIpv4, parseIpv4 } from './ipv4';
import { formatIpv6, parseIpv6 } from './ipv6';

/**
 * IP addresses and prefixes as control-plane values: the bytes, the family and the canonical
 * text. The datapath compares packet bytes against `bytes` in place (`prefixMatches`), so a
 * lookup never allocates.
 */

export type Family = 4 | 6;

export interface IpAddress {
  readonly family: Family;
  readonly bytes: Uint8Array;
  /** Dotted quad or RFC 5952 text. */
  readonly text: string;
}

export interface IpPrefix {
  readonly family: Family;
  /** The network: host bits cleared. */
  readonly bytes: Uint8Array;
  readonly len: number;
  /** `192.0.2.0/24`; a host prefix prints without its length, as iproute2 does. */
  readonly text: string;
}

export function addressLength(family: Family): number {
  return family === 4 ? 4 : 16;
}

export function maxPrefixLength(family: Family): number {
  return family === 4 ? 32 : 128;
}

export function ipAddress(bytes: Uint8Array): IpAddress {
  const family: Family = bytes.length === 4 ? 4 : 6;
  return { family, bytes, text: family === 4 ? formatIpv4(bytes, 0) : formatIpv6(bytes, 0) };
}

/** Reads an address out of a packet (copies the bytes). */
export function readIpAddress(family: Family, b: Uint8Array, o: number): IpAddress {
  return ipAddress(b.slice(o, o + addressLength(family)));
}

export function parseIpAddress(text: string): IpAddress | undefined {
  const bytes = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  return bytes === undefined ? undefined : ipAddress(bytes);
}

/** The prefix of `len` bits containing `bytes` (host bits are cleared). */
export function ipPrefix(bytes: Uint8Array, len: number): IpPrefix {
  const net = maskBytes(bytes, len);
  const a = ipAddress(net);
  return { family: a.family, bytes: net, len, text: len === maxPrefixLength(a.family) ? a.text : `${a.text}/${len}` };
}

export function maskBytes(bytes: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = len - i * 8;
    out[i] = bits >= 8 ? bytes[i]! : bits <= 0 ? 0 : bytes[i]! & (0xff << (8 - bits));
  }
  return out;
}

/** True when the address at `b[o..]` (of the prefix's family) lies inside the prefix. */
export function prefixMatches(p: IpPrefix, b: Uint8Array, o: number): boolean {
  const full = p.len >>> 3;
  for (let i = 0; i < full; i++) if (b[o + i] !== p.bytes[i]) return false;
  const rest = p.len & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (b[o + full]! & mask) === p.bytes[full];
}

export function sameBytes(a: Uint8Array, b: Uint8Array, bo = 0): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[bo + i]) return false;
  return true;
}

/** True when `b[o, o + n)` is all zero (0.0.0.0, ::, the unspecified MAC). */
export function isZeroBytes(b: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[o + i] !== 0) return false;
  return true;
}

/** Byte-wise order of two equal-length byte strings (addresses, MACs). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** An IPv4 address as an unsigned 32-bit number (the IPv4 FIB's key). */
export function ipv4Number(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
