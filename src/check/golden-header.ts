import { dirname, relative, resolve, sep } from 'node:path';
import type { ReplayRecord } from '../decision/records';
import { GoldenError } from './golden-error';

/**
 * The first line of a golden (format version 1): which fixture, platform and capture its
 * records are the replay of. Without it a golden of another fixture, or one left over from
 * before the capture was re-recorded, is compared record by record and fails with hundreds
 * of differences that hide the one fact that matters (issue 11, D5/D6).
 *
 *   {"type":"golden","version":1,"fixture":"router-v4.yaml","platform":"linux","capture":"../../pcaps/recorded/router-v4.pcapng","sha256":"…"}
 *
 * Paths are relative to the golden's directory with `/` separators, so a golden is the same
 * bytes on every machine and in every checkout; `sha256` is the capture's content, so a
 * capture replaced under the same name is noticed too.
 */
export interface GoldenHeader {
  readonly type: 'golden';
  readonly version: typeof GOLDEN_VERSION;
  readonly fixture: string;
  readonly platform: string;
  readonly capture: string;
  readonly sha256: string;
}

export const GOLDEN_VERSION = 1;

/** What a golden is of: the fixture file, its platform and its capture (paths as given or absolute). */
export interface GoldenSubject {
  readonly golden: string;
  readonly fixture: string;
  readonly platform: string;
  readonly capture: string;
}

/** The header a golden of `s` carries, given its capture's SHA-256 (capture-hash.ts). */
export function goldenHeader(s: GoldenSubject, sha256: string): GoldenHeader {
  const from = dirname(resolve(s.golden));
  const rel = (p: string): string => relative(from, resolve(p)).split(sep).join('/');
  return { type: 'golden', version: GOLDEN_VERSION, fixture: rel(s.fixture), platform: s.platform, capture: rel(s.capture), sha256 };
}

/** The header as its line (fixed key order: the line is compared as text like every other). */
export function headerLine(h: GoldenHeader): string {
  return JSON.stringify({ type: h.type, version: h.version, fixture: h.fixture, platform: h.platform, capture: h.capture, sha256: h.sha256 });
}

/**
 * Why a golden's header does not fit the fixture checked against it, as one sentence; or
 * undefined when it fits. `missing`: a golden written before headers (its records are still
 * compared); the others make its records meaningless to compare.
 */
export type HeaderProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'fixture' | 'platform' | 'capture'; readonly golden: string; readonly expected: string };

const RECORD_TYPES: ReadonlySet<string> = new Set<ReplayRecord['type']>(['frame', 'skipped', 'generated', 'event', 'notification', 'command']);

/**
 * Reads a golden's first line. A record line means a golden from before version 1 (no
 * header: `missing`); anything else that is not a version-1 header is not a golden at all,
 * bad input (GoldenError, exit 2): the file was never written by `check --update`.
 */
export function parseHeader(file: string, text: string | undefined): GoldenHeader | 'missing' {
  if (text === undefined) return 'missing';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new GoldenError(file, 1, `not a golden: the first line is not JSON (${(e as Error).message}); a golden starts with its header line {"type":"golden",…}`);
  }
  const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  if (o !== undefined && typeof o.type === 'string' && RECORD_TYPES.has(o.type)) return 'missing';
  if (o === undefined || o.type !== 'golden') throw new GoldenError(file, 1, 'not a golden: the first line is not its header {"type":"golden",…}');
  if (o.version !== GOLDEN_VERSION) throw new GoldenError(file, 1, `golden format version ${JSON.stringify(o.version)}: this pcapverdict reads version ${GOLDEN_VERSION}`);
  for (const k of ['fixture', 'platform', 'capture', 'sha256'] as const) {
    if (typeof o[k] !== 'string') throw new GoldenError(file, 1, `golden header without "${k}"`);
  }
  return o as unknown as GoldenHeader;
}

/**
 * The first way `found` differs from `expected` (fixture, then platform, then capture), or
 * undefined. Without `expected.sha256` (the hash is not known yet) the capture is compared by
 * path only.
 */
export function headerProblem(found: GoldenHeader | 'missing', expected: Omit<GoldenHeader, 'sha256'> & { readonly sha256?: string }): HeaderProblem | undefined {
  if (found === 'missing') return { kind: 'missing' };
  if (found.fixture !== expected.fixture) return { kind: 'fixture', golden: found.fixture, expected: expected.fixture };
  if (found.platform !== expected.platform) return { kind: 'platform', golden: found.platform, expected: expected.platform };
  if (found.capture !== expected.capture || (expected.sha256 !== undefined && found.sha256 !== expected.sha256)) {
    return { kind: 'capture', golden: `${found.capture} (sha256 ${found.sha256})`, expected: `${expected.capture}${expected.sha256 === undefined ? '' : ` (sha256 ${expected.sha256})`}` };
  }
  return undefined;
}

/** The records of a golden's text: its lines without the header (for readers of whole goldens, such as kernel-check). */
export function goldenRecordLines(text: string): string[] {
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.length > 0 && lines[0]!.startsWith('{"type":"golden",') ? lines.slice(1) : lines;
}
