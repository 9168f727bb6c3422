/**
 * Crafts the project's own small decode captures into pcaps/decode/ (or the directory given
 * as the first argument): `npm run pcaps`.
 *
 * Every frame is built from the project's `emit*` functions (scripts/capture/frame-builder.ts)
 * with fixed addresses and timestamps and no randomness, so running this twice gives the
 * same bytes; test/wire/crafted-pcaps.test.ts regenerates them into a temporary directory
 * and fails when the committed files differ. pcaps/README.md is the recipe for each file.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LINKTYPE } from '../../src/capture/link-type';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { PcapngWriter, type PcapngInterfaceSpec } from '../../src/capture/pcapng-writer';
import { ARP_OP } from '../../src/wire/arp';
import { writeU16 } from '../../src/wire/field-sink';
import { ICMP_TYPE } from '../../src/wire/icmp';
import { ICMPV6_TYPE } from '../../src/wire/icmpv6';
import { IPV4 } from '../../src/wire/ipv4';
import { TCP_FLAG } from '../../src/wire/tcp';
import { VRRP } from '../../src/wire/vrrp';
import { VXLAN_FLAG } from '../../src/wire/vxlan';
import {
  arp,
  ascii,
  concat,
  echoIdSeq,
  ETHERTYPE,
  ethernet,
  hex,
  icmp,
  icmpv6,
  IPPROTO,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  ipv6SegmentRouting,
  mac,
  ndLinkLayerOption,
  nullHeader,
  sll,
  taggedEthernet,
  tcp,
  udp,
  vrrpPacket,
  vxlan,
  type Pseudo,
} from '../../src/wire/frame-builder';

export interface CraftedFrame {
  /** What the frame is and why it is there (printed by the script, copied to the README). */
  readonly note: string;
  readonly data: Uint8Array;
  /** Original length when the frame is stored cut short (caplen < len). */
  readonly len?: number;
  /**
   * Damage on purpose: the tshark expert warning or error this frame must raise (a part of
   * its text). Every other frame must raise none (scripts/capture/check-pcaps.ts).
   */
  readonly tsharkExpert?: string;
  /** pcapng only: interface id, `epb_flags` and `opt_comment`. */
  readonly iface?: number;
  readonly flags?: number;
  readonly comment?: string;
}

export interface CraftedCapture {
  /** File name under the output directory. */
  readonly name: string;
  readonly format: 'pcap' | 'pcapng';
  /** pcap: the file's link type. */
  readonly linkType?: number;
  /** pcapng: the interfaces, in id order. */
  readonly interfaces?: readonly PcapngInterfaceSpec[];
  readonly frames: readonly CraftedFrame[];
}

/** 2023-11-14T22:13:20Z. Frame k of every file is stamped T0 + k seconds (+ k ms, or k ms + k ns in pcapng). */
export const T0 = 1_700_000_000;

// Addresses are from the documentation ranges (RFC 5737, RFC 3849) and locally
// administered MACs, except the VRRP virtual router MACs, which RFC 5798 §7.3 fixes.
const HOST_A = { mac: '02:00:00:00:01:01', ip: '192.0.2.1', ip6: '2001:db8:1::1' } as const;
const HOST_B = { mac: '02:00:00:00:01:02', ip: '192.0.2.2', ip6: '2001:db8:1::2' } as const;
const ROUTER_LAN = { mac: '02:00:00:00:01:fe', ip: '192.0.2.254', ip6: '2001:db8:1::fe' } as const;
const ROUTER_WAN = { mac: '02:00:00:00:02:fe', ip: '198.51.100.254' } as const;
const SERVER = { mac: '02:00:00:00:02:07', ip: '198.51.100.7', ip6: '2001:db8:2::7' } as const;
const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const ZERO_MAC = '00:00:00:00:00:00';

// ---------------------------------------------------------------------------------------
// Building blocks shared by the recipes.

function v4(src: string, dst: string): Pseudo {
  return { src, dst };
}

/** An IPv4/UDP packet with a correct UDP checksum. */
export function ipv4Udp(src: string, dst: string, sport: number, dport: number, payload: Uint8Array, ttl = 64, id = 0x1000): Uint8Array {
  return ipv4({ src, dst, protocol: IPPROTO.UDP, ttl, id }, udp(sport, dport, payload, v4(src, dst)));
}

export function ipv6Udp(src: string, dst: string, sport: number, dport: number, payload: Uint8Array, hopLimit = 64): Uint8Array {
  return ipv6({ src, dst, nextHeader: IPPROTO.UDP, hopLimit }, udp(sport, dport, payload, { src, dst }));
}

const PING_DATA = ascii('pcapverdict ping 0123456789abcdef');

export function ping4(src: string, dst: string, type: number, seq: number, ttl = 64, id = 0x2000 + seq): Uint8Array {
  return ipv4({ src, dst, protocol: IPPROTO.ICMP, ttl, id }, icmp(type, 0, echoIdSeq(0x1234, seq), PING_DATA));
}

export function ping6(src: string, dst: string, type: number, seq: number, hopLimit = 64): Uint8Array {
  const body = concat([0x12, 0x34, seq >>> 8, seq & 0xff], PING_DATA);
  return ipv6({ src, dst, nextHeader: IPPROTO.ICMPV6, hopLimit }, icmpv6(type, 0, body, { src, dst }));
}

/** Flips bits of the 16-bit checksum at `at`, so it is certainly wrong. */
export function breakChecksum(packet: Uint8Array, at: number): Uint8Array {
  const out = packet.slice();
  writeU16(out, at, ((out[at]! << 8) | out[at + 1]!) ^ 0x5a5a);
  return out;
}

export function arpFrame(op: number, from: { mac: string; ip: string }, to: { mac: string; ip: string }): Uint8Array {
  const request = op === ARP_OP.REQUEST;
  return ethernet(
    request ? BROADCAST : to.mac,
    from.mac,
    ETHERTYPE.ARP,
    arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: op, senderMac: from.mac, senderIp: from.ip, targetMac: request ? ZERO_MAC : to.mac, targetIp: to.ip }),
  );
}

/** A TCP SYN (or SYN-ACK) with the options Linux sends: MSS, SACK permitted, timestamps, NOP, window scale (RFC 9293 §3.2, RFC 7323, RFC 2018). */
function tcpSyn(src: string, dst: string, sport: number, dport: number, seq: number, ack: number): Uint8Array {
  // The answer's TSval is its own clock; its TSecr echoes the SYN's TSval (RFC 7323 §3.2).
  const options = ack === 0 ? hex('020405b4 0402 080a 0001e240 00000000 01 030307') : hex('020405b4 0402 080a 0009fbf1 0001e240 01 030307');
  const flags = ack === 0 ? TCP_FLAG.SYN : TCP_FLAG.SYN | TCP_FLAG.ACK;
  const seg = tcp({ srcPort: sport, dstPort: dport, seq, ack, flags, window: 64240, urgent: 0, options }, new Uint8Array(0), { src, dst });
  return ipv4({ src, dst, protocol: IPPROTO.TCP, id: 0x3000 }, seg);
}

/** An STP configuration BPDU (IEEE 802.1D §9.3.1) behind LLC 42 42 03, as an 802.3 frame with a length. */
function stpBpdu(src: string): Uint8Array {
  const bridge = concat([0x80, 0x00], mac(src));
  const bpdu = concat([0, 0, 0, 0, 0], bridge, [0, 0, 0, 0], bridge, [0x80, 0x01, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x0f, 0x00]);
  const llc = concat([0x42, 0x42, 0x03], bpdu);
  return ethernet('01:80:c2:00:00:00', src, llc.length, llc);
}

// ---------------------------------------------------------------------------------------
// The captures.

function ethernetIp(): CraftedCapture {
  const udpPayload = ascii('pcapverdict udp payload');
  const udpPacket = ipv4Udp(HOST_A.ip, SERVER.ip, 50000, 50001, udpPayload);

  // IPv4 options (RFC 791 §3.1): Router Alert (RFC 2113) and Record Route with one slot
  // filled, then End of Option List to reach a multiple of 4 bytes (IHL 9).
  const options = hex('94040000 | 070b08 c0000201 00000000 | 00');

  // One UDP datagram of 8 + 40 bytes in two IPv4 fragments: 24 bytes at offset 0 (MF),
  // 24 bytes at offset 3 (8-byte units, RFC 791 §3.2).
  const datagram = udp(50002, 50003, ascii('fragmented datagram: forty bytes of data!').subarray(0, 40), v4(HOST_A.ip, SERVER.ip));
  const frag = (offset: number, more: boolean): Uint8Array =>
    ipv4({ src: HOST_A.ip, dst: SERVER.ip, protocol: IPPROTO.UDP, id: 0x4242, flags: more ? 1 : 0, fragOffset: offset }, datagram.subarray(offset * 8, offset * 8 + 24));

  // The same idea in IPv6: a fragment header per fragment (RFC 8200 §4.5).
  const a6 = HOST_A.ip6;
  const s6 = SERVER.ip6;
  const datagram6 = udp(50004, 50005, ascii('IPv6 fragments: forty bytes of payload!!'), { src: a6, dst: s6 });
  const frag6 = (offset: number, more: boolean): Uint8Array =>
    ipv6({ src: a6, dst: s6, nextHeader: IPPROTO.FRAGMENT }, concat(ipv6Fragment(IPPROTO.UDP, offset, more, 0xcafe0001), datagram6.subarray(offset * 8, offset * 8 + 24)));

  // Every extension header of RFC 8200 §4.1, in its recommended order: hop-by-hop, routing
  // (a segment routing header whose only segment is the destination), an atomic fragment
  // header (offset 0, M 0, RFC 6946) and destination options, then UDP.
  const chain = concat(
    ipv6Options(IPPROTO.ROUTING),
    ipv6SegmentRouting(IPPROTO.FRAGMENT, [s6], 0),
    ipv6Fragment(IPPROTO.DSTOPTS, 0, false, 0xcafe0002),
    ipv6Options(IPPROTO.UDP),
    udp(50006, 50007, ascii('behind four extension headers'), { src: a6, dst: s6 }),
  );

  // ICMP errors quote the packet that caused them: IPv4 with the header and first 8 bytes
  // (RFC 792), IPv6 with as much as fits (RFC 4443 §3.1).
  const quoted4 = udpPacket.subarray(0, 28);
  const invoking6 = ipv6Udp(a6, s6, 50008, 33434, ascii('traceroute-ish probe'));

  const nsTarget = HOST_B.ip6;
  const ns = concat([0, 0, 0, 0], hex('20010db8000100000000000000000002'), ndLinkLayerOption(1, mac(HOST_A.mac)));
  const na = concat([0x60, 0, 0, 0], hex('20010db8000100000000000000000002'), ndLinkLayerOption(2, mac(HOST_B.mac)));

  return {
    name: 'ethernet-ip.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'Ethernet II, IPv4, UDP 50000 > 50001 with a correct checksum', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV4, udpPacket) },
      { note: '802.3 frame with a length (38) and LLC 42 42 03: an STP configuration BPDU', data: stpBpdu(HOST_A.mac) },
      {
        note: '802.1Q VLAN 100 (PCP 3), IPv4, ICMP echo request',
        data: taggedEthernet(ROUTER_LAN.mac, HOST_A.mac, [{ tpid: ETHERTYPE.VLAN, priority: 3, dei: 0, id: 100 }], ETHERTYPE.IPV4, ping4(HOST_A.ip, ROUTER_LAN.ip, ICMP_TYPE.ECHO_REQUEST, 1)),
      },
      {
        note: '802.1ad S-tag 200 + 802.1Q C-tag 100 (QinQ), IPv4, UDP',
        data: taggedEthernet(
          SERVER.mac,
          HOST_A.mac,
          [
            { tpid: ETHERTYPE.QINQ, priority: 0, dei: 0, id: 200 },
            { tpid: ETHERTYPE.VLAN, priority: 0, dei: 0, id: 100 },
          ],
          ETHERTYPE.IPV4,
          ipv4Udp(HOST_A.ip, SERVER.ip, 50010, 50011, ascii('qinq')),
        ),
      },
      {
        note: 'three tags: 802.1ad S-tag 300 (PCP 5), 802.1Q 30, 802.1Q 40 (DEI 1), IPv4, UDP',
        data: taggedEthernet(
          SERVER.mac,
          HOST_A.mac,
          [
            { tpid: ETHERTYPE.QINQ, priority: 5, dei: 0, id: 300 },
            { tpid: ETHERTYPE.VLAN, priority: 0, dei: 0, id: 30 },
            { tpid: ETHERTYPE.VLAN, priority: 0, dei: 1, id: 40 },
          ],
          ETHERTYPE.IPV4,
          ipv4Udp(HOST_A.ip, SERVER.ip, 50012, 50013, ascii('three tags')),
        ),
      },
      { note: 'ARP request: who has 192.0.2.254? tell 192.0.2.1 (broadcast, padded to 60 bytes)', data: arpFrame(ARP_OP.REQUEST, HOST_A, ROUTER_LAN) },
      { note: 'ARP reply: 192.0.2.254 is at 02:00:00:00:01:fe', data: arpFrame(ARP_OP.REPLY, ROUTER_LAN, HOST_A) },
      {
        note: 'IPv4 with options (Router Alert, Record Route, EOL; header length 36), ICMP echo request',
        data: ethernet(
          ROUTER_LAN.mac,
          HOST_A.mac,
          ETHERTYPE.IPV4,
          ipv4({ src: HOST_A.ip, dst: ROUTER_LAN.ip, protocol: IPPROTO.ICMP, id: 0x2100, options }, icmp(ICMP_TYPE.ECHO_REQUEST, 0, echoIdSeq(0x1234, 2), PING_DATA)),
        ),
      },
      {
        note: 'IPv4 with a bad header checksum (intended), UDP',
        tsharkExpert: 'Bad checksum',
        data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV4, breakChecksum(ipv4Udp(HOST_A.ip, SERVER.ip, 50014, 50015, ascii('bad ip checksum')), IPV4.CHECKSUM)),
      },
      { note: 'IPv4 first fragment (id 0x4242, MF, offset 0): UDP header and 16 bytes', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV4, frag(0, true)) },
      { note: 'IPv4 last fragment (id 0x4242, offset 3 = 24 bytes): 24 bytes of UDP payload', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV4, frag(3, false)) },
      { note: 'ICMP echo reply 192.0.2.254 > 192.0.2.1', data: ethernet(HOST_A.mac, ROUTER_LAN.mac, ETHERTYPE.IPV4, ping4(ROUTER_LAN.ip, HOST_A.ip, ICMP_TYPE.ECHO_REPLY, 2)) },
      {
        note: 'ICMP destination unreachable (port unreachable) quoting the IPv4 header and UDP header of frame 1',
        data: ethernet(HOST_A.mac, SERVER.mac, ETHERTYPE.IPV4, ipv4({ src: SERVER.ip, dst: HOST_A.ip, protocol: IPPROTO.ICMP, id: 0x2200 }, icmp(ICMP_TYPE.DEST_UNREACH, 3, 0, quoted4))),
      },
      {
        note: 'IPv6 with hop-by-hop, routing (SRH), fragment (atomic) and destination options headers, UDP',
        data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV6, ipv6({ src: a6, dst: s6, nextHeader: IPPROTO.HOPOPTS }, chain)),
      },
      { note: 'IPv6 first fragment (ident 0xcafe0001, M, offset 0): UDP header and 16 bytes', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV6, frag6(0, true)) },
      { note: 'IPv6 last fragment (ident 0xcafe0001, offset 3): 24 bytes of UDP payload', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV6, frag6(3, false)) },
      { note: 'ICMPv6 echo request 2001:db8:1::1 > 2001:db8:2::7', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV6, ping6(a6, s6, ICMPV6_TYPE.ECHO_REQUEST, 1)) },
      { note: 'ICMPv6 echo reply 2001:db8:2::7 > 2001:db8:1::1', data: ethernet(HOST_A.mac, SERVER.mac, ETHERTYPE.IPV6, ping6(s6, a6, ICMPV6_TYPE.ECHO_REPLY, 1)) },
      {
        note: 'ICMPv6 neighbor solicitation for 2001:db8:1::2 to its solicited-node group, with a source link-layer address option',
        data: ethernet(
          '33:33:ff:00:00:02',
          HOST_A.mac,
          ETHERTYPE.IPV6,
          ipv6({ src: a6, dst: 'ff02::1:ff00:2', nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(ICMPV6_TYPE.NEIGHBOR_SOLICIT, 0, ns, { src: a6, dst: 'ff02::1:ff00:2' })),
        ),
      },
      {
        note: 'ICMPv6 neighbor advertisement (S, O) for target 2001:db8:1::2, with a target link-layer address option',
        data: ethernet(
          HOST_A.mac,
          HOST_B.mac,
          ETHERTYPE.IPV6,
          ipv6({ src: nsTarget, dst: a6, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(ICMPV6_TYPE.NEIGHBOR_ADVERT, 0, na, { src: nsTarget, dst: a6 })),
        ),
      },
      {
        note: 'ICMPv6 destination unreachable (port unreachable) quoting a whole IPv6/UDP packet',
        data: ethernet(
          HOST_A.mac,
          SERVER.mac,
          ETHERTYPE.IPV6,
          ipv6({ src: s6, dst: a6, nextHeader: IPPROTO.ICMPV6 }, icmpv6(ICMPV6_TYPE.DEST_UNREACH, 4, concat([0, 0, 0, 0], invoking6), { src: s6, dst: a6 })),
        ),
      },
      { note: 'TCP SYN 40000 > 179 with options MSS, SACK permitted, timestamps, NOP, window scale', data: ethernet(SERVER.mac, HOST_A.mac, ETHERTYPE.IPV4, tcpSyn(HOST_A.ip, SERVER.ip, 40000, 179, 0x11223344, 0)) },
      { note: 'TCP SYN-ACK 179 > 40000 with the same options', data: ethernet(HOST_A.mac, SERVER.mac, ETHERTYPE.IPV4, tcpSyn(SERVER.ip, HOST_A.ip, 179, 40000, 0x55667788, 0x11223345)) },
    ],
  };
}

function vrrp(): CraftedCapture {
  const v2 = { version: 2, type: 1, vrid: 10, priority: 100, interval: 1, authType: 0, checksum: 0, addresses: ['192.0.2.254', '192.0.2.253'] };
  const v2Packet = vrrpPacket({ src: HOST_B.ip, dst: '224.0.0.18' }, v2);
  const badV2 = breakChecksum(vrrpPacket({ src: HOST_B.ip, dst: '224.0.0.18' }, { ...v2, priority: 120 }), 20 + VRRP.CHECKSUM);
  return {
    name: 'vrrp.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'VRRPv2 advertisement (RFC 3768): VRID 10, priority 100, auth type 0, interval 1 s, 2 addresses, to 224.0.0.18, TTL 255', data: ethernet('01:00:5e:00:00:12', '00:00:5e:00:01:0a', ETHERTYPE.IPV4, v2Packet) },
      {
        note: 'VRRPv3 over IPv4 (RFC 5798): VRID 20, priority 150, interval 100 cs, 1 address, pseudo-header checksum',
        data: ethernet(
          '01:00:5e:00:00:12',
          '00:00:5e:00:01:14',
          ETHERTYPE.IPV4,
          vrrpPacket({ src: '198.51.100.2', dst: '224.0.0.18' }, { version: 3, type: 1, vrid: 20, priority: 150, interval: 100, authType: 0, checksum: 0, addresses: ['198.51.100.254'] }),
        ),
      },
      {
        note: 'VRRPv3 over IPv6: VRID 30, priority 200, interval 100 cs, addresses fe80::1 and 2001:db8:1::1, to ff02::12, hop limit 255',
        data: ethernet(
          '33:33:00:00:00:12',
          '00:00:5e:00:02:1e',
          ETHERTYPE.IPV6,
          vrrpPacket({ src: 'fe80::2', dst: 'ff02::12' }, { version: 3, type: 1, vrid: 30, priority: 200, interval: 100, authType: 0, checksum: 0, addresses: ['fe80::1', '2001:db8:1::1'] }),
        ),
      },
      { note: 'VRRPv2 advertisement with a bad checksum (intended): VRID 10, priority 120', tsharkExpert: 'Bad checksum', data: ethernet('01:00:5e:00:00:12', '00:00:5e:00:01:0a', ETHERTYPE.IPV4, badV2) },
      {
        note: 'VRRPv3 over IPv4 on 802.1Q VLAN 10: VRID 40, priority 0 (the master resigns, RFC 5798 §6.4.3)',
        data: taggedEthernet(
          '01:00:5e:00:00:12',
          '00:00:5e:00:01:28',
          [{ tpid: ETHERTYPE.VLAN, priority: 6, dei: 0, id: 10 }],
          ETHERTYPE.IPV4,
          vrrpPacket({ src: '198.51.100.3', dst: '224.0.0.18' }, { version: 3, type: 1, vrid: 40, priority: 0, interval: 100, authType: 0, checksum: 0, addresses: ['198.51.100.253'] }),
        ),
      },
    ],
  };
}

function vxlanCapture(): CraftedCapture {
  const VTEP1 = { mac: '02:00:00:00:aa:01', ip: '203.0.113.1', ip6: '2001:db8:ff::1' } as const;
  const VTEP2 = { mac: '02:00:00:00:aa:02', ip: '203.0.113.2', ip6: '2001:db8:ff::2' } as const;
  const VM1 = { mac: '02:00:00:00:0a:01', ip: '10.0.0.1' } as const;
  const VM2 = { mac: '02:00:00:00:0a:02', ip: '10.0.0.2' } as const;
  const I = VXLAN_FLAG.I;

  const innerPing = (type: number, from: typeof VM1 | typeof VM2, to: typeof VM1 | typeof VM2): Uint8Array =>
    ethernet(to.mac, from.mac, ETHERTYPE.IPV4, ping4(from.ip, to.ip, type, 7), false);
  const innerArp = (op: number): Uint8Array =>
    op === ARP_OP.REQUEST
      ? ethernet(BROADCAST, VM1.mac, ETHERTYPE.ARP, arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: op, senderMac: VM1.mac, senderIp: VM1.ip, targetMac: ZERO_MAC, targetIp: VM2.ip }), false)
      : ethernet(VM1.mac, VM2.mac, ETHERTYPE.ARP, arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: op, senderMac: VM2.mac, senderIp: VM2.ip, targetMac: VM1.mac, targetIp: VM1.ip }), false);

  /** Outer Ethernet/IPv4/UDP with a zero UDP checksum, as Linux VXLAN sends over IPv4 by default. */
  const overIpv4 = (sport: number, dport: number, vx: Uint8Array): Uint8Array =>
    ethernet(VTEP2.mac, VTEP1.mac, ETHERTYPE.IPV4, ipv4({ src: VTEP1.ip, dst: VTEP2.ip, protocol: IPPROTO.UDP, id: 0x5000 }, udp(sport, dport, vx)));
  /** Over IPv6 the UDP checksum is computed (RFC 7348 §5 leaves it to RFC 6935/6936 rules; Linux sets it). */
  const overIpv6 = (sport: number, dport: number, vx: Uint8Array): Uint8Array =>
    ethernet(VTEP2.mac, VTEP1.mac, ETHERTYPE.IPV6, ipv6({ src: VTEP1.ip6, dst: VTEP2.ip6, nextHeader: IPPROTO.UDP }, udp(sport, dport, vx, { src: VTEP1.ip6, dst: VTEP2.ip6 })));

  // VXLAN in VXLAN: the inner frame is itself an underlay packet between two inner VTEPs.
  const innerVtep = ethernet('02:00:00:00:bb:02', '02:00:00:00:bb:01', ETHERTYPE.IPV4, ipv4({ src: '172.16.0.1', dst: '172.16.0.2', protocol: IPPROTO.UDP, id: 0x5100 }, udp(51000, 4789, vxlan({ flags: I, groupPolicyId: undefined, vni: 2000 }, innerPing(ICMP_TYPE.ECHO_REQUEST, VM1, VM2)))), false);

  return {
    name: 'vxlan.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'VXLAN (RFC 7348) on UDP 4789, VNI 100; inner Ethernet, IPv4, ICMP echo request', data: overIpv4(49152, 4789, vxlan({ flags: I, groupPolicyId: undefined, vni: 100 }, innerPing(ICMP_TYPE.ECHO_REQUEST, VM1, VM2))) },
      { note: 'VXLAN on UDP 4789, VNI 100; inner ARP request (broadcast)', data: overIpv4(49153, 4789, vxlan({ flags: I, groupPolicyId: undefined, vni: 100 }, innerArp(ARP_OP.REQUEST))) },
      { note: 'VXLAN on UDP 8472 (the Linux default port), VNI 200; inner Ethernet, IPv4, ICMP echo reply', data: overIpv4(49154, 8472, vxlan({ flags: I, groupPolicyId: undefined, vni: 200 }, innerPing(ICMP_TYPE.ECHO_REPLY, VM2, VM1))) },
      { note: 'VXLAN on UDP 8472, VNI 200; inner ARP reply', data: overIpv4(49155, 8472, vxlan({ flags: I, groupPolicyId: undefined, vni: 200 }, innerArp(ARP_OP.REPLY))) },
      {
        note: 'VXLAN-GBP on UDP 4789: flags G and I (0x8800), group policy id 4660 (0x1234), VNI 300; inner ICMP echo request',
        data: overIpv4(49156, 4789, vxlan({ flags: VXLAN_FLAG.G | I, groupPolicyId: 0x1234, vni: 300 }, innerPing(ICMP_TYPE.ECHO_REQUEST, VM1, VM2))),
      },
      { note: 'VXLAN in VXLAN: outer VNI 1000 carries Ethernet, IPv4 172.16.0.1 > 172.16.0.2, UDP 4789, inner VNI 2000, Ethernet, IPv4, ICMP', data: overIpv4(49157, 4789, vxlan({ flags: I, groupPolicyId: undefined, vni: 1000 }, innerVtep)) },
      { note: 'VXLAN over IPv6 (outer UDP checksum set), VNI 400; inner ICMP echo request', data: overIpv6(49158, 4789, vxlan({ flags: I, groupPolicyId: undefined, vni: 400 }, innerPing(ICMP_TYPE.ECHO_REQUEST, VM1, VM2))) },
    ],
  };
}

function linkTypes(): CraftedCapture[] {
  const a = HOST_A;
  const s = SERVER;
  const echo4 = ping4(a.ip, s.ip, ICMP_TYPE.ECHO_REQUEST, 3);
  const echo6 = ping6(a.ip6, s.ip6, ICMPV6_TYPE.ECHO_REQUEST, 3);
  const reply6 = ping6(s.ip6, a.ip6, ICMPV6_TYPE.ECHO_REPLY, 3);
  const arpReply = arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: ARP_OP.REPLY, senderMac: ROUTER_LAN.mac, senderIp: ROUTER_LAN.ip, targetMac: a.mac, targetIp: a.ip });
  const arpRequest = arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: ARP_OP.REQUEST, senderMac: a.mac, senderIp: a.ip, targetMac: ZERO_MAC, targetIp: ROUTER_LAN.ip });
  const udp4 = ipv4Udp(a.ip, s.ip, 50020, 50021, ascii('cooked udp'));
  const udp6 = ipv6Udp(a.ip6, s.ip6, 50022, 50023, ascii('cooked udp over ipv6'));
  const llc = stpBpdu(a.mac).subarray(14, 14 + 38);
  // Linux packet types (linux/if_packet.h): 0 host, 1 broadcast, 2 multicast, 4 outgoing.
  const sll1 = (pktType: number, m: string, protocol: number, payload: Uint8Array): Uint8Array =>
    sll({ version: 1, pktType, haType: 1, haLen: 6, mac: mac(m), protocol, ifindex: 0 }, payload);
  const sll2 = (pktType: number, ifindex: number, m: string, protocol: number, payload: Uint8Array): Uint8Array =>
    sll({ version: 2, pktType, haType: 1, haLen: 6, mac: mac(m), protocol, ifindex }, payload);
  return [
    {
      name: 'linktypes-sll.pcap',
      format: 'pcap',
      linkType: LINKTYPE.LINUX_SLL,
      frames: [
        { note: 'SLL, outgoing (packet type 4) from 02:00:00:00:01:01, IPv4, ICMP echo request', data: sll1(4, a.mac, ETHERTYPE.IPV4, echo4) },
        { note: 'SLL, to us (packet type 0) from 02:00:00:00:02:07, IPv6, ICMPv6 echo reply', data: sll1(0, s.mac, ETHERTYPE.IPV6, reply6) },
        { note: 'SLL, to us, ARP reply', data: sll1(0, ROUTER_LAN.mac, ETHERTYPE.ARP, arpReply) },
        { note: 'SLL, multicast (packet type 2), protocol 0x0004 (802.2 LLC): an STP BPDU', data: sll1(2, a.mac, 0x0004, llc) },
      ],
    },
    {
      name: 'linktypes-sll2.pcap',
      format: 'pcap',
      linkType: LINKTYPE.LINUX_SLL2,
      frames: [
        { note: 'SLL2, to us on ifindex 2, IPv4, UDP', data: sll2(0, 2, a.mac, ETHERTYPE.IPV4, udp4) },
        { note: 'SLL2, outgoing on ifindex 3, IPv6, UDP', data: sll2(4, 3, a.mac, ETHERTYPE.IPV6, udp6) },
        { note: 'SLL2, broadcast (packet type 1) on ifindex 2, ARP request', data: sll2(1, 2, a.mac, ETHERTYPE.ARP, arpRequest) },
      ],
    },
    {
      name: 'linktypes-raw.pcap',
      format: 'pcap',
      linkType: LINKTYPE.RAW,
      frames: [
        { note: 'raw IP (101), version 4: ICMP echo request', data: echo4 },
        { note: 'raw IP (101), version 6: ICMPv6 echo request', data: echo6 },
      ],
    },
    {
      name: 'linktypes-ipv4.pcap',
      format: 'pcap',
      linkType: LINKTYPE.IPV4,
      frames: [
        { note: 'LINKTYPE_IPV4 (228): UDP', data: udp4 },
        { note: 'LINKTYPE_IPV4 (228): ICMP echo request', data: echo4 },
      ],
    },
    {
      name: 'linktypes-ipv6.pcap',
      format: 'pcap',
      linkType: LINKTYPE.IPV6,
      frames: [
        { note: 'LINKTYPE_IPV6 (229): UDP', data: udp6 },
        { note: 'LINKTYPE_IPV6 (229): ICMPv6 echo request', data: echo6 },
      ],
    },
    {
      name: 'linktypes-frelay.pcap',
      format: 'pcap',
      linkType: LINKTYPE.FRELAY,
      // Q.922 address for DLCI 100 (0x18 0x41: EA set in the second byte), then RFC 2427 UI
      // control 0x03 and an NLPID, or Cisco's encapsulation with an EtherType.
      frames: [
        { note: 'Frame Relay (107), DLCI 100, RFC 2427 UI + NLPID 0xcc: IPv4 ICMP echo request', data: concat([0x18, 0x41, 0x03, 0xcc], echo4) },
        { note: 'Frame Relay, DLCI 100, RFC 2427 UI + NLPID 0x8e: IPv6 ICMPv6 echo request', data: concat([0x18, 0x41, 0x03, 0x8e], echo6) },
        { note: 'Frame Relay, DLCI 100, Cisco encapsulation with EtherType 0x0800: IPv4 UDP', data: concat([0x18, 0x41, 0x08, 0x00], udp4) },
      ],
    },
    {
      name: 'linktypes-null.pcap',
      format: 'pcap',
      linkType: LINKTYPE.NULL,
      frames: [
        { note: 'NULL (0), family 2 (AF_INET) in host (little-endian) order: IPv4 ICMP echo request', data: nullHeader(2, false, echo4) },
        { note: 'NULL, family 24 (NetBSD/OpenBSD AF_INET6): IPv6 ICMPv6 echo request', data: nullHeader(24, false, echo6) },
        { note: 'NULL, family 28 (FreeBSD AF_INET6): IPv6 ICMPv6 echo reply', data: nullHeader(28, false, reply6) },
        { note: 'NULL, family 30 (Darwin AF_INET6): IPv6 UDP', data: nullHeader(30, false, udp6) },
      ],
    },
    {
      name: 'linktypes-loop.pcap',
      format: 'pcap',
      linkType: LINKTYPE.LOOP,
      frames: [
        { note: 'LOOP (108), family 2 in network order: IPv4 UDP', data: nullHeader(2, true, udp4) },
        { note: 'LOOP, family 24 (OpenBSD AF_INET6) in network order: IPv6 ICMPv6 echo request', data: nullHeader(24, true, echo6) },
      ],
    },
  ];
}

/** A host on `lan` pings a server behind `wan` through a router whose two ports were captured. */
function twoPorts(): CraftedCapture {
  const IN = 1;
  const OUT = 2;
  const LAN = 0;
  const WAN = 1;
  const a = HOST_A;
  const s = SERVER;
  return {
    name: 'two-ports.pcapng',
    format: 'pcapng',
    interfaces: [
      { linkType: LINKTYPE.ETHERNET, name: 'lan', description: 'router port on 192.0.2.0/24 (02:00:00:00:01:fe)' },
      { linkType: LINKTYPE.ETHERNET, name: 'wan', description: 'router port on 198.51.100.0/24 (02:00:00:00:02:fe)' },
    ],
    frames: [
      { note: 'lan, inbound: ARP request for the router from 192.0.2.1', iface: LAN, flags: IN, comment: 'host A resolves its gateway', data: arpFrame(ARP_OP.REQUEST, a, ROUTER_LAN) },
      { note: 'lan, outbound: ARP reply from the router', iface: LAN, flags: OUT, comment: 'the router answers for 192.0.2.254', data: arpFrame(ARP_OP.REPLY, ROUTER_LAN, a) },
      { note: 'lan, inbound: ICMP echo request 192.0.2.1 > 198.51.100.7, TTL 64', iface: LAN, flags: IN, comment: 'to be routed to wan', data: ethernet(ROUTER_LAN.mac, a.mac, ETHERTYPE.IPV4, ping4(a.ip, s.ip, ICMP_TYPE.ECHO_REQUEST, 9, 64, 0x2900)) },
      { note: 'wan, outbound: the same request routed: TTL 63, MACs rewritten', iface: WAN, flags: OUT, comment: 'forwarded: ttl 64 -> 63, eth.src 02:00:00:00:02:fe', data: ethernet(s.mac, ROUTER_WAN.mac, ETHERTYPE.IPV4, ping4(a.ip, s.ip, ICMP_TYPE.ECHO_REQUEST, 9, 63, 0x2900)) },
      { note: 'wan, inbound: ICMP echo reply 198.51.100.7 > 192.0.2.1, TTL 64', iface: WAN, flags: IN, comment: 'the reply comes back on wan', data: ethernet(ROUTER_WAN.mac, s.mac, ETHERTYPE.IPV4, ping4(s.ip, a.ip, ICMP_TYPE.ECHO_REPLY, 9, 64, 0x7900)) },
      { note: 'lan, outbound: the reply routed: TTL 63', iface: LAN, flags: OUT, comment: 'forwarded back to host A', data: ethernet(a.mac, ROUTER_LAN.mac, ETHERTYPE.IPV4, ping4(s.ip, a.ip, ICMP_TYPE.ECHO_REPLY, 9, 63, 0x7900)) },
      { note: 'wan, no direction, no comment: a UDP datagram to the router itself', iface: WAN, data: ethernet(ROUTER_WAN.mac, s.mac, ETHERTYPE.IPV4, ipv4Udp(s.ip, ROUTER_WAN.ip, 50030, 50031, ascii('no flags here'))) },
    ],
  };
}

function damaged(): CraftedCapture {
  const a = HOST_A;
  const s = SERVER;
  const syn = ethernet(s.mac, a.mac, ETHERTYPE.IPV4, tcpSyn(a.ip, s.ip, 40001, 179, 0x01020304, 0));
  const udp6 = ethernet(s.mac, a.mac, ETHERTYPE.IPV6, ipv6Udp(a.ip6, s.ip6, 50040, 50041, ascii('cut short')));
  const arpRequest = arpFrame(ARP_OP.REQUEST, a, ROUTER_LAN);
  const payload = ascii('damaged');
  // IHL 4 (16 bytes): the header length field is below the minimum of 5 (RFC 791 §3.1).
  const ihl4 = ipv4Udp(a.ip, s.ip, 50042, 50043, payload);
  ihl4[0] = 0x44;
  // TCP data offset 4 (16 bytes), below the minimum of 5 (RFC 9293 §3.1).
  const tcpOff4 = tcpSyn(a.ip, s.ip, 40002, 179, 0x05060708, 0);
  tcpOff4[20 + 12] = 0x40 | (tcpOff4[20 + 12]! & 0x0f);
  // An IPv6 payload length that ends inside the hop-by-hop header.
  const hbh = ipv6({ src: a.ip6, dst: s.ip6, nextHeader: IPPROTO.HOPOPTS }, concat(ipv6Options(IPPROTO.UDP), udp(50044, 50045, payload, { src: a.ip6, dst: s.ip6 })));
  writeU16(hbh, 4, 4);
  return {
    name: 'damaged.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'truncated (intended): TCP SYN captured to 40 of its 74 bytes, cut inside the TCP header', data: syn.subarray(0, 40), len: syn.length },
      { note: 'truncated (intended): IPv6 UDP captured to 34 bytes, cut inside the IPv6 header', data: udp6.subarray(0, 34), len: udp6.length },
      { note: 'truncated (intended): ARP request captured to 20 bytes', data: arpRequest.subarray(0, 20), len: arpRequest.length },
      {
        note: 'malformed (intended): IPv4 total length 16, less than its 20-byte header',
        tsharkExpert: 'Bogus IP length',
        data: ethernet(s.mac, a.mac, ETHERTYPE.IPV4, ipv4({ src: a.ip, dst: s.ip, protocol: IPPROTO.UDP, totalLength: 16 }, udp(50046, 50047, payload, v4(a.ip, s.ip)))),
      },
      { note: 'malformed (intended): IPv4 header length 16 (IHL 4)', tsharkExpert: 'Bogus IP header length', data: ethernet(s.mac, a.mac, ETHERTYPE.IPV4, ihl4) },
      { note: 'malformed (intended): TCP data offset 4 (16 bytes)', tsharkExpert: 'Bogus TCP header length', data: ethernet(s.mac, a.mac, ETHERTYPE.IPV4, tcpOff4) },
      { note: 'malformed (intended): IPv6 payload length 4 ends inside the 8-byte hop-by-hop header', tsharkExpert: 'Malformed Packet', data: ethernet(s.mac, a.mac, ETHERTYPE.IPV6, hbh) },
    ],
  };
}

/** Every crafted capture, in the order they are written. */
export function craftedCaptures(): CraftedCapture[] {
  return [ethernetIp(), vrrp(), vxlanCapture(), ...linkTypes(), twoPorts(), damaged()];
}

/** Frame k's timestamp (1-based k). */
export function frameTimestamp(k: number, format: 'pcap' | 'pcapng'): { sec: number; nsec: number } {
  return { sec: T0 + k, nsec: k * 1_000_000 + (format === 'pcapng' ? k : 0) };
}

/**
 * Writes `captures` into `dir` (created if missing) with the one timestamp rule
 * (`frameTimestamp`); returns the paths written. The stack recipes
 * (scripts/capture/craft-stack-pcaps.ts) write through here too.
 */
export function writeCaptures(dir: string, captures: readonly CraftedCapture[]): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const c of captures) {
    const path = join(dir, c.name);
    if (c.format === 'pcap') {
      const w = new PcapWriter(path, { linkType: c.linkType ?? LINKTYPE.ETHERNET });
      c.frames.forEach((f, k) => {
        const ts = frameTimestamp(k + 1, 'pcap');
        w.write(f.data, ts.sec, ts.nsec, f.len ?? f.data.length);
      });
      w.close();
    } else {
      const w = new PcapngWriter(path);
      for (const spec of c.interfaces ?? []) w.addInterface(spec);
      c.frames.forEach((f, k) => {
        const ts = frameTimestamp(k + 1, 'pcapng');
        w.write(f.iface ?? 0, f.data, ts.sec, ts.nsec, {
          ...(f.flags !== undefined ? { flags: f.flags } : {}),
          ...(f.comment !== undefined ? { comment: f.comment } : {}),
          ...(f.len !== undefined ? { len: f.len } : {}),
        });
      });
      w.close();
    }
    written.push(path);
  }
  return written;
}

/** Writes every decode capture into `dir` (created if missing); returns the paths written. */
export function craftPcaps(dir: string): string[] {
  return writeCaptures(dir, craftedCaptures());
}

/**
 * What a recipe script does when run: writes `captures` into `dir`, prints each file's
 * frames with their notes (the frame lists of pcaps/README.md), and warns about files in
 * `dir` no recipe makes.
 */
export function runRecipes(dir: string, captures: readonly CraftedCapture[]): void {
  const paths = writeCaptures(dir, captures);
  paths.forEach((path, k) => {
    const c = captures[k]!;
    process.stdout.write(`${path}: ${c.frames.length} frames, ${statSync(path).size} bytes\n`);
    c.frames.forEach((f, n) => process.stdout.write(`  ${String(n + 1).padStart(2)}  ${f.note}\n`));
  });
  const known = new Set(captures.map((c) => c.name));
  for (const name of readdirSync(dir)) {
    if (!known.has(name)) process.stderr.write(`warning: ${join(dir, name)} is not made by this script; remove it or add its recipe\n`);
  }
}

function main(argv: readonly string[]): void {
  runRecipes(argv[0] ?? join('pcaps', 'decode'), craftedCaptures());
}

if (require.main === module) main(process.argv.slice(2));
