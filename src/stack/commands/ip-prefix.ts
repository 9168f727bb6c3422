/**
 * IP addresses and prefixes as value types for the setup language, read strictly.
 *
 * Stricter than iproute2 6.1 on purpose, so a setup line never means something else on a
 * real box than here: `ip` reads IPv4 octets and prefix lengths with strtoul(…, 0), so `010`
 * is octal 8 and `0x10` is 16, and it takes short forms (`1.2.3` is 1.2.3.0/32, `5` is
 * 5.0.0.0/32) and dotted netmasks after the slash. We take four decimal octets without
 * leading zeros and a decimal length, and refuse the rest (get_addr_ipv4, get_prefix_1 in
 * lib/utils.c).
 */

import { formatIpv6, parseIpv6 } from '../../addr/ipv6';

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** Canonical text: dotted quad, or RFC 5952 for IPv6. */
  readonly addr: string;
}

export interface IpPrefix {
  readonly family: IpFamily;
  /** Canonical text of the address part as written (host bits kept). */
  readonly addr: string;
  readonly len: number;
}

/**
 * Four decimal octets, no leading zeros; canonical text or undefined. Such text is its own
 * canonical form, so it is checked in one pass and returned as it is (a setup of a million
 * routes reads two million addresses).
 */
export function readIpv4(text: string): string | undefined {
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (digits === 0 || value > 255 || ++octets > 4) return undefined;
      digits = 0;
      value = 0;
    } else if (c >= ZERO && c <= ZERO + 9) {
      if (digits === 1 && value === 0) return undefined; // a leading zero
      if (++digits > 3) return undefined;
      value = value * 10 + (c - ZERO);
    } else {
      return undefined;
    }
  }
  return octets === 4 ? text : undefined;
}

const DOT = 0x2e;
const ZERO = 0x30;

/** inet_pton(AF_INET6) text forms; canonical RFC 5952 text or undefined. */
export function readIpv6(text: string): string | undefined {
  if (!text.includes(':')) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  // glibc's inet_pton refuses leading zeros in an embedded dotted quad, as we do.
  if (tail.includes('.') && readIpv4(tail) === undefined) return undefined;
  const b = parseIpv6(text);
  return b === undefined ? undefined : formatIpv6(b, 0);
}

/**
 * An address of the given family (undefined family: either, IPv6 when the text has a colon,
 * as `ip` decides).
 */
export function readIpAddress(text: string, family: IpFamily | undefined): IpAddress | undefined {
  if (text.includes(':')) {
    if (family === 4) return undefined;
    const addr = readIpv6(text);
    return addr === undefined ? undefined : { family: 6, addr };
  }
  if (family === 6) return undefined;
  const addr = readIpv4(text);
  return addr === undefined ? undefined : { family: 4, addr };
}

/** `ADDR[/LEN]`: a prefix and whether the length was written. */
export function readIpPrefix(
  text: string,
  family: IpFamily | undefined,
): { readonly prefix: IpPrefix; readonly lengthGiven: boolean } | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const address = readIpAddress(addrText, family);
  if (address === undefined) return undefined;
  const max = address.family === 4 ? 32 : 128;
  if (slash < 0) return { prefix: { family: address.family, addr: address.addr, len: max }, lengthGiven: false };
  const lenText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > max) return undefined;
  return { prefix: { family: address.family, addr: address.addr, len }, lengthGiven: true };
}

/** The zero prefix `default` stands for. */
export function defaultPrefix(family: IpFamily): IpPrefix {
  return family === 4 ? { family, addr: '0.0.0.0', len: 0 } : { family, addr: '::', len: 0 };
}

/** Text of a prefix as `ip` prints it (`10.0.0.0/8`, `2001:db8::/32`). */
export function formatIpPrefix(p: IpPrefix): string {
  return `${p.addr}/${p.len}`;
}
