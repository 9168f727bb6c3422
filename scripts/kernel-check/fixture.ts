/**
 * The parts of a fixture the kernel check needs: ports, setup text, timeline events and
 * the capture. Read with the `yaml` package; only this and `readFixtureFile` touch files.
 *
 * Which fixtures the real kernel can check (`whyNotKernelCheckable`): the answer is derived
 * from the fixture itself, so no fixture needs a marker. An optional `kernel_check: false`
 * opts a fixture out (say, one whose point is timing the harness cannot reproduce); with
 * `kernel_check: true` a fixture that is not checkable is an error in `--all`, not a skip.
 * Otherwise a fixture is kernel-checkable when
 *   1. `platform: linux` (a switchdev driver model cannot be checked without its ASIC), and
 *   2. every command of its setup and events is one the harness can run in a namespace:
 *      `ip …`, `bridge …`, `sysctl …` (not `devlink`, which needs a device), and
 *   3. every link kind its setup creates (`ip link add … type KIND`) is one this kernel
 *      can create in a namespace (probed at run time; on the 6.18 sandbox veth, bridge,
 *      macvlan, macvtap and vxlan work, dummy, vlan, ipvlan, bond and netdevsim do not).
 * So `--all fixtures/` picks exactly the fixtures that are meaningful on this machine and
 * says for each other one why it was left out.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export type EventAt = { readonly frame: number } | { readonly time: number };

export interface FixtureEvent {
  readonly at: EventAt;
  readonly run: string;
}

export interface KernelFixture {
  readonly file: string;
  readonly description: string;
  /** Absolute path of the capture. */
  readonly capture: string;
  readonly platform: string;
  readonly ports: readonly string[];
  /** Port name -> MAC (`ports: [{ name: eth0, mac: … }]`), for the ports that give one. */
  readonly portMacs: Readonly<Record<string, string>>;
  /** The fixture's `kernel_check` key: false opts out, true insists; undefined decides by itself. */
  readonly kernelCheck: boolean | undefined;
  readonly setup: string;
  readonly events: readonly FixtureEvent[];
}

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'FixtureError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readFixtureFile(file: string): KernelFixture {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FixtureError(file, (e as Error).message);
  }
  return parseFixture(file, text);
}

/** Parses fixture text; `file` names it in errors and anchors the relative capture path. */
export function parseFixture(file: string, text: string): KernelFixture {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new FixtureError(file, `not YAML: ${(e as Error).message}`);
  }
  if (!isRecord(doc)) throw new FixtureError(file, 'not a mapping');
  const capture = doc['capture'];
  if (typeof capture !== 'string') throw new FixtureError(file, 'no capture');
  const rawPorts = doc['ports'];
  if (!Array.isArray(rawPorts) || rawPorts.length === 0) throw new FixtureError(file, 'ports must be a non-empty list of names');
  const ports: string[] = [];
  const portMacs: Record<string, string> = {};
  for (const p of rawPorts as unknown[]) {
    // `eth0`, or `{ name: eth0, mac: 02:00:00:00:01:fe }` (src/fixture/load-fixture.ts).
    const name = typeof p === 'string' ? p : isRecord(p) && typeof p['name'] === 'string' ? p['name'] : undefined;
    if (name === undefined || !/^[A-Za-z0-9_.-]{1,15}$/.test(name)) throw new FixtureError(file, `port ${JSON.stringify(p)} is not a netdev name`);
    ports.push(name);
    if (isRecord(p) && p['mac'] !== undefined) {
      const mac = String(p['mac']);
      if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac)) throw new FixtureError(file, `port ${name}: ${mac} is not a MAC address`);
      portMacs[name] = mac.toLowerCase();
    }
  }
  const setup = doc['setup'] ?? '';
  if (typeof setup !== 'string') throw new FixtureError(file, 'setup must be text');
  const events: FixtureEvent[] = [];
  const rawEvents = doc['events'] ?? [];
  if (!Array.isArray(rawEvents)) throw new FixtureError(file, 'events must be a list');
  rawEvents.forEach((e: unknown, i) => {
    if (!isRecord(e) || typeof e['run'] !== 'string' || !isRecord(e['at'])) throw new FixtureError(file, `events[${i}] needs at and run`);
    const at = e['at'];
    const frame = at['frame'];
    const time = at['time'];
    if (typeof frame === 'number' && Number.isInteger(frame) && frame >= 1) events.push({ at: { frame }, run: e['run'] });
    else if (typeof time === 'number' && time >= 0) events.push({ at: { time }, run: e['run'] });
    else throw new FixtureError(file, `events[${i}].at needs frame (>= 1) or time (seconds)`);
  });
  const description = doc['description'];
  const platform = doc['platform'];
  const kernelCheck = doc['kernel_check'];
  if (kernelCheck !== undefined && typeof kernelCheck !== 'boolean') throw new FixtureError(file, 'kernel_check is true or false');
  return {
    file,
    description: typeof description === 'string' ? description.trim() : '',
    capture: resolve(dirname(file), capture),
    // A fixture on several platforms is checked on its linux variant (a driver model needs its ASIC).
    platform: typeof platform === 'string' ? platform : Array.isArray(platform) && platform.includes('linux') ? 'linux' : String(platform),
    ports,
    portMacs,
    kernelCheck,
    setup,
    events,
  };
}

/** Setup text as commands: comments and blank lines dropped, `\` continuations joined. */
export function setupCommands(setup: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of setup.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const full = (pending + line.trim()).trim();
    pending = '';
    if (full === '' || full.startsWith('#')) continue;
    out.push(full);
  }
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}

const RUNNABLE = new Set(['ip', 'bridge', 'sysctl']);

/** Link kinds the setup creates with `ip link add … type KIND`. */
export function linkKinds(commands: readonly string[]): string[] {
  const kinds = new Set<string>();
  for (const c of commands) {
    const words = c.split(/\s+/);
    if (words[0] !== 'ip') continue;
    const rest = words.slice(1).filter((w) => !w.startsWith('-'));
    if (!/^l(i(n(k)?)?)?$/.test(rest[0] ?? '') || !/^a(d(d)?)?$/.test(rest[1] ?? '')) continue;
    const t = words.indexOf('type');
    const kind = t >= 0 ? words[t + 1] : undefined;
    if (kind !== undefined) kinds.add(kind);
  }
  return [...kinds].sort();
}

/**
 * Why the real kernel cannot check this fixture here, or undefined when it can.
 * `creatable(kind)` says whether this kernel can create a link of that kind.
 */
export function whyNotKernelCheckable(f: KernelFixture, creatable: (kind: string) => boolean): string | undefined {
  if (f.kernelCheck === false) return 'kernel_check: false';
  if (f.platform !== 'linux') return `platform ${f.platform}: only platform linux has no driver model`;
  const commands = [...setupCommands(f.setup), ...f.events.map((e) => e.run)];
  for (const c of commands) {
    // `! COMMAND` may be refused: the harness runs COMMAND and records the answer.
    const tool = c.replace(/^!\s+/, '').split(/\s+/)[0] ?? '';
    if (!RUNNABLE.has(tool)) return `command "${tool}" is not one the harness runs (ip, bridge, sysctl): ${c}`;
  }
  for (const kind of linkKinds(commands)) {
    if (!creatable(kind)) return `this kernel cannot create a ${kind} link in a namespace`;
  }
  return undefined;
}
