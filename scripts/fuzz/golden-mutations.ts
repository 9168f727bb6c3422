import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { findFixtures } from '../../src/check/check';
import { checkFixture, type FixtureCheck } from '../../src/check/check-fixture';
import { sha256File } from '../../src/check/capture-hash';
import { goldenHeader, headerLine } from '../../src/check/golden-header';
import { fixtureLabel, fixtureVariants, loadFixture, type Fixture } from '../../src/fixture/load-fixture';

/**
 * Goldens changed in every way a person or a bad merge changes them, for the property that
 * `check` never passes a changed golden (issue 11: a harness whose pass can be wrong is worth
 * nothing). Shared by the short property test (test/check/golden-mutations.test.ts) and the
 * long run (`npm run fuzz:goldens`).
 */

export const MUTATION_KINDS = ['swap-near', 'swap-far', 'move', 'delete', 'duplicate', 'invent', 'change-field', 'drop-field', 'add-field', 'change-header', 'drop-header'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  readonly kind: MutationKind;
  /** What was done, for a report: `swap lines 21 and 22`. */
  readonly what: string;
  readonly lines: readonly string[];
}

/** A fixture variant with its golden copied to a directory of its own, the header anchored there. */
export interface FuzzTarget {
  readonly label: string;
  readonly fixture: Fixture;
  /** The copy's path: mutants are written over it. */
  readonly golden: string;
  /** The copy's lines, header first. */
  readonly lines: readonly string[];
}

/**
 * Every bundled fixture variant that has a golden, its golden copied under `tmp`. The header
 * is rewritten for the copy's directory (paths in it are relative to the golden), so the
 * unchanged copy passes: what fails a mutant is the mutation.
 */
export function fuzzTargets(fixturesDir: string, tmp: string): FuzzTarget[] {
  const out: FuzzTarget[] = [];
  for (const file of findFixtures(fixturesDir)) {
    for (const fx of fixtureVariants(loadFixture(file))) {
      if (fx.golden === undefined) continue;
      const dir = join(tmp, `t${out.length}`);
      mkdirSync(dir, { recursive: true });
      const golden = join(dir, basename(fx.golden));
      const lines = readFileSync(fx.golden, 'utf8').trimEnd().split('\n');
      lines[0] = headerLine(goldenHeader({ golden, fixture: fx.file, platform: fx.platform, capture: fx.capture }, sha256File(fx.capture)));
      out.push({ label: fixtureLabel(fx), fixture: { ...fx, golden }, golden, lines });
    }
  }
  return out;
}

/** Writes `lines` as the target's golden and checks the fixture against it (no golden is ever written: update none). */
export function checkGolden(t: FuzzTarget, lines: readonly string[]): FixtureCheck {
  writeFileSync(t.golden, lines.join('\n') + '\n');
  return checkFixture(t.fixture, { update: 'none' });
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A scalar JSON value that a golden could hold in place of another. */
const scalar: fc.Arbitrary<Json> = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -2, max: 70000 }), fc.boolean(), fc.constant(null), fc.constantFrom('forward', 'drop', 'trap', 'eth0', 'eth1', 'br0', 'blackhole_route', '0.000000000'));

/** Mutants of `lines` (header first); each differs from `lines` as text (equal ones are filtered out). */
export function mutants(lines: readonly string[]): fc.Arbitrary<Mutant> {
  const records = lines.length - 1;
  // Without bias: fast-check favours small numbers (the first record, the first key), and
  // mutations are meant to land anywhere.
  return fc
    .noBias(fc.record({ kind: fc.constantFrom(...MUTATION_KINDS), i: fc.nat(), j: fc.nat(), pick: fc.nat(), value: scalar, name: fc.string({ minLength: 1, maxLength: 8 }) }))
    .map(({ kind, i, j, pick, value, name }): Mutant => mutate(lines, records, kind, i, j, pick, value, name))
    .filter((m) => m.lines.join('\n') !== lines.join('\n'));
}

function mutate(lines: readonly string[], records: number, kind: MutationKind, i0: number, j0: number, pick: number, value: Json, name: string): Mutant {
  const out = [...lines];
  // Record positions are 1..records (line 0 is the header).
  const i = 1 + (i0 % Math.max(1, records));
  switch (kind) {
    case 'swap-near':
    case 'swap-far': {
      const j = kind === 'swap-near' ? Math.min(records, i + 1 + (j0 % 3)) : 1 + (j0 % Math.max(1, records));
      [out[i], out[j]] = [out[j]!, out[i]!];
      return { kind, what: `swap lines ${i + 1} and ${j + 1}`, lines: out };
    }
    case 'move': {
      const [l] = out.splice(i, 1);
      const j = 1 + (j0 % Math.max(1, records));
      out.splice(j, 0, l!);
      return { kind, what: `move line ${i + 1} to ${j + 1}`, lines: out };
    }
    case 'delete':
      out.splice(i, 1);
      return { kind, what: `delete line ${i + 1}`, lines: out };
    case 'duplicate':
      out.splice(i, 0, out[i]!);
      return { kind, what: `duplicate line ${i + 1}`, lines: out };
    case 'invent': {
      // A plausible record: another one's shape with its frame (or time) changed.
      const r = JSON.parse(out[1 + (j0 % Math.max(1, records))] ?? '{"type":"frame","frame":1}') as Record<string, Json>;
      if (typeof r.frame === 'number') r.frame = r.frame + 1 + (pick % 50);
      else r.after = value;
      out.splice(i, 0, JSON.stringify(r));
      return { kind, what: `invent ${JSON.stringify(r).slice(0, 60)} before line ${i + 1}`, lines: out };
    }
    case 'change-field':
    case 'drop-field':
    case 'add-field': {
      const r = JSON.parse(out[i]!) as Json;
      const leaves = slots(r);
      const s = leaves[pick % leaves.length]!;
      const h = s.holder;
      if (Array.isArray(h)) {
        if (kind === 'change-field') h[Number(s.key)] = value;
        else if (kind === 'drop-field') h.splice(Number(s.key), 1);
        else h.push(value);
      } else if (kind === 'change-field') h[s.key] = value;
      else if (kind === 'drop-field') delete h[s.key];
      else h[name] = value;
      out[i] = JSON.stringify(r);
      return { kind, what: `${kind} ${s.key} of line ${i + 1}`, lines: out };
    }
    case 'change-header': {
      const h = JSON.parse(out[0]!) as Record<string, Json>;
      const keys = Object.keys(h);
      const k = keys[pick % keys.length]!;
      h[k] = value;
      out[0] = JSON.stringify(h);
      return { kind, what: `header ${k} = ${JSON.stringify(value)}`, lines: out };
    }
    case 'drop-header':
      out.shift();
      return { kind, what: 'drop the header', lines: out };
    default:
      return kind;
  }
}

/** Every place in a parsed record holding a value: the record's own keys and those of nested objects and arrays. */
function slots(v: Json): { holder: Json[] | { [k: string]: Json }; key: string }[] {
  const out: { holder: Json[] | { [k: string]: Json }; key: string }[] = [];
  const walk = (x: Json): void => {
    if (x === null || typeof x !== 'object') return;
    for (const k of Object.keys(x)) {
      out.push({ holder: x, key: k });
      walk((x as Record<string, Json>)[k]!);
    }
  };
  walk(v);
  return out;
}
