import { join } from 'node:path';
import type { FrameRecord, GeneratedRecord, ReplayRecord } from '../../src/decision/records';
import { loadFixture } from '../../src/fixture/load-fixture';
import { concat, echoIdSeq, ethernet, icmpv6, ipv6, mac, ndLinkLayerOption } from '../../src/wire/frame-builder';
import { ETHERTYPE } from '../../src/wire/ethertype';
import { ICMPV6_TYPE } from '../../src/wire/icmpv6';
import { IPPROTO } from '../../src/wire/ip-numbers';
import { parseIpv6 } from '../../src/addr/ipv6';
import { runCli } from '../cli/cli-helpers';
import { describeWithRepro, FIXTURES, replayRecords, writeCapture } from './helpers';

// D1 (issue 11): three unmodified frames of pcaps/recorded/router-v6.pcapng, reordered, crashed
// replay. A ping with hop limit 1 makes the router send ICMPv6 time exceeded, which waits for
// the neighbour 2001:db8:1::1 (INCOMPLETE); a solicited NA without a target link-layer address
// then made the entry REACHABLE with no MAC and released the queue into Skb.setL2Header.
// __neigh_update (net/core/neighbour.c) refuses an update without lladdr of an entry that is
// not NUD_VALID ("No link layer address given"), and ndisc_recv_na leaves NUD_FAILED entries alone.

const ROUTER_V6 = join(FIXTURES, 'routing', 'router-v6.yaml');
const HOST = '02:00:00:00:01:01';
const ROUTER = '02:00:00:00:01:fe';
const frames = (records: readonly ReplayRecord[]): FrameRecord[] => records.filter((r): r is FrameRecord => r.type === 'frame');
const generated = (records: readonly ReplayRecord[]): GeneratedRecord[] => records.filter((r): r is GeneratedRecord => r.type === 'generated');

describeWithRepro('replay-router-v6-reordered-frames', 'D1 reproducers: router-v6 frames #19, #37, #28 reordered', (dir) => {
  test.each(['three-frames-a.pcapng', 'three-frames-b.pcapng'])('%s replays through the bundled router-v6.yaml: one record per frame, no exception', (file) => {
    const { records } = replayRecords(ROUTER_V6, join(dir, file));
    expect(frames(records).map((r) => r.frame).sort()).toEqual([1, 2, 3]);
  });

  test('three-frames-a: the NA without a target link-layer address for the FAILED entry changes nothing (ndisc_recv_na: NUD_FAILED)', () => {
    const { records } = replayRecords(join(dir, 'router-v6.yaml'));
    const na = frames(records).find((r) => r.frame === 2)!;
    expect(na).toMatchObject({ verdict: 'trap', reason: 'ipv6_neigh_advert' });
    expect(na.trace?.at(-1)).toMatch(/entry failed, not updated/);
    expect(frames(records).find((r) => r.frame === 1)).toMatchObject({ verdict: 'drop', reason: 'ip_inhdr' });
  });

  test.each(['three-frames-a.pcapng', 'three-frames-b.pcapng'])('CLI: `replay router-v6.yaml --capture %s` exits 0 with nothing on stderr (was exit 1, a TypeError and 64 KB of yargs source)', (file) => {
    const r = runCli(['replay', 'router-v6.yaml', '--capture', file, '--format', 'count'], dir);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).toMatch(/^frames 3, skipped 0/);
  });

  test('CLI: `check router-v6.yaml` (the reproducer\'s fixture, its expectation frame 1 drop) passes with exit 0', () => {
    const r = runCli(['check', 'router-v6.yaml'], dir, { ...process.env, CI: 'true' });
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
  });
});

/** A solicited NA for `target` from it, to the router's link-local address; `withTlla` adds the target link-layer address option. */
function solicitedNa(target: string, override: boolean, withTlla: boolean): Uint8Array {
  const flags = 0x40 | (override ? 0x20 : 0);
  const body = concat([flags, 0, 0, 0], parseIpv6(target)!, withTlla ? ndLinkLayerOption(2, mac(HOST)) : new Uint8Array(0));
  const pseudo = { src: target, dst: 'fe80::ff:fe00:1fe' };
  return ethernet(ROUTER, HOST, ETHERTYPE.IPV6, ipv6({ ...pseudo, nextHeader: IPPROTO.ICMPV6, hopLimit: 255 }, icmpv6(ICMPV6_TYPE.NEIGHBOR_ADVERT, 0, body, pseudo)));
}

function expiringPing(): Uint8Array {
  const pseudo = { src: '2001:db8:1::1', dst: '2001:db8:2::7' };
  const echo = icmpv6(ICMPV6_TYPE.ECHO_REQUEST, 0, concat(u32(echoIdSeq(1, 1)), new Uint8Array(16)), pseudo);
  return ethernet(ROUTER, HOST, ETHERTYPE.IPV6, ipv6({ ...pseudo, nextHeader: IPPROTO.ICMPV6, hopLimit: 1 }, echo));
}

function u32(x: number): number[] {
  return [x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff];
}

describe('D1, self-contained: an NA without a target link-layer address for an INCOMPLETE neighbour (__neigh_update)', () => {
  const fixture = loadFixture(ROUTER_V6);

  test('the entry stays INCOMPLETE and keeps its queue: the time exceeded waits, and leaves to the host\'s MAC when an NA with the address comes', () => {
    const capture = writeCapture([
      { data: expiringPing(), t: 0 },
      { data: solicitedNa('2001:db8:1::1', false, false), t: 0.5 },
      { data: solicitedNa('2001:db8:1::1', true, true), t: 0.75 },
    ]);
    const { records } = replayRecords(fixture, capture);
    expect(frames(records).map((r) => [r.frame, r.verdict, r.reason])).toEqual([
      [1, 'drop', 'ip_inhdr'],
      [2, 'trap', 'ipv6_neigh_advert'],
      [3, 'trap', 'ipv6_neigh_advert'],
    ]);
    const errors = generated(records).filter((g) => g.kind === 'icmpv6_error');
    expect(errors.map((g) => ({ time: g.time, dst: g.fields['eth.dst'], type: g.fields['icmpv6.type'] }))).toEqual([{ time: '0.750000000', dst: HOST, type: 3 }]);
  });

  test('without any NA carrying the address, the entry fails after its three probes and the queued error is freed (neigh_invalidate)', () => {
    const capture = writeCapture([
      { data: expiringPing(), t: 0 },
      { data: solicitedNa('2001:db8:1::1', true, false), t: 0.5 },
      { data: solicitedNa('2001:db8:1::1', false, false), t: 4 },
    ]);
    const { records } = replayRecords(fixture, capture);
    expect(frames(records).map((r) => [r.frame, r.verdict, r.reason])).toEqual([
      [1, 'drop', 'ip_inhdr'],
      [2, 'trap', 'ipv6_neigh_advert'],
      [3, 'trap', 'ipv6_neigh_advert'],
    ]);
    expect(generated(records).filter((g) => g.kind === 'icmpv6_error')).toEqual([]);
    expect(generated(records).filter((g) => g.kind === 'ndisc_ns').map((g) => g.time)).toEqual(['0.000000000', '1.000000000', '2.000000000']);
  });
});
