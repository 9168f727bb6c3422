import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture } from '../../src/capture/open-capture';
import { compileFilter, type FilterContext } from '../../src/filter';
import { DecodedFrame } from '../../src/wire/decoded-frame';
import { decodeBytes } from '../../src/wire/decode-frame';

export const PCAPS = join(__dirname, '..', '..', 'pcaps', 'decode');

/** One frame of a crafted capture, decoded into its own `DecodedFrame` over a copy of its bytes. */
export interface LoadedFrame {
  readonly number: number;
  readonly d: DecodedFrame;
  readonly ctx: FilterContext;
}

const cache = new Map<string, readonly LoadedFrame[]>();

/**
 * Every frame of `pcaps/decode/<file>`, with the frame context a caller would build: the
 * relative time from whole seconds and nanoseconds apart (a double of epoch seconds has only
 * microsecond resolution left), and the pcapng interface name and id.
 */
export function loadFrames(file: string): readonly LoadedFrame[] {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  const reader = openCapture(join(PCAPS, file));
  const out: LoadedFrame[] = [];
  let sec0 = 0;
  let nsec0 = 0;
  try {
    while (reader.next()) {
      const f = reader.frame;
      if (out.length === 0) {
        sec0 = f.tsSec;
        nsec0 = f.tsNsec;
      }
      const bytes = f.data.slice();
      const d = decodeBytes(bytes, 0, bytes.length, f.len, f.linkType, new DecodedFrame());
      const ctx: FilterContext = {
        number: f.number,
        timeRelative: f.tsSec - sec0 + (f.tsNsec - nsec0) / 1e9,
        interfaceName: f.ifname,
        interfaceId: f.iface,
        len: f.len,
        capLen: f.caplen,
      };
      out.push({ number: f.number, d, ctx });
    }
  } finally {
    reader.close();
  }
  cache.set(file, out);
  return out;
}

/** The numbers of the frames of `file` that `filter` matches. */
export function matching(file: string, filter: string): number[] {
  const f = compileFilter(filter);
  return loadFrames(file)
    .filter((fr) => f.matches(fr.d, fr.ctx))
    .map((fr) => fr.number);
}

/** The crafted captures (pcaps/README.md): every file of pcaps/decode, every link type. */
export const CRAFTED: readonly string[] = readdirSync(PCAPS)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .sort();
