import { concat, ethernet, ipv4, ipv6, udp, vxlan } from '../../src/wire/frame-builder';
import { LINKTYPE } from '../../src/capture/link-type';
import { DecodedFrame, MAX_LAYERS, MAX_TUNNEL_DEPTH } from '../../src/wire/decoded-frame';
import { decodeBytes } from '../../src/wire/decode-frame';
import { IPPROTO } from '../../src/wire/ip-numbers';
import { VXLAN_FLAG } from '../../src/wire/vxlan';
import { decode, fields, layers } from './wire-helpers';

// Every walk over attacker-controlled nesting is bounded (DESIGN.md §3: decode never throws,
// costs a header walk): by the bytes, by MAX_LAYERS and by MAX_TUNNEL_DEPTH, never by the
// JavaScript stack. Where a bound is hit the frame says so with an `unsupported` issue.

const MAC_A = '02:00:00:00:00:01';
const MAC_B = '02:00:00:00:00:02';
const EXPERIMENTAL_ETHERTYPE = 0x88b5;

/** `n` destination options headers (RFC 8200 §4.6), each 8 bytes of PadN, the last with next header 59. */
function dstoptsChain(n: number): Uint8Array {
  const out = new Uint8Array(8 * n);
  for (let k = 0; k < n; k++) out.set([k === n - 1 ? IPPROTO.NONE : IPPROTO.DSTOPTS, 0, 1, 4, 0, 0, 0, 0], 8 * k);
  return out;
}

function ipv6WithChain(n: number): Uint8Array {
  return ethernet(MAC_B, MAC_A, 0x86dd, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IPPROTO.DSTOPTS }, dstoptsChain(n)));
}

function vlanStack(n: number): Uint8Array {
  const tags = new Uint8Array(4 * n);
  for (let k = 0; k < n; k++) {
    const type = k === n - 1 ? EXPERIMENTAL_ETHERTYPE : 0x8100;
    const id = (k % 4094) + 1;
    tags.set([id >> 8, id & 0xff, type >> 8, type & 0xff], 4 * k);
  }
  return ethernet(MAC_B, MAC_A, 0x8100, concat(tags, [0, 1, 2, 3]));
}

function nestedVxlan(depth: number): Uint8Array {
  let frame = ethernet(MAC_B, MAC_A, EXPERIMENTAL_ETHERTYPE, Uint8Array.of(1, 2, 3, 4), false);
  for (let k = depth; k >= 1; k--) {
    const payload = udp(50000, 4789, vxlan({ flags: VXLAN_FLAG.I, groupPolicyId: undefined, vni: k }, frame));
    frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: IPPROTO.UDP }, payload), false);
  }
  return frame;
}

function ipInIp(depth: number): Uint8Array {
  let packet = ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 253 }, Uint8Array.of(1, 2, 3, 4));
  for (let k = 1; k < depth; k++) packet = ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: IPPROTO.IPIP }, packet);
  return packet;
}

describe('bounded walks', () => {
  test('a 300-deep IPv6 extension header chain (RFC 8200 §4) is walked to its end without an issue', () => {
    const d = decode(ipv6WithChain(300));
    expect(d.count).toBe(2 + 300);
    expect(layers(d).filter((n) => n === 'ipv6.dstopts')).toHaveLength(300);
    expect(fields(d)['ipv6.dstopts.nxt']).toHaveLength(300);
    expect(d.issue).toBeUndefined();
  });

  test('a 2000-deep extension header chain stops at MAX_LAYERS with an unsupported issue', () => {
    const d = decode(ipv6WithChain(2000));
    expect(d.count).toBe(MAX_LAYERS);
    const firstNotDecoded = MAX_LAYERS - 2;
    expect(d.issue).toMatchObject({ kind: 'unsupported', layer: 'ipv6.dstopts', offset: 14 + 40 + 8 * firstNotDecoded });
  });

  test('2000 VLAN tags stop at MAX_LAYERS with an unsupported issue, without exhausting the stack', () => {
    const d = decode(vlanStack(2000));
    expect(d.count).toBe(MAX_LAYERS);
    expect(layers(d).slice(0, 3)).toEqual(['eth', 'vlan', 'vlan']);
    expect(d.issue).toMatchObject({ kind: 'unsupported', layer: 'vlan', offset: 14 + 4 * (MAX_LAYERS - 1) });
    expect(fields(d)['vlan.id']).toHaveLength(MAX_LAYERS - 1);
  });

  test(`20 nested VXLAN headers stop after ${MAX_TUNNEL_DEPTH} tunnels with an unsupported issue at vxlan.vni`, () => {
    const d = decode(nestedVxlan(20));
    const vnis = fields(d)['vxlan.vni'];
    expect(vnis).toEqual(Array.from({ length: MAX_TUNNEL_DEPTH + 1 }, (_, k) => k + 1));
    expect(d.issue).toMatchObject({ kind: 'unsupported', layer: 'vxlan', field: 'vxlan.vni' });
    expect(d.count).toBeLessThan(MAX_LAYERS);
  });

  test(`exactly ${MAX_TUNNEL_DEPTH} nested VXLAN headers decode completely`, () => {
    const d = decode(nestedVxlan(MAX_TUNNEL_DEPTH));
    expect(d.issue).toBeUndefined();
    expect(fields(d)['vxlan.vni']).toHaveLength(MAX_TUNNEL_DEPTH);
    expect(layers(d).at(-1)).toBe('data');
  });

  test('1500 levels of IP-in-IP (protocol 4) stop at MAX_LAYERS', () => {
    const d = decode(ipInIp(1500), { linkType: LINKTYPE.IPV4 });
    expect(d.count).toBe(MAX_LAYERS);
    expect(d.issue).toMatchObject({ kind: 'unsupported', layer: 'ip' });
  });

  test('a reused DecodedFrame decodes a small frame correctly after hitting a bound', () => {
    const d = new DecodedFrame();
    for (const frame of [vlanStack(2000), nestedVxlan(20)]) {
      decodeBytes(frame, 0, frame.length, frame.length, LINKTYPE.ETHERNET, d);
      expect(d.issue?.kind).toBe('unsupported');
    }
    const small = nestedVxlan(1);
    decodeBytes(small, 0, small.length, small.length, LINKTYPE.ETHERNET, d);
    expect(d.issue).toBeUndefined();
    expect(fields(d)['vxlan.vni']).toEqual([1]);
  });
});
