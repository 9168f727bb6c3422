import { relative } from 'node:path';
import { findFixtures, unclaimedGoldens } from '../check/check';
import { fixtureVariants, FixtureError, loadFixture, type Fixture } from '../fixture/load-fixture';
import { checkFixture, type FixtureCheck, type UpdateMode } from '../check/check-fixture';
import type { ReplayRecord, Verdict } from '../decision/records';
import { fixtureDetails, fixtureHeadline } from '../report/check-text';

/**
 * pcapverdict in jest: matchers and a test per fixture, on the same compare code as
 * `pcapverdict check` (checkFixture), so jest and the CLI cannot disagree.
 *
 *   import { describeFixtures, pcapverdictMatchers } from 'pcapverdict/dist/src/jest';
 *   expect.extend(pcapverdictMatchers);
 *   describeFixtures('fixtures');                       // one test per fixture
 *   expect('fixtures/router.yaml').toMatchGolden();
 *   expect(record).toHaveVerdict('trap', 'ipv4_vrrp');
 *
 * Goldens follow jest's snapshot modes: `jest -u` rewrites them (all), `jest --ci` never
 * writes one and fails on a missing one (none), a plain run writes missing ones (new).
 */

/** The update mode of the running jest: read from its snapshot state (`-u`, `--ci`). */
export function jestUpdateMode(): UpdateMode {
  // jest keeps the mode on the snapshot state of the running test (jest-snapshot's
  // SnapshotState._updateSnapshot); outside a test, or if a jest hides it, write nothing.
  const state = expect.getState() as { snapshotState?: { _updateSnapshot?: unknown } };
  const mode = state.snapshotState?._updateSnapshot;
  return mode === 'all' || mode === 'new' || mode === 'none' ? mode : 'none';
}

/** The check's report, as the CLI's text output shows it. */
function checkReport(c: FixtureCheck): string {
  return [fixtureHeadline(c), ...fixtureDetails(c, { command: 'jest -u (or pcapverdict)' })].join('\n');
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The fixture (a path) replays to its golden and meets its expectations. */
      toMatchGolden(): R;
      /** A `frame` record has this verdict (and reason, when given; `none` for no reason). */
      toHaveVerdict(verdict: Verdict, reason?: string): R;
    }
  }
}

export const pcapverdictMatchers = {
  toMatchGolden(this: jest.MatcherContext, fixture: unknown): jest.CustomMatcherResult {
    if (typeof fixture !== 'string') return { pass: false, message: () => `toMatchGolden: expected a fixture path, got ${this.utils.printReceived(fixture)}` };
    const checks = fixtureChecks(fixture).map((fx) => checkFixture(fx, { update: jestUpdateMode() }));
    const failed = checks.filter((c) => c.status !== 'pass');
    return { pass: failed.length === 0, message: () => (failed.length === 0 ? checks : failed).map(checkReport).join('\n') };
  },
  toHaveVerdict(this: jest.MatcherContext, record: unknown, verdict: Verdict, reason?: string): jest.CustomMatcherResult {
    const r = record as ReplayRecord | undefined;
    if (r === undefined || r === null || typeof r !== 'object' || r.type !== 'frame') {
      return { pass: false, message: () => `toHaveVerdict: expected a frame record, got ${this.utils.printReceived(record)}` };
    }
    const got = `${r.verdict}${r.reason === undefined ? '' : ` (${r.reason})`}`;
    const want = `${verdict}${reason === undefined ? '' : reason === 'none' ? ' (no reason)' : ` (${reason})`}`;
    const pass = r.verdict === verdict && (reason === undefined || (reason === 'none' ? r.reason === undefined : r.reason === reason));
    return { pass, message: () => `frame ${r.frame}: expected ${this.isNot ? 'not ' : ''}${want}, got ${got}` };
  },
};

/** A fixture's replays, one per platform; the path itself when it does not load (the check reports why). */
function fixtureChecks(file: string): (string | Fixture)[] {
  try {
    return fixtureVariants(loadFixture(file));
  } catch (e) {
    if (e instanceof FixtureError) return [file];
    throw e;
  }
}

/**
 * One jest test per fixture under `dir` (every `.yaml`, recursively), named by its path,
 * and one that fails on goldens no fixture produces any more (as `pcapverdict check DIR`).
 */
export function describeFixtures(dir: string): void {
  const files = findFixtures(dir);
  describe(`fixtures in ${dir}`, () => {
    if (files.length === 0) test('has fixtures', () => expect(files).not.toHaveLength(0));
    for (const f of files) {
      let variants: (string | Fixture)[];
      try {
        variants = fixtureChecks(f);
      } catch (e) {
        // A bug met while loading one fixture fails that fixture's test, not the collection of all.
        test(relative(dir, f), () => {
          throw e;
        });
        continue;
      }
      for (const fx of variants) {
        const name = typeof fx === 'string' || fx.platforms.length === 1 ? relative(dir, f) : `${relative(dir, f)} [${fx.platform}]`;
        test(name, () => {
          const c = checkFixture(fx, { update: jestUpdateMode() });
          if (c.status !== 'pass') throw new Error(checkReport(c));
        });
      }
    }
    test('every golden is produced by a fixture (no obsolete golden)', () => {
      const loaded = files.flatMap((f) => {
        try {
          return fixtureVariants(loadFixture(f));
        } catch {
          return []; // its own test reports it
        }
      });
      expect(unclaimedGoldens([dir], loaded)).toEqual([]);
    });
  });
}
