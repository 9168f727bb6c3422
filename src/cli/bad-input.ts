import { CaptureError } from '../capture/capture-error';
import { FixtureError } from '../fixture/load-fixture';
import type { Output } from '../report/output';
import { EXIT } from './exit-codes';

/**
 * Runs a command's body over a fixture and its capture: bad input (FixtureError,
 * CaptureError) ends it with what was printed so far, one `error:` line naming the file and
 * position, and exit 2 (DESIGN.md §7); anything else is a bug and is thrown.
 */
export function onFixtureInput(out: Output, body: () => number): number {
  try {
    return body();
  } catch (e) {
    out.flush();
    if (e instanceof FixtureError || e instanceof CaptureError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
}
