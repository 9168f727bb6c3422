import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CAPTURE_EXT = /\.(pcap|pcapng|cap|dmp)$/i;

/**
 * Expands the paths given on a command line: files as they are (any name: the reader goes
 * by magic, not extension), directories to the capture files below them, sorted so the
 * order is the same on every machine.
 */
export function expandCapturePaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p !== '-' && statSync(p, { throwIfNoEntry: false })?.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  // Code-unit order, not localeCompare: that one follows the machine's locale.
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full));
    else if (CAPTURE_EXT.test(entry.name)) found.push(full);
  }
  return found;
}
