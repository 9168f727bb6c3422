/**
 * Crafts the captures the stack fixtures replay (fixtures/stack/) into pcaps/stack/ (or the
 * directory given as the first argument): `npm run pcaps` runs it after craft-pcaps.ts.
 *
 * Same rules as the decode captures (scripts/capture/craft-pcaps.ts, whose writer and
 * timestamp rule this uses): every frame built from the project's `emit*` functions
 * (src/wire/frame-builder.ts), fixed addresses, frame k stamped T0 + k s + k ms (+ k ns in
 * pcapng), no randomness. Multi-port captures are pcapng with one interface per port,
 * named as the fixture's port, every packet flagged inbound (the box's own frames are
 * never in them: fixtures show those as `generated` records). pcaps/README.md lists every
 * frame; test/fixtures/crafted-stack-pcaps.test.ts fails when the committed files drift
 * from this recipe.
 */
import { join } from 'node:path';
import { formatIpv6, parseIpv6 } from '../../src/addr/ipv6';
import { LINKTYPE } from '../../src/capture/link-type';
import { ARP_OP } from '../../src/wire/arp';
import { internetChecksum, sum16 } from '../../src/wire/checksum';
import { writeU16 } from '../../src/wire/field-sink';
import { ICMP_TYPE } from '../../src/wire/icmp';
import { ICMPV6_TYPE } from '../../src/wire/icmpv6';
import { IPV4 } from '../../src/wire/ipv4';
import { TCP_FLAG } from '../../src/wire/tcp';
import {
  arp,
  ascii,
  concat,
  ETHERTYPE,
  ethernet,
  hex,
  icmpv6,
  IPPROTO,
  ipv4,
  ipv6,
  ipv6Options,
  mac,
  ndLinkLayerOption,
  taggedEthernet,
  tcp,
  udp,
  vrrpPacket,
} from '../../src/wire/frame-builder';
import { arpFrame, breakChecksum, ipv4Udp, ipv6Udp, ping4, ping6, runRecipes, type CraftedCapture, type CraftedFrame } from './craft-pcaps';

// ---------------------------------------------------------------------------------------
// Who is who. The router's ports (fixtures give them these MACs), and hosts around it.
// Link-local addresses are the EUI-64 ones Linux makes from the MAC (addr_gen_mode 0).

interface Node {
  readonly mac: string;
  readonly ip: string;
  readonly ip6: string;
  readonly ll: string;
}

/** Router port eth0 (LAN) and eth1 (WAN). */
export const R0: Node = { mac: '02:00:00:00:01:fe', ip: '192.0.2.254', ip6: '2001:db8:1::fe', ll: 'fe80::ff:fe00:1fe' };
export const R1: Node = { mac: '02:00:00:00:02:fe', ip: '198.51.100.254', ip6: '2001:db8:2::fe', ll: 'fe80::ff:fe00:2fe' };
/** Hosts A, C and L7 on the LAN, server S and two more hosts on the WAN. */
export const A: Node = { mac: '02:00:00:00:01:01', ip: '192.0.2.1', ip6: '2001:db8:1::1', ll: 'fe80::1' };
export const C: Node = { mac: '02:00:00:00:01:03', ip: '192.0.2.3', ip6: '2001:db8:1::3', ll: 'fe80::3' };
export const L7: Node = { mac: '02:00:00:00:01:07', ip: '192.0.2.7', ip6: '2001:db8:1::7', ll: 'fe80::7' };
export const S: Node = { mac: '02:00:00:00:02:07', ip: '198.51.100.7', ip6: '2001:db8:2::7', ll: 'fe80::7' };
export const S8: Node = { mac: '02:00:00:00:02:08', ip: '198.51.100.8', ip6: '2001:db8:2::8', ll: 'fe80::8' };
export const H9: Node = { mac: '02:00:00:00:02:09', ip: '198.51.100.9', ip6: '2001:db8:2::9', ll: 'fe80::9' };

const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const ZERO_MAC = '00:00:00:00:00:00';
/** pcapng `epb_flags` direction: inbound (the box received it). */
const INBOUND = 1;

// ---------------------------------------------------------------------------------------
// Building blocks.

function ip6(text: string): Uint8Array {
  const b = parseIpv6(text);
  if (b === undefined) throw new RangeError(`not an IPv6 address: ${text}`);
  return b;
}

function eth4(dst: string, src: string, packet: Uint8Array): Uint8Array {
  return ethernet(dst, src, ETHERTYPE.IPV4, packet);
}

function eth6(dst: string, src: string, packet: Uint8Array): Uint8Array {
  return ethernet(dst, src, ETHERTYPE.IPV6, packet);
}

const echo4 = (src: string, dst: string, seq: number, ttl = 64): Uint8Array => ping4(src, dst, ICMP_TYPE.ECHO_REQUEST, seq, ttl);
const reply4 = (src: string, dst: string, seq: number): Uint8Array => ping4(src, dst, ICMP_TYPE.ECHO_REPLY, seq);
const echo6 = (src: string, dst: string, seq: number, hopLimit = 64): Uint8Array => ping6(src, dst, ICMPV6_TYPE.ECHO_REQUEST, seq, hopLimit);
const reply6 = (src: string, dst: string, seq: number): Uint8Array => ping6(src, dst, ICMPV6_TYPE.ECHO_REPLY, seq);

/** A UDP datagram of exactly `total` bytes of IPv4 (DF set, as Linux sends with PMTU discovery). */
function bigUdp4(src: string, dst: string, total: number): Uint8Array {
  return ipv4Udp(src, dst, 50100, 50101, new Uint8Array(total - 28).fill(0x61));
}

function bigUdp6(src: string, dst: string, total: number): Uint8Array {
  return ipv6Udp(src, dst, 50100, 50101, new Uint8Array(total - 48).fill(0x61));
}

function arpRequest(from: { mac: string; ip: string }, targetIp: string): Uint8Array {
  return arpFrame(ARP_OP.REQUEST, from, { mac: ZERO_MAC, ip: targetIp });
}

/** An ARP request with an Ethernet source other than the sender's (frames "from" our own VMACs). */
function arpRequestFromMac(ethSrc: string, senderMac: string, senderIp: string, targetIp: string): Uint8Array {
  return ethernet(BROADCAST, ethSrc, ETHERTYPE.ARP, arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: ARP_OP.REQUEST, senderMac, senderIp, targetMac: ZERO_MAC, targetIp }));
}

function arpReply(from: { mac: string; ip: string }, to: { mac: string; ip: string }): Uint8Array {
  return arpFrame(ARP_OP.REPLY, from, to);
}

/** ND solicited-node group of an address (RFC 4291 §2.7.1) and its MAC (RFC 2464 §7). */
function solicitedNode(addr: string): { ip: string; mac: string } {
  const a = ip6(addr);
  const g = ip6('ff02::1:ff00:0');
  g.set(a.subarray(13, 16), 13);
  const h = (x: number): string => x.toString(16).padStart(2, '0');
  return { ip: formatIpv6(g, 0), mac: `33:33:ff:${h(a[13]!)}:${h(a[14]!)}:${h(a[15]!)}` };
}

/** Neighbour Solicitation (RFC 4861 §4.3) for `target`, with a source link-layer option unless DAD. */
function ns(ethDst: string, from: { mac: string }, src: string, dst: string, target: string): Uint8Array {
  const dad = src === '::';
  const body = concat([0, 0, 0, 0], ip6(target), dad ? new Uint8Array(0) : ndLinkLayerOption(1, mac(from.mac)));
  return eth6(ethDst, from.mac, ipv6({ src, dst, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(ICMPV6_TYPE.NEIGHBOR_SOLICIT, 0, body, { src, dst })));
}

/** Neighbour Advertisement (RFC 4861 §4.4) with flags R S O and a target link-layer option. */
function na(ethDst: string, from: { mac: string }, src: string, dst: string, target: string, flags: { r: boolean; s: boolean; o: boolean }): Uint8Array {
  const f = (flags.r ? 0x80 : 0) | (flags.s ? 0x40 : 0) | (flags.o ? 0x20 : 0);
  const body = concat([f, 0, 0, 0], ip6(target), ndLinkLayerOption(2, mac(from.mac)));
  return eth6(ethDst, from.mac, ipv6({ src, dst, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(ICMPV6_TYPE.NEIGHBOR_ADVERT, 0, body, { src, dst })));
}

/** The IPv4 Router Alert option (RFC 2113), as IGMPv2/v3 carry it. */
const ROUTER_ALERT4 = hex('94040000');

/** An IGMP message (RFC 2236 §2, RFC 3376 §4) in IPv4 with TTL 1 and Router Alert. */
function igmp(src: string, dst: string, message: Uint8Array): Uint8Array {
  writeU16(message, 2, 0);
  writeU16(message, 2, internetChecksum(message, 0, message.length));
  return ipv4({ src, dst, protocol: 2, ttl: 1, id: 0x6000, options: ROUTER_ALERT4, dsfield: 0xc0 }, message);
}

function igmpV2(type: number, maxResp: number, group: string): Uint8Array {
  return concat([type, maxResp, 0, 0], group.split('.').map(Number));
}

/** An IGMPv3 report (RFC 3376 §4.2) with one CHANGE_TO_EXCLUDE record (join, no sources). */
function igmpV3Report(group: string): Uint8Array {
  return concat([0x22, 0, 0, 0, 0, 0, 0, 1], [4, 0, 0, 0], group.split('.').map(Number));
}

/** The upper-layer checksum of an IPv6 payload (RFC 8200 §8.1), written at `at`. */
function setChecksum6(segment: Uint8Array, at: number, src: string, dst: string, nextHeader: number): Uint8Array {
  const pseudo = concat(ip6(src), ip6(dst));
  writeU16(segment, at, 0);
  const initial = sum16(pseudo, 0, pseudo.length) + (segment.length >>> 16) + (segment.length & 0xffff) + nextHeader;
  writeU16(segment, at, internetChecksum(segment, 0, segment.length, initial));
  return segment;
}

/** MLD (RFC 2710, RFC 3810) in IPv6 with hop limit 1 and a hop-by-hop Router Alert (value 0: MLD). */
function mld(src: string, dst: string, type: number, body: Uint8Array): Uint8Array {
  const message = icmpv6(type, 0, body, { src, dst });
  return ipv6({ src, dst, nextHeader: IPPROTO.HOPOPTS, hopLimit: 1 }, concat(ipv6Options(IPPROTO.ICMPV6, [5, 2, 0, 0]), message));
}

/** MLDv1 query/report/done body: max response delay, reserved, multicast address. */
function mldV1(maxDelay: number, group: string): Uint8Array {
  return concat([maxDelay >>> 8, maxDelay & 0xff, 0, 0], ip6(group));
}

/** MLDv2 report body (RFC 3810 §5.2) with one CHANGE_TO_EXCLUDE record (join). */
function mldV2Report(group: string): Uint8Array {
  return concat([0, 0, 0, 1], [4, 0, 0, 0], ip6(group));
}

/** A minimal OSPFv2 Hello (RFC 2328 A.3.2) from router id `rid`, checksum per A.3.1. */
function ospf2Hello(rid: string): Uint8Array {
  const body = concat([255, 255, 255, 0], [0, 10, 0x02, 1], [0, 0, 0, 40], [0, 0, 0, 0], [0, 0, 0, 0]);
  const header = concat([2, 1, 0, 24 + body.length], rid.split('.').map(Number), [0, 0, 0, 0], [0, 0, 0, 0], new Uint8Array(8));
  const packet = concat(header, body);
  writeU16(packet, 12, internetChecksum(packet, 0, packet.length));
  return packet;
}

/** A minimal OSPFv3 Hello (RFC 5340 A.3.2), checksum with the IPv6 pseudo-header (A.3.1). */
function ospf3Hello(src: string, dst: string, rid: string): Uint8Array {
  const body = concat([0, 0, 0, 1], [1, 0, 0, 0x13], [0, 10, 0, 40], [0, 0, 0, 0], [0, 0, 0, 0]);
  const packet = concat([3, 1, 0, 16 + body.length], rid.split('.').map(Number), [0, 0, 0, 0], [0, 0, 0, 0], body);
  return setChecksum6(packet, 12, src, dst, 89);
}

/**
 * A PIMv2 message (RFC 7761 §4.9): Hello (type 0, a holdtime option) or a Null-Register
 * (type 1, N bit, carrying only a dummy header of the data packet, §4.4.1).
 */
function pim(type: 0 | 1, v6?: { src: string; dst: string }): Uint8Array {
  let body: Uint8Array;
  if (type === 0) body = hex('0001 0002 0069');
  else if (v6 === undefined) body = concat(hex('40000000'), ipv4({ src: '192.0.2.1', dst: '239.1.1.1', protocol: IPPROTO.UDP, id: 0 }, new Uint8Array(0)));
  else body = concat(hex('40000000'), ipv6({ src: '2001:db8:1::1', dst: 'ff0e::1:1', nextHeader: IPPROTO.NONE }, new Uint8Array(0)));
  const packet = concat([0x20 | type, 0, 0, 0], body);
  if (v6 !== undefined) return setChecksum6(packet, 2, v6.src, v6.dst, 103);
  // IPv4: a Register's checksum covers the PIM header only (RFC 7761 §4.9).
  writeU16(packet, 2, internetChecksum(packet, 0, type === 1 ? 8 : packet.length));
  return packet;
}

/** A BFD control packet (RFC 5880 §4.1), state Down, detect multiplier 3. */
const BFD_CONTROL = hex('20 40 03 18 00000001 00000000 000f4240 000f4240 00000000');

/** A TCP SYN to port 179 (BGP, RFC 4271 §8.2.1) with the MSS option. */
function bgpSyn(src: string, dst: string): Uint8Array {
  return tcp({ srcPort: 40179, dstPort: 179, seq: 0x0b6b0001, ack: 0, flags: TCP_FLAG.SYN, window: 64240, urgent: 0, options: hex('020405b4') }, new Uint8Array(0), { src, dst });
}

/** A DHCPDISCOVER (RFC 2131 §4.1) from `chaddr`: BOOTP header, magic cookie, option 53, end. */
function dhcpDiscover(chaddr: string): Uint8Array {
  const bootp = new Uint8Array(236);
  bootp.set([1, 1, 6, 0, 0x12, 0x34, 0x56, 0x78], 0);
  bootp.set(mac(chaddr), 28);
  return concat(bootp, hex('63825363 350101 ff'));
}

/** An LLDPDU (IEEE 802.1AB §8.5): chassis id (MAC), port id (name), TTL 120, end. */
function lldp(src: string, port: string): Uint8Array {
  const tlv = (type: number, value: Uint8Array): Uint8Array => concat([(type << 1) | (value.length >>> 8), value.length & 0xff], value);
  const pdu = concat(tlv(1, concat([4], mac(src))), tlv(2, concat([5], ascii(port))), tlv(3, Uint8Array.of(0, 120)), [0, 0]);
  return ethernet('01:80:c2:00:00:0e', src, 0x88cc, pdu);
}

/** A pcapng interface per port, named as the fixture's port. */
function ports(...names: string[]): CraftedCapture['interfaces'] {
  return names.map((name) => ({ linkType: LINKTYPE.ETHERNET, name }));
}

/** A frame received on port number `iface` (the order of `ports(...)`). */
function on(iface: number, note: string, data: Uint8Array): CraftedFrame {
  return { note, data, iface, flags: INBOUND };
}

// ---------------------------------------------------------------------------------------
// The captures.

/** Resolution and learning through a two-port IPv4 router, both directions. */
function routingV4(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  return {
    name: 'routing-v4.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: ARP request from A: who has 192.0.2.254 (the router)? tell 192.0.2.1', arpRequest(A, R0.ip)),
      on(LAN, 'eth0: ICMP echo request A > S (192.0.2.1 > 198.51.100.7), TTL 64, to the router MAC; S is not resolved yet', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 1))),
      on(WAN, 'eth1: ARP reply from S to the router: 198.51.100.7 is at 02:00:00:00:02:07', arpReply(S, R1)),
      on(WAN, 'eth1: ICMP echo reply S > A, TTL 64', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 1))),
      on(LAN, 'eth0: ICMP echo request A > S, seq 2', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 2))),
      on(WAN, 'eth1: ICMP echo reply S > A, seq 2', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 2))),
      on(LAN, 'eth0: ICMP echo request A > S, seq 3', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 3))),
      on(WAN, 'eth1: ICMP echo reply S > A, seq 3', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 3))),
      on(LAN, 'eth0: ICMP echo request A > S, seq 4', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 4))),
      on(LAN, 'eth0: ARP reply from A to the router (answers its unicast probe): 192.0.2.1 is at 02:00:00:00:01:01', arpReply(A, R0)),
      on(WAN, 'eth1: ICMP echo reply S > A, seq 4', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 4))),
    ],
  };
}

/** What an IPv4 router decides for traffic through it and to it (neighbours are static). */
function routerV4(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const toRouter = (packet: Uint8Array): Uint8Array => eth4(R0.mac, A.mac, packet);
  return {
    name: 'router-v4.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: ICMP echo request A > S, TTL 64', toRouter(echo4(A.ip, S.ip, 1))),
      on(WAN, 'eth1: ICMP echo reply S > A, TTL 64', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 1))),
      on(LAN, 'eth0: ICMP echo request A > S with TTL 1', toRouter(echo4(A.ip, S.ip, 2, 1))),
      on(LAN, 'eth0: ICMP echo request A > 198.18.0.1 (covered by no route but a default)', toRouter(echo4(A.ip, '198.18.0.1', 3))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.1 (blackhole 203.0.113.0/26)', toRouter(echo4(A.ip, '203.0.113.1', 4))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.65 (unreachable 203.0.113.64/26)', toRouter(echo4(A.ip, '203.0.113.65', 5))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.129 (prohibit 203.0.113.128/26)', toRouter(echo4(A.ip, '203.0.113.129', 6))),
      on(LAN, 'eth0: ICMP echo request A > 192.0.2.254 (the router, this port)', toRouter(echo4(A.ip, R0.ip, 7))),
      on(LAN, 'eth0: ICMP echo request A > 198.51.100.254 (the router, its other port)', toRouter(echo4(A.ip, R1.ip, 8))),
      on(LAN, 'eth0: UDP A:50000 > 192.0.2.254:33434 (no socket)', toRouter(ipv4Udp(A.ip, R0.ip, 50000, 33434, ascii('anyone listening?')))),
      on(LAN, 'eth0: UDP A > S, 1500 bytes of IPv4 with DF (eth1 has MTU 1400)', toRouter(bigUdp4(A.ip, S.ip, 1500))),
      on(LAN, 'eth0: UDP A > S, 1400 bytes of IPv4 with DF (exactly the MTU)', toRouter(bigUdp4(A.ip, S.ip, 1400))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.200 (ECMP 203.0.113.192/26 via S or S8)', toRouter(echo4(A.ip, '203.0.113.200', 9))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.201 (ECMP, another destination)', toRouter(echo4(A.ip, '203.0.113.201', 10))),
      on(LAN, 'eth0: ICMP echo request C (192.0.2.3) > 203.0.113.200 (ECMP, another source)', eth4(R0.mac, C.mac, echo4(C.ip, '203.0.113.200', 11))),
      on(LAN, 'eth0: ICMP echo request A > 192.0.2.255 (directed broadcast of the LAN), Ethernet broadcast', eth4(BROADCAST, A.mac, echo4(A.ip, '192.0.2.255', 13))),
      on(LAN, 'eth0: ICMP echo request A > 192.0.2.254 (the router\'s unicast address) sent to the Ethernet broadcast address', eth4(BROADCAST, A.mac, echo4(A.ip, R0.ip, 14))),
      on(LAN, 'eth0: ICMP echo request A > S sent to the Ethernet broadcast address', eth4(BROADCAST, A.mac, echo4(A.ip, S.ip, 15))),
      on(LAN, 'eth0: ICMP echo request A > 192.0.2.7 (L7, on A\'s own subnet) sent to the router MAC', toRouter(echo4(A.ip, L7.ip, 16))),
    ],
  };
}

/** Neighbour Discovery and resolution through a two-port IPv6 router. */
function routingV6(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const snR0 = solicitedNode(R0.ip6);
  return {
    name: 'routing-v6.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: NS from A for 2001:db8:1::fe (the router) to its solicited-node group, source link-layer option', ns(snR0.mac, A, A.ip6, snR0.ip, R0.ip6)),
      on(LAN, 'eth0: ICMPv6 echo request A > S (2001:db8:1::1 > 2001:db8:2::7), hop limit 64; S is not resolved yet', eth6(R0.mac, A.mac, echo6(A.ip6, S.ip6, 1))),
      on(WAN, 'eth1: NA from S (solicited, override) for 2001:db8:2::7 to the router\'s link-local address, target link-layer option', na(R1.mac, S, S.ip6, R1.ll, S.ip6, { r: false, s: true, o: true })),
      on(WAN, 'eth1: ICMPv6 echo reply S > A', eth6(R1.mac, S.mac, reply6(S.ip6, A.ip6, 1))),
      on(LAN, 'eth0: unicast NS from A for 2001:db8:1::fe to 2001:db8:1::fe (a reachability probe)', ns(R0.mac, A, A.ip6, R0.ip6, R0.ip6)),
      on(LAN, 'eth0: duplicate address detection NS from :: for 2001:db8:1::fe (someone else wants our address)', ns(snR0.mac, A, '::', snR0.ip, R0.ip6)),
    ],
  };
}

/** What an IPv6 router decides for traffic through it and to it (neighbours are static). */
function routerV6(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const toRouter = (packet: Uint8Array): Uint8Array => eth6(R0.mac, A.mac, packet);
  return {
    name: 'router-v6.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: ICMPv6 echo request A > S, hop limit 64', toRouter(echo6(A.ip6, S.ip6, 1))),
      on(WAN, 'eth1: ICMPv6 echo reply S > A', eth6(R1.mac, S.mac, reply6(S.ip6, A.ip6, 1))),
      on(LAN, 'eth0: ICMPv6 echo request A > S with hop limit 1', toRouter(echo6(A.ip6, S.ip6, 2, 1))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:99::1 (no route)', toRouter(echo6(A.ip6, '2001:db8:99::1', 3))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:a::1 (blackhole 2001:db8:a::/48)', toRouter(echo6(A.ip6, '2001:db8:a::1', 4))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:b::1 (unreachable 2001:db8:b::/48)', toRouter(echo6(A.ip6, '2001:db8:b::1', 5))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:c::1 (prohibit 2001:db8:c::/48)', toRouter(echo6(A.ip6, '2001:db8:c::1', 6))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:1::fe (the router, this port)', toRouter(echo6(A.ip6, R0.ip6, 7))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:2::fe (the router, its other port)', toRouter(echo6(A.ip6, R1.ip6, 8))),
      on(LAN, 'eth0: UDP A > 2001:db8:1::fe port 33434 (no socket)', toRouter(ipv6Udp(A.ip6, R0.ip6, 50000, 33434, ascii('anyone listening?')))),
      on(LAN, 'eth0: UDP A > S, 1400 bytes of IPv6 (eth1 has MTU 1280)', toRouter(bigUdp6(A.ip6, S.ip6, 1400))),
      on(LAN, 'eth0: UDP A > S, 1280 bytes of IPv6 (exactly the MTU)', toRouter(bigUdp6(A.ip6, S.ip6, 1280))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:e::1 (ECMP 2001:db8:e::/48 via S or S8)', toRouter(echo6(A.ip6, '2001:db8:e::1', 9))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:e::2 (ECMP, another destination)', toRouter(echo6(A.ip6, '2001:db8:e::2', 10))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:e:2::1 (ECMP, another destination)', toRouter(echo6(A.ip6, '2001:db8:e:2::1', 11))),
      on(LAN, 'eth0: ICMPv6 echo request from A\'s link-local address fe80::1 > S (a link-local source must not be forwarded)', toRouter(echo6(A.ll, S.ip6, 13))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:1::7 (L7, on A\'s own link) sent to the router MAC', toRouter(echo6(A.ip6, L7.ip6, 14))),
    ],
  };
}

/** A next hop that never answers, one that answers late, in both families. */
function neighbours(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  return {
    name: 'neigh.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: ICMP echo request A > 198.51.100.9 (H9, silent for now), seq 1', eth4(R0.mac, A.mac, echo4(A.ip, H9.ip, 1))),
      on(LAN, 'eth0: ICMPv6 echo request A > 2001:db8:2::9 (H9, silent)', eth6(R0.mac, A.mac, echo6(A.ip6, H9.ip6, 1))),
      on(LAN, 'eth0: ICMP echo request A > 198.51.100.9, seq 2 (the entry is still incomplete)', eth4(R0.mac, A.mac, echo4(A.ip, H9.ip, 2))),
      on(LAN, 'eth0: ARP request from A for 192.0.2.254 (a pause: the entry for H9 fails meanwhile)', arpRequest(A, R0.ip)),
      on(LAN, 'eth0: ICMP echo request A > 198.51.100.9, seq 3 (the entry has failed: resolution starts again)', eth4(R0.mac, A.mac, echo4(A.ip, H9.ip, 3))),
      on(WAN, 'eth1: ARP reply from H9 to the router: 198.51.100.9 is at 02:00:00:00:02:09', arpReply(H9, R1)),
      on(WAN, 'eth1: ICMP echo reply H9 > A, seq 3', eth4(R1.mac, H9.mac, reply4(H9.ip, A.ip, 3))),
    ],
  };
}

/** Bridge ports and hosts behind them. */
const BR_PORT = ['02:00:00:00:0b:01', '02:00:00:00:0b:02', '02:00:00:00:0b:03'] as const;
export const HA = { mac: '02:00:00:00:0a:01', ip: '192.0.2.1' } as const;
export const HB = { mac: '02:00:00:00:0a:02', ip: '192.0.2.2' } as const;
export const HC = { mac: '02:00:00:00:0a:03', ip: '192.0.2.3' } as const;
export const HD = { mac: '02:00:00:00:0a:04', ip: '192.0.2.4' } as const;
const BR_IP = '192.0.2.254';

/** Learning, flooding, forwarding, filtering and ageing on a three-port bridge. */
function bridge(): CraftedCapture {
  const [P0, P1, P2] = [0, 1, 2];
  const brMac = BR_PORT[0];
  const data = (from: { mac: string; ip: string }, to: { mac: string; ip: string }, n: number): Uint8Array => eth4(to.mac, from.mac, ipv4Udp(from.ip, to.ip, 50000 + n, 50000 + n, ascii(`bridged ${n}`)));
  return {
    name: 'bridge.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1', 'eth2'),
    frames: [
      on(P0, 'eth0: UDP HA > HB (HB not learnt yet)', data(HA, HB, 1)),
      on(P1, 'eth1: UDP HB > HA', data(HB, HA, 2)),
      on(P0, 'eth0: UDP HA > HB', data(HA, HB, 3)),
      on(P0, 'eth0: ARP request from HA for 192.0.2.2 (HB), broadcast', arpRequest(HA, HB.ip)),
      on(P0, 'eth0: ARP request from HA for 192.0.2.254 (the bridge device), broadcast', arpRequest(HA, BR_IP)),
      on(P0, 'eth0: ICMP echo request HA > 192.0.2.254 to the bridge MAC', eth4(brMac, HA.mac, echo4(HA.ip, BR_IP, 1))),
      on(P0, 'eth0: UDP HD > HA (HD and HA share the segment behind eth0)', data(HD, HA, 7)),
      on(P1, 'eth1: UDP HB > HD', data(HB, HD, 8)),
      { ...on(P0, 'eth0: UDP with a multicast source MAC 01:00:5e:00:00:01 (intended)', eth4(HB.mac, '01:00:5e:00:00:01', ipv4Udp(HA.ip, HB.ip, 50009, 50009, ascii('bad source')))), tsharkExpert: 'Source MAC must not be a group address' },
      on(P1, 'eth1: UDP HB > 192.0.2.254 to eth2\'s own MAC 02:00:00:00:0b:03 (a port MAC, not the bridge\'s)', eth4(BR_PORT[2], HB.mac, ipv4Udp(HB.ip, BR_IP, 50010, 50010, ascii('to a port MAC')))),
      on(P2, 'eth2: LLDP from HC to 01:80:c2:00:00:0e', lldp(HC.mac, 'hc-port')),
      on(P0, 'eth0: UDP HA > HC (HC has sent only LLDP so far)', data(HA, HC, 12)),
      on(P1, 'eth1: ARP request from HB for 192.0.2.99 (nobody), broadcast', arpRequest(HB, '192.0.2.99')),
      on(P0, 'eth0: UDP HA > 192.0.2.254:33434 to the bridge MAC (no socket)', eth4(brMac, HA.mac, ipv4Udp(HA.ip, BR_IP, 50014, 33434, ascii('anyone?')))),
      on(P2, 'eth2: UDP HC > HB', data(HC, HB, 15)),
      on(P1, 'eth1: UDP HB > HC', data(HB, HC, 16)),
      on(P0, 'eth0: UDP HA > HB', data(HA, HB, 17)),
      on(P1, 'eth1: UDP HB > HD (HD last seen 11 s ago; ageing time 10 s)', data(HB, HD, 18)),
      on(P0, 'eth0: UDP HA > HB (after eth1 and eth2 went down)', data(HA, HB, 19)),
      on(P1, 'eth1: UDP HB > HA (eth1 is down)', data(HB, HA, 20)),
    ],
  };
}

/** An 802.1Q VLAN-filtering bridge: access ports in VLAN 10 and 20, a trunk. */
export const V10 = { mac: '02:00:00:00:0a:11', ip: '192.0.2.11' } as const;
export const TRUNK = { mac: '02:00:00:00:0a:12', ip: '192.0.2.12' } as const;
export const V20 = { mac: '02:00:00:00:0a:13', ip: '192.0.2.13' } as const;

function bridgeVlan(): CraftedCapture {
  const [ACCESS10, TRUNK_PORT, ACCESS20] = [0, 1, 2];
  const brMac = BR_PORT[0];
  const tag = (id: number, priority = 0): { tpid: number; priority: number; dei: number; id: number }[] => [{ tpid: ETHERTYPE.VLAN, priority, dei: 0, id }];
  const udpTo = (from: { mac: string; ip: string }, to: { mac: string; ip: string }, n: number): Uint8Array => ipv4Udp(from.ip, to.ip, 50200 + n, 50200 + n, ascii(`vlan ${n}`));
  const arpBody = (from: { mac: string; ip: string }, targetIp: string): Uint8Array =>
    arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: ARP_OP.REQUEST, senderMac: from.mac, senderIp: from.ip, targetMac: ZERO_MAC, targetIp });
  return {
    name: 'bridge-vlan.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1', 'eth2'),
    frames: [
      on(ACCESS10, 'eth0: untagged UDP V10 > TRUNK (unknown yet)', eth4(TRUNK.mac, V10.mac, udpTo(V10, TRUNK, 1))),
      on(TRUNK_PORT, 'eth1: VLAN 10 UDP TRUNK > V10', taggedEthernet(V10.mac, TRUNK.mac, tag(10), ETHERTYPE.IPV4, udpTo(TRUNK, V10, 2))),
      on(TRUNK_PORT, 'eth1: VLAN 20 UDP TRUNK > V10\'s MAC (V10 is known in VLAN 10 only)', taggedEthernet(V10.mac, TRUNK.mac, tag(20), ETHERTYPE.IPV4, udpTo(TRUNK, V10, 3))),
      on(ACCESS20, 'eth2: untagged ARP request from V20 for 192.0.2.254, broadcast', arpRequest(V20, BR_IP)),
      on(ACCESS10, 'eth0: untagged ARP request from V10 for 192.0.2.254, broadcast', arpRequest(V10, BR_IP)),
      on(TRUNK_PORT, 'eth1: VLAN 30 UDP TRUNK > V10 (VLAN 30 is on no port)', taggedEthernet(V10.mac, TRUNK.mac, tag(30), ETHERTYPE.IPV4, udpTo(TRUNK, V10, 6))),
      on(TRUNK_PORT, 'eth1: untagged UDP TRUNK > V10 (the trunk has no PVID)', eth4(V10.mac, TRUNK.mac, udpTo(TRUNK, V10, 7))),
      on(ACCESS10, 'eth0: VLAN 20 UDP V10 > TRUNK on the VLAN 10 access port', taggedEthernet(TRUNK.mac, V10.mac, tag(20), ETHERTYPE.IPV4, udpTo(V10, TRUNK, 8))),
      on(ACCESS10, 'eth0: priority-tagged (VLAN 0, PCP 5) UDP V10 > TRUNK', taggedEthernet(TRUNK.mac, V10.mac, tag(0, 5), ETHERTYPE.IPV4, udpTo(V10, TRUNK, 9))),
      on(TRUNK_PORT, 'eth1: VLAN 10 ICMP echo request TRUNK > 192.0.2.254 to the bridge MAC', taggedEthernet(brMac, TRUNK.mac, tag(10), ETHERTYPE.IPV4, echo4(TRUNK.ip, BR_IP, 1))),
      on(ACCESS10, 'eth0: untagged ICMP echo request V10 > 192.0.2.254 to the bridge MAC', eth4(brMac, V10.mac, echo4(V10.ip, BR_IP, 2))),
      on(ACCESS10, 'eth0: untagged UDP V10 > TRUNK', eth4(TRUNK.mac, V10.mac, udpTo(V10, TRUNK, 12))),
      on(TRUNK_PORT, 'eth1: VLAN 20 ARP request from TRUNK for 192.0.2.13, broadcast', taggedEthernet(BROADCAST, TRUNK.mac, tag(20), ETHERTYPE.ARP, arpBody(TRUNK, V20.ip))),
    ],
  };
}

/** macvlan: the lower eth0 carries private, vepa, two bridge and a source macvlan; eth1 a passthru one. */
export const MV = {
  lower: { mac: '02:00:00:00:0c:00', ip: '203.0.113.1' },
  priv: { mac: '02:00:00:00:0c:01', ip: '203.0.113.33' },
  vepa: { mac: '02:00:00:00:0c:02', ip: '203.0.113.65' },
  br1: { mac: '02:00:00:00:0c:03', ip: '203.0.113.97' },
  br2: { mac: '02:00:00:00:0c:04', ip: '203.0.113.129' },
  src: { mac: '02:00:00:00:0c:05', ip: '203.0.113.161' },
  /** passthru on eth1 takes eth1's MAC. */
  pt: { mac: '02:00:00:00:0d:00', ip: '203.0.113.193' },
} as const;
/** The outside host X on eth0's wire (an address in each /27), Y on eth1's. */
export const X = { mac: '02:00:00:00:0c:99' } as const;
export const Y = { mac: '02:00:00:00:0d:99', ip: '203.0.113.194' } as const;
/** Z, on eth0's wire, is on the source-mode macvlan's list of source MACs. */
export const Z = { mac: '02:00:00:00:0c:98', ip: '203.0.113.162' } as const;

function macvlan(): CraftedCapture {
  const [E0, E1] = [0, 1];
  /** X's address in the /27 of `ip` (the device's address + 1). */
  const xIn = (ip: string): string => ip.replace(/\.(\d+)$/, (_, n: string) => `.${Number(n) + 1}`);
  const ping = (to: { mac: string; ip: string }, seq: number): Uint8Array => eth4(to.mac, X.mac, echo4(xIn(to.ip), to.ip, seq));
  const nobody = '203.0.113.250';
  return {
    name: 'macvlan.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(E0, 'eth0: ICMP echo request X > 203.0.113.33 to the private macvlan\'s MAC', ping(MV.priv, 1)),
      on(E0, 'eth0: ICMP echo request X > 203.0.113.65 to the vepa macvlan\'s MAC', ping(MV.vepa, 2)),
      on(E0, 'eth0: ICMP echo request X > 203.0.113.97 to the first bridge macvlan\'s MAC', ping(MV.br1, 3)),
      on(E0, 'eth0: ICMP echo request X > 203.0.113.1 to the lower device\'s MAC', ping(MV.lower, 4)),
      on(E0, 'eth0: ICMP echo request X > 203.0.113.161 to the source-mode macvlan\'s MAC', ping(MV.src, 5)),
      on(E0, 'eth0: ICMP echo request X > 203.0.113.1 to an unknown MAC 02:00:00:00:0c:77', eth4('02:00:00:00:0c:77', X.mac, echo4('203.0.113.2', MV.lower.ip, 6))),
      on(E0, 'eth0: ARP request from X for 203.0.113.250 (nobody), broadcast', arpRequest({ mac: X.mac, ip: '203.0.113.2' }, nobody)),
      on(E0, 'eth0: the same broadcast with the private macvlan\'s MAC as Ethernet source', arpRequestFromMac(MV.priv.mac, MV.priv.mac, '203.0.113.40', nobody)),
      on(E0, 'eth0: the same broadcast with the bridge macvlan br1\'s MAC as source', arpRequestFromMac(MV.br1.mac, MV.br1.mac, '203.0.113.100', nobody)),
      on(E0, 'eth0: the same broadcast with the vepa macvlan\'s MAC as source (reflected by the switch)', arpRequestFromMac(MV.vepa.mac, MV.vepa.mac, '203.0.113.70', nobody)),
      on(E0, 'eth0: IGMPv2 general query from X to 224.0.0.1', eth4('01:00:5e:00:00:01', X.mac, igmp('203.0.113.2', '224.0.0.1', igmpV2(0x11, 100, '0.0.0.0')))),
      on(E0, 'eth0: VRRPv3 advertisement from X to 224.0.0.18 (a group nobody joined)', eth4('01:00:5e:00:00:12', X.mac, vrrpPacket({ src: '203.0.113.2', dst: '224.0.0.18' }, { version: 3, type: 1, vrid: 1, priority: 100, interval: 100, authType: 0, checksum: 0, addresses: ['203.0.113.30'] }))),
      on(E1, 'eth1: ICMP echo request Y > 203.0.113.193 to the passthru macvlan\'s (= eth1\'s) MAC', eth4(MV.pt.mac, Y.mac, echo4(Y.ip, MV.pt.ip, 13))),
      on(E1, 'eth1: ICMP echo request Y > 203.0.113.193 to another MAC 02:00:00:00:0d:77', eth4('02:00:00:00:0d:77', Y.mac, echo4(Y.ip, MV.pt.ip, 14))),
      on(E1, 'eth1: ARP request from Y for 203.0.113.193 (the passthru macvlan), broadcast', arpRequest(Y, MV.pt.ip)),
      on(E0, 'eth0: ICMP echo request Z > 203.0.113.161 to the source-mode macvlan\'s MAC (Z is on its source list)', eth4(MV.src.mac, Z.mac, echo4(Z.ip, MV.src.ip, 16))),
      on(E0, 'eth0: ARP request from Z for 203.0.113.250 (nobody), broadcast', arpRequest(Z, nobody)),
    ],
  };
}

/** An 802.1Q sub-interface eth0.10 next to untagged eth0, routing between them. */
function vlanSubinterface(): CraftedCapture {
  const q = (id: number, proto: number = ETHERTYPE.VLAN): { tpid: number; priority: number; dei: number; id: number }[] => [{ tpid: proto, priority: 0, dei: 0, id }];
  return {
    name: 'vlan.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'VLAN 10: ICMP echo request A > 192.0.2.254 (eth0.10\'s address)', data: taggedEthernet(R0.mac, A.mac, q(10), ETHERTYPE.IPV4, echo4(A.ip, R0.ip, 1)) },
      { note: 'VLAN 10: ARP request from A for 192.0.2.254, broadcast', data: taggedEthernet(BROADCAST, A.mac, q(10), ETHERTYPE.ARP, arpRequest(A, R0.ip).subarray(14, 42)) },
      { note: 'untagged: ICMP echo request S > 198.51.100.254 (eth0\'s address)', data: eth4(R0.mac, S.mac, echo4(S.ip, R1.ip, 3)) },
      { note: 'VLAN 20 (no sub-interface): ICMP echo request S > 198.51.100.254 to eth0\'s MAC', data: taggedEthernet(R0.mac, S.mac, q(20), ETHERTYPE.IPV4, echo4(S.ip, R1.ip, 4)) },
      { note: 'priority-tagged (VLAN 0): ICMP echo request S > 198.51.100.254', data: taggedEthernet(R0.mac, S.mac, q(0), ETHERTYPE.IPV4, echo4(S.ip, R1.ip, 5)) },
      { note: 'VLAN 10: ICMP echo request A > S (198.51.100.7), to be routed to the untagged side', data: taggedEthernet(R0.mac, A.mac, q(10), ETHERTYPE.IPV4, echo4(A.ip, S.ip, 6)) },
      { note: 'untagged: ICMP echo reply S > A, to be routed into VLAN 10', data: eth4(R0.mac, S.mac, reply4(S.ip, A.ip, 6)) },
      { note: 'VLAN 10: ICMP echo request A > 192.0.2.254 to another MAC 02:00:00:00:01:77', data: taggedEthernet('02:00:00:00:01:77', A.mac, q(10), ETHERTYPE.IPV4, echo4(A.ip, R0.ip, 8)) },
      { note: '802.1ad S-tag 10 (no 802.1ad sub-interface): ICMP echo request A > 192.0.2.254', data: taggedEthernet(R0.mac, A.mac, q(10, ETHERTYPE.QINQ), ETHERTYPE.IPV4, echo4(A.ip, R0.ip, 9)) },
    ],
  };
}

/** A router's WAN port goes down and comes back (events at frames 4 and 8 in the fixture). */
function linkDown(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const far = '203.0.113.5';
  return {
    name: 'linkdown.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      on(LAN, 'eth0: ICMP echo request A > S', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 1))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.5 (routed via S)', eth4(R0.mac, A.mac, echo4(A.ip, far, 2))),
      on(WAN, 'eth1: ICMP echo reply S > A', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 1))),
      on(LAN, 'eth0: ICMP echo request A > S (eth1 is down)', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 4))),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.5 (eth1 is down)', eth4(R0.mac, A.mac, echo4(A.ip, far, 5))),
      on(LAN, 'eth0: ICMP echo request A > 198.51.100.254 (eth1\'s own address, eth1 is down)', eth4(R0.mac, A.mac, echo4(A.ip, R1.ip, 6))),
      on(WAN, 'eth1: ICMP echo reply S > A arriving on the down port', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 7))),
      on(LAN, 'eth0: ICMP echo request A > S (eth1 is up again)', eth4(R0.mac, A.mac, echo4(A.ip, S.ip, 8))),
      on(WAN, 'eth1: ARP reply from S to the router', arpReply(S, R1)),
      on(LAN, 'eth0: ICMP echo request A > 203.0.113.5 (eth1 is up again)', eth4(R0.mac, A.mac, echo4(A.ip, far, 10))),
      on(WAN, 'eth1: ICMP echo reply S > A', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 8))),
    ],
  };
}

/** Damaged headers and martian addresses. */
function martians(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const udp4 = (src: string, dst: string, n: number): Uint8Array => ipv4Udp(src, dst, 50300 + n, 50300 + n, ascii(`martian ${n}`));
  const ihl4 = udp4(A.ip, R0.ip, 2);
  ihl4[0] = 0x44;
  const long = ipv4({ src: A.ip, dst: R0.ip, protocol: IPPROTO.UDP, totalLength: 1000, id: 0x6303 }, udp(50303, 50303, ascii('martian 3'), { src: A.ip, dst: R0.ip }));
  const long6 = ipv6Udp(A.ip6, R0.ip6, 50305, 50305, ascii('martian 5'));
  writeU16(long6, 4, 1000);
  const cut = eth4(R0.mac, A.mac, udp4(A.ip, R0.ip, 24)).subarray(0, 24);
  return {
    name: 'martians.pcapng',
    format: 'pcapng',
    interfaces: ports('eth0', 'eth1'),
    frames: [
      { ...on(LAN, 'eth0: UDP A > 192.0.2.254 with a bad IPv4 header checksum (intended)', eth4(R0.mac, A.mac, breakChecksum(udp4(A.ip, R0.ip, 1), IPV4.CHECKSUM))), tsharkExpert: 'Bad checksum' },
      { ...on(LAN, 'eth0: IPv4 header length 16 (IHL 4, intended)', eth4(R0.mac, A.mac, ihl4)), tsharkExpert: 'Bogus IP header length' },
      { ...on(LAN, 'eth0: IPv4 total length 1000 in a 60-byte frame (intended)', eth4(R0.mac, A.mac, long)), tsharkExpert: 'IPv4 total length exceeds packet length' },
      { ...on(LAN, 'eth0: a 12-byte runt (two MACs, no EtherType; intended)', concat(mac(R0.mac), mac(A.mac))), tsharkExpert: 'Malformed Packet' },
      { ...on(LAN, 'eth0: IPv6 payload length 1000 in a short frame (intended)', eth6(R0.mac, A.mac, long6)), tsharkExpert: 'IPv6 payload length exceeds framing length' },
      on(LAN, 'eth0: UDP from the multicast source 224.0.0.5 to 192.0.2.254', eth4(R0.mac, A.mac, udp4('224.0.0.5', R0.ip, 6))),
      on(LAN, 'eth0: UDP from 0.0.0.0 to 192.0.2.254', eth4(R0.mac, A.mac, udp4('0.0.0.0', R0.ip, 7))),
      on(LAN, 'eth0: UDP A > 0.0.0.0', eth4(R0.mac, A.mac, udp4(A.ip, '0.0.0.0', 8))),
      on(LAN, 'eth0: UDP A > 127.0.0.1', eth4(R0.mac, A.mac, udp4(A.ip, '127.0.0.1', 9))),
      on(LAN, 'eth0: UDP 127.0.0.1 > 192.0.2.254', eth4(R0.mac, A.mac, udp4('127.0.0.1', R0.ip, 10))),
      on(LAN, 'eth0: UDP from 198.51.100.254 (the router\'s own address) > S, to be forwarded', eth4(R0.mac, A.mac, udp4(R1.ip, S.ip, 11))),
      on(WAN, 'eth1: UDP from 192.0.2.50 (a LAN address, spoofed on the WAN) > 198.51.100.254; eth1 has rp_filter 1', eth4(R1.mac, S.mac, udp4('192.0.2.50', R1.ip, 12))),
      on(WAN, 'eth1: UDP S > 198.51.100.254 (a source rp_filter accepts)', eth4(R1.mac, S.mac, udp4(S.ip, R1.ip, 13))),
      on(LAN, 'eth0: EtherType 0x88b5 (IEEE 802 local experimental)', ethernet(R0.mac, A.mac, 0x88b5, ascii('experimental payload'))),
      on(LAN, 'eth0: UDP A > 192.0.2.254 to another MAC 02:00:00:00:01:77', eth4('02:00:00:00:01:77', A.mac, udp4(A.ip, R0.ip, 15))),
      on(WAN, 'eth1: ICMPv6 echo request S > 2001:db8:2::fe (IPv6 is disabled on eth1)', eth6(R1.mac, S.mac, echo6(S.ip6, R1.ip6, 16))),
      on(LAN, 'eth0: RIPv2 response (UDP 520) A > 224.0.0.9, a group nobody joined', eth4('01:00:5e:00:00:09', A.mac, ipv4Udp(A.ip, '224.0.0.9', 520, 520, hex('02020000'), 1))),
      on(LAN, 'eth0: UDP from the multicast source 224.0.0.5 to 255.255.255.255', eth4(BROADCAST, A.mac, udp4('224.0.0.5', '255.255.255.255', 18))),
      on(LAN, 'eth0: UDP from the multicast source 224.0.0.5 to 224.0.0.1', eth4('01:00:5e:00:00:01', A.mac, udp4('224.0.0.5', '224.0.0.1', 19))),
      on(LAN, 'eth0: UDP from 127.0.0.1 to 224.0.0.1', eth4('01:00:5e:00:00:01', A.mac, udp4('127.0.0.1', '224.0.0.1', 20))),
      on(LAN, 'eth0: UDP from 192.0.2.254 (the router\'s own address) to 192.0.2.255', eth4(BROADCAST, A.mac, udp4(R0.ip, '192.0.2.255', 21))),
      on(LAN, 'eth0: ICMPv6 echo request from the multicast source ff02::1 to 2001:db8:1::fe', eth6(R0.mac, A.mac, echo6('ff02::1', R0.ip6, 22))),
      on(LAN, 'eth0: UDP A > 192.0.2.255 (the LAN\'s directed broadcast), Ethernet broadcast', eth4(BROADCAST, A.mac, udp4(A.ip, '192.0.2.255', 23))),
      { ...on(LAN, 'eth0: UDP A > 192.0.2.254 captured to 24 of its 60 bytes (snap length): the capture cut the IPv4 header', cut), len: cut.length + 36 },
      on(LAN, 'eth0: UDP A > 0.0.0.5 (0.0.0.0/8 other than 0.0.0.0 is unicast since Linux 5.3)', eth4(R0.mac, A.mac, udp4(A.ip, '0.0.0.5', 25))),
      on(LAN, 'eth0: UDP from 0.0.0.5 to 192.0.2.254', eth4(R0.mac, A.mac, udp4('0.0.0.5', R0.ip, 26))),
    ],
  };
}

/** One frame per kind of control traffic a router's host stack receives. */
function hostClasses(): CraftedCapture {
  const toR4 = (packet: Uint8Array): Uint8Array => eth4(R0.mac, A.mac, packet);
  const toR6 = (packet: Uint8Array): Uint8Array => eth6(R0.mac, A.mac, packet);
  const vrrp2 = { version: 2, type: 1, vrid: 10, priority: 100, interval: 1, authType: 0, checksum: 0, addresses: ['192.0.2.100'] };
  const vrrp3 = { version: 3, type: 1, vrid: 20, priority: 150, interval: 100, authType: 0, checksum: 0, addresses: ['192.0.2.101'] };
  const vrrp6 = { version: 3, type: 1, vrid: 30, priority: 200, interval: 100, authType: 0, checksum: 0, addresses: ['fe80::100', '2001:db8:1::100'] };
  const ra = concat([64, 0, 0x07, 0x08], [0, 0, 0, 0], [0, 0, 0, 0], ndLinkLayerOption(1, mac(A.mac)));
  const redirect = concat([0, 0, 0, 0], ip6('fe80::2'), ip6('2001:db8:5::1'));
  const rs = concat([0, 0, 0, 0], ndLinkLayerOption(1, mac(A.mac)));
  const relayForward = concat([12, 0], ip6(R0.ip6), ip6(A.ll));
  return {
    name: 'host-classes.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'VRRPv2 advertisement A > 192.0.2.254 (unicast peer), VRID 10', data: toR4(vrrpPacket({ src: A.ip, dst: R0.ip }, vrrp2)) },
      { note: 'VRRPv3 advertisement over IPv4 A > 192.0.2.254 (unicast peer), VRID 20', data: toR4(vrrpPacket({ src: A.ip, dst: R0.ip }, vrrp3)) },
      { note: 'VRRPv3 advertisement over IPv6 fe80::1 > fe80::ff:fe00:1fe (unicast peer), VRID 30', data: toR6(vrrpPacket({ src: A.ll, dst: R0.ll }, vrrp6)) },
      { note: 'IGMPv2 general query A > 224.0.0.1', data: eth4('01:00:5e:00:00:01', A.mac, igmp(A.ip, '224.0.0.1', igmpV2(0x11, 100, '0.0.0.0'))) },
      { note: 'IGMPv1 report for 239.1.1.1, unicast to 192.0.2.254', data: toR4(igmp(A.ip, R0.ip, igmpV2(0x12, 0, '239.1.1.1'))) },
      { note: 'IGMPv2 report for 239.1.1.1, unicast to 192.0.2.254', data: toR4(igmp(A.ip, R0.ip, igmpV2(0x16, 0, '239.1.1.1'))) },
      { note: 'IGMPv2 leave for 239.1.1.1, unicast to 192.0.2.254', data: toR4(igmp(A.ip, R0.ip, igmpV2(0x17, 0, '239.1.1.1'))) },
      { note: 'IGMPv3 report (join 239.1.1.1), unicast to 192.0.2.254', data: toR4(igmp(A.ip, R0.ip, igmpV3Report('239.1.1.1'))) },
      { note: 'MLDv1 general query fe80::1 > ff02::1', data: eth6('33:33:00:00:00:01', A.mac, mld(A.ll, 'ff02::1', 130, mldV1(10000, '::'))) },
      { note: 'MLDv1 report for ff05::1:3, unicast to fe80::ff:fe00:1fe', data: toR6(mld(A.ll, R0.ll, 131, mldV1(0, 'ff05::1:3'))) },
      { note: 'MLDv1 done for ff05::1:3 to ff02::2 (all routers)', data: eth6('33:33:00:00:00:02', A.mac, mld(A.ll, 'ff02::2', 132, mldV1(0, 'ff05::1:3'))) },
      { note: 'MLDv2 report (join ff05::1:3), unicast to fe80::ff:fe00:1fe', data: toR6(mld(A.ll, R0.ll, 143, mldV2Report('ff05::1:3'))) },
      { note: 'ICMPv6 router solicitation fe80::1 > ff02::2', data: eth6('33:33:00:00:00:02', A.mac, ipv6({ src: A.ll, dst: 'ff02::2', nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(133, 0, rs, { src: A.ll, dst: 'ff02::2' }))) },
      { note: 'ICMPv6 router advertisement fe80::1 > ff02::1', data: eth6('33:33:00:00:00:01', A.mac, ipv6({ src: A.ll, dst: 'ff02::1', nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(134, 0, ra, { src: A.ll, dst: 'ff02::1' }))) },
      { note: 'ICMPv6 redirect fe80::1 > fe80::ff:fe00:1fe (to 2001:db8:5::1 use fe80::2)', data: toR6(ipv6({ src: A.ll, dst: R0.ll, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(137, 0, redirect, { src: A.ll, dst: R0.ll }))) },
      { note: 'DHCPDISCOVER 0.0.0.0:68 > 255.255.255.255:67, Ethernet broadcast', data: eth4(BROADCAST, A.mac, ipv4Udp('0.0.0.0', '255.255.255.255', 68, 67, dhcpDiscover(A.mac))) },
      { note: 'DHCPv6 relay-forward 2001:db8:1::1:547 > 2001:db8:1::fe:547 (unicast to the server)', data: toR6(ipv6Udp(A.ip6, R0.ip6, 547, 547, relayForward)) },
      { note: 'OSPFv2 hello A > 192.0.2.254 (unicast neighbour)', data: toR4(ipv4({ src: A.ip, dst: R0.ip, protocol: 89, ttl: 1, dsfield: 0xc0, id: 0x6400 }, ospf2Hello('192.0.2.1'))) },
      { note: 'OSPFv3 hello fe80::1 > fe80::ff:fe00:1fe (unicast neighbour)', data: toR6(ipv6({ src: A.ll, dst: R0.ll, nextHeader: 89, hopLimit: 1 }, ospf3Hello(A.ll, R0.ll, '192.0.2.1'))) },
      { note: 'TCP SYN A:40179 > 192.0.2.254:179 (BGP)', data: toR4(ipv4({ src: A.ip, dst: R0.ip, protocol: IPPROTO.TCP, id: 0x6500 }, bgpSyn(A.ip, R0.ip))) },
      { note: 'TCP SYN 2001:db8:1::1 > 2001:db8:1::fe port 179 (BGP)', data: toR6(ipv6({ src: A.ip6, dst: R0.ip6, nextHeader: IPPROTO.TCP }, bgpSyn(A.ip6, R0.ip6))) },
      { note: 'BFD control A:49152 > 192.0.2.254:3784, TTL 255', data: toR4(ipv4Udp(A.ip, R0.ip, 49152, 3784, BFD_CONTROL, 255)) },
      { note: 'BFD control 2001:db8:1::1 > 2001:db8:1::fe port 3784, hop limit 255', data: toR6(ipv6Udp(A.ip6, R0.ip6, 49152, 3784, BFD_CONTROL, 255)) },
      { note: 'PIMv2 null register A > 192.0.2.254 (unicast to the RP)', data: toR4(ipv4({ src: A.ip, dst: R0.ip, protocol: 103, id: 0x6600 }, pim(1))) },
      { note: 'PIMv2 null register 2001:db8:1::1 > 2001:db8:1::fe (unicast to the RP)', data: toR6(ipv6({ src: A.ip6, dst: R0.ip6, nextHeader: 103 }, pim(1, { src: A.ip6, dst: R0.ip6 }))) },
      { note: 'ICMPv6 echo request fe80::1 > ff02::1 (all nodes)', data: eth6('33:33:00:00:00:01', A.mac, echo6(A.ll, 'ff02::1', 26)) },
      { note: 'ICMPv6 echo request fe80::1 > ff02::2 (all routers)', data: eth6('33:33:00:00:00:02', A.mac, echo6(A.ll, 'ff02::2', 27)) },
      { note: 'LLDP from A to 01:80:c2:00:00:0e', data: lldp(A.mac, 'a-port') },
    ],
  };
}

/** Control traffic to the groups daemons join, on a box where no daemon joined any. */
function membership(): CraftedCapture {
  const m4 = (group: string): string => `01:00:5e:00:00:${Number(group.split('.')[3]).toString(16).padStart(2, '0')}`;
  const m6 = (last: number): string => `33:33:00:00:00:${last.toString(16).padStart(2, '0')}`;
  const vrrp3 = { version: 3, type: 1, vrid: 20, priority: 150, interval: 100, authType: 0, checksum: 0, addresses: ['192.0.2.101'] };
  const vrrp6 = { version: 3, type: 1, vrid: 30, priority: 200, interval: 100, authType: 0, checksum: 0, addresses: ['fe80::100'] };
  const rs = concat([0, 0, 0, 0], ndLinkLayerOption(1, mac(A.mac)));
  const solicit = hex('01 123456 0008 0002 0000');
  const sn = solicitedNode(R0.ip6);
  return {
    name: 'membership.pcap',
    format: 'pcap',
    linkType: LINKTYPE.ETHERNET,
    frames: [
      { note: 'VRRPv3 advertisement A > 224.0.0.18', data: eth4(m4('224.0.0.18'), A.mac, vrrpPacket({ src: A.ip, dst: '224.0.0.18' }, vrrp3)) },
      { note: 'VRRPv3 advertisement fe80::1 > ff02::12', data: eth6(m6(0x12), A.mac, vrrpPacket({ src: A.ll, dst: 'ff02::12' }, vrrp6)) },
      { note: 'OSPFv2 hello A > 224.0.0.5 (AllSPFRouters)', data: eth4(m4('224.0.0.5'), A.mac, ipv4({ src: A.ip, dst: '224.0.0.5', protocol: 89, ttl: 1, dsfield: 0xc0, id: 0x6700 }, ospf2Hello('192.0.2.1'))) },
      { note: 'OSPFv3 hello fe80::1 > ff02::5 (AllSPFRouters)', data: eth6(m6(5), A.mac, ipv6({ src: A.ll, dst: 'ff02::5', nextHeader: 89, hopLimit: 1 }, ospf3Hello(A.ll, 'ff02::5', '192.0.2.1'))) },
      { note: 'PIMv2 hello A > 224.0.0.13 (ALL-PIM-ROUTERS)', data: eth4(m4('224.0.0.13'), A.mac, ipv4({ src: A.ip, dst: '224.0.0.13', protocol: 103, ttl: 1, id: 0x6800 }, pim(0))) },
      { note: 'PIMv2 hello fe80::1 > ff02::d (ALL-PIM-ROUTERS)', data: eth6(m6(0x0d), A.mac, ipv6({ src: A.ll, dst: 'ff02::d', nextHeader: 103, hopLimit: 1 }, pim(0, { src: A.ll, dst: 'ff02::d' }))) },
      { note: 'IGMPv2 report for 239.1.1.1, to 239.1.1.1', data: eth4('01:00:5e:01:01:01', A.mac, igmp(A.ip, '239.1.1.1', igmpV2(0x16, 0, '239.1.1.1'))) },
      { note: 'IGMPv3 report (join 239.1.1.1) to 224.0.0.22', data: eth4(m4('224.0.0.22'), A.mac, igmp(A.ip, '224.0.0.22', igmpV3Report('239.1.1.1'))) },
      { note: 'IGMPv2 leave for 239.1.1.1 to 224.0.0.2 (all routers)', data: eth4(m4('224.0.0.2'), A.mac, igmp(A.ip, '224.0.0.2', igmpV2(0x17, 0, '239.1.1.1'))) },
      { note: 'IGMPv2 general query A > 224.0.0.1', data: eth4(m4('224.0.0.1'), A.mac, igmp(A.ip, '224.0.0.1', igmpV2(0x11, 100, '0.0.0.0'))) },
      { note: 'MLDv2 report (join ff05::1:3) fe80::1 > ff02::16', data: eth6(m6(0x16), A.mac, mld(A.ll, 'ff02::16', 143, mldV2Report('ff05::1:3'))) },
      { note: 'MLDv1 done for ff05::1:3, fe80::1 > ff02::2 (all routers)', data: eth6(m6(2), A.mac, mld(A.ll, 'ff02::2', 132, mldV1(0, 'ff05::1:3'))) },
      { note: 'ICMPv6 router solicitation fe80::1 > ff02::2', data: eth6(m6(2), A.mac, ipv6({ src: A.ll, dst: 'ff02::2', nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(133, 0, rs, { src: A.ll, dst: 'ff02::2' }))) },
      { note: 'DHCPv6 solicit fe80::1:546 > ff02::1:2:547 (All_DHCP_Relay_Agents_and_Servers)', data: eth6('33:33:00:01:00:02', A.mac, ipv6Udp(A.ll, 'ff02::1:2', 546, 547, solicit, 1)) },
      { note: 'ICMPv6 echo request fe80::1 > ff02::1 (all nodes)', data: eth6(m6(1), A.mac, echo6(A.ll, 'ff02::1', 15)) },
      { note: 'RIPv2 response A > 224.0.0.9 (UDP 520)', data: eth4(m4('224.0.0.9'), A.mac, ipv4Udp(A.ip, '224.0.0.9', 520, 520, hex('02020000'), 1)) },
      { note: 'ICMPv6 echo request fe80::1 > ff02::1:ff00:fe (the solicited-node group of 2001:db8:1::fe)', data: eth6(sn.mac, A.mac, echo6(A.ll, sn.ip, 17)) },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Spectrum (platform spectrum) captures: the router's ports are swp1 … swp4 with R0's and
// R1's MACs on swp1 and swp2 (fixtures/spectrum/).

const VMAC10 = '00:00:5e:00:01:0a';
const VMAC20 = '00:00:5e:00:01:14';
const VMAC30 = '00:00:5e:00:01:1e';

/** An IEEE 802.1D configuration BPDU in an 802.3 / LLC frame (length 38, DSAP/SSAP 0x42). */
function stpBpdu(src: string): Uint8Array {
  const bpdu = concat(hex('424203 0000 00 00'), hex('8000'), mac(src), hex('00000000'), hex('8000'), mac(src), hex('8001 0000 1400 0200 0f00'));
  return ethernet('01:80:c2:00:00:00', src, bpdu.length, bpdu);
}

/** A LACPDU header (slow protocols subtype 1, version 1) padded to its 110 bytes. */
function lacpdu(src: string): Uint8Array {
  const pdu = new Uint8Array(110);
  pdu.set([0x01, 0x01, 0x01, 0x14], 0);
  return ethernet('01:80:c2:00:00:02', src, 0x8809, pdu);
}

/** An EAPOL-Start (IEEE 802.1X-2010 §11.3: version 2, type 1, no body). */
function eapolStart(src: string): Uint8Array {
  return ethernet('01:80:c2:00:00:03', src, 0x888e, hex('02010000'));
}

/** What the ASIC of a Spectrum router decides for traffic to its router MACs (fixtures/spectrum/asic-decisions.yaml). */
function spectrumRouter(): CraftedCapture {
  const [LAN, WAN] = [0, 1];
  const toRouter = (packet: Uint8Array): Uint8Array => eth4(R0.mac, A.mac, packet);
  const toRouter6 = (packet: Uint8Array): Uint8Array => eth6(R0.mac, A.mac, packet);
  const fromSource = (src: string, dst: string): Uint8Array => ping4(src, dst, ICMP_TYPE.ECHO_REQUEST, 30);
  return {
    name: 'spectrum-router.pcapng',
    format: 'pcapng',
    interfaces: ports('swp1', 'swp2'),
    frames: [
      on(LAN, 'swp1: ICMP echo request A > S, to the router MAC (S resolved)', toRouter(echo4(A.ip, S.ip, 1))),
      on(WAN, 'swp2: ICMP echo reply S > A, to the router MAC', eth4(R1.mac, S.mac, reply4(S.ip, A.ip, 1))),
      on(LAN, 'swp1: ICMP echo request A > 203.0.113.1 (203.0.113.0/26 via S)', toRouter(echo4(A.ip, '203.0.113.1', 2))),
      on(LAN, 'swp1: ICMP echo request A > 203.0.113.65 (203.0.113.64/26 via 198.51.100.200, never resolved)', toRouter(echo4(A.ip, '203.0.113.65', 3))),
      on(LAN, 'swp1: ICMP echo request A > 203.0.113.129 (blackhole 203.0.113.128/26)', toRouter(echo4(A.ip, '203.0.113.129', 4))),
      on(LAN, 'swp1: ICMP echo request A > 203.0.113.193 (unreachable 203.0.113.192/26)', toRouter(echo4(A.ip, '203.0.113.193', 5))),
      on(LAN, 'swp1: ICMP echo request A > 192.0.2.254 (the router)', toRouter(echo4(A.ip, R0.ip, 6))),
      on(LAN, 'swp1: ICMP echo request A > 198.18.0.1 (no route)', toRouter(echo4(A.ip, '198.18.0.1', 7))),
      on(LAN, 'swp1: ICMP echo request A > S with TTL 1', toRouter(echo4(A.ip, S.ip, 8, 1))),
      on(LAN, 'swp1: UDP A > S, 1500 bytes of IPv4 with DF (swp2 has MTU 1400)', toRouter(bigUdp4(A.ip, S.ip, 1500))),
      on(LAN, 'swp1: ICMP echo request 127.0.0.1 > S (loopback source)', toRouter(fromSource('127.0.0.1', S.ip))),
      on(LAN, 'swp1: ICMP echo request A > 127.0.0.1 (loopback destination)', toRouter(fromSource(A.ip, '127.0.0.1'))),
      on(LAN, 'swp1: ICMP echo request 224.1.1.1 > S (multicast source)', toRouter(fromSource('224.1.1.1', S.ip))),
      on(LAN, 'swp1: ICMP echo request 255.255.255.255 > S (limited broadcast source)', toRouter(fromSource('255.255.255.255', S.ip))),
      on(LAN, 'swp1: ICMP echo request A > S with a bad IPv4 header checksum', toRouter(breakChecksum(echo4(A.ip, S.ip, 9), IPV4.CHECKSUM))),
      on(LAN, 'swp1: EtherType 0x88b5 (local experimental) to the router MAC', ethernet(R0.mac, A.mac, 0x88b5, ascii('not IP at all'))),
      on(LAN, 'swp1: ICMP echo request A > S from a multicast source MAC', eth4(R0.mac, '03:00:00:00:01:01', echo4(A.ip, S.ip, 10))),
      on(LAN, 'swp1: ICMP echo request A > 172.16.0.1 (172.16.0.0/16 dev dummy0, not an ASIC port)', toRouter(echo4(A.ip, '172.16.0.1', 11))),
      on(LAN, 'swp1: ICMPv6 echo request A > S', toRouter6(echo6(A.ip6, S.ip6, 12))),
      on(LAN, "swp1: ICMPv6 echo request A > the router's link-local address", toRouter6(echo6(A.ll, R0.ll, 13))),
      on(LAN, 'swp1: ICMPv6 echo request A > ff00::1 (reserved scope), to the router MAC', toRouter6(echo6(A.ll, 'ff00::1', 14))),
      on(LAN, 'swp1: ICMPv6 echo request A > ff01::1 (interface-local scope), to the router MAC', toRouter6(echo6(A.ll, 'ff01::1', 15))),
      on(LAN, 'swp1: ICMPv6 echo request A > 2001:db8:99::1 (no route)', toRouter6(echo6(A.ip6, '2001:db8:99::1', 16))),
      on(LAN, 'swp1: mDNS query A > 224.0.0.251 (UDP 5353)', eth4('01:00:5e:00:00:fb', A.mac, ipv4Udp(A.ip, '224.0.0.251', 5353, 5353, hex('0000 0000 0001 0000 0000 0000'), 255))),
      on(LAN, 'swp1: ICMP echo request A > 192.0.2.254 in a multicast frame (01:00:5e:00:00:01)', eth4('01:00:5e:00:00:01', A.mac, echo4(A.ip, R0.ip, 17))),
      on(LAN, 'swp1: LLDP from A', lldp(A.mac, 'a0')),
      on(LAN, 'swp1: STP configuration BPDU from A', stpBpdu(A.mac)),
      on(LAN, 'swp1: LACPDU from A', lacpdu(A.mac)),
      on(LAN, 'swp1: EAPOL-Start from A', eapolStart(A.mac)),
      on(LAN, 'swp1: ARP request from A: who has 192.0.2.254?', arpRequest(A, R0.ip)),
      on(LAN, 'swp1: ICMP echo request A > 198.51.100.50 (on swp2\'s link, not resolved)', toRouter(echo4(A.ip, '198.51.100.50', 18))),
      on(LAN, 'swp1: ICMPv6 echo request A > ff02::1 (all nodes) from fe80::1', eth6('33:33:00:00:00:01', A.mac, echo6(A.ll, 'ff02::1', 19))),
      on(LAN, 'swp1: VRRPv2 advertisement from A (VRID 1) with TTL 1, not the 255 RFC 3768 §5.2.2 wants', eth4('01:00:5e:00:00:12', A.mac, vrrpPacket({ src: A.ip, dst: '224.0.0.18', ttl: 1 }, { version: 2, type: 1, vrid: 1, priority: 100, interval: 1, authType: 0, checksum: 0, addresses: ['192.0.2.250'] }))),
      on(LAN, 'swp1: VRRPv3 advertisement fe80::1 > ff02::12 (VRID 2)', eth6('33:33:00:00:00:12', A.mac, vrrpPacket({ src: A.ll, dst: 'ff02::12', hopLimit: 255 }, { version: 3, type: 1, vrid: 2, priority: 100, interval: 100, authType: 0, checksum: 0, addresses: ['fe80::250'] }))),
    ],
  };
}

/**
 * Frames to virtual router MACs while macvlans come and go (fixtures/spectrum/vrrp-programming.yaml):
 * a routed port swp1 and a bridge of swp3 and swp4, each with VRRP macvlans.
 */
function vrrpProgramming(): CraftedCapture {
  const [SWP1, , SWP3, SWP4] = [0, 1, 2, 3];
  const toS = (dmac: string, seq: number): Uint8Array => eth4(dmac, A.mac, echo4(A.ip, S.ip, seq));
  const advert = (vmac: string, vrid: number, src: string): Uint8Array =>
    eth4('01:00:5e:00:00:12', vmac, vrrpPacket({ src, dst: '224.0.0.18', ttl: 255 }, { version: 2, type: 1, vrid, priority: 100, interval: 1, authType: 0, checksum: 0, addresses: ['192.0.2.250'] }));
  return {
    name: 'vrrp-programming.pcapng',
    format: 'pcapng',
    interfaces: ports('swp1', 'swp2', 'swp3', 'swp4'),
    frames: [
      on(SWP1, 'swp1: A > S to VMAC 10 (vrrp.10 exists, swp1 has no address yet)', toS(VMAC10, 1)),
      on(SWP1, 'swp1: A > S to VMAC 10 (swp1 got 192.0.2.254/24)', toS(VMAC10, 2)),
      on(SWP1, 'swp1: A > S to VMAC 20 (vrrp.20 up, no address)', toS(VMAC20, 3)),
      on(SWP1, 'swp1: A > S to VMAC 10 (vrrp.20 got an address)', toS(VMAC10, 4)),
      on(SWP1, 'swp1: A > S to VMAC 20', toS(VMAC20, 5)),
      on(SWP1, 'swp1: A > S to VMAC 20 (its address removed)', toS(VMAC20, 6)),
      on(SWP1, 'swp1: A > S to VMAC 10', toS(VMAC10, 7)),
      on(SWP1, 'swp1: A > S to VMAC 10 (vrrp.10 deleted)', toS(VMAC10, 8)),
      on(SWP1, "swp1: A > S to swp1's MAC (swp1's address removed)", toS(R0.mac, 9)),
      on(SWP4, "swp4: the other router's VRRP advert from VMAC 30 (the bridge learns it on swp4)", advert(VMAC30, 30, '192.0.2.252')),
      on(SWP3, 'swp3: A > S to VMAC 30 (bridged to swp4)', toS(VMAC30, 10)),
      on(SWP3, 'swp3: A > S to VMAC 30 (vrrp.30 on br0 got an address)', toS(VMAC30, 11)),
    ],
  };
}

/** ARP around a virtual router on a bridge (fixtures/spectrum/vrrp-arp*.yaml, V-19). */
function vrrpArp(): CraftedCapture {
  const [SWP1, SWP2] = [0, 1];
  const vip = '192.0.2.250';
  return {
    name: 'vrrp-arp.pcapng',
    format: 'pcapng',
    interfaces: ports('swp1', 'swp2'),
    frames: [
      on(SWP1, 'swp1: ARP request from A: who has 192.0.2.250 (the VIP)?', arpRequest(A, vip)),
      on(SWP2, "swp2: the other router's gratuitous ARP for 192.0.2.252 from VMAC 30", arpRequestFromMac(VMAC30, VMAC30, '192.0.2.252', '192.0.2.252')),
      on(SWP1, "swp1: ARP reply from A (192.0.2.1) to the router's VMAC 10, answering a request for A", arpFrame(ARP_OP.REPLY, { mac: A.mac, ip: A.ip }, { mac: VMAC10, ip: vip })),
      on(SWP1, 'swp1: ICMP echo request A > the VIP, to VMAC 10', eth4(VMAC10, A.mac, echo4(A.ip, vip, 1))),
    ],
  };
}

/** Every stack capture, in the order they are written. */
export function craftedStackCaptures(): CraftedCapture[] {
  return [routingV4(), routerV4(), routingV6(), routerV6(), neighbours(), bridge(), bridgeVlan(), macvlan(), vlanSubinterface(), linkDown(), martians(), hostClasses(), membership(), spectrumRouter(), vrrpProgramming(), vrrpArp()];
}

function main(argv: readonly string[]): void {
  runRecipes(argv[0] ?? join('pcaps', 'stack'), craftedStackCaptures());
}

if (require.main === module) main(process.argv.slice(2));
