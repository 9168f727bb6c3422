import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliMeasured, writeThreeFrames, type CliRun } from './cli-helpers';

/**
 * Issue 11, "Trust in the verdict": a fixture that is bad YAML in a costly way (aliases that
 * expand, nesting thousands deep, a quote left open) is bad input like any other: exit 2,
 * one line `file:line:column: …` on stderr, in bounded time and memory, and nothing written.
 */
const REPRO = join(__dirname, '..', '..', '..', 'shared', 'repro', 'robustness');
const haveRepro = existsSync(REPRO);

const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-bad-fixture-'));
writeThreeFrames(join(dir, 'three.pcap'));
const HEAD = 'capture: three.pcap\nports: [eth0]\nexpect:\n  - { frames: 1, verdict: drop }\n';

function fixture(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Exit 2 and one line on stderr that matches `message`; no stack, no source, no record. */
function expectOneLineError(r: CliRun, message: RegExp): void {
  expect(r.err).toMatch(/^error: [^\n]*\n$/);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/Maximum call stack|ReferenceError|RangeError|    at /);
  expect(r.code).toBe(2);
}

const MB = 1024;

describe('a fixture the yaml parser would choke on is bad input: exit 2, one line with file:line:column', () => {
  test('an alias bomb (aliases of aliases, 10 × 10 × 10 × 2) is refused at its first alias by replay, check and routes', () => {
    const bomb = fixture('bomb.yaml', `${HEAD}kernel_check:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [${'*a, '.repeat(9)}*a]\n  c: &c [${'*b, '.repeat(9)}*b]\n  d: [*c, *c]\n`);
    expectOneLineError(runCli(['replay', bomb]), /^error: .*bomb\.yaml:7:10: aliases expand past 100 nodes/);
    expectOneLineError(runCli(['routes', bomb]), /bomb\.yaml:7:10: aliases expand past 100 nodes/);
    const check = runCli(['check', '--ci', '--format', 'ndjson', bomb]);
    expect(check.code).toBe(2);
    expect(JSON.parse(check.out.split('\n')[0]!)).toMatchObject({ status: 'error', error: expect.stringMatching(/bomb\.yaml:7:10: aliases expand past 100 nodes/) });
    expect(check.err).toBe('error: a fixture is not valid: nothing was replayed or written\n');
  });

  test('more than 100 aliases are refused at the 101st, before the parser runs', () => {
    const many = fixture('many.yaml', `${HEAD}kernel_check:\n  a: &a 1\n  b: [${Array.from({ length: 200 }, () => '*a').join(', ')}]\n`);
    expectOneLineError(runCli(['replay', many]), /many\.yaml:7:407: more than 100 aliases/);
  });

  test.each([
    ['block sequences 3,000 deep on one line', `${HEAD}kernel_check:\n  ${'- '.repeat(3000)}x\n`, /deep\.yaml:6:129: nesting deeper than 64 levels/],
    ['block sequences 1,000 deep (no stack-overflow words leak)', `${HEAD}kernel_check:\n  ${'- '.repeat(1000)}x\ndescription: x\n`, /deep\.yaml:6:129: nesting deeper than 64 levels/],
    ['block mappings 200 deep, a level per line', `${HEAD}kernel_check:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} x\n`, /deep\.yaml:69:65: nesting deeper than 64 levels/],
    ['flow mappings 100,000 deep, never closed', `${HEAD}kernel_check: ${'{a: '.repeat(100_000)}\n`, /deep\.yaml:5:263: nesting deeper than 64 levels/],
    ['flow sequences 100,000 deep, closed', `${HEAD}kernel_check: ${'['.repeat(100_000)}x${']'.repeat(100_000)}\n`, /deep\.yaml:5:77: nesting deeper than 64 levels/],
  ])('%s: refused in bounded time and memory', (_what, text, message) => {
    const r = runCliMeasured(['replay', fixture('deep.yaml', text)]);
    expectOneLineError(r, message);
    expect(r.usage.cpuMs).toBeLessThan(1000);
    expect(r.usage.maxRssKb).toBeLessThan(100 * MB);
  });

  test('a quote left open in the setup (closed by an apostrophe in a later comment) is one line, its line breaks shown as \\n (D8)', () => {
    const text = `${HEAD}setup: |\n  ip link add link eth0 name eth0.10 type vlan ' 20\n  ip link set eth0 up\n  # the port's VLAN\n`;
    const r = runCli(['replay', fixture('quote.yaml', text)]);
    expectOneLineError(r, /quote\.yaml:6:48: vlan: unknown command " 20\\nip link set eth0 up\\n# the ports"\? .*\(the word runs over several lines: a quote left open\?\)$/m);
  });

  test('a YAML string left open is one line too', () => {
    expectOneLineError(runCli(['replay', fixture('open.yaml', `${HEAD}description: "never closed\n  more\n  more\n`)]), /open\.yaml:\d+:\d+: not valid YAML: /);
  });

  test('a path that is not a fixture: a directory, a device with no end, a path under a file', () => {
    expectOneLineError(runCli(['replay', dir]), /:1:1: cannot read the fixture: EISDIR: illegal operation on a directory$/m);
    expectOneLineError(runCli(['replay', join(fixture('plain', ''), 'x.yaml')]), /plain\/x\.yaml:1:1: cannot read the fixture: ENOTDIR: not a directory$/m);
    if (existsSync('/dev/zero')) expectOneLineError(runCli(['replay', '/dev/zero']), /^error: \/dev\/zero:1:1: larger than 256 MiB: not a fixture/);
  });

  test('a fixture within the bounds (nesting 20 deep, a few aliases) still loads', () => {
    const ok = fixture('ok.yaml', `${HEAD.replace('verdict: drop', 'verdict: forward')}golden: none\nkernel_check: { a: &k ${'['.repeat(20)}${']'.repeat(20)}, b: *k, c: [*k, *k] }\n`);
    expect(runCli(['replay', '--format', 'count', ok])).toEqual({ code: 0, out: 'frames 3, skipped 0\nverdicts: drop 3\nreasons: dev_ready 3\n', err: '' });
  });
});

(haveRepro ? describe : describe.skip)(`the reproducers of ../shared/repro/robustness${haveRepro ? '' : ' (skipped: that directory is absent)'}`, () => {
  const repro = (p: string): string => join(REPRO, p);

  test('D2 alias-bomb.yaml: exit 2 at its first alias, for replay, check and routes', () => {
    for (const cmd of [['replay'], ['routes']]) expectOneLineError(runCli([...cmd, 'alias-bomb.yaml'], repro('fixture-alias-bomb')), /^error: alias-bomb\.yaml:7:10: aliases expand past 100 nodes/);
    const check = runCli(['check', '--ci', '--format', 'ndjson', 'alias-bomb.yaml'], repro('fixture-alias-bomb'));
    expect([check.code, check.err]).toEqual([2, 'error: a fixture is not valid: nothing was replayed or written\n']);
  });

  test.each([['deep-seq-3000.yaml'], ['deep-seq-1000.yaml']])('D3 %s: exit 2 at the 65th level, no stack overflow', (file) => {
    expectOneLineError(runCli(['replay', file], repro('fixture-deep-block-nesting')), new RegExp(`^error: ${file.replace('.', '\\.')}:6:129: nesting deeper than 64 levels`));
  });

  test.each([['deep-flow-err-100000.yaml', 4], ['deep-flow-err-25000.yaml', 4], ['deep-flow-100000.yaml', 5]] as const)('D4 %s: exit 2 in under 1 s of CPU and 100 MB', (file, line) => {
    const r = runCliMeasured(['replay', file], { cwd: repro('fixture-deep-flow-nesting') });
    expectOneLineError(r, new RegExp(`^error: ${file.replace('.', '\\.')}:${line}:263: nesting deeper than 64 levels`));
    expect(r.usage.cpuMs).toBeLessThan(1000);
    expect(r.usage.maxRssKb).toBeLessThan(100 * MB);
  });

  test('D8 multiline.yaml: one line, at the quote', () => {
    expectOneLineError(runCli(['replay', 'multiline.yaml'], repro('fixture-multiline-message')), /^error: multiline\.yaml:6:48: vlan: unknown command " 20\\nip link set eth0 up\\n# the ports"\?/);
  });
});

test('the goldens beside these fixtures are never touched', () => {
  const golden = fixture('bomb2.golden.ndjson', '{"type":"keep"}\n');
  fixture('bomb2.yaml', `${HEAD}kernel_check: ${'['.repeat(1000)}\n`);
  expect(runCli(['check', '--update=all', '--format', 'ndjson', join(dir, 'bomb2.yaml')]).code).toBe(2);
  expect(readFileSync(golden, 'utf8')).toBe('{"type":"keep"}\n');
});
