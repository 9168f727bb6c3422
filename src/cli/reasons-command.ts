import type { Argv, CommandModule } from 'yargs';
import { Output } from '../report/output';
import { reasonsMarkdown, reasonsText } from '../report/reasons-doc';
import { EXIT } from './exit-codes';

interface ReasonsArgs {
  format: 'text' | 'markdown';
}

export const reasonsCommand: CommandModule<object, ReasonsArgs> = {
  command: 'reasons',
  describe: 'List the reason ids that trap and drop records carry, with what each means',
  builder: (y: Argv) =>
    y.option('format', { choices: ['text', 'markdown'] as const, default: 'text' as const, describe: 'markdown: the table of docs/reasons.md' }) as unknown as Argv<ReasonsArgs>,
  handler: (args) => {
    const out = new Output(1);
    if (args.format === 'markdown') out.line(reasonsMarkdown().trimEnd());
    else for (const l of reasonsText()) out.line(l);
    out.flush();
    process.exitCode = EXIT.OK;
  },
};
