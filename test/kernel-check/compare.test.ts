/**
 * The kernel check's comparison (scripts/kernel-check/compare.ts) on hand-written
 * observations and emulator records: no root, no kernel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRun, describeFields, formatComparison, outputKind, sameValue } from '../../scripts/kernel-check/compare';
import { allFieldsOfHex, keyFields } from '../../scripts/kernel-check/kernel-fields';
import { parseNdjson, ingressByFrame, type EmulatorRecord, type FrameObservation, type KernelOut, type Observations } from '../../scripts/kernel-check/records';

const A = '02:00:00:00:01:01';
const B = '02:00:00:00:02:07';
const P0 = '02:00:00:00:01:fe';
const P1 = '02:00:00:00:02:fe';

function obs(frames: FrameObservation[], devices: Record<string, string> = { lo: 'loopback', eth0: 'veth', eth1: 'veth', br0: 'bridge' }): Observations {
  return {
    fixture: 'test.yaml',
    kernel: '6.18.0-test',
    ports: ['eth0', 'eth1'],
    devices,
    harnessSysctls: [],
    pace: 'fast',
    windowMs: 30,
    settle: [],
    frames,
    events: [],
  };
}

function frame(n: number, ingress: string, out: KernelOut[], extra: Partial<FrameObservation> = {}): FrameObservation {
  return { frame: n, ingress, out, rxDelta: { [ingress]: 1 }, snmp: {}, ...extra };
}

const echoForwarded = (ttl: number): KernelOut => ({
  port: 'eth1',
  fields: { 'eth.src': P1, 'eth.dst': B, 'ip.src': '192.0.2.1', 'ip.dst': '198.51.100.7', 'ip.ttl': ttl, 'icmp.type': 8, 'icmp.code': 0 },
});

const forward = (n: number, ttl = 63): EmulatorRecord => ({
  type: 'frame',
  frame: n,
  ingress: 'eth0',
  verdict: 'forward',
  egress: [{ port: 'eth1', fields: { 'eth.src': P1, 'eth.dst': B, 'ip.ttl': ttl } }],
});

describe('kernel check: output comparison', () => {
  test('a forwarded frame agrees when the kernel put out the same frame on the same port', () => {
    const c = compareRun(obs([frame(1, 'eth0', [echoForwarded(63)], { snmp: { IpForwDatagrams: 1 } })]), [forward(1)]);
    expect(c.agree).toBe(1);
    expect(c.differ).toBe(0);
    expect(c.rows[0]!.kernel).toContain('forwarded');
  });

  test('a rewritten field that differs is named with both values', () => {
    const c = compareRun(obs([frame(1, 'eth0', [echoForwarded(64)])]), [forward(1, 63)]);
    expect(c.differ).toBe(1);
    expect(c.rows[0]!.differences).toEqual([expect.stringContaining('ip.ttl 63≠64')]);
  });

  test('a frame the kernel sent that the emulator does not is a difference', () => {
    const drop: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'drop', reason: 'ip_noroute' };
    const err: KernelOut = { port: 'eth0', fields: { 'eth.dst': A, 'icmp.type': 3, 'icmp.code': 0, 'ip.src': '192.0.2.254', 'ip.dst': '192.0.2.1' } };
    const c = compareRun(obs([frame(1, 'eth0', [err])]), [drop]);
    expect(c.rows[0]!.differences).toEqual([expect.stringMatching(/^frame 1: kernel sent ICMP 3\/0 .* on eth0, the emulator does not$/)]);
  });

  test('a frame the emulator sends that the kernel did not is a difference', () => {
    const c = compareRun(obs([frame(1, 'eth0', [])]), [forward(1)]);
    expect(c.rows[0]!.differences).toEqual([expect.stringMatching(/emulator sends .* on eth1 \(egress\), the kernel did not$/)]);
  });

  test('generated frames (ARP reply) match kernel frames by the fields the emulator printed', () => {
    const reply: KernelOut = { port: 'eth0', fields: { 'eth.src': P0, 'eth.dst': A, 'arp.opcode': 2, 'arp.src.proto_ipv4': '192.0.2.254' } };
    const records: EmulatorRecord[] = [
      { type: 'generated', frame: 1, port: 'eth0', kind: 'arp_reply', fields: { 'eth.dst': A, 'arp.opcode': 2 } },
      { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'trap', reason: 'arp_request', to: ['eth0'] },
    ];
    expect(compareRun(obs([frame(1, 'eth0', [reply])]), records).differ).toBe(0);
  });

  test('numbers compare as numbers and text case-insensitively', () => {
    expect(sameValue(63, '63')).toBe(true);
    expect(sameValue('0x0800', 2048)).toBe(true);
    expect(sameValue('02:00:00:00:0A:FE', '02:00:00:00:0a:fe')).toBe(true);
    expect(sameValue(63, 64)).toBe(false);
  });

  test('fields the observation lacks are read from the frame bytes', () => {
    // The echo request the kernel forwarded out of eth1 for router-v4's frame 9, stored as
    // the harness stores it (key fields + hex); here with only eth.src kept.
    const recorded = JSON.parse(readFileSync(join(__dirname, 'data', 'router-v4.kernel.json'), 'utf8')) as Observations;
    const hex = recorded.frames.find((f) => f.frame === 9)!.out[0]!.hex!;
    const k: KernelOut = { port: 'eth1', fields: { 'eth.src': P1 }, hex };
    const c = compareRun(obs([frame(1, 'eth0', [k])]), [
      { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'forward', egress: [{ port: 'eth1', fields: { 'ip.ttl': 63, 'ip.len': 84, 'eth.dst': B } }] },
    ]);
    expect(c.differ).toBe(0);
  });
});

describe('kernel check: neighbour queues and timers', () => {
  test('a held frame (its record after a later frame) is expected in the window of the frame that released it', () => {
    const arpRequest: KernelOut = { port: 'eth1', fields: { 'eth.dst': 'ff:ff:ff:ff:ff:ff', 'arp.opcode': 1, 'arp.dst.proto_ipv4': '198.51.100.7' } };
    const records: EmulatorRecord[] = [
      { type: 'generated', frame: 3, port: 'eth1', kind: 'arp_request', fields: { 'arp.opcode': 1, 'arp.dst.proto_ipv4': '198.51.100.7' } },
      { type: 'skipped', frame: 4, why: 'outbound' },
      forward(3),
      { type: 'frame', frame: 5, ingress: 'eth1', verdict: 'trap', reason: 'arp_response', to: ['eth1'] },
    ];
    const c = compareRun(obs([frame(3, 'eth0', [arpRequest]), frame(5, 'eth1', [echoForwarded(63)])]), records);
    expect(c.rows.map((r) => r.differences)).toEqual([[], []]);
    expect(c.rows[0]!.emulator).toContain('(queued)');
  });

  test('a held frame released by the very next frame is known by its trace', () => {
    const records: EmulatorRecord[] = [
      { ...(forward(3) as object), trace: ['eth0: rx', 'neigh 198.51.100.7 failed→incomplete: queued', 'neigh 198.51.100.7 resolved: released'] } as unknown as EmulatorRecord,
      { type: 'frame', frame: 4, ingress: 'eth1', verdict: 'trap', reason: 'arp_response', to: ['eth1'] },
    ];
    const c = compareRun(obs([frame(3, 'eth0', []), frame(4, 'eth1', [echoForwarded(63)])]), records);
    expect(c.differ).toBe(0);
  });

  test('a deferred record releases the frame in the window where it appears', () => {
    const records: EmulatorRecord[] = [
      { type: 'frame', frame: 3, ingress: 'eth0', verdict: 'forward', reason: 'unresolved_neigh', egress: [] },
      { type: 'frame', frame: 5, ingress: 'eth1', verdict: 'trap', reason: 'arp_response', to: 'eth1' },
      { type: 'deferred', frame: 3, verdict: 'forward', egress: [{ port: 'eth1', fields: { 'ip.ttl': 63 } }] },
    ];
    const c = compareRun(obs([frame(3, 'eth0', []), frame(5, 'eth1', [echoForwarded(63)])]), records);
    expect(c.differ).toBe(0);
  });

  test("a timer-driven generated frame (no frame number) explains a kernel frame in any window, as a note", () => {
    const probe: KernelOut = { port: 'eth0', fields: { 'eth.dst': A, 'arp.opcode': 1, 'arp.dst.proto_ipv4': '192.0.2.1' } };
    const records: EmulatorRecord[] = [
      { type: 'frame', frame: 1, ingress: 'eth1', verdict: 'drop', reason: 'otherhost' },
      { type: 'generated', time: '5.000100000', port: 'eth0', kind: 'arp_request', fields: { 'arp.opcode': 1, 'arp.dst.proto_ipv4': '192.0.2.1' } },
    ];
    const c = compareRun(obs([frame(1, 'eth1', [probe])]), records);
    expect(c.differ).toBe(0);
    expect(c.notes).toEqual([expect.stringContaining('timer-driven arp_request at 5.000100000 s')]);
  });
});

describe('kernel check: local delivery', () => {
  test('a trap to an upper needs its rx_packets to go up', () => {
    const trap: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'trap', reason: 'local_route', to: 'br0' };
    expect(compareRun(obs([frame(1, 'eth0', [], { rxDelta: { eth0: 1, br0: 1 } })]), [trap]).differ).toBe(0);
    const c = compareRun(obs([frame(1, 'eth0', [], { rxDelta: { eth0: 1 } })]), [trap]);
    expect(c.rows[0]!.differences).toEqual(["frame 1: emulator passes it up to br0, but br0's rx_packets did not move in the kernel"]);
  });

  test('a forward with no local copy differs when the kernel also passed it up', () => {
    // As `replay` prints it, with a trace (here showing no copy reaching br0).
    const flood: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'forward', egress: [{ port: 'eth1', fields: {} }], trace: [] };
    const c = compareRun(obs([frame(1, 'eth0', [{ port: 'eth1', fields: {} }], { rxDelta: { eth0: 1, br0: 1 } })]), [flood]);
    expect(c.rows[0]!.differences).toEqual(['frame 1: kernel passed it up to br0 (rx_packets +1), the emulator does not']);
  });

  test('a drop differs when the kernel delivered it to a local protocol', () => {
    const drop: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'drop', reason: 'otherhost' };
    const c = compareRun(obs([frame(1, 'eth0', [], { snmp: { IpInDelivers: 1 } })]), [drop]);
    expect(c.rows[0]!.differences).toEqual(['frame 1: emulator drops it (otherhost), the kernel delivered it locally (IpInDelivers +1)']);
  });

  test("a drop does not differ only because an upper's rx went up (its stack dropped it)", () => {
    const drop: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'drop', reason: 'otherhost' };
    const devices = { lo: 'loopback', eth0: 'veth', eth1: 'veth', mv0: 'macvlan' };
    expect(compareRun(obs([frame(1, 'eth0', [], { rxDelta: { eth0: 1, mv0: 1 } })], devices), [drop]).differ).toBe(0);
  });

  test('a record without a trace (a golden) cannot say whether a copy reached a device: an rx move is a note, not a difference', () => {
    const golden: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'forward', egress: [{ port: 'eth1', fields: {} }] };
    const c = compareRun(obs([frame(1, 'eth0', [{ port: 'eth1', fields: {} }], { rxDelta: { eth0: 1, br0: 1 } })]), [golden]);
    expect(c.rows[0]!.differences).toEqual([]);
    expect(c.notes).toContain("frame 1: br0's rx_packets moved (+1); the record has no trace to compare it with");
  });

  test('every upper the kernel passed the frame to must be named (a broadcast to several macvlans)', () => {
    const devices = { lo: 'loopback', eth0: 'veth', eth1: 'veth', mv0: 'macvlan', mv1: 'macvlan' };
    const o = obs([frame(1, 'eth0', [], { rxDelta: { eth0: 1, mv0: 1, mv1: 1 } })], devices);
    const one: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'trap', reason: 'arp_request', to: ['eth0', 'mv0'], trace: [] };
    expect(compareRun(o, [one]).rows[0]!.differences).toEqual(['frame 1: kernel passed it up to mv1 (rx_packets +1), the emulator does not']);
    expect(compareRun(o, [{ ...(one as object), to: ['eth0', 'mv0', 'mv1'] } as unknown as EmulatorRecord]).differ).toBe(0);
  });
});

describe('kernel check: what is a note, not a difference', () => {
  test("the DUT's echo reply to a frame for it is a note; a forwarded echo reply is not", () => {
    const reply: KernelOut = { port: 'eth0', fields: { 'eth.dst': A, 'ip.src': '192.0.2.254', 'ip.dst': '192.0.2.1', 'icmp.type': 0, 'icmp.code': 0 } };
    const sent = { 'ip.src': '192.0.2.1', 'ip.dst': '192.0.2.254', 'icmp.type': 8 };
    const trap: EmulatorRecord = { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'trap', reason: 'local_route', to: ['eth0'] };
    const c = compareRun(obs([frame(1, 'eth0', [reply], { sent })]), [trap]);
    expect(c.differ).toBe(0);
    expect(c.notes).toEqual([expect.stringContaining('icmp_echo_reply')]);
    const forwarded: KernelOut = { port: 'eth0', fields: { ...reply.fields, 'ip.src': '198.51.100.7' } };
    expect(compareRun(obs([frame(1, 'eth1', [forwarded], { sent: { 'ip.dst': '192.0.2.1' } })]), [{ ...(trap as object), ingress: 'eth1' } as EmulatorRecord]).differ).toBe(1);
  });

  test("the DUT's IPv6 housekeeping (MLD report, DAD) in a window is a note", () => {
    const mld: KernelOut = { port: 'eth1', fields: { 'ipv6.src': '::', 'ipv6.dst': 'ff02::16', 'icmpv6.type': 143 } };
    const c = compareRun(obs([frame(1, 'eth0', [mld])]), [{ type: 'frame', frame: 1, ingress: 'eth0', verdict: 'drop', reason: 'otherhost' }]);
    expect(c.differ).toBe(0);
    expect(c.notes).toEqual([expect.stringContaining('housekeeping (mld)')]);
  });

  test('frames only one side knows: replayed without a record is a difference, a record never replayed is a note', () => {
    const c = compareRun(obs([frame(2, 'eth0', [])]), [forward(1)]);
    expect(c.rows[0]!.differences).toEqual(['frame 2: replayed into the kernel on eth0, but the emulator has no frame record for it']);
    expect(c.notes).toEqual(['frame 1: the emulator replays it on eth0, but it was not sent into the kernel']);
  });

  test('a frame the kernel would not take (shorter than an Ethernet header) is neither agreeing nor differing', () => {
    const c = compareRun(obs([frame(4, 'eth0', [], { sendError: 'OSError: [Errno 22] Invalid argument', rxDelta: {} })]), [
      { type: 'frame', frame: 4, ingress: 'eth0', verdict: 'drop', reason: 'pkt_too_small' },
    ]);
    expect([c.agree, c.differ, c.notSent]).toEqual([0, 0, 1]);
    expect(formatComparison(c)).toContain('0 frames agree, 0 differ, 1 could not be sent');
  });

  test('stray frames and rate-limited ICMP errors are notes', () => {
    const stray: KernelOut = { port: 'eth0', fields: { 'arp.opcode': 1, 'arp.dst.proto_ipv4': '192.0.2.1' } };
    const c = compareRun(obs([frame(1, 'eth0', [], { stray: [stray], snmp: { IcmpOutRateLimitHost: 1 } })]), [
      { type: 'frame', frame: 1, ingress: 'eth0', verdict: 'drop', reason: 'ip_noroute' },
    ]);
    expect(c.differ).toBe(0);
    expect(c.notes).toEqual([expect.stringContaining('rate-limited'), expect.stringContaining('before it was sent')]);
  });
});

describe('kernel check: report', () => {
  test('the table ends with the summary line and lists each difference on one line', () => {
    const c = compareRun(obs([frame(1, 'eth0', [echoForwarded(63)]), frame(2, 'eth0', [])]), [forward(1), forward(2)]);
    const text = formatComparison(c);
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 frames agree, 1 differ');
    expect(text).toContain('differences:\n  frame 2: emulator sends');
    expect(text).toMatch(/^ {4}1 {2}eth0 .* yes$/m);
    expect(text).toMatch(/^ {4}2 {2}eth0 .* NO$/m);
  });

  test('frames are described by what they are', () => {
    expect(describeFields({ 'arp.opcode': 2, 'arp.src.proto_ipv4': '192.0.2.254', 'arp.src.hw_mac': P0 })).toBe(`ARP reply 192.0.2.254 is-at ${P0}`);
    expect(describeFields({ 'ip.src': '192.0.2.254', 'ip.dst': '192.0.2.1', 'icmp.type': 11, 'icmp.code': 0, 'ip.ttl': 64 })).toBe('ICMP 11/0 192.0.2.254 > 192.0.2.1 ttl 64');
    expect(outputKind({ 'icmpv6.type': 135, 'ipv6.src': '::' })).toBe('ndisc_dad');
    expect(outputKind({ 'icmpv6.type': 136 })).toBe('ndisc_na');
    expect(outputKind({ 'icmp.type': 3 })).toBe('icmp_error');
  });
});

describe('kernel check: records and recorded data', () => {
  const data = join(__dirname, 'data');

  test('NDJSON errors name the line', () => {
    expect(() => parseNdjson('{"type":"frame","frame":1,"ingress":"eth0"}\nnot json\n', 'x.ndjson')).toThrow(/^x\.ndjson:2: not JSON/);
    expect(() => parseNdjson('{"type":"frame","frame":1}\n', 'x.ndjson')).toThrow('x.ndjson:1: frame record without ingress');
    expect(() => parseNdjson('[1]\n', 'x.ndjson')).toThrow('x.ndjson:1: not a record');
  });

  test('the ingress of each replayed frame comes from the frame records; skipped frames are not sent', () => {
    const records = parseNdjson(readFileSync(join(data, 'router-v4.emulator.ndjson'), 'utf8'));
    const ingress = ingressByFrame(records);
    expect(ingress.size).toBe(23);
    expect(ingress.get(1)).toBe('eth0');
    expect(ingress.get(5)).toBe('eth1');
    expect(ingress.has(2)).toBe(false);
  });

  test('the real kernel (6.18) and the hand-written decisions for router-v4 agree on every frame', () => {
    const observations = JSON.parse(readFileSync(join(data, 'router-v4.kernel.json'), 'utf8')) as Observations;
    const records = parseNdjson(readFileSync(join(data, 'router-v4.emulator.ndjson'), 'utf8'));
    const c = compareRun(observations, records);
    expect(c.rows.filter((r) => !r.agree).map((r) => r.differences)).toEqual([]);
    expect(c.agree).toBe(23);
    // What the kernel did, as recorded: TTL 1 -> time exceeded; no route -> net unreachable;
    // blackhole -> nothing; unreachable route -> host unreachable.
    const out = (n: number): string[] => observations.frames.find((f) => f.frame === n)!.out.map((k) => `${k.fields['icmp.type']}/${k.fields['icmp.code']}`);
    expect([out(17), out(19), out(21), out(22)]).toEqual([['11/0'], ['3/0'], [], ['3/1']]);
  });

  test('key fields of an observed frame come from the project decoder (first occurrence: not the quoted packet)', () => {
    const observations = JSON.parse(readFileSync(join(data, 'router-v4.kernel.json'), 'utf8')) as Observations;
    const k = observations.frames.find((f) => f.frame === 17)!.out[0]!;
    const bytes = Uint8Array.from(Buffer.from(k.hex!, 'hex'));
    expect(keyFields(bytes)).toEqual(k.fields);
    expect(allFieldsOfHex(k.hex!)['ip.dst']).toBe('192.0.2.1');
    expect(k.fields['ip.ttl']).toBe(64);
  });
});
