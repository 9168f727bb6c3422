import { emitIcmp, ICMP, isIcmpError, parseIcmp } from '../../src/wire/icmp';
import { sum16 } from '../../src/wire/checksum';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000101 0200000001fe 0800';
/** Echo request id 0x1234 seq 1 with data "abcd"; checksum 0x2104 over the message (RFC 792). */
const ECHO = '08 00 2104 1234 0001 61626364';
const ECHO_PACKET = `4500 0020 2001 0000 4001 d5dc c0000201 c00002fe | ${ECHO}`;
/** Port unreachable from 198.51.100.7, quoting the IPv4 header and first 8 bytes of a UDP datagram (RFC 792). */
const QUOTED = '4500 0024 1000 4000 4011 3e8d c0000201 c6336407 | c350 c351 0010 0000';
const UNREACH_PACKET = `4500 0038 2200 0000 4001 6c89 c6336407 c0000201 | 03 03 764a 00000000 | ${QUOTED}`;

describe('ICMP (RFC 792)', () => {
  test('parse reads type, code, checksum and the 32-bit rest of header', () => {
    expect(parseIcmp(hex(ECHO), 0)).toEqual({ type: 8, code: 0, checksum: 0x2104, rest: 0x12340001 });
  });

  test('emit writes the 8-byte header and round-trips it', () => {
    const bytes = hex(ECHO).subarray(0, 8);
    const out = emitted((b, o) => emitIcmp(parseIcmp(bytes, 0), b, o));
    expect(out.length).toBe(ICMP.HEADER_LEN);
    expect(toHex(out)).toBe(toHex(bytes));
  });

  test('the example checksum is right: the message sums to 0xffff (RFC 1071)', () => {
    const b = hex(ECHO);
    expect(sum16(b, 0, b.length)).toBe(0xffff);
  });

  test('destination unreachable, source quench, redirect, time exceeded and parameter problem are errors; echo is not', () => {
    expect([3, 4, 5, 11, 12].every(isIcmpError)).toBe(true);
    expect([0, 8, 13, 14].some(isIcmpError)).toBe(false);
  });

  test('an echo request decodes to icmp.type, icmp.code, icmp.checksum and its data', () => {
    const d = decode(`${ETH} ${ECHO_PACKET}`);
    expect(fields(d)).toMatchObject({ 'icmp.type': [8], 'icmp.code': [0], 'icmp.checksum': [0x2104] });
    expect(d.protocols()).toBe('eth:ethertype:ip:icmp:data');
    expect(d.issue).toBeUndefined();
  });

  test('an error message decodes the quoted IPv4/UDP packet: its fields are second occurrences', () => {
    const d = decode(`${ETH} ${UNREACH_PACKET}`);
    expect(layers(d)).toEqual(['eth', 'ip', 'icmp', 'ip', 'udp']);
    expect(fields(d)).toMatchObject({
      'icmp.type': [3],
      'icmp.code': [3],
      'ip.src': ['198.51.100.7', '192.0.2.1'],
      'ip.dst': ['192.0.2.1', '198.51.100.7'],
      'ip.len': [56, 36],
      'udp.srcport': [50000],
      'udp.dstport': [50001],
    });
  });

  test('a quoted packet shorter than its own total length is normal in an error and raises no issue', () => {
    // The quote holds 28 of the original 36 bytes, as RFC 792 asks for.
    const d = decode(`${ETH} ${UNREACH_PACKET}`);
    expect(d.issue).toBeUndefined();
    // Even a quote cut inside the UDP header is quiet.
    const cut = hex(`${ETH} ${UNREACH_PACKET}`).subarray(0, 14 + 20 + 8 + 20 + 4);
    cut[14 + 3] = 20 + 8 + 20 + 4; // the outer total length says so too: only the quote is short
    expect(decode(cut).issue).toBeUndefined();
    // The outer packet's own length still counts: bytes missing there are an issue.
    const lying = hex(`${ETH} ${UNREACH_PACKET}`).subarray(0, 14 + 20 + 8 + 20 + 4);
    expect(decode(lying).issue).toMatchObject({ kind: 'malformed', layer: 'ip', field: 'ip.len', offset: 14 });
  });

  test('a message shorter than type, code and checksum is truncated or malformed at icmp.checksum', () => {
    const b = hex(`${ETH} ${ECHO_PACKET}`).subarray(0, 14 + 20 + 3);
    expect(decode(b, { len: 46 }).issue).toMatchObject({ kind: 'truncated', layer: 'icmp', field: 'icmp.checksum', offset: 34 });
  });
});
