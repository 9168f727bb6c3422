import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { osError } from '../os-error';

/**
 * Where a report goes (`--junit FILE`, `--out-pcap DIR`, the standard output) and it cannot
 * be written: exit 2 with the target and the OS's own words, e.g.
 * `cannot write --junit f/j.xml: ENOTDIR: not a directory`.
 */
export class ReportPathError extends Error {
  override readonly name = 'ReportPathError';

  constructor(
    /** `--junit f/j.xml`, `the standard output`. */
    readonly target: string,
    readonly reason: string,
  ) {
    super(`cannot write ${target}: ${reason}`);
  }
}

/** Runs a file operation for a report; a failure of the OS becomes a ReportPathError. */
export function reportFileOp<T>(option: string, path: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const words = osError(e);
    if (words === undefined) throw e;
    throw new ReportPathError(`${option} ${path}`, words);
  }
}

/**
 * A report file never goes where pcapverdict's inputs live: `check --junit fixtures/*.yaml`
 * (a shell glob after the option) would otherwise write the report over the first fixture.
 */
export function refuseInputPath(option: string, path: string): void {
  if (/\.(ya?ml|ndjson|pcap|pcapng|cap)$/i.test(path)) throw new ReportPathError(`${option} ${path}`, 'that is the name of a fixture, a golden or a capture, not of a report');
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
    if (!statSync(path).isDirectory()) throw new ReportPathError(`${option} ${path}`, 'ENOTDIR: not a directory');
  });
}
