import type { CheckReport } from '../check/check';
import type { FixtureCheck } from '../check/check-fixture';
import { fixtureDetails, headerText, type TextOptions } from './check-text';

/**
 * `check --junit FILE`: JUnit XML as Jenkins, GitLab and GitHub's test reporters read it:
 * one testsuite, one testcase per fixture (classname: its directory, name: its file), a
 * `<failure>` with the text report's details for a mismatch, an `<error>` for bad input,
 * and a failing testcase per obsolete golden.
 */
export function formatJunit(r: CheckReport, o: TextOptions): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let time = 0;
  for (const c of [...r.errors, ...r.fixtures]) {
    time += c.seconds;
    const body = fixtureDetails(c, o).join('\n');
    let inner = '';
    if (c.status === 'fail') {
      failures++;
      inner = `<failure type="mismatch" message="${attr(failureMessage(c))}">${text(body)}</failure>`;
    } else if (c.status === 'error') {
      errors++;
      inner = `<error type="bad input" message="${attr(c.error ?? '')}">${text(body)}</error>`;
    }
    // Warnings (a capture cut short, an event past the capture's end) pass, and are shown:
    // <system-err> is where JUnit readers put what a test said beside its verdict.
    const warnings = (c.summary?.warnings ?? []).map((w) => `warning: ${w.file}: ${w.message}`);
    if (warnings.length > 0) inner += `<system-err>${text(warnings.join('\n'))}</system-err>`;
    cases.push(`    <testcase ${names(c.fixture)} time="${c.seconds.toFixed(3)}">${inner}</testcase>`);
  }
  for (const ob of r.obsolete) {
    if (ob.removed) continue;
    failures++;
    cases.push(`    <testcase classname="obsolete goldens" name="${attr(ob.file)}" time="0"><failure type="obsolete" message="${attr(`no fixture produces ${ob.file}`)}"/></testcase>`);
  }
  const tests = cases.length;
  const head = `tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pcapverdict check" ${head}>`,
    `  <testsuite name="pcapverdict check" ${head}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function names(fixture: string): string {
  const slash = fixture.lastIndexOf('/');
  const dir = slash < 0 ? '.' : fixture.slice(0, slash);
  return `classname="${attr(dir.replace(/\//g, '.'))}" name="${attr(fixture.slice(slash + 1))}" file="${attr(fixture)}"`;
}

function failureMessage(c: FixtureCheck): string {
  const parts: string[] = [];
  const g = c.golden;
  if (g?.status === 'missing') parts.push('golden missing');
  const cmp = g?.status === 'mismatch' ? g.comparison : undefined;
  if (cmp?.header !== undefined) parts.push(`golden: ${headerText(cmp.header)}`);
  if (cmp !== undefined && cmp.differing > 0) {
    const d = cmp.differences[0];
    parts.push(`golden differs: ${cmp.differing} record${cmp.differing === 1 ? '' : 's'}${d === undefined ? '' : `, first ${d.key} ${d.kind}`}`);
  }
  const n = c.expectations?.failures.length ?? 0;
  if (n > 0) parts.push(`${n} expectation${n === 1 ? '' : 's'} failed`);
  return parts.join('; ');
}

/** XML 1.0 text: escaped, and without the control characters it cannot hold. */
function text(s: string): string {
  return s
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
