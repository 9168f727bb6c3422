import { emitIpv6, IPV6, parseIpv6 } from '../../src/wire/ipv6';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000207 020000000101 86dd';
const A = '20010db8000100000000000000000001'; // 2001:db8:1::1
const S = '20010db8000200000000000000000007'; // 2001:db8:2::7
const UDP = 'c350 c351 0010 0d9b 0102030405060708';
/** IPv6 2001:db8:1::1 > 2001:db8:2::7, UDP with a correct checksum (RFC 8200 §8.1 pseudo-header). */
const UDP_PACKET = `6000 0000 0010 11 40 ${A} ${S} | ${UDP}`;

function ipv6(nextHeader: string, payload: string): string {
  const plen = hex(payload).length.toString(16).padStart(4, '0');
  return `6000 0000 ${plen} ${nextHeader} 40 ${A} ${S} | ${payload}`;
}

describe('IPv6 (RFC 8200 §3)', () => {
  test('parse reads version, traffic class, flow label, payload length, next header, hop limit and addresses', () => {
    expect(parseIpv6(hex(`6e1a bcde 0010 11 40 ${A} ${S}`), 0)).toEqual({
      version: 6,
      trafficClass: 0xe1,
      flowLabel: 0xabcde,
      payloadLength: 16,
      nextHeader: 17,
      hopLimit: 64,
      src: '2001:db8:1::1',
      dst: '2001:db8:2::7',
    });
  });

  test('emit writes 40 bytes and round-trips what parse read', () => {
    const header = hex(`6e1a bcde 0010 11 40 ${A} ${S}`);
    const out = emitted((b, o) => emitIpv6(parseIpv6(header, 0), b, o));
    expect(out.length).toBe(IPV6.HEADER_LEN);
    expect(toHex(out)).toBe(toHex(header));
  });

  test('decode yields ipv6.* fields, and ip.version too as Wireshark does', () => {
    const d = decode(`${ETH} ${UDP_PACKET}`);
    expect(fields(d)).toMatchObject({
      'ip.version': [6],
      'ipv6.version': [6],
      'ipv6.tclass': [0],
      'ipv6.flow': [0],
      'ipv6.plen': [16],
      'ipv6.nxt': [17],
      'ipv6.hlim': [64],
      'ipv6.src': ['2001:db8:1::1'],
      'ipv6.dst': ['2001:db8:2::7'],
      'udp.srcport': [50000],
    });
    expect(d.protocols()).toBe('eth:ethertype:ipv6:udp:data');
    expect(d.issue).toBeUndefined();
  });

  test.each([
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // the first of two equal runs is shortened (RFC 5952 §4.2.3)
    ['20010db8000000000000000000020001', '2001:db8::2:1'], // the longest run (§4.2.1)
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero group is not shortened (§4.2.2)
    ['20010DB8AAAA00000000000000000001', '2001:db8:aaaa::1'], // lower case (§4.3)
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'], // IPv4-mapped (§5)
    ['fe800000000000000000000000000001', 'fe80::1'],
    ['00000000000000000000000000000000', '::'],
  ])('addresses print in RFC 5952 form: %s is %s', (bytes, text) => {
    const d = decode(`${ETH} 6000 0000 0000 3b 40 ${bytes} ${bytes}`);
    expect(fields(d)['ipv6.src']).toEqual([text]);
  });

  test('the four extension headers of RFC 8200 §4.1 are walked in order, with their fields', () => {
    const chain =
      '2b 00 0104 00000000' + // hop-by-hop, next routing, PadN
      `2c 02 04 00 00 00 0000 ${S}` + // routing: segment routing header (type 4), segments left 0
      '3c 00 0000 cafe0002' + // fragment: offset 0, M 0 (an atomic fragment, RFC 6946)
      '11 00 0104 00000000' + // destination options, next UDP
      UDP;
    const d = decode(`${ETH} ${ipv6('00', chain)}`);
    expect(layers(d)).toEqual(['eth', 'ipv6', 'ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'udp', 'data']);
    expect(fields(d)).toMatchObject({
      'ipv6.nxt': [0],
      'ipv6.hopopts.nxt': [43],
      'ipv6.hopopts.len': [0],
      'ipv6.routing.nxt': [44],
      'ipv6.routing.len': [2],
      'ipv6.routing.type': [4],
      'ipv6.routing.segleft': [0],
      'ipv6.fraghdr.nxt': [60],
      'ipv6.fraghdr.offset': [0],
      'ipv6.fraghdr.more': [0],
      'ipv6.fraghdr.ident': [0xcafe0002],
      'ipv6.dstopts.nxt': [17],
      'ipv6.dstopts.len': [0],
      'udp.dstport': [50001],
    });
    expect(d.issue).toBeUndefined();
  });

  test('a first fragment (M set, offset 0) is followed into its transport header', () => {
    const d = decode(`${ETH} ${ipv6('2c', `11 00 0001 cafe0001 ${UDP}`)}`);
    expect(layers(d)).toEqual(['eth', 'ipv6', 'ipv6.fraghdr', 'udp', 'data']);
    expect(fields(d)).toMatchObject({ 'ipv6.fraghdr.more': [1], 'ipv6.fraghdr.offset': [0] });
  });

  test('a non-first fragment is payload bytes only; ipv6.fraghdr.offset is in 8-byte units (RFC 8200 §4.5)', () => {
    const d = decode(`${ETH} ${ipv6('2c', `11 00 0018 cafe0001 ${'ab'.repeat(24)}`)}`);
    expect(layers(d)).toEqual(['eth', 'ipv6', 'ipv6.fraghdr', 'data']);
    expect(fields(d)).toMatchObject({ 'ipv6.fraghdr.offset': [3], 'ipv6.fraghdr.more': [0] });
  });

  test('next header 59 (no next header) ends the walk quietly', () => {
    const d = decode(`${ETH} ${ipv6('3b', '')}`);
    expect(layers(d)).toEqual(['eth', 'ipv6']);
    expect(d.issue).toBeUndefined();
  });

  test('the payload length bounds the packet: Ethernet padding is not payload', () => {
    const d = decode(`${ETH} ${UDP_PACKET} 000000000000`);
    expect(d.ends[1]! - d.starts[1]!).toBe(40 + 16);
  });

  test('an extension header the payload length ends inside is malformed at that header', () => {
    const short = decode(`${ETH} 6000 0000 0004 00 40 ${A} ${S} 11000104 00000000`);
    expect(short.issue).toMatchObject({ kind: 'malformed', layer: 'ipv6.hopopts', field: 'ipv6.hopopts.nxt', offset: 54 });
    const longer = decode(`${ETH} ${ipv6('00', '11 01 0104 00000000')}`);
    expect(longer.issue).toMatchObject({ kind: 'malformed', layer: 'ipv6.hopopts', field: 'ipv6.hopopts.len', offset: 54 });
  });

  test('a version other than 6 behind EtherType 0x86dd is malformed at ipv6.version', () => {
    expect(decode(`${ETH} 4000 0000 0000 3b 40 ${A} ${S}`).issue).toMatchObject({ kind: 'malformed', layer: 'ipv6', field: 'ipv6.version', offset: 14 });
  });

  test('a header cut short by the capture is truncated at ipv6.dst', () => {
    const b = hex(`${ETH} ${UDP_PACKET}`);
    expect(decode(b.subarray(0, 34), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'ipv6', field: 'ipv6.dst', offset: 14 });
  });
});
