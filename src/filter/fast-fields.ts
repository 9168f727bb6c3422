import { LAYER, type LayerId } from '../wire/decoded-frame';
import { ETH } from '../wire/ethernet';
import { readU16, readU32 } from '../wire/field-sink';
import { IPV4 } from '../wire/ipv4';
import { IPV6 } from '../wire/ipv6';
import { TCP } from '../wire/tcp';
import { UDP } from '../wire/udp';
import { VLAN } from '../wire/vlan';
import { comparePrefix } from './address-scan';
import type { Constant } from './filter-values';
import { byCompare, numberTest, orderTest, type Comparison, type Member, type Order } from './value-tests';

/**
 * Direct byte readers for the fields filters use most (addresses, ports, TTL, VLAN id).
 *
 * The generic path runs a layer's whole field reader and compares the text it formats: for
 * `eth.src == ...` that is two MAC strings per Ethernet header, about 250 ns a frame. These
 * fields are read here as numbers (a MAC as one 48-bit number, an IPv4 address as 32 bits)
 * or compared in place (IPv6), at the wire modules' own offsets, in about 15 ns. Only fields
 * that their layer's reader emits unconditionally, once per offset, are listed, and
 * `test/filter/fast-fields.test.ts` checks every one against the generic reader on every
 * frame of the crafted captures, so the two paths cannot disagree unnoticed.
 */
type ReadNumber = (b: Uint8Array, o: number) => number;

export interface FastField {
  readonly layer: LayerId;
  /** Offsets from the layer's start, one per occurrence in the layer (two for `ip.addr`). */
  readonly offsets: readonly number[];
  /** How the bytes become a number, or `ipv6` for 16 bytes compared in place. */
  readonly read: ReadNumber | 'ipv6';
}

const u8: ReadNumber = (b, o) => b[o]!;
const u16: ReadNumber = readU16;
const u32: ReadNumber = readU32;
/** 48 bits fit a double exactly; numeric order is then byte order. */
const mac48: ReadNumber = (b, o) => readU16(b, o) * 0x1_0000_0000 + readU32(b, o + 2);
const vlanId: ReadNumber = (b, o) => readU16(b, o) & 0x0fff;

export const FAST_FIELDS: Readonly<Record<string, FastField>> = {
  'eth.dst': { layer: LAYER.ETH, offsets: [ETH.DST], read: mac48 },
  'eth.src': { layer: LAYER.ETH, offsets: [ETH.SRC], read: mac48 },
  'eth.addr': { layer: LAYER.ETH, offsets: [ETH.DST, ETH.SRC], read: mac48 },
  'vlan.id': { layer: LAYER.VLAN, offsets: [VLAN.TCI], read: vlanId },
  'ip.ttl': { layer: LAYER.IP, offsets: [IPV4.TTL], read: u8 },
  'ip.proto': { layer: LAYER.IP, offsets: [IPV4.PROTO], read: u8 },
  'ip.src': { layer: LAYER.IP, offsets: [IPV4.SRC], read: u32 },
  'ip.dst': { layer: LAYER.IP, offsets: [IPV4.DST], read: u32 },
  'ip.addr': { layer: LAYER.IP, offsets: [IPV4.SRC, IPV4.DST], read: u32 },
  'ipv6.nxt': { layer: LAYER.IPV6, offsets: [IPV6.NXT], read: u8 },
  'ipv6.hlim': { layer: LAYER.IPV6, offsets: [IPV6.HLIM], read: u8 },
  'ipv6.src': { layer: LAYER.IPV6, offsets: [IPV6.SRC], read: 'ipv6' },
  'ipv6.dst': { layer: LAYER.IPV6, offsets: [IPV6.DST], read: 'ipv6' },
  'ipv6.addr': { layer: LAYER.IPV6, offsets: [IPV6.SRC, IPV6.DST], read: 'ipv6' },
  'udp.srcport': { layer: LAYER.UDP, offsets: [UDP.SRC_PORT], read: u16 },
  'udp.dstport': { layer: LAYER.UDP, offsets: [UDP.DST_PORT], read: u16 },
  'udp.port': { layer: LAYER.UDP, offsets: [UDP.SRC_PORT, UDP.DST_PORT], read: u16 },
  'tcp.srcport': { layer: LAYER.TCP, offsets: [TCP.SRC_PORT], read: u16 },
  'tcp.dstport': { layer: LAYER.TCP, offsets: [TCP.DST_PORT], read: u16 },
  'tcp.port': { layer: LAYER.TCP, offsets: [TCP.SRC_PORT, TCP.DST_PORT], read: u16 },
};

/** A test of the field's bytes at `o` in `b`. */
export type RawTest = (b: Uint8Array, o: number) => boolean;

/** The fast reader for `name` when `c` can use it (string tests cannot), else undefined. */
export function fastFieldFor(name: string, c: Comparison, mask: number | undefined): FastField | undefined {
  if (c.kind === 'text' || !Object.hasOwn(FAST_FIELDS, name)) return undefined;
  const f = FAST_FIELDS[name]!;
  if (mask !== undefined && f.read === 'ipv6') return undefined;
  return f;
}

/** The comparison over raw bytes; undefined for presence alone. */
export function rawTest(f: FastField, c: Comparison, mask: number | undefined): RawTest | undefined {
  const read = f.read;
  if (read === 'ipv6') {
    if (c.kind === 'present') return undefined;
    if (c.kind === 'order') return ipv6Test(c.constant, c.order);
    if (c.kind === 'member') return ipv6MemberTest(c.members);
    return undefined;
  }
  const value: ReadNumber = mask === undefined ? read : (b, o) => (read(b, o) & mask) >>> 0;
  let test: (v: number) => boolean;
  switch (c.kind) {
    case 'present':
      if (mask === undefined) return undefined;
      return (b, o) => value(b, o) !== 0;
    case 'order':
      test = numericTest(c.constant, c.order);
      break;
    case 'member':
      test = numericMemberTest(c.members);
      break;
    default:
      return undefined;
  }
  return (b, o) => test(value(b, o));
}

/** `v <order> c` where v is the field read as a number (MAC as 48 bits, IPv4 as 32). */
function numericTest(c: Constant, order: Order): (v: number) => boolean {
  switch (c.type) {
    case 'uint':
    case 'bool':
    case 'mac':
      return numberTest(c.n, order);
    case 'ipv4': {
      if (c.bits === 32) return numberTest(c.n, order);
      const n = c.n;
      const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
      return byCompare(order, (v: number) => ((v & mask) >>> 0) - n);
    }
    default:
      // Not a type any numeric fast field has (the field table says so); keep the generic test.
      return orderTest(c, order) as (v: number) => boolean;
  }
}

function numericMemberTest(members: readonly Member[]): (v: number) => boolean {
  const exact = new Set<number>();
  const others: ((v: number) => boolean)[] = [];
  for (const { low, high } of members) {
    if (high !== undefined) {
      const ge = numericTest(low, 'ge');
      const le = numericTest(high, 'le');
      others.push((v) => ge(v) && le(v));
    } else if (low.type === 'uint' || low.type === 'bool' || low.type === 'mac' || (low.type === 'ipv4' && low.bits === 32)) {
      exact.add(low.n);
    } else others.push(numericTest(low, 'eq'));
  }
  if (others.length === 0) return (v) => exact.has(v);
  return (v) => {
    if (exact.has(v)) return true;
    for (let k = 0; k < others.length; k++) if (others[k]!(v)) return true;
    return false;
  };
}

function ipv6Test(c: Constant, order: Order): RawTest {
  if (c.type !== 'ipv6') throw new TypeError(`an IPv6 field compared with a ${c.type} constant`);
  const bytes = c.bytes;
  const bits = c.bits;
  const test = byCompare(order, (d: number) => d);
  return (b, o) => test(comparePrefix(b, o, bytes, bits));
}

function ipv6MemberTest(members: readonly Member[]): RawTest {
  const tests: RawTest[] = members.map(({ low, high }) => {
    if (high === undefined) return ipv6Test(low, 'eq');
    const ge = ipv6Test(low, 'ge');
    const le = ipv6Test(high, 'le');
    return (b, o) => ge(b, o) && le(b, o);
  });
  return (b, o) => {
    for (let k = 0; k < tests.length; k++) if (tests[k]!(b, o)) return true;
    return false;
  };
}
