import { emitIpv4, IPV4, parseIpv4 } from '../../src/wire/ipv4';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000207 020000000101 0800';
/** The header of the checksum example everyone quotes: its checksum is 0xb861 (RFC 1071 arithmetic). */
const CLASSIC = '4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7';
/** IGMP-style header with a Router Alert option (RFC 2113), IHL 6, checksum 0x82c7. */
const WITH_OPTION = '4600 0018 0001 0000 0102 82c7 c0000201 e0000016 94040000';
/** IPv4 192.0.2.1 > 198.51.100.7, DF, UDP 50000 > 50001 with 8 bytes of data (no UDP checksum). */
const UDP_PACKET = '4500 0024 1000 4000 4011 3e8d c0000201 c6336407 | c350 c351 0010 0000 | 0102030405060708';

function withFlagsFrag(flagsFrag: string, checksum: string): string {
  return `4500 0024 1000 ${flagsFrag} 4011 ${checksum} c0000201 c6336407 | c350 c351 0010 0000 | 0102030405060708`;
}

describe('IPv4 (RFC 791 §3.1)', () => {
  test('parse reads every header field; flags are the 3-bit value and the fragment offset is in 8-byte units', () => {
    expect(parseIpv4(hex(CLASSIC), 0)).toEqual({
      version: 4,
      headerLength: 20,
      dsfield: 0,
      totalLength: 115,
      id: 0,
      flags: 2,
      fragOffset: 0,
      ttl: 64,
      protocol: 17,
      checksum: 0xb861,
      src: '192.168.0.1',
      dst: '192.168.0.199',
      options: new Uint8Array(0),
    });
    expect(parseIpv4(hex(withFlagsFrag('0003', '7e8a')), 0)).toMatchObject({ flags: 0, fragOffset: 3 });
  });

  test('emit computes the header checksum a sender stores (RFC 1071) and round-trips the classic header', () => {
    const h = { ...parseIpv4(hex(CLASSIC), 0), checksum: 0 };
    const out = emitted((b, o) => emitIpv4(h, b, o));
    expect(out.length).toBe(IPV4.MIN_HEADER_LEN);
    expect(toHex(out)).toBe(toHex(hex(CLASSIC)));
  });

  test("emit with 'keep' writes the record's checksum verbatim, right or wrong", () => {
    const h = { ...parseIpv4(hex(CLASSIC), 0), checksum: 0x1234 };
    expect(toHex(emitted((b, o) => emitIpv4(h, b, o, 'keep')).subarray(10, 12))).toBe('1234');
  });

  test('options are kept verbatim: parse and emit round-trip a 24-byte header with Router Alert', () => {
    const h = parseIpv4(hex(WITH_OPTION), 0);
    expect(h.headerLength).toBe(24);
    expect(toHex(h.options)).toBe('94040000');
    expect(toHex(emitted((b, o) => emitIpv4(h, b, o)))).toBe(toHex(hex(WITH_OPTION)));
  });

  test('decode yields tshark-named ip.* fields as numbers and dotted quads, checksum verified', () => {
    const d = decode(`${ETH} ${UDP_PACKET}`);
    expect(fields(d)).toMatchObject({
      'ip.version': [4],
      'ip.hdr_len': [20],
      'ip.dsfield': [0],
      'ip.len': [36],
      'ip.id': [0x1000],
      'ip.flags': [2],
      'ip.frag_offset': [0],
      'ip.ttl': [64],
      'ip.proto': [17],
      'ip.checksum': [0x3e8d],
      'ip.checksum.status': [1],
      'ip.src': ['192.0.2.1'],
      'ip.dst': ['198.51.100.7'],
    });
    expect(d.protocols()).toBe('eth:ethertype:ip:udp:data');
    expect(d.issue).toBeUndefined();
  });

  test('a wrong header checksum is ip.checksum.status 0 (bad), and decoding goes on', () => {
    const d = decode(`${ETH} ${withFlagsFrag('4000', '3e8e')}`);
    expect(fields(d)['ip.checksum.status']).toEqual([0]);
    expect(layers(d)).toEqual(['eth', 'ip', 'udp', 'data']);
    expect(d.issue).toBeUndefined();
  });

  test('ip.flags is MF 1, DF 2, reserved 4', () => {
    expect(fields(decode(`${ETH} ${withFlagsFrag('2000', '5e8d')}`))['ip.flags']).toEqual([1]);
    expect(fields(decode(`${ETH} ${withFlagsFrag('8000', 'fe8c')}`))['ip.flags']).toEqual([4]);
  });

  test('a first fragment (MF, offset 0) still starts with its transport header, which is decoded', () => {
    const d = decode(`${ETH} ${withFlagsFrag('2000', '5e8d')}`);
    expect(layers(d)).toEqual(['eth', 'ip', 'udp', 'data']);
  });

  test('a non-first fragment holds payload bytes only: a data layer and no transport (RFC 791 §3.2)', () => {
    const d = decode(`${ETH} ${withFlagsFrag('0003', '7e8a')}`);
    expect(fields(d)).toMatchObject({ 'ip.frag_offset': [3], 'ip.flags': [0] });
    expect(layers(d)).toEqual(['eth', 'ip', 'data']);
    expect(fields(d)['udp.srcport']).toBeUndefined();
  });

  test('Ethernet padding after the total length is not part of the IP packet', () => {
    const d = decode(`${ETH} ${UDP_PACKET} ${'00'.repeat(10)}`);
    expect(d.ends[1]! - d.starts[1]!).toBe(36);
    expect(d.ends[d.count - 1]).toBe(14 + 36);
  });

  test('a total length below the header length is malformed at ip.len, which still shows', () => {
    const d = decode(`${ETH} 4500 0010 1000 4000 4011 3e9d c0000201 c6336407 ${'00'.repeat(16)}`);
    expect(d.issue).toMatchObject({ kind: 'malformed', layer: 'ip', field: 'ip.len', offset: 14 });
    expect(fields(d)).toMatchObject({ 'ip.version': [4], 'ip.hdr_len': [20], 'ip.len': [16] });
    expect(layers(d)).toEqual(['eth', 'ip']);
  });

  test('a header length below 20 bytes (IHL < 5) is malformed at ip.hdr_len', () => {
    expect(decode(`${ETH} 4400 0024 1000 4000 4011 3e8d c0000201 c6336407 ${'00'.repeat(16)}`).issue).toMatchObject({ kind: 'malformed', field: 'ip.hdr_len', offset: 14 });
  });

  test('a version other than 4 behind EtherType 0x0800 is malformed at ip.version', () => {
    expect(decode(`${ETH} 6500 0024 1000 4000 4011 3e8d c0000201 c6336407 ${'00'.repeat(16)}`).issue).toMatchObject({ kind: 'malformed', field: 'ip.version' });
  });

  test('a header or its options cut short by the capture is truncated; cut short by the frame it is malformed', () => {
    const fixed = hex(`${ETH} ${UDP_PACKET}`).subarray(0, 14 + 19);
    expect(decode(fixed, { len: 64 }).issue).toMatchObject({ kind: 'truncated', layer: 'ip', field: 'ip.dst', offset: 14 });
    expect(decode(fixed).issue).toMatchObject({ kind: 'malformed', layer: 'ip', field: 'ip.dst' });
    const options = hex(`${ETH} ${WITH_OPTION}`).subarray(0, 14 + 22);
    expect(decode(options, { len: 64 }).issue).toMatchObject({ kind: 'truncated', field: 'ip.options' });
  });
});
