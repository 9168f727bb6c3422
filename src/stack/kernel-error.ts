/**
 * A command the kernel (or iproute2 before it) refuses, with the text the real tools print,
 * so that fixtures can test configuration sanitising (DESIGN.md §4). The command executor
 * adds the fixture file, line and column.
 */
export class KernelError extends Error {
  constructor(
    message: string,
    /** The errno name, for tests and docs (`EEXIST`, `EINVAL`, …). */
    readonly errno: string,
  ) {
    super(message);
    this.name = 'KernelError';
  }
}
