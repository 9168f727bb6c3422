import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { checkFixture } from '../../../src/check/check-fixture';
import type { ReplayRecord } from '../../../src/decision/records';
import { fixtureVariants, loadFixture } from '../../../src/fixture/load-fixture';
import { replay } from '../../../src/replay/replay';
import { CORPUS_DIR, describeWithCorpus } from '../../capture/helpers';

/**
 * Conformance on the public VRRP captures (../shared/pcaps/vrrp: tcpdump's, libpcap's and
 * PcapPlusPlus's test captures, CARP among them), replayed into a Spectrum router port with
 * a RIF and into a plain Linux port: V-14, V-15, V-17 say the ASIC traps every IPv4 packet of
 * protocol 112 to 224.0.0.18 (`ipv4_vrrp`) and every IPv6 one to ff02::12 (`ipv6_vrrp`) in a
 * FID with a RIF, without looking at the VRRP header, TTL or checksum. Which frames those
 * are is read from tshark's reference decode, not from our decoder. Malformed adverts (the
 * oobr captures) must be decided like any other frame. Skipped when the corpus is absent.
 */
interface TsharkFrame {
  readonly frame: number;
  readonly fields: Readonly<Record<string, readonly (string | number)[]>>;
}

function tsharkFrames(capture: string): TsharkFrame[] {
  return readFileSync(`${capture}.tshark.jsonl`, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as TsharkFrame);
}

/** The frames V-17 makes the ASIC trap, by tshark's decode. */
function vrrpFrames(frames: readonly TsharkFrame[]): { v4: number[]; v6: number[] } {
  const first = (f: TsharkFrame, k: string): string | number | undefined => f.fields[k]?.[0];
  return {
    v4: frames.filter((f) => first(f, 'ip.proto') === 112 && first(f, 'ip.dst') === '224.0.0.18').map((f) => f.frame),
    v6: frames.filter((f) => first(f, 'ipv6.nxt') === 112 && first(f, 'ipv6.dst') === 'ff02::12').map((f) => f.frame),
  };
}

function fixtureFor(dir: string, capture: string, v: { v4: number[]; v6: number[] }): string {
  const expect = [
    ...(v.v4.length > 0 ? ['  - { where: "ip.proto == 112 && ip.dst == 224.0.0.18", platform: spectrum, meta: { trap.name: ipv4_vrrp, trap.type: control, trap.group: vrrp } }'] : []),
    ...(v.v6.length > 0 ? ['  - { where: "ipv6.nxt == 112 && ipv6.dst == ff02::12", platform: spectrum, meta: { trap.name: ipv6_vrrp, trap.type: control, trap.group: vrrp } }'] : []),
  ];
  const file = join(dir, `${basename(capture)}.yaml`);
  writeFileSync(
    file,
    `description: a Spectrum router port with a RIF, and Linux, receiving ${basename(capture)}
capture: ${JSON.stringify(capture)}
platform: [spectrum, linux]
ports: [swp1]
setup: |
  ip link set swp1 up
  ip address add 192.0.2.1/24 dev swp1
  ip address add 224.0.0.18/32 dev swp1 autojoin
  ip address add ff02::12/128 dev swp1 autojoin
${expect.length > 0 ? `expect:\n${expect.join('\n')}\n` : ''}`,
  );
  return file;
}

describeWithCorpus('the public VRRP captures on a Spectrum router (V-14, V-15, V-17)', (entries) => {
  const captures = entries.filter((e) => e.category === 'vrrp').map((e) => join(CORPUS_DIR, e.file));
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pcapverdict-vrrp-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the corpus has VRRP captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(5);
  });

  test.each(captures.map((c) => [basename(c), c] as const))('%s: exactly the protocol-112 packets to the VRRP groups are trapped as VRRP, every frame decided', (_name, capture) => {
    const tshark = tsharkFrames(capture);
    const v = vrrpFrames(tshark);
    const file = fixtureFor(dir, capture, v);
    for (const fx of fixtureVariants(loadFixture(file))) {
      // The golden is written in the temporary directory (update new): the expectations check.
      const c = checkFixture(fx, { update: 'new' });
      expect({ platform: fx.platform, status: c.status, failures: c.expectations?.failures ?? [] }).toEqual({ platform: fx.platform, status: 'pass', failures: [] });
      const records: ReplayRecord[] = [];
      replay(fx, (r) => records.push(r), { detail: true });
      const decided = records.filter((r) => r.type === 'frame' || r.type === 'skipped').map((r) => (r as { frame: number }).frame);
      expect(decided.sort((a, b) => a - b)).toEqual(tshark.map((f) => f.frame));
      if (fx.platform !== 'spectrum') continue;
      const trapped = (name: string): number[] => records.flatMap((r) => (r.type === 'frame' && r.meta['trap.name'] === name ? [r.frame] : []));
      expect({ v4: trapped('ipv4_vrrp'), v6: trapped('ipv6_vrrp') }).toEqual(v);
    }
  });
});
