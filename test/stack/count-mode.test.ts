import { join } from 'node:path';
import { loadFixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';

/**
 * Counting (`replay --format count`) takes shortcuts the records do not: no record objects,
 * one reused outcome, forwarded bytes not put back. It must decide exactly what the full
 * replay decides.
 */
describe('counting decides what the full replay decides', () => {
  const fixtures = ['routing/router-v4.yaml', 'routing/router-v6.yaml', 'bridging/bridge-learning.yaml', 'macvlan/macvlan-modes.yaml', 'stack/neigh.yaml', 'stack/martians.yaml', 'spectrum/asic-decisions.yaml', 'spectrum/vrrp-programming.yaml', 'vrrp/keepalived-master.yaml'];
  test.each(fixtures)('%s: the same totals by verdict and reason', (name) => {
    const fixture = loadFixture(join(__dirname, '..', '..', 'fixtures', name));
    const full = replay(fixture, () => undefined, { detail: true });
    const counted = replay(fixture, () => undefined, { detail: false });
    expect(counted).toEqual(full);
    expect(full.frames).toBeGreaterThan(0);
  });
});
