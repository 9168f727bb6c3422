import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFixture } from '../../src/check/check-fixture';
import { BIN } from '../cli/cli-helpers';
import { goldenWorkspace, routerCapture } from './golden-helpers';

// A golden is written to `<golden>.tmp-PID-N` and renamed over the old one when the replay
// ended. An interrupted `check --update` must not leave that file behind (issue 11).

function temps(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.tmp-'));
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

describe('temporary goldens', () => {
  test('those of a process that is gone are removed when check writes a golden beside them (a plain check writes nothing); a live one is left alone', () => {
    const w = goldenWorkspace(3, (f) => checkFixture(f, { update: 'new' }));
    const dead = spawnSync('true').pid!;
    const left = [`router.golden.ndjson.tmp-${dead}`, `router.golden.ndjson.tmp-${dead}-7`, `other.golden.ndjson.tmp-${process.pid}-1`, 'notes.tmp-1'];
    for (const name of left) writeFileSync(join(w.dir, name), 'x');
    expect(checkFixture(w.fixture, { update: 'none' }).status).toBe('pass');
    expect(temps(w.dir).sort()).toEqual([...left].sort());
    expect(checkFixture(w.fixture, { update: 'all' }).status).toBe('pass');
    expect(temps(w.dir).sort()).toEqual(['notes.tmp-1', `other.golden.ndjson.tmp-${process.pid}-1`]);
  });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during check --update=all: the process ends at once as interrupted (shell status %i), no temporary file is left, the old golden is intact', async (signal, _status) => {
    const w = goldenWorkspace(3, (f) => checkFixture(f, { update: 'new' }));
    const before = readFileSync(w.golden, 'utf8');
    routerCapture(w.capture, 400_000); // long enough to be interrupted mid-replay
    const child = spawn(process.execPath, [BIN, 'check', '--update=all', '--format', 'ndjson', 'router.yaml'], { cwd: w.dir, stdio: 'ignore', env: { ...process.env, CI: '' } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(await until(() => temps(w.dir).length > 0, 20_000)).toBe(true);
    const sent = Date.now();
    child.kill(signal);
    expect(await exited).toBe(signal);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(await until(() => temps(w.dir).length === 0, 5000)).toBe(true);
    expect(readFileSync(w.golden, 'utf8')).toBe(before);
    expect(existsSync(`${w.golden}.tmp-${child.pid}`)).toBe(false);
  }, 60_000);
});
