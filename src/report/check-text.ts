import { relative } from 'node:path';
import type { CheckReport } from '../check/check';
import type { FixtureCheck } from '../check/check-fixture';
import type { GoldenDifference } from '../check/golden-compare';

/** How the report names the command that accepts new output (`pcapverdict`, `node bin/pcapverdict.js`). */
export interface TextOptions {
  readonly command: string;
}

/**
 * `check --format text`: a line per fixture (`[ OK ]` / `[FAIL]` / `[ERR ]`), then for a
 * failure what differs: each differing record (golden line above, replay below) with the
 * fields that changed side by side, the first diverging frame's decode and trace, the
 * failed expectations, and the command that accepts the new output. The JUnit report and
 * the jest helper show the same text.
 */
export function fixtureHeadline(c: FixtureCheck): string {
  const tag = c.status === 'pass' ? '[ OK ]' : c.status === 'fail' ? '[FAIL]' : '[ERR ]';
  if (c.status === 'error' || c.summary === undefined) return `${tag} ${c.fixture}`;
  const s = c.summary;
  const verdicts = countsText(s.byVerdict);
  const golden = c.golden === undefined ? 'no golden' : `golden ${c.golden.status}`;
  const exp = c.expectations === undefined || c.expectations.total === 0 ? '' : `, expectations ${c.expectations.total - c.expectations.failures.length}/${c.expectations.total}`;
  return `${tag} ${c.fixture}  ${s.frames} frames${s.skipped > 0 ? ` (+${s.skipped} skipped)` : ''}: ${verdicts}; ${golden}${exp}  ${c.seconds.toFixed(2)} s`;
}

/** The lines explaining a failure or error, indented under its headline. */
export function fixtureDetails(c: FixtureCheck, o: TextOptions): string[] {
  const warnings = (c.summary?.warnings ?? []).map((w) => `  warning: ${w.file}: ${w.message}`);
  if (c.status === 'pass') return warnings;
  if (c.status === 'error') return [`  error: ${c.error ?? 'unknown'}`];
  const out: string[] = [...warnings];
  const g = c.golden;
  if (g?.status === 'missing') out.push(`  golden ${shown(g.file)}: missing (CI and the default mode never write one)`);
  if (g?.status === 'mismatch' && g.comparison !== undefined) {
    const cmp = g.comparison;
    const n = cmp.differences.length;
    out.push(`  golden ${shown(g.file)}: differs (golden ${cmp.goldenLines} lines, replay ${cmp.actualRecords} records); first ${n === 1 ? 'difference' : `${n} differences`}:`);
    for (const d of cmp.differences) out.push(...differenceLines(d));
  }
  if (c.explanation !== undefined) {
    const e = c.explanation;
    out.push(`  frame ${e.frame}: ${e.decode || '(not replayed)'}`);
    if (e.trace.length > 0) out.push(`    trace: ${e.trace.join(' › ')}`);
  }
  for (const f of c.expectations?.failures ?? []) out.push(`  expect[${f.index}] (${c.fixture}:${f.line}:${f.column}): ${f.message}`);
  if (g?.actualFile !== undefined) out.push(`  the replay's records: ${shown(g.actualFile)}`);
  if (g?.status === 'mismatch' || g?.status === 'missing') {
    out.push(`  if the new output is right, accept it: ${o.command} check --update${g.status === 'mismatch' ? '=all' : ''} ${c.file}`);
  }
  return out;
}

/** A path as a person in this directory would type it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function differenceLines(d: GoldenDifference): string[] {
  const out: string[] = [];
  if (d.kind === 'changed') {
    out.push(`    ${d.key} changed (golden line ${d.golden!.line}, replay record ${d.actual!.record}):`);
    out.push(`      - ${d.golden!.text}`, `      + ${d.actual!.text}`);
    const width = Math.max(5, ...d.fields.map((f) => f.path.length));
    const golden = Math.max(6, ...d.fields.map((f) => (f.expected ?? '(absent)').length));
    out.push(`      ${'field'.padEnd(width)}  ${'golden'.padEnd(golden)}  replay`);
    for (const f of d.fields) out.push(`      ${f.path.padEnd(width)}  ${(f.expected ?? '(absent)').padEnd(golden)}  ${f.actual ?? '(absent)'}`);
  } else if (d.kind === 'missing') {
    out.push(`    ${d.key}: in the golden (line ${d.golden!.line}), not produced by the replay:`, `      - ${d.golden!.text}`);
  } else {
    out.push(`    ${d.key}: produced by the replay (record ${d.actual!.record}), not in the golden:`, `      + ${d.actual!.text}`);
  }
  return out;
}

function countsText(m: Readonly<Record<string, number>>): string {
  return (
    Object.entries(m)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  );
}

/** The closing lines: fixtures by outcome, frames by verdict and by reason, obsolete goldens. */
export function summaryLines(r: CheckReport): string[] {
  const all = [...r.errors, ...r.fixtures];
  const by = (s: FixtureCheck['status']): number => all.filter((f) => f.status === s).length;
  const verdicts: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  let frames = 0;
  let skipped = 0;
  for (const f of r.fixtures) {
    if (f.summary === undefined) continue;
    frames += f.summary.frames;
    skipped += f.summary.skipped;
    for (const [k, n] of Object.entries(f.summary.byVerdict)) verdicts[k] = (verdicts[k] ?? 0) + n;
    for (const [k, n] of Object.entries(f.summary.byReason)) reasons[k] = (reasons[k] ?? 0) + n;
  }
  const out = [`fixtures: ${all.length}: ${by('pass')} passed, ${by('fail')} failed, ${by('error')} bad input`];
  for (const o of r.obsolete) out.push(o.removed ? `obsolete golden removed: ${shown(o.file)}` : `[FAIL] obsolete golden (no fixture produces it): ${shown(o.file)} (--update=all removes it)`);
  out.push(`frames: ${frames}${skipped > 0 ? ` (+${skipped} skipped)` : ''}: ${countsText(verdicts)}`);
  out.push(...wrap(`reasons: ${countsText(reasons)}`, 100, '         '));
  return out;
}

/** Breaks a comma-separated line after a comma before `width` columns; later lines get `indent`. */
function wrap(line: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(', ', width);
    if (cut <= indent.length) break;
    out.push(rest.slice(0, cut + 1));
    rest = indent + rest.slice(cut + 2);
  }
  out.push(rest);
  return out;
}
