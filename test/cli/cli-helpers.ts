import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { ETHERTYPE, ethernet, IPPROTO, ipv4, udp } from '../../src/wire/frame-builder';

/**
 * What the CLI tests share: the binary as a user runs it (from dist/, built by npm test), a
 * three-frame capture and the two-port router that replays it.
 */
export const BIN = join(__dirname, '..', '..', 'bin', 'pcapverdict.js');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * The test's own environment without `CI`: CI runs the suite with `CI=true`, under which
 * `check` refuses `--update`; a test of CI's behaviour sets it itself.
 */
export function envWithoutCi(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CI;
  return env;
}

/**
 * Runs the CLI; `env` replaces the environment (`undefined`: envWithoutCi()); after
 * `timeoutMs` the child is killed (status null), so a run that would loop fails the test.
 */
export function runCli(args: readonly string[], cwd?: string, env: NodeJS.ProcessEnv = envWithoutCi(), timeoutMs?: number): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, ...(cwd === undefined ? {} : { cwd }), ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What a child CLI cost: peak resident memory and CPU time (user + system). */
export interface CliUsage {
  maxRssKb: number;
  cpuMs: number;
}

/**
 * Runs the CLI with `child-hooks.js` preloaded: `fault` ("replay/build-stack:buildStack")
 * makes that export throw, as a bug there would; the run's peak RSS and CPU time come back
 * (CPU, not wall time, so a loaded machine does not fail the test).
 */
export function runCliMeasured(args: readonly string[], opts: { cwd?: string; fault?: string; env?: NodeJS.ProcessEnv } = {}): CliRun & { usage: CliUsage } {
  const usageFile = join(mkdtempSync(join(tmpdir(), 'pcapverdict-usage-')), 'usage.json');
  const env = { ...(opts.env ?? envWithoutCi()), PCAPVERDICT_TEST_USAGE: usageFile, ...(opts.fault === undefined ? {} : { PCAPVERDICT_TEST_FAULT: opts.fault }) };
  const r = spawnSync(process.execPath, ['-r', join(__dirname, 'child-hooks.js'), BIN, ...args], { encoding: 'utf8', env, ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) });
  return { code: r.status, out: r.stdout, err: r.stderr, usage: JSON.parse(readFileSync(usageFile, 'utf8')) as CliUsage };
}

/** Three UDP frames from 192.0.2.1 to 198.51.100.2 with TTL 64, 1, 64, a second apart. */
export function writeThreeFrames(path: string): void {
  const w = new PcapWriter(path, { linkType: 1 });
  for (const [i, ttl] of [64, 1, 64].entries()) {
    w.write(ethernet('02:00:00:00:01:fe', '02:00:00:00:00:01', ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP, ttl }, udp(1000, 2000, new Uint8Array(8)))), 1700000000 + i, 0);
  }
  w.close();
}

export interface RouterFixtureOptions {
  readonly capture?: string;
  readonly description?: string;
  /** The fixture's `ingress:` block. */
  readonly ingress?: string;
  /** IPv6 forwarding, addresses and a neighbour too. */
  readonly dualStack?: boolean;
}

/**
 * A two-port router with static neighbours (host A 192.0.2.1 behind eth0, 198.51.100.2 behind
 * eth1), for captures beside the fixture; the text ends in its setup, so a test can append
 * setup lines or other keys.
 */
export function routerFixture(o: RouterFixtureOptions = {}): string {
  const v6 = o.dualStack === true;
  return `description: ${o.description ?? 'a two-port router'}
capture: ${o.capture ?? 'three.pcap'}
ports:
  - { name: eth0, mac: "02:00:00:00:01:fe" }
  - { name: eth1, mac: "02:00:00:00:02:fe" }
${o.ingress ?? 'ingress: { default: eth0 }'}
setup: |
  sysctl -w net.ipv4.ip_forward=1
${v6 ? '  sysctl -w net.ipv6.conf.all.forwarding=1\n' : ''}  ip link set eth0 up
  ip link set eth1 up
  ip address add 192.0.2.254/24 dev eth0
  ip address add 198.51.100.254/24 dev eth1
${v6 ? '  ip address add 2001:db8:1::fe/64 dev eth0\n  ip address add 2001:db8:2::fe/64 dev eth1\n' : ''}  ip neigh add 198.51.100.2 lladdr 02:00:00:00:02:02 dev eth1
  ip neigh add 192.0.2.1 lladdr 02:00:00:00:00:01 dev eth0
${v6 ? '  ip neigh add 2001:db8:2::2 lladdr 02:00:00:00:02:02 dev eth1\n' : ''}`;
}

/** A two-port router with static neighbours for `three.pcap` (beside the fixture). */
export const ROUTER = routerFixture();

/** A temporary directory holding `three.pcap`, and a writer of fixtures into it. */
export function threeFrameDir(prefix: string): { readonly dir: string; readonly capture: string; readonly fixture: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const capture = join(dir, 'three.pcap');
  writeThreeFrames(capture);
  return {
    dir,
    capture,
    fixture: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
