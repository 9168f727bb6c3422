import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkGolden, fuzzTargets, mutants, type Mutant } from '../../scripts/fuzz/golden-mutations';
import { FIXTURES } from '../fixtures/helpers';

// Issue 11 (D5, D6): a changed golden never passes. Every bundled fixture's golden, copied,
// is mutated (swapped near and far, a record moved, deleted, duplicated or invented, any
// field of any record changed, dropped or added, the header changed or dropped) and checked
// with the library's checkFixture. A short run here; `npm run fuzz:goldens` runs long.
const RUNS = Number(process.env.GOLDEN_MUTATIONS ?? 15);
const tmp = mkdtempSync(join(tmpdir(), 'pcapverdict-mutations-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const targets = fuzzTargets(FIXTURES, tmp);

describe('a changed golden never passes (issue 11, D5 and D6)', () => {
  test('every bundled fixture with a golden is a target', () => {
    expect(targets.length).toBeGreaterThanOrEqual(37);
  });

  test.each(targets.map((t) => [t.label, t] as const))('%s: the golden as written passes, and no mutant of it does', (_label, t) => {
    expect(checkGolden(t, t.lines).status).toBe('pass');
    const passed: Mutant[] = [];
    fc.assert(
      fc.property(mutants(t.lines), (m) => {
        const c = checkGolden(t, m.lines);
        if (c.status === 'pass') passed.push(m);
        return c.status !== 'pass';
      }),
      { numRuns: RUNS },
    );
    expect(passed.map((m) => m.what)).toEqual([]);
  });
});
