import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { A, H9, R0, R1 } from '../../scripts/capture/craft-stack-pcaps';
import { parseIpv6 } from '../../src/addr/ipv6';
import type { FrameRecord, GeneratedRecord, ReplayRecord } from '../../src/decision/records';
import { loadFixture, type Fixture } from '../../src/fixture/load-fixture';
import { ARP_OP } from '../../src/wire/arp';
import { arp, concat, echoIdSeq, ETHERTYPE, ethernet, icmp, icmpv6, IPPROTO, ipv4, ipv6, mac, ndLinkLayerOption } from '../../src/wire/frame-builder';
import { ICMPV6_TYPE } from '../../src/wire/icmpv6';
import { FIXTURES, replayRecords, tempPath, writePortCapture, type PortFrame } from './helpers';

// Neighbour states reachable by legal frame sequences that no bundled capture contains, each
// against the kernel function that decides it (net/ipv4/arp.c arp_process, net/ipv6/ndisc.c
// ndisc_recv_ns / ndisc_recv_na, net/core/neighbour.c __neigh_update). The box is
// fixtures/stack/neigh.yaml: A (192.0.2.1, 2001:db8:1::1) on eth0, H9 (198.51.100.9,
// 2001:db8:2::9) on eth1, nothing learnt about H9 at the start.

const X = '02:00:00:00:02:99';
const Y = '02:00:00:00:02:98';
const NEIGH = loadFixture(join(FIXTURES, 'stack', 'neigh.yaml'));
/** neigh.yaml's setup, for variants of it with events or more commands. */
const NEIGH_SETUP = ['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv6.conf.all.forwarding=1', 'ip link set eth0 up', 'ip link set eth1 up', `ip address add ${R0.ip}/24 dev eth0`, `ip address add ${R1.ip}/24 dev eth1`, `ip -6 address add ${R0.ip6}/64 dev eth0 nodad`, `ip -6 address add ${R1.ip6}/64 dev eth1 nodad`, `ip neigh add ${A.ip} lladdr ${A.mac} dev eth0`, `ip -6 neigh add ${A.ip6} lladdr ${A.mac} dev eth0`]
  .map((l) => `  ${l}\n`)
  .join('');


function ping4(dst: string, seq: number): Uint8Array {
  return ethernet(R0.mac, A.mac, ETHERTYPE.IPV4, ipv4({ src: A.ip, dst, protocol: IPPROTO.ICMP }, icmp(8, 0, echoIdSeq(9, seq), new Uint8Array(8))));
}

function ping6(dst: string, seq: number): Uint8Array {
  const pseudo = { src: A.ip6, dst };
  return ethernet(R0.mac, A.mac, ETHERTYPE.IPV6, ipv6({ ...pseudo, nextHeader: IPPROTO.ICMPV6 }, icmpv6(ICMPV6_TYPE.ECHO_REQUEST, 0, new Uint8Array([0, 9, 0, seq]), pseudo)));
}

/** An ARP packet from `sha` on eth1's link. */
function arpFrame(op: number, ethDst: string, sha: string, sip: string, tha: string, tip: string): Uint8Array {
  return ethernet(ethDst, sha, ETHERTYPE.ARP, arp({ hwType: 1, protoType: ETHERTYPE.IPV4, opcode: op, senderMac: sha, senderIp: sip, targetMac: tha, targetIp: tip }));
}

function nd(type: number, ethSrc: string, ethDst: string, src: string, dst: string, body: Uint8Array): Uint8Array {
  const pseudo = { src, dst };
  return ethernet(ethDst, ethSrc, ETHERTYPE.IPV6, ipv6({ ...pseudo, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(type, 0, body, pseudo)));
}

/** An NA for `target` (H9's address) from H9's link: flags S and O, and a target link-layer address when `tlla` is given. */
function na(opts: { solicited: boolean; override: boolean; tlla?: string; dst?: string; ethDst?: string }): Uint8Array {
  const flags = (opts.solicited ? 0x40 : 0) | (opts.override ? 0x20 : 0);
  const body = concat([flags, 0, 0, 0], parseIpv6(H9.ip6)!, opts.tlla === undefined ? new Uint8Array(0) : ndLinkLayerOption(2, mac(opts.tlla)));
  return nd(ICMPV6_TYPE.NEIGHBOR_ADVERT, opts.tlla ?? H9.mac, opts.ethDst ?? R1.mac, H9.ip6, opts.dst ?? R1.ll, body);
}

/** An NS for R1's address from `src` to R1's solicited-node group, with a source link-layer address when `slla` is given. */
function ns(src: string, slla: string | undefined): Uint8Array {
  const body = concat([0, 0, 0, 0], parseIpv6(R1.ip6)!, slla === undefined ? new Uint8Array(0) : ndLinkLayerOption(1, mac(slla)));
  return nd(ICMPV6_TYPE.NEIGHBOR_SOLICIT, H9.mac, '33:33:ff:00:02:fe', src, 'ff02::1:ff00:2fe', body);
}

const frames = (rs: readonly ReplayRecord[]): FrameRecord[] => rs.filter((r): r is FrameRecord => r.type === 'frame');
const frame = (rs: readonly ReplayRecord[], n: number): FrameRecord => frames(rs).find((r) => r.frame === n)!;
const sent = (rs: readonly ReplayRecord[], kind: string): GeneratedRecord[] => rs.filter((r): r is GeneratedRecord => r.type === 'generated' && r.kind === kind);
/** Where a forwarded frame went: eth.dst on eth1. */
const nextHopMac = (rs: readonly ReplayRecord[], n: number): unknown => frame(rs, n).egress?.find((e) => e.port === 'eth1')?.fields['eth.dst'];

/** Replays `seq` through neigh.yaml (or through `fixture` with its own capture). */
function run(seq: readonly PortFrame[], fixture?: Fixture): ReplayRecord[] {
  const { records, summary } = fixture === undefined ? replayRecords(NEIGH, writePortCapture(seq)) : replayRecords(fixture);
  // Whatever the sequence, every frame gets exactly one record (none lost in a queue).
  expect(frames(records).map((r) => r.frame).sort((a, b) => a - b)).toEqual(Array.from({ length: summary.frames }, (_, i) => i + 1));
  return records;
}

describe('ARP (arp_process → neigh_update)', () => {
  test('a second ARP reply with another MAC within locktime (1 s) is ignored: "use the FIRST one"; after locktime it overrides', () => {
    const rs = run([
      { port: 'eth0', t: 0, data: ping4(H9.ip, 1) },
      { port: 'eth1', t: 0.1, data: arpFrame(ARP_OP.REPLY, R1.mac, H9.mac, H9.ip, R1.mac, R1.ip) },
      { port: 'eth1', t: 0.5, data: arpFrame(ARP_OP.REPLY, R1.mac, X, H9.ip, R1.mac, R1.ip) },
      { port: 'eth0', t: 0.6, data: ping4(H9.ip, 2) },
      { port: 'eth1', t: 2, data: arpFrame(ARP_OP.REPLY, R1.mac, X, H9.ip, R1.mac, R1.ip) },
      { port: 'eth0', t: 2.1, data: ping4(H9.ip, 3) },
    ]);
    expect([1, 4, 6].map((n) => nextHopMac(rs, n))).toEqual([H9.mac, H9.mac, X]);
  });

  test('a gratuitous ARP (sender = target address) overrides at once, within locktime (arp_is_garp)', () => {
    const rs = run([
      { port: 'eth0', t: 0, data: ping4(H9.ip, 1) },
      { port: 'eth1', t: 0.1, data: arpFrame(ARP_OP.REPLY, R1.mac, H9.mac, H9.ip, R1.mac, R1.ip) },
      { port: 'eth1', t: 0.3, data: arpFrame(ARP_OP.REQUEST, 'ff:ff:ff:ff:ff:ff', X, H9.ip, '00:00:00:00:00:00', H9.ip) },
      { port: 'eth0', t: 0.4, data: ping4(H9.ip, 2) },
    ]);
    expect([1, 4].map((n) => nextHopMac(rs, n))).toEqual([H9.mac, X]);
  });

  test('an unsolicited ARP reply creates no entry (arp_accept 0): the next ping to that host still asks', () => {
    const rs = run([
      { port: 'eth1', t: 0, data: arpFrame(ARP_OP.REPLY, R1.mac, H9.mac, H9.ip, R1.mac, R1.ip) },
      { port: 'eth0', t: 0.1, data: ping4(H9.ip, 1) },
    ]);
    expect(frame(rs, 2)).toMatchObject({ verdict: 'drop', reason: 'neigh_failed', meta: { 'neigh.queued': H9.ip } });
    expect(sent(rs, 'arp_request').map((g) => g.time)).toEqual(['0.100000000', '1.100000000', '2.100000000']);
  });
});

describe('NS (ndisc_recv_ns)', () => {
  test('an NS with the sender\'s link-layer address creates a STALE entry: the next packet to it leaves at once, with no NS', () => {
    const rs = run([
      { port: 'eth1', t: 0, data: ns(H9.ip6, H9.mac) },
      { port: 'eth0', t: 0.1, data: ping6(H9.ip6, 1) },
    ]);
    expect(sent(rs, 'ndisc_na')).toHaveLength(1);
    expect(nextHopMac(rs, 2)).toBe(H9.mac);
  });

  test('a multicast NS without the sender\'s link-layer address, from a sender without an entry, is not answered and teaches nothing', () => {
    const rs = run([
      { port: 'eth1', t: 0, data: ns(H9.ip6, undefined) },
      { port: 'eth0', t: 0.1, data: ping6(H9.ip6, 1) },
    ]);
    expect(sent(rs, 'ndisc_na')).toEqual([]);
    expect(frame(rs, 1).trace?.at(-1)).toMatch(/no source link-layer address/);
    expect(frame(rs, 2)).toMatchObject({ verdict: 'drop', reason: 'neigh_failed' });
  });

  test('a DAD NS (unspecified source) with a source link-layer address is invalid: no defence, no entry (RFC 4861 §7.1.1)', () => {
    const rs = run([{ port: 'eth1', t: 0, data: ns('::', H9.mac) }]);
    expect(sent(rs, 'ndisc_na')).toEqual([]);
    expect(frame(rs, 1).trace?.at(-1)).toMatch(/bad DAD packet/);
  });
});

describe('NA (ndisc_recv_na → __neigh_update)', () => {
  const resolved = (t: number): PortFrame[] => [
    { port: 'eth0', t: 0, data: ping6(H9.ip6, 1) },
    { port: 'eth1', t, data: na({ solicited: true, override: true, tlla: H9.mac }) },
  ];

  test('an unsolicited NA with override and a new address replaces the MAC (STALE): the next packet goes to it', () => {
    const rs = run([...resolved(0.1), { port: 'eth1', t: 0.2, data: na({ solicited: false, override: true, tlla: X, dst: 'ff02::1', ethDst: '33:33:00:00:00:01' }) }, { port: 'eth0', t: 0.3, data: ping6(H9.ip6, 2) }]);
    expect([1, 4].map((n) => nextHopMac(rs, n))).toEqual([H9.mac, X]);
  });

  test('an NA without override and with another address only makes a REACHABLE entry STALE; the MAC stays (NEIGH_UPDATE_F_WEAK_OVERRIDE)', () => {
    const rs = run([...resolved(0.1), { port: 'eth1', t: 0.2, data: na({ solicited: true, override: false, tlla: Y }) }, { port: 'eth0', t: 0.3, data: ping6(H9.ip6, 2) }]);
    expect([1, 4].map((n) => nextHopMac(rs, n))).toEqual([H9.mac, H9.mac]);
    expect(frame(rs, 3).trace?.at(-1)).toMatch(/→ stale/);
  });

  test('a solicited NA sent to a multicast address is ignored: the entry stays INCOMPLETE and fails', () => {
    const rs = run([{ port: 'eth0', t: 0, data: ping6(H9.ip6, 1) }, { port: 'eth1', t: 0.1, data: na({ solicited: true, override: true, tlla: H9.mac, dst: 'ff02::1', ethDst: '33:33:00:00:00:01' }) }]);
    expect(frame(rs, 1)).toMatchObject({ verdict: 'drop', reason: 'neigh_failed' });
    expect(frame(rs, 2).trace?.at(-1)).toMatch(/solicited NA is multicasted/);
  });

  test('an NA for a FAILED entry is ignored; the next packet restarts resolution and a later NA resolves it', () => {
    const rs = run([
      { port: 'eth0', t: 0, data: ping6(H9.ip6, 1) },
      { port: 'eth1', t: 4, data: na({ solicited: true, override: true, tlla: H9.mac }) },
      { port: 'eth0', t: 5, data: ping6(H9.ip6, 2) },
      { port: 'eth1', t: 5.1, data: na({ solicited: true, override: true, tlla: H9.mac }) },
    ]);
    expect(frame(rs, 1)).toMatchObject({ verdict: 'drop', reason: 'neigh_failed' });
    expect(frame(rs, 2).trace?.at(-1)).toMatch(/entry failed, not updated/);
    expect(nextHopMac(rs, 3)).toBe(H9.mac);
  });
});

describe('a device going down with packets waiting for a neighbour (neigh_ifdown)', () => {
  test('the queued packets get their records when the link goes down; an NA on the down port and a ping after it are dropped', () => {
    const yaml = tempPath('neigh-down.yaml');
    const capture = writePortCapture([
      { port: 'eth0', t: 0, data: ping6(H9.ip6, 1) },
      { port: 'eth0', t: 0.1, data: ping4(H9.ip, 1) },
      { port: 'eth1', t: 1, data: na({ solicited: true, override: true, tlla: H9.mac }) },
      { port: 'eth0', t: 1.5, data: ping6(H9.ip6, 2) },
    ]);
    writeFileSync(yaml, `capture: ${capture}\nplatform: linux\nports:\n  - { name: eth0, mac: "${R0.mac}" }\n  - { name: eth1, mac: "${R1.mac}" }\ningress:\n  interfaces: { eth0: eth0, eth1: eth1 }\nsetup: |\n${NEIGH_SETUP}events:\n  - { at: { time: 0.5 }, run: "ip link set eth1 down" }\n`);
    const rs = run([], loadFixture(yaml));
    // neigh_ifdown frees both queues when eth1 goes down (0.5 s); the routes through eth1 go too.
    expect(frames(rs).map((r) => [r.frame, r.time, r.verdict, r.reason])).toEqual([
      [2, '0.100000000', 'drop', 'neigh_failed'],
      [1, '0.000000000', 'drop', 'neigh_failed'],
      [3, '1.000000000', 'drop', 'dev_ready'],
      [4, '1.500000000', 'drop', 'ip_innoroutes'],
    ]);
  });
});

describe('an entry set INCOMPLETE by `ip neigh` (no timer: __neigh_update leaves none for a state that is not valid)', () => {
  function replayWith(extraSetup: readonly string[], seq: readonly PortFrame[]): ReplayRecord[] {
    const yaml = tempPath('neigh-incomplete.yaml');
    const setup = NEIGH_SETUP + extraSetup.map((l) => `  ${l}\n`).join('');
    writeFileSync(yaml, `capture: ${writePortCapture(seq)}\nplatform: linux\nports:\n  - { name: eth0, mac: "${R0.mac}" }\n  - { name: eth1, mac: "${R1.mac}" }\ningress:\n  interfaces: { eth0: eth0, eth1: eth1 }\nsetup: |\n${setup}`);
    return run([], loadFixture(yaml));
  }

  test('a packet queued on it waits until an ARP reply resolves it (the kernel sends no request of its own)', () => {
    const rs = replayWith([`ip neigh add ${H9.ip} dev eth1 nud incomplete`], [
      { port: 'eth0', t: 0, data: ping4(H9.ip, 1) },
      { port: 'eth1', t: 10, data: arpFrame(ARP_OP.REPLY, R1.mac, H9.mac, H9.ip, R1.mac, R1.ip) },
    ]);
    expect(sent(rs, 'arp_request')).toEqual([]);
    expect(nextHopMac(rs, 1)).toBe(H9.mac);
  });

  test('with no reply, the packet gets a drop record at the end of the capture (not lost), even with the periodic gc running (gc_thresh1 0)', () => {
    const rs = replayWith([`ip neigh add ${H9.ip} dev eth1 nud incomplete`, 'sysctl -w net.ipv4.neigh.default.gc_thresh1=0'], [{ port: 'eth0', t: 0, data: ping4(H9.ip, 1) }]);
    expect(frame(rs, 1)).toMatchObject({ verdict: 'drop', reason: 'not_specified', meta: { 'neigh.queued': H9.ip } });
  });
});
