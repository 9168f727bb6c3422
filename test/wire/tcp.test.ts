import { emitTcp, parseTcp, TCP, TCP_FLAG } from '../../src/wire/tcp';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000207 020000000101 0800';
const IP = '4500 003c 3000 4000 4006 1e80 c0000201 c6336407';
/**
 * A Linux-style SYN 40000 > 179: data offset 10 (40 bytes), options MSS 1460, SACK
 * permitted, timestamps, NOP, window scale 7 (RFC 9293 §3.1, RFC 7323, RFC 2018).
 * The checksum (0x9d37) is right for 192.0.2.1 > 198.51.100.7; tshark agrees.
 */
const OPTIONS = '020405b4 0402 080a 0001e240 00000000 01 030307';
const SYN = `9c40 00b3 11223344 00000000 a002 faf0 9d37 0000 ${OPTIONS}`;

describe('TCP (RFC 9293 §3.1)', () => {
  test('parse reads ports, sequence numbers, header length, the 12 flag bits, window, checksum, urgent pointer and options', () => {
    const h = parseTcp(hex(SYN), 0);
    expect({ ...h, options: toHex(h.options) }).toEqual({
      srcPort: 40000,
      dstPort: 179,
      seq: 0x11223344,
      ack: 0,
      headerLength: 40,
      flags: TCP_FLAG.SYN,
      window: 64240,
      checksum: 0x9d37,
      urgent: 0,
      options: toHex(hex(OPTIONS)),
    });
  });

  test('emit writes the header with its options and round-trips the SYN', () => {
    const out = emitted((b, o) => emitTcp(parseTcp(hex(SYN), 0), b, o));
    expect(out.length).toBe(40);
    expect(toHex(out)).toBe(toHex(hex(SYN)));
  });

  test('emit derives the data offset from the options it is given', () => {
    const h = { ...parseTcp(hex(SYN), 0), options: new Uint8Array(0) };
    const out = emitted((b, o) => emitTcp(h, b, o));
    expect(out.length).toBe(TCP.MIN_HEADER_LEN);
    expect(out[TCP.OFFSET_FLAGS]! >>> 4).toBe(5);
  });

  test('the highest sequence numbers and all 9 flag bits (AE, the former NS bit, too) survive parse and emit', () => {
    const bytes = hex('ffff 0001 ffffffff 80000001 51ff ffff 0000 0000');
    const h = parseTcp(bytes, 0);
    expect(h).toMatchObject({ seq: 0xffffffff, ack: 0x80000001, flags: 0x1ff });
    expect(toHex(emitted((b, o) => emitTcp(h, b, o)))).toBe(toHex(bytes));
  });

  test('decode yields tcp.* fields; tcp.flags is the 12-bit value and tcp.hdr_len is in bytes', () => {
    const d = decode(`${ETH} ${IP} ${SYN}`);
    expect(fields(d)).toMatchObject({
      'tcp.srcport': [40000],
      'tcp.dstport': [179],
      'tcp.seq_raw': [0x11223344],
      'tcp.ack_raw': [0],
      'tcp.hdr_len': [40],
      'tcp.flags': [0x002],
      'tcp.window_size_value': [64240],
      'tcp.checksum': [0x9d37],
    });
    expect(layers(d)).toEqual(['eth', 'ip', 'tcp']);
    expect(d.issue).toBeUndefined();
  });

  test('bytes after the header stay inside the tcp layer (tshark shows them as tcp.payload, not data)', () => {
    const ip = hex(IP);
    ip[3] = 0x3c + 4;
    const d = decode(`${ETH} ${toHex(ip)} ${SYN} 61626364`);
    expect(layers(d)).toEqual(['eth', 'ip', 'tcp']);
    expect(d.ends[2]! - d.starts[2]!).toBe(40 + 4); // the SYN's 40-byte header (with options) and 4 payload bytes
  });

  test('a data offset below 5 is malformed at tcp.hdr_len', () => {
    const bad = hex(`${ETH} ${IP} ${SYN}`);
    bad[14 + 20 + 12] = 0x40 | (bad[14 + 20 + 12]! & 0x0f);
    expect(decode(bad).issue).toMatchObject({ kind: 'malformed', layer: 'tcp', field: 'tcp.hdr_len', offset: 34 });
  });

  test('a header or its options cut short by the capture is truncated', () => {
    const b = hex(`${ETH} ${IP} ${SYN}`);
    expect(decode(b.subarray(0, 40), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'tcp', field: 'tcp.hdr_len', offset: 34 });
    expect(decode(b.subarray(0, 60), { len: b.length }).issue).toMatchObject({ kind: 'truncated', layer: 'tcp', field: 'tcp.options', offset: 34 });
  });
});
