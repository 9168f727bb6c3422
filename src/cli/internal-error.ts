import { EXIT } from './exit-codes';

/** Where a user reports a bug: the README section that says how (and what to include). */
const REPORT_AT = 'README.md, "Reporting a bug"';

/**
 * An exception no command expected is a bug in pcapverdict (DESIGN.md §1: only `load` and
 * `read` throw, and only typed errors for bad input). It is told in one line on stderr, with
 * the stack only when PCAPVERDICT_DEBUG=1, and ends the run with EX_SOFTWARE (70,
 * sysexits.h): never 1, which says the box's behaviour changed, nor 2, which blames the input.
 */
export function reportInternalError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const message = err.message.replace(/\s*\r?\n\s*/g, ' ');
  process.stderr.write(`pcapverdict: internal error: ${err.name}: ${message} (please report it: ${REPORT_AT})\n`);
  if (process.env.PCAPVERDICT_DEBUG === '1' && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
  return EXIT.INTERNAL;
}
