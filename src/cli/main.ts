import yargs from 'yargs';
import { checkCommand } from './check-command';
import { decodeCommand, STDIN_ARG } from './decode-command';
import { EXIT } from './exit-codes';
import { ReportPathError } from '../report/report-path';
import { reportInternalError } from './internal-error';
import { reasonsCommand } from './reasons-command';
import { replayCommand } from './replay-command';
import { routesCommand } from './routes-command';

/** The `pcapverdict` command line: an explicit list of command modules, strict parsing. */
export function main(argv: readonly string[]): void {
  // yargs drops a bare "-" positional; the readers take "-" as stdin, so carry it through
  // under a name yargs keeps and map it back in the command.
  // `check --update` alone means --update=new (jest's -u); yargs would take the next word as its value.
  try {
    void yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a === '--update' || a === '-u' ? '--update=new' : a)))
      .scriptName('pcapverdict')
      .command(decodeCommand)
      .command(replayCommand)
      .command(checkCommand)
      .command(reasonsCommand)
      .command(routesCommand)
      .demandCommand(1, 'name a command: decode, replay, check, reasons, routes')
      .strict()
      .help()
      .fail((msg, err) => {
        // A handler's exception comes here too: rethrown to the catch below, not to Node,
        // which would print the line it was thrown from (yargs' minified source, 64 KB).
        if (err !== undefined && err !== null) throw err;
        process.stderr.write(`error: ${msg.replace(/\s*\n\s*/g, ' ')}\nrun "pcapverdict --help" for usage\n`);
        process.exit(EXIT.BAD_INPUT);
      })
      .parse();
  } catch (e) {
    if (e instanceof ReportPathError) {
      // Output that cannot be written (stdout on a full disk) is the user's to fix.
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT.BAD_INPUT;
    } else process.exitCode = reportInternalError(e);
  }
}
