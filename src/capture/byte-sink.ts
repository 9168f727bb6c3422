import { closeSync, openSync, writeSync } from 'node:fs';
import { waitForPipe } from './pipe-wait';

/**
 * Buffered, synchronous output to a file (or stdout with `-`): writers fill one reused
 * chunk and flush it whole, so writing millions of records costs few system calls and no
 * per-record allocation.
 */
export class ByteSink {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;
  private readonly fd: number;
  private readonly ownsFd: boolean;

  constructor(path: string, chunk = 1 << 20) {
    this.buf = new Uint8Array(chunk);
    this.view = new DataView(this.buf.buffer);
    this.ownsFd = path !== '-';
    this.fd = this.ownsFd ? openSync(path, 'w') : 1;
  }

  /** Makes room for `n` contiguous bytes at `pos` (flushing first if needed). */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
    if (n > this.buf.length) throw new RangeError(`record of ${n} bytes exceeds the ${this.buf.length}-byte write buffer`);
  }

  flush(): void {
    let done = 0;
    while (done < this.pos) {
      try {
        done += writeSync(this.fd, this.buf, done, this.pos - done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        waitForPipe();
      }
    }
    this.pos = 0;
  }

  close(): void {
    this.flush();
    if (this.ownsFd) closeSync(this.fd);
  }
}
