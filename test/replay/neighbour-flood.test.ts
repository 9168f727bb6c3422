import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadFixture } from '../../src/fixture/load-fixture';
import { replay, type ReplaySummary } from '../../src/replay/replay';
import { writeNeighbourScan } from '../../scripts/replay/neighbour-scan';
import { describeWithRepro, FIXTURES, tempPath } from './helpers';

// D7 (issue 11): pings to N distinct on-link IPv6 addresses cost O(N²) (16,000 took 15 s):
// the timer queue was a sorted array counted with a filter on every drain step, and the
// neighbour table had no bound. Now timers are a heap (test/stack/timers.test.ts) and the
// table has the kernel's gc_thresh1/2/3 (neigh_alloc refuses a new entry at gc_thresh3 = 1024
// when neigh_forced_gc frees nothing: SKB_DROP_REASON_NEIGH_CREATEFAIL). Not benchmarks: the
// time bounds are generous (the quadratic replay missed them by far), the counts are exact.

const ROUTER_V6 = join(FIXTURES, 'routing', 'router-v6.yaml');

function count(fixturePath: string, capture: string): { summary: ReplaySummary; seconds: number } {
  const start = process.hrtime.bigint();
  const summary = replay(loadFixture(fixturePath), () => undefined, { detail: false, capture });
  return { summary, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** router-v6.yaml with `lines` added to its setup and `capture` as its capture, written beside the capture. */
function routerV6With(capture: string, lines: readonly string[]): string {
  const text = readFileSync(ROUTER_V6, 'utf8')
    .replace(/^capture: .*$/m, `capture: ${capture}`)
    .replace(/^setup: \|\n/m, `setup: |\n${lines.map((l) => `  ${l}\n`).join('')}`);
  const path = join(dirname(capture), 'router-v6.yaml');
  writeFileSync(path, text);
  return path;
}

describe('D7, self-contained: a scan of new on-link addresses stays linear and the neighbour table bounded', () => {
  const scan16k = tempPath('scan-16000.pcap');
  beforeAll(() => writeNeighbourScan(scan16k, 16_000));

  test('16,000 addresses within 16 ms: 1024 entries (gc_thresh3) are made and fail, the other 14,976 packets are dropped with neigh_createfail, in under 10 s', () => {
    const { summary, seconds } = count(ROUTER_V6, scan16k);
    expect(summary.byReason).toEqual({ neigh_failed: 1024, neigh_createfail: 14_976 });
    expect(seconds).toBeLessThan(10);
  });

  test('the same with gc_thresh3 set by sysctl to 10,000,000: 16,000 entries and 16,000 live timers, still in under 10 s (was 15 s)', () => {
    const fixture = routerV6With(scan16k, ['sysctl -w net.ipv6.neigh.default.gc_thresh3=10000000']);
    const { summary, seconds } = count(fixture, scan16k);
    expect(summary.byReason).toEqual({ neigh_failed: 16_000 });
    expect(seconds).toBeLessThan(10);
  });

  test('gc_thresh3 set by sysctl to 100 bounds the table at 100 entries (net.ipv6.neigh.default.gc_thresh3)', () => {
    const fixture = routerV6With(scan16k, ['sysctl -w net.ipv6.neigh.default.gc_thresh3=100']);
    const { summary } = count(fixture, scan16k);
    expect(summary.byReason).toEqual({ neigh_failed: 100, neigh_createfail: 15_900 });
  });

  test('a slower scan (20,000 addresses, 1 ms apart): failed entries are collected (neigh_forced_gc down to gc_thresh2) and new ones made, never more than 1024 at once', () => {
    const slow = scan16k.replace(/scan-16000\.pcap$/, 'scan-slow.pcap');
    writeNeighbourScan(slow, 20_000, 1000);
    const { summary } = count(ROUTER_V6, slow);
    // Each entry lives 3 s (three probes): at 1,000 new addresses a second the table holds
    // 1024 entries after 1.024 s; from 3 s on, the forced gc frees 512 failed ones at a time.
    const made = summary.byReason['neigh_failed'] ?? 0;
    expect(made + (summary.byReason['neigh_createfail'] ?? 0)).toBe(20_000);
    expect(made).toBeGreaterThan(1024);
    expect(made).toBeLessThan(20_000 * (1024 / 3000) + 1024);
  });

  test('sysctl refuses what the kernel refuses: a negative gc_thresh, and gc_thresh under a device (only `default` has it)', () => {
    const bad = routerV6With(scan16k, ['sysctl -w net.ipv6.neigh.default.gc_thresh1=-1']);
    expect(() => replay(loadFixture(bad), () => undefined, { detail: false })).toThrow(/Invalid argument/);
    const perDevice = routerV6With(scan16k, ['sysctl -w net.ipv4.neigh.eth0.gc_thresh3=5']);
    expect(() => replay(loadFixture(perDevice), () => undefined, { detail: false })).toThrow(/cannot stat/);
  });
});

describeWithRepro('replay-neighbour-flood-quadratic', 'D7 reproducers: flood-4000.pcap and flood-16000.pcap through fixtures/routing/router-v6.yaml', (dir) => {
  test.each([
    ['flood-4000.pcap', 4000],
    ['flood-16000.pcap', 16000],
  ])('%s: one verdict per frame, at most 1024 neighbour entries, in under 10 s', (file, n) => {
    const { summary, seconds } = count(ROUTER_V6, join(dir, file));
    expect(summary.frames).toBe(n);
    expect(summary.byReason).toEqual({ neigh_failed: 1024, neigh_createfail: n - 1024 });
    expect(seconds).toBeLessThan(10);
  });
});
