import yargs from 'yargs';
import { decodeCommand } from './decode-command';
import { EXIT } from './exit-codes';

/** The `pcapverdict` command line: an explicit list of command modules, strict parsing. */
export function main(argv: readonly string[]): void {
  void yargs(argv)
    .scriptName('pcapverdict')
    .command(decodeCommand)
    .demandCommand(1, 'name a command: decode')
    .strict()
    .help()
    .fail((msg, err, y) => {
      if (err !== undefined && err !== null) throw err;
      process.stderr.write(`${y.help === undefined ? '' : ''}error: ${msg}\nrun "pcapverdict --help" for usage\n`);
      process.exit(EXIT.BAD_INPUT);
    })
    .parse();
}
