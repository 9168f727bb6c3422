import { parseIpv4 } from '../../src/addr/ipv4';
import { parseIpv6 } from '../../src/addr/ipv6';
import { compileFilter, LAYER_FIELD_TYPES } from '../../src/filter';
import { readMac } from '../../src/filter/filter-values';
import type { FieldValue } from '../../src/wire/field-sink';
import { LAYER_FIELDS } from '../../src/wire/frame-fields';
import { CRAFTED, loadFrames, type LoadedFrame } from './filter-helpers';

// Every field of the table, compiled filters against a plain evaluation of the decoder's
// fields (collect every occurrence, then apply Wireshark 4's rules by hand). This covers the
// fast byte readers and the generic field walk alike, on every crafted frame.

interface Occurrence {
  readonly name: string;
  readonly value: FieldValue;
  /** The k-th layer of its protocol (Wireshark's layer number), and how many there are. */
  readonly layer: number;
  readonly layers: number;
}

function occurrences(fr: LoadedFrame): Occurrence[] {
  const d = fr.d;
  const totals = new Map<number, number>();
  for (let i = 0; i < d.count; i++) totals.set(d.ids[i]!, (totals.get(d.ids[i]!) ?? 0) + 1);
  const seen = new Map<number, number>();
  const out: Occurrence[] = [];
  for (let i = 0; i < d.count; i++) {
    const id = d.ids[i]!;
    const layer = (seen.get(id) ?? 0) + 1;
    seen.set(id, layer);
    LAYER_FIELDS[d.name(i)](d, i, (name, value) => out.push({ name, value, layer, layers: totals.get(id)! }));
  }
  return out;
}

/** Three-way order of two values of one type, as the filter orders them. */
function order(type: string, a: FieldValue, b: FieldValue): number {
  switch (type) {
    case 'mac':
      return Buffer.compare(Buffer.from(readMac(a as string)!), Buffer.from(readMac(b as string)!));
    case 'ipv4':
      return Buffer.compare(Buffer.from(parseIpv4(a as string)!), Buffer.from(parseIpv4(b as string)!));
    case 'ipv6':
      return Buffer.compare(Buffer.from(parseIpv6(a as string)!), Buffer.from(parseIpv6(b as string)!));
    default:
      return (a as number) - (b as number);
  }
}

type Spec = { readonly type: string; readonly of?: readonly string[] };
const TABLE = LAYER_FIELD_TYPES as Readonly<Record<string, Spec>>;

const FRAMES = CRAFTED.flatMap((file) => loadFrames(file).map((fr) => ({ file, fr, occ: occurrences(fr) })));

describe('compiled filters agree with a plain evaluation of the decoded fields', () => {
  for (const [name, spec] of Object.entries(TABLE)) {
    const reads = spec.of ?? [name];
    const values = [...new Set(FRAMES.flatMap((f) => f.occ.filter((o) => reads.includes(o.name)).map((o) => o.value)))].slice(0, 6);
    if (values.length === 0) continue;

    it(`for ${name} (${values.length} values, every relation, layers #1 and #-1)`, () => {
      const wrong: string[] = [];
      for (const v of values) {
        const lit = String(v);
        const cases: [string, (occ: Occurrence[]) => boolean][] = [
          [`${name} == ${lit}`, (o) => o.some((x) => order(spec.type, x.value, v) === 0)],
          [`${name} != ${lit}`, (o) => o.length > 0 && o.every((x) => order(spec.type, x.value, v) !== 0)],
          [`${name} === ${lit}`, (o) => o.length > 0 && o.every((x) => order(spec.type, x.value, v) === 0)],
          [`${name} !== ${lit}`, (o) => o.some((x) => order(spec.type, x.value, v) !== 0)],
          [`${name} < ${lit}`, (o) => o.some((x) => order(spec.type, x.value, v) < 0)],
          [`${name} >= ${lit}`, (o) => o.some((x) => order(spec.type, x.value, v) >= 0)],
          [`all ${name} <= ${lit}`, (o) => o.length > 0 && o.every((x) => order(spec.type, x.value, v) <= 0)],
          [`${name} in {${lit}}`, (o) => o.some((x) => order(spec.type, x.value, v) === 0)],
          [`${name}#1 == ${lit}`, (o) => o.some((x) => x.layer === 1 && order(spec.type, x.value, v) === 0)],
          [`${name}#-1 == ${lit}`, (o) => o.some((x) => x.layer === x.layers && order(spec.type, x.value, v) === 0)],
          [`all ${name}#2 != ${lit}`, (o) => o.some((x) => x.layer === 2) && o.every((x) => x.layer !== 2 || order(spec.type, x.value, v) !== 0)],
        ];
        for (const [text, oracle] of cases) {
          const f = compileFilter(text);
          for (const { file, fr, occ } of FRAMES) {
            const mine = occ.filter((o) => reads.includes(o.name));
            const want = oracle(mine);
            if (f.matches(fr.d, fr.ctx) !== want) wrong.push(`${text}: ${file} frame ${fr.number} should ${want ? '' : 'not '}match`);
          }
        }
      }
      // Presence: the field is there exactly when the decoder emits it.
      const present = compileFilter(name);
      for (const { file, fr, occ } of FRAMES) {
        const want = occ.some((o) => reads.includes(o.name));
        if (present.matches(fr.d, fr.ctx) !== want) wrong.push(`${name}: ${file} frame ${fr.number} should ${want ? '' : 'not '}match`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
