import { ethernet, ipv4, udp, vxlan } from '../../src/wire/frame-builder';
import { emitVxlan, parseVxlan, VXLAN, VXLAN_FLAG } from '../../src/wire/vxlan';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

/** RFC 7348 §5: flags with only I set, 24 reserved bits, VNI 100, 8 reserved bits. */
const HEADER = '08 000000 000064 00';
/** Group Based Policy (draft-smith-vxlan-group-policy §2): G and I, group id 0x1234, VNI 300. */
const GBP = '88 00 1234 00012c 00';

// Outer 02:00:00:00:aa:01 > aa:02, 203.0.113.1 > 203.0.113.2, UDP 49152 > 4789 (checksum 0,
// as Linux sends over IPv4); inner 02:00:00:00:0a:01 > 0a:02, 10.0.0.1 > 10.0.0.2, ICMP echo.
// The frame is vxlan.pcap's first, which tshark decodes without complaint.
const OUTER = '02000000aa02 02000000aa01 0800';
const FRAME = `${OUTER} 4500 006f 5000 4000 4011 7279 cb007101 cb007102 | c000 12b5 005b 0000 | ${HEADER} |
  02000000 0a02 02000000 0a01 0800 | 4500 003d 2007 4000 4001 06b7 0a000001 0a000002 |
  0800 17a3 1234 0007 7063617076657264696374207069 6e672030313233343536373839616263646566`;

describe('VXLAN (RFC 7348 §5) and VXLAN-GBP', () => {
  test('parse reads the flags and the 24-bit VNI; no group id without the G flag', () => {
    expect(parseVxlan(hex(HEADER), 0)).toEqual({ flags: VXLAN_FLAG.I, groupPolicyId: undefined, vni: 100 });
  });

  test('parse reads the group policy id when the G flag is set', () => {
    expect(parseVxlan(hex(GBP), 0)).toEqual({ flags: VXLAN_FLAG.G | VXLAN_FLAG.I, groupPolicyId: 0x1234, vni: 300 });
  });

  test('emit writes 8 bytes and round-trips plain and GBP headers', () => {
    for (const h of [HEADER, GBP, '08 000000 ffffff 00']) {
      const out = emitted((b, o) => emitVxlan(parseVxlan(hex(h), 0), b, o));
      expect(out.length).toBe(VXLAN.HEADER_LEN);
      expect(toHex(out)).toBe(toHex(hex(h)));
    }
  });

  test('decode yields vxlan.* fields and decodes the inner frame, whose fields are second occurrences', () => {
    const d = decode(FRAME);
    expect(d.protocols()).toBe('eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data');
    expect(fields(d)).toMatchObject({
      'udp.dstport': [4789],
      'vxlan.flags': [0x0800],
      'vxlan.flag_g': [0],
      'vxlan.flag_i': [1],
      'vxlan.flag_d': [0],
      'vxlan.flag_a': [0],
      'vxlan.gbp': [0],
      'vxlan.vni': [100],
      'eth.src': ['02:00:00:00:aa:01', '02:00:00:00:0a:01'],
      'eth.dst': ['02:00:00:00:aa:02', '02:00:00:00:0a:02'],
      'ip.src': ['203.0.113.1', '10.0.0.1'],
      'ip.checksum.status': [1, 1],
      'icmp.type': [8],
    });
    expect(d.issue).toBeUndefined();
  });

  test('a GBP header shows vxlan.flag_g 1 and the group id as vxlan.gbp', () => {
    const b = hex(FRAME);
    b.set(hex(GBP), 14 + 20 + 8);
    expect(fields(decode(b))).toMatchObject({ 'vxlan.flags': [0x8800], 'vxlan.flag_g': [1], 'vxlan.gbp': [0x1234], 'vxlan.vni': [300] });
  });

  test('VXLAN in VXLAN decodes both tunnels: vxlan.vni and eth.src list outer to inner', () => {
    const inner = ethernet('02:00:00:00:0a:02', '02:00:00:00:0a:01', 0x88b5, hex('00112233'), false);
    const tunnel = (vni: number, payload: Uint8Array, src: string): Uint8Array =>
      ethernet('02:00:00:00:ff:ff', src, 0x0800, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17 }, udp(50000, 4789, vxlan({ flags: VXLAN_FLAG.I, groupPolicyId: undefined, vni }, payload))), false);
    const d = decode(tunnel(1000, tunnel(2000, inner, '02:00:00:00:bb:01'), '02:00:00:00:aa:01'));
    expect(fields(d)['vxlan.vni']).toEqual([1000, 2000]);
    expect(fields(d)['eth.src']).toEqual(['02:00:00:00:aa:01', '02:00:00:00:bb:01', '02:00:00:00:0a:01']);
    expect(layers(d).filter((n) => n === 'vxlan')).toHaveLength(2);
  });

  test('a header cut short shows the fields it holds and is truncated at vxlan.vni', () => {
    const b = hex(FRAME);
    const d = decode(b.subarray(0, 14 + 20 + 8 + 5), { len: b.length });
    expect(d.issue).toMatchObject({ kind: 'truncated', layer: 'vxlan', field: 'vxlan.vni', offset: 42 });
    expect(fields(d)).toMatchObject({ 'vxlan.flags': [0x0800], 'vxlan.gbp': [0] });
    expect(fields(d)['vxlan.vni']).toBeUndefined();
  });

  test('an empty VXLAN payload on port 4789 is truncated at the VXLAN layer', () => {
    const b = hex(FRAME);
    expect(decode(b.subarray(0, 14 + 20 + 8), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'vxlan', offset: 42 });
  });
});
