/**
 * Field values of a frame the kernel put out, decoded with the project's own decoder
 * (`decodeBytes`, `collectFields`) so the kernel's frames and the emulator's records use
 * one vocabulary (Wireshark display-filter names).
 */
import { LINKTYPE } from '../../src/capture/link-type';
import { decodeBytes } from '../../src/wire/decode-frame';
import { DecodedFrame } from '../../src/wire/decoded-frame';
import { collectFields } from '../../src/wire/frame-fields';
import type { FieldValue, Fields } from './records';

/** The fields kept in observations: enough to say what a frame is and how it was rewritten. */
export const KEY_FIELDS = [
  'eth.src',
  'eth.dst',
  'eth.type',
  'vlan.id',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
  'ip.src',
  'ip.dst',
  'ip.ttl',
  'ip.proto',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.hlim',
  'ipv6.nxt',
  'icmp.type',
  'icmp.code',
  'icmpv6.type',
  'icmpv6.code',
  'icmpv6.nd.ns.target_address',
  'icmpv6.nd.na.target_address',
  'udp.srcport',
  'udp.dstport',
  'tcp.srcport',
  'tcp.dstport',
] as const;

const shared = new DecodedFrame();

/** Every field of an Ethernet frame, first occurrence only (outer headers, not the packet an ICMP error quotes). */
export function allFields(bytes: Uint8Array): Record<string, FieldValue> {
  const d = decodeBytes(bytes, 0, bytes.length, bytes.length, LINKTYPE.ETHERNET, shared);
  const all = collectFields(d);
  const out: Record<string, FieldValue> = {};
  for (const [name, values] of Object.entries(all)) {
    const first = values[0];
    if (first !== undefined) out[name] = first;
  }
  return out;
}

export function allFieldsOfHex(hex: string): Record<string, FieldValue> {
  return allFields(Uint8Array.from(Buffer.from(hex, 'hex')));
}

/** The KEY_FIELDS a frame has. */
export function keyFields(bytes: Uint8Array): Fields {
  const all = allFields(bytes);
  const out: Record<string, FieldValue> = {};
  for (const k of KEY_FIELDS) {
    const v = all[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
