import type { CheckReport, ObsoleteGolden } from '../check/check';
import type { FixtureCheck } from '../check/check-fixture';

/**
 * `check --format ndjson`: one `check` object per fixture (its status, golden status and
 * first differences, failed expectations, counts by verdict and reason, the explanation of
 * the first diverging frame), an `obsolete` object per obsolete golden, then a `summary`.
 */
export function checkObject(c: FixtureCheck): Record<string, unknown> {
  return {
    type: 'check',
    fixture: c.fixture,
    status: c.status,
    ...(c.error === undefined ? {} : { error: c.error }),
    ...(c.golden === undefined ? {} : { golden: c.golden }),
    ...(c.expectations === undefined ? {} : { expectations: c.expectations }),
    ...(c.summary === undefined ? {} : { frames: c.summary.frames, skipped: c.summary.skipped, verdicts: c.summary.byVerdict, reasons: c.summary.byReason }),
    ...(c.summary === undefined || c.summary.warnings.length === 0 ? {} : { warnings: c.summary.warnings.map((w) => `${w.file}: ${w.message}`) }),
    ...(c.explanation === undefined ? {} : { explanation: c.explanation }),
    seconds: Number(c.seconds.toFixed(3)),
  };
}

export function obsoleteObject(o: ObsoleteGolden): Record<string, unknown> {
  return { type: 'obsolete', file: o.file, removed: o.removed };
}

export function summaryObject(r: CheckReport, exitCode: number): Record<string, unknown> {
  const all = [...r.errors, ...r.fixtures];
  return {
    type: 'summary',
    fixtures: all.length,
    passed: all.filter((f) => f.status === 'pass').length,
    failed: all.filter((f) => f.status === 'fail').length,
    errors: all.filter((f) => f.status === 'error').length,
    obsolete: r.obsolete.filter((o) => !o.removed).length,
    exit: exitCode,
  };
}
