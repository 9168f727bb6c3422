import { canonicalLine, genericLine } from '../../src/check/canonical-record';
import { GoldenBatch } from '../../src/check/golden-batch';
import { findFixtures } from '../../src/check/check';
import type { ReplayRecord } from '../../src/decision/records';
import { loadFixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';
import { FIXTURES } from '../fixtures/helpers';

// The golden form is written three ways for speed: frame lines by hand (frameHead + a kept
// tail), golden batches byte by byte, everything else by the generic walk. All three must
// write the same bytes, on every record every bundled fixture makes.
describe.each(findFixtures(FIXTURES).map((f) => [f.slice(FIXTURES.length + 1), f]))('%s', (_name, file) => {
  const records: ReplayRecord[] = [];
  replay(loadFixture(file), (r) => records.push(r), { detail: true });

  test('the hand-written frame line equals the generic walk (sorted keys, no trace, no empty meta)', () => {
    for (const r of records) expect(canonicalLine(r)).toBe(genericLine(r));
  });

  test('a golden batch holds exactly the canonical lines, in UTF-8', () => {
    let bytes = Buffer.alloc(0);
    const batch = new GoldenBatch((b) => {
      bytes = Buffer.concat([bytes, b.bytes.subarray(0, b.length)]);
    });
    for (const r of records) {
      if (r.type !== 'frame') batch.line(canonicalLine(r));
      else {
        const [sec, nsec] = r.time.split('.').map(Number);
        const line = canonicalLine(r);
        batch.frame(r.frame, sec!, nsec!, line.slice(line.indexOf('"ingress"')));
      }
    }
    batch.flush();
    expect(bytes.toString('utf8')).toBe(records.map((r) => canonicalLine(r) + '\n').join(''));
  });
});

test('a frame line has the keys in reading order and sorts the keys inside', () => {
  const r: ReplayRecord = { type: 'frame', frame: 7, time: '0.5', ingress: 'eth0', verdict: 'forward', egress: [{ port: 'eth1', fields: { 'ip.ttl': 63, 'eth.src': 'b', 'eth.dst': 'a' } }], to: ['br0'], reason: 'arp_request', meta: { 'z.key': 1, 'a.key': 'x"y' }, trace: ['ignored'] };
  expect(canonicalLine(r)).toBe('{"type":"frame","frame":7,"time":"0.5","ingress":"eth0","verdict":"forward","reason":"arp_request","egress":[{"fields":{"eth.dst":"a","eth.src":"b","ip.ttl":63},"port":"eth1"}],"to":["br0"],"meta":{"a.key":"x\\"y","z.key":1}}');
});
