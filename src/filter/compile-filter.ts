import { LAYER_NAMES, type DecodedFrame } from '../wire/decoded-frame';
import type { FieldSink, FieldValue, LayerFields } from '../wire/field-sink';
import { LAYER_FIELDS } from '../wire/frame-fields';
import { fastFieldFor, rawTest, type FastField, type RawTest } from './fast-fields';
import { lookupField, type FieldInfo, type FrameFieldName } from './field-table';
import { FilterError } from './filter-error';
import type { FieldRef, FilterNode, LayerRange, Literal, Quantifier, Relation } from './filter-syntax';
import { readConstant, readUnsigned, type Constant } from './filter-values';
import { parseFilter } from './parse-filter';
import { valueTest, type Comparison, type Order, type ValueTest } from './value-tests';

/** What the capture record knows and the bytes do not (Wireshark's `frame.*` fields). */
export interface FilterContext {
  /** 1-based frame number (`frame.number`). */
  number?: number;
  /**
   * Seconds since the first frame of the capture (`frame.time_relative`), compared to the
   * nanosecond. Compute it from whole seconds and nanoseconds apart,
   * `(sec - sec0) + (nsec - nsec0) / 1e9`: a double of epoch seconds keeps only microseconds.
   */
  timeRelative?: number;
  /** pcapng interface name (`frame.interface_name`). */
  interfaceName?: string;
  /** pcapng interface id (`frame.interface_id`). */
  interfaceId?: number;
  /** Original length (`frame.len`); defaults to the decoded frame's. */
  len?: number;
  /** Captured length (`frame.cap_len`); defaults to the decoded frame's. */
  capLen?: number;
}

export interface DisplayFilter {
  readonly text: string;
  /**
   * True when the decoded frame passes the filter. The filter allocates nothing per frame; a
   * field without a fast byte reader is read through the decoder's layer reader, which
   * formats that layer's addresses as strings.
   */
  matches(d: DecodedFrame, ctx?: FilterContext): boolean;
  /** The protocols and fields the filter reads, in order of first use. */
  readonly fields: readonly string[];
}

type Test = (d: DecodedFrame, ctx: FilterContext) => boolean;

const NO_CONTEXT: FilterContext = Object.freeze({});

/** Field readers by layer id, so the walk indexes an array instead of looking up a name. */
const READERS: readonly LayerFields[] = LAYER_NAMES.map((name) => LAYER_FIELDS[name]);

const FRAME_VALUES: Readonly<Record<FrameFieldName, (d: DecodedFrame, ctx: FilterContext) => FieldValue | undefined>> = {
  'frame.number': (_d, c) => c.number,
  'frame.time_relative': (_d, c) => c.timeRelative,
  'frame.interface_name': (_d, c) => c.interfaceName,
  'frame.interface_id': (_d, c) => c.interfaceId,
  'frame.len': (d, c) => c.len ?? d.len,
  'frame.cap_len': (d, c) => c.capLen ?? d.caplen,
  'frame.protocols': (d) => d.protocols(),
};

/**
 * Compiles a display filter (the subset in docs/display-filter.md) into a tree of closures.
 * Throws `FilterError` for a syntax error, an unknown name or a value of the wrong type.
 */
export function compileFilter(text: string): DisplayFilter {
  const tree = parseFilter(text);
  const compiler = new FilterCompiler(text);
  const test = compiler.compile(tree);
  const fields = Object.freeze([...compiler.names]);
  return Object.freeze({ text, fields, matches: (d: DecodedFrame, ctx: FilterContext = NO_CONTEXT): boolean => test(d, ctx) });
}

/**
 * How each relation quantifies over a field's occurrences (wireshark-filter(4), Wireshark 4):
 * `==` any occurrence equal, `!=` every occurrence different, `===` every occurrence equal,
 * `!==` some occurrence different; ordering and string tests hold for any occurrence.
 */
const RELATION_RULES: Readonly<Record<Exclude<Relation, 'contains' | 'matches'>, { order: Order; quantifier: Quantifier }>> = {
  any_eq: { order: 'eq', quantifier: 'any' },
  all_ne: { order: 'ne', quantifier: 'all' },
  all_eq: { order: 'eq', quantifier: 'all' },
  any_ne: { order: 'ne', quantifier: 'any' },
  gt: { order: 'gt', quantifier: 'any' },
  ge: { order: 'ge', quantifier: 'any' },
  lt: { order: 'lt', quantifier: 'any' },
  le: { order: 'le', quantifier: 'any' },
};

class FilterCompiler {
  readonly names = new Set<string>();

  constructor(private readonly text: string) {}

  compile(node: FilterNode): Test {
    switch (node.kind) {
      case 'everything':
        return () => true;
      case 'and': {
        const a = this.compile(node.left);
        const b = this.compile(node.right);
        return (d, c) => a(d, c) && b(d, c);
      }
      case 'or': {
        const a = this.compile(node.left);
        const b = this.compile(node.right);
        return (d, c) => a(d, c) || b(d, c);
      }
      case 'not': {
        const a = this.compile(node.operand);
        return (d, c) => !a(d, c);
      }
      case 'exists': {
        const info = this.resolve(node.field);
        if (info.source === 'protocol') {
          if (node.field.mask !== undefined) this.mask(node.field, info);
          return protocolTest(info, node.field.layers);
        }
        // `tcp.flags & 0x02` alone: some occurrence has a bit of the mask set.
        return fieldTest(info, node.field.layers, { kind: 'present' }, this.mask(node.field, info), 'any');
      }
      case 'compare': {
        const info = this.resolveValued(node.field);
        const mask = this.mask(node.field, info);
        if (node.relation === 'contains' || node.relation === 'matches') {
          const test = this.stringTest(info, node.relation, node.value.value, node);
          return fieldTest(info, node.field.layers, { kind: 'text', test }, mask, node.quantifier ?? 'any');
        }
        const rule = RELATION_RULES[node.relation];
        const comparison: Comparison = { kind: 'order', constant: this.constant(info, node.value), order: rule.order };
        return fieldTest(info, node.field.layers, comparison, mask, node.quantifier ?? rule.quantifier);
      }
      case 'in': {
        const info = this.resolveValued(node.field);
        const mask = this.mask(node.field, info);
        const members = node.members.map((m) => ({
          low: this.constant(info, m.low),
          high: m.high === undefined ? undefined : this.constant(info, m.high),
        }));
        return fieldTest(info, node.field.layers, { kind: 'member', members }, mask, node.quantifier ?? 'any');
      }
    }
  }

  private resolve(ref: FieldRef): FieldInfo {
    const info = lookupField(ref.name);
    if (info === undefined) throw new FilterError(`"${ref.name}" is not a valid protocol or protocol field.`, ref.column, this.text, ref.length);
    this.names.add(info.name);
    return info;
  }

  /** A field that has values to compare: not a protocol (Wireshark compares a protocol's bytes; we have no bytes type). */
  private resolveValued(ref: FieldRef): FieldInfo {
    const info = this.resolve(ref);
    if (info.type === 'protocol') {
      throw new FilterError(`"${info.name}" is a protocol: it can only be tested for presence, not compared with a value.`, ref.column, this.text, ref.length);
    }
    return info;
  }

  private constant(info: FieldInfo, lit: Literal): Constant {
    return readConstant(info, lit, this.text);
  }

  /** The `& mask` value, checked against the field (integer fields only). */
  private mask(ref: FieldRef, info: FieldInfo): number | undefined {
    const lit = ref.mask;
    if (lit === undefined) return undefined;
    if (info.type !== 'uint' && info.type !== 'bool') {
      throw new FilterError(`"${info.name}" (type=${info.label}) cannot participate in a bitwise "&".`, ref.column, this.text, ref.length);
    }
    const n = lit.kind === 'word' ? readUnsigned(lit.value) : undefined;
    if (n === undefined) throw new FilterError(`"${lit.value}" is not a valid number.`, lit.column, this.text, lit.length);
    if (n > 0xffffffff) throw new FilterError(`"${lit.value}" too big for a bitwise mask, maximum ${0xffffffff}.`, lit.column, this.text, lit.length);
    return n;
  }

  private stringTest(info: FieldInfo, relation: 'contains' | 'matches', pattern: string, node: Extract<FilterNode, { kind: 'compare' }>): ValueTest {
    if (info.type !== 'string') {
      throw new FilterError(`"${info.name}" (type=${info.label}) cannot participate in "${node.opText}" comparison.`, node.field.column, this.text, node.field.length);
    }
    if (node.value.kind !== 'string') {
      throw new FilterError(`"${node.value.value}" is not a quoted string: write "${node.value.value}".`, node.value.column, this.text, node.value.length);
    }
    if (relation === 'contains') return (v) => (v as string).includes(pattern);
    // Case-insensitive by default, as Wireshark's PCRE2 `matches`; the syntax is JavaScript's.
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'i');
    } catch (e) {
      throw new FilterError(`"${pattern}" is not a valid regular expression: ${(e as Error).message}`, node.value.column, this.text, node.value.length);
    }
    return (v) => re.test(v as string);
  }
}

/** Resolves a layer range against the number of layers present (`#-1` is the last). */
function inRange(k: number, total: number, r: LayerRange): boolean {
  const from = r.from < 0 ? total + 1 + r.from : r.from;
  const to = r.to < 0 ? total + 1 + r.to : r.to;
  return k >= from && k <= to;
}

/** A protocol is present when a layer of it is (`frame` always is). */
function protocolTest(info: FieldInfo, range: LayerRange | undefined): Test {
  if (info.layerIds.length === 0) return range === undefined ? () => true : () => inRange(1, 1, range);
  const id = info.layerIds[0]!;
  if (range === undefined) {
    return (d) => {
      const ids = d.ids;
      for (let i = 0, n = d.count; i < n; i++) if (ids[i] === id) return true;
      return false;
    };
  }
  return (d) => {
    let total = 0;
    const ids = d.ids;
    for (let i = 0, n = d.count; i < n; i++) if (ids[i] === id) total++;
    for (let k = 1; k <= total; k++) if (inRange(k, total, range)) return true;
    return false;
  };
}

/**
 * A test over every occurrence of a field: `any` holds when one occurrence passes (or, for
 * presence, when the field is there at all), `all` when there is at least one and every one
 * passes. An absent field fails both, as in Wireshark.
 */
function fieldTest(info: FieldInfo, range: LayerRange | undefined, c: Comparison, mask: number | undefined, quantifier: Quantifier): Test {
  if (info.source === 'frame') {
    const value = FRAME_VALUES[info.name as FrameFieldName];
    const test = valueTest(c, mask);
    return (d, ctx) => {
      if (range !== undefined && !inRange(1, 1, range)) return false;
      const v = value(d, ctx);
      return v !== undefined && (test === undefined || test(v));
    };
  }
  const fast = fastFieldFor(info.name, c, mask);
  if (fast !== undefined) return fastFieldTest(fast, range, rawTest(fast, c, mask), quantifier);
  const test = valueTest(c, mask);
  return range === undefined ? layerFieldTest(info, test, quantifier) : layerRangeTest(info, range, test, quantifier);
}

/**
 * A field with a direct byte reader (`fast-fields.ts`): one per offset in each of its layers,
 * always there when the layer is, so presence is the layer's presence.
 */
function fastFieldTest(f: FastField, range: LayerRange | undefined, test: RawTest | undefined, quantifier: Quantifier): Test {
  const id = f.layer;
  const o0 = f.offsets[0]!;
  const o1 = f.offsets[1] ?? -1;
  const all = quantifier === 'all';
  const fromEnd = range !== undefined && (range.from < 0 || range.to < 0);
  return (d) => {
    const ids = d.ids;
    const n = d.count;
    let total = 0;
    if (fromEnd) for (let i = 0; i < n; i++) if (ids[i] === id) total++;
    let k = 0;
    let seen = false;
    for (let i = 0; i < n; i++) {
      if (ids[i] !== id) continue;
      if (range !== undefined && !inRange(++k, total, range)) continue;
      if (test === undefined) return true;
      seen = true;
      const b = d.buf;
      const s = d.starts[i]!;
      let pass = test(b, s + o0);
      if (o1 >= 0) pass = all ? pass && test(b, s + o1) : pass || test(b, s + o1);
      // The answer is known: a passing occurrence for `any`, a failing one for `all`.
      if (pass !== all) return pass;
    }
    return all && seen;
  };
}

/** Bit `id` set for every layer id whose reader emits the field. */
function layerMask(info: FieldInfo): number {
  let mask = 0;
  for (const id of info.layerIds) {
    // A 32-bit mask: a 33rd layer name would need a second word here.
    if (id < 0 || id > 31) throw new RangeError(`layer id ${id} of ${info.name} does not fit the layer mask`);
    mask |= 1 << id;
  }
  return mask;
}

/**
 * The walk over the layers: only layers whose reader emits the field are read, and the walk
 * stops as soon as the answer is known. The sink and its state are made once, here, so an
 * evaluation allocates nothing of its own.
 */
function layerFieldTest(info: FieldInfo, test: ValueTest | undefined, quantifier: Quantifier): Test {
  const a = info.reads[0]!;
  const b = info.reads[1] ?? a;
  const mask = layerMask(info);
  const all = quantifier === 'all';
  let pass = false;
  let fail = false;
  let seen = false;
  const sink: FieldSink = (name, value) => {
    if (name !== a && name !== b) return;
    seen = true;
    if (test === undefined || test(value)) pass = true;
    else fail = true;
  };
  return (d) => {
    pass = false;
    fail = false;
    seen = false;
    const ids = d.ids;
    for (let i = 0, n = d.count; i < n; i++) {
      const id = ids[i]!;
      if (((mask >>> id) & 1) === 0) continue;
      READERS[id]!(d, i, sink);
      if (all ? fail : pass) break;
    }
    return all ? seen && !fail : pass;
  };
}

/**
 * The same walk restricted to layers `range` (Wireshark's layer operator): the k-th layer of
 * the protocol that emits the field, counted from the outermost (from the innermost for
 * negative numbers). `ip.dst#2` is the inner IPv4 destination after a tunnel or inside an
 * ICMP error; every `vrrp.ip_addr` of the first VRRP header is `vrrp.ip_addr#1`.
 */
function layerRangeTest(info: FieldInfo, range: LayerRange, test: ValueTest | undefined, quantifier: Quantifier): Test {
  const a = info.reads[0]!;
  const b = info.reads[1] ?? a;
  const mask = layerMask(info);
  const all = quantifier === 'all';
  const fromEnd = range.from < 0 || range.to < 0;
  const counts = new Int32Array(32);
  const totals = new Int32Array(32);
  let pass = false;
  let fail = false;
  let seen = false;
  const sink: FieldSink = (name, value) => {
    if (name !== a && name !== b) return;
    seen = true;
    if (test === undefined || test(value)) pass = true;
    else fail = true;
  };
  return (d) => {
    pass = false;
    fail = false;
    seen = false;
    counts.fill(0);
    const ids = d.ids;
    const n = d.count;
    if (fromEnd) {
      totals.fill(0);
      for (let i = 0; i < n; i++) totals[ids[i]!]!++;
    }
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (((mask >>> id) & 1) === 0) continue;
      const k = ++counts[id]!;
      if (!inRange(k, totals[id]!, range)) continue;
      READERS[id]!(d, i, sink);
      if (all ? fail : pass) break;
    }
    return all ? seen && !fail : pass;
  };
}
