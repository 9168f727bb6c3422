import { internetChecksum } from '../../src/wire/checksum';
import { emitEthernet, ETH } from '../../src/wire/ethernet';
import { ETHERTYPE } from '../../src/wire/ethertype';
import { writeU16 } from '../../src/wire/field-sink';
import { IPPROTO } from '../../src/wire/ip-numbers';
import { emitIpv4, IPV4 } from '../../src/wire/ipv4';
import { emitUdp, UDP } from '../../src/wire/udp';
import { emitVxlan, VXLAN, VXLAN_FLAG } from '../../src/wire/vxlan';

/**
 * Frame templates for the synthetic captures. Millions of frames are made by emitting one
 * template per frame size with the project's own emitters, then patching a few bytes
 * (ports, IP id, VNI) per frame in place: the generator must not be the slow part of the
 * bench, and a template written by `emit*` is a frame the decoder must accept.
 */

/** Ethernet + IPv4 (no options) + UDP. */
export const UDP_FRAME_HEADER_LEN = ETH.HEADER_LEN + IPV4.MIN_HEADER_LEN + UDP.HEADER_LEN;
/** Outer Ethernet + IPv4 + UDP + VXLAN in front of the inner frame (RFC 7348 §5). */
export const VXLAN_OUTER_LEN = UDP_FRAME_HEADER_LEN + VXLAN.HEADER_LEN;
export const VXLAN_UDP_PORT = 4789;

/** Offsets, from the frame start, of the bytes the generator patches. */
export const AT = {
  IP: ETH.HEADER_LEN,
  UDP: ETH.HEADER_LEN + IPV4.MIN_HEADER_LEN,
  VXLAN: UDP_FRAME_HEADER_LEN,
  INNER: VXLAN_OUTER_LEN,
} as const;

interface Endpoints {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly srcIp: string;
  readonly dstIp: string;
}

export const HOSTS: Endpoints = { srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02', srcIp: '192.0.2.1', dstIp: '198.51.100.2' };
export const VTEPS: Endpoints = { srcMac: '02:00:00:00:0a:01', dstMac: '02:00:00:00:0a:02', srcIp: '203.0.113.1', dstIp: '203.0.113.2' };

/**
 * Ethernet/IPv4/UDP frame of exactly `size` bytes (no FCS), written at `o` in `b`.
 * The payload is a byte counter, so it is not all zeroes (which some dissectors treat
 * specially) and compresses nothing away.
 */
export function emitUdpFrame(b: Uint8Array, o: number, size: number, ep: Endpoints, srcPort: number, dstPort: number): void {
  if (size < UDP_FRAME_HEADER_LEN) throw new RangeError(`frame size ${size} < ${UDP_FRAME_HEADER_LEN}`);
  let p = o + emitEthernet({ dst: ep.dstMac, src: ep.srcMac, type: ETHERTYPE.IPV4 }, b, o);
  const ipLen = size - ETH.HEADER_LEN;
  p += emitIpv4(
    {
      version: 4,
      headerLength: IPV4.MIN_HEADER_LEN,
      dsfield: 0,
      totalLength: ipLen,
      id: 0,
      flags: 2, // DF
      fragOffset: 0,
      ttl: 64,
      protocol: IPPROTO.UDP,
      checksum: 0,
      src: ep.srcIp,
      dst: ep.dstIp,
      options: new Uint8Array(0),
    },
    b,
    p,
  );
  // Checksum 0: "no checksum" (RFC 768), valid for IPv4 and not re-verified per frame.
  p += emitUdp({ srcPort, dstPort, length: ipLen - IPV4.MIN_HEADER_LEN, checksum: 0 }, b, p);
  for (let i = 0; p < o + size; i++, p++) b[p] = i & 0xff;
}

/** A template Ethernet/IPv4/UDP frame of `size` bytes. */
export function udpTemplate(size: number): Uint8Array {
  const b = new Uint8Array(size);
  emitUdpFrame(b, 0, size, HOSTS, 1024, 1024);
  return b;
}

/** A template VXLAN frame whose inner Ethernet/IPv4/UDP frame is `innerSize` bytes. */
export function vxlanTemplate(innerSize: number): Uint8Array {
  const b = new Uint8Array(VXLAN_OUTER_LEN + innerSize);
  emitUdpFrame(b, 0, b.length, VTEPS, 49152, VXLAN_UDP_PORT);
  emitVxlan({ flags: VXLAN_FLAG.I, groupPolicyId: undefined, vni: 1 }, b, AT.VXLAN);
  emitUdpFrame(b, AT.INNER, innerSize, HOSTS, 1024, 1024);
  return b;
}

/** Sets the IPv4 id of the header at `ip` and recomputes its header checksum. */
export function patchIpv4Id(b: Uint8Array, ip: number, id: number): void {
  writeU16(b, ip + IPV4.ID, id);
  writeU16(b, ip + IPV4.CHECKSUM, 0);
  writeU16(b, ip + IPV4.CHECKSUM, internetChecksum(b, ip, ip + IPV4.MIN_HEADER_LEN));
}

export function patchUdpPorts(b: Uint8Array, udp: number, srcPort: number, dstPort: number): void {
  writeU16(b, udp + UDP.SRC_PORT, srcPort);
  writeU16(b, udp + UDP.DST_PORT, dstPort);
}

export function patchVni(b: Uint8Array, vxlan: number, vni: number): void {
  b[vxlan + VXLAN.VNI] = vni >>> 16;
  b[vxlan + VXLAN.VNI + 1] = (vni >>> 8) & 0xff;
  b[vxlan + VXLAN.VNI + 2] = vni & 0xff;
}
