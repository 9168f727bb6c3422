import { readFileSync } from 'node:fs';

/**
 * A documented, expected difference from tshark. `file` and `field` are exact names
 * (`field` may be `frame.ts`, `frame.caplen`, `frame.len`, `frame.iface`, `frame.count`
 * or any decoded field); `frames` limits it to some frame numbers.
 */
export interface ExceptionRule {
  readonly file: string;
  /** A field name, or `*` for every field of the file. */
  readonly field: string;
  /** `tshark`: tshark is wrong or follows another convention; `scope`: outside what we decode, on purpose. */
  readonly kind: 'tshark' | 'scope';
  readonly frames?: readonly number[];
  readonly reason: string;
  /** Differences this rule explained in this run (stale when 0). */
  used: number;
}

export function loadExceptions(path: string): ExceptionRule[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { exceptions: Omit<ExceptionRule, 'used'>[] };
  return raw.exceptions.map((e, i) => {
    if (typeof e.file !== 'string' || typeof e.field !== 'string' || typeof e.reason !== 'string' || e.reason.length < 10 || (e.kind !== 'tshark' && e.kind !== 'scope')) {
      throw new Error(`${path}: exception ${i + 1} needs file, field, kind (tshark | scope) and a reason`);
    }
    return { ...e, used: 0 };
  });
}

/** The rule that explains a difference, if any (and counts it as used). */
export function explain(rules: readonly ExceptionRule[], file: string, frame: number, field: string): ExceptionRule | undefined {
  const rule = rules.find((r) => r.file === file && (r.field === field || r.field === '*') && (r.frames === undefined || r.frames.includes(frame)));
  if (rule !== undefined) rule.used++;
  return rule;
}
