import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { craftedCaptures, craftPcaps, frameTimestamp } from '../../scripts/capture/craft-pcaps';
import { openCapture } from '../../src/capture/open-capture';
import type { DecodeIssue } from '../../src/wire/decoded-frame';
import { DecodedFrame } from '../../src/wire/decoded-frame';
import { decodeFrame } from '../../src/wire/decode-frame';
import type { FieldValue } from '../../src/wire/field-sink';
import { collectFields } from '../../src/wire/frame-fields';

// The project's own captures (pcaps/decode/, recipes in pcaps/README.md) decode to what their
// recipes say. These files are committed: after changing a recipe, run `npm run pcaps`.

const DIR = join(__dirname, '..', '..', 'pcaps', 'decode');

interface Expected {
  readonly protocols: string;
  readonly fields?: Record<string, FieldValue[]>;
  readonly issue?: Partial<DecodeIssue>;
  /** pcapng: interface name and epb_flags (comments are checked against the recipe). */
  readonly ifname?: string;
  readonly flags?: number;
  readonly caplen?: number;
  readonly len?: number;
}

const E = 'eth:ethertype:';
const A = '192.0.2.1';
const S = '198.51.100.7';
const A6 = '2001:db8:1::1';
const S6 = '2001:db8:2::7';

const EXPECTED: Record<string, readonly Expected[]> = {
  'ethernet-ip.pcap': [
    { protocols: `${E}ip:udp:data`, fields: { 'eth.src': ['02:00:00:00:01:01'], 'eth.dst': ['02:00:00:00:02:07'], 'eth.type': [0x0800], 'ip.src': [A], 'ip.dst': [S], 'ip.checksum.status': [1], 'udp.srcport': [50000], 'udp.dstport': [50001] } },
    { protocols: 'eth:llc', fields: { 'eth.dst': ['01:80:c2:00:00:00'], 'eth.len': [38] } },
    { protocols: `${E}vlan:ethertype:ip:icmp:data`, fields: { 'vlan.id': [100], 'vlan.priority': [3], 'vlan.etype': [0x0800], 'icmp.type': [8] } },
    { protocols: `${E}ieee8021ad:ethertype:vlan:ethertype:ip:udp:data`, fields: { 'eth.type': [0x88a8], 'ieee8021ad.id': [200], 'vlan.id': [100], 'udp.dstport': [50011] } },
    { protocols: `${E}ieee8021ad:ethertype:vlan:ethertype:vlan:ethertype:ip:udp:data`, fields: { 'ieee8021ad.id': [300], 'ieee8021ad.priority': [5], 'vlan.id': [30, 40], 'vlan.dei': [0, 1] } },
    { protocols: `${E}arp`, fields: { 'eth.dst': ['ff:ff:ff:ff:ff:ff'], 'arp.opcode': [1], 'arp.src.proto_ipv4': [A], 'arp.dst.proto_ipv4': ['192.0.2.254'], 'arp.dst.hw_mac': ['00:00:00:00:00:00'] } },
    { protocols: `${E}arp`, fields: { 'arp.opcode': [2], 'arp.src.hw_mac': ['02:00:00:00:01:fe'], 'arp.src.proto_ipv4': ['192.0.2.254'] } },
    { protocols: `${E}ip:icmp:data`, fields: { 'ip.hdr_len': [36], 'ip.checksum.status': [1], 'icmp.type': [8] } },
    { protocols: `${E}ip:udp:data`, fields: { 'ip.checksum.status': [0], 'udp.dstport': [50015] } },
    { protocols: `${E}ip:udp:data`, fields: { 'ip.id': [0x4242], 'ip.flags': [1], 'ip.frag_offset': [0], 'udp.length': [48] } },
    { protocols: `${E}ip:data`, fields: { 'ip.id': [0x4242], 'ip.flags': [0], 'ip.frag_offset': [3] } },
    { protocols: `${E}ip:icmp:data`, fields: { 'ip.src': ['192.0.2.254'], 'icmp.type': [0] } },
    { protocols: `${E}ip:icmp:ip:udp`, fields: { 'icmp.type': [3], 'icmp.code': [3], 'ip.src': [S, A], 'ip.dst': [A, S], 'udp.dstport': [50001] } },
    {
      protocols: `${E}ipv6:ipv6.hopopts:ipv6.routing:ipv6.fraghdr:ipv6.dstopts:udp:data`,
      fields: { 'ipv6.src': [A6], 'ipv6.dst': [S6], 'ipv6.nxt': [0], 'ipv6.hopopts.nxt': [43], 'ipv6.routing.type': [4], 'ipv6.routing.segleft': [0], 'ipv6.fraghdr.nxt': [60], 'ipv6.dstopts.nxt': [17], 'udp.dstport': [50007] },
    },
    { protocols: `${E}ipv6:ipv6.fraghdr:udp:data`, fields: { 'ipv6.fraghdr.more': [1], 'ipv6.fraghdr.offset': [0], 'ipv6.fraghdr.ident': [0xcafe0001], 'udp.dstport': [50005] } },
    { protocols: `${E}ipv6:ipv6.fraghdr:data`, fields: { 'ipv6.fraghdr.more': [0], 'ipv6.fraghdr.offset': [3], 'ipv6.fraghdr.ident': [0xcafe0001] } },
    { protocols: `${E}ipv6:icmpv6:data`, fields: { 'icmpv6.type': [128], 'ipv6.src': [A6] } },
    { protocols: `${E}ipv6:icmpv6:data`, fields: { 'icmpv6.type': [129], 'ipv6.src': [S6] } },
    { protocols: `${E}ipv6:icmpv6`, fields: { 'eth.dst': ['33:33:ff:00:00:02'], 'ipv6.dst': ['ff02::1:ff00:2'], 'ipv6.hlim': [255], 'icmpv6.type': [135], 'icmpv6.nd.ns.target_address': ['2001:db8:1::2'] } },
    { protocols: `${E}ipv6:icmpv6`, fields: { 'ipv6.src': ['2001:db8:1::2'], 'icmpv6.type': [136], 'icmpv6.nd.na.target_address': ['2001:db8:1::2'] } },
    { protocols: `${E}ipv6:icmpv6:ipv6:udp:data`, fields: { 'icmpv6.type': [1], 'icmpv6.code': [4], 'ipv6.src': [S6, A6], 'udp.dstport': [33434] } },
    { protocols: `${E}ip:tcp`, fields: { 'tcp.srcport': [40000], 'tcp.dstport': [179], 'tcp.hdr_len': [40], 'tcp.flags': [0x002], 'tcp.seq_raw': [0x11223344] } },
    { protocols: `${E}ip:tcp`, fields: { 'tcp.srcport': [179], 'tcp.flags': [0x012], 'tcp.ack_raw': [0x11223345] } },
  ],
  'vrrp.pcap': [
    {
      protocols: `${E}ip:vrrp`,
      fields: {
        'eth.src': ['00:00:5e:00:01:0a'],
        'ip.dst': ['224.0.0.18'],
        'ip.ttl': [255],
        'vrrp.version': [2],
        'vrrp.virt_rtr_id': [10],
        'vrrp.prio': [100],
        'vrrp.auth_type': [0],
        'vrrp.adver_int': [1],
        'vrrp.addr_count': [2],
        'vrrp.ip_addr': ['192.0.2.254', '192.0.2.253'],
        'vrrp.checksum.status': [1],
      },
    },
    { protocols: `${E}ip:vrrp`, fields: { 'vrrp.version': [3], 'vrrp.virt_rtr_id': [20], 'vrrp.prio': [150], 'vrrp.short_adver_int': [100], 'vrrp.ip_addr': ['198.51.100.254'], 'vrrp.checksum.status': [1] } },
    { protocols: `${E}ipv6:vrrp`, fields: { 'ipv6.dst': ['ff02::12'], 'ipv6.hlim': [255], 'vrrp.version': [3], 'vrrp.virt_rtr_id': [30], 'vrrp.prio': [200], 'vrrp.ipv6_addr': ['fe80::1', '2001:db8:1::1'], 'vrrp.checksum.status': [1] } },
    { protocols: `${E}ip:vrrp`, fields: { 'vrrp.version': [2], 'vrrp.prio': [120], 'vrrp.checksum.status': [0] } },
    { protocols: `${E}vlan:ethertype:ip:vrrp`, fields: { 'vlan.id': [10], 'vrrp.virt_rtr_id': [40], 'vrrp.prio': [0], 'vrrp.checksum.status': [1] } },
  ],
  'vxlan.pcap': [
    {
      protocols: `${E}ip:udp:vxlan:eth:ethertype:ip:icmp:data`,
      fields: { 'udp.dstport': [4789], 'vxlan.flags': [0x0800], 'vxlan.vni': [100], 'eth.src': ['02:00:00:00:aa:01', '02:00:00:00:0a:01'], 'ip.src': ['203.0.113.1', '10.0.0.1'], 'icmp.type': [8] },
    },
    { protocols: `${E}ip:udp:vxlan:eth:ethertype:arp`, fields: { 'vxlan.vni': [100], 'eth.dst': ['02:00:00:00:aa:02', 'ff:ff:ff:ff:ff:ff'], 'arp.opcode': [1] } },
    { protocols: `${E}ip:udp:vxlan:eth:ethertype:ip:icmp:data`, fields: { 'udp.dstport': [8472], 'vxlan.vni': [200], 'icmp.type': [0] } },
    { protocols: `${E}ip:udp:vxlan:eth:ethertype:arp`, fields: { 'udp.dstport': [8472], 'vxlan.vni': [200], 'arp.opcode': [2] } },
    { protocols: `${E}ip:udp:vxlan:eth:ethertype:ip:icmp:data`, fields: { 'vxlan.flags': [0x8800], 'vxlan.flag_g': [1], 'vxlan.gbp': [4660], 'vxlan.vni': [300] } },
    { protocols: `${E}ip:udp:vxlan:eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data`, fields: { 'vxlan.vni': [1000, 2000], 'ip.src': ['203.0.113.1', '172.16.0.1', '10.0.0.1'], 'icmp.type': [8] } },
    { protocols: `${E}ipv6:udp:vxlan:eth:ethertype:ip:icmp:data`, fields: { 'ipv6.src': ['2001:db8:ff::1'], 'vxlan.vni': [400], 'ip.src': ['10.0.0.1'] } },
  ],
  'linktypes-sll.pcap': [
    { protocols: 'sll:ethertype:ip:icmp:data', fields: { 'sll.pkttype': [4], 'sll.hatype': [1], 'sll.src.eth': ['02:00:00:00:01:01'], 'sll.etype': [0x0800], 'icmp.type': [8] } },
    { protocols: 'sll:ethertype:ipv6:icmpv6:data', fields: { 'sll.pkttype': [0], 'sll.src.eth': ['02:00:00:00:02:07'], 'sll.etype': [0x86dd], 'icmpv6.type': [129] } },
    { protocols: 'sll:ethertype:arp', fields: { 'sll.etype': [0x0806], 'arp.opcode': [2] } },
    { protocols: 'sll:llc', fields: { 'sll.pkttype': [2], 'sll.ltype': [4] } },
  ],
  'linktypes-sll2.pcap': [
    { protocols: 'sll:ethertype:ip:udp:data', fields: { 'sll.ifindex': [2], 'sll.pkttype': [0], 'udp.dstport': [50021] } },
    { protocols: 'sll:ethertype:ipv6:udp:data', fields: { 'sll.ifindex': [3], 'sll.pkttype': [4], 'udp.dstport': [50023] } },
    { protocols: 'sll:ethertype:arp', fields: { 'sll.ifindex': [2], 'sll.pkttype': [1], 'arp.opcode': [1] } },
  ],
  'linktypes-raw.pcap': [
    { protocols: 'raw:ip:icmp:data', fields: { 'ip.src': [A], 'icmp.type': [8] } },
    { protocols: 'raw:ipv6:icmpv6:data', fields: { 'ipv6.src': [A6], 'icmpv6.type': [128] } },
  ],
  'linktypes-ipv4.pcap': [
    { protocols: 'ip:udp:data', fields: { 'ip.src': [A], 'udp.dstport': [50021] } },
    { protocols: 'ip:icmp:data', fields: { 'icmp.type': [8] } },
  ],
  'linktypes-ipv6.pcap': [
    { protocols: 'ipv6:udp:data', fields: { 'ipv6.src': [A6], 'udp.dstport': [50023] } },
    { protocols: 'ipv6:icmpv6:data', fields: { 'icmpv6.type': [128] } },
  ],
  'linktypes-frelay.pcap': [
    { protocols: 'fr:ip:icmp:data', fields: { 'ip.dst': [S], 'icmp.type': [8] } },
    { protocols: 'fr:ipv6:icmpv6:data', fields: { 'icmpv6.type': [128] } },
    { protocols: 'fr:ip:udp:data', fields: { 'udp.dstport': [50021] } },
  ],
  'linktypes-null.pcap': [
    { protocols: 'null:ip:icmp:data', fields: { 'null.family': [2], 'icmp.type': [8] } },
    { protocols: 'null:ipv6:icmpv6:data', fields: { 'null.family': [24], 'icmpv6.type': [128] } },
    { protocols: 'null:ipv6:icmpv6:data', fields: { 'null.family': [28], 'icmpv6.type': [129] } },
    { protocols: 'null:ipv6:udp:data', fields: { 'null.family': [30], 'udp.dstport': [50023] } },
  ],
  'linktypes-loop.pcap': [
    { protocols: 'null:ip:udp:data', fields: { 'null.family': [2], 'udp.dstport': [50021] } },
    { protocols: 'null:ipv6:icmpv6:data', fields: { 'null.family': [24], 'icmpv6.type': [128] } },
  ],
  'two-ports.pcapng': [
    { ifname: 'lan', flags: 1, protocols: `${E}arp`, fields: { 'arp.opcode': [1] } },
    { ifname: 'lan', flags: 2, protocols: `${E}arp`, fields: { 'arp.opcode': [2] } },
    { ifname: 'lan', flags: 1, protocols: `${E}ip:icmp:data`, fields: { 'eth.dst': ['02:00:00:00:01:fe'], 'ip.ttl': [64], 'icmp.type': [8] } },
    { ifname: 'wan', flags: 2, protocols: `${E}ip:icmp:data`, fields: { 'eth.src': ['02:00:00:00:02:fe'], 'eth.dst': ['02:00:00:00:02:07'], 'ip.ttl': [63], 'ip.checksum.status': [1], 'icmp.type': [8] } },
    { ifname: 'wan', flags: 1, protocols: `${E}ip:icmp:data`, fields: { 'ip.src': [S], 'ip.ttl': [64], 'icmp.type': [0] } },
    { ifname: 'lan', flags: 2, protocols: `${E}ip:icmp:data`, fields: { 'eth.src': ['02:00:00:00:01:fe'], 'ip.ttl': [63] } },
    { ifname: 'wan', flags: 0, protocols: `${E}ip:udp:data`, fields: { 'ip.dst': ['198.51.100.254'] } },
  ],
  'damaged.pcap': [
    { caplen: 40, len: 74, protocols: `${E}ip`, issue: { kind: 'truncated', layer: 'tcp', field: 'tcp.hdr_len', offset: 34 } },
    { caplen: 34, len: 71, protocols: 'eth', issue: { kind: 'truncated', layer: 'ipv6', field: 'ipv6.dst', offset: 14 } },
    { caplen: 20, len: 60, protocols: 'eth', issue: { kind: 'truncated', layer: 'arp', field: 'arp.opcode', offset: 14 } },
    { protocols: `${E}ip`, fields: { 'ip.len': [16] }, issue: { kind: 'malformed', layer: 'ip', field: 'ip.len', offset: 14 } },
    { protocols: 'eth', issue: { kind: 'malformed', layer: 'ip', field: 'ip.hdr_len', offset: 14 } },
    { protocols: `${E}ip:tcp`, issue: { kind: 'malformed', layer: 'tcp', field: 'tcp.hdr_len', offset: 34 } },
    { protocols: `${E}ipv6`, fields: { 'ipv6.plen': [4] }, issue: { kind: 'malformed', layer: 'ipv6.hopopts', offset: 54 } },
  ],
};

interface Seen {
  readonly number: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly caplen: number;
  readonly len: number;
  readonly ifname: string | undefined;
  readonly flags: number;
  readonly comments: readonly string[] | undefined;
  readonly protocols: string;
  readonly fields: Record<string, FieldValue[]>;
  readonly issue: DecodeIssue | undefined;
}

function readAll(name: string): Seen[] {
  if (!existsSync(join(DIR, name))) return [];
  const reader = openCapture(join(DIR, name));
  const d = new DecodedFrame();
  const out: Seen[] = [];
  try {
    const f = reader.frame;
    while (reader.next()) {
      decodeFrame(f, d);
      out.push({ number: f.number, tsSec: f.tsSec, tsNsec: f.tsNsec, caplen: f.caplen, len: f.len, ifname: f.ifname, flags: f.flags, comments: f.comments, protocols: d.protocols(), fields: collectFields(d), issue: d.issue });
    }
    expect(reader.warnings).toEqual([]);
  } finally {
    reader.close();
  }
  return out;
}

const captures = craftedCaptures();

describe('the crafted captures in pcaps/decode', () => {
  test('pcaps/decode holds exactly the captures the recipes make, and every one has expectations here', () => {
    const names = captures.map((c) => c.name).sort();
    expect(readdirSync(DIR).sort()).toEqual(names);
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
  });

  test('every capture is small enough to commit (under 4 KiB)', () => {
    for (const c of captures) expect(readFileSync(join(DIR, c.name)).length).toBeLessThan(4096);
  });

  describe.each(captures.map((c) => [c.name, c] as const))('%s', (name, capture) => {
    const seen = readAll(name);
    const expected = EXPECTED[name] ?? [];

    test('has one frame per recipe entry, stamped at the fixed recipe times', () => {
      expect(seen).toHaveLength(capture.frames.length);
      expect(expected).toHaveLength(capture.frames.length);
      seen.forEach((s, k) => {
        const ts = frameTimestamp(k + 1, capture.format);
        expect([s.tsSec, s.tsNsec]).toEqual([ts.sec, ts.nsec]);
      });
    });

    test.each(capture.frames.map((f, k) => [k + 1, f.note] as const))('frame %i (%s) decodes to its layers and key fields', (number) => {
      const s = seen[number - 1]!;
      const e = expected[number - 1]!;
      expect(s.protocols).toBe(e.protocols);
      expect(s.fields).toMatchObject(e.fields ?? {});
      if (e.issue === undefined) expect(s.issue).toBeUndefined();
      else expect(s.issue).toMatchObject(e.issue);
      if (e.caplen !== undefined) expect([s.caplen, s.len]).toEqual([e.caplen, e.len]);
      if (e.ifname !== undefined) expect({ ifname: s.ifname, flags: s.flags }).toEqual({ ifname: e.ifname, flags: e.flags });
      const comment = capture.frames[number - 1]!.comment;
      if (capture.format === 'pcapng') expect(s.comments).toEqual(comment === undefined ? undefined : [comment]);
    });
  });
});

describe('the crafted captures and their recipe cannot drift apart', () => {
  test('regenerating with scripts/capture/craft-pcaps.ts gives the committed files byte for byte (run `npm run pcaps` after changing a recipe)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-pcaps-'));
    try {
      const written = craftPcaps(dir);
      expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(readdirSync(DIR).sort());
      for (const path of written) {
        const name = path.slice(dir.length + 1);
        const fresh = readFileSync(path);
        const committed = readFileSync(join(DIR, name));
        expect({ name, same: fresh.equals(committed) }).toEqual({ name, same: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('crafting twice gives the same bytes: no clock, no randomness', () => {
    const one = mkdtempSync(join(tmpdir(), 'pcapverdict-pcaps-'));
    const two = mkdtempSync(join(tmpdir(), 'pcapverdict-pcaps-'));
    try {
      craftPcaps(one);
      craftPcaps(two);
      for (const name of readdirSync(one)) expect(readFileSync(join(one, name)).equals(readFileSync(join(two, name)))).toBe(true);
    } finally {
      rmSync(one, { recursive: true, force: true });
      rmSync(two, { recursive: true, force: true });
    }
  });
});
