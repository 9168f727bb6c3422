import { BASELINES, type BenchCase } from './cases';
import { STARTUP_DATASET, type Dataset } from './datasets';
import type { HostileResult } from './hostile';
import type { ProfileResult } from './profile';

/** One row of the table: the best of its runs on one capture. */
export interface Measurement {
  readonly dataset: Dataset;
  readonly bench: BenchCase;
  /** Best wall time (s): measured, or extrapolated when `extrapolatedFrom` is set. */
  readonly wallSec: number | undefined;
  /** Least CPU time (user + system) over its runs (s); undefined when extrapolated. */
  readonly cpuSec: number | undefined;
  /** Largest peak RSS over its runs (MB); undefined when extrapolated. */
  readonly rssMb: number | undefined;
  readonly runs: number;
  readonly extrapolatedFrom: Dataset | undefined;
  readonly timedOut: boolean;
  /** Wrong output or exit status: the time is not to be trusted. */
  readonly problem: string | undefined;
}

/** Targets of the project (issue: performance). */
export const TARGETS = {
  /** `decode --format count` on the 10 M capture: whole process no slower than tcpdump's raw read. */
  vsTcpdumpDataset: 'udp-10m',
  vsTcpdumpMin: 1,
  vsTsharkMin: 100,
  rssMaxMb: 100,
  /** `check` against a golden of every record, on ≥ 1 M frames (issue 4). */
  checkMinFramesPerSec: 1_500_000,
  checkRssMaxMb: 150,
  hostileMaxMs: 10,
} as const;

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** `info`: a figure shown beside the targets, not held to one. */
  readonly pass: boolean | 'info';
}

const MB = 1e6;

function fixed(n: number | undefined, digits: number): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

function rate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

/** How many times faster `m` is than the baseline row on the same capture. */
export function speedup(all: readonly Measurement[], m: Measurement, baseline: string): number | undefined {
  const b = all.find((x) => x.dataset.id === m.dataset.id && x.bench.id === baseline);
  if (b?.wallSec === undefined || m.wallSec === undefined || b.problem !== undefined) return undefined;
  return b.wallSec / m.wallSec;
}

/** The same case's wall time on the header-only capture: its start-up cost. */
export function startupSec(all: readonly Measurement[], m: Measurement): number | undefined {
  const s = all.find((x) => x.dataset.id === STARTUP_DATASET && x.bench.id === m.bench.id);
  return s?.problem === undefined ? s?.wallSec : undefined;
}

/** Wall time minus start-up: the part that grows with the capture. */
function netSec(all: readonly Measurement[], m: Measurement): number | undefined {
  const s = startupSec(all, m);
  if (m.wallSec === undefined || s === undefined || m.wallSec <= s) return undefined;
  return m.wallSec - s;
}

/** Like `speedup`, both sides net of their start-up. */
export function netSpeedup(all: readonly Measurement[], m: Measurement, baseline: string): number | undefined {
  const b = all.find((x) => x.dataset.id === m.dataset.id && x.bench.id === baseline);
  if (b === undefined || b.problem !== undefined) return undefined;
  const mine = netSec(all, m);
  const theirs = netSec(all, b);
  return mine === undefined || theirs === undefined ? undefined : theirs / mine;
}

function times(x: number | undefined, extrapolated: boolean): string {
  if (x === undefined) return '-';
  const text = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
  return `${text}×${extrapolated ? '*' : ''}`;
}

function baselineExtrapolated(all: readonly Measurement[], m: Measurement, baseline: string): boolean {
  return all.find((x) => x.dataset.id === m.dataset.id && x.bench.id === baseline)?.extrapolatedFrom !== undefined;
}

export function resultsTable(all: readonly Measurement[]): string {
  const head = [
    'Capture',
    'Command',
    'Runs',
    'Wall (s)',
    'CPU (s)',
    'Frames/s',
    'MB/s',
    'Frames/s net of start-up',
    'Peak RSS (MB)',
    ...BASELINES.map((b) => `Speed vs ${b}`),
    'Notes',
  ];
  const rows = all.map((m) => {
    const d = m.dataset;
    const notes: string[] = [];
    if (m.extrapolatedFrom !== undefined) notes.push(`extrapolated from its per-frame time on ${m.extrapolatedFrom.id}`);
    if (m.timedOut) notes.push(`timed out after ${m.bench.timeoutSec} s`);
    if (m.problem !== undefined) notes.push(`FAILED: ${m.problem}`);
    const ok = m.wallSec !== undefined && m.problem === undefined && d.frames > 0;
    const net = ok ? netSec(all, m) : undefined;
    return [
      d.id,
      m.bench.label,
      m.extrapolatedFrom !== undefined ? '0' : String(m.runs),
      m.timedOut ? `> ${m.bench.timeoutSec}` : `${m.extrapolatedFrom !== undefined ? '~' : ''}${fixed(m.wallSec, 3)}`,
      fixed(m.cpuSec, 2),
      ok ? rate(d.frames / m.wallSec!) : '-',
      ok ? fixed(d.fileBytes / MB / m.wallSec!, 0) : '-',
      net !== undefined ? rate(d.frames / net) : '-',
      fixed(m.rssMb, 1),
      ...BASELINES.map((b) => times(ok ? speedup(all, m, b) : undefined, baselineExtrapolated(all, m, b) || m.extrapolatedFrom !== undefined)),
      notes.join('; '),
    ];
  });
  return markdownTable(head, rows);
}

export function targetChecks(all: readonly Measurement[], hostile: readonly HostileResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const decode = all.filter((m) => m.bench.id === 'decode');
  const big = decode.find((m) => m.dataset.id === TARGETS.vsTcpdumpDataset);
  if (big !== undefined) {
    const x = speedup(all, big, 'tcpdump');
    const tcp = all.find((m) => m.dataset.id === big.dataset.id && m.bench.id === 'tcpdump');
    checks.push({
      target: `decode --format count on ${big.dataset.id} no slower than tcpdump -r (whole process)`,
      measured:
        x === undefined
          ? 'not measured'
          : `${fixed(big.wallSec, 2)} s vs ${fixed(tcp?.wallSec, 2)} s: ${times(x, false)} tcpdump's speed (net of start-up ${times(netSpeedup(all, big, 'tcpdump'), false)})`,
      pass: x !== undefined && x >= TARGETS.vsTcpdumpMin && big.problem === undefined,
    });
  }
  for (const m of decode) {
    const x = speedup(all, m, 'tshark');
    if (x === undefined || m.dataset.frames === 0) continue;
    const extrapolated = baselineExtrapolated(all, m, 'tshark');
    const net = netSpeedup(all, m, 'tshark');
    // Issue 2 sets the ratio on the 10 M-frame file; on the small files Node's own start-up
    // (about 70 ms, more than tshark's whole 1500-byte run allows) decides it, so they inform.
    const held = m.dataset.id === TARGETS.vsTcpdumpDataset;
    checks.push({
      target: `decode on ${m.dataset.id} ≥ ${TARGETS.vsTsharkMin}× tshark (whole process)${held ? '' : ' (informative)'}`,
      measured: `${times(x, extrapolated)}${extrapolated ? ' (tshark time extrapolated)' : ''}; net of start-up ${times(net, extrapolated)}`,
      pass: held ? x >= TARGETS.vsTsharkMin && m.problem === undefined : 'info',
    });
  }
  const ours = all.filter((m) => m.bench.kind === 'pcapverdict' && m.rssMb !== undefined);
  // (The header-only capture counts too: start-up memory is part of the budget.)
  if (ours.length > 0) {
    const worst = ours.reduce((a, b) => (b.rssMb! > a.rssMb! ? b : a));
    checks.push({
      target: `peak RSS < ${TARGETS.rssMaxMb} MB on every capture (every pcapverdict row)`,
      measured: `max ${fixed(worst.rssMb, 1)} MB (${worst.bench.id} on ${worst.dataset.id})`,
      pass: worst.rssMb! < TARGETS.rssMaxMb,
    });
  }
  for (const m of all.filter((x) => x.bench.id === 'check' && x.dataset.frames >= 1_000_000)) {
    const net = netSec(all, m);
    const whole = m.wallSec === undefined ? undefined : m.dataset.frames / m.wallSec;
    const perSec = net === undefined ? undefined : m.dataset.frames / net;
    // The target is set on the classic pcap captures; the pcapng copy (its reader costs more
    // per frame) is shown for information, as decode's targets are set on one capture.
    const held = (m.dataset.format ?? 'pcap') === 'pcap';
    const met = m.problem === undefined && perSec !== undefined && perSec >= TARGETS.checkMinFramesPerSec && (m.rssMb ?? Infinity) < TARGETS.checkRssMaxMb;
    checks.push({
      target: `check on ${m.dataset.id}: ≥ ${TARGETS.checkMinFramesPerSec / 1e6} M frames/s net of start-up, peak RSS < ${TARGETS.checkRssMaxMb} MB${held ? '' : ' (informative)'}`,
      measured: `${fixed(perSec === undefined ? undefined : perSec / 1e6, 2)} M frames/s net (${fixed(whole === undefined ? undefined : whole / 1e6, 2)} M whole process), ${fixed(m.rssMb, 1)} MB${m.problem === undefined ? '' : `; FAILED: ${m.problem}`}`,
      pass: held ? met : 'info',
    });
  }
  for (const h of hostile) {
    checks.push({
      target: `${h.hostile.description}: ${'error' in h.hostile.expect ? `refused (${h.hostile.expect.error})` : `stopped with ${h.hostile.expect.warning}`} in < ${TARGETS.hostileMaxMs} ms`,
      measured: `${fixed(h.inProcessMs, 2)} ms in process; whole decode process ${fixed(h.processMs, 0)} ms, exit ${h.processStatus}, ${fixed(h.processRssMb, 1)} MB${h.problem !== undefined ? `; FAILED: ${h.problem}` : ''}`,
      pass: h.problem === undefined && h.inProcessMs < TARGETS.hostileMaxMs,
    });
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['Target', 'Measured', 'Result'],
    checks.map((c) => [c.target, c.measured, c.pass === 'info' ? 'info' : c.pass ? 'PASS' : '**MISS**']),
  );
}

export function datasetsTable(datasets: readonly Dataset[]): string {
  return markdownTable(
    ['Capture', 'Contents', 'Frames', 'File (MB)', 'Generated'],
    datasets.map((d) => [
      d.id,
      d.description,
      String(d.frames),
      fixed(d.fileBytes / MB, 1),
      d.generatedSec === undefined ? 'reused' : `${d.generatedSec.toFixed(1)} s`,
    ]),
  );
}

export function profileSection(p: ProfileResult): string {
  return [
    `CPU profile of \`decode --format count\` (${p.file}), ${p.totalMs.toFixed(0)} ms sampled, top self time:`,
    '',
    markdownTable(
      ['Self (ms)', 'Self %', 'Function', 'Where'],
      p.hot.map((h) => [h.selfMs.toFixed(0), h.selfPct.toFixed(1), h.fn, h.where]),
    ),
  ].join('\n');
}

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
