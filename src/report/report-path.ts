import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { osError } from '../os-error';

/**
 * A report path (`--junit FILE`, `--out-pcap DIR`) that cannot be written: a usage error
 * (exit 2) with the option, the path and the OS's own words, e.g.
 * `cannot write --junit f/j.xml: ENOTDIR: not a directory`.
 */
export class ReportPathError extends Error {
  override readonly name = 'ReportPathError';

  constructor(
    readonly option: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${option} ${path}: ${reason}`);
  }
}

/** Runs a file operation for a report; a failure of the OS becomes a ReportPathError. */
export function reportFileOp<T>(option: string, path: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const words = osError(e);
    if (words === undefined) throw e;
    throw new ReportPathError(option, path, words);
  }
}

/**
 * Whether a report file can be written, found before anything runs by asking the OS (root
 * passes every `access` check, and /proc or a read-only mount answer only to the real call):
 * opened for appending, which creates it without touching what is there, and removed again
 * if it was created. A full device (/dev/full) only fails on the write itself.
 */
export function probeReportFile(option: string, path: string): void {
  reportFileOp(option, path, () => {
    const existed = statSync(path, { throwIfNoEntry: false }) !== undefined;
    closeSync(openSync(path, 'a'));
    if (!existed) unlinkSync(path);
  });
}

/**
 * `mkdir -p` for a report directory, one level at a time: Node's `mkdirSync(…, { recursive })`
 * loops for ever where mkdir(2) answers ENOENT under an existing parent (/proc/foo).
 */
export function makeReportDirectory(option: string, path: string): void {
  reportFileOp(option, path, () => {
    const missing: string[] = [];
    let dir = resolve(path);
    while (statSync(dir, { throwIfNoEntry: false }) === undefined) {
      missing.push(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const d of missing.reverse()) mkdirSync(d);
    if (!statSync(path).isDirectory()) {
      throw Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR' });
    }
  });
}
