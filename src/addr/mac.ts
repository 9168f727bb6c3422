/** MAC addresses: lower-case colon form, as Wireshark and iproute2 print them. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function formatMac(b: Uint8Array, o: number): string {
  return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`;
}

const MAC_RE = /^([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})[:-]([0-9a-f]{1,2})$/i;

/** Parses `aa:bb:cc:dd:ee:ff` (or with dashes); undefined when it is not a MAC. */
export function parseMac(text: string): Uint8Array | undefined {
  const m = MAC_RE.exec(text);
  if (m === null) return undefined;
  return Uint8Array.from(m.slice(1, 7), (h) => parseInt(h, 16));
}

export function writeMac(text: string, b: Uint8Array, o: number): void {
  const mac = parseMac(text);
  if (mac === undefined) throw new RangeError(`not a MAC address: ${JSON.stringify(text)}`);
  b.set(mac, o);
}

export { HEX as HEX_BYTE };
