import { KernelVersion } from '../../src/stack/drivers/kernel-version';
import type { ReplayRecord, FrameRecord, NotificationRecord } from '../../src/decision/records';
import type { Fixture, PortSpec } from '../../src/fixture/load-fixture';
import { buildStack, runCommands } from '../../src/replay/build-stack';
import { parseMac } from '../../src/addr/mac';
import { parseSetup } from '../../src/stack/commands';
import { receiveOnPort } from '../../src/stack/datapath/receive';
import { FrameOutcome } from '../../src/stack/frame-outcome';
import type { Stack } from '../../src/stack/stack';
import type { OffloadDriver } from '../../src/stack/offload-driver';

/** A box built from setup text, as a fixture would build it, with every record it emits. */
export interface TestBox {
  readonly stack: Stack;
  readonly records: ReplayRecord[];
  /** Runs more commands (like an event). */
  run(text: string): void;
  /** Sends one frame in on `port`; returns its frame record once decided and the records it caused. */
  receive(port: string, frame: Uint8Array, time?: number): { frame: FrameRecord | undefined; caused: ReplayRecord[] };
  /** Notification texts since the last call. */
  takeNotifications(): string[];
}

let frameNumber = 0;

export function box(setup: string, ports: readonly (string | { name: string; mac: string })[], drivers: (stack: Stack) => readonly OffloadDriver[] = () => []): TestBox {
  const specs: PortSpec[] = ports.map((p) => (typeof p === 'string' ? { name: p, mac: undefined } : { name: p.name, mac: parseMac(p.mac) }));
  const fixture: Fixture = {
    file: 'test.yaml',
    description: '',
    capture: '',
    platform: 'linux',
    platforms: ['linux'],
    kernel: KernelVersion.DEFAULT,
    ports: specs,
    ingress: { default: undefined, interfaces: {}, rules: [], skipOutbound: true },
    setup: parseSetup(setup),
    events: [],
    golden: undefined,
    expectations: [],
    raw: {},
  };
  const records: ReplayRecord[] = [];
  const stack = buildStack(fixture, (r) => records.push(r), drivers);
  let seen = 0;
  return {
    stack,
    records,
    run(text: string): void {
      stack.notificationContext = { event: text };
      runCommands(stack, fixture, parseSetup(text));
    },
    receive(port: string, data: Uint8Array, time?: number) {
      const n = ++frameNumber;
      const start = records.length;
      if (time !== undefined) stack.timers.advance(time);
      stack.notificationContext = 'frame';
      const t = Number.isFinite(stack.timers.now) ? stack.timers.now : 0;
      const outcome = new FrameOutcome(n, Math.floor(t), Math.round((t % 1) * 1e9), port, true, (o) => records.push(o.record()));
      stack.beginFrame(n);
      receiveOnPort(stack, stack.device(port)!, data, 0, data.length, outcome);
      stack.runBacklog();
      stack.beginFrame(undefined);
      if (outcome.pending === 0) outcome.settled();
      const caused = records.slice(start);
      return { frame: caused.find((r): r is FrameRecord => r.type === 'frame' && r.frame === n), caused: caused.filter((r) => r.type !== 'frame') };
    },
    takeNotifications(): string[] {
      const out = records.slice(seen).filter((r): r is NotificationRecord => r.type === 'notification').map((r) => r.text);
      seen = records.length;
      return out;
    },
  };
}
