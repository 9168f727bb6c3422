import { spawnSync } from 'node:child_process';

export interface MalformedResult {
  readonly file: string;
  readonly exitCode: number | null;
  readonly stderr: string;
  /** Exit 0, or exit 2 with a message naming a byte offset; never a stack trace. */
  readonly ok: boolean;
}

/** Runs `pcapverdict decode` on a damaged capture the way a user would. */
export function checkMalformed(bin: string, path: string, file: string): MalformedResult {
  const run = spawnSync(process.execPath, [bin, 'decode', '--format', 'count', path], { encoding: 'utf8', timeout: 30_000 });
  const stderr = run.stderr ?? '';
  const exitCode = run.status;
  const trace = /\n\s+at .+\(.+:\d+:\d+\)/.test(stderr);
  const ok = !trace && (exitCode === 0 || (exitCode === 2 && /offset 0x[0-9a-f]+/.test(stderr)));
  return { file, exitCode, stderr: stderr.trim(), ok };
}
