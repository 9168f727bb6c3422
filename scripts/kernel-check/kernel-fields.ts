/**
 * Field values of a frame the kernel put out, decoded with the project's own decoder (the
 * emulator's `firstFields`) so the kernel's frames and the emulator's records use one
 * vocabulary (Wireshark display-filter names).
 */
import { firstFields, GENERATED_FIELD_NAMES } from '../../src/stack/key-fields';
import type { FieldValue, Fields } from './records';

/**
 * The fields kept in observations: those the emulator shows for the frames the box sends,
 * and a few more to tell what any frame is.
 */
export const KEY_FIELDS: readonly string[] = [...GENERATED_FIELD_NAMES, 'eth.type', 'ip.proto', 'ipv6.nxt', 'udp.srcport', 'tcp.srcport', 'tcp.dstport'];
const KEEP: ReadonlySet<string> = new Set(KEY_FIELDS);

/** Every field of an Ethernet frame, first occurrence only. */
export function allFields(bytes: Uint8Array): Record<string, FieldValue> {
  return firstFields(bytes);
}

export function allFieldsOfHex(hex: string): Record<string, FieldValue> {
  return allFields(Uint8Array.from(Buffer.from(hex, 'hex')));
}

/** The KEY_FIELDS a frame has. */
export function keyFields(bytes: Uint8Array): Fields {
  return firstFields(bytes, (name) => KEEP.has(name));
}
