import { compileFilter } from '../../src/filter';
import { loadFrames, matching } from './filter-helpers';

// Filters on the crafted captures (pcaps/README.md lists every frame). The expected frame
// numbers are tshark 4.0.17's for the same filter (see tshark.test.ts for the live check).

const ALL_IP = [1, 3, 4, 5, 8, 9, 10, 11, 12, 13, 22, 23];
const A = '192.0.2.1';
const S = '198.51.100.7';

describe('display filters on decoded frames', () => {
  it('match every frame with an empty filter, and every frame with frame', () => {
    expect(matching('vrrp.pcap', '')).toEqual([1, 2, 3, 4, 5]);
    expect(matching('vrrp.pcap', 'frame')).toEqual([1, 2, 3, 4, 5]);
  });

  it('test protocols for presence', () => {
    expect(matching('vrrp.pcap', 'vrrp && ip.dst == 224.0.0.18')).toEqual([1, 2, 4, 5]);
    expect(matching('ethernet-ip.pcap', 'ipv6.hopopts')).toEqual([14]);
    expect(matching('ethernet-ip.pcap', 'arp')).toEqual([6, 7]);
    expect(matching('ethernet-ip.pcap', '!ip && !ipv6')).toEqual([2, 6, 7]);
  });

  it('test fields for presence, including fields only some headers carry', () => {
    expect(matching('ethernet-ip.pcap', 'eth.len')).toEqual([2]);
    expect(matching('ethernet-ip.pcap', 'icmpv6.nd.ns.target_address')).toEqual([19]);
    expect(matching('vrrp.pcap', 'vrrp.auth_type')).toEqual([1, 4]);
  });

  it('compare MAC addresses in any form and case', () => {
    const frames = matching('ethernet-ip.pcap', 'eth.src == 02:00:00:00:01:01');
    expect(frames).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 14, 15, 16, 17, 19, 22]);
    for (const form of ['02-00-00-00-01-01', '02.00.00.00.01.01', '0200.0000.0101', '020000000101']) {
      expect(matching('ethernet-ip.pcap', `eth.src == ${form}`)).toEqual(frames);
    }
    expect(matching('ethernet-ip.pcap', 'eth.dst == FF:FF:FF:FF:FF:FF')).toEqual([6]);
    expect(matching('ethernet-ip.pcap', 'eth.src == 02:00:00:00:00:02')).toEqual([]);
  });

  it('compare IPv4 and IPv6 addresses, IPv6 in any RFC 4291 form', () => {
    expect(matching('ethernet-ip.pcap', `ip.src == ${A} && ip.dst == ${S}`)).toEqual([1, 4, 5, 9, 10, 11, 13, 22]);
    expect(matching('ethernet-ip.pcap', 'ipv6.dst == 2001:db8:2::7')).toEqual([14, 15, 16, 17, 21]);
    expect(matching('ethernet-ip.pcap', 'ipv6.dst == 2001:DB8:2:0:0:0:0:7')).toEqual([14, 15, 16, 17, 21]);
    expect(matching('vrrp.pcap', 'vrrp.ipv6_addr == fe80::1')).toEqual([3]);
  });

  it('compare numbers written in decimal, hex, octal and binary', () => {
    for (const ttl of ['64', '0x40', '0100', '0b1000000']) expect(matching('ethernet-ip.pcap', `ip.ttl == ${ttl}`)).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'ip.ttl == 064')).toEqual([]);
    expect(matching('vxlan.pcap', 'vxlan.gbp == 0x1234')).toEqual([5]);
  });

  it('order numbers and addresses', () => {
    expect(matching('ethernet-ip.pcap', 'ip.src < 192.0.2.2')).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 13, 22]);
    expect(matching('ethernet-ip.pcap', 'ipv6.dst > 2001:db8:1::ffff')).toEqual([14, 15, 16, 17, 19, 21]);
    expect(matching('ethernet-ip.pcap', 'eth.src < 02:00:00:00:01:02')).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 14, 15, 16, 17, 19, 22]);
    expect(matching('vrrp.pcap', 'vrrp.prio >= 150')).toEqual([2, 3]);
    expect(matching('vrrp.pcap', 'vrrp.prio le 100 and vrrp.prio gt 0')).toEqual([1]);
  });

  describe('on a field with several occurrences (Wireshark 4 rules)', () => {
    // Frame 13 is an ICMP error quoting frame 1: ip.src is [S, A] and ip.dst is [A, S].
    it('== holds when any occurrence is equal', () => {
      expect(matching('ethernet-ip.pcap', `ip.src == ${S}`)).toEqual([13, 23]);
      expect(matching('ethernet-ip.pcap', `ip.src == ${A}`)).toContain(13);
    });

    it('!= holds when every occurrence differs (all_ne)', () => {
      expect(matching('ethernet-ip.pcap', `ip.src != ${A}`)).toEqual([12, 23]);
      expect(matching('ethernet-ip.pcap', 'vlan.id != 30')).toEqual([3, 4]);
    });

    it('!== and ~= hold when some occurrence differs (any_ne)', () => {
      expect(matching('ethernet-ip.pcap', 'vlan.id !== 30')).toEqual([3, 4, 5]);
      expect(matching('ethernet-ip.pcap', 'vlan.id ~= 30')).toEqual([3, 4, 5]);
      expect(matching('ethernet-ip.pcap', `ip.src any_ne ${A}`)).toEqual([12, 13, 23]);
    });

    it('=== holds when every occurrence is equal (all_eq)', () => {
      expect(matching('ethernet-ip.pcap', 'vlan.id === 40')).toEqual([]);
      expect(matching('ethernet-ip.pcap', 'vlan.id === 100')).toEqual([3, 4]);
    });

    it('the any and all quantifiers override the relation', () => {
      expect(matching('ethernet-ip.pcap', 'all vlan.id == 100')).toEqual([3, 4]);
      expect(matching('ethernet-ip.pcap', 'any vlan.id != 30')).toEqual([3, 4, 5]);
      expect(matching('ethernet-ip.pcap', 'all ip.src in {192.0.2.1}')).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 22]);
      expect(matching('ethernet-ip.pcap', 'all ip.src == 192.0.2.0/24')).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 12, 22]);
    });

    it('aliases read both fields of each header, as ip.addr does', () => {
      expect(matching('vxlan.pcap', 'ip.addr == 10.0.0.1')).toEqual([1, 3, 5, 6, 7]);
      expect(matching('vxlan.pcap', 'ip.addr != 10.0.0.1')).toEqual([2, 4]);
      expect(matching('vxlan.pcap', 'udp.port == 4789')).toEqual([1, 2, 5, 6, 7]);
      expect(matching('vxlan.pcap', 'eth.addr == ff:ff:ff:ff:ff:ff')).toEqual([2]);
      expect(matching('vxlan.pcap', 'ipv6.addr == 2001:db8:ff::1')).toEqual([7]);
    });

    it('ip.version is read from IPv6 headers too, as Wireshark sets it', () => {
      expect(matching('vrrp.pcap', 'ip.version == 6')).toEqual([3]);
      expect(matching('vrrp.pcap', 'ip.version#1 == 6')).toEqual([3]);
    });
  });

  describe('with the layer operator', () => {
    it('#n reads the n-th header of the field’s protocol', () => {
      expect(matching('vxlan.pcap', 'ip.dst#2 == 10.0.0.2')).toEqual([1, 5]);
      expect(matching('vxlan.pcap', 'vxlan.vni#2 == 2000')).toEqual([6]);
      expect(matching('vxlan.pcap', 'ip.dst#3')).toEqual([6]);
      expect(matching('vxlan.pcap', 'eth.src#2')).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(matching('ethernet-ip.pcap', `ip.src#1 == ${A}`)).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 22]);
      expect(matching('ethernet-ip.pcap', 'ip.ttl#0')).toEqual([]);
    });

    it('#-n counts from the innermost header (not in tshark 4.0)', () => {
      expect(matching('vxlan.pcap', 'ip.dst#-1 == 10.0.0.2')).toEqual([1, 5, 6, 7]);
      expect(matching('vxlan.pcap', 'vxlan.vni#-1 == 2000')).toEqual([6]);
      expect(matching('vxlan.pcap', 'eth#-3')).toEqual([6]);
    });

    it('#[m-n] and #[m:count] read a range of headers', () => {
      expect(matching('vxlan.pcap', 'ip.dst#[2-3] == 10.0.0.2')).toEqual([1, 5, 6]);
      expect(matching('vxlan.pcap', 'ip.dst#[2:2] == 10.0.0.2')).toEqual([1, 5, 6]);
      expect(matching('ethernet-ip.pcap', 'ip.ttl#[1:2] == 64')).toEqual(ALL_IP);
    });

    it('applies to protocols: ip#2 is a second IPv4 header', () => {
      expect(matching('ethernet-ip.pcap', 'ip#2')).toEqual([13]);
      expect(matching('vxlan.pcap', 'vxlan#2')).toEqual([6]);
      expect(matching('vxlan.pcap', 'frame#1 && !frame#2')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('groups every occurrence of one header under its layer number', () => {
      expect(matching('vrrp.pcap', 'vrrp.ip_addr#1 == 192.0.2.253')).toEqual([1, 4]);
      expect(matching('vrrp.pcap', 'vrrp.ip_addr == 192.0.2.253')).toEqual([1, 4]);
      expect(matching('vrrp.pcap', 'vrrp.ip_addr != 192.0.2.253')).toEqual([2, 5]);
    });
  });

  it('match address prefixes, ordering by the network part', () => {
    expect(matching('ethernet-ip.pcap', 'ip.dst == 192.0.2.1/24')).toEqual([3, 8, 12, 13, 23]);
    expect(matching('ethernet-ip.pcap', 'ip.dst == 198.51.100.0/24')).toEqual([1, 4, 5, 9, 10, 11, 13, 22]);
    expect(matching('ethernet-ip.pcap', 'ip.dst == 0.0.0.0/0')).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'ip.src > 192.0.2.0/24')).toEqual([13, 23]);
    expect(matching('ethernet-ip.pcap', 'ipv6.dst == 2001:db8::/32')).toEqual([14, 15, 16, 17, 18, 20, 21]);
    expect(matching('ethernet-ip.pcap', 'ipv6.dst == ff02::/16')).toEqual([19]);
    expect(matching('ethernet-ip.pcap', 'ipv6.src != 2001:db8:1::/48')).toEqual([18]);
  });

  it('test set membership with values, ranges and prefixes', () => {
    expect(matching('ethernet-ip.pcap', 'ip.ttl in {64, 1..3}')).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'ip.ttl in {64 1..3}')).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'ip.ttl in {0x3f..0x41}')).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'ip.ttl in {64..1}')).toEqual([]);
    expect(matching('vxlan.pcap', 'udp.dstport in {4789 8472}')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(matching('vxlan.pcap', 'vxlan.vni in {100..200}')).toEqual([1, 2, 3, 4]);
    expect(matching('ethernet-ip.pcap', 'ip.src in {192.0.2.0..192.0.2.100}')).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 13, 22]);
    expect(matching('ethernet-ip.pcap', 'ip.src in {192.0.2.0/24}')).toEqual([1, 3, 4, 5, 8, 9, 10, 11, 12, 13, 22]);
    expect(matching('ethernet-ip.pcap', 'ipv6.src in {2001:db8:2::7, fe80::/10}')).toEqual([18, 21]);
    expect(matching('ethernet-ip.pcap', 'eth.dst in {ff:ff:ff:ff:ff:ff 33:33:ff:00:00:02}')).toEqual([6, 19]);
    expect(matching('two-ports.pcapng', 'frame.interface_name in {"wan" "dmz"}')).toEqual([4, 5, 7]);
  });

  it('read not in as not (field in set): frames without the field pass', () => {
    expect(matching('ethernet-ip.pcap', 'udp.port not in {50001}')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });

  it('are false on a comparison with an absent field, whatever the relation', () => {
    for (const rel of ['==', '!=', '===', '!==', '<', '>']) expect(matching('ethernet-ip.pcap', `vrrp.prio ${rel} 0`)).toEqual([]);
    expect(matching('ethernet-ip.pcap', 'ip.dst != 224.1.2.3')).toEqual(ALL_IP);
    expect(matching('ethernet-ip.pcap', 'not ip.dst == 224.1.2.3')).toHaveLength(23);
  });

  it('read Boolean fields for presence, and compare them with True, False or numbers', () => {
    expect(matching('vxlan.pcap', 'vxlan.flag_g')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const v of ['1', 'True', 'TRUE', '2']) expect(matching('vxlan.pcap', `vxlan.flag_g == ${v}`)).toEqual([5]);
    expect(matching('vxlan.pcap', 'vxlan.flag_g == False')).toEqual([1, 2, 3, 4, 6, 7]);
    expect(matching('ethernet-ip.pcap', 'ipv6.fraghdr.more == 1')).toEqual([15]);
  });

  it('apply a bitwise mask before comparing', () => {
    expect(matching('ethernet-ip.pcap', 'tcp.flags & 0x02')).toEqual([22, 23]);
    expect(matching('ethernet-ip.pcap', 'tcp.flags & 0x12 == 0x12')).toEqual([23]);
    expect(matching('ethernet-ip.pcap', 'tcp.flags bitwise_and 0x10')).toEqual([23]);
    expect(matching('ethernet-ip.pcap', 'ip.flags & 1')).toEqual([10]);
    expect(matching('ethernet-ip.pcap', 'udp.dstport & 0xff00 == 0xc300')).toEqual([1, 4, 5, 9, 10, 13, 14, 15]);
  });

  describe('on frame fields from the context', () => {
    it('read the frame number, lengths and protocols', () => {
      expect(matching('two-ports.pcapng', 'frame.number > 4')).toEqual([5, 6, 7]);
      expect(matching('two-ports.pcapng', 'frame.protocols == "eth:ethertype:arp"')).toEqual([1, 2]);
      expect(matching('ethernet-ip.pcap', 'frame.protocols contains "vlan"')).toEqual([3, 4, 5]);
      expect(matching('ethernet-ip.pcap', 'frame.protocols matches "VLAN.*ip"')).toEqual([3, 4, 5]);
      expect(matching('damaged.pcap', 'frame.cap_len < 41')).toEqual([1, 2, 3]);
      expect(matching('damaged.pcap', 'frame.len == 74')).toEqual([1, 6]);
      expect(matching('ethernet-ip.pcap', 'frame.len == 60')).toEqual([2, 4, 6, 7, 9, 10, 11]);
    });

    it('read the relative time to the nanosecond', () => {
      expect(matching('two-ports.pcapng', 'frame.time_relative == 1.001000001')).toEqual([2]);
      expect(matching('two-ports.pcapng', 'frame.time_relative >= 2.5')).toEqual([4, 5, 6, 7]);
      expect(matching('two-ports.pcapng', 'frame.time_relative in {1 .. 3.01}')).toEqual([2, 3, 4]);
      expect(matching('two-ports.pcapng', 'frame.time_relative == 0')).toEqual([1]);
    });

    it('read the pcapng interface, absent from a classic pcap', () => {
      expect(matching('two-ports.pcapng', 'frame.interface_name == "lan"')).toEqual([1, 2, 3, 6]);
      expect(matching('two-ports.pcapng', 'frame.interface_name == "l\\x61n"')).toEqual([1, 2, 3, 6]);
      expect(matching('two-ports.pcapng', 'frame.interface_id == 1')).toEqual([4, 5, 7]);
      expect(matching('two-ports.pcapng', 'frame.interface_name < "m"')).toEqual([1, 2, 3, 6]);
      expect(matching('ethernet-ip.pcap', 'frame.interface_name')).toEqual([]);
      expect(matching('ethernet-ip.pcap', 'frame.interface_id')).toEqual([]);
    });

    it('take the lengths from the decoded frame when no context is given', () => {
      const [fr] = loadFrames('ethernet-ip.pcap');
      expect(compileFilter(`frame.len == ${fr!.d.len}`).matches(fr!.d)).toBe(true);
      expect(compileFilter(`frame.cap_len == ${fr!.d.caplen}`).matches(fr!.d)).toBe(true);
      expect(compileFilter('frame.number').matches(fr!.d)).toBe(false);
    });
  });

  it('combine tests with and, or and not', () => {
    expect(matching('vrrp.pcap', 'vlan.id == 10 and vrrp.prio == 0')).toEqual([5]);
    expect(matching('two-ports.pcapng', 'frame.interface_name == "lan" or frame.interface_name == "wan" and ip.ttl == 63')).toEqual([1, 2, 3, 4, 6]);
    expect(matching('two-ports.pcapng', 'ip.ttl==63&&!arp')).toEqual([4, 6]);
    expect(matching('ethernet-ip.pcap', 'vlan.id == 30 || vlan.id == 40 && ip')).toEqual([5]);
  });

  it('decode frames of every link type alike', () => {
    expect(matching('linktypes-sll.pcap', 'sll.src.eth == 02:00:00:00:02:07 && icmpv6')).toEqual([2]);
    expect(matching('linktypes-sll2.pcap', 'sll.ifindex == 3')).toEqual([2]);
    expect(matching('linktypes-null.pcap', 'null.family in {24 28 30}')).toEqual([2, 3, 4]);
    expect(matching('linktypes-raw.pcap', 'ipv6')).toEqual([2]);
  });

  it('evaluate one compiled filter over many frames without keeping state between them', () => {
    const f = compileFilter('ip.src != 192.0.2.1 && ip.dst#2 != 10.0.0.9');
    const frames = loadFrames('vxlan.pcap');
    const once = frames.map((fr) => f.matches(fr.d, fr.ctx));
    const again = [...frames].reverse().map((fr) => f.matches(fr.d, fr.ctx)).reverse();
    expect(again).toEqual(once);
  });
});
