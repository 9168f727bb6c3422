import { decode, hex } from './wire-helpers';

// Length fields that disagree with the bytes present. Which class the issue takes follows
// Wireshark: "truncated" when the capture's snap length cut the frame (caplen < len),
// "malformed" when the frame is whole and the length field lies. A header cut short
// further in is reported first: its issue is the more specific one.
const ETH4 = '020000000207 020000000101 0800';
const ETH6 = '020000000207 020000000101 86dd';
const UDP_IN_IPV4 = '4500 0024 1000 4000 4011 3e8d c0000201 c6336407 | c350 c351 0010 0000 | 0102030405060708';

describe('length fields against the bytes present', () => {
  test('an IPv4 total length beyond a whole frame is malformed at ip.len (RFC 791 §3.1)', () => {
    const b = hex(`${ETH4} ${UDP_IN_IPV4}`).subarray(0, 14 + 20 + 8 + 4);
    expect(decode(b).issue).toMatchObject({ kind: 'malformed', layer: 'ip', field: 'ip.len', offset: 14 });
  });

  test('the same shortness in a snapped capture is truncated at ip.len', () => {
    const full = hex(`${ETH4} ${UDP_IN_IPV4}`);
    const d = decode(full.subarray(0, 14 + 20 + 8 + 4), { len: full.length });
    expect(d.issue).toMatchObject({ kind: 'truncated', layer: 'ip', field: 'ip.len', offset: 14 });
  });

  test('a header cut short inside the IPv4 payload is the issue reported, not ip.len', () => {
    const full = hex(`${ETH4} ${UDP_IN_IPV4}`);
    const d = decode(full.subarray(0, 14 + 20 + 4), { len: full.length });
    expect(d.issue).toMatchObject({ kind: 'truncated', layer: 'udp', offset: 34 });
  });

  test('an IPv6 payload length beyond a whole frame is malformed at ipv6.plen (RFC 8200 §3)', () => {
    const frame = `${ETH6} 6000 0000 0020 3b 40 20010db8000100000000000000000001 20010db8000100000000000000000002 0102030405060708`;
    expect(decode(frame).issue).toMatchObject({ kind: 'malformed', layer: 'ipv6', field: 'ipv6.plen', offset: 14 });
  });

  test('a UDP length below the 8-byte header is malformed at udp.length (RFC 768)', () => {
    const bad = UDP_IN_IPV4.replace('c350 c351 0010', 'c350 c351 0004');
    expect(decode(`${ETH4} ${bad}`).issue).toMatchObject({ kind: 'malformed', layer: 'udp', field: 'udp.length', offset: 34 });
  });

  test('a UDP length beyond the packet is normal in a first fragment and raises no issue', () => {
    // MF set, offset 0: the datagram continues in the next fragment.
    const first = '4500 0024 1000 2000 4011 5e8d c0000201 c6336407 | c350 c351 0400 0000 | 0102030405060708';
    expect(decode(`${ETH4} ${first}`).issue).toBeUndefined();
  });

  test('a neighbor solicitation cut before its target is short at the target (RFC 4861 §4.3)', () => {
    const ns = `${ETH6} 6000 0000 0010 3a ff 20010db8000100000000000000000001 ff0200000000000000000001ff000002 8700 0000 00000000 20010db800010000`;
    expect(decode(ns).issue).toMatchObject({ kind: 'malformed', layer: 'icmpv6', field: 'icmpv6.nd.ns.target_address', offset: 54 });
  });

  test('a VRRP advert with fewer addresses than its count is short at vrrp.ip_addr (RFC 3768 §5.3.6)', () => {
    // count 2, one address present, then the 8 authentication bytes are missing too.
    const ip = '4500 0020 0000 4000 ff70 7125 c6336402 e0000012';
    expect(decode(`01005e000012 00005e000114 0800 ${ip} 3114960200640000 c63364fe`).issue).toMatchObject({
      kind: 'malformed',
      layer: 'vrrp',
      field: 'vrrp.ip_addr',
      offset: 34,
    });
  });
});
