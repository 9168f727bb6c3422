import type { FieldValue } from '../wire/field-sink';
import { comparePrefix, ipv4Number, ipv6Bytes } from './address-scan';
import type { Constant } from './filter-values';

/**
 * Tests of one field value against a compile-time constant. The hot cases (equality with a
 * number or with a canonical address string) are single comparisons; ordering and prefixes
 * read the decoder's address text back into numbers without allocating.
 */
export type ValueTest = (v: FieldValue) => boolean;
export type Order = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** Scratch for IPv6 addresses read per frame (one filter evaluates at a time). */
const scratch = new Uint8Array(16);

/** `v <order> c` for a value of the constant's type. */
export function orderTest(c: Constant, order: Order): ValueTest {
  switch (c.type) {
    case 'uint':
    case 'bool':
      return numberTest(c.n, order);
    case 'time': {
      // Whole nanoseconds on both sides: 1.001000001 s read from a capture is not always
      // that double, but it rounds to the same nanosecond.
      const ns = c.ns;
      return byCompare(order, (v) => Math.round((v as number) * 1e9) - ns);
    }
    case 'mac':
    case 'string':
      // The decoder writes MACs as fixed-width lower-case hex, so text order is byte order.
      return stringTest(c.text, order);
    case 'ipv4': {
      if (c.bits === 32 && (order === 'eq' || order === 'ne')) return stringTest(c.text, order);
      const n = c.n;
      const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
      // A prefix compares the network part only, on both sides (as tshark: `ip.src > 192.0.2.0/24`
      // is true for 198.51.100.7 and false for 192.0.2.1).
      return byCompare(order, (v) => ((ipv4Number(v as string) & mask) >>> 0) - n);
    }
    case 'ipv6': {
      if (c.bits === 128 && (order === 'eq' || order === 'ne')) return stringTest(c.text, order);
      const bytes = c.bytes;
      const bits = c.bits;
      return byCompare(order, (v) => {
        ipv6Bytes(v as string, scratch);
        return comparePrefix(scratch, 0, bytes, bits);
      });
    }
  }
}

export function numberTest(n: number, order: Order): ValueTest {
  switch (order) {
    case 'eq':
      return (v) => v === n;
    case 'ne':
      return (v) => v !== n;
    case 'gt':
      return (v) => (v as number) > n;
    case 'ge':
      return (v) => (v as number) >= n;
    case 'lt':
      return (v) => (v as number) < n;
    case 'le':
      return (v) => (v as number) <= n;
  }
}

function stringTest(s: string, order: Order): ValueTest {
  switch (order) {
    case 'eq':
      return (v) => v === s;
    case 'ne':
      return (v) => v !== s;
    case 'gt':
      return (v) => (v as string) > s;
    case 'ge':
      return (v) => (v as string) >= s;
    case 'lt':
      return (v) => (v as string) < s;
    case 'le':
      return (v) => (v as string) <= s;
  }
}

/** `order` applied to a three-way comparison (negative, 0, positive). */
export function byCompare<V>(order: Order, cmp: (v: V) => number): (v: V) => boolean {
  switch (order) {
    case 'eq':
      return (v) => cmp(v) === 0;
    case 'ne':
      return (v) => cmp(v) !== 0;
    case 'gt':
      return (v) => cmp(v) > 0;
    case 'ge':
      return (v) => cmp(v) >= 0;
    case 'lt':
      return (v) => cmp(v) < 0;
    case 'le':
      return (v) => cmp(v) <= 0;
  }
}

/**
 * What a test asks of each occurrence, before the field is known to have a fast reader:
 * presence, an order relation with a constant, set membership, or a string test.
 */
export type Comparison =
  | { readonly kind: 'present' }
  | { readonly kind: 'order'; readonly constant: Constant; readonly order: Order }
  | { readonly kind: 'member'; readonly members: readonly Member[] }
  | { readonly kind: 'text'; readonly test: ValueTest };

/**
 * The comparison as a test of the decoder's value (undefined: presence alone). With `mask`,
 * the value is ANDed first, and a presence test asks for a bit of the mask to be set
 * (`tcp.flags & 0x02`).
 */
export function valueTest(c: Comparison, mask: number | undefined): ValueTest | undefined {
  let test: ValueTest;
  switch (c.kind) {
    case 'present':
      if (mask === undefined) return undefined;
      return (v) => ((v as number) & mask) !== 0;
    case 'order':
      test = orderTest(c.constant, c.order);
      break;
    case 'member':
      test = memberTest(c.members);
      break;
    case 'text':
      test = c.test;
      break;
  }
  if (mask === undefined) return test;
  return (v) => test(((v as number) & mask) >>> 0);
}

export interface Member {
  readonly low: Constant;
  /** `low..high` (inclusive); undefined for a single value. */
  readonly high: Constant | undefined;
}

/**
 * Set membership: equal to one of the values, inside one of the prefixes, or within one of
 * the ranges. Plain values (numbers, whole addresses, strings) go into one `Set` lookup.
 */
export function memberTest(members: readonly Member[]): ValueTest {
  const exact = new Set<FieldValue>();
  const others: ValueTest[] = [];
  for (const { low, high } of members) {
    if (high !== undefined) {
      const ge = orderTest(low, 'ge');
      const le = orderTest(high, 'le');
      others.push((v) => ge(v) && le(v));
    } else {
      const key = exactKey(low);
      if (key !== undefined) exact.add(key);
      else others.push(orderTest(low, 'eq'));
    }
  }
  if (others.length === 0) return (v) => exact.has(v);
  return (v) => {
    if (exact.has(v)) return true;
    for (let k = 0; k < others.length; k++) if (others[k]!(v)) return true;
    return false;
  };
}

/** The value the decoder would emit for a constant equal to it, when equality is plain `===`. */
function exactKey(c: Constant): FieldValue | undefined {
  switch (c.type) {
    case 'uint':
    case 'bool':
      return c.n;
    case 'mac':
    case 'string':
      return c.text;
    case 'ipv4':
      return c.bits === 32 ? c.text : undefined;
    case 'ipv6':
      return c.bits === 128 ? c.text : undefined;
    case 'time':
      return undefined;
  }
}
