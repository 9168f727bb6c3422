/**
 * Mutations of a capture's frames for the replay fuzz (scripts/fuzz/replay-fuzz.ts): byte level
 * (bit flips, random bytes, truncation, length and type fields, appended bytes, ND and ARP
 * fields) and frame level (reorder, duplicate, drop, addresses from another frame, source and
 * destination swapped, timestamps, a frame of another fixture's capture). Each returns what it
 * did, or undefined when it found nothing to work on.
 */
import { internetChecksum } from '../../src/wire/checksum';
import type { Prng } from './prng';

export interface SeedFrame {
  data: Uint8Array;
  tsSec: number;
  tsNsec: number;
  len: number;
  /** Interface (index into the capture's interfaces). */
  iface: number;
  flags: number;
}

export const clone = (f: SeedFrame): SeedFrame => ({ ...f, data: f.data.slice() });

/** Offsets of length and type fields in Ethernet + IPv4/IPv6 + UDP/ICMP frames (untagged and one VLAN tag). */
const LENGTH_FIELDS = [12, 14 + 0, 14 + 2, 14 + 4, 16, 18, 18 + 2, 18 + 4, 14 + 20 + 4, 14 + 40 + 4, 14 + 40 + 24 + 1, 14 + 40 + 8 + 1, 18 + 20 + 4, 18 + 40 + 4];

/** A frame of another capture, for the splicing mutation. */
export interface FrameSource {
  readonly label: string;
  readonly capture: { readonly interfaces: readonly { readonly linkType: number }[]; readonly frames: readonly SeedFrame[] };
}

export type Mutation = (rng: Prng, frames: SeedFrame[], others: readonly FrameSource[]) => string | undefined;

export const MUTATIONS: readonly (readonly [string, Mutation])[] = [
  ['bit flips', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length === 0) return undefined;
    const n = 1 + rng.int(8);
    for (let i = 0; i < n; i++) f.data[rng.int(f.data.length)]! ^= 1 << rng.int(8);
    return `${n} bit flips`;
  }],
  ['random bytes', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length === 0) return undefined;
    const at = rng.int(f.data.length);
    const n = 1 + rng.int(4);
    for (let i = at; i < Math.min(f.data.length, at + n); i++) f.data[i] = rng.pick([0, 0xff, 0x80, 0x7f, rng.int(256)]);
    return `bytes at ${at}`;
  }],
  ['truncation', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const k = rng.int(f.data.length + 1);
    f.data = f.data.slice(0, k);
    // Cut by the snap length (len kept) or a short frame on the wire (len too).
    if (rng.next() < 0.5) f.len = k;
    return `truncated to ${k}`;
  }],
  ['length field', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const at = rng.next() < 0.7 ? rng.pick(LENGTH_FIELDS) : rng.int(Math.max(1, f.data.length));
    if (at + 2 > f.data.length) return undefined;
    const v = rng.pick([0, 1, 8, 20, 40, f.data.length - 14, f.data.length, f.data.length + 1, 0xffff, 0x8100, 0x86dd, 0x0800, 0x0806, rng.int(0x10000)]) & 0xffff;
    f.data[at] = v >> 8;
    f.data[at + 1] = v & 0xff;
    return `u16 ${v} at ${at}`;
  }],
  ['appended bytes', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const extra = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
    const d = new Uint8Array(f.data.length + extra.length);
    d.set(f.data);
    d.set(extra, f.data.length);
    f.data = d;
    f.len = Math.max(f.len, d.length);
    return `${extra.length} bytes appended`;
  }],
  ['reorder', (rng, fs) => {
    if (fs.length < 2) return undefined;
    const a = rng.int(fs.length);
    const b = rng.int(fs.length);
    if (rng.next() < 0.5) {
      // Frames move with their timestamps: the capture's clock steps backwards.
      [fs[a], fs[b]] = [fs[b]!, fs[a]!];
      return `frames ${a + 1} and ${b + 1} swapped`;
    }
    // Frames move, timestamps stay in place: a sequence the recording never had, in order.
    const [x, y] = [fs[a]!, fs[b]!];
    [x.data, y.data] = [y.data, x.data];
    [x.len, y.len] = [y.len, x.len];
    [x.iface, y.iface] = [y.iface, x.iface];
    return `contents of frames ${a + 1} and ${b + 1} swapped`;
  }],
  ['duplicate', (rng, fs) => {
    const i = rng.int(fs.length);
    const f = fs[i];
    if (f === undefined) return undefined;
    const n = 1 + rng.int(3);
    const at = rng.int(fs.length + 1);
    fs.splice(at, 0, ...Array.from({ length: n }, () => clone(f)));
    return `frame ${i + 1} ×${n} at ${at + 1}`;
  }],
  ['drop', (rng, fs) => {
    if (fs.length === 0) return undefined;
    const i = rng.int(fs.length);
    fs.splice(i, 1 + rng.int(3));
    return `frames from ${i + 1} dropped`;
  }],
  ['addresses from another frame', (rng, fs) => {
    const a = pickFrame(rng, fs);
    const b = pickFrame(rng, fs);
    if (a === undefined || b === undefined) return undefined;
    // MACs, or the IPv4 (26..34) / IPv6 (22..54) addresses of an untagged frame.
    const [from, to] = rng.pick([[0, 12], [0, 6], [6, 12], [26, 34], [22, 54], [22, 38], [38, 54]] as const);
    if (a.data.length < to || b.data.length < to) return undefined;
    a.data.set(b.data.subarray(from, to), from);
    return `bytes ${from}..${to} copied between frames`;
  }],
  ['source ⇄ destination', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined || f.data.length < 14) return undefined;
    swapRanges(f.data, 0, 6, 6);
    const type = (f.data[12]! << 8) | f.data[13]!;
    if (type === 0x0800 && f.data.length >= 34) swapRanges(f.data, 26, 30, 4);
    if (type === 0x86dd && f.data.length >= 54) swapRanges(f.data, 22, 38, 16);
    return 'source and destination swapped';
  }],
  ['timestamps', (rng, fs) => {
    const f = pickFrame(rng, fs);
    if (f === undefined) return undefined;
    const step = rng.pick([-3600, -1, 0, 1, 3, 30, 86400 * 365]);
    f.tsSec = Math.max(0, f.tsSec + step);
    f.tsNsec = rng.pick([0, 999_999_999, rng.int(1e9)]);
    return `timestamp ${step} s`;
  }],
  ['ND or ARP fields', (rng, fs) => {
    // The neighbour protocols drive most state: their flags, options and opcodes directly.
    const candidates = fs.filter((x) => isNd(x.data) || isArp(x.data));
    if (candidates.length === 0) return undefined;
    const f = rng.pick(candidates);
    const d = f.data;
    if (isArp(d)) {
      const what = rng.int(4);
      if (what === 0) d[21] = rng.pick([1, 2, 3, 0]);
      else if (what === 1) d.copyWithin(38, 28, 32); // target address = sender's: gratuitous
      else if (what === 2) for (let i = 22; i < 28; i++) d[i] = rng.int(256);
      else [d[18], d[19]] = [rng.pick([6, 0, 8]), rng.pick([4, 0, 16])];
      return `ARP field ${what}`;
    }
    const what = rng.int(4);
    if (what === 0) d[58] = rng.int(256); // NA flags R S O (and reserved bits)
    else if (what === 1) f.data = d.slice(0, 78); // no options: an NS without SLLAO, an NA without TLLA
    else if (d.length > 79 && what === 2) d[79] = rng.pick([0, 1, 2, 255]);
    else if (d.length > 78) d[78] = rng.pick([1, 2, 3, 14, 0]);
    return `ND field ${what}`;
  }],
  ['frame from another capture', (rng, fs, others) => {
    const o = rng.pick(others);
    const g = o.capture.frames.length === 0 ? undefined : clone(rng.pick(o.capture.frames));
    if (g === undefined || o.capture.interfaces[g.iface]?.linkType !== 1) return undefined;
    const at = rng.int(fs.length + 1);
    const near = fs[Math.min(at, fs.length - 1)];
    g.iface = near?.iface ?? 0;
    if (near !== undefined) [g.tsSec, g.tsNsec] = [near.tsSec, near.tsNsec];
    fs.splice(at, 0, g);
    return `a frame of ${o.label} at ${at + 1}`;
  }],
];

function isArp(d: Uint8Array): boolean {
  return d.length >= 42 && d[12] === 0x08 && d[13] === 0x06;
}

/** An untagged IPv6 NS, NA or redirect (ICMPv6 right after the fixed header). */
function isNd(d: Uint8Array): boolean {
  return d.length >= 78 && d[12] === 0x86 && d[13] === 0xdd && d[20] === 58 && (d[54] === 135 || d[54] === 136 || d[54] === 137);
}

/** Puts right the header checksum of an untagged IPv4 frame, so header mutations get past `ip_rcv_core`. */
export function fixIpv4Checksum(d: Uint8Array): void {
  if (d.length < 34 || d[12] !== 0x08 || d[13] !== 0x00) return;
  const ihl = (d[14]! & 0x0f) * 4;
  if (ihl < 20 || 14 + ihl > d.length) return;
  d[24] = 0;
  d[25] = 0;
  const sum = internetChecksum(d, 14, 14 + ihl);
  d[24] = sum >> 8;
  d[25] = sum & 0xff;
}

function pickFrame(rng: Prng, fs: readonly SeedFrame[]): SeedFrame | undefined {
  return fs.length === 0 ? undefined : fs[rng.int(fs.length)];
}

function swapRanges(b: Uint8Array, x: number, y: number, n: number): void {
  for (let i = 0; i < n; i++) [b[x + i], b[y + i]] = [b[y + i]!, b[x + i]!];
}
