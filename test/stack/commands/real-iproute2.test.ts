/**
 * Runs every line of the valid corpus through the real ip / bridge / sysctl in a throwaway
 * network namespace, to prove that what the parser accepts is real syntax. Skipped unless
 * root with `ip` installed (CI without root skips it; run `sudo npx jest test/stack/commands`).
 */
import { spawnSync } from 'node:child_process';
import { parseSetup, tokenizeSetup } from '../../../src/stack/commands';
import { PARSE_ONLY_CORPUS, VALID_CORPUS } from './valid-corpus';

function haveRootAndIp(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['-V']).status === 0 && spawnSync('bridge', ['-V']).status === 0;
}

const realTest = haveRootAndIp() ? test : test.skip;

describe('the accepted syntax is real syntax', () => {
  test('every corpus line parses', () => {
    for (const { text } of VALID_CORPUS) expect(() => parseSetup(text)).not.toThrow();
    for (const text of PARSE_ONLY_CORPUS) expect(() => parseSetup(text)).not.toThrow();
  });

  realTest('every corpus line runs in a throwaway namespace with the real ip, bridge and sysctl', () => {
    const ns = `pvparse${process.pid}`;
    expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
    const failures: string[] = [];
    try {
      spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      for (const { text, kernelMayRefuse } of VALID_CORPUS) {
        const words = tokenizeSetup(text)[0]!.words.map((w) => w.text);
        const r = spawnSync('ip', ['netns', 'exec', ns, ...words], { encoding: 'utf8' });
        const out = `${r.stdout}${r.stderr}`.trim();
        if (r.status === 0) continue;
        if (kernelMayRefuse !== undefined && kernelMayRefuse.test(out)) continue;
        failures.push(`${text}\n  -> exit ${r.status}: ${out}`);
      }
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
    expect(failures).toEqual([]);
  });
});
