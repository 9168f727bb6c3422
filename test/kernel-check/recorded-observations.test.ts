import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareRun } from '../../scripts/kernel-check/compare';
import { goldenRecordLines } from '../../src/check/golden-header';
import type { EmulatorRecord, Observations } from '../../scripts/kernel-check/records';
import type { ReplayRecord } from '../../src/decision/records';
import { loadFixture, onPlatform, type Fixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';

/**
 * The real kernel, kept: what Linux 6.18.44 did with every frame of every fixture it can
 * build, as `npm run kernel-check -- --all fixtures/ --pace --out-dir …` observed it (root,
 * network namespaces), committed under observations/. Each run of the test suite replays
 * the fixtures through the emulator and compares with those observations, so a change that
 * makes the emulator disagree with the kernel fails here, without root and without a kernel.
 * Re-record after changing a fixture or its capture (scripts/kernel-check/README.md).
 */
const ROOT = join(__dirname, '..', '..');
const OBSERVATIONS = join(__dirname, 'observations');

/**
 * Frames allowed to differ, each with why. The kernel seeds its multipath hash at boot, so
 * the next hop it picks for an ECMP route differs from boot to boot (the fixtures say so).
 */
const EXPLAINED: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'fixtures/stack/router-v4.yaml': { 13: 'ECMP', 14: 'ECMP', 15: 'ECMP' },
  'fixtures/stack/router-v4-default-route.yaml': { 13: 'ECMP', 14: 'ECMP', 15: 'ECMP' },
  'fixtures/stack/router-v6.yaml': { 13: 'ECMP', 14: 'ECMP', 15: 'ECMP' },
};

function observationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...observationFiles(p));
    else if (e.name.endsWith('.kernel.json')) out.push(p);
  }
  return out.sort();
}

/** The kernel is Linux with no ASIC: a fixture on several platforms is compared on its linux variant. */
function linuxFixture(file: string): Fixture {
  return onPlatform(loadFixture(file), 'linux');
}

function emulatorRecords(fixtureFile: string): EmulatorRecord[] {
  const records: ReplayRecord[] = [];
  replay(linuxFixture(fixtureFile), (r) => records.push(r), { detail: true });
  // The harness reads the NDJSON the CLI prints: the same objects, as JSON.
  return records.map((r) => JSON.parse(JSON.stringify(r)) as EmulatorRecord);
}

const files = observationFiles(OBSERVATIONS);

describe('the emulator agrees with the real kernel on the recorded observations', () => {
  test('observations are committed for the fixtures the kernel can build', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files.map((f) => [relative(OBSERVATIONS, f), f] as const))('%s: every frame agrees, or differs only where the fixture explains why', (_name, file) => {
    const obs = JSON.parse(readFileSync(file, 'utf8')) as Observations;
    const fixture = relative(ROOT, join(ROOT, obs.fixture));
    const c = compareRun(obs, emulatorRecords(join(ROOT, fixture)));
    const explained = EXPLAINED[fixture] ?? {};
    const unexplained = c.rows.filter((r) => !r.agree && !r.notSent && explained[r.frame] === undefined).map((r) => r.differences);
    expect(unexplained).toEqual([]);
    expect(c.agree).toBeGreaterThan(0);
  });

  // A golden is a claim about the kernel: the committed one, read as it is, must agree with
  // what the kernel did too (not only the emulator that wrote it).
  test.each(files.map((f) => [relative(OBSERVATIONS, f), f] as const))('%s: the fixture\'s golden agrees with the kernel, frame by frame', (_name, file) => {
    const obs = JSON.parse(readFileSync(file, 'utf8')) as Observations;
    const fixture = linuxFixture(join(ROOT, obs.fixture));
    const golden = goldenRecordLines(readFileSync(fixture.golden!, 'utf8')).map((l) => JSON.parse(l) as EmulatorRecord);
    const c = compareRun(obs, golden);
    const explained = EXPLAINED[relative(ROOT, fixture.file)] ?? {};
    expect(c.rows.filter((r) => !r.agree && !r.notSent && explained[r.frame] === undefined).map((r) => r.differences)).toEqual([]);
    expect(c.agree).toBeGreaterThan(0);
  });
});
