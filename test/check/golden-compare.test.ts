import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture, type FixtureCheck } from '../../src/check/check-fixture';
import { alignKeys } from '../../src/check/golden-diff';
import { formatJunit } from '../../src/report/check-junit';
import { fixtureDetails } from '../../src/report/check-text';
import { frameIndex, goldenWorkspace, routerCapture, writeLines, type GoldenWorkspace } from './golden-helpers';

// Issue 11: the golden is the exact, ordered record stream. These build their golden in the
// test (the CLI tests' router on a generated capture) and damage it the way D5 and D6 did.

function fresh(frames: number): GoldenWorkspace {
  return goldenWorkspace(frames, (f) => expect(checkFixture(f, { update: 'new' }).golden?.status).toBe('written'));
}

function check(w: GoldenWorkspace): FixtureCheck {
  return checkFixture(w.fixture, { update: 'none' });
}

function text(c: FixtureCheck): string {
  return fixtureDetails(c, { command: 'pcapverdict' }).join('\n');
}

function swapped(lines: readonly string[], i: number, j: number): string[] {
  const out = [...lines];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

describe('alignKeys: the shortest alignment of two key sequences (Myers)', () => {
  test('one inserted key is one replay-only step, the rest the same', () => {
    const steps = alignKeys(['a', 'b', 'c', 'd'], ['a', 'b', 'x', 'c', 'd'], 10)!;
    expect(steps.filter((s) => s.op !== 'same')).toEqual([{ op: 'replay-only', a: 2 }]);
    expect(steps.filter((s) => s.op === 'same')).toHaveLength(4);
  });

  test('a swap is one key out on each side, never a match', () => {
    const steps = alignKeys(['a', 'b', 'c'], ['b', 'a', 'c'], 10)!;
    expect(steps.filter((s) => s.op !== 'same').map((s) => s.op).sort()).toEqual(['golden-only', 'replay-only']);
  });

  test('it gives up past maxEdits', () => {
    expect(alignKeys(['a', 'b', 'c', 'd'], ['w', 'x', 'y', 'z'], 7)).toBeUndefined();
    expect(alignKeys(['a', 'b', 'c', 'd'], ['w', 'x', 'y', 'z'], 8)).toHaveLength(8);
  });

  test('empty sides', () => {
    expect(alignKeys([], ['a'], 4)).toEqual([{ op: 'replay-only', a: 0 }]);
    expect(alignKeys(['a'], [], 4)).toEqual([{ op: 'golden-only', g: 0 }]);
    expect(alignKeys([], [], 4)).toEqual([]);
  });
});

describe('a golden passes only if every record matches in order and the counts are equal (issue 11)', () => {
  test('the golden as written passes', () => {
    const w = fresh(20);
    expect(check(w).status).toBe('pass');
  });

  test('D5: two records swapped fail as one record moved, not a pass', () => {
    const w = fresh(20);
    const i = frameIndex(w.lines, 5);
    writeLines(w.golden, swapped(w.lines, i, i + 1));
    const c = check(w);
    expect(c.status).toBe('fail');
    const cmp = c.golden!.comparison!;
    expect([cmp.differing, cmp.counts.moved, cmp.goldenRecords, cmp.actualRecords]).toEqual([1, 1, w.lines.length - 1, w.lines.length - 1]);
    expect(text(c)).toMatch(/frame [56] moved \(golden line \d+, replay record \d+\)/);
  });

  test('D6: a swap, a verdict changed 400 records on and an invented record at the end are each counted', () => {
    const w = fresh(600);
    const lines = swapped(w.lines, frameIndex(w.lines, 48), frameIndex(w.lines, 49));
    const far = frameIndex(lines, 451);
    expect(lines[far]).toContain('"verdict":"forward"');
    lines[far] = lines[far]!.replace('"verdict":"forward"', '"verdict":"drop"');
    lines.push('{"type":"frame","frame":601,"time":"600.000000000","ingress":"eth0","verdict":"drop","reason":"made_up"}');
    writeLines(w.golden, lines);
    const c = check(w);
    expect(c.status).toBe('fail');
    const cmp = c.golden!.comparison!;
    expect(cmp.counts).toEqual({ changed: 1, moved: 1, missing: 1, extra: 0, diverged: 0 });
    expect([cmp.goldenRecords, cmp.actualRecords]).toEqual([w.lines.length, w.lines.length - 1]);
    const t = text(c);
    expect(t).toContain('differs: 3 records (1 missing, 1 moved, 1 changed)');
    expect(t).toContain('frame 451 changed');
    expect(t).toContain('frame 601: in the golden');
  });

  test('a record the golden lacks shows as one extra record, not every record after it changed', () => {
    const w = fresh(400);
    const i = frameIndex(w.lines, 10);
    writeLines(w.golden, w.lines.filter((_, k) => k !== i));
    const cmp = check(w).golden!.comparison!;
    expect(cmp.counts).toEqual({ changed: 0, moved: 0, missing: 0, extra: 1, diverged: 0 });
    expect(cmp.differences).toEqual([expect.objectContaining({ kind: 'extra', key: 'frame 10', actual: { record: i, text: w.lines[i] } })]);
  });

  test('one invented record shows as one missing record', () => {
    const w = fresh(400);
    const i = frameIndex(w.lines, 300);
    const lines = [...w.lines];
    lines.splice(i, 0, '{"type":"generated","frame":299,"time":"298.000000000","kind":"icmp_error","port":"eth0","fields":{}}');
    writeLines(w.golden, lines);
    const cmp = check(w).golden!.comparison!;
    expect(cmp.counts).toEqual({ changed: 0, moved: 0, missing: 1, extra: 0, diverged: 0 });
    expect(cmp.differences[0]).toEqual(expect.objectContaining({ kind: 'missing', golden: { line: i + 1, text: lines[i] } }));
  });

  test('a duplicated last record fails on the counts', () => {
    const w = fresh(10);
    writeLines(w.golden, [...w.lines, w.lines[w.lines.length - 1]!]);
    const cmp = check(w).golden!.comparison!;
    expect([cmp.differing, cmp.counts.missing, cmp.goldenRecords - cmp.actualRecords]).toEqual([1, 1, 1]);
  });

  test('alike changes are grouped, with the frames by verdict golden → replay over the whole streams', () => {
    const w = fresh(700);
    const changed: number[] = [];
    const lines = w.lines.map((l) => {
      const m = /^\{"type":"frame","frame":(\d+),/.exec(l);
      if (m === null || Number(m[1]) % 10 !== 0 || !l.includes('"verdict":"forward"')) return l;
      changed.push(Number(m[1]));
      return l.replace('"verdict":"forward"', '"verdict":"drop"');
    });
    writeLines(w.golden, lines);
    const c = check(w);
    const cmp = c.golden!.comparison!;
    expect(cmp.counts.changed).toBe(changed.length);
    expect(cmp.groups).toEqual([{ what: 'changed: verdict "drop" → "forward"', count: changed.length, keys: changed.slice(0, 8).map((f) => `frame ${f}`) }]);
    const forward = c.summary!.byVerdict.forward!;
    const drop = c.summary!.byVerdict.drop!;
    expect(cmp.verdicts).toEqual({ forward: { golden: forward - changed.length, actual: forward }, drop: { golden: drop + changed.length, actual: drop } });
    const t = text(c);
    expect(t).toContain(`${changed.length} × changed: verdict "drop" → "forward": frames ${changed.slice(0, 8).join(', ')}, …`);
    expect(t).toContain(`frames by verdict, golden → replay: drop ${drop + changed.length} → ${drop}, forward ${forward - changed.length} → ${forward}`);
  });

  test('a stretch reordered beyond alignment still fails, counted, and the records after it are compared again', () => {
    const w = fresh(1200);
    const from = frameIndex(w.lines, 100);
    const to = frameIndex(w.lines, 700);
    const lines = [...w.lines.slice(0, from), ...w.lines.slice(from, to).reverse(), ...w.lines.slice(to)];
    // And one change after the stretch: found once the comparison is back in step.
    const late = frameIndex(lines, 1100);
    lines[late] = lines[late]!.replace('"ingress":"eth0"', '"ingress":"eth1"');
    writeLines(w.golden, lines);
    const cmp = check(w).golden!.comparison!;
    expect(cmp.differing).toBeGreaterThanOrEqual(300);
    expect(cmp.groups.find((g) => g.keys.includes('frame 1100'))?.what).toBe('changed: ingress "eth1" → "eth0"');
  });
});

describe('the golden header names the fixture, platform and capture (golden format 1)', () => {
  test('the first line of a written golden', () => {
    const w = fresh(3);
    expect(JSON.parse(w.lines[0]!)).toEqual({ type: 'golden', version: 1, fixture: 'router.yaml', platform: 'linux', capture: 'router.pcap', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(w.lines[0]).toMatch(/^\{"type":"golden","version":1,"fixture":/);
  });

  test('a golden of another fixture fails with one sentence, its records not compared', () => {
    const w = fresh(5);
    const other = join(w.dir, 'other.yaml');
    copyFileSync(w.fixture, other);
    copyFileSync(w.golden, join(w.dir, 'other.golden.ndjson'));
    const c = checkFixture(other, { update: 'none' });
    expect(c.golden!.comparison!.header).toEqual({ kind: 'fixture', golden: 'router.yaml', expected: 'other.yaml' });
    expect(text(c)).toContain('the golden of another fixture: its header names router.yaml, this is other.yaml (records not compared)');
    expect(text(c)).not.toContain('differs:');
  });

  test('a golden of another capture fails, even when every record is the same (a payload byte changed)', () => {
    const w = fresh(5);
    const bytes = readFileSync(w.capture);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // the last frame's UDP payload: decided alike
    writeFileSync(w.capture, bytes);
    const c = check(w);
    expect(c.status).toBe('fail');
    expect(c.golden!.comparison!.header?.kind).toBe('capture');
    expect(c.golden!.comparison!.differing).toBe(0);
    expect(text(c)).toMatch(/made from another capture: its header names router\.pcap \(sha256 [0-9a-f]{64}\), the fixture's is router\.pcap \(sha256 [0-9a-f]{64}\)/);
  });

  test('a big capture is hashed beside the replay (a worker thread), with the same result', () => {
    const w = fresh(1);
    routerCapture(w.capture, 200_000); // 17 MB: past the 16 MB threshold
    expect(checkFixture(w.fixture, { update: 'all' }).golden?.status).toBe('updated');
    const header = JSON.parse(readFileSync(w.golden, 'utf8').split('\n', 1)[0]!) as { sha256: string };
    expect(header.sha256).toBe(createHash('sha256').update(readFileSync(w.capture)).digest('hex'));
    expect(check(w).status).toBe('pass');
  });

  test('a golden from before headers fails (exit 1) telling to regenerate it, its records still compared; --update=all regenerates it', () => {
    const w = fresh(10);
    const i = frameIndex(w.lines, 3);
    writeLines(w.golden, swapped(w.lines, i, i + 1).slice(1));
    const c = check(w);
    expect(c.status).toBe('fail');
    expect(c.golden!.comparison!.header).toEqual({ kind: 'missing' });
    expect(c.golden!.comparison!.counts.moved).toBe(1);
    expect(text(c)).toContain('no header line: written before golden format 1 (the fixture, platform and capture it is of); regenerate it with --update=all');
    expect(checkFixture(w.fixture, { update: 'all' }).golden?.status).toBe('updated');
    expect(readFileSync(w.golden, 'utf8')).toBe(w.lines.join('\n') + '\n');
  });

  test('the JUnit failure names the header problem in one sentence', () => {
    const w = fresh(3);
    writeLines(w.golden, [w.lines[0]!.replace('"platform":"linux"', '"platform":"spectrum"'), ...w.lines.slice(1)]);
    const xml = formatJunit({ fixtures: [check(w)], obsolete: [], errors: [] }, { command: 'pcapverdict' });
    expect(xml).toContain('<failure type="mismatch" message="golden: the golden of platform spectrum, this is platform linux (records not compared)">');
  });

  test('--update=all replaces a file that is not a golden (updated), and the check then passes', () => {
    const w = fresh(3);
    writeFileSync(w.golden, 'not a golden\n');
    expect(checkFixture(w.fixture, { update: 'all' }).golden?.status).toBe('updated');
    expect(readFileSync(w.golden, 'utf8')).toBe(w.lines.join('\n') + '\n');
    expect(check(w).status).toBe('pass');
  });

  test.each([
    ['a first line that is not JSON', 'hello', 'not a golden: the first line is not JSON'],
    ['a JSON first line that is neither header nor record', '{"kind":"golden"}', 'not a golden: the first line is not its header'],
    ['a header of a later format', '{"type":"golden","version":2}', 'golden format version 2: this pcapverdict reads version 1'],
    ['a header without its capture hash', '{"type":"golden","version":1,"fixture":"router.yaml","platform":"linux","capture":"router.pcap"}', 'golden header without "sha256"'],
  ])('%s is not a golden: bad input (exit 2) naming line 1', (_what, first, message) => {
    const w = fresh(3);
    writeLines(w.golden, [first, ...w.lines.slice(1)]);
    const c = check(w);
    expect(c.status).toBe('error');
    expect(c.error).toContain(`${w.golden}:1: ${message}`);
  });

  test('a file that is not a golden is closed again: checking it 50 times leaves no file descriptor open', () => {
    const w = fresh(3);
    writeLines(w.golden, ['hello', ...w.lines.slice(1)]);
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 50; i++) expect(check(w).status).toBe('error');
    expect(open()).toBeLessThanOrEqual(before + 2);
  });
});
