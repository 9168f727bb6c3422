import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The temporary file a golden is written to before it is renamed over the old one
 * (`x.golden.ndjson.tmp-PID-N`): the PID says whose it is, N tells one process's writes apart.
 */
export function goldenTempPath(golden: string): string {
  return `${golden}.tmp-${process.pid}-${++written}`;
}
let written = 0;

const TEMP_NAME = /\.golden\.ndjson\.tmp-(\d+)(?:-\d+)?$/;

/**
 * Removes temporary goldens beside `golden` left by a process that is gone (killed with
 * SIGKILL, or before this guard existed): a live PID's file is someone's write in progress.
 * Called only when a golden is about to be written there.
 */
export function sweepStaleTemps(golden: string): void {
  const dir = dirname(golden);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no directory yet: nothing left behind
  }
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Not ours to remove (a read-only checkout): left, and ignored by the obsolete-golden scan.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's live process
  }
}

/**
 * Removes `tmp` if this process dies before `release` (Ctrl-C, SIGTERM, a crash). A
 * JavaScript signal handler cannot do it: the replay is synchronous, and Node runs signal
 * handlers only between turns of its event loop, so a handler would delay Ctrl-C until
 * every fixture was replayed. Instead a small shell, in its own session (a terminal's
 * SIGINT to our process group does not reach it) and ignoring INT/TERM/HUP, waits for the
 * end of a pipe from us, which the kernel closes however we end, and removes the file;
 * after a rename it finds nothing. Our process keeps the default action for the signal, so
 * it ends as interrupted (the shell's status 130 for SIGINT, 143 for SIGTERM).
 */
export function guardTemp(tmp: string): { release(): void } {
  let child: ChildProcess | undefined;
  try {
    child = spawn('/bin/sh', ['-c', 'trap "" INT TERM HUP; cat >/dev/null; rm -f -- "$1"', 'pcapverdict-temp-guard', tmp], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', () => undefined); // no shell: the stale-file sweep is the fallback
    child.unref();
  } catch {
    child = undefined;
  }
  return {
    release(): void {
      child?.stdin?.destroy();
    },
  };
}

