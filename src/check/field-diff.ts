import { canonicalValue } from './canonical-record';

/** One field that differs between two records: its path, and the value on each side (undefined: absent). */
export interface FieldChange {
  readonly path: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;
}

/**
 * The field-level difference of two records, leaf by leaf: `egress[0].fields[ip.ttl]`,
 * `reason`. Values are shown as JSON. Lists of names (`to`, `flags`) compare whole.
 */
export function diffFields(expected: unknown, actual: unknown): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(expected, '', a);
  flatten(actual, '', b);
  const out: FieldChange[] = [];
  for (const [path, v] of a) if (b.get(path) !== v) out.push({ path, expected: v, actual: b.get(path) });
  for (const [path, v] of b) if (!a.has(path)) out.push({ path, expected: undefined, actual: v });
  return out;
}

function flatten(v: unknown, path: string, out: Map<string, string>): void {
  if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'))) {
    if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${path}[${i}]`, out));
    else for (const [k, x] of Object.entries(v)) flatten(x, path === '' ? k : k.includes('.') ? `${path}[${k}]` : `${path}.${k}`, out);
    return;
  }
  out.set(path, canonicalValue(v));
}
