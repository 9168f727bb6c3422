import { emitEthernet, ETH, parseEthernet } from '../../src/wire/ethernet';
import { decode, emitted, fields, hex, layers, toHex } from './wire-helpers';

// An ARP request's Ethernet header, upper-case hex on purpose: fields print lower-case.
const HEADER = 'FFFFFFFFFFFF 0200000001AB 0806';

describe('Ethernet II and 802.3 (IEEE 802.3 §3.1.1)', () => {
  test('parse reads destination, source and EtherType', () => {
    expect(parseEthernet(hex(HEADER), 0)).toEqual({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:01:ab', type: 0x0806 });
  });

  test('emit writes the 14 header bytes and round-trips what parse read', () => {
    const bytes = hex(HEADER);
    const out = emitted((b, o) => emitEthernet(parseEthernet(bytes, 0), b, o));
    expect(out.length).toBe(ETH.HEADER_LEN);
    expect(toHex(out)).toBe(toHex(bytes));
  });

  test('emit writes at the offset it is given and nowhere else', () => {
    const b = new Uint8Array(20).fill(0xee);
    emitEthernet({ dst: '01:02:03:04:05:06', src: '0a:0b:0c:0d:0e:0f', type: 0x86dd }, b, 3);
    expect(toHex(b)).toBe('eeeeee' + '010203040506' + '0a0b0c0d0e0f' + '86dd' + 'eeeeee');
  });

  test('decode yields eth.dst, eth.src as lower-case colon MACs and eth.type as a number', () => {
    const d = decode(`${HEADER} 0001 0800 0604 0001 0200000001ab c0000201 000000000000 c00002fe`);
    expect(fields(d)).toMatchObject({ 'eth.dst': ['ff:ff:ff:ff:ff:ff'], 'eth.src': ['02:00:00:00:01:ab'], 'eth.type': [2054] });
    expect(d.protocols()).toBe('eth:ethertype:arp');
    expect(d.issue).toBeUndefined();
  });

  test('an EtherType of 1500 or less is an 802.3 length: eth.len, and the LLC payload ends where the length says', () => {
    // 802.3 frame, length 3 (an LLC header only), padded to 60 bytes (IEEE 802.3 §3.2.6).
    const frame = hex(`0180c2000000 020000000101 0003 424203 ${'00'.repeat(43)}`);
    const d = decode(frame);
    expect(fields(d)).toMatchObject({ 'eth.len': [3] });
    expect(fields(d)['eth.type']).toBeUndefined();
    expect(layers(d)).toEqual(['eth', 'llc']);
    expect(d.ends[1]! - d.starts[1]!).toBe(3);
    expect(d.protocols()).toBe('eth:llc');
  });

  test('an EtherType the decoder does not know survives as eth.type and a data layer, with no issue', () => {
    // LLDP (0x88cc) is not decoded: the frame is valid, just not ours.
    const d = decode(`0180c200000e 020000000101 88cc 0207 0402000000000101`);
    expect(fields(d)['eth.type']).toEqual([0x88cc]);
    expect(layers(d)).toEqual(['eth', 'data']);
    expect(d.issue).toBeUndefined();
  });

  test('a header cut short by the capture is truncated; the same bytes as a whole frame are malformed', () => {
    const short = hex('ffffffffffff 0200000001ab 08');
    const snapped = decode(short, { len: 60 });
    expect(snapped.issue).toMatchObject({ kind: 'truncated', layer: 'eth', field: 'eth.type', offset: 0 });
    const whole = decode(short);
    expect(whole.issue).toMatchObject({ kind: 'malformed', layer: 'eth', field: 'eth.type', offset: 0 });
    expect(decode(short.subarray(0, 8), { len: 60 }).issue).toMatchObject({ kind: 'truncated', field: 'eth.src' });
  });

  test('an empty frame decodes to no layers and a truncated issue when something was on the wire', () => {
    const d = decode(new Uint8Array(0), { len: 64 });
    expect(d.count).toBe(0);
    expect(d.issue?.kind).toBe('truncated');
  });
});
