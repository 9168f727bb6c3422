import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKTYPE } from '../../src/capture/link-type';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { PcapngWriter } from '../../src/capture/pcapng-writer';
import { isVxlanPort } from '../../src/wire/vxlan';
import {
  AT,
  patchIpv4Id,
  patchUdpPorts,
  patchVni,
  udpTemplate,
  vxlanTemplate,
} from './frame-templates';
import { BENCH_DATA } from './paths';

/**
 * The synthetic captures the bench reads. Each is generated once into `bench-data/`
 * (git-ignored) with a manifest beside it; a rerun reuses the file when the manifest's
 * generator version, frame count and the file's size still match, so only the first run
 * pays for writing ~1.8 GB.
 */

/** Bump when a generator changes what it writes: old files are then regenerated. */
const GENERATOR_VERSION = 1;
const EPOCH_SEC = 1_700_000_000;

/** Where a generator puts its records: a pcap file, or a pcapng file through `pcapngSink`. */
export interface RecordSink {
  write(data: Uint8Array, tsSec: number, tsNsec: number): void;
}

export interface DatasetSpec {
  readonly id: string;
  readonly description: string;
  readonly frames: number;
  /** pcapng is written as dumpcap writes it on Linux: one named interface, `epb_flags` on every packet. */
  readonly format?: 'pcap' | 'pcapng';
  /**
   * A dataset with the same frame mix and fewer frames: a tool too slow to run on this one
   * (tshark) is extrapolated from its per-frame rate there, and labelled so.
   */
  readonly sameMixAs?: string;
  readonly seed: number;
  /** Writes `frames` records; returns the sum of captured lengths. */
  readonly write: (w: RecordSink, frames: number, rng: Rng) => number;
}

export interface Dataset extends DatasetSpec {
  readonly path: string;
  readonly fileBytes: number;
  readonly capturedBytes: number;
  /** Seconds spent generating it in this run; undefined when an existing file was reused. */
  readonly generatedSec: number | undefined;
}

interface Manifest {
  readonly generatorVersion: number;
  readonly frames: number;
  readonly fileBytes: number;
  readonly capturedBytes: number;
  readonly seed: number;
}

/** The capture whose rows measure start-up alone: the rest are also shown net of it. */
export const STARTUP_DATASET = 'empty';

export const DATASETS: readonly DatasetSpec[] = [
  { id: STARTUP_DATASET, description: 'file header only: process start-up', frames: 0, seed: 0, write: () => 0 },
  { id: 'udp-1m', description: '1 M Eth/IPv4/UDP, 64-128 B', frames: 1_000_000, seed: 1, write: writeUdpMix },
  { id: 'udp-10m', description: '10 M Eth/IPv4/UDP, 64-128 B', frames: 10_000_000, seed: 2, sameMixAs: 'udp-1m', write: writeUdpMix },
  { id: 'vxlan-1m', description: '1 M VXLAN (Eth/IPv4/UDP 4789/VXLAN + Eth/IPv4/UDP 64-128 B)', frames: 1_000_000, seed: 3, write: writeVxlanMix },
  {
    id: 'udp-1m-ng',
    description: '1 M Eth/IPv4/UDP, 64-128 B, pcapng with epb_flags',
    frames: 1_000_000,
    format: 'pcapng',
    seed: 1,
    write: writeUdpMix,
  },
  { id: 'udp1500-200k', description: '200 k Eth/IPv4/UDP, 1500 B', frames: 200_000, seed: 4, write: writeUdp1500 },
];

/** Small, fast, reproducible PRNG (mulberry32): the same seed writes the same file everywhere. */
export class Rng {
  constructor(private state: number) {}

  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.u32() % (hi - lo + 1));
  }
}

/** Ports that are not VXLAN's (which would turn a plain UDP frame into a tunnel). */
function port(rng: Rng): number {
  for (;;) {
    const p = rng.int(1024, 65535);
    if (!isVxlanPort(p)) return p;
  }
}

/** Virtual clock: 1-64 µs between frames, as a busy link shows. */
class Clock {
  private sec = EPOCH_SEC;
  private usec = 0;

  tick(rng: Rng): void {
    this.usec += 1 + (rng.u32() & 63);
    if (this.usec >= 1_000_000) {
      this.usec -= 1_000_000;
      this.sec++;
    }
  }

  get tsSec(): number {
    return this.sec;
  }

  get tsNsec(): number {
    return this.usec * 1000;
  }
}

function sizeTemplates(lo: number, hi: number, make: (size: number) => Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let s = lo; s <= hi; s++) out.push(make(s));
  return out;
}

function writeUdpMix(w: RecordSink, frames: number, rng: Rng): number {
  const templates = sizeTemplates(64, 128, udpTemplate);
  const clock = new Clock();
  let bytes = 0;
  for (let i = 0; i < frames; i++) {
    const t = templates[rng.int(0, templates.length - 1)]!;
    patchUdpPorts(t, AT.UDP, port(rng), port(rng));
    patchIpv4Id(t, AT.IP, i & 0xffff);
    clock.tick(rng);
    w.write(t, clock.tsSec, clock.tsNsec);
    bytes += t.length;
  }
  return bytes;
}

function writeVxlanMix(w: RecordSink, frames: number, rng: Rng): number {
  const templates = sizeTemplates(64, 128, vxlanTemplate);
  const clock = new Clock();
  let bytes = 0;
  for (let i = 0; i < frames; i++) {
    const t = templates[rng.int(0, templates.length - 1)]!;
    // Outer source port carries flow entropy (RFC 7348 §5); VNIs from a few thousand segments.
    patchUdpPorts(t, AT.UDP, rng.int(49152, 65535), 4789);
    patchIpv4Id(t, AT.IP, i & 0xffff);
    patchVni(t, AT.VXLAN, rng.int(1, 4096));
    patchUdpPorts(t, AT.INNER + AT.UDP, port(rng), port(rng));
    patchIpv4Id(t, AT.INNER + AT.IP, (i * 7) & 0xffff);
    clock.tick(rng);
    w.write(t, clock.tsSec, clock.tsNsec);
    bytes += t.length;
  }
  return bytes;
}

function writeUdp1500(w: RecordSink, frames: number, rng: Rng): number {
  const t = udpTemplate(1500);
  const clock = new Clock();
  for (let i = 0; i < frames; i++) {
    patchUdpPorts(t, AT.UDP, port(rng), port(rng));
    patchIpv4Id(t, AT.IP, i & 0xffff);
    clock.tick(rng);
    w.write(t, clock.tsSec, clock.tsNsec);
  }
  return frames * t.length;
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Returns the dataset's file, generating it unless a matching one is already there. */
export function ensureDataset(spec: DatasetSpec, log: (line: string) => void): Dataset {
  mkdirSync(BENCH_DATA, { recursive: true });
  const path = join(BENCH_DATA, `${spec.id}.${spec.format ?? 'pcap'}`);
  const manifestPath = join(BENCH_DATA, `${spec.id}.json`);
  const m = readManifest(manifestPath);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (
    m !== undefined &&
    m.generatorVersion === GENERATOR_VERSION &&
    m.frames === spec.frames &&
    m.seed === spec.seed &&
    m.fileBytes === size
  ) {
    return { ...spec, path, fileBytes: m.fileBytes, capturedBytes: m.capturedBytes, generatedSec: undefined };
  }
  log(`generating ${path} (${spec.description}) ...`);
  const t0 = process.hrtime.bigint();
  // Write beside and rename: an interrupted run never leaves a file that looks complete.
  const tmp = `${path}.tmp`;
  const w = spec.format === 'pcapng' ? pcapngSink(tmp) : new PcapWriter(tmp, { linkType: LINKTYPE.ETHERNET });
  let capturedBytes: number;
  try {
    capturedBytes = spec.write(w, spec.frames, new Rng(spec.seed));
  } finally {
    w.close();
  }
  if (existsSync(manifestPath)) unlinkSync(manifestPath);
  renameSync(tmp, path);
  const fileBytes = statSync(path).size;
  const manifest: Manifest = { generatorVersion: GENERATOR_VERSION, frames: spec.frames, fileBytes, capturedBytes, seed: spec.seed };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  const generatedSec = Number(process.hrtime.bigint() - t0) / 1e9;
  log(`  ${spec.frames} frames, ${(fileBytes / 1e6).toFixed(1)} MB in ${generatedSec.toFixed(1)} s`);
  return { ...spec, path, fileBytes, capturedBytes, generatedSec };
}

/** A pcapng file with one interface, each packet marked inbound (`epb_flags` 1). */
function pcapngSink(path: string): RecordSink & { close(): void } {
  const w = new PcapngWriter(path);
  const iface = w.addInterface({ linkType: LINKTYPE.ETHERNET, name: 'eth0' });
  return {
    write: (data, tsSec, tsNsec) => w.write(iface, data, tsSec, tsNsec, { flags: 1 }),
    close: () => w.close(),
  };
}
