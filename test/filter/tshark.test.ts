import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compileFilter } from '../../src/filter';
import { matching, PCAPS } from './filter-helpers';
import { TSHARK_OPTIONS as CHECK_PCAPS_OPTIONS } from '../../scripts/capture/check-pcaps';

// The same filter, the same capture: pcapverdict and tshark must select the same frames.
// Skipped when tshark is not installed. tshark runs with the options the crafted captures
// were checked with (scripts/capture/check-pcaps.ts): no reassembly, UDP 8472 as VXLAN.

const TSHARK_OPTIONS = ['-n', ...CHECK_PCAPS_OPTIONS];

const haveTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

/** Filters in the subset that tshark 4.0 reads the same way (so no `#-1`, no space-separated sets). */
const AGREED: readonly (readonly [string, string])[] = [
  ['ethernet-ip.pcap', 'eth.src == 02:00:00:00:01:01'],
  ['ethernet-ip.pcap', 'eth.src == 0200.0000.0101 || eth.dst eq ff-ff-ff-ff-ff-ff'],
  ['ethernet-ip.pcap', 'eth.addr == 33:33:ff:00:00:02'],
  ['ethernet-ip.pcap', 'eth.src < 02:00:00:00:01:02'],
  ['ethernet-ip.pcap', 'eth.len || llc'],
  ['ethernet-ip.pcap', 'vlan'],
  ['ethernet-ip.pcap', 'vlan.id != 30'],
  ['ethernet-ip.pcap', 'vlan.id !== 30'],
  ['ethernet-ip.pcap', 'vlan.id ~= 30'],
  ['ethernet-ip.pcap', 'vlan.id === 100'],
  ['ethernet-ip.pcap', 'all vlan.id == 100'],
  ['ethernet-ip.pcap', 'any vlan.id != 30'],
  ['ethernet-ip.pcap', 'vlan.id#2 == 40 && ieee8021ad.priority == 5'],
  ['ethernet-ip.pcap', 'vlan.dei == 1 || vlan.priority == 3'],
  ['ethernet-ip.pcap', 'arp.opcode == 2 && arp.src.hw_mac == 02:00:00:00:01:fe'],
  ['ethernet-ip.pcap', 'arp.dst.proto_ipv4 == 192.0.2.254'],
  ['ethernet-ip.pcap', 'ip.src == 192.0.2.1 && ip.dst == 198.51.100.7'],
  ['ethernet-ip.pcap', 'ip.src != 192.0.2.1'],
  ['ethernet-ip.pcap', 'ip.src any_ne 192.0.2.1'],
  ['ethernet-ip.pcap', 'ip.src < 192.0.2.2'],
  ['ethernet-ip.pcap', 'ip.src > 192.0.2.0/24'],
  ['ethernet-ip.pcap', 'ip.dst == 192.0.2.1/24'],
  ['ethernet-ip.pcap', 'ip.dst == 192.0.2.1/24 || ip.dst in {198.51.100.7/32}'],
  ['ethernet-ip.pcap', 'ip.addr == 192.0.2.254'],
  ['ethernet-ip.pcap', 'ip.src#1 == 192.0.2.1'],
  ['ethernet-ip.pcap', 'ip#2'],
  ['ethernet-ip.pcap', 'ip.ttl == 0100'],
  ['ethernet-ip.pcap', 'ip.ttl == 064'],
  ['ethernet-ip.pcap', 'ip.ttl == 0b1000000 and not udp'],
  ['ethernet-ip.pcap', 'ip.ttl in {64, 1..3}'],
  ['ethernet-ip.pcap', 'ip.ttl in {0x3f..0x41}'],
  ['ethernet-ip.pcap', 'ip.ttl in {64 .. 1}'],
  ['ethernet-ip.pcap', 'ip.ttl#[1:2] == 64'],
  ['ethernet-ip.pcap', 'ip.hdr_len > 20'],
  ['ethernet-ip.pcap', 'ip.checksum.status == 0'],
  ['ethernet-ip.pcap', 'ip.flags & 1 || ip.frag_offset > 0'],
  ['ethernet-ip.pcap', 'ip.src in {192.0.2.0..192.0.2.100}'],
  ['ethernet-ip.pcap', 'ip.src in {192.0.2.0/24}'],
  ['ethernet-ip.pcap', 'all ip.src in {192.0.2.1}'],
  ['ethernet-ip.pcap', 'all ip.src == 192.0.2.0/24'],
  ['ethernet-ip.pcap', 'icmp.type == 3 && udp.dstport == 50001'],
  ['ethernet-ip.pcap', 'udp.port not in {50001}'],
  ['ethernet-ip.pcap', 'udp.dstport & 0xff00 == 0xc300'],
  ['ethernet-ip.pcap', 'ipv6.dst == 2001:db8::/32'],
  ['ethernet-ip.pcap', 'ipv6.dst == 2001:DB8:2::7'],
  ['ethernet-ip.pcap', 'ipv6.dst > 2001:db8:1::ffff'],
  ['ethernet-ip.pcap', 'ipv6.src != 2001:db8:1::/48'],
  ['ethernet-ip.pcap', 'ipv6.src in {2001:db8:2::7, fe80::/10}'],
  ['ethernet-ip.pcap', 'ipv6.hopopts && ipv6.routing.type == 4 && ipv6.fraghdr && ipv6.dstopts.nxt == 17'],
  ['ethernet-ip.pcap', 'ipv6.fraghdr.more == 1 || ipv6.fraghdr.offset > 0'],
  ['ethernet-ip.pcap', 'icmpv6.nd.na.target_address == 2001:db8:1::2 || icmpv6.type == 128'],
  ['ethernet-ip.pcap', 'ipv6.hlim == 255 && icmpv6'],
  ['ethernet-ip.pcap', 'tcp.flags & 0x12 == 0x12'],
  ['ethernet-ip.pcap', 'tcp.flags & 0x02'],
  ['ethernet-ip.pcap', 'tcp.flags bitwise_and 0x10'],
  ['ethernet-ip.pcap', 'tcp.port == 179 and tcp.hdr_len == 40'],
  ['ethernet-ip.pcap', 'vlan.id == 30 || vlan.id == 40 && ip'],
  ['ethernet-ip.pcap', '(vlan.id == 30 || vlan.id == 40) && ip'],
  ['ethernet-ip.pcap', '!(ip.ttl == 64)'],
  ['ethernet-ip.pcap', 'not ip.dst eq 224.1.2.3'],
  ['ethernet-ip.pcap', 'ip.dst ne 224.1.2.3'],
  ['ethernet-ip.pcap', 'frame.protocols contains "vlan"'],
  ['ethernet-ip.pcap', 'frame.protocols matches "VLAN.*ip"'],
  ['ethernet-ip.pcap', 'frame.len == 60 && frame.cap_len == 60'],
  ['ethernet-ip.pcap', 'frame.interface_name'],
  ['ethernet-ip.pcap', ''],
  ['vrrp.pcap', 'vrrp && ip.dst == 224.0.0.18'],
  ['vrrp.pcap', 'vrrp.ip_addr == 192.0.2.253'],
  ['vrrp.pcap', 'vrrp.ip_addr != 192.0.2.253'],
  ['vrrp.pcap', 'vrrp.ip_addr#1 == 192.0.2.253'],
  ['vrrp.pcap', 'vrrp.ipv6_addr == fe80::1'],
  ['vrrp.pcap', 'vrrp.version == 3 && vrrp.virt_rtr_id in {20, 30}'],
  ['vrrp.pcap', 'vrrp.checksum.status == 0'],
  ['vrrp.pcap', 'ip.version == 6'],
  ['vrrp.pcap', 'vlan.id == 10 and vrrp.prio == 0'],
  ['vrrp.pcap', 'eth.src == 00:00:5e:00:01:0a && ip.ttl == 255'],
  ['vxlan.pcap', 'vxlan'],
  ['vxlan.pcap', 'vxlan#2'],
  ['vxlan.pcap', 'ip.dst#2 == 10.0.0.2'],
  ['vxlan.pcap', 'ip.dst#3'],
  ['vxlan.pcap', 'ip.dst#[2-3] == 10.0.0.2'],
  ['vxlan.pcap', 'eth.src#2 == 02:00:00:00:00:01 || eth.dst#2 == ff:ff:ff:ff:ff:ff'],
  ['vxlan.pcap', 'vxlan.vni#2 == 2000'],
  ['vxlan.pcap', 'vxlan.vni in {100..200}'],
  ['vxlan.pcap', 'vxlan.flag_g'],
  ['vxlan.pcap', 'vxlan.flag_g == 1'],
  ['vxlan.pcap', 'vxlan.flag_g == True'],
  ['vxlan.pcap', 'vxlan.flag_g == False'],
  ['vxlan.pcap', 'vxlan.gbp == 0x1234'],
  ['vxlan.pcap', 'ip.addr == 10.0.0.1'],
  ['vxlan.pcap', 'ip.addr != 10.0.0.1'],
  ['vxlan.pcap', 'udp.port == 4789'],
  ['vxlan.pcap', 'udp.dstport in {4789, 8472} && arp'],
  ['vxlan.pcap', 'ipv6.addr == 2001:db8:ff::1'],
  ['two-ports.pcapng', 'frame.interface_name == "lan"'],
  ['two-ports.pcapng', 'frame.interface_name == "l\\x61n" || frame.interface_name == r"wan"'],
  ['two-ports.pcapng', 'frame.interface_name in {"wan", "dmz"}'],
  ['two-ports.pcapng', 'frame.interface_name < "m"'],
  ['two-ports.pcapng', 'frame.interface_id == 1 && frame.number > 4'],
  ['two-ports.pcapng', 'frame.time_relative >= 2.5'],
  ['two-ports.pcapng', 'frame.time_relative == 1.001000001'],
  ['two-ports.pcapng', 'frame.time_relative in {1 .. 3.01}'],
  ['two-ports.pcapng', 'frame.protocols == "eth:ethertype:arp"'],
  ['two-ports.pcapng', 'ip.ttl==63&&!arp'],
  ['two-ports.pcapng', 'frame.interface_name == "lan" or frame.interface_name == "wan" and ip.ttl == 63'],
  ['linktypes-sll.pcap', 'sll.src.eth == 02:00:00:00:02:07 && icmpv6'],
  ['linktypes-sll2.pcap', 'sll.ifindex == 3 || sll.pkttype == 1'],
  ['linktypes-null.pcap', 'null.family in {24, 28, 30}'],
  ['linktypes-raw.pcap', 'ipv6 || icmp'],
  ['damaged.pcap', 'frame.cap_len < 41 || frame.len == 74'],
];

/** Filters both refuse to compile (the wording may differ; refusing is what matters). */
const REFUSED: readonly string[] = [
  'ip.ttll == 3',
  'foo',
  'ip.ttl == 256',
  'ip.ttl == 1.5',
  'ip.ttl == 08',
  'ip.ttl == "64"',
  'ip.dst == 1.2.3',
  'ip.dst == 192.0.2.001',
  'ip.dst == 192.0.2.1/33',
  'ipv6.dst == 2001:db8:2::7/129',
  'eth.src == 02:00:00:00:01',
  'eth.src == 2:0:0:0:1:1',
  'eth.dst == "ff:ff:ff:ff:ff:ff"',
  'ip.ttl contains 3',
  'ip.proto == udp',
  'ip.ttl == 64 == 3',
  '(ip.ttl == 3',
  'ip.ttl == 3)',
  'ip and',
  'ip AND udp',
  'frame.interface_name == "lan',
  'ip.ttl in {64,}',
  'ip.ttl# 2',
  'all ip.ttl',
  'vxlan.flag_g == yes',
];

function tshark(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('tshark', [...args], { maxBuffer: 1 << 20 }, (err, stdout) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout });
    });
  });
}

/** Runs `jobs` with at most `limit` tshark processes at once. */
async function runLimited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const k = next++;
      out[k] = await jobs[k]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

(haveTshark ? describe : describe.skip)('display filters against tshark', () => {
  const selected = new Map<string, number[] | string>();
  const refused = new Map<string, number>();

  beforeAll(async () => {
    const agreed = AGREED.map(([file, filter]) => async () => {
      const r = await tshark(['-r', join(PCAPS, file), ...TSHARK_OPTIONS, '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
      selected.set(`${file}|${filter}`, r.code === 0 ? r.stdout.split('\n').filter((l) => l !== '').map(Number) : `tshark exit ${r.code}`);
    });
    const bad = REFUSED.map((filter) => async () => {
      const r = await tshark(['-r', join(PCAPS, 'vrrp.pcap'), ...TSHARK_OPTIONS, '-Y', filter, '-c', '1']);
      refused.set(filter, r.code);
    });
    await runLimited([...agreed, ...bad], 4);
  }, 120_000);

  for (const [file, filter] of AGREED) {
    it(`selects the frames tshark selects in ${file} with ${JSON.stringify(filter)}`, () => {
      expect(matching(file, filter)).toEqual(selected.get(`${file}|${filter}`));
    });
  }

  for (const filter of REFUSED) {
    it(`refuses ${JSON.stringify(filter)}, as tshark does`, () => {
      expect(() => compileFilter(filter)).toThrow();
      expect(refused.get(filter)).not.toBe(0);
    });
  }
});
