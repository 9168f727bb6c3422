/**
 * The one error the setup parser throws: where (1-based line and column in the fixture file),
 * and why. `reason` is iproute2's / procps' own message wherever the real tool refuses the same
 * words (docs/setup-language.md lists which ones were checked against the real binaries);
 * `hint` adds what pcapverdict supports when the words are valid for the real tool but outside
 * the documented subset.
 */
export class SetupSyntaxError extends Error {
  override readonly name = 'SetupSyntaxError';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly hint?: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}${hint === undefined ? '' : ` (${hint})`}`);
  }
}
