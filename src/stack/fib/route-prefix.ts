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

/** An IPv6 route's destination: the masked bytes, the text made when asked (RFC 5952). */
class Ipv6RoutePrefix implements IpPrefix {
  constructor(
    readonly bytes: Uint8Array,
    readonly len: number,
  ) {}

  get family(): 6 {
    return 6;
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

/** The prefix of `len` bits containing `bytes` (host bits cleared), in its compact form. */
export function routePrefix(bytes: Uint8Array, len: number): IpPrefix {
  const net = maskBytes(bytes, len);
  if (net.length !== 4) return new Ipv6RoutePrefix(net, len);
  return new Ipv4RoutePrefix((net[0]! << 8) | net[1]!, (net[2]! << 8) | net[3]!, len);
}
