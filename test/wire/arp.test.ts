import { ARP, emitArp, parseArp } from '../../src/wire/arp';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

// RFC 826 packet: hardware 1 (Ethernet), protocol 0x0800, sizes 6 and 4, opcode, then
// sender MAC/IP and target MAC/IP.
const REQUEST = '0001 0800 06 04 0001 020000000101 c0000201 000000000000 c00002fe';
const REPLY = '0001 0800 06 04 0002 0200000001fe c00002fe 020000000101 c0000201';
const ETH_BCAST = 'ffffffffffff 020000000101 0806';

describe('ARP (RFC 826)', () => {
  test('parse reads a request: who has 192.0.2.254, tell 192.0.2.1', () => {
    expect(parseArp(hex(REQUEST), 0)).toEqual({
      hwType: 1,
      protoType: 0x0800,
      opcode: 1,
      senderMac: '02:00:00:00:01:01',
      senderIp: '192.0.2.1',
      targetMac: '00:00:00:00:00:00',
      targetIp: '192.0.2.254',
    });
  });

  test('emit writes 28 bytes and round-trips requests and replies', () => {
    for (const packet of [REQUEST, REPLY]) {
      const out = emitted((b, o) => emitArp(parseArp(hex(packet), 0), b, o));
      expect(out.length).toBe(ARP.ETHER_IPV4_LEN);
      expect(toHex(out)).toBe(toHex(hex(packet)));
    }
  });

  test('decode yields the arp.* fields with addresses for Ethernet/IPv4, and stops before the Ethernet padding', () => {
    const d = decode(`ffffffffffff 0200000001fe 0806 ${REPLY} ${'00'.repeat(18)}`);
    expect(fields(d)).toMatchObject({
      'arp.hw.type': [1],
      'arp.proto.type': [0x0800],
      'arp.hw.size': [6],
      'arp.proto.size': [4],
      'arp.opcode': [2],
      'arp.src.hw_mac': ['02:00:00:00:01:fe'],
      'arp.src.proto_ipv4': ['192.0.2.254'],
      'arp.dst.hw_mac': ['02:00:00:00:01:01'],
      'arp.dst.proto_ipv4': ['192.0.2.1'],
    });
    expect(layers(d)).toEqual(['eth', 'arp']);
    expect(d.ends[1]! - d.starts[1]!).toBe(28);
  });

  test('RARP (EtherType 0x8035, RFC 903) is decoded with the ARP layout', () => {
    const d = decode(`ffffffffffff 020000000101 8035 0001 0800 06 04 0003 020000000101 00000000 020000000101 00000000`);
    expect(layers(d)).toEqual(['eth', 'arp']);
    expect(fields(d)['arp.opcode']).toEqual([3]);
  });

  test('ARP with other address sizes shows the fixed fields but no Ethernet/IPv4 addresses', () => {
    // An 8-byte hardware address (hlen 8, as EUI-64 would be) moves every address after it.
    const d = decode(`${ETH_BCAST} 0001 0800 08 04 0001 ${'11'.repeat(8)} c0000201 ${'00'.repeat(8)} c00002fe`);
    expect(fields(d)).toMatchObject({ 'arp.hw.size': [8], 'arp.opcode': [1] });
    expect(fields(d)['arp.src.hw_mac']).toBeUndefined();
  });

  test('an ARP packet cut short is truncated at arp.opcode, or at the addresses once the sizes are known', () => {
    expect(decode(`${ETH_BCAST} 0001 0800 06`, { len: 60 }).issue).toMatchObject({ kind: 'truncated', layer: 'arp', field: 'arp.opcode', offset: 14 });
    expect(decode(`${ETH_BCAST} 0001 0800 06 04 0001 020000000101`, { len: 60 }).issue).toMatchObject({ kind: 'truncated', layer: 'arp', field: 'arp.src.hw', offset: 14 });
    expect(decode(`${ETH_BCAST} 0001 0800 06 04 0001 020000000101`).issue?.kind).toBe('malformed');
  });
});
