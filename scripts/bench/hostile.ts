import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureError } from '../../src/capture/capture-error';
import { LINKTYPE, MAXIMUM_SNAPLEN } from '../../src/capture/link-type';
import { openCapture } from '../../src/capture/open-capture';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { PcapngWriter } from '../../src/capture/pcapng-writer';
import { udpTemplate } from './frame-templates';
import { BENCH_DATA, CLI } from './paths';
import { runMeasured } from './run-child';

/**
 * Linear-time check: records that claim a huge length must be refused (or reported cut
 * short) at once, never by allocating or reading gigabytes first (libpcap's
 * `pcap_next_packet` bound; issue 2). Each crafted file is a few valid frames and then
 * the lie.
 */

export interface HostileCase {
  readonly id: string;
  readonly description: string;
  /** What the reader must do: throw this CaptureError code, or stop with a warning. */
  readonly expect: { readonly error: string } | { readonly warning: string };
  readonly craft: (path: string) => void;
}

export interface HostileResult {
  readonly hostile: HostileCase;
  /** Time from open to refusal, in this process (ms). */
  readonly inProcessMs: number;
  /** Whole `decode --format count` process (ms), start-up included. */
  readonly processMs: number;
  readonly processRssMb: number | undefined;
  readonly processStatus: number | null;
  /** What went wrong, or undefined when the file was handled as expected. */
  readonly problem: string | undefined;
}

const GOOD_FRAMES = 3;

function writeGoodPcap(path: string): void {
  const w = new PcapWriter(path, { linkType: LINKTYPE.ETHERNET });
  const t = udpTemplate(64);
  for (let i = 0; i < GOOD_FRAMES; i++) w.write(t, 1_700_000_000, i * 1000);
  w.close();
}

/** A 16-byte little-endian pcap record header. */
function recordHeader(caplen: number, len: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(1_700_000_001, 0);
  h.writeUInt32LE(0, 4);
  h.writeUInt32LE(caplen >>> 0, 8);
  h.writeUInt32LE(len >>> 0, 12);
  return h;
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    id: 'pcap-caplen-7fffffff',
    description: 'pcap record with caplen 0x7fffffff',
    expect: { error: 'bad_record' },
    craft: (path) => {
      writeGoodPcap(path);
      appendFileSync(path, Buffer.concat([recordHeader(0x7fffffff, 0x7fffffff), Buffer.alloc(64, 0xab)]));
    },
  },
  {
    id: 'pcap-caplen-ffffffff',
    description: 'pcap record with caplen 0xffffffff',
    expect: { error: 'bad_record' },
    craft: (path) => {
      writeGoodPcap(path);
      appendFileSync(path, Buffer.concat([recordHeader(0xffffffff, 64), Buffer.alloc(64, 0xab)]));
    },
  },
  {
    id: 'pcap-caplen-max-cut',
    description: `pcap record with the largest legal caplen (${MAXIMUM_SNAPLEN}), file cut after 64 bytes`,
    expect: { warning: 'truncated_record' },
    craft: (path) => {
      writeGoodPcap(path);
      appendFileSync(path, Buffer.concat([recordHeader(MAXIMUM_SNAPLEN, MAXIMUM_SNAPLEN), Buffer.alloc(64, 0xab)]));
    },
  },
  {
    id: 'pcapng-block-7ffffffc',
    description: 'pcapng block with total length 0x7ffffffc',
    expect: { error: 'bad_block' },
    craft: (path) => {
      const w = new PcapngWriter(path);
      const iface = w.addInterface({ linkType: LINKTYPE.ETHERNET, name: 'eth0' });
      const t = udpTemplate(64);
      for (let i = 0; i < GOOD_FRAMES; i++) w.write(iface, t, 1_700_000_000, i * 1000);
      w.close();
      const h = Buffer.alloc(64, 0xab);
      h.writeUInt32LE(0x00000006, 0); // EPB
      h.writeUInt32LE(0x7ffffffc, 4);
      appendFileSync(path, h);
    },
  },
];

function readAll(path: string): { frames: number; error: string | undefined; warnings: string[] } {
  let frames = 0;
  const reader = openCapture(path);
  try {
    while (reader.next()) frames++;
    return { frames, error: undefined, warnings: reader.warnings.map((w) => w.code) };
  } catch (e) {
    if (e instanceof CaptureError) return { frames, error: e.code, warnings: reader.warnings.map((w) => w.code) };
    throw e;
  } finally {
    reader.close();
  }
}

export function runHostile(h: HostileCase): HostileResult {
  const path = join(BENCH_DATA, `hostile-${h.id}${h.id.startsWith('pcapng') ? '.pcapng' : '.pcap'}`);
  writeFileSync(path, '');
  h.craft(path);
  // Best of a few: the first call also pays for loading and compiling the reader.
  let inProcessMs = Infinity;
  let seen: ReturnType<typeof readAll> | undefined;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    seen = readAll(path);
    inProcessMs = Math.min(inProcessMs, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const r = runMeasured({ cmd: process.execPath, args: [CLI, 'decode', '--format', 'count', path] }, { stdout: 'capture', timeoutSec: 30 });
  const problems: string[] = [];
  if (seen === undefined || seen.frames !== GOOD_FRAMES) problems.push(`read ${seen?.frames} good frames, expected ${GOOD_FRAMES}`);
  if ('error' in h.expect) {
    if (seen?.error !== h.expect.error) problems.push(`reader ended with ${seen?.error ?? 'no error'}, expected CaptureError ${h.expect.error}`);
    if (r.status !== 2) problems.push(`decode exited ${r.status ?? r.signal}, expected 2`);
  } else {
    if (seen?.error !== undefined) problems.push(`reader threw ${seen.error}, expected warning ${h.expect.warning}`);
    else if (!seen?.warnings.includes(h.expect.warning)) problems.push(`no ${h.expect.warning} warning (got ${seen?.warnings.join(', ') || 'none'})`);
    if (r.status !== 0) problems.push(`decode exited ${r.status ?? r.signal}, expected 0`);
  }
  if (r.timedOut) problems.push('decode timed out');
  return {
    hostile: h,
    inProcessMs,
    processMs: r.wallSec * 1000,
    processRssMb: r.maxRssMb,
    processStatus: r.status,
    problem: problems.length > 0 ? problems.join('; ') : undefined,
  };
}
