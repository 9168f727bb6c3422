import { closeSync, openSync, readSync } from 'node:fs';
import { CaptureError } from './capture-error';
import { waitForPipe } from './pipe-wait';

const INITIAL_CHUNK = 1 << 20;

/**
 * A forward-only window over a file (or stdin) read in large chunks into one reused buffer.
 *
 * Readers ask for `fill(n)` bytes at the current position and read them straight out of
 * `buf` at `pos`; nothing is copied per record except the unread tail that is moved to the
 * front when the window slides. The buffer only grows when one record is larger than it,
 * and readers refuse records above a bound first, so memory stays flat whatever the file
 * size (issue 2: constant memory, linear time).
 */
export class ByteSource {
  buf: Uint8Array;
  view: DataView;
  /** Index in `buf` of the current position. */
  pos = 0;
  /** Index in `buf` one past the last valid byte. */
  private end = 0;
  /** File offset of `buf[0]`. */
  private base = 0;
  private eof = false;

  private constructor(
    private readonly fd: number,
    readonly name: string,
    private readonly ownsFd: boolean,
    chunk: number,
  ) {
    this.buf = new Uint8Array(chunk);
    this.view = new DataView(this.buf.buffer);
  }

  static open(path: string, chunk = INITIAL_CHUNK): ByteSource {
    if (path === '-') return new ByteSource(0, '<stdin>', false, chunk);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new CaptureError('io', path, 0, `cannot open: ${(e as Error).message}`);
    }
    return new ByteSource(fd, path, true, chunk);
  }

  /** File offset of the current position. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * Makes `n` bytes from the current position available in `buf[pos..pos+n)`.
   * Returns how many are available: `n`, or fewer only at end of input.
   */
  fill(n: number): number {
    if (this.end - this.pos >= n) return n;
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (n > this.buf.length) {
      let size = this.buf.length;
      while (size < n) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.buf.subarray(0, this.end));
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
    while (this.end < n && !this.eof) {
      const got = this.read(this.end);
      if (got === 0) this.eof = true;
      else this.end += got;
    }
    return Math.min(n, this.end);
  }

  /** Moves the position forward; the bytes must have been made available by `fill`. */
  skip(n: number): void {
    this.pos += n;
  }

  close(): void {
    if (this.ownsFd) closeSync(this.fd);
  }

  private read(at: number): number {
    for (;;) {
      try {
        return readSync(this.fd, this.buf, at, this.buf.length - at, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          waitForPipe();
          continue;
        }
        if (code === 'EOF') return 0;
        throw new CaptureError('io', this.name, this.offset, `read failed: ${(e as Error).message}`);
      }
    }
  }
}
