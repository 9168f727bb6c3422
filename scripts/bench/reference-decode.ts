import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Bench child: a deliberately plain reader + decoder, NOT pcapverdict code. One typed
 * array refilled with `readSync`, records parsed in place, Ethernet/IPv4/UDP/VXLAN walked
 * into one reused layer stack, totals counted per layer kind. It shows what this runtime
 * can do on the same machine, so a gap between it and `decode --format count` is
 * overhead in src/, not in Node. It only knows little-endian classic pcap with Ethernet.
 */

const CHUNK = 1 << 20;
const MAX_CAPLEN = 262144;
const MAX_LAYERS = 32;

const L = { ETH: 0, IP: 1, UDP: 2, VXLAN: 3, DATA: 4, OTHER: 5 } as const;
const NAMES = ['eth', 'ip', 'udp', 'vxlan', 'data', 'other'] as const;

class Layers {
  count = 0;
  issue = 0;
  readonly kinds = new Uint8Array(MAX_LAYERS);
  readonly starts = new Int32Array(MAX_LAYERS);
  readonly ends = new Int32Array(MAX_LAYERS);

  push(kind: number, start: number, end: number): boolean {
    const i = this.count;
    if (i >= MAX_LAYERS) {
      this.issue = 1;
      return false;
    }
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.count = i + 1;
    return true;
  }
}

function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

function ethernet(d: Layers, b: Uint8Array, o: number, end: number, depth: number): void {
  if (end - o < 14) {
    d.issue = 1;
    return;
  }
  d.push(L.ETH, o, end);
  const type = u16(b, o + 12);
  const p = o + 14;
  if (type === 0x0800) ipv4(d, b, p, end, depth);
  else if (end > p) d.push(L.OTHER, p, end);
}

function ipv4(d: Layers, b: Uint8Array, o: number, end: number, depth: number): void {
  if (end - o < 20) {
    d.issue = 1;
    return;
  }
  const hl = (b[o]! & 0x0f) * 4;
  const total = u16(b, o + 2);
  if (b[o]! >>> 4 !== 4 || hl < 20 || end - o < hl || total < hl) {
    d.issue = 1;
    return;
  }
  const ipEnd = Math.min(end, o + total);
  d.push(L.IP, o, ipEnd);
  const p = o + hl;
  if ((u16(b, o + 6) & 0x1fff) !== 0 || b[o + 9] !== 17) {
    if (ipEnd > p) d.push(L.OTHER, p, ipEnd);
    return;
  }
  udp(d, b, p, ipEnd, depth);
}

function udp(d: Layers, b: Uint8Array, o: number, end: number, depth: number): void {
  if (end - o < 8) {
    d.issue = 1;
    return;
  }
  const length = u16(b, o + 4);
  const udpEnd = length >= 8 ? Math.min(end, o + length) : end;
  d.push(L.UDP, o, udpEnd);
  const p = o + 8;
  const dport = u16(b, o + 2);
  if ((dport === 4789 || dport === 8472) && depth < 8) {
    if (udpEnd - p < 8) {
      d.issue = 1;
      return;
    }
    d.push(L.VXLAN, p, udpEnd);
    ethernet(d, b, p + 8, udpEnd, depth + 1);
  } else if (udpEnd > p) d.push(L.DATA, p, udpEnd);
}

function main(path: string | undefined): void {
  if (path === undefined) {
    process.stderr.write('usage: reference-decode.js CAPTURE\n');
    process.exit(2);
  }
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(CHUNK);
  const view = new DataView(buf.buffer);
  let end = 0;
  let pos = 0;
  let eof = false;
  const fill = (n: number): boolean => {
    if (end - pos >= n) return true;
    buf.copyWithin(0, pos, end);
    end -= pos;
    pos = 0;
    while (end < n && !eof) {
      const got = readSync(fd, buf, end, buf.length - end, null);
      if (got === 0) eof = true;
      end += got;
    }
    return end >= n;
  };
  if (!fill(24) || view.getUint32(0, true) !== 0xa1b2c3d4 || view.getUint32(20, true) !== 1) {
    throw new Error(`${path}: not a little-endian Ethernet pcap`);
  }
  pos = 24;
  const d = new Layers();
  const perKind = new Float64Array(NAMES.length);
  let frames = 0;
  let bytes = 0;
  let issues = 0;
  while (fill(16)) {
    const caplen = view.getUint32(pos + 8, true);
    if (caplen > MAX_CAPLEN) throw new Error(`${path}: record at ${pos}: caplen ${caplen} too large`);
    if (!fill(16 + caplen)) break;
    const o = pos + 16;
    d.count = 0;
    d.issue = 0;
    ethernet(d, buf, o, o + caplen, 0);
    for (let i = 0; i < d.count; i++) perKind[d.kinds[i]!]!++;
    issues += d.issue;
    frames++;
    bytes += caplen;
    pos = o + caplen;
  }
  closeSync(fd);
  const kinds = NAMES.map((n, i) => `${n} ${perKind[i]}`).join(', ');
  process.stdout.write(`frames ${frames}, bytes ${bytes}\nprotocols: ${kinds}\nissues: ${issues}\n`);
}

main(process.argv[2]);
