import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBigFixture } from '../../scripts/bench/big-fixture';
import { loadFixture } from '../../src/fixture/load-fixture';
import { buildStack } from '../../src/replay/build-stack';
import { HeldRecords } from '../../src/stack/held-records';
import type { ReplayRecord } from '../../src/decision/records';
import { runCliMeasured } from '../cli/cli-helpers';
import { spectrumBox } from './spectrum/spectrum-helpers';

/**
 * Issue 11, "large fixtures": a route costs what the kernel's fib_alias + fib_info share and
 * trie node do, not kilobytes. A fixture of router-v4 plus 100 000 routes (80 000 IPv4 /24s,
 * 20 000 IPv6 /48s, with metrics, device routes, proto static and ECMP among them:
 * scripts/bench/big-fixture.ts) replayed 336 MB peak RSS, and with gateway routes the load was
 * quadratic (the gateway check walked every route: 20 000 routes took 38 s).
 * The reproducer is described, not stored, in ../shared/repro/robustness/README.md (no file to
 * read there), so the fixture is generated here.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcapverdict-routes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fixture with a big routing table', () => {
  test('100 000 routes replay in a child process under 200 MB peak RSS and 8 s of CPU, deciding every frame as router-v4 does', () => {
    const fixture = join(dir, 'routes-100k.yaml');
    writeBigFixture(fixture, { routes4: 80_000, routes6: 20_000 });
    // The child's own peak RSS and CPU time (cli-helpers' probe).
    const r = runCliMeasured(['replay', fixture, '--format', 'count']);
    expect(r.code).toBe(0);
    // router-v4's own totals (its golden): the routes cover none of the capture's addresses.
    expect(r.out).toContain('verdicts: forward 10, trap 9, drop 4');
    const peakMb = (r.usage.maxRssKb * 1024) / 1e6;
    const cpuSec = r.usage.cpuMs / 1000;
    expect(peakMb).toBeLessThan(200);
    expect(cpuSec).toBeLessThan(8);
  }, 90_000);

  test('the setup is kept as text, routes share their nexthop lists and gateways, prefixes are compact, and every route is announced with its text', () => {
    const fixture = join(dir, 'routes-20k.yaml');
    writeBigFixture(fixture, { routes4: 16_000, routes6: 4_000 });
    const fx = loadFixture(fixture);
    // Not an array of parsed commands (800 bytes a route line): parsed again when run.
    expect(Array.isArray(fx.setup)).toBe(false);
    const held = new HeldRecords();
    const stack = buildStack(fx, held);
    const records: ReplayRecord[] = [];
    held.release((r) => records.push(r));
    const routes4 = stack.fib.find(4, (r) => r.prefix.len === 24 && r.proto !== 'kernel');
    const routes6 = stack.fib.find(6, (r) => r.prefix.len === 48);
    expect(routes4).toHaveLength(16_000);
    expect(routes6).toHaveLength(4_000);
    // Every route added by the setup was announced, in order, with the text `ip monitor route` prints.
    const news = records.filter((r) => r.type === 'notification' && r.msg === 'RTM_NEWROUTE' && /^(1[0-9]|2[0-5])\.|^2001:db[89]:.*\/48$/.test(r.route));
    expect(news).toHaveLength(20_000);
    expect(news.slice(0, 6).map((r) => (r.type === 'notification' ? r.text : ''))).toEqual([
      '10.0.0.0/24 via 192.0.2.1 dev eth0',
      '10.0.1.0/24 dev eth0 scope link',
      '10.0.2.0/24 via 192.0.2.1 dev eth0 metric 102',
      '10.0.3.0/24\n\tnexthop via 192.0.2.1 dev eth0 weight 3\n\tnexthop via 198.51.100.7 dev eth1 weight 1',
      '10.0.4.0/24 via 192.0.2.1 dev eth0',
      '10.0.5.0/24 via 198.51.100.7 dev eth1 proto static',
    ]);
    // fib_info sharing: the /24s via 192.0.2.1 with no other attribute have one nexthop list.
    const via1 = routes4.filter((r) => r.nexthops.length === 1 && r.nexthops[0]!.gateway?.text === '192.0.2.1');
    expect(via1.length).toBeGreaterThan(5_000);
    expect(new Set(via1.map((r) => r.nexthops)).size).toBe(1);
    expect(new Set(routes6.map((r) => r.nexthops[0]!.gateway)).size).toBe(3); // two gateways and the device routes' none
    // A compact prefix: no bytes of its own (made when asked), the same text.
    expect(Object.values(routes4[0]!.prefix).some((v) => v instanceof Uint8Array)).toBe(false);
    expect(routes4.find((r) => r.prefix.text === '10.0.5.0/24')?.prefix.bytes).toEqual(Uint8Array.of(10, 0, 5, 0));
  });

  test('spectrum: a neighbour change refreshes the routes through that gateway alone, announced in the table\'s order (M-1, F-6; mlxsw_sp_nexthop_neigh_update)', () => {
    const lines = ['sysctl -w net.ipv4.fib_notify_on_flag_change=1', 'ip link set swp2 up', 'ip address add 198.51.100.1/24 dev swp2'];
    // 20 000 routes via .10, and every 5 000th via .20 instead.
    for (let i = 0; i < 20_000; i++) lines.push(`ip route add 10.${i >>> 8}.${i & 255}.0/24 via 198.51.100.${i % 5000 === 7 ? 20 : 10}`);
    const b = spectrumBox(lines.join('\n'), ['swp2']);
    b.takeNotifications();
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < 100; k++) {
      b.run('ip neigh add 198.51.100.20 lladdr 02:00:00:00:0a:14 dev swp2');
      const on = b.takeNotifications();
      b.run('ip neigh del 198.51.100.20 dev swp2');
      const off = b.takeNotifications();
      if (k === 0) {
        expect(on).toEqual(['10.0.7.0/24 via 198.51.100.20 dev swp2 offload rt_offload', '10.19.143.0/24 via 198.51.100.20 dev swp2 offload rt_offload', '10.39.23.0/24 via 198.51.100.20 dev swp2 offload rt_offload', '10.58.159.0/24 via 198.51.100.20 dev swp2 offload rt_offload']);
        expect(off).toEqual(on.map((t) => t.replace(' offload rt_offload', ' rt_trap')));
      }
    }
    // 200 neighbour changes: each walked all 20 000 routes before (4 M route refreshes, seconds).
    const { user, system } = process.cpuUsage(cpu0);
    expect((user + system) / 1e6).toBeLessThan(1.5);
  });
});
