import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilter, FilterError } from '../../src/filter';

// docs/display-filter.md shows examples and error messages; they must stay true.

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'display-filter.md'), 'utf8');

function section(title: string): string {
  const start = DOC.indexOf(`## ${title}`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

describe('docs/display-filter.md', () => {
  const examples = /```text\n([\s\S]*?)```/.exec(section('Examples'))![1]!.split('\n').filter((l) => l.trim() !== '');
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(5);
  });
  for (const line of examples) {
    const filter = line.split(/ {2,}/)[0]!;
    it(`compiles the example ${JSON.stringify(filter)}`, () => {
      expect(() => compileFilter(filter)).not.toThrow();
    });
  }

  const rows = section('Compile-time errors')
    .split('\n')
    .map((l) => /^\| `(.*)` \| (\d+) \| `(.*)` \|$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  it('has an error table', () => {
    expect(rows.length).toBeGreaterThan(10);
  });
  for (const [, filter, column, reason] of rows) {
    it(`reports ${JSON.stringify(filter)} as its error table says`, () => {
      let got: { column: number; reason: string } | undefined;
      try {
        compileFilter(filter!);
      } catch (e) {
        if (e instanceof FilterError) got = { column: e.column, reason: e.reason };
        else throw e;
      }
      expect(got).toEqual({ column: Number(column), reason });
    });
  }
});
