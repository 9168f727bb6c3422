import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeTypeOrLength, MAX_8023_LENGTH } from './ethertype';
import { readU16, writeU16, type FieldSink } from './field-sink';

/**
 * 802.1Q C-tag and 802.1ad S-tag, after their TPID (IEEE 802.1Q §9.6): a 16-bit TCI
 * (PCP 3 bits, DEI 1 bit, VID 12 bits) and the next EtherType. Stacks of any depth are
 * walked tag by tag (bounded by MAX_LAYERS).
 */
export const VLAN = { TCI: 0, TYPE: 2, HEADER_LEN: 4 } as const;

export interface VlanTag {
  readonly priority: number;
  readonly dei: number;
  readonly id: number;
  /** EtherType of what follows, or an 802.3 length when <= 1500. */
  readonly type: number;
}

export function parseVlan(b: Uint8Array, o: number): VlanTag {
  const tci = readU16(b, o + VLAN.TCI);
  return { priority: tci >>> 13, dei: (tci >>> 12) & 1, id: tci & 0xfff, type: readU16(b, o + VLAN.TYPE) };
}

export function emitVlan(h: VlanTag, b: Uint8Array, o: number): number {
  writeU16(b, o + VLAN.TCI, (h.priority << 13) | (h.dei << 12) | h.id);
  writeU16(b, o + VLAN.TYPE, h.type);
  return VLAN.HEADER_LEN;
}

export function decodeVlan(d: DecodedFrame, name: 'vlan' | 'ieee8021ad', b: Uint8Array, o: number, end: number): void {
  if (end - o < VLAN.HEADER_LEN) return d.short(name, `${name}.id`, o, VLAN.HEADER_LEN, end);
  if (!d.push(name === 'vlan' ? LAYER.VLAN : LAYER.IEEE8021AD, o, end)) return;
  decodeTypeOrLength(d, readU16(b, o + VLAN.TYPE), b, o + VLAN.HEADER_LEN, end);
}

export function vlanFields(d: DecodedFrame, i: number, sink: FieldSink): void {
  const b = d.buf;
  const o = d.starts[i]!;
  const tci = readU16(b, o + VLAN.TCI);
  const type = readU16(b, o + VLAN.TYPE);
  if (d.ids[i] === LAYER.IEEE8021AD) {
    // tshark reports the S-tag's TCI under ieee8021ad.* and its EtherType nowhere.
    sink('ieee8021ad.id', tci & 0xfff);
    sink('ieee8021ad.priority', tci >>> 13);
    sink('ieee8021ad.dei', (tci >>> 12) & 1);
    return;
  }
  sink('vlan.priority', tci >>> 13);
  sink('vlan.dei', (tci >>> 12) & 1);
  sink('vlan.id', tci & 0xfff);
  sink(type <= MAX_8023_LENGTH ? 'vlan.len' : 'vlan.etype', type);
}
