import { closeSync, openSync, readSync } from 'node:fs';
import { goldenFileOp } from './golden-error';

/**
 * Reads a golden file line by line, synchronously, in large chunks, without decoding: the
 * replay pushes records one at a time and each is compared with the next line's bytes at
 * once (golden-compare.ts), in batches, so a golden of ten million lines is never held
 * whole and a matching line never becomes a string. A line or batch longer than the buffer
 * grows it.
 */
export class GoldenReader {
  /** 1-based number of the line last returned by `next`. */
  line = 0;
  /** The current line: `buf[start, end)`, without its newline; valid until the next `next`. */
  buf = Buffer.allocUnsafe(1 << 18);
  start = 0;
  end = 0;
  private readonly fd: number;
  /** Bytes in `buf` and where the next line starts. */
  private filled = 0;
  private pos = 0;
  private eof = false;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = goldenFileOp(file, 'read the golden', () => openSync(file, 'r'));
  }

  /** Moves to the next line; false at the end of the file. */
  next(): boolean {
    for (;;) {
      const nl = this.buf.indexOf(0x0a, this.pos);
      if (nl >= 0 && nl < this.filled) {
        this.start = this.pos;
        this.end = nl;
        this.pos = nl + 1;
        this.line++;
        return true;
      }
      if (this.eof) {
        if (this.pos >= this.filled) return false;
        // A last line without a newline still counts.
        this.start = this.pos;
        this.end = this.filled;
        this.pos = this.filled;
        this.line++;
        return true;
      }
      this.fill();
    }
  }

  /** The current line as text. */
  text(): string {
    return this.buf.toString('utf8', this.start, this.end);
  }

  /**
   * Consumes the next `bytes.length` bytes, holding `lines` lines, if they are exactly
   * `bytes`; otherwise consumes nothing. One compare for a batch of lines: a matching
   * golden is read at memcmp speed.
   */
  skipIfEqual(bytes: Uint8Array, lines: number): boolean {
    const n = bytes.length;
    while (this.filled - this.pos < n && !this.eof) this.fill();
    if (this.filled - this.pos < n) return false;
    if (Buffer.compare(bytes, this.buf.subarray(this.pos, this.pos + n)) !== 0) return false;
    this.pos += n;
    this.line += lines;
    return true;
  }

  /** Closes the file; again is a no-op (a failed compare closes it on its way out). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** Keeps the unread bytes, moved to the front (in a bigger buffer when a line fills it), and reads more. */
  private fill(): void {
    const rest = this.filled - this.pos;
    if (rest >= this.buf.length / 2) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, this.pos, this.filled);
      this.buf = bigger;
    } else this.buf.copy(this.buf, 0, this.pos, this.filled);
    this.filled = rest;
    this.pos = 0;
    const got = goldenFileOp(this.file, 'read the golden', () => readSync(this.fd, this.buf, this.filled, this.buf.length - this.filled, null));
    if (got === 0) this.eof = true;
    this.filled += got;
  }
}
