/**
 * A golden that cannot be used: a line that is not a record (`line` ≥ 1), or a file that
 * cannot be read or written (`line` 0). Bad input (exit 2), not a mismatch.
 */
export class GoldenError extends Error {
  override readonly name = 'GoldenError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
  }
}

/** Runs a file operation on `file`; a failure becomes a GoldenError saying what could not be done. */
export function goldenFileOp<T>(file: string, what: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new GoldenError(file, 0, `cannot ${what}: ${code}`);
  }
}
