/**
 * The whole kernel check against the real kernel: namespaces, the fixture's setup, the
 * Python helper, the comparison. Needs root and network namespaces, so it is opt-in:
 *
 *   PCAPVERDICT_KERNEL_CHECK=1 npx jest test/kernel-check/kernel-run.test.ts
 *
 * and skipped (reported as skipped) otherwise, so CI without privileges passes.
 */
import { join } from 'node:path';
import { checkFixture, type CheckOptions } from '../../scripts/kernel-check/kernel-check';

const ROOT = join(__dirname, '..', '..');
const enabled = process.env['PCAPVERDICT_KERNEL_CHECK'] === '1';
const describeKernel = enabled ? describe : describe.skip;

const opts: CheckOptions = { compare: true, windowMs: 30, maxMs: 250, pace: 'fast', quiet: true };

describeKernel('kernel check on the real kernel (PCAPVERDICT_KERNEL_CHECK=1, root)', () => {
  jest.setTimeout(120_000);

  test('runs as root', () => {
    expect(process.getuid?.()).toBe(0);
  });

  test('router-v4 replayed into the kernel agrees with the hand-written decisions on every frame', async () => {
    const r = await checkFixture(join(ROOT, 'fixtures/routing/router-v4.yaml'), {
      ...opts,
      ingressFrom: join(__dirname, 'data', 'router-v4.emulator.ndjson'),
    });
    expect(r.error).toBeUndefined();
    expect(r.comparison?.rows.filter((x) => !x.agree).map((x) => x.differences)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const o = r.observations!;
    expect(o.frames).toHaveLength(23);
    // The kernel forwarded A's echo request out of eth1 with TTL 63 once B's ARP reply came.
    const f5 = o.frames.find((f) => f.frame === 5)!;
    expect(f5.out.map((k) => [k.port, k.fields['ip.ttl']])).toEqual([['eth1', 63]]);
    expect(o.devices['eth0']).toBe('veth');
  });

  test('a setup line the kernel refuses is a setup failure (exit 2) naming the line', async () => {
    const r = await checkFixture(join(__dirname, 'data', 'bad-setup.yaml'), {
      ...opts,
      ingressFrom: join(__dirname, 'data', 'router-v4.emulator.ndjson'),
    });
    expect(r.exitCode).toBe(2);
    expect(r.error).toContain('setup line failed');
    expect(r.error).toContain('ip route add 203.0.113.0/24 via 198.18.0.1');
  });
});
