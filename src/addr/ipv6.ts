import { formatIpv4, parseIpv4 } from './ipv4';

/**
 * IPv6 addresses in RFC 5952 text form: lower-case hex, leading zeros dropped, the longest
 * run of two or more zero groups (the first, on a tie) shortened to `::` (§4.2), and the
 * IPv4-mapped form `::ffff:a.b.c.d` (§5), which is what Wireshark prints.
 */
export function formatIpv6(b: Uint8Array, o: number): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIpv4(b, o + 12)}`;
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    g.slice(from, to).map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(0, 8);
  return `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/** Parses any RFC 4291 §2.2 text form (incl. `::` and a trailing dotted quad). */
export function parseIpv6(text: string): Uint8Array | undefined {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.includes('.', lastColon)) {
    // A trailing dotted quad stands for the last two groups (RFC 4291 §2.2 form 3).
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const h of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(h)) return undefined;
      out.push(parseInt(h, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const groups = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (halves.length === 2 ? groups < 1 : head.length !== 8) return undefined;
  const all = [...head, ...new Array<number>(groups).fill(0), ...rest];
  const out = new Uint8Array(16);
  all.forEach((x, i) => {
    out[2 * i] = x >> 8;
    out[2 * i + 1] = x & 0xff;
  });
  return out;
}

export function writeIpv6(text: string, b: Uint8Array, o: number): void {
  const a = parseIpv6(text);
  if (a === undefined) throw new RangeError(`not an IPv6 address: ${JSON.stringify(text)}`);
  b.set(a, o);
}
