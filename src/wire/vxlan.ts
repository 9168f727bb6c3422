import { LAYER, type DecodedFrame } from './decoded-frame';
import { MAX_TUNNEL_DEPTH } from './decoded-frame';
import { decodeEthernet } from './ethernet';
import { readU16, writeU16, type FieldSink } from './field-sink';

/**
 * VXLAN header (RFC 7348 §5) with the Group Based Policy extension
 * (draft-smith-vxlan-group-policy: G, D and A flags and a 16-bit group id in bytes 2-3).
 */
export const VXLAN = { FLAGS: 0, GROUP_POLICY_ID: 2, VNI: 4, HEADER_LEN: 8 } as const;
export const VXLAN_FLAG = { G: 0x8000, I: 0x0800, GPE_P: 0x0400, D: 0x0040, A: 0x0008 } as const;
/** IANA's 4789 and the Linux default 8472 (drivers/net/vxlan: IANA_VXLAN_UDP_PORT, the module's legacy port). */
export const VXLAN_PORTS = [4789, 8472] as const;

/** On every UDP frame: plain comparisons (a Set lookup here cost 10 % of decode time). */
export function isVxlanPort(port: number): boolean {
  return port === 4789 || port === 8472;
}

export interface VxlanHeader {
  readonly flags: number;
  /** The group policy id when the G flag is set, else undefined. */
  readonly groupPolicyId: number | undefined;
  readonly vni: number;
}

export function parseVxlan(b: Uint8Array, o: number): VxlanHeader {
  const flags = readU16(b, o + VXLAN.FLAGS);
  return {
    flags,
    groupPolicyId: flags & VXLAN_FLAG.G ? readU16(b, o + VXLAN.GROUP_POLICY_ID) : undefined,
    vni: (b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!,
  };
}

export function emitVxlan(h: VxlanHeader, b: Uint8Array, o: number): number {
  writeU16(b, o + VXLAN.FLAGS, h.flags);
  writeU16(b, o + VXLAN.GROUP_POLICY_ID, h.groupPolicyId ?? 0);
  b[o + 4] = h.vni >>> 16;
  b[o + 5] = (h.vni >>> 8) & 0xff;
  b[o + 6] = h.vni & 0xff;
  b[o + 7] = 0;
  return VXLAN.HEADER_LEN;
}

export function decodeVxlan(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  if (end <= o) return d.short('vxlan', 'vxlan.flags', o, VXLAN.HEADER_LEN, end);
  if (!d.push(LAYER.VXLAN, o, end)) return;
  // A cut-short header still shows the fields it has, as Wireshark does.
  if (end - o < VXLAN.HEADER_LEN) return d.short('vxlan', 'vxlan.vni', o, VXLAN.HEADER_LEN, end);
  if (d.tunnels >= MAX_TUNNEL_DEPTH) {
    return d.fail('unsupported', 'vxlan', 'vxlan.vni', o, `vxlan: more than ${MAX_TUNNEL_DEPTH} nested tunnels; decoding stopped`);
  }
  d.tunnels++;
  decodeEthernet(d, b, o + VXLAN.HEADER_LEN, end);
}

export function vxlanFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const have = d.ends[i]! - o;
  if (have < 2) return;
  const flags = readU16(b, o + VXLAN.FLAGS);
  sink('vxlan.flags', flags);
  sink('vxlan.flag_g', flags & VXLAN_FLAG.G ? 1 : 0);
  sink('vxlan.flag_i', flags & VXLAN_FLAG.I ? 1 : 0);
  sink('vxlan.flag_d', flags & VXLAN_FLAG.D ? 1 : 0);
  sink('vxlan.flag_a', flags & VXLAN_FLAG.A ? 1 : 0);
  // Wireshark shows bytes 2-3 as the group policy id whatever the G flag says; so do we,
  // to keep one vocabulary (VXLAN-GPE's next-protocol byte reads as a "gbp" there too).
  if (have >= 4) sink('vxlan.gbp', readU16(b, o + VXLAN.GROUP_POLICY_ID));
  if (have >= 7) sink('vxlan.vni', (b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!);
}
