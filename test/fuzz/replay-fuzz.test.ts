import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture } from '../../src/fixture/load-fixture';
import { Prng } from '../../scripts/fuzz/prng';
import { loadTargets, makeInput, runFuzz, runInput, type FuzzInput } from '../../scripts/fuzz/replay-fuzz';
import { FIXTURES, tempPath } from '../replay/helpers';

// Replay fuzzing in CI (issue 11; DESIGN.md §1: bad packet bytes are data, a throw from
// process is a bug): every bundled fixture on each of its platforms replays mutated copies of
// its capture; none may throw (a CaptureError for a damaged file is unusable input, allowed),
// two replays of one input must print the same records, and every replayed frame gets exactly
// one frame record. The long run is `npm run fuzz:replay -- --iterations N --seed S`.

describe('replay fuzz: mutated captures through every bundled fixture', () => {
  // 1,000 inputs, ~26 per fixture variant: 8–15 s here. Run on the code before D1's fix,
  // these inputs crash it twice (iterations 31 and 892: test/fuzz/crashes).
  test('1,000 inputs of seed 1: no crash, no nondeterminism, no lost record, counting decides alike', () => {
    const report = runFuzz({ fixtures: FIXTURES, seed: 1, iterations: 1000, budgetMs: 30_000 });
    expect(report.failures.map((f) => `${f.kind} at iteration ${f.iteration} (${f.target}; ${f.mutations.join('; ')}): ${f.message}`)).toEqual([]);
    // The time budget is a guard for a very slow machine, not the plan: most inputs must run.
    expect(report.tried).toBeGreaterThanOrEqual(500);
    expect(report.tried).toBeGreaterThanOrEqual(report.targets);
  }, 60_000);

  test('every fixture under fixtures/ is a target, on each of its platforms', () => {
    const targets = loadTargets(FIXTURES).map((t) => t.label);
    expect(targets).toEqual(expect.arrayContaining(['routing/router-v6.yaml [linux]', 'vrrp/keepalived-master.yaml [spectrum]', 'vrrp/keepalived-master.yaml [linux]', 'spectrum/asic-decisions.yaml [spectrum]']));
    expect(new Set(targets).size).toBe(targets.length);
  });

  test('an input is made from (seed, iteration) alone: the same bytes and mutations twice, other bytes for another iteration', () => {
    const targets = loadTargets(FIXTURES);
    const make = (i: number): FuzzInput => makeInput(targets, 5, i, tempPath('input.pcapng'));
    const [a, b, c] = [make(17), make(17), make(17 + targets.length)];
    expect({ mutations: b.mutations, bytes: Buffer.from(b.bytes).toString('hex') }).toEqual({ mutations: a.mutations, bytes: Buffer.from(a.bytes).toString('hex') });
    expect(c.target).toBe(a.target);
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  test('the PRNG (mulberry32) is seeded: the same sequence for a seed, another for another seed', () => {
    const seq = (seed: number): number[] => {
      const r = new Prng(seed);
      return Array.from({ length: 5 }, () => r.int(1000));
    };
    expect(seq(42)).toEqual(seq(42));
    expect(seq(42)).not.toEqual(seq(43));
  });
});

// Crashes the fuzzer found, kept as inputs: `<fixture path, / as __>.<seed and iteration>.pcapng`
// (each was saved by `npm run fuzz:replay` with its JSON: fixture, mutations, stack). All were
// D1: a neighbour made valid without a MAC by an NA without a target link-layer address
// (__neigh_update refuses it); iter31 came from the ND/ARP field mutations, 31 inputs in.
describe('inputs that crashed replay before, found by the fuzzer', () => {
  const dir = join(__dirname, 'crashes');
  test.each(readdirSync(dir).filter((f) => f.endsWith('.pcapng')))('%s: no exception, deterministic, one record per frame (was TypeError in Skb.setL2Header)', (file) => {
    const fixtureFile = join(FIXTURES, `${file.split('.')[0]!.replace(/__/g, '/')}.yaml`);
    const fixture = loadFixture(fixtureFile);
    const input: FuzzInput = { iteration: 0, target: { label: file, fixture, capture: { interfaces: [], frames: [] } }, mutations: [], bytes: new Uint8Array(0) };
    expect(runInput(input, join(dir, file))).toBeUndefined();
  });
});
