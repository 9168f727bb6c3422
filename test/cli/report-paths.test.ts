import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROUTER, runCli, writeThreeFrames } from './cli-helpers';

/**
 * Every path a command takes or writes: one that cannot be used is exit 2 with the option,
 * the path and the OS's own words, found before a golden could be written, and never a
 * stack trace or a loop (Node's recursive mkdir loops on /proc).
 */
function workspace(): { d: string; golden: string; before: string } {
  const d = mkdtempSync(join(tmpdir(), 'pcapverdict-paths-'));
  writeThreeFrames(join(d, 'three.pcap'));
  writeFileSync(join(d, 'router.yaml'), ROUTER);
  writeFileSync(join(d, 'a-file'), '');
  expect(runCli(['check', '--update', 'router.yaml'], d).code).toBe(0);
  const golden = join(d, 'router.golden.ndjson');
  return { d, golden, before: readFileSync(golden, 'utf8') };
}

const linux = process.platform === 'linux';

describe('report paths that cannot be written: exit 2, the OS\'s words, the golden untouched', () => {
  test.each([
    ['--junit under a regular file', ['--junit', 'a-file/j.xml'], 'error: cannot write --junit a-file/j.xml: ENOTDIR: not a directory\n'],
    ['--junit in a directory that does not exist', ['--junit', 'no/such/j.xml'], 'error: cannot write --junit no/such/j.xml: ENOENT: no such file or directory\n'],
    ['--junit naming a directory', ['--junit', '.'], 'error: cannot write --junit .: EISDIR: illegal operation on a directory\n'],
    ['--out-pcap under a regular file', ['--out-pcap', 'a-file/x'], 'error: cannot write --out-pcap a-file/x: ENOTDIR: not a directory\n'],
    ['--out-pcap naming a regular file', ['--out-pcap', 'a-file'], 'error: cannot write --out-pcap a-file: ENOTDIR: not a directory\n'],
  ])('%s', (_what, args, err) => {
    const { d, golden, before } = workspace();
    const r = runCli(['check', '--update=all', '--format', 'ndjson', 'router.yaml', ...args], d);
    expect(r).toEqual({ code: 2, out: '', err });
    expect(readFileSync(golden, 'utf8')).toBe(before);
    expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  (linux ? test : test.skip)('--out-pcap /proc/foo ends at once (mkdir answers ENOENT under an existing /proc)', () => {
    const { d } = workspace();
    expect(runCli(['check', '--ci', 'router.yaml', '--out-pcap', '/proc/pcapverdict-test/x'], d, undefined, 20_000)).toEqual({ code: 2, out: '', err: 'error: cannot write --out-pcap /proc/pcapverdict-test/x: ENOENT: no such file or directory\n' });
  });

  (existsSync('/dev/full') ? test : test.skip)('--junit /dev/full: the device is full when the report is written; exit 2 after the check', () => {
    const { d, golden, before } = workspace();
    const r = runCli(['check', '--ci', '--format', 'ndjson', 'router.yaml', '--junit', '/dev/full'], d);
    expect([r.code, r.err]).toEqual([2, 'error: cannot write --junit /dev/full: ENOSPC: no space left on device\n']);
    expect(readFileSync(golden, 'utf8')).toBe(before);
  });

  (existsSync('/dev/full') ? test : test.skip)('--out-pcap whose port file is full (a link to /dev/full): exit 2 naming that file, --update=all leaves the golden and no temporary file', () => {
    const { d, golden, before } = workspace();
    mkdirSync(join(d, 'out', 'router'), { recursive: true });
    symlinkSync('/dev/full', join(d, 'out', 'router', 'eth1.pcapng'));
    const r = runCli(['check', '--update=all', '--format', 'ndjson', 'router.yaml', '--out-pcap', 'out'], d);
    expect([r.code, r.err]).toEqual([2, 'error: cannot write --out-pcap out/router/eth1.pcapng: ENOSPC: no space left on device\n']);
    expect(readFileSync(golden, 'utf8')).toBe(before);
    expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('--junit naming a fixture, a golden or a capture (a shell glob after the option) is refused: the fixture stays', () => {
    const { d } = workspace();
    const before = readFileSync(join(d, 'router.yaml'), 'utf8');
    expect(runCli(['check', '--ci', '--junit', 'router.yaml', 'router.yaml'], d)).toEqual({ code: 2, out: '', err: 'error: cannot write --junit router.yaml: that is the name of a fixture, a golden or a capture, not of a report\n' });
    expect(readFileSync(join(d, 'router.yaml'), 'utf8')).toBe(before);
  });

  (existsSync('/dev/full') ? test.each([['decode', 'three.pcap'], ['replay', 'router.yaml'], ['routes', 'router.yaml'], ['check', '--ci', 'router.yaml'], ['reasons']]) : test.skip.each([['none']]))(
    'standard output on a full device (%s > /dev/full): exit 2 in the OS\'s words, not a crash',
    (...args: string[]) => {
      const { d } = workspace();
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: d, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
        expect([r.status, r.stderr]).toEqual([2, 'error: cannot write the standard output: ENOSPC: no space left on device\n']);
      } finally {
        closeSync(full);
      }
    },
  );

  test('a probe leaves no file behind when the run then stops on bad input', () => {
    const { d } = workspace();
    writeFileSync(join(d, 'bad.yaml'), 'capture: three.pcap\nports: [eth0\n');
    expect(runCli(['check', '--ci', 'bad.yaml', '--junit', 'j.xml'], d).code).toBe(2);
    expect(existsSync(join(d, 'j.xml'))).toBe(false);
  });
});

(linux ? test : test.skip)('a golden that is a FIFO (or a device: /dev/null as root) is bad input; --update=all does not rename a file over it', () => {
  const { d } = workspace();
  execFileSync('mkfifo', [join(d, 'fifo.ndjson')]);
  writeFileSync(join(d, 'fifo.yaml'), `${ROUTER}golden: fifo.ndjson\n`);
  const r = runCli(['check', '--update=all', '--format', 'ndjson', 'fifo.yaml'], d, undefined, 20_000);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.out.split('\n')[0]!)).toMatchObject({ status: 'error', error: `fifo.yaml:15:9: the golden ${join(d, 'fifo.ndjson')} is not a regular file (a device, a FIFO or a socket)` });
  expect(statSync(join(d, 'fifo.ndjson')).isFIFO()).toBe(true);
});

describe('input paths that cannot be read: exit 2 with the OS\'s words', () => {
  test.each([
    ['check, a fixture under a regular file', ['check', 'a-file/x.yaml'], 'error: a-file/x.yaml: ENOTDIR: not a directory\n'],
    ['decode, a capture under a regular file', ['decode', 'a-file/x.pcap'], 'error: a-file/x.pcap: ENOTDIR: not a directory\n'],
    ['replay, a fixture under a regular file', ['replay', 'a-file/x.yaml'], 'error: a-file/x.yaml:1:1: cannot read the fixture: ENOTDIR: not a directory\n'],
  ])('%s', (_what, args, err) => {
    const { d } = workspace();
    expect(runCli(args, d)).toEqual({ code: 2, out: '', err });
  });

  test('replay --capture naming a directory or a path under a file', () => {
    const { d } = workspace();
    for (const capture of ['.', 'a-file/x.pcap']) {
      const r = runCli(['replay', 'router.yaml', '--capture', capture], d);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: [^\n]*(EISDIR|ENOTDIR)[^\n]*\n$/);
    }
  });
});
