import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureError } from '../../src/capture/capture-error';
import { LINKTYPE } from '../../src/capture/link-type';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { loadFixture } from '../../src/fixture/load-fixture';
import { OTHERHOST_MAC, NO_SOURCE_MAC } from '../../src/replay/ethernet-view';
import { replay } from '../../src/replay/replay';
import type { ReplayRecord } from '../../src/decision/records';
import { formatMac } from '../../src/addr/mac';
import { arp, concat, ETHERTYPE, ethernet, IPPROTO, ipv4, ipv6, mac, nullHeader, sll, udp } from '../../src/wire/frame-builder';
import { SLL_PACKET } from '../../src/wire/sll';
import { routerFixture, runCli } from '../cli/cli-helpers';
import { decisions, frames, Scratch } from './replay-helpers';

// Frames of Linux cooked captures (SLL, SLL2: `tcpdump -i any`) and raw IP enter a port as the
// Ethernet frame the capturing kernel saw (packet_rcv keeps the packet type, the source MAC and
// the protocol), so a replay decides exactly what it decides on an Ethernet capture of the same
// frames; what has no Ethernet form is refused with exit 2, never dropped as unhandled_proto.

const PORT0_MAC = '02:00:00:00:01:fe';
const HOST_A = '02:00:00:00:00:01';

const ROUTER = (capture: string, ingress = 'ingress: { default: eth0 }'): string =>
  routerFixture({ description: 'a two-port router for both families', capture, ingress, dualStack: true });

const udp4 = (dst: string, ttl = 64): Uint8Array => ipv4({ src: '192.0.2.1', dst, protocol: IPPROTO.UDP, ttl }, udp(1000, 2000, new Uint8Array(8)));
const udp6 = ipv6({ src: '2001:db8:1::1', dst: '2001:db8:2::2', nextHeader: IPPROTO.UDP, hopLimit: 64 }, udp(1000, 2000, new Uint8Array(8)));
const arpRequest = arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: 1, senderMac: HOST_A, senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.254' });

/** One of each packet type a port receives, with the Ethernet destination the kernel saw. */
const RECEIVED: readonly { readonly what: string; readonly pktType: number; readonly type: number; readonly payload: Uint8Array; readonly dst: string }[] = [
  { what: 'a transit UDP packet (PACKET_HOST)', pktType: SLL_PACKET.HOST, type: ETHERTYPE.IPV4, payload: udp4('198.51.100.2'), dst: PORT0_MAC },
  { what: 'a transit packet with TTL 1', pktType: SLL_PACKET.HOST, type: ETHERTYPE.IPV4, payload: udp4('198.51.100.2', 1), dst: PORT0_MAC },
  { what: 'an ARP request for the router (PACKET_BROADCAST)', pktType: SLL_PACKET.BROADCAST, type: ETHERTYPE.ARP, payload: arpRequest, dst: 'ff:ff:ff:ff:ff:ff' },
  { what: 'UDP to 224.0.0.251 (PACKET_MULTICAST)', pktType: SLL_PACKET.MULTICAST, type: ETHERTYPE.IPV4, payload: udp4('224.0.0.251'), dst: '01:00:5e:00:00:fb' },
  { what: 'UDP to a host of the LAN, seen in promiscuous mode (PACKET_OTHERHOST)', pktType: SLL_PACKET.OTHERHOST, type: ETHERTYPE.IPV4, payload: udp4('192.0.2.99'), dst: formatMac(OTHERHOST_MAC, 0) },
  { what: 'a transit IPv6 packet', pktType: SLL_PACKET.HOST, type: ETHERTYPE.IPV6, payload: udp6, dst: PORT0_MAC },
];

const cooked = (version: 1 | 2, pktType: number, protocol: number, payload: Uint8Array, ifindex = 2, src = HOST_A): Uint8Array =>
  sll({ version, pktType, haType: 1, haLen: 6, mac: mac(src), protocol, ifindex }, payload);

let scratch: Scratch;
beforeAll(() => {
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

/** Replays `frames` as an Ethernet capture of the rebuilt frames, the reference. */
function ethernetReplay(name: string, list: readonly { readonly type: number; readonly payload: Uint8Array; readonly dst: string }[], src = HOST_A): ReturnType<typeof decisions> {
  scratch.pcap(`${name}.pcap`, LINKTYPE.ETHERNET, list.map((f) => ethernet(f.dst, src, f.type, f.payload, false)));
  return decisions(scratch.replay(`${name}.yaml`, ROUTER(`${name}.pcap`)));
}

describe('Linux cooked captures replay as the Ethernet frames the kernel saw (packet_rcv, eth_type_trans)', () => {
  const reference = (): ReturnType<typeof decisions> => ethernetReplay('eth-reference', RECEIVED);

  for (const [version, linkType] of [[1, LINKTYPE.LINUX_SLL], [2, LINKTYPE.LINUX_SLL2]] as const) {
    test(`SLL${version === 2 ? '2' : ''} (link type ${linkType}): every packet type a port receives decides as on Ethernet`, () => {
      scratch.pcap(`sll${version}.pcap`, linkType, RECEIVED.map((f) => cooked(version, f.pktType, f.type, f.payload)));
      const records = scratch.replay(`sll${version}.yaml`, ROUTER(`sll${version}.pcap`));
      expect(decisions(records)).toEqual(reference());
      const got = frames(records);
      expect(got.map((r) => [r.verdict, r.reason])).toEqual([
        ['forward', undefined],
        ['drop', 'ip_inhdr'],
        ['trap', 'arp_request'],
        expect.anything(),
        // ip_rcv_core: PACKET_OTHERHOST is not for this host (SKB_DROP_REASON_OTHERHOST).
        ['drop', 'otherhost'],
        ['forward', undefined],
      ]);
      expect(got[0]!.egress).toEqual([{ port: 'eth1', fields: expect.objectContaining({ 'eth.src': '02:00:00:00:02:fe', 'eth.dst': '02:00:00:00:02:02', 'ip.ttl': 63 }) }]);
      expect(got.some((r) => r.reason === 'unhandled_proto')).toBe(false);
    });
  }

  test('the ARP reply goes to the MAC of the cooked header (sll.src.eth)', () => {
    scratch.pcap('sll-arp.pcap', LINKTYPE.LINUX_SLL2, [cooked(2, SLL_PACKET.BROADCAST, ETHERTYPE.ARP, arpRequest)]);
    const sent = scratch.replay('sll-arp.yaml', ROUTER('sll-arp.pcap')).filter((r) => r.type === 'generated');
    expect(sent).toEqual([expect.objectContaining({ kind: 'arp_reply', port: 'eth0', fields: expect.objectContaining({ 'eth.dst': HOST_A }) })]);
  });

  test('a VLAN tag libpcap put back before the protocol stays in the frame, and the group MAC comes from the tagged IPv4 destination', () => {
    const tagged = new Uint8Array(4 + RECEIVED[3]!.payload.length);
    tagged.set([0x00, 0x0a, 0x08, 0x00]);
    tagged.set(RECEIVED[3]!.payload, 4);
    scratch.pcap('sll-vlan.pcap', LINKTYPE.LINUX_SLL, [cooked(1, SLL_PACKET.MULTICAST, ETHERTYPE.VLAN, tagged)]);
    const got = decisions(scratch.replay('sll-vlan.yaml', ROUTER('sll-vlan.pcap')));
    expect(got).toEqual(ethernetReplay('eth-vlan', [{ type: ETHERTYPE.VLAN, payload: tagged, dst: '01:00:5e:00:00:fb' }]));
  });

  test('a cooked header cut by the snap length is damage, not a link type: the port drops it (hdr_trunc; a runt: pkt_too_small)', () => {
    const file = scratch.pcap('sll-cut.pcap', LINKTYPE.LINUX_SLL, [cooked(1, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2')).subarray(0, 10)]);
    expect(frames(scratch.replay('sll-runt.yaml', ROUTER('sll-cut.pcap'))).map((r) => r.reason)).toEqual(['pkt_too_small']);
    const w = new PcapWriter(file, { linkType: LINKTYPE.LINUX_SLL });
    w.write(cooked(1, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2')).subarray(0, 10), 1700000000, 0, 60);
    w.close();
    expect(frames(scratch.replay('sll-cut.yaml', ROUTER('sll-cut.pcap'))).map((r) => r.reason)).toEqual(['hdr_trunc']);
  });

  test('SLL2 interface indexes choose the port through ingress rules (sll.ifindex)', () => {
    scratch.pcap('sll2-ifindex.pcap', LINKTYPE.LINUX_SLL2, [
      cooked(2, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2'), 2),
      cooked(2, SLL_PACKET.HOST, ETHERTYPE.IPV4, ipv4({ src: '198.51.100.2', dst: '192.0.2.1', protocol: IPPROTO.UDP }, udp(1, 2, new Uint8Array(8))), 3, '02:00:00:00:02:02'),
      cooked(2, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2'), 1),
    ]);
    const ingress = `ingress:
  rules:
    - { where: "sll.ifindex == 2", port: eth0 }
    - { where: "sll.ifindex == 3", port: eth1 }
  default: none`;
    const records = scratch.replay('sll2-ifindex.yaml', ROUTER('sll2-ifindex.pcap', ingress));
    expect(frames(records).map((r) => [r.frame, r.ingress, r.verdict, r.egress?.[0]?.port])).toEqual([
      [1, 'eth0', 'forward', 'eth1'],
      [2, 'eth1', 'forward', 'eth0'],
    ]);
    expect(records.filter((r) => r.type === 'skipped')).toEqual([expect.objectContaining({ frame: 3, why: 'ingress none' })]);
  });

  test('what the box sent (PACKET_OUTGOING, PACKET_LOOPBACK) is skipped as outbound, as pcapng direction flags are', () => {
    scratch.pcap('sll-out.pcap', LINKTYPE.LINUX_SLL2, [
      cooked(2, SLL_PACKET.OUTGOING, ETHERTYPE.IPV4, udp4('198.51.100.2'), 3, PORT0_MAC),
      cooked(2, SLL_PACKET.LOOPBACK, ETHERTYPE.IPV4, udp4('224.0.0.251'), 2, PORT0_MAC),
      cooked(2, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2')),
    ]);
    const records = scratch.replay('sll-out.yaml', ROUTER('sll-out.pcap'));
    expect(records.filter((r) => r.type === 'skipped')).toEqual([expect.objectContaining({ frame: 1, why: 'outbound' }), expect.objectContaining({ frame: 2, why: 'outbound' })]);
    expect(frames(records).map((r) => [r.frame, r.verdict])).toEqual([[3, 'forward']]);
    // outbound: replay asks for what a cooked header cannot give back: the destination MAC.
    expect(() => scratch.replay('sll-out-replay.yaml', ROUTER('sll-out.pcap', 'ingress: { default: eth0, outbound: replay }'))).toThrow(/frame 1 \(offset 0x18\): LINUX_SLL2 packet type 4 \(PACKET_OUTGOING\) is a frame the capturing host sent/);
  });
});

describe('raw IP (LINKTYPE_RAW 101, DLT_RAW 12 and 14, LINKTYPE_IPV4 228, LINKTYPE_IPV6 229) enters as IP on the mapped port', () => {
  const IP_FRAMES = RECEIVED.filter((f) => f.type !== ETHERTYPE.ARP && f.pktType !== SLL_PACKET.OTHERHOST);
  const reference = (): ReturnType<typeof decisions> => ethernetReplay('eth-raw-reference', IP_FRAMES, formatMac(NO_SOURCE_MAC, 0));

  for (const linkType of [LINKTYPE.RAW, LINKTYPE.DLT_RAW, LINKTYPE.DLT_RAW_OPENBSD]) {
    test(`link type ${linkType}: the port's MAC as destination (a group's MAC for multicast), the EtherType from the version nibble`, () => {
      scratch.pcap(`raw${linkType}.pcap`, linkType, IP_FRAMES.map((f) => f.payload));
      const records = scratch.replay(`raw${linkType}.yaml`, ROUTER(`raw${linkType}.pcap`));
      expect(decisions(records)).toEqual(reference());
      expect(frames(records).map((r) => r.verdict)).toEqual(['forward', 'drop', expect.anything(), 'forward']);
    });
  }

  test('IP behind a BSD loopback header (NULL 0, LOOP 108) or Frame Relay (107, RFC 2427 NLPID) enters as raw IP does', () => {
    const v4 = IP_FRAMES.filter((f) => f.type === ETHERTYPE.IPV4);
    const reference = ethernetReplay('eth-behind', v4, formatMac(NO_SOURCE_MAC, 0));
    const headers: readonly [number, (p: Uint8Array) => Uint8Array][] = [
      [LINKTYPE.NULL, (p) => nullHeader(2, false, p)],
      [LINKTYPE.LOOP, (p) => nullHeader(2, true, p)],
      // Q.922 address (DLCI 100, EA on the second byte), UI control, NLPID 0xcc: IPv4.
      [LINKTYPE.FRELAY, (p) => concat([0x18, 0x41, 0x03, 0xcc], p)],
    ];
    for (const [linkType, header] of headers) {
      scratch.pcap(`behind${linkType}.pcap`, linkType, v4.map((f) => header(f.payload)));
      expect(decisions(scratch.replay(`behind${linkType}.yaml`, ROUTER(`behind${linkType}.pcap`)))).toEqual(reference);
    }
  });

  test('LINKTYPE_IPV4 and LINKTYPE_IPV6 carry one family each', () => {
    const v4 = IP_FRAMES.filter((f) => f.type === ETHERTYPE.IPV4);
    scratch.pcap('ipv4.pcap', LINKTYPE.IPV4, v4.map((f) => f.payload));
    expect(decisions(scratch.replay('ipv4.yaml', ROUTER('ipv4.pcap')))).toEqual(ethernetReplay('eth-ipv4', v4, formatMac(NO_SOURCE_MAC, 0)));
    scratch.pcap('ipv6.pcap', LINKTYPE.IPV6, [udp6]);
    const records = scratch.replay('ipv6.yaml', ROUTER('ipv6.pcap'));
    expect(frames(records).map((r) => [r.verdict, r.egress?.[0]?.fields['ipv6.hlim']])).toEqual([['forward', 63]]);
  });
});

describe('what has no Ethernet form is refused: exit 2 and the file, frame and link type, never a silent drop', () => {
  const good = cooked(1, SLL_PACKET.HOST, ETHERTYPE.IPV4, udp4('198.51.100.2'));
  const refusal = (name: string, linkType: number, second: Uint8Array): CaptureError => {
    const capture = scratch.pcap(`${name}.pcap`, linkType, [linkType === LINKTYPE.LINUX_SLL ? good : second, second]);
    try {
      scratch.replay(`${name}.yaml`, ROUTER(`${name}.pcap`));
    } catch (e) {
      expect(e).toBeInstanceOf(CaptureError);
      expect((e as CaptureError).code).toBe('not_replayable');
      expect((e as CaptureError).message.startsWith(`${capture}: frame `)).toBe(true);
      return e as CaptureError;
    }
    throw new Error('replayed without a refusal');
  };

  test('an SLL protocol that is not an EtherType: 802.2 LLC (STP, …)', () => {
    expect(refusal('llc', LINKTYPE.LINUX_SLL, cooked(1, SLL_PACKET.MULTICAST, 0x0004, new Uint8Array(38))).detail).toBe(
      'frame 2 (offset 0x5c): LINUX_SLL protocol 0x0004 (802.2 LLC) has no Ethernet II form to replay',
    );
  });

  test('an SLL protocol that is not an EtherType: CAN', () => {
    expect(refusal('can', LINKTYPE.LINUX_SLL, cooked(1, SLL_PACKET.HOST, 0x000c, new Uint8Array(16))).detail).toMatch(/^frame 2 \(offset 0x5c\): LINUX_SLL protocol 0x000c \(CAN\)/);
  });

  test('a multicast whose group the capture does not hold (ARP to a group)', () => {
    expect(refusal('mc-arp', LINKTYPE.LINUX_SLL, cooked(1, SLL_PACKET.MULTICAST, ETHERTYPE.ARP, arpRequest)).detail).toMatch(/multicast with EtherType 0x0806: its group address is not in the capture/);
  });

  test('a BSD loopback header naming another family than IP (AF_APPLETALK)', () => {
    expect(refusal('null-at', LINKTYPE.NULL, nullHeader(16, false, new Uint8Array(20))).detail).toBe('frame 1 (offset 0x18): NULL header names no IP packet (null:data): only IP is replayed from link type 0');
  });

  test('a packet type no port receives (PACKET_KERNEL)', () => {
    expect(refusal('kernel', LINKTYPE.LINUX_SLL, cooked(1, 7, ETHERTYPE.IPV4, udp4('198.51.100.2'))).detail).toMatch(/packet type 7 \(PACKET_KERNEL\) is not a frame a port received/);
  });

  test('a link type without an Ethernet form (147, LINKTYPE_USER0)', () => {
    expect(refusal('user0', 147, new Uint8Array(40)).detail).toBe(
      'frame 1 (offset 0x18): link type 147 (LINKTYPE_147) cannot be replayed: a port receives Ethernet, Linux cooked (SLL 113, SLL2 276) or IP (raw: 101, 12, 14, 228, 229; behind a header: NULL 0, LOOP 108, FRELAY 107) frames',
    );
  });

  test('pcapverdict replay and check exit 2 with the error naming the file, frame and link type', () => {
    const capture = scratch.pcap('cli-user0.pcap', 147, [new Uint8Array(40)]);
    const fixture = join(scratch.dir, 'cli-user0.yaml');
    writeFileSync(fixture, ROUTER('cli-user0.pcap'));
    const error = `error: ${capture}: frame 1 (offset 0x18): link type 147 (LINKTYPE_147) cannot be replayed: a port receives Ethernet, Linux cooked (SLL 113, SLL2 276) or IP (raw: 101, 12, 14, 228, 229; behind a header: NULL 0, LOOP 108, FRELAY 107) frames`;
    const replayed = runCli(['replay', fixture, '--format', 'count']);
    expect([replayed.code, replayed.out, replayed.err]).toEqual([2, '', `${error}\n`]);
    // check reports it on its fixture's line, counted as bad input.
    const checked = runCli(['check', fixture, '--format', 'text']);
    expect(checked.code).toBe(2);
    expect(checked.out).toContain(`  ${error}\n`);
    expect(checked.out).toContain('1 bad input');
  });
});

// Public captures of ../shared/pcaps (catalog: ../shared/pcaps/README.md), by path: absent, skipped.
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'pcaps', 'linktype');
const corpus = existsSync(CORPUS) ? describe : describe.skip;
if (!existsSync(CORPUS)) console.log(`${CORPUS} is absent: the public cooked and raw captures are not replayed`);

corpus('public cooked and raw captures (../shared/pcaps/linktype)', () => {
  const ONE_PORT = (capture: string): string => `description: one port
capture: ${capture}
ports: [eth0]
setup: |
  ip link set eth0 up
  ip address add 192.0.2.254/24 dev eth0
`;
  const replayCorpus = (name: string): ReplayRecord[] => {
    const file = join(scratch.dir, `${name}.yaml`);
    writeFileSync(file, ONE_PORT(join(CORPUS, name)));
    const records: ReplayRecord[] = [];
    replay(loadFixture(file), (r) => records.push(r), { detail: true });
    return records;
  };

  test.each([
    ['zeek-linuxsll-arp.pcap', 12, 0],
    // Its two ARP frames are PACKET_OUTGOING: the capturing host's own.
    ['zeek-linux_dlt_sll2.pcap', 4, 2],
    ['pcpp-SllPacket.pcap', 1, 0],
    ['tcpdump-LINKTYPE_RAW_ipv4.pcap', 1, 0],
    ['tcpdump-LINKTYPE_RAW_ipv6.pcap', 1, 0],
    ['pcpp-raw_ip.pcap', 100, 0],
  ])('%s: %i frames enter the port, %i skipped as outbound, none dropped for its link type', (name, replayed, outbound) => {
    const records = replayCorpus(name);
    expect(frames(records)).toHaveLength(replayed);
    expect(records.filter((r) => r.type === 'skipped')).toEqual(Array.from({ length: outbound }, () => expect.objectContaining({ why: 'outbound' })));
    expect(frames(records).filter((r) => r.reason === 'unhandled_proto')).toEqual([]);
  });

  test('pcpp-Sll2PacketLLC.pcap (SLL2 with 802.2 LLC: STP) is refused', () => {
    expect(() => replayCorpus('pcpp-Sll2PacketLLC.pcap')).toThrow(/frame 1 \(offset 0x18\): LINUX_SLL2 protocol 0x0004 \(802\.2 LLC\) has no Ethernet II form to replay/);
  });
});
