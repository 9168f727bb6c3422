import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultGoldenPath, fixtureLabel, fixtureVariants, FixtureError, loadFixture, type Fixture } from '../fixture/load-fixture';
import { osError } from '../os-error';
import type { PacketTap } from '../stack/packet-tap';
import { checkFixture, type CheckOptions, type FixtureCheck } from './check-fixture';

export interface ObsoleteGolden {
  readonly file: string;
  /** Removed by `--update=all`; otherwise a failure. */
  readonly removed: boolean;
}

export interface CheckReport {
  readonly fixtures: readonly FixtureCheck[];
  /** Goldens in the directories checked that no fixture produces any more. */
  readonly obsolete: readonly ObsoleteGolden[];
  /** Fixtures that could not be loaded: nothing was replayed or written. */
  readonly errors: readonly FixtureCheck[];
}

/** A path to check that does not exist or holds no fixture: a usage error. */
export class CheckUsageError extends Error {
  override readonly name = 'CheckUsageError';
}

const GOLDEN_SUFFIX = '.golden.ndjson';

/**
 * `pcapverdict check`: the fixtures named and those under the directories named (every
 * `.yaml`, recursively, in name order, outside node_modules and hidden directories). Every fixture is loaded first: if one is bad input,
 * nothing is replayed and nothing written. Then each is replayed and checked in turn
 * (`checkFixture`), and goldens under the directories that no fixture claims are obsolete.
 */
export interface CheckAllOptions extends Omit<CheckOptions, 'tap'> {
  /** Before a fixture is replayed (a progress bar's label). */
  readonly onStart?: (file: string) => void;
  /** After it was checked: a report can print it at once. */
  readonly onFixture?: (c: FixtureCheck) => void;
  /** Where a fixture's packets go (`--out-pcap`); closed after its replay. */
  readonly tapFor?: (fixtureFile: string) => PacketTap & { close(): void };
}

export function check(paths: readonly string[], opts: CheckAllOptions): CheckReport {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const p of paths) {
    try {
      const st = statSync(p, { throwIfNoEntry: false });
      if (st === undefined) throw new CheckUsageError(`${p}: no such file or directory`);
      if (st.isDirectory()) {
        dirs.push(p);
        files.push(...findFixtures(p));
      } else files.push(p);
    } catch (e) {
      // ENOTDIR (a path under a file), EACCES, ELOOP: the OS's words, a usage error.
      const words = osError(e);
      if (words === undefined) throw e;
      throw new CheckUsageError(`${(e as NodeJS.ErrnoException).path ?? p}: ${words}`);
    }
  }
  if (files.length === 0) throw new CheckUsageError(`no fixture (*.yaml) in ${paths.join(', ')}`);
  const unique = [...new Map(files.map((f) => [resolve(f), f])).values()];
  const fixtures: Fixture[] = [];
  const errors: FixtureCheck[] = [];
  for (const f of unique) {
    try {
      fixtures.push(...fixtureVariants(loadFixture(f)));
    } catch (e) {
      if (!(e instanceof FixtureError)) throw e;
      errors.push({ fixture: f, file: f, status: 'error', error: e.message, seconds: 0 });
    }
  }
  if (errors.length > 0) return { fixtures: [], obsolete: [], errors };
  const results: FixtureCheck[] = [];
  for (const fx of fixtures) {
    opts.onStart?.(fixtureLabel(fx));
    const tap = opts.tapFor?.(fx.platforms.length > 1 ? `${fx.file.replace(/\.ya?ml$/, '')}.${fx.platform}` : fx.file);
    let r: FixtureCheck;
    try {
      r = checkFixture(fx, { update: opts.update, ...(opts.progress === undefined ? {} : { progress: opts.progress }), ...(tap === undefined ? {} : { tap }) });
    } finally {
      tap?.close();
    }
    opts.onFixture?.(r);
    results.push(r);
  }
  const obsolete = unclaimedGoldens(dirs, fixtures).map((file) => {
    const removed = opts.update === 'all';
    if (removed) rmSync(file);
    return { file, removed };
  });
  return { fixtures: results, obsolete, errors: [] };
}

/** Goldens under `dirs` that none of `fixtures` produces. */
export function unclaimedGoldens(dirs: readonly string[], fixtures: readonly Fixture[]): string[] {
  // `golden: none` claims its default name too; a fixture on several platforms does not
  // (its goldens are per platform, and an old single golden left behind is obsolete).
  const claimed = new Set(fixtures.flatMap((fx) => [...(fx.platforms.length === 1 ? [defaultGoldenPath(resolve(fx.file))] : []), ...(fx.golden === undefined ? [] : [fx.golden])]));
  const out: string[] = [];
  for (const d of dirs) {
    for (const g of findFiles(d, GOLDEN_SUFFIX)) {
      if (claimed.has(resolve(g))) continue;
      claimed.add(resolve(g));
      out.push(g);
    }
  }
  return out;
}

export function findFixtures(dir: string): string[] {
  return findFiles(dir, '.yaml');
}

function findFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, e.name);
      // Dependencies and hidden directories (.git, .github) hold YAML that is not ours.
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      }
      else if (e.isFile() && e.name.endsWith(suffix)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** 0 all passed; 1 a mismatch or an obsolete golden; 2 bad input (DESIGN.md §7). */
export function checkExitCode(r: CheckReport): 0 | 1 | 2 {
  if (r.errors.length > 0 || r.fixtures.some((f) => f.status === 'error')) return 2;
  if (r.fixtures.some((f) => f.status === 'fail') || r.obsolete.some((o) => !o.removed)) return 1;
  return 0;
}
