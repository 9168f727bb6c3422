import { emitIcmpv6, ICMPV6, parseIcmpv6 } from '../../src/wire/icmpv6';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const A = '20010db8000100000000000000000001'; // 2001:db8:1::1
const B = '20010db8000100000000000000000002'; // 2001:db8:1::2
const S = '20010db8000200000000000000000007'; // 2001:db8:2::7
const SOLICITED = 'ff0200000000000000000001ff000002'; // ff02::1:ff00:2, B's solicited-node group
const ETH = '020000000207 020000000101 86dd';

// Checksums include the IPv6 pseudo-header (RFC 4443 §2.3); each vector was checked with tshark.
const ECHO = '80 00 4d40 1234 0001 61626364';
const NS = `87 00 1b25 00000000 ${B} 01 01 020000000101`; // source link-layer address option
const NA = `88 00 896e 60000000 ${B} 02 01 020000000102`; // S and O flags, target link-layer address option
const INVOKING = `6000 0000 0010 11 40 ${A} ${S} | c350 c351 0010 0d9b 0102030405060708`;
const UNREACH = `01 04 31d5 00000000 | ${INVOKING}`;

function ipv6(src: string, dst: string, hlim: string, message: string): string {
  const plen = hex(message).length.toString(16).padStart(4, '0');
  return `${ETH} 6000 0000 ${plen} 3a ${hlim} ${src} ${dst} | ${message}`;
}

describe('ICMPv6 (RFC 4443) and neighbor discovery (RFC 4861)', () => {
  test('parse reads type, code and checksum, and the target of an NS or NA', () => {
    expect(parseIcmpv6(hex(ECHO), 0, 12)).toEqual({ type: 128, code: 0, checksum: 0x4d40 });
    expect(parseIcmpv6(hex(NS), 0, 32)).toEqual({ type: 135, code: 0, checksum: 0x1b25, target: '2001:db8:1::2' });
    expect(parseIcmpv6(hex(NA), 0, 32)).toMatchObject({ type: 136, target: '2001:db8:1::2' });
  });

  test('parse leaves the target out when an NS is too short to hold one', () => {
    expect(parseIcmpv6(hex(NS), 0, 20).target).toBeUndefined();
  });

  test('emit writes the 4-byte common header and round-trips it', () => {
    const bytes = hex(ECHO).subarray(0, ICMPV6.BODY);
    const out = emitted((b, o) => emitIcmpv6(parseIcmpv6(bytes, 0, 4), b, o));
    expect(out.length).toBe(ICMPV6.BODY);
    expect(toHex(out)).toBe(toHex(bytes));
  });

  test('an echo request decodes to icmpv6.type, code and checksum, with its data after identifier and sequence', () => {
    const d = decode(ipv6(A, S, '40', ECHO));
    expect(fields(d)).toMatchObject({ 'icmpv6.type': [128], 'icmpv6.code': [0], 'icmpv6.checksum': [0x4d40] });
    expect(d.protocols()).toBe('eth:ethertype:ipv6:icmpv6:data');
    expect(d.issue).toBeUndefined();
  });

  test('a neighbor solicitation yields icmpv6.nd.ns.target_address (RFC 4861 §4.3)', () => {
    const d = decode(ipv6(A, SOLICITED, 'ff', NS));
    expect(fields(d)).toMatchObject({ 'icmpv6.type': [135], 'icmpv6.nd.ns.target_address': ['2001:db8:1::2'], 'ipv6.dst': ['ff02::1:ff00:2'], 'ipv6.hlim': [255] });
    expect(layers(d)).toEqual(['eth', 'ipv6', 'icmpv6']);
  });

  test('a neighbor advertisement yields icmpv6.nd.na.target_address (RFC 4861 §4.4)', () => {
    const d = decode(ipv6(B, A, 'ff', NA));
    expect(fields(d)).toMatchObject({ 'icmpv6.type': [136], 'icmpv6.nd.na.target_address': ['2001:db8:1::2'] });
    expect(fields(d)['icmpv6.nd.ns.target_address']).toBeUndefined();
  });

  test('an NS cut before its target shows no target field', () => {
    const b = hex(ipv6(A, SOLICITED, 'ff', NS));
    const d = decode(b.subarray(0, 14 + 40 + 20), { len: b.length });
    expect(fields(d)['icmpv6.nd.ns.target_address']).toBeUndefined();
    expect(fields(d)['icmpv6.type']).toEqual([135]);
  });

  test('an error message decodes the invoking IPv6/UDP packet it quotes (RFC 4443 §3.1)', () => {
    const d = decode(ipv6(S, A, '40', UNREACH));
    expect(layers(d)).toEqual(['eth', 'ipv6', 'icmpv6', 'ipv6', 'udp', 'data']);
    expect(fields(d)).toMatchObject({
      'icmpv6.type': [1],
      'icmpv6.code': [4],
      'ipv6.src': ['2001:db8:2::7', '2001:db8:1::1'],
      'udp.dstport': [50001],
    });
    expect(d.issue).toBeUndefined();
  });

  test('a quote cut short inside the invoking packet raises no issue', () => {
    const b = hex(ipv6(S, A, '40', UNREACH)).subarray(0, 14 + 40 + 8 + 30);
    b[14 + 4] = 0;
    b[14 + 5] = 8 + 30; // the outer payload length agrees: only the quote is short
    expect(decode(b).issue).toBeUndefined();
  });

  test('a message shorter than its 4-byte header is truncated at icmpv6.checksum', () => {
    const b = hex(ipv6(A, S, '40', ECHO));
    expect(decode(b.subarray(0, 14 + 40 + 3), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'icmpv6', field: 'icmpv6.checksum', offset: 54 });
  });
});
