import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKTYPE } from '../../src/capture/link-type';
import { PcapngWriter } from '../../src/capture/pcapng-writer';
import { checkFixture } from '../../src/check/check-fixture';
import { FRAME_FIELD_TYPES } from '../../src/filter';
import { ETHERTYPE, ethernet, icmp, IPPROTO, ipv4, udp } from '../../src/wire/frame-builder';
import { routerFixture, runCli } from '../cli/cli-helpers';
import { frames, Scratch } from '../replay/replay-helpers';

// Every frame field docs/display-filter.md documents has its value in every place a filter
// selects captured frames: `decode -Y`, ingress rules and `expect:` selectors. Before,
// frame.time_relative was documented but never given a value outside the library: a rule or
// selector on it matched nothing, silently.

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'display-filter.md'), 'utf8');

/** The frame fields of the docs' field table (its `frame` row). */
const DOCUMENTED = [...(/^\| frame \| (.*) \|$/m.exec(DOC)?.[1] ?? '').matchAll(/`(frame\.[a-z_]+)`/g)].map((m) => m[1]!);

/**
 * The capture: three frames, 1 and 3 on interface "lan" (id 0), UDP with TTL 64, routed;
 * frame 2 on "wan" (id 1) 1.500000001 s after frame 1, ICMP with TTL 1 (dropped: ip_inhdr),
 * longer than the others. Each filter selects frame 2 alone through one frame field.
 */
const SELECTS_FRAME_2: Readonly<Record<string, string>> = {
  'frame.number': 'frame.number == 2',
  'frame.time_relative': 'frame.time_relative == 1.500000001',
  'frame.interface_name': 'frame.interface_name == "wan"',
  'frame.interface_id': 'frame.interface_id == 1',
  'frame.len': 'frame.len == 98',
  'frame.cap_len': 'frame.cap_len == 98',
  'frame.protocols': 'frame.protocols contains "icmp"',
};

const ROUTER = (ingress: string, expect: string): string =>
  `${routerFixture({ description: 'a router that drops a TTL-1 packet', capture: 'fields.pcapng', ingress })}golden: none\n${expect}\n`;

let scratch: Scratch;
let capture: string;
beforeAll(() => {
  scratch = new Scratch();
  capture = join(scratch.dir, 'fields.pcapng');
  const w = new PcapngWriter(capture);
  const lan = w.addInterface({ linkType: LINKTYPE.ETHERNET, name: 'lan' });
  const wan = w.addInterface({ linkType: LINKTYPE.ETHERNET, name: 'wan' });
  const toRouter = (payload: Uint8Array): Uint8Array => ethernet('02:00:00:00:01:fe', '02:00:00:00:00:01', ETHERTYPE.IPV4, payload);
  const routed = toRouter(ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP }, udp(1000, 2000, new Uint8Array(8))));
  const expiring = toRouter(ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.ICMP, ttl: 1 }, icmp(8, 0, 1, new Uint8Array(56))));
  w.write(lan, routed, 1700000000, 250000000);
  w.write(wan, expiring, 1700000001, 750000001);
  w.write(lan, routed, 1700000003, 0);
  w.close();
});
afterAll(() => scratch.remove());

test('the docs list the frame fields of the filter language, and each has a case here', () => {
  expect(DOCUMENTED).toEqual(Object.keys(FRAME_FIELD_TYPES));
  expect(Object.keys(SELECTS_FRAME_2).sort()).toEqual([...DOCUMENTED].sort());
});

describe.each(Object.entries(SELECTS_FRAME_2))('%s', (field, filter) => {
  test(`decode -Y '${filter}' prints frame 2 alone`, () => {
    const r = runCli(['decode', '-Y', filter, '--format', 'ndjson', capture]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.trim().split('\n').map((l) => (JSON.parse(l) as { frame: number }).frame)).toEqual([2]);
  });

  test(`an ingress rule on it ({ where: '${filter}', port: eth1 }) takes frame 2 alone`, () => {
    const records = scratch.replay(`ingress-${field}.yaml`, ROUTER(`ingress:\n  rules: [{ where: '${filter}', port: eth1 }]\n  default: eth0`, 'expect: [{ frames: 2, verdict: drop }]'));
    expect(frames(records).map((r) => [r.frame, r.ingress])).toEqual([
      [1, 'eth0'],
      [2, 'eth1'],
      [3, 'eth0'],
    ]);
  });

  test(`an expect: selector on it selects frame 2 alone (ip_forward's TTL drop, not the routed frames)`, () => {
    const file = join(scratch.dir, `expect-${field}.yaml`);
    writeFileSync(file, ROUTER('ingress: { default: eth0 }', `expect:\n  - { where: '${filter}', verdict: drop, reason: ip_inhdr }\n  - { where: 'not (${filter})', verdict: forward }`));
    const c = checkFixture(file, { update: 'none' });
    expect(c.expectations?.failures).toEqual([]);
    expect(c.status).toBe('pass');
  });
});

test('decode -Y with a filter that does not compile exits 2 with the column and tshark\'s caret, printing no frame', () => {
  const r = runCli(['decode', '-Y', 'frame.time_relative > 1.5.2', capture]);
  expect([r.code, r.out, r.err]).toEqual([2, '', 'error: -Y: column 23: "1.5.2" is not a valid time offset in seconds.\nframe.time_relative > 1.5.2\n                      ^~~~~\n']);
});
