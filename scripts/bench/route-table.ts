import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeBigFixture } from './big-fixture';
import { BENCH_DATA, CLI } from './paths';
import { runMeasured, type ChildResult } from './run-child';

/**
 * What a big routing table costs: router-v4 (fixtures/routing) with N IPv4 and M IPv6 routes
 * more (big-fixture.ts), replayed by the CLI as a user runs it (`replay --format count`),
 * each size in its own process: wall and CPU time, peak RSS, and per route the time and memory
 * above the fixture without extra routes. The capture is router-v4's 44 frames, so the run is
 * the fixture's load and setup.
 *
 *   npm run -s build && node dist/scripts/bench/route-table.js [--sizes 0,100000,1000000+200000] [--runs N]
 *
 * A size is ROUTES4[+ROUTES6]; the first size is the baseline the per-route figures subtract.
 */

interface Size {
  readonly routes4: number;
  readonly routes6: number;
}

interface Row {
  readonly size: Size;
  readonly best: ChildResult;
}

/** The totals router-v4 replays to (its golden): the extra routes cover none of its addresses. */
const EXPECTED = 'verdicts: forward 10, trap 9, drop 4';

function parseSizes(text: string): Size[] {
  return text.split(',').map((s) => {
    const m = /^(\d+)(?:\+(\d+))?$/.exec(s.trim());
    if (m === null) throw new Error(`--sizes: "${s}" is not ROUTES4[+ROUTES6]`);
    return { routes4: Number(m[1]), routes6: Number(m[2] ?? '0') };
  });
}

function measure(size: Size, runs: number): Row {
  mkdirSync(BENCH_DATA, { recursive: true });
  const file = join(BENCH_DATA, `routes-${size.routes4}-${size.routes6}.yaml`);
  writeBigFixture(file, size);
  let best: ChildResult | undefined;
  for (let i = 0; i < runs; i++) {
    const r = runMeasured({ cmd: process.execPath, args: [CLI, 'replay', file, '--format', 'count'] }, { stdout: 'capture', timeoutSec: 600 });
    if (r.status !== 0 || !r.stdout.includes(EXPECTED)) {
      throw new Error(`${file}: exit ${r.status}${r.timedOut ? ' (timed out)' : ''}, output ${JSON.stringify(r.stdout.slice(0, 300))} ${r.stderr.slice(0, 300)}`);
    }
    if (best === undefined || r.wallSec < best.wallSec) best = r;
  }
  return { size, best: best! };
}

function main(argv: readonly string[]): void {
  let sizes = parseSizes('0,100000,1000000+200000');
  let runs = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') sizes = parseSizes(argv[++i] ?? '');
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}: --sizes LIST, --runs N`);
  }
  const rows = sizes.map((s) => {
    const row = measure(s, runs);
    process.stderr.write(`${s.routes4}+${s.routes6}: ${row.best.wallSec.toFixed(2)} s, ${row.best.maxRssMb?.toFixed(0)} MB\n`);
    return row;
  });
  const base = rows[0]!;
  const lines = [
    `| routes (IPv4 + IPv6) | wall | CPU | peak RSS | per route: CPU | per route: RSS |`,
    `|---|---:|---:|---:|---:|---:|`,
  ];
  for (const r of rows) {
    const n = r.size.routes4 + r.size.routes6 - (base.size.routes4 + base.size.routes6);
    const cpu = (r.best.cpuSec ?? NaN) - (base.best.cpuSec ?? NaN);
    const rss = (r.best.maxRssMb ?? NaN) - (base.best.maxRssMb ?? NaN);
    const perRoute = n > 0 ? `${((cpu / n) * 1e6).toFixed(1)} µs | ${((rss * 1e6) / n).toFixed(0)} B` : '– | –';
    lines.push(`| ${r.size.routes4} + ${r.size.routes6} | ${r.best.wallSec.toFixed(2)} s | ${r.best.cpuSec?.toFixed(2)} s | ${r.best.maxRssMb?.toFixed(0)} MB | ${perRoute} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) main(process.argv.slice(2));
