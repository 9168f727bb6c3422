/**
 * Adds packet directions (pcapng `epb_flags`: 1 inbound, 2 outbound) to a capture recorded
 * by dumpcap on the DUT's ports, which writes none.
 *
 *   node dist/scripts/capture/record/mark-directions.js FULL.pcapng OUT.pcapng \
 *        PORT=INBOUND.pcap [PORT=INBOUND.pcap ...] [--describe PORT=TEXT ...]
 *
 * FULL is dumpcap's multi-interface capture (`dumpcap -i eth0 -i eth1`, both directions);
 * each INBOUND file is `tcpdump -Q in --time-stamp-precision=nano -i PORT` run beside it,
 * i.e. exactly the frames that arrived at that port. A frame of FULL on PORT is inbound when
 * the same bytes are in PORT's inbound file within 1 ms of its timestamp (both tools stamp
 * the same skb, so the times are in practice equal), else outbound. Frames are written in
 * timestamp order (see below); interface names and order, timestamps to the nanosecond and
 * bytes are copied unchanged.
 *
 * Why: on a bridge the frames the DUT floods out keep the sender's source MAC, so fixture
 * rules on `eth.src` cannot tell them from frames arriving; the direction flag can.
 */
import { openCapture } from '../../../src/capture/open-capture';
import { PcapngWriter } from '../../../src/capture/pcapng-writer';

const TOLERANCE_NS = 1_000_000n;

function hexOf(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

interface Args {
  full: string;
  out: string;
  inbound: Map<string, string>;
  describe: Map<string, string>;
}

function parseArgs(argv: readonly string[]): Args {
  const pos: string[] = [];
  const inbound = new Map<string, string>();
  const describe = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--describe') {
      const v = argv[++i];
      const eq = v?.indexOf('=') ?? -1;
      if (v === undefined || eq < 1) throw new Error('--describe needs PORT=TEXT');
      describe.set(v.slice(0, eq), v.slice(eq + 1));
    } else if (pos.length >= 2) {
      const eq = a.indexOf('=');
      if (eq < 1) throw new Error(`expected PORT=INBOUND.pcap, got ${a}`);
      inbound.set(a.slice(0, eq), a.slice(eq + 1));
    } else pos.push(a);
  }
  if (pos.length < 2 || inbound.size === 0) throw new Error('usage: mark-directions FULL.pcapng OUT.pcapng PORT=INBOUND.pcap... [--describe PORT=TEXT]');
  return { full: pos[0]!, out: pos[1]!, inbound, describe };
}

/** key `port|hex` -> timestamps (ns) of the inbound frames not matched yet. */
function loadInbound(inbound: Map<string, string>): Map<string, bigint[]> {
  const pending = new Map<string, bigint[]>();
  for (const [port, file] of inbound) {
    const r = openCapture(file);
    try {
      while (r.next()) {
        const key = `${port}|${hexOf(r.frame.data)}`;
        const list = pending.get(key);
        const ts = r.frame.ts ?? 0n;
        if (list === undefined) pending.set(key, [ts]);
        else list.push(ts);
      }
    } finally {
      r.close();
    }
  }
  return pending;
}

function main(argv: readonly string[]): void {
  const args = parseArgs(argv);
  const pending = loadInbound(args.inbound);
  const r = openCapture(args.full);
  const w = new PcapngWriter(args.out);
  const ids = new Map<string, number>();
  // Interfaces in the order the ports were given (the order of dumpcap's -i options).
  for (const port of args.inbound.keys()) {
    const description = args.describe.get(port);
    ids.set(port, w.addInterface({ linkType: 1, name: port, ...(description === undefined ? {} : { description }) }));
  }
  // dumpcap drains each interface's buffer in turn, so its file is not in time order
  // across interfaces (a forwarded frame can precede the frame that caused it). Replay
  // needs cause before effect: sort by timestamp (stable, so equal times keep file order).
  const frames: { port: string; linkType: number; data: Uint8Array; ts: bigint; tsSec: number; tsNsec: number; len: number }[] = [];
  try {
    while (r.next()) {
      const f = r.frame;
      frames.push({ port: f.ifname ?? `if${f.iface ?? 0}`, linkType: f.linkType, data: f.data.slice(), ts: f.ts ?? 0n, tsSec: f.tsSec, tsNsec: f.tsNsec, len: f.len });
    }
  } finally {
    r.close();
  }
  frames.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  let nIn = 0;
  let nOut = 0;
  try {
    for (const f of frames) {
      let id = ids.get(f.port);
      if (id === undefined) {
        id = w.addInterface({ linkType: f.linkType, name: f.port });
        ids.set(f.port, id);
      }
      const list = pending.get(`${f.port}|${hexOf(f.data)}`);
      const at = list === undefined ? -1 : list.findIndex((t) => (t > f.ts ? t - f.ts : f.ts - t) <= TOLERANCE_NS);
      let flags = 2;
      if (at >= 0) {
        list!.splice(at, 1);
        flags = 1;
        nIn++;
      } else nOut++;
      w.write(id, f.data, f.tsSec, f.tsNsec, { flags, ...(f.len > f.data.length ? { len: f.len } : {}) });
    }
  } finally {
    w.close();
  }
  let unmatched = 0;
  for (const list of pending.values()) unmatched += list.length;
  process.stdout.write(`${args.out}: ${nIn + nOut} frames, ${nIn} inbound, ${nOut} outbound\n`);
  if (unmatched > 0) {
    process.stderr.write(`warning: ${unmatched} inbound frame(s) seen by tcpdump are missing from ${args.full}\n`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`mark-directions: ${(e as Error).message}\n`);
  process.exit(2);
}
