import { LINKTYPE } from '../../src/capture/link-type';
import { emitSll, parseSll, SLL, SLL2 } from '../../src/wire/sll';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

/** An IPv4 header (192.0.2.1 > 198.51.100.7, protocol 253 "experimentation", RFC 3692) and 4 bytes. */
const IP = '4500 0018 0001 0000 40fd 8dac c0000201 c6336407 01020304';
// tcpdump.org LINKTYPE_LINUX_SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol.
const SLL1 = '0004 0001 0006 020000000101 0000 0800';
// LINKTYPE_LINUX_SLL2: protocol, reserved, ifindex, ARPHRD type, packet type, address length, 8 address bytes.
const SLL2_HEADER = '0800 0000 00000002 0001 00 06 020000000101 0000';

describe('Linux cooked captures: SLL (113) and SLL2 (276)', () => {
  test('parse reads an SLL header', () => {
    const h = parseSll(hex(SLL1), 0, 1);
    expect({ ...h, addr: toHex(h.addr) }).toEqual({ version: 1, pktType: 4, haType: 1, haLen: 6, addr: '0200000001010000', protocol: 0x0800, ifindex: 0 });
  });

  test('parse reads an SLL2 header, with its interface index', () => {
    const h = parseSll(hex(SLL2_HEADER), 0, 2);
    expect({ ...h, addr: toHex(h.addr) }).toEqual({ version: 2, pktType: 0, haType: 1, haLen: 6, addr: '0200000001010000', protocol: 0x0800, ifindex: 2 });
  });

  test('emit writes 16 (SLL) or 20 (SLL2) bytes and round-trips both', () => {
    const one = emitted((b, o) => emitSll(parseSll(hex(SLL1), 0, 1), b, o));
    expect(one.length).toBe(SLL.HEADER_LEN);
    expect(toHex(one)).toBe(toHex(hex(SLL1)));
    const two = emitted((b, o) => emitSll(parseSll(hex(SLL2_HEADER), 0, 2), b, o));
    expect(two.length).toBe(SLL2.HEADER_LEN);
    expect(toHex(two)).toBe(toHex(hex(SLL2_HEADER)));
  });

  test('SLL decodes to sll.pkttype, sll.hatype, sll.halen, sll.src.eth and sll.etype, then the network layer', () => {
    const d = decode(`${SLL1} ${IP}`, { linkType: LINKTYPE.LINUX_SLL });
    expect(fields(d)).toMatchObject({ 'sll.pkttype': [4], 'sll.hatype': [1], 'sll.halen': [6], 'sll.src.eth': ['02:00:00:00:01:01'], 'sll.etype': [0x0800], 'ip.src': ['192.0.2.1'] });
    expect(fields(d)['sll.ifindex']).toBeUndefined();
    expect(d.protocols()).toBe('sll:ethertype:ip:data');
    expect(d.issue).toBeUndefined();
  });

  test('SLL2 decodes the same fields plus sll.ifindex', () => {
    const d = decode(`${SLL2_HEADER} ${IP}`, { linkType: LINKTYPE.LINUX_SLL2 });
    expect(fields(d)).toMatchObject({ 'sll.pkttype': [0], 'sll.hatype': [1], 'sll.halen': [6], 'sll.src.eth': ['02:00:00:00:01:01'], 'sll.etype': [0x0800], 'sll.ifindex': [2] });
    expect(layers(d)).toEqual(['sll', 'ip', 'data']);
  });

  test('protocol 0x0004 (ETH_P_802_2) is an LLC payload, shown as sll.ltype', () => {
    const d = decode('0002 0001 0006 020000000101 0000 0004 424203 0000', { linkType: LINKTYPE.LINUX_SLL });
    expect(layers(d)).toEqual(['sll', 'llc']);
    expect(fields(d)['sll.ltype']).toEqual([4]);
  });

  test('an ARPHRD type whose address is not a MAC shows no sll.src.eth', () => {
    // ARPHRD_NONE (0xfffe), as on a tun device: no link-layer address.
    const d = decode(`0000 fffe 0000 0000000000000000 0800 ${IP}`, { linkType: LINKTYPE.LINUX_SLL });
    expect(fields(d)['sll.src.eth']).toBeUndefined();
    expect(fields(d)['ip.dst']).toEqual(['198.51.100.7']);
  });

  test('a header cut short is truncated at sll.etype', () => {
    expect(decode('0004 0001 0006 020000000101 0000 08', { linkType: LINKTYPE.LINUX_SLL, len: 60 }).issue).toMatchObject({ kind: 'truncated', layer: 'sll', field: 'sll.etype', offset: 0 });
    expect(decode('0800 0000 00000002 0001 00 06 0200000001', { linkType: LINKTYPE.LINUX_SLL2, len: 60 }).issue).toMatchObject({ kind: 'truncated', layer: 'sll' });
  });
});
