import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASONS } from '../../src/decision/reasons';
import { reasonsMarkdown } from '../../src/report/reasons-doc';

/** The registry is the single source of truth (DESIGN.md §5); its docs cannot drift from it. */
describe('the reason registry', () => {
  test('every reason has an id in lower snake case, a verdict, a one-line doc and a reference', () => {
    for (const r of REASONS) {
      expect(r.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(r.doc.length).toBeGreaterThan(10);
      expect(r.doc).not.toContain('\n');
      expect(r.ref.length).toBeGreaterThan(3);
    }
  });

  test('ids are unique', () => {
    expect(new Set(REASONS.map((r) => r.id)).size).toBe(REASONS.length);
  });

  test('devlink reasons carry the trap type of the generic trap table; kernel drop reasons carry none', () => {
    for (const r of REASONS) {
      if (r.source === 'devlink') {
        expect(r.trapType).toBeDefined();
      } else {
        expect(r.trapType).toBeUndefined();
        expect(r.verdict).toBe('drop');
      }
    }
  });

  test('docs/reasons.md is what `pcapverdict reasons --format markdown` prints (regenerate it after changing the registry)', () => {
    expect(readFileSync(join(__dirname, '../../docs/reasons.md'), 'utf8')).toBe(reasonsMarkdown());
  });
});
