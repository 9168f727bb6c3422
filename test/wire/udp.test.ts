import { emitUdp, parseUdp, UDP } from '../../src/wire/udp';
import { isVxlanPort, VXLAN_PORTS } from '../../src/wire/vxlan';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000207 020000000101 0800';
/** UDP 50000 > 50001, length 16, checksum 0x7cdb with the IPv4 pseudo-header (RFC 768). */
const DATAGRAM = 'c350 c351 0010 7cdb 0102030405060708';
const IP = '4500 0024 1000 4000 4011 3e8d c0000201 c6336407';

function udpOverIpv4(datagram: string): string {
  const total = 20 + hex(datagram).length;
  const b = hex(`${IP} ${datagram}`);
  b[2] = total >> 8;
  b[3] = total & 0xff;
  return `${ETH} ${toHex(b)}`;
}

describe('UDP (RFC 768)', () => {
  test('parse reads ports, length and checksum', () => {
    expect(parseUdp(hex(DATAGRAM), 0)).toEqual({ srcPort: 50000, dstPort: 50001, length: 16, checksum: 0x7cdb });
  });

  test('emit writes the 8-byte header and round-trips it', () => {
    const bytes = hex(DATAGRAM).subarray(0, 8);
    const out = emitted((b, o) => emitUdp(parseUdp(bytes, 0), b, o));
    expect(out.length).toBe(UDP.HEADER_LEN);
    expect(toHex(out)).toBe(toHex(bytes));
  });

  test('decode yields udp.srcport, udp.dstport, udp.length and udp.checksum as numbers', () => {
    const d = decode(`${ETH} ${IP} ${DATAGRAM}`);
    expect(fields(d)).toMatchObject({ 'udp.srcport': [50000], 'udp.dstport': [50001], 'udp.length': [16], 'udp.checksum': [0x7cdb] });
    expect(layers(d)).toEqual(['eth', 'ip', 'udp', 'data']);
    expect(d.issue).toBeUndefined();
  });

  test('the UDP length bounds the datagram: bytes after it are not payload', () => {
    // The IP packet carries 4 more bytes than the UDP length claims.
    const d = decode(udpOverIpv4(`${DATAGRAM} deadbeef`));
    const udp = layers(d).indexOf('udp');
    expect(d.ends[udp]! - d.starts[udp]!).toBe(16);
    expect(d.ends[udp + 1]).toBe(d.ends[udp]);
  });

  test('UDP 4789 (IANA) and 8472 (the Linux default) carry VXLAN, other ports do not (vxlan_rcv demultiplexes by port)', () => {
    expect([...VXLAN_PORTS].sort()).toEqual([4789, 8472]);
    expect(VXLAN_PORTS.every(isVxlanPort)).toBe(true);
    expect(isVxlanPort(4790)).toBe(false);
    const vx = '0800 0000 000064 00';
    for (const port of ['12b5', '2118']) {
      expect(layers(decode(udpOverIpv4(`c000 ${port} 0010 0000 ${vx}`)))).toEqual(['eth', 'ip', 'udp', 'vxlan']);
    }
    expect(layers(decode(udpOverIpv4(`c000 12b6 0010 0000 ${vx}`)))).toEqual(['eth', 'ip', 'udp', 'data']);
  });

  test('a header cut short is truncated at udp.length when the capture cut it', () => {
    const b = hex(`${ETH} ${IP} ${DATAGRAM}`);
    expect(decode(b.subarray(0, 14 + 20 + 7), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'udp', field: 'udp.length', offset: 34 });
  });
});
