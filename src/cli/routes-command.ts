import type { Argv, CommandModule } from 'yargs';
import { loadFixture, onPlatform } from '../fixture/load-fixture';
import { Output } from '../report/output';
import { buildStack } from '../replay/build-stack';
import { replay } from '../replay/replay';
import { routeDump } from '../stack/fib/route-text';
import { onFixtureInput } from './bad-input';
import { EXIT } from './exit-codes';

interface RoutesArgs {
  fixture: string;
  platform: string | undefined;
  replay: boolean | undefined;
}

/**
 * `pcapverdict routes FIXTURE`: the box's routes as `ip route show table all` and
 * `ip -6 route show table all` print them, with the hardware flags a platform's driver set
 * (`rt_offload`, `rt_trap`, per-nexthop `offload`: M-1, F-3), after the setup, or after the
 * whole replay with `--replay` (neighbours learnt from traffic change the flags: M-5).
 */
export const routesCommand: CommandModule<object, RoutesArgs> = {
  command: 'routes <fixture>',
  describe: 'Print the routes of the box a fixture describes, with their hardware flags, as `ip route show table all` does',
  builder: (y: Argv) =>
    y
      .positional('fixture', { type: 'string', demandOption: true, describe: 'fixture file (YAML)' })
      .option('platform', { type: 'string', describe: 'one of the fixture\'s platforms (default: the first it names)' })
      .option('replay', { type: 'boolean', describe: 'after replaying the capture, not just after the setup' }) as unknown as Argv<RoutesArgs>,
  handler: (args) => {
    process.exitCode = runRoutes(args.fixture, args.platform, args.replay === true);
  },
};

function runRoutes(file: string, platform: string | undefined, afterReplay: boolean): number {
  const out = new Output(1);
  return onFixtureInput(out, () => {
    const loaded = loadFixture(file);
    const fixture = platform === undefined ? loaded : onPlatform(loaded, platform);
    const summary = afterReplay ? replay(fixture, () => undefined, { detail: false, routes: true }) : undefined;
    for (const l of summary?.routes ?? routeDump(buildStack(fixture, () => undefined).fib)) out.line(l);
    out.flush();
    // As replay prints them: a capture cut short, an event past the capture's end.
    for (const w of summary?.warnings ?? []) process.stderr.write(`warning: ${w.file}: ${w.message}\n`);
    return EXIT.OK;
  });
}
