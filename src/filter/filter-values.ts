import { formatIpv4, parseIpv4 } from '../addr/ipv4';
import { formatIpv6, parseIpv6 } from '../addr/ipv6';
import { HEX_BYTE } from '../addr/mac';
import { lookupField, type FieldInfo } from './field-table';
import { FilterError } from './filter-error';
import type { Literal } from './filter-syntax';

/**
 * A literal read as the type of the field it is compared with, once, at compile time.
 * Addresses keep the decoder's canonical text (lower-case colon MAC, dotted quad, RFC 5952
 * IPv6) so that equality is a string comparison per frame, plus the numbers that ordering
 * and prefixes need.
 */
export type Constant =
  | { readonly type: 'uint' | 'bool'; readonly n: number }
  /** Relative time in whole nanoseconds, so `== 1.001000001` is exact. */
  | { readonly type: 'time'; readonly ns: number }
  /** `n`: the 48 bits as one number (exact in a double), for byte-order comparisons. */
  | { readonly type: 'mac'; readonly text: string; readonly n: number }
  /** `bits` < 32 for a CIDR prefix; `n` is then the network (host bits cleared). */
  | { readonly type: 'ipv4'; readonly text: string; readonly n: number; readonly bits: number }
  | { readonly type: 'ipv6'; readonly text: string; readonly bytes: Uint8Array; readonly bits: number }
  | { readonly type: 'string'; readonly text: string };

/** Reads `lit` as a value of `field`'s type; throws `FilterError` at the literal's column. */
export function readConstant(field: FieldInfo, lit: Literal, filter: string): Constant {
  const fail = (reason: string): FilterError => new FilterError(reason, lit.column, filter, lit.length);
  const type = field.type;
  if (lit.kind === 'string') {
    if (type === 'string') return { type, text: lit.value };
    throw fail(`${field.label} cannot be converted from a string ("${lit.value}").`);
  }
  const w = lit.value;
  const c = readWord(field, w, fail);
  if (c !== undefined) return c;
  // An unquoted name where a value is expected: Wireshark would compare two fields (or, for
  // a string field, read it as a string; we want strings quoted).
  if (type !== 'string' && lookupField(w) !== undefined) throw fail(`"${w}" is a field: comparing a field with another field is not supported.`);
  throw fail(invalidMessage(field, w));
}

function invalidMessage(field: FieldInfo, w: string): string {
  switch (field.type) {
    case 'uint':
      return `"${w}" is not a valid number.`;
    case 'bool':
      return `"${w}" is not a valid Boolean (use True, False or a number).`;
    case 'time':
      return `"${w}" is not a valid time offset in seconds.`;
    case 'mac':
      return `"${w}" is not a valid Ethernet address.`;
    case 'ipv4':
      return `"${w}" is not a valid IPv4 address.`;
    case 'ipv6':
      return `"${w}" is not a valid IPv6 address.`;
    case 'string':
      return `"${w}" is not a quoted string: write "${w}".`;
    default:
      return `"${w}" cannot be compared with ${field.name}.`;
  }
}

function readWord(field: FieldInfo, w: string, fail: (reason: string) => FilterError): Constant | undefined {
  switch (field.type) {
    case 'uint': {
      const n = readUnsigned(w);
      if (n === undefined) return undefined;
      if (n > field.max) throw fail(`"${w}" too big for this field, maximum ${field.max}.`);
      return { type: 'uint', n };
    }
    case 'bool': {
      // Wireshark: True / TRUE / False / FALSE or a number, any non-zero number being true.
      if (/^true$/i.test(w)) return { type: 'bool', n: 1 };
      if (/^false$/i.test(w)) return { type: 'bool', n: 0 };
      const n = readUnsigned(w);
      return n === undefined ? undefined : { type: 'bool', n: n === 0 ? 0 : 1 };
    }
    case 'time': {
      const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(w);
      if (m === null) return undefined;
      return { type: 'time', ns: Number(m[1]) * 1e9 + Number((m[2] ?? '').padEnd(9, '0')) };
    }
    case 'mac': {
      const b = readMac(w);
      if (b === undefined) return undefined;
      return { type: 'mac', text: Array.from(b, (x) => HEX_BYTE[x]).join(':'), n: b.reduce((acc, x) => acc * 256 + x, 0) };
    }
    case 'ipv4':
      return readIpv4(w, fail);
    case 'ipv6':
      return readIpv6(w, fail);
    default:
      return undefined;
  }
}

/**
 * Wireshark's unsigned integer literals: decimal, 0x hex, 0b binary and, as in C, octal with
 * a leading 0 (`ip.ttl == 0100` is TTL 64, `== 064` is 52). Undefined when not a number.
 */
export function readUnsigned(w: string): number | undefined {
  let n: number;
  if (/^0[xX][0-9A-Fa-f]+$/.test(w)) n = parseInt(w.slice(2), 16);
  else if (/^0[bB][01]+$/.test(w)) n = parseInt(w.slice(2), 2);
  else if (/^0[0-7]+$/.test(w)) n = parseInt(w.slice(1), 8);
  else if (/^(?:0|[1-9]\d*)$/.test(w)) n = Number(w);
  else return undefined;
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * MAC address forms Wireshark reads: six two-digit hex bytes separated by `:`, `-` or `.`,
 * three four-digit groups separated by `.` (`0200.0000.0101`), or twelve hex digits.
 */
export function readMac(w: string): Uint8Array | undefined {
  let hex: string;
  if (/^[0-9A-Fa-f]{2}(?:[:.-][0-9A-Fa-f]{2}){5}$/.test(w)) hex = w.replace(/[:.-]/g, '');
  else if (/^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(w)) hex = w.replace(/\./g, '');
  else if (/^[0-9A-Fa-f]{12}$/.test(w)) hex = w;
  else return undefined;
  const b = new Uint8Array(6);
  for (let i = 0; i < 6; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** Splits `addr/len`; undefined length when there is no slash. */
function splitPrefix(w: string, max: number, family: string, fail: (reason: string) => FilterError): { addr: string; bits: number } | undefined {
  const slash = w.indexOf('/');
  if (slash < 0) return { addr: w, bits: max };
  const len = w.slice(slash + 1);
  if (!/^\d{1,3}$/.test(len)) return undefined;
  const bits = Number(len);
  if (bits > max) throw fail(`Netmask bits in a CIDR ${family} address should be <= ${max}, not ${bits}.`);
  return { addr: w.slice(0, slash), bits };
}

function readIpv4(w: string, fail: (reason: string) => FilterError): Constant | undefined {
  const p = splitPrefix(w, 32, 'IPv4', fail);
  if (p === undefined) return undefined;
  // Leading zeros are refused as inet_pton (and so tshark) refuses them: 010 is not 10 to everyone.
  if (!/^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/.test(p.addr)) return undefined;
  const b = parseIpv4(p.addr);
  if (b === undefined) return undefined;
  const mask = p.bits === 0 ? 0 : (0xffffffff << (32 - p.bits)) >>> 0;
  const n = (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) & mask) >>> 0;
  return { type: 'ipv4', text: formatIpv4(b, 0), n, bits: p.bits };
}

function readIpv6(w: string, fail: (reason: string) => FilterError): Constant | undefined {
  const p = splitPrefix(w, 128, 'IPv6', fail);
  if (p === undefined || !p.addr.includes(':')) return undefined;
  const b = parseIpv6(p.addr);
  if (b === undefined) return undefined;
  for (let bit = p.bits; bit < 128; bit++) b[bit >>> 3] = b[bit >>> 3]! & ~(0x80 >>> (bit & 7));
  return { type: 'ipv6', text: formatIpv6(b, 0), bytes: b, bits: p.bits };
}
