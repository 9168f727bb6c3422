/** `sysctl -w KEY=VALUE` (procps-ng 4.0.2 sysctl). */

import type { Pos, SysctlCommand } from './command-types';
import { arg, at, unsupported, Words } from './parse-words';
import type { Word } from './tokenize';

const SYSCTL_SUPPORTED = ['sysctl [-q] -w KEY=VALUE'];

/**
 * `sysctl [-q] [-w] KEY=VALUE`: one assignment per line. Which keys exist is left to the
 * executor (see SysctlCommand); so is the value, which sysctl writes as text.
 */
export function parseSysctl(words: Words, first: Word, pos: Pos): SysctlCommand {
  let quiet = false;
  let write = false;
  let assignment: Word | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    if (w.text === '--write') write = true;
    else if (w.text === '--quiet') quiet = true;
    else if (/^-[wq]+$/.test(w.text)) {
      if (w.text.includes('w')) write = true;
      if (w.text.includes('q')) quiet = true;
    } else if (w.text.startsWith('-')) {
      throw unsupported(w, 'sysctl option', SYSCTL_SUPPORTED);
    } else if (assignment !== undefined) {
      throw at(w, `a second sysctl argument "${w.text}"`, 'write one KEY=VALUE per line');
    } else {
      assignment = w;
    }
  }
  if (assignment === undefined) throw at(first, 'sysctl needs KEY=VALUE', SYSCTL_SUPPORTED[0]);
  const eq = assignment.text.indexOf('=');
  if (eq < 0) {
    if (write) throw at(assignment, 'sysctl: command line(0): invalid syntax, continuing...', 'write KEY=VALUE with no spaces around "="');
    throw at(assignment, `reading "${assignment.text}" is not a setup command`, SYSCTL_SUPPORTED[0]);
  }
  const keyText = assignment.text.slice(0, eq);
  const value = assignment.text.slice(eq + 1);
  // procps: a key with a "/" is a path, where dots may be part of a name (eth0.10).
  const path = keyText.includes('/') ? keyText.split('/') : keyText.split('.');
  if (keyText === '' || path.some((p) => p === '')) {
    throw at(assignment, `"${keyText}" is not a sysctl key`, 'e.g. net.ipv4.ip_forward or net/ipv4/conf/eth0.10/rp_filter');
  }
  if (value === '') throw at(assignment, `no value after "${keyText}="`, 'sysctl -w KEY=VALUE');
  const valueWord: Word = { text: value, line: assignment.line, column: assignment.column + eq + 1 };
  return {
    kind: 'sysctl',
    pos,
    key: arg(assignment, path.join('.')),
    path,
    value: arg(valueWord, value),
    quiet,
  };
}

/** The /proc/sys file a sysctl key names, as sysctl prints it in "cannot stat …". */
export function sysctlProcPath(cmd: SysctlCommand): string {
  return `/proc/sys/${cmd.path.join('/')}`;
}
