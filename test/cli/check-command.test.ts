import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openCapture } from '../../src/capture/open-capture';
import { envWithoutCi, ROUTER, runCli, writeThreeFrames, type CliRun } from './cli-helpers';

// `pcapverdict check` as a user runs it: each failure kind with its exit code and message,
// the update modes, and the reports (DESIGN.md §6-7).
const root = mkdtempSync(join(tmpdir(), 'pcapverdict-check-'));

/** Runs the CLI in `cwd` without the CI variable (the tests set it when they mean it). */
function run(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  return runCli(args, cwd, { ...envWithoutCi(), ...env });
}

let n = 0;
/** A fresh directory with the capture and `router.yaml` (plus `extra` appended to it). */
function workspace(extra = ''): string {
  const d = join(root, `w${++n}`);
  mkdirSync(d);
  writeThreeFrames(join(d, 'three.pcap'));
  writeFileSync(join(d, 'router.yaml'), ROUTER + extra);
  return d;
}

/** A workspace whose golden was written by `check --update`. */
function withGolden(extra = ''): { d: string; golden: string; lines: string[] } {
  const d = workspace(extra);
  // Expectations may fail; the golden is written all the same (as jest -u writes snapshots).
  run(['check', '--update', 'router.yaml', '--format', 'text'], d);
  const golden = join(d, 'router.golden.ndjson');
  return { d, golden, lines: readFileSync(golden, 'utf8').trimEnd().split('\n') };
}

function frameLine(lines: readonly string[], frame: number): number {
  return lines.findIndex((l) => l.startsWith(`{"type":"frame","frame":${frame},`));
}

describe('pcapverdict check: goldens and update modes', () => {
  test('a fixture on several platforms is checked once per platform, a golden each, and the accepting command names the file', () => {
    const d = mkdirSync(join(root, `w${++n}`), { recursive: true })!;
    writeThreeFrames(join(d, 'three.pcap'));
    writeFileSync(join(d, 'router.yaml'), ROUTER.replace('ports:', 'platform: [spectrum, linux]\nports:'));
    const written = run(['check', '--update', 'router.yaml', '--format', 'text'], d);
    expect(written.code).toBe(0);
    expect(written.out).toContain('[ OK ] router.yaml [spectrum]');
    expect(written.out).toContain('[ OK ] router.yaml [linux]');
    expect(readdirSync(d).filter((f) => f.endsWith('.golden.ndjson')).sort()).toEqual(['router.linux.golden.ndjson', 'router.spectrum.golden.ndjson']);
    const golden = join(d, 'router.spectrum.golden.ndjson');
    writeFileSync(golden, readFileSync(golden, 'utf8').replace('"verdict":"forward"', '"verdict":"drop"'));
    const failed = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('[FAIL] router.yaml [spectrum]');
    expect(failed.out).toContain('[ OK ] router.yaml [linux]');
    expect(failed.out).toContain('accept it: ');
    expect(failed.out).toMatch(/check --update=all router\.yaml\n/);
    // A golden of the fixture before it named two platforms is obsolete in a directory check.
    writeFileSync(join(d, 'router.golden.ndjson'), '');
    const dirCheck = run(['check', '.', '--format', 'text'], d);
    expect(dirCheck.out).toContain('[FAIL] obsolete golden (no fixture produces it): router.golden.ndjson');
  });

  test('a missing golden fails (exit 1) and names the command that writes it; --update writes it; then the check passes', () => {
    const d = workspace();
    const miss = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(miss.code).toBe(1);
    expect(miss.out).toContain('[FAIL] router.yaml');
    expect(miss.out).toContain('golden router.golden.ndjson: missing');
    expect(miss.out).toContain('check --update router.yaml');
    expect(existsSync(join(d, 'router.golden.ndjson'))).toBe(false);
    expect(run(['check', '--update', 'router.yaml', '--format', 'text'], d).out).toContain('golden written');
    const ok = run(['check', 'router.yaml', '--format', 'text'], d);
    expect([ok.code, ok.out.split('\n')[0]]).toEqual([0, expect.stringMatching(/^\[ OK \] router\.yaml {2}3 frames: forward 2, drop 1; golden match/)]);
  });

  test('the golden is one canonical line per record: setup notifications, then frames in order, no trace', () => {
    const { lines } = withGolden();
    const frames = lines.filter((l) => l.includes('"type":"frame"'));
    expect(frames).toEqual([
      '{"type":"frame","frame":1,"time":"0.000000000","ingress":"eth0","verdict":"forward","egress":[{"fields":{"eth.dst":"02:00:00:00:02:02","eth.src":"02:00:00:00:02:fe","ip.ttl":63},"port":"eth1"}]}',
      '{"type":"frame","frame":2,"time":"1.000000000","ingress":"eth0","verdict":"drop","reason":"ip_inhdr"}',
      '{"type":"frame","frame":3,"time":"2.000000000","ingress":"eth0","verdict":"forward","egress":[{"fields":{"eth.dst":"02:00:00:00:02:02","eth.src":"02:00:00:00:02:fe","ip.ttl":63},"port":"eth1"}]}',
    ]);
    expect(lines.some((l) => l.includes('trace'))).toBe(false);
  });

  test('with CI set (or --ci) nothing is written: a missing golden fails, and --update is refused with exit 2', () => {
    const d = workspace();
    expect(run(['check', 'router.yaml'], d, { CI: 'true' }).code).toBe(1);
    const refused = run(['check', '--update', 'router.yaml'], d, { CI: 'true' });
    expect([refused.code, refused.err]).toEqual([2, expect.stringContaining('forbids it')]);
    expect(run(['check', '--ci', '--update=all', 'router.yaml'], d).code).toBe(2);
    expect(existsSync(join(d, 'router.golden.ndjson'))).toBe(false);
  });

  test('a changed verdict: exit 1, the two lines, the field-level diff, the frame\'s decode and trace, the accepting command, the full actual stream beside the golden', () => {
    const { d, golden, lines } = withGolden();
    const i = frameLine(lines, 2);
    const broken = [...lines];
    broken[i] = '{"type":"frame","frame":2,"time":"1.000000000","ingress":"eth0","verdict":"trap","reason":"local_route","to":["eth0"]}';
    writeFileSync(golden, broken.join('\n') + '\n');
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(1);
    // The header is the golden's line 1, not a record: line i + 1 holds record i.
    expect(r.out).toContain(`frame 2 changed (golden line ${i + 1}, replay record ${i}):`);
    expect(r.out).toMatch(/verdict +"trap" +"drop"/);
    expect(r.out).toMatch(/reason +"local_route" +"ip_inhdr"/);
    expect(r.out).toMatch(/to +\["eth0"\] +\(absent\)/);
    expect(r.out).toContain('frame 2: 02:00:00:00:00:01 > 02:00:00:00:01:fe, IPv4 192.0.2.1 > 198.51.100.2 ttl 1');
    expect(r.out).toMatch(/trace: eth0: rx › .*dropped \(ip_inhdr\)/);
    expect(r.out).toContain('check --update=all router.yaml');
    expect(readFileSync(join(d, 'router.actual.ndjson'), 'utf8')).toBe(lines.join('\n') + '\n');
    // The golden is the user's: a failed check leaves it as it was.
    expect(readFileSync(golden, 'utf8')).toBe(broken.join('\n') + '\n');
  });

  test('a changed egress field shows as that field, golden value beside replay value', () => {
    const { d, golden, lines } = withGolden();
    writeFileSync(golden, lines.map((l, k) => (k === frameLine(lines, 3) ? l.replace('"ip.ttl":63', '"ip.ttl":62') : l)).join('\n') + '\n');
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/frame 3 changed/);
    expect(r.out).toMatch(/egress\[0\]\.fields\[ip\.ttl\] +62 +63/);
  });

  test('a record missing from the golden, and a golden record the replay no longer produces, are told apart', () => {
    const { d, golden, lines } = withGolden();
    writeFileSync(golden, lines.filter((_, k) => k !== frameLine(lines, 1)).join('\n') + '\n');
    const extra = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(extra.code).toBe(1);
    expect(extra.out).toContain('frame 1: produced by the replay');
    expect(extra.out).toContain('not in the golden');
    const stale = '{"type":"frame","frame":4,"time":"3.000000000","ingress":"eth0","verdict":"drop","reason":"otherhost"}';
    writeFileSync(golden, [...lines, stale].join('\n') + '\n');
    const missing = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`frame 4: in the golden (line ${lines.length + 1}), not produced by the replay`);
  });

  test('a malformed golden line is bad input: exit 2 with file and line, and the golden is left alone', () => {
    const { d, golden, lines } = withGolden();
    const text = lines.map((l, k) => (k === 3 ? '{"type":"frame",' : l)).join('\n') + '\n';
    writeFileSync(golden, text);
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`router.golden.ndjson:4: not a JSON record`);
    expect(run(['check', '--update', 'router.yaml', '--format', 'text'], d).code).toBe(2);
    expect(readFileSync(golden, 'utf8')).toBe(text);
    // --update=all regenerates it.
    expect(run(['check', '--update=all', 'router.yaml', '--format', 'text'], d).out).toContain('golden updated');
    expect(readFileSync(golden, 'utf8')).toBe(lines.join('\n') + '\n');
  });

  test('a directory check skips node_modules and hidden directories (their YAML is not fixtures)', () => {
    const { d } = withGolden();
    for (const sub of ['node_modules/x', '.github/workflows']) {
      mkdirSync(join(d, sub), { recursive: true });
      writeFileSync(join(d, sub, 'ci.yaml'), 'on: push\n');
    }
    const r = run(['check', '.', '--format', 'text'], d);
    expect([r.code, r.out.split('\n')[0]]).toEqual([0, expect.stringMatching(/^\[ OK \] router\.yaml/)]);
  });

  test('an obsolete golden (no fixture produces it) fails a directory check; --update=all removes it', () => {
    const { d } = withGolden();
    writeFileSync(join(d, 'gone.golden.ndjson'), '{"type":"frame","frame":1}\n');
    const r = run(['check', '.', '--format', 'text'], d);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[FAIL] obsolete golden (no fixture produces it): gone.golden.ndjson');
    const u = run(['check', '--update=all', '.', '--format', 'text'], d);
    expect([u.code, u.out]).toEqual([0, expect.stringContaining('obsolete golden removed: gone.golden.ndjson')]);
    expect(existsSync(join(d, 'gone.golden.ndjson'))).toBe(false);
  });
});

describe('pcapverdict check: bad input never passes silently and never costs a golden', () => {
  test('a capture cut short mid-record: the frames before it are checked and the damage is reported as a warning', () => {
    const { d } = withGolden();
    const cap = join(d, 'three.pcap');
    const bytes = readFileSync(cap);
    writeFileSync(cap, bytes.subarray(0, bytes.length - 10));
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(1); // the golden is of the whole capture (its header's sha256), not of this one
    expect(r.out).toMatch(/ {2}warning: .*three\.pcap: pcap: record at offset 0x[0-9a-f]+ cut short at end of file/);
    expect(r.out).toContain('made from another capture: its header names three.pcap (sha256 ');
  });

  test('a capture that is not one: exit 2 naming file and offset; --update=all leaves the golden and no temporary file', () => {
    const { d, golden, lines } = withGolden();
    const cap = join(d, 'three.pcap');
    const bytes = Buffer.from(readFileSync(cap));
    bytes.writeUInt32LE(0x7fffffff, 24 + 8); // the first record's caplen
    writeFileSync(cap, bytes);
    const r = run(['check', '--update=all', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/\[ERR \] router\.yaml\n {2}error: .*three\.pcap: .*0x18/);
    expect(readFileSync(golden, 'utf8')).toBe(lines.join('\n') + '\n');
    expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('a golden that cannot be read (a directory in its place) is bad input, not a crash', () => {
    const d = workspace();
    mkdirSync(join(d, 'router.golden.ndjson'));
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect([r.code, r.err]).toEqual([2, '']);
    expect(r.out).toMatch(/error: .*router\.golden\.ndjson: cannot read the golden: EISDIR/);
  });

  test('report paths that cannot be written are usage errors, found before anything runs', () => {
    const d = workspace();
    mkdirSync(join(d, 'adir'));
    writeFileSync(join(d, 'afile'), '');
    expect(run(['check', '--update', 'router.yaml', '--junit', 'adir'], d)).toEqual({ code: 2, out: '', err: 'error: cannot write --junit adir: EISDIR: illegal operation on a directory\n' });
    expect(run(['check', '--update', 'router.yaml', '--out-pcap', 'afile'], d)).toEqual({ code: 2, out: '', err: 'error: cannot write --out-pcap afile: ENOTDIR: not a directory\n' });
    expect(existsSync(join(d, 'router.golden.ndjson'))).toBe(false);
  });
});

describe('pcapverdict check: expectations', () => {
  const EXPECT = `expect:
  - where: "ip.ttl == 1"
    verdict: drop
    reason: ip_inhdr
    egress: none
  - where: "ip.ttl == 64 && udp.dstport == 2000"
    verdict: forward
    egress: [{ port: eth1, fields: { ip.ttl: 63, eth.dst: "02:00:00:00:02:02" } }]
  - frames: 1-3
    reason: any
`;

  test('an expectation that fails names itself, its line, the frames and what differs; one that holds passes', () => {
    const { d } = withGolden(EXPECT);
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(1);
    expect(r.out).toContain('golden match, expectations 2/3');
    expect(r.out).toContain('expect[2] (router.yaml:23:5): 2 of 3 selected frames differ: frame 1: no reason (forward), expected one; frame 3: no reason (forward), expected one');
    expect(r.out).toContain('frame 1: 02:00:00:00:00:01 > 02:00:00:00:01:fe');
  });

  test('a selector that matches no frame is a failure', () => {
    const { d } = withGolden('expect:\n  - where: "ip.dst == 203.0.113.99"\n    verdict: drop\n');
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(1);
    expect(r.out).toContain('expect[0] (router.yaml:16:5): selects no frame (where: ip.dst == 203.0.113.99)');
  });

  test('notifications are expected by what they announce', () => {
    const ok = withGolden('expect:\n  - notification: { msg: RTM_NEWROUTE, route: "198.51.100.0/24", table: main, flags: none, after: setup }\n');
    expect(run(['check', 'router.yaml'], ok.d).code).toBe(0);
    const bad = withGolden('expect:\n  - notification: { msg: RTM_NEWROUTE, route: "198.51.100.0/24", flags: [rt_trap] }\n');
    const r = run(['check', 'router.yaml', '--format', 'text'], bad.d);
    expect([r.code, r.out]).toEqual([1, expect.stringContaining('expect[0] (router.yaml:16:5): matches no notification')]);
  });

  test('bad filter syntax is bad input: exit 2 at the filter\'s column, nothing replayed or written', () => {
    const d = workspace('expect:\n  - where: "ip.ttl == == 1"\n    verdict: drop\n');
    const r = run(['check', '--update', 'router.yaml', '--format', 'text'], d);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/\[ERR \] router\.yaml\n {2}error: router\.yaml:16:\d+: display filter: /);
    expect(r.err).toContain('nothing was replayed or written');
    expect(existsSync(join(d, 'router.golden.ndjson'))).toBe(false);
  });

  test('golden: none checks the expectations only, and needs some', () => {
    const d = workspace('golden: none\nexpect:\n  - frames: 2\n    verdict: drop\n');
    const r = run(['check', 'router.yaml', '--format', 'text'], d);
    expect([r.code, r.out.split('\n')[0]]).toEqual([0, expect.stringMatching(/^\[ OK \] router\.yaml .*no golden, expectations 1\/1/)]);
    expect(existsSync(join(d, 'router.golden.ndjson'))).toBe(false);
    const empty = run(['check', 'router.yaml', '--format', 'text'], workspace('golden: none\n'));
    expect([empty.code, empty.out]).toEqual([2, expect.stringContaining('router.yaml:15:9: golden: none and no expect: entries: the fixture would check nothing')]);
  });

  test('an unknown reason, key, generated kind or route flag in an expectation is bad input', () => {
    expect(run(['check', 'router.yaml'], workspace('expect:\n  - frames: 1\n    reason: no_such_reason\n')).code).toBe(2);
    const r = run(['check', 'router.yaml', '--format', 'text'], workspace('expect:\n  - frames: 1\n    verdcit: drop\n'));
    expect([r.code, r.out]).toEqual([2, expect.stringContaining('router.yaml:17:5: unknown expectation key "verdcit"')]);
    const kind = run(['check', 'router.yaml', '--format', 'text'], workspace('expect:\n  - generated: { kind: icmp_reply, port: eth0 }\n'));
    expect([kind.code, kind.out]).toEqual([2, expect.stringContaining('router.yaml:16:24: unknown kind "icmp_reply" (arp_request, arp_reply,')]);
    const flag = run(['check', 'router.yaml', '--format', 'text'], workspace('expect:\n  - notification: { route: "198.51.100.0/24", flags: [offload] }\n'));
    expect([flag.code, flag.out]).toEqual([2, expect.stringContaining('router.yaml:16:55: unknown route flag "offload" (rt_offload, rt_trap, rt_offload_failed)')]);
  });
});

describe('pcapverdict check: reports', () => {
  test('--format ndjson: one check object per fixture, then a summary with the exit code', () => {
    const { d } = withGolden();
    const r = run(['check', 'router.yaml', '--format', 'ndjson'], d);
    const objs = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toEqual([
      expect.objectContaining({ type: 'check', fixture: 'router.yaml', status: 'pass', frames: 3, verdicts: { forward: 2, drop: 1 }, reasons: { ip_inhdr: 1 } }),
      { type: 'summary', fixtures: 1, passed: 1, failed: 0, errors: 0, obsolete: 0, exit: 0 },
    ]);
  });

  test('--junit writes one testcase per fixture, a failure carrying the diff', () => {
    const { d, golden, lines } = withGolden();
    writeFileSync(golden, lines.map((l, k) => (k === frameLine(lines, 3) ? l.replace('"ip.ttl":63', '"ip.ttl":62') : l)).join('\n') + '\n');
    const r = run(['check', '.', '--junit', 'report.xml', '--format', 'text'], d);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(d, 'report.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pcapverdict check" tests="1" failures="1" errors="0"/);
    expect(xml).toContain('<testcase classname="." name="router.yaml" file="router.yaml"');
    expect(xml).toContain('<failure type="mismatch" message="golden differs: 1 record, first frame 3 changed">');
    expect(xml).toContain('"ip.ttl":62');
  });

  test('--out-pcap writes what left each port and what the stacks received, each packet commented with its frame, verdict and reason', () => {
    const { d } = withGolden();
    expect(run(['check', 'router.yaml', '--out-pcap', 'out'], d).code).toBe(0);
    const read = (file: string): { ifname: string | undefined; comments: readonly string[] | undefined; ttl: number }[] => {
      const r = openCapture(join(d, 'out', 'router', file));
      const got = [];
      while (r.next()) got.push({ ifname: r.frame.ifname, comments: r.frame.comments, ttl: r.frame.data[22]! });
      r.close();
      return got;
    };
    expect(read('eth1.pcapng')).toEqual([
      { ifname: 'eth1', comments: ['frame 1: forward, out of eth1'], ttl: 63 },
      { ifname: 'eth1', comments: ['frame 3: forward, out of eth1'], ttl: 63 },
    ]);
    // Frame 2 (TTL 1) is dropped; the box sends a time exceeded back out of eth0.
    expect(read('eth0.pcapng')).toEqual([{ ifname: 'eth0', comments: ['sent by the box: icmp_error, for frame 2'], ttl: 64 }]);
    expect(existsSync(join(d, 'out', 'router', 'cpu.pcapng'))).toBe(false);
  });

  test('--out-pcap: a trapped frame goes to cpu.pcapng on the interface of the netdev whose stack got it', () => {
    const d = join(root, `w${++n}`);
    mkdirSync(d);
    const fixture = join(__dirname, '..', '..', 'fixtures', 'stack', 'router-v4.yaml');
    expect(run(['check', fixture, '--out-pcap', 'out'], d).code).toBe(0);
    // The fixture's directory: its path from the working directory, less leading ../ and .yaml.
    const files = join(d, 'out', relative(d, fixture).replace(/^(\.\.\/)+/, '').replace(/\.yaml$/, ''));
    const r = openCapture(join(files, 'cpu.pcapng'));
    const got: string[] = [];
    while (r.next()) got.push(`${r.frame.ifname ?? '?'} ${(r.frame.comments ?? []).join()}`);
    r.close();
    expect(got).toContain("eth0 frame 8: trap local_route, up eth0's stack");
    expect(got.every((g) => g.startsWith('eth0 frame '))).toBe(true);
    expect(existsSync(join(files, 'eth0.pcapng')) && existsSync(join(files, 'eth1.pcapng'))).toBe(true);
  });

  test('usage errors exit 2: no such path, a bad --update value', () => {
    const d = workspace();
    expect(run(['check', 'nowhere'], d)).toEqual({ code: 2, out: '', err: 'error: nowhere: no such file or directory\n' });
    expect(run(['check', '--update=some', 'router.yaml'], d).code).toBe(2);
  });
});
