/**
 * The Internet checksum (RFC 1071): ones'-complement sum of 16-bit words. `sum16` returns
 * the folded, uncomplemented partial sum so pseudo-headers can be added (RFC 768, RFC 8200
 * §8.1); a region whose stored checksum is right sums to 0xffff.
 */
export function sum16(b: Uint8Array, from: number, to: number, initial = 0): number {
  let s = initial;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i < to) s += b[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** The checksum value to store over `[from, to)` (with the checksum field zeroed). */
export function internetChecksum(b: Uint8Array, from: number, to: number, initial = 0): number {
  return ~sum16(b, from, to, initial) & 0xffff;
}

/** Wireshark's checksum status values (`*.checksum.status`): bad, good, unverified. */
export const CHECKSUM_STATUS = { BAD: 0, GOOD: 1, UNVERIFIED: 2 } as const;
