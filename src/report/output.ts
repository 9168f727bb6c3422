import { writeSync } from 'node:fs';
import { osError } from '../os-error';
import { ReportPathError } from './report-path';

/**
 * Line-buffered output to a file descriptor: text accumulates in one string and is written
 * in large pieces, synchronously, so a million NDJSON lines cost a few hundred system
 * calls and the process can exit with the right code as soon as it is done.
 */
export class Output {
  private pending = '';

  constructor(private readonly fd: number = 1) {}

  line(text: string): void {
    this.pending += text + '\n';
    if (this.pending.length >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    let done = 0;
    while (done < data.length) {
      try {
        done += writeSync(this.fd, data, done, data.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') return; // reader went away (`| head`): stop quietly
        // A full disk or a device that takes nothing (`> /dev/full`): the user's output, not a bug.
        const words = osError(e);
        if (words === undefined) throw e;
        throw new ReportPathError(this.fd === 1 ? 'the standard output' : `file descriptor ${this.fd}`, words);
      }
    }
  }
}
