import { parseIpv6 } from '../../src/addr/ipv6';
import { ipv4Number } from '../../src/filter/address-scan';
import { FAST_FIELDS } from '../../src/filter/fast-fields';
import { readMac } from '../../src/filter/filter-values';
import { LAYER_FIELD_TYPES } from '../../src/filter';
import type { FieldValue } from '../../src/wire/field-sink';
import { LAYER_FIELDS } from '../../src/wire/frame-fields';
import { CRAFTED, loadFrames } from './filter-helpers';

// The fast byte readers (src/filter/fast-fields.ts) must see exactly what the decoder's field
// readers emit: same layers, one value per offset, same value.

/** The generic value in the fast reader's form: MAC as 48 bits, IPv4 as 32, IPv6 as hex. */
function asRaw(v: FieldValue, type: string): number | string {
  if (type === 'mac') return Array.from(readMac(v as string)!).reduce((a, x) => a * 256 + x, 0);
  if (type === 'ipv4') return ipv4Number(v as string);
  if (type === 'ipv6') return Buffer.from(parseIpv6(v as string)!).toString('hex');
  return v as number;
}

describe('the fast field readers', () => {
  for (const [name, fast] of Object.entries(FAST_FIELDS)) {
    it(`read ${name} as the decoder's field reader emits it, on every crafted frame`, () => {
      const spec = (LAYER_FIELD_TYPES as Record<string, { type: string; of?: readonly string[] }>)[name]!;
      const reads = spec.of ?? [name];
      let checked = 0;
      for (const file of CRAFTED) {
        for (const { number, d } of loadFrames(file)) {
          for (let i = 0; i < d.count; i++) {
            const generic: (number | string)[] = [];
            LAYER_FIELDS[d.name(i)](d, i, (n, v) => {
              if (reads.includes(n)) generic.push(asRaw(v, spec.type));
            });
            const raw =
              d.ids[i] !== fast.layer
                ? []
                : fast.offsets.map((o) => {
                    const at = d.starts[i]! + o;
                    return fast.read === 'ipv6' ? Buffer.from(d.buf.subarray(at, at + 16)).toString('hex') : fast.read(d.buf, at);
                  });
            expect({ file, number, layer: i, values: raw.sort() }).toEqual({ file, number, layer: i, values: generic.sort() });
            checked += raw.length;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
