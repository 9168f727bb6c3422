import { formatIpv6, parseIpv6 } from '../../src/addr/ipv6';
import { FRAME_FIELD_TYPES, LAYER_FIELD_TYPES, knownFieldNames, lookupField, type FieldType } from '../../src/filter';
import { LAYER_NAMES } from '../../src/wire/decoded-frame';
import type { FieldValue } from '../../src/wire/field-sink';
import { LAYER_FIELDS } from '../../src/wire/frame-fields';
import { CRAFTED, loadFrames } from './filter-helpers';

// The filter's field table is written by hand; these tests tie it to what the decoder emits.

interface Emitted {
  readonly layers: Set<string>;
  readonly values: FieldValue[];
}

/** Every field the decoder emits on the crafted captures, with the layers that emit it. */
function emittedFields(): Map<string, Emitted> {
  const out = new Map<string, Emitted>();
  for (const file of CRAFTED) {
    for (const { d } of loadFrames(file)) {
      for (let i = 0; i < d.count; i++) {
        const layer = d.name(i);
        LAYER_FIELDS[layer](d, i, (name, value) => {
          let e = out.get(name);
          if (e === undefined) out.set(name, (e = { layers: new Set(), values: [] }));
          e.layers.add(layer);
          e.values.push(value);
        });
      }
    }
  }
  return out;
}

const UINT_MAX: Readonly<Record<string, number>> = { uint8: 0xff, uint16: 0xffff, uint24: 0xffffff, uint32: 0xffffffff };

/** Why a value is not of the table's type, or undefined when it is. */
function typeMismatch(type: FieldType, v: FieldValue): string | undefined {
  switch (type) {
    case 'bool':
      return v === 0 || v === 1 ? undefined : 'not 0 or 1';
    case 'mac':
      return typeof v === 'string' && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(v) ? undefined : 'not a lower-case colon MAC';
    case 'ipv4':
      return typeof v === 'string' && /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(v) ? undefined : 'not a dotted quad';
    case 'ipv6': {
      const b = typeof v === 'string' ? parseIpv6(v) : undefined;
      return b !== undefined && formatIpv6(b, 0) === v ? undefined : 'not RFC 5952 IPv6 text';
    }
    default:
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT_MAX[type]! ? undefined : `not an unsigned integer up to ${UINT_MAX[type]}`;
  }
}

/**
 * Table entries no crafted frame makes the decoder emit, and why: they are checked against
 * the decoder source by reading, not by a frame. Keep this list short.
 */
const NOT_CRAFTED: Readonly<Record<string, string>> = {
  'vlan.len': 'an 802.3 length after an 802.1Q tag (no crafted frame has one)',
};

describe('the display-filter field table', () => {
  const emitted = emittedFields();
  const table = LAYER_FIELD_TYPES as Readonly<Record<string, { type: FieldType; layers: readonly string[]; of?: readonly string[] }>>;

  it('decodes the crafted captures of every link type', () => {
    expect(CRAFTED.length).toBeGreaterThanOrEqual(13);
  });

  it('knows every field the decoder emits on the crafted captures', () => {
    const unknown = [...emitted.keys()].filter((name) => !Object.hasOwn(table, name));
    expect(unknown).toEqual([]);
  });

  it('lists every layer that emits a field', () => {
    const wrong = [...emitted].flatMap(([name, e]) => [...e.layers].filter((l) => !table[name]?.layers.includes(l)).map((l) => `${name} from ${l}`));
    expect(wrong).toEqual([]);
  });

  it('gives every emitted value the type of its table entry', () => {
    const wrong = [...emitted].flatMap(([name, e]) => {
      const type = table[name]?.type;
      if (type === undefined) return [];
      const bad = e.values.map((v) => [v, typeMismatch(type, v)] as const).find(([, why]) => why !== undefined);
      return bad === undefined ? [] : [`${name} = ${JSON.stringify(bad[0])}: ${bad[1]} (table: ${type})`];
    });
    expect(wrong).toEqual([]);
  });

  it('has no entry the decoder never emits, apart from the few no crafted frame carries', () => {
    const stale = Object.entries(table)
      .filter(([name, spec]) => spec.of === undefined && !emitted.has(name) && !Object.hasOwn(NOT_CRAFTED, name))
      .map(([name]) => name);
    expect(stale).toEqual([]);
  });

  it('defines each alias over fields of its own type and layers', () => {
    for (const [name, spec] of Object.entries(table)) {
      for (const target of spec.of ?? []) {
        expect([name, table[target]?.type]).toEqual([name, spec.type]);
        expect([name, table[target]?.layers]).toEqual([name, spec.layers]);
      }
    }
  });

  it('knows every decoder layer as a protocol, and frame', () => {
    for (const name of [...LAYER_NAMES, 'frame']) expect([name, lookupField(name)?.source]).toEqual([name, 'protocol']);
  });

  it('knows the frame fields a caller supplies', () => {
    for (const name of Object.keys(FRAME_FIELD_TYPES)) expect([name, lookupField(name)?.source]).toEqual([name, 'frame']);
    expect(lookupField('frame.time_relative')?.type).toBe('time');
    expect(lookupField('frame.interface_name')?.type).toBe('string');
  });

  it('keeps layer ids within the 32-bit masks the evaluator uses', () => {
    expect(LAYER_NAMES.length).toBeLessThanOrEqual(32);
  });

  it('does not take inherited object keys for field names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(lookupField(name)).toBeUndefined();
  });

  it('describes unsigned integers by their width, as Wireshark does', () => {
    expect(lookupField('ip.ttl')).toMatchObject({ type: 'uint', max: 255, label: 'Unsigned integer (1 byte)' });
    expect(lookupField('vxlan.vni')).toMatchObject({ type: 'uint', max: 0xffffff, label: 'Unsigned integer (3 bytes)' });
    expect(knownFieldNames()).toContain('ip.addr');
  });
});
