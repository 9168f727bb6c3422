import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jestUpdateMode, pcapverdictMatchers } from '../../src/jest';
import type { FrameRecord } from '../../src/decision/records';
import type { ReasonId } from '../../src/decision/reasons';
import { FIXTURES } from '../fixtures/helpers';
import { ProgressBar } from '../../src/report/progress-bar';

expect.extend(pcapverdictMatchers);

const frame = (verdict: FrameRecord['verdict'], reason?: ReasonId): FrameRecord => ({ type: 'frame', frame: 3, time: '0.1', ingress: 'eth0', verdict, ...(reason === undefined ? {} : { reason }), meta: {}, trace: [] });

describe('jest matchers (src/jest)', () => {
  test('toMatchGolden passes on a bundled fixture, through the same check as the CLI', () => {
    expect(join(FIXTURES, 'stack', 'router-v4.yaml')).toMatchGolden();
  });

  test('toMatchGolden fails with the check report for a fixture that cannot load', () => {
    expect(() => expect(join(FIXTURES, 'no-such.yaml')).toMatchGolden()).toThrow(/\[ERR \] .*no-such\.yaml\n {2}error: .*cannot read the fixture: ENOENT/);
  });

  test('toMatchGolden fails, never throws the yaml library\'s error, for an alias bomb (D2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-jest-'));
    writeFileSync(join(dir, 'x.pcap'), '');
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(bomb, `capture: x.pcap\nports: [eth0]\nkernel_check:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [${'*a, '.repeat(9)}*a]\n  c: [${'*b, '.repeat(9)}*b]\n`);
    expect(() => expect(bomb).toMatchGolden()).toThrow(/\[ERR \] .*bomb\.yaml\n {2}error: .*bomb\.yaml:5:10: aliases expand past 100 nodes/);
  });

  test('toHaveVerdict compares verdict and, when given, reason (none: no reason)', () => {
    expect(frame('drop', 'ip_inhdr')).toHaveVerdict('drop', 'ip_inhdr');
    expect(frame('forward')).toHaveVerdict('forward', 'none');
    expect(frame('trap', 'arp_request')).not.toHaveVerdict('drop');
    expect(() => expect(frame('drop', 'ip_inhdr')).toHaveVerdict('forward')).toThrow('frame 3: expected forward, got drop (ip_inhdr)');
    expect(() => expect({ type: 'skipped' }).toHaveVerdict('drop')).toThrow(/expected a frame record/);
  });

  test('the update mode comes from jest\'s snapshot state (none under --ci, as .ci/run runs)', () => {
    expect(['none', 'new', 'all']).toContain(jestUpdateMode());
    if (process.env.CI !== undefined && process.env.CI !== 'false') expect(jestUpdateMode()).toBe('none');
  });
});

describe('progress bar', () => {
  test('draws the share read on one line, at most ten times a second, and clears itself', () => {
    const written: string[] = [];
    const stream = { columns: 60, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(stream);
    bar.start('fixtures/big.yaml');
    bar.update(0.5);
    bar.update(0.6); // within 100 ms of the last draw: skipped
    expect(written).toEqual(['\rfixtures/big.yaml [###############...............] 50%\x1b[K']);
    bar.clear();
    bar.clear();
    expect(written.slice(1)).toEqual(['\r\x1b[K']);
  });
});
