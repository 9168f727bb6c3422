import { relative } from 'node:path';
import type { CheckReport } from '../check/check';
import type { FixtureCheck } from '../check/check-fixture';
import type { DifferenceGroup, GoldenComparison, GoldenDifference } from '../check/golden-compare';
import type { HeaderProblem } from '../check/golden-header';

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
  if (g?.status === 'mismatch' && g.comparison !== undefined) out.push(...comparisonLines(shown(g.file), g.comparison));
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

/**
 * What differs between a golden and the replay: a header that does not fit (one sentence),
 * or the count of differing records, the first ones in detail, every one grouped with those
 * alike, and the frames by verdict on each side.
 */
export function comparisonLines(file: string, c: GoldenComparison): string[] {
  const out: string[] = [];
  if (c.header !== undefined) out.push(`  golden ${file}: ${headerText(c.header)}`);
  if (c.header !== undefined && c.header.kind !== 'missing') return out;
  if (c.differing === 0 && c.goldenRecords === c.actualRecords) return out;
  const kinds = (['missing', 'extra', 'moved', 'changed', 'diverged'] as const).filter((k) => c.counts[k] > 0).map((k) => `${c.counts[k]} ${k}`);
  out.push(`  golden ${file}: differs: ${c.differing} record${c.differing === 1 ? '' : 's'} (${kinds.join(', ')}); golden ${c.goldenRecords} records, replay ${c.actualRecords}`);
  const n = c.differences.length;
  if (n > 0) out.push(`  first ${n === 1 ? 'difference' : `${n} differences`}:`);
  for (const d of c.differences) out.push(...differenceLines(d));
  if (c.groups.length > 1 || c.differing > n) {
    out.push('  all differences, alike ones together:');
    for (const g of c.groups.slice(0, MAX_GROUPS_SHOWN)) out.push(`    ${groupLine(g)}`);
    if (c.groups.length > MAX_GROUPS_SHOWN) out.push(`    … and ${c.groups.length - MAX_GROUPS_SHOWN} more kinds`);
  }
  const verdicts = Object.entries(c.verdicts).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  if (verdicts.length > 0) out.push(`  frames by verdict, golden → replay: ${verdicts.map(([v, d]) => `${v} ${d.golden} → ${d.actual}`).join(', ')}`);
  return out;
}

const MAX_GROUPS_SHOWN = 10;

/** One sentence: why the golden's header does not fit the fixture checked. */
export function headerText(h: HeaderProblem): string {
  switch (h.kind) {
    case 'missing':
      return 'no header line: written before golden format 1 (the fixture, platform and capture it is of); regenerate it with --update=all';
    case 'fixture':
      return `the golden of another fixture: its header names ${h.golden}, this is ${h.expected} (records not compared)`;
    case 'platform':
      return `the golden of platform ${h.golden}, this is platform ${h.expected} (records not compared)`;
    case 'capture':
      return `made from another capture: its header names ${h.golden}, the fixture's is ${h.expected} (records not compared)`;
    default:
      return assertNever(h);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

/** `7 × changed: verdict "forward" → "drop": frames 12, 19, …` */
function groupLine(g: DifferenceGroup): string {
  const frames = g.keys.every((k) => /^frame \d+$/.test(k));
  const more = g.count > g.keys.length ? ', …' : '';
  const which = frames ? `frame${g.keys.length === 1 && more === '' ? '' : 's'} ${g.keys.map((k) => k.slice(6)).join(', ')}${more}` : `${g.keys.join('; ')}${more}`;
  return `${g.count} × ${g.what}: ${which}`;
}

function differenceLines(d: GoldenDifference): string[] {
  const out: string[] = [];
  switch (d.kind) {
    case 'changed':
    case 'moved': {
      // A record moved as it was is its place alone; otherwise both lines, and the fields that differ (none: the same JSON written otherwise).
      const same = d.golden!.text === d.actual!.text;
      out.push(`    ${d.key} ${d.kind} (golden line ${d.golden!.line}, replay record ${d.actual!.record})${same ? '' : ':'}`);
      if (!same) out.push(`      - ${d.golden!.text}`, `      + ${d.actual!.text}`, ...(d.fields.length > 0 ? fieldTable(d) : []));
      break;
    }
    case 'missing':
      out.push(`    ${d.key}: in the golden (line ${d.golden!.line}), not produced by the replay:`, `      - ${d.golden!.text}`);
      break;
    case 'extra':
      out.push(`    ${d.key}: produced by the replay (record ${d.actual!.record}), not in the golden:`, `      + ${d.actual!.text}`);
      break;
    case 'diverged':
      out.push(`    streams diverge ${d.key}: ${d.span!.golden} golden and ${d.span!.actual} replay records that no alignment pairs, starting:`);
      if (d.golden !== undefined) out.push(`      - ${d.golden.text}`);
      if (d.actual !== undefined) out.push(`      + ${d.actual.text}`);
      break;
    default:
      assertNever(d.kind);
  }
  return out;
}

function fieldTable(d: GoldenDifference): string[] {
  const width = Math.max(5, ...d.fields.map((f) => f.path.length));
  const golden = Math.max(6, ...d.fields.map((f) => (f.expected ?? '(absent)').length));
  return [`      ${'field'.padEnd(width)}  ${'golden'.padEnd(golden)}  replay`, ...d.fields.map((f) => `      ${f.path.padEnd(width)}  ${(f.expected ?? '(absent)').padEnd(golden)}  ${f.actual ?? '(absent)'}`)];
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
