import { LINKTYPE } from '../../src/capture/link-type';
import { DecodedFrame } from '../../src/wire/decoded-frame';
import { decodeBytes } from '../../src/wire/decode-frame';
import { nullFamily } from '../../src/wire/null-loop';
import { decode, fields, hex, layers } from './wire-helpers';

/** IPv4 192.0.2.1 > 198.51.100.7, protocol 253 (RFC 3692 experimentation), 4 bytes of data. */
const IP4 = '4500 0018 0001 0000 40fd 8dac c0000201 c6336407 01020304';
/** IPv6 2001:db8:1::1 > 2001:db8:2::7, no next header (59). */
const IP6 = '6000 0000 0000 3b 40 20010db8000100000000000000000001 20010db8000200000000000000000007';

describe('link types without Ethernet (tcpdump.org LINKTYPE_* registry)', () => {
  test('raw IP (101) picks IPv4 or IPv6 by the version nibble, behind a "raw" step as tshark shows', () => {
    expect(decode(IP4, { linkType: LINKTYPE.RAW }).protocols()).toBe('raw:ip:data');
    expect(decode(IP6, { linkType: LINKTYPE.RAW }).protocols()).toBe('raw:ipv6');
  });

  test("DLT_RAW as BSD wrote it (12; 14 on OpenBSD and BSD/OS) is raw IP too, as Wireshark's pcap_to_wtap_map reads it", () => {
    for (const linkType of [LINKTYPE.DLT_RAW, LINKTYPE.DLT_RAW_OPENBSD]) {
      expect(decode(IP4, { linkType }).protocols()).toBe('raw:ip:data');
      expect(decode(IP6, { linkType }).protocols()).toBe('raw:ipv6');
    }
  });

  test('raw IP with a version other than 4 or 6 is malformed at ip.version, and an empty one truncated', () => {
    const d = decode('5500 0018 0001', { linkType: LINKTYPE.RAW });
    expect(d.issue).toMatchObject({ kind: 'malformed', layer: 'ip', field: 'ip.version', offset: 0 });
    expect(layers(d)).toEqual(['raw', 'data']);
    expect(decode(new Uint8Array(0), { linkType: LINKTYPE.RAW, len: 20 }).issue).toMatchObject({ kind: 'truncated', field: 'ip.version' });
  });

  test('LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) start directly at the IP header', () => {
    const v4 = decode(IP4, { linkType: LINKTYPE.IPV4 });
    expect(v4.protocols()).toBe('ip:data');
    expect(fields(v4)['ip.dst']).toEqual(['198.51.100.7']);
    expect(decode(IP6, { linkType: LINKTYPE.IPV6 }).protocols()).toBe('ipv6');
  });

  test('LINKTYPE_IPV4 carrying IPv6 is malformed at ip.version', () => {
    expect(decode(IP6, { linkType: LINKTYPE.IPV4 }).issue).toMatchObject({ kind: 'malformed', field: 'ip.version' });
  });

  test('NULL (0) reads the address family in the writer byte order; null.family 2 is IPv4', () => {
    const le = decode(`02000000 ${IP4}`, { linkType: LINKTYPE.NULL });
    expect(fields(le)['null.family']).toEqual([2]);
    expect(le.protocols()).toBe('null:ip:data');
    // A big-endian writer's header reads the same.
    expect(fields(decode(`00000002 ${IP4}`, { linkType: LINKTYPE.NULL }))['null.family']).toEqual([2]);
  });

  test.each([24, 28, 30])('NULL family %i (the BSDs and Darwin) is IPv6', (family) => {
    const b = hex(`00000000 ${IP6}`);
    b[0] = family;
    const d = decode(b, { linkType: LINKTYPE.NULL });
    expect(layers(d)).toEqual(['null', 'ipv6']);
    expect(fields(d)['null.family']).toEqual([family]);
  });

  test('LOOP (108) reads the family in network byte order', () => {
    expect(decode(`00000002 ${IP4}`, { linkType: LINKTYPE.LOOP }).protocols()).toBe('null:ip:data');
    expect(decode(`00000018 ${IP6}`, { linkType: LINKTYPE.LOOP }).protocols()).toBe('null:ipv6');
    expect(nullFamily(hex('02000000'), 0, true)).toBe(0x02000000);
  });

  test('an unknown address family is a data layer without an issue', () => {
    const d = decode(`07000000 ${IP4}`, { linkType: LINKTYPE.NULL });
    expect(layers(d)).toEqual(['null', 'data']);
    expect(d.issue).toBeUndefined();
  });

  test('a NULL header cut short is truncated at null.family', () => {
    expect(decode('020000', { linkType: LINKTYPE.NULL, len: 40 }).issue).toMatchObject({ kind: 'truncated', layer: 'null', field: 'null.family' });
  });

  test('Frame Relay (107) reaches IP through RFC 2427 NLPIDs and Cisco EtherTypes', () => {
    expect(decode(`1841 03 cc ${IP4}`, { linkType: LINKTYPE.FRELAY }).protocols()).toBe('fr:ip:data');
    expect(decode(`1841 03 8e ${IP6}`, { linkType: LINKTYPE.FRELAY }).protocols()).toBe('fr:ipv6');
    expect(decode(`1841 0800 ${IP4}`, { linkType: LINKTYPE.FRELAY }).protocols()).toBe('fr:ip:data');
  });

  test('a link type the decoder does not know keeps its bytes as data and is unsupported', () => {
    const d = decode('0102030405', { linkType: 147 });
    expect(layers(d)).toEqual(['data']);
    expect(d.issue).toMatchObject({ kind: 'unsupported', layer: 'frame', field: 'frame.linktype', offset: 0 });
    expect(d.issue?.message).toContain('147');
  });

  test('issue offsets count from the frame start, wherever the frame sits in the buffer', () => {
    const frame = hex(`ffffffffffff 020000000101 0800 4500`);
    const buf = new Uint8Array(100).fill(0xaa);
    buf.set(frame, 37);
    const d = decodeBytes(buf, 37, frame.length, 64, LINKTYPE.ETHERNET, new DecodedFrame());
    expect(d.issue).toMatchObject({ kind: 'truncated', layer: 'ip', offset: 14 });
    expect(d.starts[0]).toBe(37);
  });

  test('a reused DecodedFrame forgets the previous frame: layers, issue and tunnel depth', () => {
    const d = new DecodedFrame();
    const bad = hex('5500');
    decodeBytes(bad, 0, bad.length, bad.length, LINKTYPE.RAW, d);
    expect(d.issue).toBeDefined();
    const good = hex(IP4);
    decodeBytes(good, 0, good.length, good.length, LINKTYPE.IPV4, d);
    expect(d.issue).toBeUndefined();
    expect(d.protocols()).toBe('ip:data');
    expect(d.tunnels).toBe(0);
  });
});
