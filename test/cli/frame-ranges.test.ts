import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTER, runCli, threeFrameDir } from './cli-helpers';

/**
 * Frame numbers that do not exist never pass in silence (issue 11): `--frames` counts what it
 * names (5-5 is one frame, as editcap's ranges), a range past the capture's end is a warning
 * (in part) or an error (wholly); an event or an expectation at frames the capture does not
 * have is a warning or a failure in every report; an egress no frame could take is bad input.
 */
const { dir, fixture } = threeFrameDir('pcapverdict-frames-');

const router = fixture('router.yaml', ROUTER);

describe('replay --frames: what it counts and what lies past the capture', () => {
  test('--frames 2-2 counts one frame, and --frames 3 the third alone (not every frame up to it)', () => {
    expect(runCli(['replay', router, '--format', 'count', '--frames', '2-2'])).toEqual({ code: 0, out: 'frames 1, skipped 0\nverdicts: drop 1\nreasons: ip_inhdr 1\n', err: '' });
    expect(runCli(['replay', router, '--format', 'count', '--frames', '3']).out).toBe('frames 1, skipped 0\nverdicts: forward 1\nreasons: none\n');
  });

  test.each([['0'], ['3-2'], ['2-'], ['x'], ['1-99999999999999999999']])('--frames %s is a usage error (exit 2)', (range) => {
    const r = runCli(['replay', router, '--frames', range]);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toMatch(/^error: --frames "[^"]*": write N or FROM-TO, frames numbered from 1\n$/);
  });

  test('a range that runs past the end is replayed up to it, with a warning (exit 0)', () => {
    const r = runCli(['replay', router, '--format', 'count', '--frames', '2-9']);
    expect(r).toEqual({ code: 0, out: 'frames 2, skipped 0\nverdicts: drop 1, forward 1\nreasons: ip_inhdr 1\n', err: 'warning: --frames 2-9: the capture has 3 frames, so the range stops at frame 3\n' });
  });

  test('a range wholly past the end is an error (exit 2): no frame answers it', () => {
    const r = runCli(['replay', router, '--format', 'ndjson', '--frames', '4-9']);
    expect([r.code, r.err]).toEqual([2, 'error: --frames 4-9: the capture has 3 frames, none in the range\n']);
    expect(r.out).not.toMatch(/"type":"frame"/);
  });
});

describe('events and expectations at frames the capture does not have', () => {
  const late = fixture('late.yaml', `${ROUTER}events:\n  - { at: { frame: 9 }, run: "ip link set eth1 down" }\n`);

  test('replay and routes --replay: an event past the last frame runs after it, with a warning naming it', () => {
    const warning = `warning: ${late}: event "ip link set eth1 down" at frame 9: the capture has 3 frames, so it ran after the last\n`;
    const r = runCli(['replay', late, '--format', 'count']);
    expect([r.code, r.err]).toEqual([0, warning]);
    const routes = runCli(['routes', late, '--replay']);
    expect([routes.code, routes.err]).toEqual([0, warning]);
    expect(routes.out).not.toContain('198.51.100.0/24 dev eth1'); // the event ran: eth1 is down
  });

  test('check: the warning is in the text, NDJSON and JUnit reports, and the check still passes', () => {
    expect(runCli(['check', '--update', '--format', 'text', late]).code).toBe(0);
    const text = runCli(['check', '--ci', '--format', 'text', late]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('warning: ');
    expect(text.out).toContain('event "ip link set eth1 down" at frame 9: the capture has 3 frames');
    const junit = join(dir, 'late.xml');
    const nd = runCli(['check', '--ci', '--format', 'ndjson', '--junit', junit, late]);
    expect(JSON.parse(nd.out.split('\n')[0]!)).toMatchObject({ status: 'pass', warnings: [expect.stringContaining('at frame 9: the capture has 3 frames')] });
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase [^>]*name="late\.yaml"[^>]*><system-err>warning: .*at frame 9: the capture has 3 frames, so it ran after the last<\/system-err><\/testcase>/);
  });

  test('an expectation over frames 2-5 of a 3-frame capture fails for the frames it lacks, besides what frames 2-3 show; frames 7-9 fail alone', () => {
    const part = fixture('part.yaml', `${ROUTER}golden: none\nexpect:\n  - { frames: 2-5, reason: any }\n  - { frames: 7-9, verdict: drop }\n`);
    const r = runCli(['check', '--ci', '--format', 'ndjson', part]);
    expect(r.code).toBe(1);
    const failures = (JSON.parse(r.out.split('\n')[0]!) as { expectations: { failures: { index: number; line: number; message: string }[] } }).expectations.failures;
    expect(failures.map((x) => [x.index, x.line, x.message])).toEqual([
      [0, 17, 'frames 2-5: the capture has 3 frames'],
      [0, 17, expect.stringMatching(/^1 of 2 selected frames differ: frame 3: no reason/)],
      [1, 18, 'frames 7-9: the capture has 3 frames'],
    ]);
  });

  test('an egress port that is not one of the fixture\'s ports (nor a dummy its setup makes) is bad input at its line and column', () => {
    const f = fixture('egress.yaml', `${ROUTER}golden: none\nexpect:\n  - { frames: 1, egress: [{ port: eth7 }] }\n`);
    const r = runCli(['check', '--ci', '--format', 'ndjson', f]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out.split('\n')[0]!)).toMatchObject({ status: 'error', error: `${f}:17:35: unknown egress port "eth7" (a frame leaves by eth0, eth1)` });
    const dummy = fixture('dummy.yaml', `${ROUTER}  ip link add dummy0 type dummy\ngolden: none\nexpect:\n  - { frames: 2, egress: [dummy0, eth1] }\n`);
    expect(runCli(['check', '--ci', '--format', 'ndjson', dummy]).code).toBe(1); // loads: dummy0 is a place a frame can leave by
  });
});
