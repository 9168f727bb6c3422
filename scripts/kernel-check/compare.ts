/**
 * Compares what the real kernel did with each replayed frame (observations) with what the
 * emulator says it does (its NDJSON records). Pure: data in, a comparison out.
 *
 * Per frame N that was replayed:
 *  - Output. The multiset of frames the kernel put out of the DUT's ports while N was the
 *    last frame sent must equal the emulator's expected outputs for N's window (see
 *    `attribute`: N's own egress unless N was held in a neighbour queue, the egress of held
 *    frames N released, and the `generated` / `deferred` records emitted while N was
 *    processed). An expected frame matches a kernel frame on
 *    the same port whose fields include every field the emulator printed, with equal values
 *    (numbers compared as numbers, text case-insensitively).
 *  - Local delivery. Each upper netdev (not a port, not lo) the emulator names in `to`
 *    must have its rx_packets go up. An upper whose rx_packets went up but that `to` does
 *    not name is a difference when the emulator names some `to` or says forward (the
 *    kernel passed a copy up that the emulator does not). For a drop, an upper's rx going up
 *    alone is not a difference (its stack may have dropped the frame: the kernel counts rx
 *    first), but IPv4/IPv6 InDelivers going up is: the kernel delivered what the emulator
 *    drops.
 * Echo replies the DUT's own stack sends (ICMP echo reply, ICMPv6 echo reply) are none of the
 * emulator's `generated` kinds (arp_reply, arp_request, icmp_error, ndisc_na, ndisc_ns,
 * icmpv6_error): when the emulator does not predict them they are notes, not differences;
 * when it does (a generated record with matching fields), they match as any other frame.
 * So is the DUT's own IPv6 housekeeping (MLD reports, router solicitations, DAD probes),
 * which no frame causes and which follows a link coming up into whatever window is open.
 * Frames the kernel put out before a frame was sent (`stray`: late or timer-driven) and
 * frames put out after a timeline event are reported as notes, not differences: the
 * emulator's contract does not say which window they belong to.
 */
import { allFieldsOfHex } from './kernel-fields';
import type {
  CommandAnswer,
  CommandObservation,
  DeferredRecord,
  Egress,
  EmulatorRecord,
  FieldValue,
  Fields,
  FrameObservation,
  FrameRecord,
  GeneratedRecord,
  KernelOut,
  Observations,
  SkippedRecord,
} from './records';

export interface FrameComparison {
  readonly frame: number;
  /** The frame could not be sent into the kernel: neither agrees nor differs. */
  readonly notSent?: boolean;
  readonly ingress: string;
  /** One-line rendering of the emulator's decision. */
  readonly emulator: string;
  /** One-line rendering of what the kernel did. */
  readonly kernel: string;
  readonly agree: boolean;
  /** One line per difference, each saying what differs. */
  readonly differences: readonly string[];
}

export interface Comparison {
  readonly rows: readonly FrameComparison[];
  readonly agree: number;
  readonly differ: number;
  readonly notSent: number;
  /** Not counted as differences (stray frames, events, frames only one side knows). */
  readonly notes: readonly string[];
}

interface Expected {
  readonly port: string;
  readonly fields: Fields;
  /** Where the expectation comes from, for messages: "egress", "generated arp_reply", "deferred frame 3". */
  readonly source: string;
}

const DELIVERS = ['IpInDelivers', 'Ip6InDelivers'] as const;

/** What a frame the kernel put out is, in the emulator's `generated` kinds where one fits. */
export function outputKind(f: Fields): string {
  const n = (k: string): number | undefined => (f[k] === undefined ? undefined : asNumber(f[k]!));
  const arp = n('arp.opcode');
  if (arp === 1) return 'arp_request';
  if (arp === 2) return 'arp_reply';
  const icmp = n('icmp.type');
  if (icmp === 0) return 'icmp_echo_reply';
  if (icmp === 3 || icmp === 4 || icmp === 5 || icmp === 11 || icmp === 12) return 'icmp_error';
  const icmp6 = n('icmpv6.type');
  if (icmp6 === 129) return 'icmpv6_echo_reply';
  if (icmp6 !== undefined && icmp6 >= 1 && icmp6 <= 4) return 'icmpv6_error';
  if (icmp6 === 130 || icmp6 === 131 || icmp6 === 132 || icmp6 === 143) return 'mld';
  if (icmp6 === 133) return 'ndisc_rs';
  if (icmp6 === 135 && f['ipv6.src'] !== undefined && sameValue(f['ipv6.src'], '::')) return 'ndisc_dad';
  if (icmp6 === 135) return 'ndisc_ns';
  if (icmp6 === 136) return 'ndisc_na';
  return 'frame';
}

/** Host-stack answers no `generated` kind covers: a note when the emulator does not predict them. */
const UNMODELLED_KINDS = new Set(['icmp_echo_reply', 'icmpv6_echo_reply']);

/**
 * The DUT's own IPv6 housekeeping (MLD reports, router solicitations, DAD), which no
 * received frame causes: after a link comes up it lands in whichever window is open.
 * A note when the emulator does not predict it.
 */
const HOUSEKEEPING_KINDS = new Set(['mld', 'ndisc_rs', 'ndisc_dad']);

/**
 * Whether a kernel frame is the DUT's own answer to the frame sent (its IP source is the
 * address the sent frame was for), not a forwarded frame of the same kind. Without the sent
 * frame's fields, the echo-reply counters decide.
 */
function answersSent(o: FrameObservation, out: Fields): boolean {
  const sentDst = o.sent?.['ip.dst'] ?? o.sent?.['ipv6.dst'];
  const outSrc = out['ip.src'] ?? out['ipv6.src'];
  if (sentDst !== undefined && outSrc !== undefined) return sameValue(sentDst, outSrc);
  return (o.snmp['IcmpOutEchoReps'] ?? 0) > 0 || (o.snmp['Icmp6OutEchoReplies'] ?? 0) > 0;
}

/**
 * Whether a frame record waited in a neighbour queue: `pcapverdict replay` emits such a
 * record when the frame's fate is known, i.e. while a later frame is processed. Known by
 * its place (a record of a later frame came before it) or by its `meta['neigh.queued']`
 * (src/stack/neighbour.ts), which goldens keep too (they have no trace).
 */
function isHeld(f: FrameRecord, maxSeenBefore: number): boolean {
  if (f.frame < maxSeenBefore) return true;
  return f.meta?.['neigh.queued'] !== undefined || (f.trace ?? []).some((t) => typeof t === 'string' && /: queued$/.test(t));
}

/**
 * Groups the expected outputs by the window (frame number) they are expected in.
 *  - A frame's own egress: its window, unless the frame was held in a neighbour queue; then
 *    the window of the frame that released it, the next frame record in the stream that
 *    was not held itself (its own record comes right after the releases it caused).
 *  - `generated`: the frame being processed when it was emitted, max(its frame, the
 *    highest frame number seen so far); when it went out later than its cause (released
 *    from a neighbour queue), the next frame record after it in the stream.
 *  - `deferred` (a release reported as a record of its own): same rule.
 */
function attribute(records: readonly EmulatorRecord[]): {
  frames: Map<number, FrameRecord>;
  extra: Map<number, Expected[]>;
  held: Map<number, number | undefined>;
  timers: Expected[];
} {
  const frames = new Map<number, FrameRecord>();
  /** Generated frames no received frame caused (timers): compared with no window. */
  const timers: Expected[] = [];
  const extra = new Map<number, Expected[]>();
  /** Held frame -> window it was released in (undefined: after the capture ended). */
  const held = new Map<number, number | undefined>();
  const add = (n: number, e: Expected): void => {
    const list = extra.get(n);
    if (list === undefined) extra.set(n, [e]);
    else list.push(e);
  };
  const heldFlags: boolean[] = [];
  /** Each frame record's time, to tell a generated frame sent later than its cause. */
  const times = new Map<number, string>();
  for (const r of records) if (r.type === 'frame') times.set((r as FrameRecord).frame, String((r as FrameRecord).time));
  let maxSeen = 0;
  records.forEach((r, i) => {
    if (r.type === 'frame') heldFlags[i] = isHeld(r as FrameRecord, maxSeen);
    const n = (r as { frame?: unknown }).frame;
    if (typeof n === 'number' && (r.type === 'frame' || r.type === 'skipped' || r.type === 'generated' || r.type === 'deferred')) {
      if (r.type !== 'frame' || !heldFlags[i]) maxSeen = Math.max(maxSeen, n);
    }
  });
  const heldFrames = new Set<number>();
  records.forEach((r, i) => {
    if (r.type === 'frame' && heldFlags[i]) heldFrames.add((r as FrameRecord).frame);
  });
  const releaser = (i: number): number | undefined => {
    for (let j = i + 1; j < records.length; j++) {
      const r = records[j]!;
      if (r.type === 'frame' && !heldFlags[j]) return (r as FrameRecord).frame;
    }
    return undefined;
  };
  maxSeen = 0;
  records.forEach((r, i) => {
    if (r.type === 'frame') {
      const f = r as FrameRecord;
      frames.set(f.frame, f);
      if (heldFlags[i]) {
        const w = releaser(i);
        held.set(f.frame, w);
        if (f.verdict === 'forward' && w !== undefined) {
          for (const e of f.egress ?? []) add(w, { port: e.port, fields: e.fields ?? {}, source: `egress of frame ${f.frame} (released)` });
        }
      } else maxSeen = Math.max(maxSeen, f.frame);
    } else if (r.type === 'skipped') {
      maxSeen = Math.max(maxSeen, (r as SkippedRecord).frame);
    } else if (r.type === 'generated') {
      const g = r as GeneratedRecord;
      const e = { port: g.port, fields: g.fields ?? {}, source: `generated ${g.kind}` };
      // No cause, or a frame held in a neighbour queue (its errors come when a timer fails
      // the entry): timer-driven, and the kernel's timers fire late, so no window is theirs.
      if (typeof g.frame !== 'number' || heldFrames.has(g.frame)) timers.push({ ...e, source: `timer-driven ${g.kind}${g.time === undefined ? '' : ` at ${g.time} s`}` });
      else {
        maxSeen = Math.max(maxSeen, g.frame);
        // Sent later than its cause (a neighbour queue held it: an echo reply waiting for
        // ARP): its window is the frame being processed then, the next frame record in the
        // stream (a frame's record follows what it caused).
        const later = g.time !== undefined && times.has(g.frame) && Number(g.time) > Number(times.get(g.frame));
        add(later ? Math.max(releaser(i) ?? maxSeen, g.frame) : maxSeen, e);
      }
    } else if (r.type === 'deferred') {
      const d = r as DeferredRecord;
      held.set(d.frame, Math.max(d.frame, maxSeen));
      if (d.verdict === 'forward') {
        for (const e of d.egress ?? []) add(Math.max(d.frame, maxSeen), { port: e.port, fields: e.fields ?? {}, source: `deferred frame ${d.frame}` });
      }
    }
  });
  return { frames, extra, held, timers };
}

function asNumber(v: FieldValue): number | undefined {
  if (typeof v === 'number') return v;
  if (/^0x[0-9a-f]+$/i.test(v)) return parseInt(v, 16);
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return String(a).toLowerCase() === String(b).toLowerCase();
}

/** A kernel frame's fields: the recorded key fields, completed from its bytes when it has them. */
function fieldsOf(k: KernelOut, cache: Map<KernelOut, Fields>): Fields {
  let f = cache.get(k);
  if (f === undefined) {
    f = k.hex === undefined ? k.fields : { ...allFieldsOfHex(k.hex), ...k.fields };
    cache.set(k, f);
  }
  return f;
}

/** Names of the expected fields the kernel frame does not have with the same value. */
function mismatches(expected: Fields, actual: Fields): string[] {
  const bad: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (got === undefined || !sameValue(want, got)) bad.push(`${name} ${String(want)}≠${got === undefined ? 'absent' : String(got)}`);
  }
  return bad;
}

/** Short description of a frame from its fields: "ARP reply 192.0.2.254 is-at …", "ICMP 11/0 a > b ttl 64". */
export function describeFields(f: Fields): string {
  const g = (k: string): string | undefined => (f[k] === undefined ? undefined : String(f[k]));
  const parts: string[] = [];
  const op = g('arp.opcode');
  if (op !== undefined) {
    const target = g('arp.dst.proto_ipv4');
    if (op === '1') parts.push(`ARP who-has ${target ?? '?'} tell ${g('arp.src.proto_ipv4') ?? '?'}`);
    else if (op === '2') parts.push(`ARP reply ${g('arp.src.proto_ipv4') ?? '?'} is-at ${g('arp.src.hw_mac') ?? '?'}`);
    else parts.push(`ARP op ${op}`);
  } else if (g('ip.src') !== undefined || g('ipv6.src') !== undefined || g('ip.dst') !== undefined || g('ipv6.dst') !== undefined) {
    const v6 = g('ipv6.src') !== undefined || g('ipv6.dst') !== undefined;
    const src = g(v6 ? 'ipv6.src' : 'ip.src') ?? '?';
    const dst = g(v6 ? 'ipv6.dst' : 'ip.dst') ?? '?';
    let what = v6 ? 'IPv6' : 'IPv4';
    const it = g('icmp.type');
    const i6 = g('icmpv6.type');
    if (it !== undefined) what = `ICMP ${it}/${g('icmp.code') ?? '?'}`;
    else if (i6 !== undefined) {
      const target = g('icmpv6.nd.ns.target_address') ?? g('icmpv6.nd.na.target_address');
      what = `ICMPv6 ${i6}/${g('icmpv6.code') ?? '?'}${target === undefined ? '' : ` target ${target}`}`;
    } else if (g('udp.dstport') !== undefined) what = `UDP ${g('udp.srcport') ?? '?'}>${g('udp.dstport')}`;
    else if (g('tcp.dstport') !== undefined) what = `TCP ${g('tcp.srcport') ?? '?'}>${g('tcp.dstport')}`;
    const hop = g(v6 ? 'ipv6.hlim' : 'ip.ttl');
    parts.push(`${what} ${src} > ${dst}${hop === undefined ? '' : ` ${v6 ? 'hlim' : 'ttl'} ${hop}`}`);
  }
  const mac = g('eth.src') !== undefined || g('eth.dst') !== undefined ? `[${g('eth.src') ?? '*'} > ${g('eth.dst') ?? '*'}]` : '';
  if (parts.length === 0) {
    const type = g('eth.type');
    const len = g('eth.len');
    const what = type !== undefined ? `EtherType 0x${Number(type).toString(16).padStart(4, '0')}` : len !== undefined ? `802.3 frame (length ${len})` : undefined;
    if (what !== undefined) return mac === '' ? what : `${what} ${mac}`;
    return mac === '' ? Object.entries(f).map(([k, v]) => `${k}=${String(v)}`).join(' ') || 'a frame' : `frame ${mac}`;
  }
  return mac === '' ? parts.join(' ') : `${parts.join(' ')} ${mac}`;
}

function renderEmulator(f: FrameRecord | undefined, extra: readonly Expected[], deferred: boolean): string {
  if (f === undefined) return 'not replayed';
  let s = f.verdict;
  if (f.reason !== undefined) s += ` ${f.reason}`;
  if (f.verdict === 'forward') s += ` → ${(f.egress ?? []).map((e) => e.port).join(',') || 'none'}`;
  if (deferred) s += ' (queued)';
  const to = toList(f);
  if (to.length > 0) s += ` to ${to.join(',')}`;
  const gen = extra.filter((e) => !e.source.startsWith('deferred'));
  if (gen.length > 0) s += ` +${gen.map((e) => `${e.source.replace(/^generated /, '')}@${e.port}`).join(',')}`;
  const rel = extra.filter((e) => e.source.startsWith('deferred'));
  if (rel.length > 0) s += ` +release ${rel.map((e) => `${e.source.replace(/^deferred /, '')}@${e.port}`).join(',')}`;
  return s;
}

function toList(f: FrameRecord): string[] {
  if (f.to === undefined) return [];
  return typeof f.to === 'string' ? [f.to] : [...f.to];
}

function renderKernel(o: FrameObservation, uppers: readonly string[], cache: Map<KernelOut, Fields>): string {
  const parts: string[] = [];
  if (o.out.length === 0) parts.push('nothing out');
  else parts.push(o.out.map((k) => `${k.port}: ${describeFields(fieldsOf(k, cache)).replace(/ \[.*\]$/, '')}`).join('; '));
  if (uppers.length > 0) parts.push(`up ${uppers.join(',')}`);
  const delivered = DELIVERS.filter((k) => (o.snmp[k] ?? 0) > 0);
  if (delivered.length > 0) parts.push(delivered.join(','));
  if ((o.snmp['IpForwDatagrams'] ?? 0) > 0 || (o.snmp['Ip6OutForwDatagrams'] ?? 0) > 0) parts.push('forwarded');
  return parts.join(' | ');
}

/** Matches expected frames to kernel frames (most specific expectations first). */
function matchOutputs(
  expected: readonly Expected[],
  kernel: readonly KernelOut[],
  cache: Map<KernelOut, Fields>,
): { missing: Expected[]; unexpected: KernelOut[] } {
  const used = new Set<number>();
  const missing: Expected[] = [];
  const order = [...expected].sort((a, b) => Object.keys(b.fields).length - Object.keys(a.fields).length);
  for (const e of order) {
    const i = kernel.findIndex((k, j) => !used.has(j) && k.port === e.port && mismatches(e.fields, fieldsOf(k, cache)).length === 0);
    if (i >= 0) used.add(i);
    else missing.push(e);
  }
  return { missing, unexpected: kernel.filter((_, j) => !used.has(j)) };
}

export interface CompareOptions {
  /** Netdevs that are ports (frames enter and leave the box there). */
  readonly ports?: readonly string[];
}

export function compareRun(obs: Observations, records: readonly EmulatorRecord[], opts: CompareOptions = {}): Comparison {
  const ports = new Set(opts.ports ?? obs.ports);
  const isUpper = (dev: string): boolean => !ports.has(dev) && dev !== 'lo' && obs.devices[dev] !== 'loopback';
  const { frames, extra, held, timers } = attribute(records);
  const cache = new Map<KernelOut, Fields>();
  const timersUsed = new Set<number>();
  /** An unexpected kernel frame that one of the emulator's timer-driven frames explains. */
  const timerMatch = (k: KernelOut): Expected | undefined => {
    const i = timers.findIndex((t, j) => !timersUsed.has(j) && t.port === k.port && mismatches(t.fields, fieldsOf(k, cache)).length === 0);
    if (i < 0) return undefined;
    timersUsed.add(i);
    return timers[i];
  };
  const rows: FrameComparison[] = [];
  const notes: string[] = [];
  const observed = new Set<number>();

  for (const o of obs.frames) {
    observed.add(o.frame);
    const f = frames.get(o.frame);
    const ex = extra.get(o.frame) ?? [];
    if (o.sendError !== undefined) {
      notes.push(`frame ${o.frame}: could not be sent into the kernel (${o.sendError}); not compared`);
      rows.push({ frame: o.frame, ingress: o.ingress, emulator: renderEmulator(f, ex, false), kernel: `not sent: ${o.sendError}`, agree: true, notSent: true, differences: [] });
      continue;
    }
    const uppers = Object.entries(o.rxDelta)
      .filter(([dev, n]) => n > 0 && isUpper(dev))
      .map(([dev]) => dev)
      .sort();
    const differences: string[] = [];
    if (f === undefined) {
      differences.push(`frame ${o.frame}: replayed into the kernel on ${o.ingress}, but the emulator has no frame record for it`);
    } else {
      if (f.ingress !== o.ingress) differences.push(`frame ${o.frame}: ingress ${o.ingress} in the kernel run, ${f.ingress} in the emulator`);
      const expected: Expected[] = [...ex];
      if (f.verdict === 'forward' && !held.has(f.frame)) {
        for (const e of f.egress ?? []) expected.push({ port: e.port, fields: e.fields ?? {}, source: 'egress' });
      }
      const { missing, unexpected } = matchOutputs(expected, o.out, cache);
      for (const m of missing) {
        const near = unexpected.find((k) => k.port === m.port);
        const hint = near === undefined ? '' : `; it sent ${describeFields(fieldsOf(near, cache))} there (${mismatches(m.fields, fieldsOf(near, cache)).join(', ')})`;
        // Back to back, the per-host ICMP token buckets run dry where the capture's pace did not.
        const rate = obs.pace === 'fast' && /icmp(v6)?_error/.test(m.source) && near === undefined ? ' (fast replay: maybe ICMP rate limiting; try --pace)' : '';
        differences.push(`frame ${o.frame}: emulator sends ${describeFields(m.fields)} on ${m.port} (${m.source}), the kernel did not${hint}${rate}`);
      }
      for (const k of unexpected) {
        if (missing.some((m) => m.port === k.port)) continue; // already explained above
        const kind = outputKind(fieldsOf(k, cache));
        if (UNMODELLED_KINDS.has(kind) && answersSent(o, fieldsOf(k, cache))) {
          notes.push(`frame ${o.frame}: the DUT's stack answered with ${describeFields(fieldsOf(k, cache))} on ${k.port} (${kind}: not a generated kind the emulator prints)`);
          continue;
        }
        const timer = timerMatch(k);
        if (timer !== undefined) {
          notes.push(`frame ${o.frame}: the kernel sent ${describeFields(fieldsOf(k, cache))} on ${k.port} in this frame's window; the emulator sends it too, ${timer.source}`);
          continue;
        }
        if (HOUSEKEEPING_KINDS.has(kind)) {
          notes.push(`frame ${o.frame}: the DUT's own IPv6 housekeeping (${kind}) went out on ${k.port} in this frame's window: ${describeFields(fieldsOf(k, cache))}`);
          continue;
        }
        differences.push(`frame ${o.frame}: kernel sent ${describeFields(fieldsOf(k, cache))} on ${k.port}, the emulator does not`);
      }
      const to = toList(f);
      for (const dev of to.filter(isUpper)) {
        if (!uppers.includes(dev)) differences.push(`frame ${o.frame}: emulator passes it up to ${dev}, but ${dev}'s rx_packets did not move in the kernel`);
      }
      if (to.length > 0 || f.verdict === 'forward') {
        for (const dev of uppers) {
          if (to.includes(dev)) continue;
          // The emulator's trace shows the device received a copy its stack then freed
          // (an otherhost copy, a frame no protocol handler takes): the kernel counts rx first.
          if ((f.trace ?? []).includes(`${dev}: rx`)) notes.push(`frame ${o.frame}: ${dev} received a copy (rx_packets +${o.rxDelta[dev] ?? 0}) that its stack freed, in the kernel and in the emulator's trace`);
          // A golden keeps no trace: whether a copy reached the device is not among its claims.
          else if (f.trace === undefined) notes.push(`frame ${o.frame}: ${dev}'s rx_packets moved (+${o.rxDelta[dev] ?? 0}); the record has no trace to compare it with`);
          else differences.push(`frame ${o.frame}: kernel passed it up to ${dev} (rx_packets +${o.rxDelta[dev] ?? 0}), the emulator does not`);
        }
      }
      if (f.verdict === 'drop') {
        for (const k of DELIVERS) {
          const n = o.snmp[k] ?? 0;
          if (n > 0) differences.push(`frame ${o.frame}: emulator drops it (${f.reason ?? 'no reason'}), the kernel delivered it locally (${k} +${n})`);
        }
      }
    }
    for (const [k, n] of Object.entries(o.snmp)) {
      if (/RateLimit/.test(k) && n > 0) notes.push(`frame ${o.frame}: the kernel rate-limited an ICMP error (${k} +${n}); --pace replays at the capture's speed`);
    }
    for (const s of o.stray ?? []) {
      const timer = timerMatch(s);
      if (timer !== undefined) {
        notes.push(`frame ${o.frame}: before it was sent the kernel put out ${describeFields(fieldsOf(s, cache))} on ${s.port}; the emulator sends it too, ${timer.source}`);
        continue;
      }
      notes.push(`frame ${o.frame}: before it was sent the kernel put out ${describeFields(fieldsOf(s, cache))} on ${s.port} (late from an earlier frame, or timer-driven)`);
    }
    rows.push({
      frame: o.frame,
      ingress: o.ingress,
      emulator: renderEmulator(f, ex, f !== undefined && held.has(f.frame)),
      kernel: renderKernel(o, uppers, cache),
      agree: differences.length === 0,
      differences,
    });
  }
  timers.forEach((t, j) => {
    if (!timersUsed.has(j)) notes.push(`the emulator sends ${describeFields(t.fields)} on ${t.port} (${t.source}); the kernel did not in any frame's window`);
  });
  for (const [n, w] of held) {
    if (w === undefined && frames.get(n)?.verdict === 'forward') notes.push(`frame ${n}: the emulator releases it from the neighbour queue after the capture's last frame; not compared`);
  }
  for (const [n, f] of frames) {
    if (!observed.has(n)) notes.push(`frame ${n}: the emulator replays it on ${f.ingress}, but it was not sent into the kernel`);
  }
  for (const e of obs.events) {
    const what = e.out.length === 0 ? 'nothing' : e.out.map((k) => `${describeFields(fieldsOf(k, cache))} on ${k.port}`).join('; ');
    notes.push(`event before frame ${e.beforeFrame} (${e.run}): ${e.ok ? '' : `FAILED (${e.stderr ?? ''}) `}the kernel put out ${what}`);
  }
  for (const c of obs.commands ?? []) compareCommand(c, records, rows, notes);
  rows.sort((a, b) => a.frame - b.frame);
  const differ = rows.filter((r) => !r.agree).length;
  const notSent = rows.filter((r) => r.notSent === true).length;
  return { rows, agree: rows.length - differ - notSent, differ, notSent, notes };
}

/**
 * A `! COMMAND` of the setup: the emulator's answer (a `command` record) must be the
 * kernel's: both accept it, or both refuse it with the emulator's text in the kernel's
 * stderr. A disagreement is a row (frame 0, "setup") with its difference.
 */
function compareCommand(c: CommandObservation, records: readonly EmulatorRecord[], rows: FrameComparison[], notes: string[]): void {
  const answer = records.find((r): r is CommandAnswer => r.type === 'command' && r.run === c.run);
  const kernel = c.ok ? 'accepted' : `refused: ${c.stderr ?? ''}`;
  if (answer === undefined) {
    notes.push(`setup: the kernel ${kernel} "! ${c.run}"; the emulator has no command record for it`);
    return;
  }
  const emulator = answer.refused === undefined ? 'accepted' : `refused: ${answer.refused}`;
  const agree = c.ok ? answer.refused === undefined : answer.refused !== undefined && (c.stderr ?? '').includes(answer.refused);
  if (agree) {
    notes.push(`setup: "! ${c.run}" ${emulator}, in the kernel and in the emulator`);
    return;
  }
  rows.push({ frame: 0, ingress: 'setup', emulator, kernel, agree: false, differences: [`setup: "! ${c.run}": the emulator ${emulator}, the kernel ${kernel}`] });
}

/** The per-frame agreement table, the differences (one line each), the notes and the summary line. */
export function formatComparison(c: Comparison): string {
  const lines: string[] = [];
  const w = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  lines.push(`${'frame'.padStart(5)}  ${w('ingress', 8)}  ${w('emulator', 44)}  ${w('kernel', 60)}  agree`);
  for (const r of c.rows) {
    lines.push(`${String(r.frame).padStart(5)}  ${w(r.ingress, 8)}  ${w(r.emulator, 44)}  ${w(r.kernel, 60)}  ${r.notSent === true ? '-' : r.agree ? 'yes' : 'NO'}`);
  }
  const diffs = c.rows.flatMap((r) => r.differences);
  if (diffs.length > 0) {
    lines.push('', 'differences:');
    for (const d of diffs) lines.push(`  ${d}`);
  }
  if (c.notes.length > 0) {
    lines.push('', 'notes:');
    for (const n of c.notes) lines.push(`  ${n}`);
  }
  lines.push('', `${c.agree} frames agree, ${c.differ} differ${c.notSent > 0 ? `, ${c.notSent} could not be sent` : ''}`);
  return lines.join('\n') + '\n';
}

export type { Egress };
