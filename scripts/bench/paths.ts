import { resolve } from 'node:path';

/**
 * Where things are, from the compiled location (`dist/scripts/bench/*.js`): the bench runs
 * the compiled CLI and child scripts, never ts-node, so it measures what users run.
 */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const BENCH_DATA = resolve(ROOT, 'bench-data');
export const CLI = resolve(ROOT, 'bin', 'pcapverdict.js');
/** Compiled child scripts of the bench (`read-only.js`, `reference-decode.js`). */
export const BENCH_DIST = __dirname;
