/**
 * Replays a fixture's capture into the real kernel and records what happened to each frame.
 *
 * The DUT is a network namespace whose physical ports are veth ends named as the fixture's
 * ports; their peer ends are in a second namespace with IPv6 disabled and no addresses, so
 * they never speak. The fixture's setup lines run verbatim in the DUT (`sh -c LINE` under
 * `ip netns exec`), then the harness waits until DAD is over and the DUT has been quiet for
 * a while (MLD reports, …). A long-running Python helper (kernel-helper.py) in the peer
 * namespace sends each frame into the peer end of its ingress port and collects every
 * frame the DUT puts out of any port in the following window, with the deltas of the DUT's
 * per-netdev counters and of /proc/net/snmp, snmp6 and netstat.
 *
 * Sysctls the harness sets in the DUT besides the fixture's (HARNESS_SYSCTLS_ALWAYS, recorded
 * in the observations): it does not change what the DUT does with a frame it receives.
 *  - net.ipv6.conf.default.router_solicitations=0, before the ports exist (so every netdev
 *    inherits it): a host-mode DUT would otherwise send router solicitations for ever
 *    (default -1: retry with back-off), which land in frames' windows as noise.
 * The ICMP rate limits are left at the kernel's defaults on purpose. In fast mode (frames
 * back to back) a DUT that sends more errors to one source than the per-host bursts allow
 * (6 with icmp_ratelimit=1000, 5 for ip_error's route.error_cost) drops the rest; use
 * `--pace` for such captures. Setting icmp_ratelimit=0 does not help: the ICMP limiter
 * then zeroes the per-host tokens that ip_error (net and host unreachable) shares with it,
 * and those errors stop altogether (seen on 6.18 with router-v4: time exceeded, then no
 * net unreachable). The snmp counters IcmpOutRateLimitHost / IcmpOutRateLimitGlobal show it.
 * The DUT's `lo` is brought up before setup, as it is on every real box.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { formatMac } from '../../src/addr/mac';
import { openCapture } from '../../src/capture/open-capture';
import { generatedMac } from '../../src/stack/control/links';
import type { FixtureEvent, KernelFixture } from './fixture';
import { setupCommands } from './fixture';
import { keyFields } from './kernel-fields';
import { addNamespace, deleteNamespaces, inNamespace, must, run, SetupError, UnsupportedError } from './namespaces';
import type { CommandObservation, EventObservation, FrameObservation, KernelOut, Observations } from './records';

export const HARNESS_SYSCTLS_ALWAYS = ['net.ipv6.conf.default.router_solicitations=0'] as const;

export interface ObserveOptions {
  readonly fixture: KernelFixture;
  /** Frame number -> ingress port; frames not in it are not sent. */
  readonly ingress: ReadonlyMap<number, string>;
  /** Collection window after each frame (extended while frames keep coming, up to maxMs). */
  readonly windowMs?: number;
  readonly maxMs?: number;
  /** 'capture': wait between frames as the capture did (timers behave as recorded). */
  readonly pace?: 'fast' | 'capture';
  readonly log?: (line: string) => void;
}

/** The repository root: the nearest folder above this file with pcapverdict's package.json. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"pcapverdict"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the pcapverdict repository root');
    dir = up;
  }
}

function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

interface HelperReply {
  ok: boolean;
  error?: string;
  out?: { port: string; hex: string; pkttype: number }[];
  stray?: { port: string; hex: string; pkttype: number }[];
  links?: Record<string, Record<string, number>>;
  snmp?: Record<string, number>;
  quiet?: boolean;
}

/** The Python helper, fed one JSON request per line; answers come back in order. */
class Helper {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: ((r: HelperReply) => void)[] = [];
  private stderr = '';
  private exited = false;

  constructor(peerNs: string, dutNs: string, ports: readonly [string, string][]) {
    const script = join(repoRoot(), 'scripts', 'kernel-check', 'kernel-helper.py');
    const args = ['netns', 'exec', peerNs, python(), script, '--dut', dutNs, ...ports.flatMap(([p, peer]) => ['--port', `${p}=${peer}`])];
    this.proc = spawn('ip', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.proc.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w({ ok: false, error: `helper exited: ${this.stderr.trim()}` });
    });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      if (w === undefined) return;
      try {
        w(JSON.parse(line) as HelperReply);
      } catch {
        w({ ok: false, error: `helper said: ${line}` });
      }
    });
  }

  /** The first line the helper prints, once its sockets are open. */
  ready(): Promise<HelperReply> {
    return new Promise((res) => this.waiting.push(res));
  }

  request(req: Record<string, unknown>): Promise<HelperReply> {
    if (this.exited) return Promise.resolve({ ok: false, error: `helper exited: ${this.stderr.trim()}` });
    const p = new Promise<HelperReply>((res) => this.waiting.push(res));
    this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    return p;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      await this.request({ op: 'quit' });
      this.proc.stdin.end();
    }
  }

  kill(): void {
    if (!this.exited) this.proc.kill();
  }
}

interface CapturedToSend {
  readonly number: number;
  readonly bytes: Uint8Array;
  readonly time: string | undefined;
  /** Seconds since the capture's first frame. */
  readonly rel: number;
}

function readFramesToSend(capture: string, ingress: ReadonlyMap<number, string>): CapturedToSend[] {
  const r = openCapture(capture);
  const out: CapturedToSend[] = [];
  let first: bigint | undefined;
  try {
    while (r.next()) {
      const f = r.frame;
      const ts = f.ts;
      if (first === undefined && ts !== undefined) first = ts;
      if (!ingress.has(f.number)) continue;
      out.push({
        number: f.number,
        bytes: f.data.slice(),
        time: f.tsString(),
        rel: ts === undefined || first === undefined ? 0 : Number(ts - first) / 1e9,
      });
    }
  } finally {
    r.close();
  }
  return out;
}

function toKernelOut(list: readonly { port: string; hex: string }[] | undefined): KernelOut[] {
  return (list ?? []).map((o) => ({ port: o.port, fields: keyFields(Uint8Array.from(Buffer.from(o.hex, 'hex'))), hex: o.hex }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** Netdev name -> kind (veth, bridge, macvlan, loopback, …) in namespace `ns`. */
function deviceKinds(ns: string): Record<string, string> {
  const links = JSON.parse(must('ip', ['-n', ns, '-d', '-j', 'link', 'show'])) as {
    ifname: string;
    link_type?: string;
    linkinfo?: { info_kind?: string };
  }[];
  const out: Record<string, string> = {};
  for (const l of links) out[l.ifname] = l.linkinfo?.info_kind ?? (l.link_type === 'loopback' ? 'loopback' : (l.link_type ?? 'unknown'));
  return out;
}

async function waitForDad(ns: string, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  while (Date.now() < end) {
    const r = run('ip', ['-n', ns, '-6', 'address', 'show', 'tentative']);
    if (!r.ok || r.stdout.trim() === '') return;
    await sleep(100);
  }
}

/**
 * Builds the namespaces, applies the setup, replays, and returns the observations.
 * Throws SetupError when the box cannot be built or a setup line fails.
 */
export async function observeKernel(opts: ObserveOptions): Promise<Observations> {
  const { fixture } = opts;
  const log = opts.log ?? (() => undefined);
  const pace = opts.pace ?? 'fast';
  const windowMs = opts.windowMs ?? 30;
  const maxMs = opts.maxMs ?? 250;
  const frames = readFramesToSend(fixture.capture, opts.ingress);
  for (const f of frames) {
    const port = opts.ingress.get(f.number)!;
    if (!fixture.ports.includes(port)) throw new SetupError(`frame ${f.number}: ingress ${port} is not one of the fixture's ports (${fixture.ports.join(', ')})`);
  }
  const tag = `pvk2-kc${process.pid}`;
  const dut = `${tag}-dut`;
  const peer = `${tag}-peer`;
  const sysctls = [...HARNESS_SYSCTLS_ALWAYS];
  let helper: Helper | undefined;
  const onSignal = (): void => {
    helper?.kill();
    deleteNamespaces();
    process.exit(2);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    addNamespace(dut);
    addNamespace(peer);
    must('ip', ['netns', 'exec', peer, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'], 'disabling IPv6 in the peer namespace');
    must('ip', ['-n', dut, 'link', 'set', 'lo', 'up']);
    must('ip', ['netns', 'exec', dut, 'sysctl', '-qw', ...sysctls], 'harness sysctls in the DUT');
    const pairs: [string, string][] = fixture.ports.map((p, i) => [p, `pk${i}`]);
    pairs.forEach(([port, peerIf], i) => {
      // The fixture's MAC for the port, else the one the emulator gives it: generatedMac of
      // its ifindex (lo is 1, ports follow in order: src/replay/build-stack.ts).
      const mac = fixture.portMacs[port] ?? formatMac(generatedMac(i + 2), 0);
      must('ip', ['link', 'add', port, 'netns', dut, 'address', mac, 'type', 'veth', 'peer', 'name', peerIf, 'netns', peer], `creating port ${port}`);
      must('ip', ['-n', peer, 'link', 'set', peerIf, 'up']);
    });
    const commands: CommandObservation[] = [];
    for (const line of setupCommands(fixture.setup)) {
      if (line.startsWith('! ')) {
        // A command the fixture says may be refused: what the kernel answers is the observation.
        const r = inNamespace(dut, line.slice(2));
        commands.push({ run: line.slice(2).trim(), ok: r.ok, ...(r.ok ? {} : { stderr: r.stderr.trim() }) });
        continue;
      }
      const r = inNamespace(dut, line);
      if (!r.ok) {
        const msg = `setup line failed (exit ${r.status}): ${line}\n${r.stderr.trim()}`;
        // The kernel here lacks the feature (not the fixture's fault): --all skips it.
        if (/Operation not supported|Unknown device type|not supported/i.test(r.stderr)) throw new UnsupportedError(msg);
        throw new SetupError(msg);
      }
    }
    log(`setup applied (${setupCommands(fixture.setup).length} lines); waiting for the DUT to settle`);
    helper = new Helper(peer, dut, pairs);
    const ready = await helper.ready();
    if (!ready.ok) throw new SetupError(`kernel helper did not start: ${ready.error ?? ''}`);
    await waitForDad(dut, 5000);
    const settled = await helper.request({ op: 'settle', quiet_ms: 1200, max_ms: 15000 });
    if (!settled.ok) throw new SetupError(`settle failed: ${settled.error ?? ''}`);
    if (settled.quiet !== true) log('warning: the DUT never went quiet for 1.2 s during 15 s of settling');
    const settle = toKernelOut(settled.out);
    const devices = deviceKinds(dut);

    const pendingEvents = [...fixture.events];
    const events: EventObservation[] = [];
    const applyEvents = async (before: number, rel: number, all: boolean): Promise<void> => {
      for (let i = 0; i < pendingEvents.length; ) {
        const e: FixtureEvent = pendingEvents[i]!;
        const due = all || ('frame' in e.at ? e.at.frame <= before : e.at.time <= rel);
        if (!due) {
          i++;
          continue;
        }
        pendingEvents.splice(i, 1);
        const r = inNamespace(dut, e.run);
        log(`event before frame ${before}: ${e.run}${r.ok ? '' : ` (FAILED: ${r.stderr.trim()})`}`);
        const idle = await helper!.request({ op: 'idle', ms: Math.max(100, windowMs * 3) });
        events.push({ beforeFrame: before, run: e.run, ok: r.ok, ...(r.ok ? {} : { stderr: r.stderr.trim() }), out: toKernelOut(idle.out) });
      }
    };

    const observations: FrameObservation[] = [];
    const start = Date.now();
    for (const f of frames) {
      await applyEvents(f.number, f.rel, false);
      if (pace === 'capture') {
        const wait = start + f.rel * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
      }
      const port = opts.ingress.get(f.number)!;
      const r = await helper.request({ op: 'send', port, hex: Buffer.from(f.bytes).toString('hex'), window_ms: windowMs, quiet_ms: 10, max_ms: maxMs });
      if (!r.ok) {
        // A frame the kernel will not take from a packet socket (shorter than an Ethernet
        // header, longer than the MTU allows): kept as not sent, the run goes on.
        if (r.error?.startsWith('helper exited')) throw new SetupError(`frame ${f.number}: ${r.error}`);
        observations.push({ frame: f.number, ingress: port, ...(f.time === undefined ? {} : { time: f.time }), sent: keyFields(f.bytes), sendError: r.error ?? 'send failed', out: [], rxDelta: {}, snmp: {} });
        continue;
      }
      const rxDelta: Record<string, number> = {};
      const txDelta: Record<string, number> = {};
      const linkDelta: Record<string, number> = {};
      for (const [dev, d] of Object.entries(r.links ?? {})) {
        for (const [k, n] of Object.entries(d)) {
          if (k === 'rx_packets') rxDelta[dev] = n;
          else if (k === 'tx_packets') txDelta[dev] = n;
          else linkDelta[`${dev}.${k}`] = n;
        }
      }
      const stray = toKernelOut(r.stray);
      observations.push({
        frame: f.number,
        ingress: port,
        ...(f.time === undefined ? {} : { time: f.time }),
        sent: keyFields(f.bytes),
        out: toKernelOut(r.out),
        rxDelta,
        txDelta,
        linkDelta,
        snmp: r.snmp ?? {},
        ...(stray.length > 0 ? { stray } : {}),
      });
    }
    await applyEvents(Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY, true);
    await helper.close();
    return {
      fixture: fixture.file,
      kernel: release(),
      ports: fixture.ports,
      devices,
      harnessSysctls: sysctls,
      pace,
      windowMs,
      settle,
      frames: observations,
      events,
      commands,
    };
  } finally {
    helper?.kill();
    deleteNamespaces();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
