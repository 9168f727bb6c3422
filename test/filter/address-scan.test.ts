import { formatIpv4 } from '../../src/addr/ipv4';
import { formatIpv6, parseIpv6 } from '../../src/addr/ipv6';
import { comparePrefix, ipv4Number, ipv6Bytes } from '../../src/filter/address-scan';

/** A small deterministic generator (xorshift32), so failures reproduce. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

describe('reading decoder address text back into numbers', () => {
  it('reads dotted quads as unsigned 32-bit numbers', () => {
    expect(ipv4Number('0.0.0.0')).toBe(0);
    expect(ipv4Number('192.0.2.1')).toBe(0xc0000201);
    expect(ipv4Number('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4Number('x10.0.0.1', 1)).toBe(0x0a000001);
  });

  it('reads every IPv4 address formatIpv4 writes back to its bytes', () => {
    const next = random(4);
    for (let k = 0; k < 2000; k++) {
      const b = Uint8Array.from({ length: 4 }, () => Math.floor(next() * 256));
      expect(ipv4Number(formatIpv4(b, 0))).toBe(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    }
  });

  it('reads every IPv6 address formatIpv6 writes back to its bytes, zero runs and mapped IPv4 included', () => {
    const next = random(6);
    const out = new Uint8Array(16);
    for (let k = 0; k < 5000; k++) {
      // Mostly-zero groups, so that `::` lands everywhere; every 7th is IPv4-mapped.
      const b = new Uint8Array(16);
      for (let g = 0; g < 8; g++) {
        if (next() < 0.5) continue;
        b[2 * g] = Math.floor(next() * 256);
        b[2 * g + 1] = Math.floor(next() * 256);
      }
      if (k % 7 === 0) b.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 0);
      const text = formatIpv6(b, 0);
      ipv6Bytes(text, out);
      expect([text, Buffer.from(out).toString('hex')]).toEqual([text, Buffer.from(b).toString('hex')]);
    }
  });

  it('reads the other RFC 4291 text forms too', () => {
    const out = new Uint8Array(16);
    for (const text of ['::', '::1', '1::', '2001:DB8:0:0:0:0:0:7', '2001:db8::1:2', 'fe80::1:2:3:4:5', '::192.0.2.1', '64:ff9b::198.51.100.7', '1:2:3:4:5:6:7:8']) {
      ipv6Bytes(text, out);
      expect([text, Buffer.from(out).toString('hex')]).toEqual([text, Buffer.from(parseIpv6(text)!).toString('hex')]);
    }
  });

  it('orders prefixes of any length bit by bit', () => {
    const a = parseIpv6('2001:db8:8000::')!;
    const b = parseIpv6('2001:db8::')!;
    expect(comparePrefix(a, 0, b, 32)).toBe(0);
    expect(comparePrefix(a, 0, b, 33)).toBeGreaterThan(0);
    expect(comparePrefix(b, 0, a, 33)).toBeLessThan(0);
    expect(comparePrefix(a, 0, b, 0)).toBe(0);
    const framed = new Uint8Array(20);
    framed.set(a, 4);
    expect(comparePrefix(framed, 4, a, 128)).toBe(0);
  });
});
