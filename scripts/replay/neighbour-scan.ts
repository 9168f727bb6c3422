/**
 * Writes a neighbour scan (D7, issue 11): pings from 2001:db8:1::1 (behind eth0 of
 * fixtures/routing/router-v6.yaml) to `count` distinct on-link addresses 2001:db8:2::N, 1 µs
 * apart, so every frame needs a new neighbour entry on eth1. The shape of
 * ../shared/repro/robustness/replay-neighbour-flood-quadratic/flood-*.pcap.
 *
 *   node dist/scripts/replay/neighbour-scan.js COUNT OUT.pcap [GAP_MICROSECONDS, default 1]
 *   /usr/bin/time -v node bin/pcapverdict.js replay fixtures/routing/router-v6.yaml --capture OUT.pcap --format count
 */
import { PcapWriter } from '../../src/capture/pcap-writer';
import { LINKTYPE } from '../../src/capture/link-type';
import { formatIpv6 } from '../../src/addr/ipv6';
import { ETHERTYPE, ethernet, icmpv6, IPPROTO, ipv6 } from '../../src/wire/frame-builder';
import { ICMPV6_TYPE } from '../../src/wire/icmpv6';

const HOST_MAC = '02:00:00:00:01:01';
const ROUTER_MAC = '02:00:00:00:01:fe';
const SOURCE = '2001:db8:1::1';

/** The i-th scanned address: 2001:db8:2::/64 with `i + 65536` in the low 32 bits (never the router's ::fe). */
export function scanAddress(i: number): string {
  const b = new Uint8Array(16);
  b.set([0x20, 0x01, 0x0d, 0xb8, 0, 2]);
  const x = i + 65536;
  b[12] = (x >>> 24) & 0xff;
  b[13] = (x >>> 16) & 0xff;
  b[14] = (x >>> 8) & 0xff;
  b[15] = x & 0xff;
  return formatIpv6(b, 0);
}

/** Writes `count` pings to distinct addresses, `gapUs` µs apart, to `path` (pcap, microseconds). */
export function writeNeighbourScan(path: string, count: number, gapUs = 1): void {
  const w = new PcapWriter(path, { linkType: LINKTYPE.ETHERNET });
  for (let i = 0; i < count; i++) {
    const pseudo = { src: SOURCE, dst: scanAddress(i) };
    const echo = icmpv6(ICMPV6_TYPE.ECHO_REQUEST, 0, new Uint8Array([0, 1, (i >>> 8) & 0xff, i & 0xff]), pseudo);
    const frame = ethernet(ROUTER_MAC, HOST_MAC, ETHERTYPE.IPV6, ipv6({ ...pseudo, nextHeader: IPPROTO.ICMPV6 }, echo));
    const us = i * gapUs;
    w.write(frame, 1_700_000_000 + Math.floor(us / 1e6), (us % 1e6) * 1000);
  }
  w.close();
}

function main(args: readonly string[]): number {
  const count = Number(args[0]);
  const out = args[1];
  const gap = Number(args[2] ?? 1);
  if (!Number.isInteger(count) || count < 1 || out === undefined || !Number.isInteger(gap) || gap < 1) {
    process.stderr.write('usage: neighbour-scan COUNT OUT.pcap [GAP_MICROSECONDS]\n');
    return 2;
  }
  writeNeighbourScan(out, count, gap);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
