/**
 * The OS's words for a failed file operation, "ENOENT: no such file or directory", without
 * the syscall and path Node appends (the message that quotes it names the path itself).
 * Anything that is not a system error is a bug, not input: undefined.
 */
export function osError(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || typeof err.message !== 'string') return undefined;
  return err.message.replace(/, \w+(?: '.*')?$/, '');
}
