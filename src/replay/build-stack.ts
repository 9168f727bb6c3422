import { ipAddress } from '../addr/ip-prefix';
import { parseIpv6 } from '../addr/ipv6';
import { FixtureError, type Fixture } from '../fixture/load-fixture';
import { CommandRefusedError, executeCommand } from '../stack/commands/execute-command';
import type { SetupCommand } from '../stack/commands/command-types';
import { addAddress } from '../stack/control/addresses';
import { createLoopback, createPort, generatedMac, setLinkUp } from '../stack/control/links';
import { neighbourOps } from '../stack/datapath/neigh-output';
import { HeldRecords } from '../stack/held-records';
import { Stack } from '../stack/stack';
import type { OffloadDriver } from '../stack/offload-driver';
import { PLATFORMS } from '../stack/drivers/platforms';
import type { CommandRecord, RecordSink } from '../decision/records';

/**
 * A fresh box as a fixture describes it: `lo` up with 127.0.0.1/8 and ::1 (as on any running
 * system), the physical ports present and down, then the setup commands in order. The ports'
 * MACs are the fixture's, or derived from their ifindex. Setup's records go to `sink`, or wait
 * in it when it is a `HeldRecords`.
 */
export function buildStack(fixture: Fixture, sink: RecordSink | HeldRecords, drivers: (stack: Stack) => readonly OffloadDriver[] = (s) => PLATFORMS[fixture.platform]!(s, fixture.kernel)): Stack {
  const stack = new Stack(neighbourOps);
  // Drivers register first, as a switch driver probes before user space configures the box.
  stack.drivers.push(...drivers(stack));
  // What a running system had before the fixture's setup is not news: no records for it.
  const lo = createLoopback(stack);
  setLinkUp(stack, lo, true);
  addAddress(stack, lo, ipAddress(Uint8Array.of(127, 0, 0, 1)), 8, { scope: 'host' });
  addAddress(stack, lo, ipAddress(parseIpv6('::1')!), 128, { scope: 'host' });
  for (const p of fixture.ports) {
    const dev = createPort(stack, p.name, p.mac ?? new Uint8Array(6));
    if (p.mac === undefined) dev.setMac(generatedMac(dev.ifindex));
  }
  if (sink instanceof HeldRecords) {
    stack.held = sink;
    stack.sink = sink.sink;
  } else {
    stack.sink = sink;
  }
  runCommands(stack, fixture, fixture.setup);
  stack.held = undefined;
  return stack;
}

/**
 * Runs commands; a refusal becomes a fixture error at the offending word, except for a
 * `! COMMAND`, whose answer (refused or not) becomes a `command` record.
 */
export function runCommands(stack: Stack, fixture: Fixture, commands: Iterable<SetupCommand>): void {
  for (const cmd of commands) {
    if (cmd.kind === 'may-fail') {
      stack.sink(answerOf(stack, cmd.command, cmd.run));
      continue;
    }
    try {
      executeCommand(stack, cmd);
    } catch (e) {
      if (e instanceof CommandRefusedError) throw new FixtureError(fixture.file, e.line, e.column, e.reason);
      throw e;
    }
  }
}

function answerOf(stack: Stack, cmd: SetupCommand, run: string): CommandRecord {
  const after = stack.recordContext();
  try {
    const warning = executeCommand(stack, cmd);
    return { type: 'command', after, run, ...(warning === undefined ? {} : { warning }) };
  } catch (e) {
    if (e instanceof CommandRefusedError) return { type: 'command', after, run, refused: e.reason };
    throw e;
  }
}
