import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { ETHERTYPE, ethernet, IPPROTO, ipv4, udp } from '../../src/wire/frame-builder';
import { ROUTER } from '../cli/cli-helpers';

/**
 * A self-contained golden to damage: the two-port router of the CLI tests (cli-helpers.ts)
 * on a capture of `frames` UDP frames, a second apart, every 7th with TTL 1 (dropped,
 * ip_inhdr), the others forwarded; its golden written by `check --update`.
 */
export interface GoldenWorkspace {
  readonly dir: string;
  readonly fixture: string;
  readonly golden: string;
  readonly capture: string;
  /** The golden's lines as written, header first. */
  readonly lines: readonly string[];
}

const root = mkdtempSync(join(tmpdir(), 'pcapverdict-golden-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

export function routerCapture(path: string, frames: number): void {
  const w = new PcapWriter(path, { linkType: 1 });
  for (let i = 0; i < frames; i++) {
    const ttl = i % 7 === 1 ? 1 : 64;
    w.write(ethernet('02:00:00:00:01:fe', '02:00:00:00:00:01', ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP, ttl }, udp(1000, 2000, new Uint8Array(8)))), 1700000000 + i, 0);
  }
  w.close();
}

/** A fresh directory with the capture and `router.yaml`; `write` writes its golden with the given function (the library's or the CLI's check --update). */
export function goldenWorkspace(frames: number, write: (fixture: string) => void): GoldenWorkspace {
  const dir = join(root, `g${++n}`);
  mkdirSync(dir);
  const capture = join(dir, 'router.pcap');
  routerCapture(capture, frames);
  const fixture = join(dir, 'router.yaml');
  writeFileSync(fixture, ROUTER.replace('capture: three.pcap', 'capture: router.pcap'));
  write(fixture);
  const golden = join(dir, 'router.golden.ndjson');
  return { dir, fixture, golden, capture, lines: readFileSync(golden, 'utf8').trimEnd().split('\n') };
}

/** The index in `lines` of frame `frame`'s record. */
export function frameIndex(lines: readonly string[], frame: number): number {
  const i = lines.findIndex((l) => l.startsWith(`{"type":"frame","frame":${frame},`));
  if (i < 0) throw new Error(`no record of frame ${frame}`);
  return i;
}

export function writeLines(file: string, lines: readonly string[]): void {
  writeFileSync(file, lines.join('\n') + '\n');
}
