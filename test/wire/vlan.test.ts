import { emitVlan, parseVlan, VLAN } from '../../src/wire/vlan';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

const ETH = '020000000102 020000000101';
/** 0x88b5 is IEEE's local experimental EtherType: valid, not decoded, so the walk ends in data. */
const PAYLOAD = '88b5 00112233';

describe('802.1Q and 802.1ad tags (IEEE 802.1Q §9.6)', () => {
  test('parse splits the TCI into PCP 3 bits, DEI 1 bit and VID 12 bits', () => {
    expect(parseVlan(hex('6064 0800'), 0)).toEqual({ priority: 3, dei: 0, id: 100, type: 0x0800 });
    expect(parseVlan(hex('1028 86dd'), 0)).toEqual({ priority: 0, dei: 1, id: 40, type: 0x86dd });
    expect(parseVlan(hex('ffff 0806'), 0)).toEqual({ priority: 7, dei: 1, id: 4095, type: 0x0806 });
  });

  test('emit round-trips what parse read, 4 bytes', () => {
    for (const tag of ['6064 0800', '1028 86dd', 'ffff 0806', '0000 05dc']) {
      const out = emitted((b, o) => emitVlan(parseVlan(hex(tag), 0), b, o));
      expect(out.length).toBe(VLAN.HEADER_LEN);
      expect(toHex(out)).toBe(toHex(hex(tag)));
    }
  });

  test('a C-tag yields vlan.priority, vlan.dei, vlan.id and vlan.etype', () => {
    const d = decode(`${ETH} 8100 6064 ${PAYLOAD}`);
    expect(fields(d)).toMatchObject({ 'eth.type': [0x8100], 'vlan.priority': [3], 'vlan.dei': [0], 'vlan.id': [100], 'vlan.etype': [0x88b5] });
    expect(d.protocols()).toBe('eth:ethertype:vlan:ethertype:data');
    expect(d.issue).toBeUndefined();
  });

  test('an S-tag (0x88a8) is ieee8021ad with id, priority and dei, and the C-tag after it is vlan', () => {
    const d = decode(`${ETH} 88a8 00c8 8100 0064 ${PAYLOAD}`);
    expect(layers(d)).toEqual(['eth', 'ieee8021ad', 'vlan', 'data']);
    expect(fields(d)).toMatchObject({ 'ieee8021ad.id': [200], 'ieee8021ad.priority': [0], 'ieee8021ad.dei': [0], 'vlan.id': [100], 'vlan.etype': [0x88b5] });
    // tshark shows no EtherType field for the S-tag.
    expect(fields(d)['ieee8021ad.etype']).toBeUndefined();
  });

  test('three tags give one ieee8021ad and two vlan occurrences, outer first', () => {
    const d = decode(`${ETH} 88a8 a12c 8100 001e 8100 1028 ${PAYLOAD}`);
    expect(fields(d)).toMatchObject({ 'ieee8021ad.id': [300], 'ieee8021ad.priority': [5], 'vlan.id': [30, 40], 'vlan.dei': [0, 1], 'vlan.etype': [0x8100, 0x88b5] });
  });

  test('the pre-802.1ad TPID 0x9100 is decoded as 802.1Q, as Wireshark does', () => {
    const d = decode(`${ETH} 9100 0064 8100 0065 ${PAYLOAD}`);
    expect(layers(d)).toEqual(['eth', 'vlan', 'vlan', 'data']);
    expect(fields(d)['vlan.id']).toEqual([100, 101]);
  });

  test('a tag whose type is 1500 or less carries an 802.3 length: vlan.len and an LLC layer', () => {
    const d = decode(`${ETH} 8100 0064 0003 424203 000000`);
    expect(fields(d)).toMatchObject({ 'vlan.len': [3] });
    expect(layers(d)).toEqual(['eth', 'vlan', 'llc']);
  });

  test('a tag cut short by the capture is truncated at the tag; inside a complete frame it is malformed', () => {
    const bytes = hex(`${ETH} 8100 00`);
    expect(decode(bytes, { len: 64 }).issue).toMatchObject({ kind: 'truncated', layer: 'vlan', field: 'vlan.id', offset: 14 });
    expect(decode(hex(`${ETH} 88a8 00`)).issue).toMatchObject({ kind: 'malformed', layer: 'ieee8021ad', field: 'ieee8021ad.id', offset: 14 });
  });
});
