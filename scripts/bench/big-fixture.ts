import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * A fixture with a routing table the size of the internet's (about 1 M IPv4 and 200 k IPv6
 * prefixes in 2026): fixtures/routing/router-v4.yaml — its ports, ingress, setup, expectations
 * and recorded capture — with `routes4` IPv4 /24s and `routes6` IPv6 /48s added to the setup.
 * None of them covers an address of the capture, so every frame must decide as in router-v4
 * (its hand-written `expect:` entries still hold: the fixture is checkable, `golden: none`).
 *
 * The routes vary as a real table's do: most `via` one of two gateways; every 10th with a
 * metric, every 10th a device route, every 20th with `proto static`, every 50th ECMP over
 * both gateways with weights.
 *
 *   node dist/scripts/bench/big-fixture.js OUT.yaml ROUTES4 [ROUTES6]
 */

/** router-v4.yaml, from the compiled script (dist/scripts/bench) or its source (scripts/bench, in jest). */
const BASE = [resolve(__dirname, '..', '..', '..'), resolve(__dirname, '..', '..')]
  .map((root) => resolve(root, 'fixtures', 'routing', 'router-v4.yaml'))
  .find((f) => existsSync(f))!;

/** Gateways on router-v4's connected subnets: 192.0.2.0/24 on eth0, 198.51.100.0/25 on eth1. */
const GW4 = ['192.0.2.1', '198.51.100.7'] as const;
/** IPv6 needs a connected subnet for its gateways: one more address on eth1. */
const V6_ADDRESS = 'ip address add 2001:db8:ffff::fe/64 dev eth1';
const GW6 = ['2001:db8:ffff::1', '2001:db8:ffff::2'] as const;

/** 10.0.0.0/24, 10.0.1.0/24, … 10.255.255.0/24, then 11.0.0.0/24, …: 65 536 per first octet. */
export function prefix4(i: number): string {
  return `${10 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.0/24`;
}

/** 2001:db8:0::/48 … 2001:db8:ffff::/48, then 2001:db9:0::/48, …: 65 536 per second group. */
export function prefix6(i: number): string {
  return `2001:${(0xdb8 + (i >>> 16)).toString(16)}:${(i & 0xffff).toString(16)}::/48`;
}

/** The setup line adding route `i` of a family. */
export function routeLine(family: 4 | 6, i: number): string {
  const dst = family === 4 ? prefix4(i) : prefix6(i);
  const gw = family === 4 ? GW4 : GW6;
  if (i % 50 === 3) return `ip route add ${dst} nexthop via ${gw[0]} weight 3 nexthop via ${gw[1]}`;
  if (i % 10 === 1) return `ip route add ${dst} dev ${family === 4 ? 'eth0' : 'eth1'}`;
  let line = `ip route add ${dst} via ${gw[i & 1]}`;
  if (i % 10 === 2) line += ` metric ${100 + (i % 7)}`;
  if (i % 20 === 5) line += ' proto static';
  return line;
}

export interface BigFixtureOptions {
  readonly routes4: number;
  readonly routes6: number;
}

/** Writes the fixture to `file` line by line (never the whole text in memory). */
export function writeBigFixture(file: string, opts: BigFixtureOptions): void {
  const base = parse(readFileSync(BASE, 'utf8')) as Record<string, unknown>;
  const fd = openSync(file, 'w');
  let buf = '';
  const put = (line: string): void => {
    buf += line + '\n';
    if (buf.length > 1 << 16) {
      writeSync(fd, buf);
      buf = '';
    }
  };
  try {
    put(`description: ${JSON.stringify(`router-v4 with ${opts.routes4} IPv4 and ${opts.routes6} IPv6 routes more (scripts/bench/big-fixture.ts)`)}`);
    put(`capture: ${JSON.stringify(resolve(dirname(BASE), String(base.capture)))}`);
    for (const key of ['platform', 'ports', 'ingress', 'expect'] as const) put(`${key}: ${JSON.stringify(base[key])}`);
    put('golden: none');
    put('setup: |');
    for (const line of String(base.setup).trimEnd().split('\n')) put(`  ${line}`);
    if (opts.routes6 > 0) put(`  ${V6_ADDRESS}`);
    for (let i = 0; i < opts.routes4; i++) put(`  ${routeLine(4, i)}`);
    for (let i = 0; i < opts.routes6; i++) put(`  ${routeLine(6, i)}`);
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

if (require.main === module) {
  const [file, n4, n6] = process.argv.slice(2);
  if (file === undefined || n4 === undefined || !/^\d+$/.test(n4) || (n6 !== undefined && !/^\d+$/.test(n6))) {
    process.stderr.write('usage: node dist/scripts/bench/big-fixture.js OUT.yaml ROUTES4 [ROUTES6]\n');
    process.exit(2);
  }
  writeBigFixture(resolve(file), { routes4: Number(n4), routes6: Number(n6 ?? '0') });
}
