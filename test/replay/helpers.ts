import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { PcapngWriter } from '../../src/capture/pcapng-writer';
import { LINKTYPE } from '../../src/capture/link-type';
import type { ReplayRecord } from '../../src/decision/records';
import { loadFixture, type Fixture } from '../../src/fixture/load-fixture';
import { replay, type ReplaySummary } from '../../src/replay/replay';

/** The bundled fixtures. */
export const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');

/** The robustness reproducers, `../shared/repro/robustness` beside the checkout (as CI lays it out). */
export const ROBUSTNESS = resolve(__dirname, '..', '..', '..', 'shared', 'repro', 'robustness');

/**
 * `describe` when the reproducer directory `../shared/repro/robustness/<dir>` is there, else
 * `describe.skip` with the reason in its title: absent, it shows as skipped, never as a pass.
 */
export function describeWithRepro(dir: string, title: string, body: (path: string) => void): void {
  const path = join(ROBUSTNESS, dir);
  if (existsSync(path)) describe(title, () => body(path));
  else describe.skip(`${title} (skipped: no reproducer at ../shared/repro/robustness/${dir})`, () => test('needs the reproducer', () => undefined));
}

export interface TimedFrame {
  readonly data: Uint8Array;
  /** Seconds from the capture's first frame. */
  readonly t: number;
}

/** A path named `name` in a new temporary directory. */
export function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'pcapverdict-replay-')), name);
}

/** Writes Ethernet frames to a new pcap file (nanosecond timestamps from 1 700 000 000 s) and returns its path. */
export function writeCapture(frames: readonly TimedFrame[], name = 'capture.pcap'): string {
  const path = tempPath(name);
  const w = new PcapWriter(path, { linkType: LINKTYPE.ETHERNET, nanosecond: true });
  for (const f of frames) {
    const ns = Math.round(f.t * 1e9);
    w.write(f.data, 1_700_000_000 + Math.floor(ns / 1e9), ns % 1e9);
  }
  w.close();
  return path;
}

export interface PortFrame extends TimedFrame {
  /** The pcapng interface name it was captured on (a fixture's `ingress.interfaces` maps it to a port). */
  readonly port: string;
}

/** Writes frames to a new pcapng file with one interface per port name, in order of first use; returns its path. */
export function writePortCapture(frames: readonly PortFrame[]): string {
  const path = tempPath('capture.pcapng');
  const w = new PcapngWriter(path);
  const ids = new Map<string, number>();
  for (const f of frames) {
    let id = ids.get(f.port);
    if (id === undefined) ids.set(f.port, (id = w.addInterface({ linkType: LINKTYPE.ETHERNET, name: f.port })));
    const ns = Math.round(f.t * 1e9);
    w.write(id, f.data, 1_700_000_000 + Math.floor(ns / 1e9), ns % 1e9);
  }
  w.close();
  return path;
}

export interface Replayed {
  readonly records: ReplayRecord[];
  readonly summary: ReplaySummary;
}

/** Replays a fixture (its own capture, or `capture`) with full records. */
export function replayRecords(fixture: Fixture | string, capture?: string): Replayed {
  const fx = typeof fixture === 'string' ? loadFixture(fixture) : fixture;
  const records: ReplayRecord[] = [];
  const summary = replay(fx, (r) => records.push(r), { detail: true, capture });
  return { records, summary };
}
