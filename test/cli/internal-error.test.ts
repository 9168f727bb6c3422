import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROUTER, runCli, runCliMeasured, writeThreeFrames } from './cli-helpers';

/**
 * A bug in pcapverdict is neither a mismatch (1) nor the user's bad input (2): one line
 * `pcapverdict: internal error: …`, exit 70 (EX_SOFTWARE), and never the 64 KB line of
 * minified yargs source Node prints for an exception rethrown from yargs' `.fail`.
 */
const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-internal-'));
writeThreeFrames(join(dir, 'three.pcap'));
const router = join(dir, 'router.yaml');
writeFileSync(router, ROUTER);

const ONE_LINE = /^pcapverdict: internal error: TypeError: injected fault in \w+ second line \(please report it: README\.md, "Reporting a bug"\)\n$/;

describe('an exception no command expects: exit 70 and one line, for every command', () => {
  test.each([
    ['decode', ['decode', join(dir, 'three.pcap')], 'wire/decode-frame:decodeFrame'],
    ['replay', ['replay', router], 'replay/build-stack:buildStack'],
    ['check', ['check', '--ci', router], 'replay/build-stack:buildStack'],
    ['routes', ['routes', router], 'replay/build-stack:buildStack'],
    ['reasons', ['reasons'], 'report/reasons-doc:reasonsText'],
  ])('%s: a bug met in it is one line and exit 70', (_name, args, fault) => {
    const r = runCliMeasured(args, { fault });
    expect(r.code).toBe(70);
    expect(r.err).toMatch(ONE_LINE);
    expect(r.err.length).toBeLessThan(300);
  });

  test('PCAPVERDICT_DEBUG=1 adds the stack, for the report', () => {
    const r = runCliMeasured(['replay', router], { fault: 'replay/build-stack:buildStack', env: { ...process.env, PCAPVERDICT_DEBUG: '1' } });
    expect(r.code).toBe(70);
    const [first, ...rest] = r.err.trimEnd().split('\n');
    expect(first).toMatch(/^pcapverdict: internal error: TypeError: injected fault/);
    expect(rest.join('\n')).toMatch(/^TypeError: injected fault in buildStack\nsecond line\n    at /);
  });

  test('a usage error stays exit 2 with yargs\' words, on one line', () => {
    const r = runCli(['replay', router, '--format', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: Invalid values: Argument: format, Given: "nope", Choices: "ndjson", "text", "count"\nrun "pcapverdict --help" for usage\n');
  });
});
