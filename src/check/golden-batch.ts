import { formatRelativeTime } from '../stack/frame-outcome';
import { FRAME_HEAD_PREFIX, FRAME_HEAD_TIME } from './canonical-record';

/**
 * The constant pieces of a frame head as little-endian 32-bit words, written with DataView
 * stores: about twice as fast as TypedArray#set for pieces this short, whose fixed cost is
 * most of a short copy. Unrolled: `{"type":"frame","frame":` is 24 bytes (6 words),
 * `,"time":"` is 9 (2 words and a `"`).
 */
function words(text: string, count: number): number[] {
  const b = Buffer.from(text, 'latin1');
  if (b.length !== count * 4 + (text === FRAME_HEAD_TIME ? 1 : 0)) throw new Error(`frame head piece ${JSON.stringify(text)} changed: update golden-batch.ts`);
  return Array.from({ length: count }, (_, k) => b.readUInt32LE(k * 4));
}
const [P0, P1, P2, P3, P4, P5] = words(FRAME_HEAD_PREFIX, 6) as [number, number, number, number, number, number];
const [T0, T1] = words(FRAME_HEAD_TIME, 2) as [number, number];
const PREFIX_LENGTH = 24;
const TIME_LENGTH = 9;
const NEWLINE = 0x0a;

/**
 * Golden lines as bytes, gathered into batches of about 64 KB that a reader takes whole:
 * the golden comparer checks a batch with one memcmp, the golden writer writes it with one
 * call. A frame line's head (frame number, time) is written digit by digit and its tail
 * (canonical-record.ts: the same string for a flow's frames) is encoded once: no string is
 * made per frame. The bytes are exactly `frameHead(...) + tail` in UTF-8 (a test holds it).
 */
export class GoldenBatch {
  bytes = Buffer.allocUnsafe(1 << 17);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  length = 0;
  lines = 0;
  private tailText = '';
  private tailBytes: Uint8Array = new Uint8Array(0);

  constructor(private readonly take: (b: GoldenBatch) => void) {}

  frame(frame: number, relSec: number, relNsec: number, tail: string): void {
    if (tail !== this.tailText) {
      this.tailText = tail;
      this.tailBytes = Buffer.from(tail, 'utf8');
    }
    let sec = relSec;
    let nsec = relNsec;
    if (nsec < 0 && sec > 0) {
      sec -= 1;
      nsec += 1e9;
    }
    if (sec < 0 || nsec < 0) {
      // A capture out of order: the rare negative time, written as text.
      this.line(`${FRAME_HEAD_PREFIX}${frame}${FRAME_HEAD_TIME}${formatRelativeTime(relSec, relNsec)}",${tail}`);
      return;
    }
    const t = this.tailBytes;
    this.room(PREFIX_LENGTH + TIME_LENGTH + 40 + t.length);
    const b = this.bytes;
    const v = this.view;
    let p = this.length;
    v.setUint32(p, P0, true);
    v.setUint32(p + 4, P1, true);
    v.setUint32(p + 8, P2, true);
    v.setUint32(p + 12, P3, true);
    v.setUint32(p + 16, P4, true);
    v.setUint32(p + 20, P5, true);
    p = writeDigits(b, p + PREFIX_LENGTH, frame);
    v.setUint32(p, T0, true);
    v.setUint32(p + 4, T1, true);
    b[p + 8] = 0x22;
    p = writeDigits(b, p + TIME_LENGTH, sec);
    b[p++] = 0x2e;
    // Below 2^31, as int32 (`| 0` first): V8 then divides by the constant with a multiply
    // instead of a floating-point division per digit.
    let x = nsec | 0;
    for (let k = 8; k >= 0; k--) {
      const q = (x / 10) | 0;
      b[p + k] = 0x30 + x - q * 10;
      x = q;
    }
    p += 9;
    b[p++] = 0x22;
    b[p++] = 0x2c;
    b.set(t, p);
    p += t.length;
    b[p++] = NEWLINE;
    this.length = p;
    this.lines++;
  }

  line(text: string): void {
    const n = Buffer.byteLength(text, 'utf8');
    this.room(n + 1);
    this.length += this.bytes.write(text, this.length, 'utf8');
    this.bytes[this.length++] = NEWLINE;
    this.lines++;
  }

  /** Hands what is gathered to the reader and starts a new batch. */
  flush(): void {
    if (this.lines > 0) this.take(this);
    this.length = 0;
    this.lines = 0;
  }

  text(): string {
    return this.bytes.toString('utf8', 0, this.length);
  }

  /** Makes room for `n` more bytes: hands the batch over once it is past 64 KB, grows for a longer line. */
  private room(n: number): void {
    if (this.length + n <= 1 << 16) return;
    this.flush();
    if (n > this.bytes.length) {
      this.bytes = Buffer.allocUnsafe(n * 2);
      this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    }
  }
}

/** A non-negative integer in decimal at `p`; returns the end. */
function writeDigits(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = 0x30 + v;
    return p + 1;
  }
  if (v > 0x7fffffff) {
    const text = String(v);
    for (let k = 0; k < text.length; k++) b[p + k] = text.charCodeAt(k);
    return p + text.length;
  }
  let digits = 1;
  for (let x = 10; x <= v; x *= 10) digits++;
  let x = v | 0;
  for (let k = digits - 1; k >= 0; k--) {
    const q = (x / 10) | 0;
    b[p + k] = 0x30 + x - q * 10;
    x = q;
  }
  return p + digits;
}
