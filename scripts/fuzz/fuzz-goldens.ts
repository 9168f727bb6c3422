import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { checkGolden, fuzzTargets, MUTATION_KINDS, mutants, type Mutant, type MutationKind } from './golden-mutations';

/**
 * `npm run fuzz:goldens [-- --runs N] [--seed S]`: the long run of the property test
 * (test/check/golden-mutations.test.ts): N mutants (default 200) of every bundled fixture's
 * golden, each checked with checkFixture. Prints how many were tried, by kind and by outcome
 * (fail: a mismatch, exit 1; error: not a golden, exit 2), and every silent pass; exits 1 if
 * there was one.
 */
function main(argv: readonly string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const runs = Number(arg('--runs') ?? 200);
  const seed = arg('--seed') === undefined ? Date.now() : Number(arg('--seed'));
  const tmp = mkdtempSync(join(tmpdir(), 'pcapverdict-fuzz-'));
  const byKind = new Map<MutationKind, { fail: number; error: number; pass: number }>(MUTATION_KINDS.map((k) => [k, { fail: 0, error: 0, pass: 0 }]));
  const passes: { label: string; mutant: Mutant }[] = [];
  let tried = 0;
  const started = Date.now();
  try {
    const targets = fuzzTargets(resolve(__dirname, '..', '..', '..', 'fixtures'), tmp);
    for (const [index, t] of targets.entries()) {
      if (checkGolden(t, t.lines).status !== 'pass') throw new Error(`${t.label}: the unchanged golden does not pass: fix it before fuzzing`);
      fc.check(
        fc.property(mutants(t.lines), (m) => {
          tried++;
          const status = checkGolden(t, m.lines).status;
          if (status === 'pass') passes.push({ label: t.label, mutant: m });
          byKind.get(m.kind)![status]++;
          return true; // every mutant is tried; silent passes are gathered above
        }),
        { numRuns: runs, seed: seed + index }, // each golden its own sequence of mutations
      );
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`fuzz:goldens: ${tried} mutants of ${targets.length} goldens (${runs} each, seeds ${seed}+index) in ${seconds.toFixed(1)} s\n`);
    for (const [k, n] of byKind) process.stdout.write(`  ${k.padEnd(14)} ${String(n.fail + n.error + n.pass).padStart(6)} tried: ${n.fail} mismatch (exit 1), ${n.error} not a golden (exit 2), ${n.pass} passed\n`);
    process.stdout.write(`silent passes: ${passes.length}\n`);
    for (const p of passes) process.stdout.write(`  PASSED: ${p.label}: ${p.mutant.what}\n`);
    return passes.length === 0 ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
