/**
 * A display filter that cannot be compiled. `reason` is the bare message (worded as
 * Wireshark words it where we mirror a Wireshark check), `column` the 1-based column of the
 * offending token in `filter` and `length` its length, so callers can add file and line
 * (`fixtures/x.yaml:12: column 14: ...`) or underline it as tshark does (`caret()`).
 */
export class FilterError extends Error {
  override readonly name = 'FilterError';

  constructor(
    readonly reason: string,
    readonly column: number,
    readonly filter: string,
    readonly length = 1,
  ) {
    super(`column ${column}: ${reason}`);
  }

  /** The filter and a caret line under the offending token, as tshark prints them. */
  caret(): string {
    const width = Math.max(1, this.length);
    return `${this.filter}\n${' '.repeat(this.column - 1)}^${'~'.repeat(width - 1)}`;
  }
}
