/** IPv4 addresses: dotted quad. */

export function formatIpv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** Parses a dotted quad (exactly four decimal octets); undefined otherwise. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

export function writeIpv4(text: string, b: Uint8Array, o: number): void {
  const a = parseIpv4(text);
  if (a === undefined) throw new RangeError(`not an IPv4 address: ${JSON.stringify(text)}`);
  b.set(a, o);
}

/** 224.0.0.0/4 (RFC 5771). */
export function isMulticastIpv4(b: Uint8Array, o: number): boolean {
  return b[o]! >= 224 && b[o]! <= 239;
}

/** 255.255.255.255, the limited broadcast (RFC 919 §7). */
export function isLimitedBroadcastIpv4(b: Uint8Array, o: number): boolean {
  return (b[o]! & b[o + 1]! & b[o + 2]! & b[o + 3]!) === 0xff;
}
