import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs one measured command in its own process, so wall time is the whole process
 * (start-up included, as a user sees it) and peak RSS belongs to that run alone.
 *
 * The command runs as `/usr/bin/time -f '%M %U %S' -o FILE timeout SEC cmd ...`: GNU time's
 * `%M` is the peak RSS from wait4(), which on Linux is the maximum over the child and the
 * descendants it reaped, so the `timeout` wrapper does not hide the real process's RSS.
 * Wall time is taken here with a monotonic clock (time's `%e` has 10 ms resolution); CPU
 * time (user + system) is reported beside it because it is less disturbed by other load
 * on the machine (a wall time well above the CPU time means the run waited for a core).
 */

export const GNU_TIME = '/usr/bin/time';

export interface ChildCommand {
  readonly cmd: string;
  readonly args: readonly string[];
}

export interface ChildRunOptions {
  /** `capture` keeps stdout for verification; `discard` sends it to /dev/null. */
  readonly stdout: 'capture' | 'discard';
  readonly timeoutSec: number;
}

export interface ChildResult {
  readonly wallSec: number;
  /** Peak resident set size in MB (10^6 bytes), undefined when time reported none. */
  readonly maxRssMb: number | undefined;
  /** User + system CPU seconds (all threads: GC helpers can make it exceed the wall time). */
  readonly cpuSec: number | undefined;
  /** Exit status; 124 when the timeout ended it. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export function runMeasured(command: ChildCommand, opts: ChildRunOptions): ChildResult {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak RSS per run`);
  const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-bench-'));
  const timeFile = join(dir, 'time.txt');
  const devNull = opts.stdout === 'discard' ? openSync('/dev/null', 'w') : undefined;
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      GNU_TIME,
      ['-f', '%M %U %S', '-o', timeFile, 'timeout', String(opts.timeoutSec), command.cmd, ...command.args],
      { stdio: ['ignore', devNull ?? 'pipe', 'pipe'], maxBuffer: 64 << 20, encoding: 'utf8' },
    );
    const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error !== undefined) throw r.error;
    // The last line is ours; GNU time puts "Command exited with non-zero status N" above it.
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const [rssKb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number) as [number?, number?, number?];
    const cpuSec = (user ?? NaN) + (sys ?? NaN);
    return {
      wallSec,
      maxRssMb: rssKb !== undefined && Number.isFinite(rssKb) ? (rssKb * 1024) / 1e6 : undefined,
      cpuSec: Number.isFinite(cpuSec) ? cpuSec : undefined,
      status: r.status,
      signal: r.signal,
      timedOut: r.status === 124,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
    };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  }
}
