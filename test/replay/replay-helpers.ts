import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer';
import type { FrameRecord, ReplayRecord } from '../../src/decision/records';
import { loadFixture } from '../../src/fixture/load-fixture';
import { replay } from '../../src/replay/replay';

/**
 * A scratch directory per test file, a capture of any link type written into it, and a
 * fixture replayed over it with the library (the records `pcapverdict replay` prints).
 */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'pcapverdict-replay-'));

  /** A classic pcap of `linkType`, one frame a second from 1700000000 s. */
  pcap(name: string, linkType: number, frames: readonly Uint8Array[]): string {
    const file = join(this.dir, name);
    const w = new PcapWriter(file, { linkType, nanosecond: true });
    frames.forEach((f, i) => w.write(f, 1700000000 + i, 0));
    w.close();
    return file;
  }

  /** Writes the fixture text (its `capture:` relative to this directory) and replays it. */
  replay(name: string, fixture: string): ReplayRecord[] {
    const file = join(this.dir, name);
    writeFileSync(file, fixture);
    const records: ReplayRecord[] = [];
    replay(loadFixture(file), (r) => records.push(r), { detail: true });
    return records;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What a replay decided, without times and traces: what must not depend on the link type. */
export function decisions(records: readonly ReplayRecord[]): unknown[] {
  return records.map((r) => {
    if (r.type === 'frame') return { frame: r.frame, ingress: r.ingress, verdict: r.verdict, reason: r.reason, egress: r.egress, to: r.to, meta: r.meta };
    if (r.type === 'skipped') return { skipped: r.frame, why: r.why };
    const { ...rest } = r as unknown as Record<string, unknown>;
    delete rest['time'];
    return rest;
  });
}

export function frames(records: readonly ReplayRecord[]): FrameRecord[] {
  return records.filter((r): r is FrameRecord => r.type === 'frame');
}
