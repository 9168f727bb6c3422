import { ipv4Number, maskBytes, type IpPrefix } from '../../addr/ip-prefix';
import { formatIpv6 } from '../../addr/ipv6';

/**
 * A route's destination, as `ip route add|del` gives it. A table of a million routes holds a
 * million of these, so they cost about what the kernel's key does: an IPv4 prefix is its
 * network as two 16-bit halves (small integers, kept inside the object: a 32-bit number would
 * be a heap object of its own) and its length, 24 bytes, where an address's `IpPrefix` (an
 * object, a Uint8Array with its ArrayBuffer, the text) is about 300. `bytes` and `text` are
 * made when asked — by the control plane, notifications, dumps and traces — never by the
 * per-packet lookup, whose keys are numbers (FibTable).
 */
class Ipv4RoutePrefix implements IpPrefix {
  constructor(
    private readonly hi: number,
    private readonly lo: number,
    readonly len: number,
  ) {}

  get family(): 4 {
    return 4;
  }

  get bytes(): Uint8Array {
    return Uint8Array.of(this.hi >>> 8, this.hi & 255, this.lo >>> 8, this.lo & 255);
  }

  /** The network as an unsigned 32-bit number (the FIB's key), without making the bytes. */
  get network(): number {
    return ((this.hi << 16) | this.lo) >>> 0;
  }

  /** `10.1.2.0/24`; a host prefix without its length, as iproute2 prints it. */
  get text(): string {
    const a = `${this.hi >>> 8}.${this.hi & 255}.${this.lo >>> 8}.${this.lo & 255}`;
    return this.len === 32 ? a : `${a}/${this.len}`;
  }
}

/**
 * An IPv6 route's destination: its FIB key (the prefix's 16-bit units as one flat string,
 * `ipv6Key`), which the table's hash map holds too, and its length; bytes and text (RFC 5952)
 * made when asked. 32 bytes where a Uint8Array with its ArrayBuffer is 180.
 */
class Ipv6RoutePrefix implements IpPrefix {
  constructor(
    readonly key: string,
    readonly len: number,
  ) {}

  get family(): 6 {
    return 6;
  }

  get bytes(): Uint8Array {
    const b = new Uint8Array(16);
    for (let i = 0; i < this.key.length; i++) {
      const u = this.key.charCodeAt(i);
      b[2 * i] = u >>> 8;
      b[2 * i + 1] = u & 255;
    }
    return b;
  }

  get text(): string {
    const a = formatIpv6(this.bytes, 0);
    return this.len === 128 ? a : `${a}/${this.len}`;
  }
}

/** An IPv4 prefix's network as an unsigned 32-bit number (host bits are clear in a prefix). */
export function ipv4Network(p: IpPrefix): number {
  return p instanceof Ipv4RoutePrefix ? p.network : ipv4Number(p.bytes, 0);
}

/** An IPv6 prefix's FIB key, without making its bytes when it is a route's. */
export function ipv6PrefixKey(p: IpPrefix): string {
  return p instanceof Ipv6RoutePrefix ? p.key : ipv6Key(p.bytes, 0, p.len);
}

/** The prefix of `len` bits containing `bytes` (host bits cleared), in its compact form. */
export function routePrefix(bytes: Uint8Array, len: number): IpPrefix {
  if (bytes.length !== 4) return new Ipv6RoutePrefix(ipv6Key(bytes, 0, len), len);
  const net = maskBytes(bytes, len);
  return new Ipv4RoutePrefix((net[0]! << 8) | net[1]!, (net[2]! << 8) | net[3]!, len);
}

/** Reused argument lists for `String.fromCharCode`, one per key length in 16-bit units. */
const UNITS: number[][] = Array.from({ length: 9 }, (_, n) => new Array<number>(n).fill(0));

/**
 * The first `len` bits of the IPv6 address at `b[o..]` as a string key of 16-bit units (the
 * rest masked off): one flat string, 24 bytes for a /48, where one built a character at a
 * time was a chain of six.
 */
export function ipv6Key(b: Uint8Array, o: number, len: number): string {
  const n = (len + 15) >>> 4;
  const u = UNITS[n]!;
  for (let i = 0; i < n; i++) {
    const bits = len - 16 * i;
    const w = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
    u[i] = bits >= 16 ? w : w & (0xffff << (16 - bits)) & 0xffff;
  }
  return String.fromCharCode.apply(null, u);
}
