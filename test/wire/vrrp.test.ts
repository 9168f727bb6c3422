import { emitVrrp, parseVrrp, VRRP, VRRP_GROUP_IPV4, VRRP_GROUP_IPV6 } from '../../src/wire/vrrp';
import { CHECKSUM_STATUS } from '../../src/wire/checksum';
import { decode, fields, hex, layers, toHex } from './wire-helpers';

// The adverts of pcaps/decode/vrrp.pcap, each checked with tshark ("Checksum Status: Good").
const ETH4 = '01005e000012 00005e00010a 0800';
const ETH6 = '333300000012 00005e00021e 86dd';
/** IPv4 192.0.2.2 > 224.0.0.18, TTL 255, protocol 112, total length 44. */
const IP_V2 = '4500 002c 0000 4000 ff70 d94c c0000202 e0000012';
/** VRRPv2 (RFC 3768 §5.1): VRID 10, priority 100, 2 addresses, auth type 0, interval 1 s, 8 bytes of auth data. */
const V2 = '21 0a 64 02 00 01 f4f5 c00002fe c00002fd 0000000000000000';
/** IPv4 198.51.100.2 > 224.0.0.18, total length 32. */
const IP_V3 = '4500 0020 0000 4000 ff70 7125 c6336402 e0000012';
/** VRRPv3 (RFC 5798 §5.1): VRID 20, priority 150, 1 address, max advert interval 100 cs. */
const V3 = '31 14 96 01 0064 028f c63364fe';
/** IPv6 fe80::2 > ff02::12, hop limit 255, next header 112, payload 40. */
const IP6_V3 = '6000 0000 0028 70 ff fe800000000000000000000000000002 ff020000000000000000000000000012';
const V3_6 = '31 1e c8 02 0064 dc0d fe800000000000000000000000000001 20010db8000100000000000000000001';

/** Emits `packet`'s VRRP again, into a copy whose checksum is zeroed, with the IP header for context. */
function reemit(ip: string, vrrp: string, version: 4 | 6): string {
  const b = hex(`${ip} ${vrrp}`);
  const at = hex(ip).length;
  const h = parseVrrp(b, at, b.length, version);
  b.fill(0, at);
  emitVrrp(h, b, at, { start: 0, version });
  return toHex(b.subarray(at));
}

describe('VRRP v2 (RFC 3768) and v3 (RFC 5798)', () => {
  test('the well-known groups are 224.0.0.18 and ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2)', () => {
    expect([VRRP_GROUP_IPV4, VRRP_GROUP_IPV6]).toEqual(['224.0.0.18', 'ff02::12']);
  });

  test('parse reads a v2 advert: seconds interval, auth type and IPv4 addresses', () => {
    const b = hex(V2);
    expect(parseVrrp(b, 0, b.length, 4)).toEqual({ version: 2, type: 1, vrid: 10, priority: 100, interval: 1, authType: 0, checksum: 0xf4f5, addresses: ['192.0.2.254', '192.0.2.253'] });
  });

  test('parse reads a v3 advert: the 12-bit centisecond interval, and addresses by the carrying IP version', () => {
    expect(parseVrrp(hex(V3), 0, 12, 4)).toEqual({ version: 3, type: 1, vrid: 20, priority: 150, interval: 100, authType: 0, checksum: 0x028f, addresses: ['198.51.100.254'] });
    expect(parseVrrp(hex(V3_6), 0, 40, 6).addresses).toEqual(['fe80::1', '2001:db8:1::1']);
  });

  test('parse leaves out addresses the bytes do not hold', () => {
    expect(parseVrrp(hex(V2), 0, 14, 4).addresses).toEqual(['192.0.2.254']);
  });

  test('emit without the IP header writes the record verbatim, checksum included: emit(parse(x)) is x', () => {
    // Without the carrying header, addresses are written as IPv4: v3 over IPv6 needs `ip` (below).
    for (const vrrp of [V2, V3]) {
      const b = hex(vrrp);
      const out = new Uint8Array(64);
      const n = emitVrrp(parseVrrp(b, 0, b.length, 4), out, 0);
      expect(toHex(out.subarray(0, n))).toBe(toHex(b));
    }
  });

  test('emit computes the v2 checksum over the VRRP message only (RFC 3768 §5.3.8)', () => {
    expect(reemit(IP_V2, V2, 4)).toBe(toHex(hex(V2)));
  });

  test('emit computes the v3 checksum with the IPv4 pseudo-header (RFC 5798 §5.2.8)', () => {
    expect(reemit(IP_V3, V3, 4)).toBe(toHex(hex(V3)));
  });

  test('emit computes the v3 checksum with the IPv6 pseudo-header (RFC 5798 §5.2.8, RFC 8200 §8.1)', () => {
    expect(reemit(IP6_V3, V3_6, 6)).toBe(toHex(hex(V3_6)));
  });

  test('emit returns the message length: v2 includes its 8 bytes of authentication data', () => {
    const b = new Uint8Array(64);
    expect(emitVrrp(parseVrrp(hex(V2), 0, 24, 4), b, 0)).toBe(VRRP.HEADER_LEN + 2 * 4 + VRRP.V2_AUTH_DATA_LEN);
  });

  test('a v2 advert decodes to the vrrp.* fields, with a good checksum', () => {
    const d = decode(`${ETH4} ${IP_V2} ${V2}`);
    expect(fields(d)).toMatchObject({
      'vrrp.version': [2],
      'vrrp.type': [1],
      'vrrp.virt_rtr_id': [10],
      'vrrp.prio': [100],
      'vrrp.addr_count': [2],
      'vrrp.auth_type': [0],
      'vrrp.adver_int': [1],
      'vrrp.checksum': [0xf4f5],
      'vrrp.checksum.status': [CHECKSUM_STATUS.GOOD],
      'vrrp.ip_addr': ['192.0.2.254', '192.0.2.253'],
    });
    expect(fields(d)['vrrp.short_adver_int']).toBeUndefined();
    expect(d.protocols()).toBe('eth:ethertype:ip:vrrp');
    expect(d.issue).toBeUndefined();
  });

  test('a v3 advert over IPv4 shows vrrp.short_adver_int, not auth type, and its pseudo-header checksum is good', () => {
    const d = decode(`${ETH4} ${IP_V3} ${V3}`);
    expect(fields(d)).toMatchObject({ 'vrrp.version': [3], 'vrrp.short_adver_int': [100], 'vrrp.checksum.status': [CHECKSUM_STATUS.GOOD], 'vrrp.ip_addr': ['198.51.100.254'] });
    expect(fields(d)['vrrp.auth_type']).toBeUndefined();
  });

  test('a v3 advert over IPv6 lists vrrp.ipv6_addr and its checksum is good', () => {
    const d = decode(`${ETH6} ${IP6_V3} ${V3_6}`);
    expect(fields(d)).toMatchObject({ 'vrrp.virt_rtr_id': [30], 'vrrp.prio': [200], 'vrrp.ipv6_addr': ['fe80::1', '2001:db8:1::1'], 'vrrp.checksum.status': [CHECKSUM_STATUS.GOOD] });
    expect(layers(d)).toEqual(['eth', 'ipv6', 'vrrp']);
  });

  test('a wrong checksum is vrrp.checksum.status 0 (bad); the advert still decodes', () => {
    const d = decode(`${ETH4} ${IP_V2} ${V2.replace('f4f5', 'f4f6')}`);
    expect(fields(d)).toMatchObject({ 'vrrp.checksum.status': [CHECKSUM_STATUS.BAD], 'vrrp.virt_rtr_id': [10] });
    expect(d.issue).toBeUndefined();
  });

  test('a v3 checksum computed the v2 way (no pseudo-header) is bad', () => {
    const b = hex(V3);
    b[6] = 0;
    b[7] = 0;
    let s = 0;
    for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    const v2Style = (~s & 0xffff).toString(16).padStart(4, '0');
    expect(fields(decode(`${ETH4} ${IP_V3} ${V3.replace('028f', v2Style)}`))['vrrp.checksum.status']).toEqual([CHECKSUM_STATUS.BAD]);
  });

  test('a fragment cannot be checked: vrrp.checksum.status 2 (unverified)', () => {
    // MF set (flags 1), offset 0: the first of several fragments.
    const ip = IP_V2.replace('4000 ff70 d94c', '2000 ff70 f94c');
    expect(fields(decode(`${ETH4} ${ip} ${V2}`))['vrrp.checksum.status']).toEqual([CHECKSUM_STATUS.UNVERIFIED]);
  });

  test('an advert the capture cut short is unverified, and shows the addresses it holds', () => {
    const b = hex(`${ETH4} ${IP_V2} ${V2}`);
    const d = decode(b.subarray(0, 14 + 20 + 12), { len: b.length });
    expect(fields(d)).toMatchObject({ 'vrrp.checksum.status': [CHECKSUM_STATUS.UNVERIFIED], 'vrrp.ip_addr': ['192.0.2.254'] });
  });

  test('an advert shorter than its 8-byte header is truncated at vrrp.checksum and shows the fields it has', () => {
    const b = hex(`${ETH4} ${IP_V2} ${V2}`);
    const d = decode(b.subarray(0, 14 + 20 + 4), { len: b.length });
    expect(d.issue).toMatchObject({ kind: 'truncated', layer: 'vrrp', field: 'vrrp.checksum', offset: 34 });
    expect(fields(d)).toMatchObject({ 'vrrp.version': [2], 'vrrp.virt_rtr_id': [10], 'vrrp.prio': [100], 'vrrp.addr_count': [2] });
    expect(fields(d)['vrrp.checksum']).toBeUndefined();
  });
});
