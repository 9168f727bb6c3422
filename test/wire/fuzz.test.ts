import { craftedCaptures } from '../../scripts/capture/craft-pcaps';
import { LINKTYPE } from '../../src/capture/link-type';
import { DecodedFrame, MAX_LAYERS } from '../../src/wire/decoded-frame';
import { decodeBytes } from '../../src/wire/decode-frame';
import { collectFields } from '../../src/wire/frame-fields';
import { summarizeFrame } from '../../src/wire/summary';

// Bad packet bytes are data, never an exception (DESIGN.md §1). These tests feed the decoder
// random and mutated frames from a seeded generator, so a failure replays exactly; each
// failure names the link type and the frame's hex.

/** mulberry32: a small, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINK_TYPES: readonly number[] = [...Object.values(LINKTYPE), 147, 65535];
const d = new DecodedFrame();

/**
 * Decodes `frame` placed at `off` in a buffer filled with `fill` around it, checks the
 * result's shape, and returns everything a consumer can see of it.
 */
function inspect(frame: Uint8Array, len: number, linkType: number, off: number, fill: number, problems: string[]): string {
  const buf = new Uint8Array(off + frame.length + 7).fill(fill);
  buf.set(frame, off);
  try {
    decodeBytes(buf, off, frame.length, len, linkType, d);
    if (d.count > MAX_LAYERS) problems.push(`${d.count} layers`);
    for (let i = 0; i < d.count; i++) {
      const s = d.starts[i]!;
      const e = d.ends[i]!;
      if (s < off || s > e || e > off + frame.length) problems.push(`layer ${i} (${d.name(i)}) spans [${s - off}, ${e - off}) outside the frame`);
    }
    if (d.issue !== undefined && (d.issue.offset < 0 || d.issue.offset > frame.length)) problems.push(`issue offset ${d.issue.offset}`);
    const fields = collectFields(d);
    for (const [name, values] of Object.entries(fields)) {
      for (const v of values) {
        if (typeof v === 'number' ? !Number.isInteger(v) || v < 0 : /undefined|NaN/.test(v)) problems.push(`${name} = ${v}`);
      }
    }
    return JSON.stringify([d.protocols(), fields, d.issue, summarizeFrame(d).replace(/\[.*\]$/, '')]);
  } catch (err) {
    problems.push(`threw ${(err as Error).stack ?? String(err)}`);
    return '';
  }
}

/** Problems with one frame: a throw, layers or issues outside it, or fields read from outside its bytes. */
function check(frame: Uint8Array, len: number, linkType: number): string[] {
  const problems: string[] = [];
  const a = inspect(frame, len, linkType, 3, 0x00, problems);
  const b = inspect(frame, len, linkType, 5, 0xff, problems);
  // Other bytes around the frame, same result: nothing reads outside the captured bytes.
  if (a !== b) problems.push(`result depends on bytes outside the frame:\n  ${a}\n  ${b}`);
  return problems.map((p) => `link type ${linkType}, len ${len}, ${Buffer.from(frame).toString('hex')}: ${p}`);
}

const crafted = craftedCaptures().flatMap((c) =>
  c.frames.map((f) => ({ data: f.data, linkType: c.linkType ?? c.interfaces?.[f.iface ?? 0]?.linkType ?? LINKTYPE.ETHERNET })),
);

describe('decoding never throws', () => {
  test('random bytes of every length up to 300, under every link type, decode without throwing', () => {
    const rand = prng(0x5eed);
    const failures: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const size = Math.floor(rand() * 300);
      const frame = Uint8Array.from({ length: size }, () => Math.floor(rand() * 256));
      const len = rand() < 0.3 ? size + Math.floor(rand() * 100) : size;
      failures.push(...check(frame, len, LINK_TYPES[n % LINK_TYPES.length]!));
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  test('crafted frames with a few bytes changed, and cut at random points, decode without throwing', () => {
    const rand = prng(0xc0ffee);
    const failures: string[] = [];
    for (let n = 0; n < 5000; n++) {
      const { data, linkType } = crafted[n % crafted.length]!;
      const frame = data.slice();
      const changes = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < changes; k++) frame[Math.floor(rand() * frame.length)] = Math.floor(rand() * 256);
      const cut = rand() < 0.5 ? Math.floor(rand() * frame.length) : frame.length;
      failures.push(...check(frame.subarray(0, cut), frame.length, linkType));
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  test('crafted frames with any 16-bit word set to 0 or 0xffff (lengths, counts, offsets) decode without throwing', () => {
    const failures: string[] = [];
    for (const { data, linkType } of crafted) {
      for (const fill of [0x00, 0xff]) {
        for (let at = 0; at + 1 < data.length; at++) {
          const frame = data.slice();
          frame[at] = fill;
          frame[at + 1] = fill;
          failures.push(...check(frame, frame.length, linkType));
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
