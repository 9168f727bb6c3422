import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTER, runCli, threeFrameDir, type CliRun } from './cli-helpers';

const { dir, capture, fixture } = threeFrameDir('pcapverdict-replay-');

function run(args: string[]): CliRun {
  return runCli(args);
}

const router = fixture('router.yaml', ROUTER);

describe('pcapverdict replay', () => {
  test('prints one NDJSON record per frame: forwarded with TTL 63 and rewritten MACs, TTL 1 dropped with an ICMP time exceeded sent back (ip_forward)', () => {
    const r = run(['replay', router, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const records = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const frames = records.filter((x) => x.type === 'frame');
    expect(frames.map((f) => [f.frame, f.verdict, f.reason])).toEqual([
      [1, 'forward', undefined],
      [2, 'drop', 'ip_inhdr'],
      [3, 'forward', undefined],
    ]);
    expect(frames[0]!.egress).toEqual([{ port: 'eth1', fields: { 'eth.src': '02:00:00:00:02:fe', 'eth.dst': '02:00:00:00:02:02', 'ip.ttl': 63 } }]);
    const icmp = records.find((x) => x.type === 'generated');
    expect(icmp).toMatchObject({ frame: 2, kind: 'icmp_error', port: 'eth0', fields: { 'ip.src': '192.0.2.254', 'ip.dst': '192.0.2.1', 'icmp.type': 11, 'icmp.code': 0 } });
    // The setup's route additions come first, as ip monitor route would have shown them.
    expect(records[0]).toMatchObject({ type: 'notification', msg: 'RTM_NEWROUTE', after: 'setup' });
  });

  test('--format text prints aligned lines a person reads; --format count prints totals by verdict and reason', () => {
    const text = run(['replay', router, '--format', 'text']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^\s+2\s+1\.000000000\s+eth0\s+drop\s+ip_inhdr/m);
    const count = run(['replay', router, '--format', 'count']);
    expect(count.out).toBe('frames 3, skipped 0\nverdicts: forward 2, drop 1\nreasons: ip_inhdr 1\n');
  });

  test('--frames limits the records to a range while earlier frames still run; --capture replays another file', () => {
    const r = run(['replay', router, '--format', 'ndjson', '--frames', '2-3']);
    const frames = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; frame?: number }).filter((x) => x.type === 'frame');
    expect(frames.map((f) => f.frame)).toEqual([2, 3]);
    const other = run(['replay', router, '--format', 'count', '--capture', capture]);
    expect(other.code).toBe(0);
    expect(run(['replay', router, '--frames', '3-2']).code).toBe(2);
  });

  test.each([
    ['not YAML', 'capture: three.pcap\nports: [eth0\n', /bad\.yaml:\d+:\d+: not valid YAML/],
    ['an unknown key', `${ROUTER}color: blue\n`, /bad\.yaml:15:1: unknown key "color"/],
    ['a missing capture', ROUTER.replace('three.pcap', 'nothere.pcap'), /bad\.yaml:2:10: capture not found: .*nothere\.pcap/],
    ['an unknown port in ingress', ROUTER.replace('default: eth0', 'default: eth9'), /bad\.yaml:6:21: unknown port "eth9"/],
    ['a bad display filter', ROUTER.replace('ingress: { default: eth0 }', 'ingress:\n  rules:\n    - { where: "ip.ttll == 1", port: eth0 }'), /bad\.yaml:8:17: display filter: "ip\.ttll" is not a valid protocol or protocol field/],
    ['a command outside the subset', ROUTER.replace('  ip link set eth0 up\n', '  ip tunnel add t0 mode gre\n'), /bad\.yaml:9:6: /],
    ['a command the kernel refuses', `${ROUTER}  ip route add 203.0.113.0/24 via 10.9.9.9\n`, /bad\.yaml:15:3: Error: Nexthop has invalid gateway\./],
    ['an unknown platform', ROUTER.replace('ports:', 'platform: cisco\nports:'), /bad\.yaml:3:11: platform "cisco" is not available/],
    ['a platform named twice', ROUTER.replace('ports:', 'platform: [spectrum, spectrum]\nports:'), /bad\.yaml:3:22: platform "spectrum" is named twice/],
    ['a golden file on several platforms', ROUTER.replace('ports:', 'platform: [spectrum, linux]\ngolden: x.ndjson\nports:'), /bad\.yaml:4:9: a fixture on several platforms keeps one golden per platform/],
    ['a kernel that is no release', ROUTER.replace('ports:', 'kernel: newest\nports:'), /bad\.yaml:3:9: "kernel" is a release such as "6\.5"/],
    ['an expectation for a platform it does not run on', `${ROUTER}expect:\n  - { frames: 1, platform: spectrum, verdict: forward }\n`, /bad\.yaml:16:5: expect\[0\]: platform "spectrum" is not one the fixture runs on \(linux\)/],
    ['a "!" with no command', `${ROUTER}  !\n`, /bad\.yaml:15:3: "!" needs a command after it/],
  ])('a fixture with %s exits 2 with one message naming file, line and column, and prints no record', (_what, text, message) => {
    const path = fixture('bad.yaml', text);
    const r = run(['replay', path, '--format', 'ndjson']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });

  test('--platform picks one of the fixture\'s platforms; --stats prints devlink\'s trap counters, --routes the routes with their flags', () => {
    const both = fixture('both.yaml', ROUTER.replace('ports:', 'platform: [spectrum, linux]\nports:'));
    const spectrum = run(['replay', both, '--format', 'count', '--stats', '--routes']);
    expect(spectrum.code).toBe(0);
    expect(spectrum.out).toContain('pci/0000:01:00.0:\n  name ttl_value_is_too_small type exception generic true action trap group l3_exceptions\n    stats: rx: bytes 60 packets 1\n');
    expect(spectrum.out).toMatch(/^198\.51\.100\.0\/24 dev eth1 proto kernel scope link src 198\.51\.100\.254 rt_offload$/m);
    const linux = run(['replay', both, '--format', 'count', '--stats', '--routes', '--platform', 'linux']);
    expect(linux.out).toContain('devlink: this platform has no devlink device (no ASIC, no traps)\n');
    expect(linux.out).toMatch(/^198\.51\.100\.0\/24 dev eth1 proto kernel scope link src 198\.51\.100\.254$/m);
    const json = run(['replay', both, '--format', 'ndjson', '--stats']);
    expect(json.out).toContain('{"type":"trap_stats","handle":"pci/0000:01:00.0","name":"ttl_value_is_too_small","trap_type":"exception","group":"l3_exceptions","action":"trap","packets":1,"bytes":60}');
    const other = run(['replay', both, '--platform', 'netdevsim']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/the fixture does not run on platform "netdevsim" \(it names spectrum, linux\)/);
  });

  test('`pcapverdict routes` prints the routes after the setup, or after the replay, with their flags', () => {
    const both = fixture('both-routes.yaml', ROUTER.replace('ports:', 'platform: [spectrum, linux]\nports:'));
    const r = run(['routes', both]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^198\.51\.100\.0\/24 dev eth1 proto kernel scope link src 198\.51\.100\.254 rt_offload$/m);
    expect(r.out).toMatch(/^local 192\.0\.2\.254 dev eth0 table local proto kernel scope host src 192\.0\.2\.254 rt_trap$/m);
    expect(run(['routes', both, '--platform', 'linux']).out).toMatch(/^198\.51\.100\.0\/24 dev eth1 proto kernel scope link src 198\.51\.100\.254$/m);
    expect(run(['routes', both, '--replay']).out).toBe(r.out);
    expect(run(['routes', join(dir, 'nothere.yaml')]).code).toBe(2);
  });

  test('a damaged capture exits 2 with the byte offset, after the records of the frames before the damage', () => {
    const good = readFileSync(capture);
    const damaged = Buffer.concat([good, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]);
    writeFileSync(join(dir, 'damaged.pcap'), damaged);
    const path = fixture('damaged.yaml', ROUTER.replace('three.pcap', 'damaged.pcap'));
    const r = run(['replay', path, '--format', 'ndjson']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/damaged\.pcap.*offset 0x/);
    expect(r.out.trim().split('\n').filter((l) => l.includes('"type":"frame"'))).toHaveLength(3);
  });

  test('`pcapverdict reasons` lists every registered reason', () => {
    const r = run(['reasons']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^otherhost\s+drop\s+/m);
    expect(r.out).toMatch(/^ipv4_vrrp\s+trap\s+/m);
  });
});
