/**
 * Reading the decoder's address strings back into numbers, for the comparisons that need
 * numbers (ordering and prefixes; equality compares the strings, which the decoder writes
 * in one canonical form). These run per frame, so they allocate nothing.
 */

/** The dotted quad `s` (as `formatIpv4` writes it), from index `from`, as an unsigned 32-bit number. */
export function ipv4Number(s: string, from = 0): number {
  let n = 0;
  let part = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      n = (n << 8) | part;
      part = 0;
    } else part = part * 10 + (c - 0x30);
  }
  return ((n << 8) | part) >>> 0;
}

function hexDigit(c: number): number {
  if (c <= 0x39) return c - 0x30;
  return (c | 0x20) - 0x57;
}

// Groups before and after `::`, kept here so that no call allocates.
const headGroups = new Uint16Array(8);
const tailGroups = new Uint16Array(8);
let heads = 0;
let tails = 0;
let inTail = false;

function pushGroup(v: number): void {
  if (inTail) tailGroups[tails++] = v;
  else headGroups[heads++] = v;
}

/**
 * Writes the 16 bytes of the IPv6 address `s` into `out`. `s` is any RFC 4291 §2.2 text form
 * (`::` and a trailing dotted quad included), as `formatIpv6` writes; it is not validated.
 */
export function ipv6Bytes(s: string, out: Uint8Array): void {
  heads = 0;
  tails = 0;
  inTail = false;
  let g = 0;
  let digits = 0;
  let groupStart = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3a) {
      if (digits > 0) pushGroup(g);
      g = 0;
      digits = 0;
      if (i + 1 < n && s.charCodeAt(i + 1) === 0x3a) {
        inTail = true;
        i++;
      }
      groupStart = i + 1;
      continue;
    }
    if (c === 0x2e) {
      // A trailing dotted quad: the last two groups.
      const v4 = ipv4Number(s, groupStart);
      pushGroup(v4 >>> 16);
      pushGroup(v4 & 0xffff);
      digits = 0;
      break;
    }
    g = (g << 4) | hexDigit(c);
    digits++;
  }
  if (digits > 0) pushGroup(g);
  for (let k = 0; k < 8; k++) {
    const v = k < heads ? headGroups[k]! : k >= 8 - tails ? tailGroups[k - (8 - tails)]! : 0;
    out[2 * k] = v >>> 8;
    out[2 * k + 1] = v & 0xff;
  }
}

/** Orders the first `bits` bits of `a` (from offset `ao`) and `b` (big-endian): negative, 0 or positive. */
export function comparePrefix(a: Uint8Array, ao: number, b: Uint8Array, bits: number): number {
  const whole = bits >>> 3;
  for (let k = 0; k < whole; k++) {
    const d = a[ao + k]! - b[k]!;
    if (d !== 0) return d;
  }
  const rest = bits & 7;
  if (rest === 0) return 0;
  const m = (0xff00 >>> rest) & 0xff;
  return (a[ao + whole]! & m) - (b[whole]! & m);
}
