import { hex } from '../../src/wire/frame-builder';
import { LINKTYPE } from '../../src/capture/link-type';
import { DecodedFrame, type LayerName } from '../../src/wire/decoded-frame';
import { decodeBytes } from '../../src/wire/decode-frame';
import { collectFields } from '../../src/wire/frame-fields';
import type { FieldValue } from '../../src/wire/field-sink';

export { hex };

export interface DecodeOptions {
  readonly linkType?: number;
  /** Original length; more than the bytes given means the capture cut the frame short. */
  readonly len?: number;
}

/** Decodes one frame given as hex (or bytes), in a buffer of exactly its size. */
export function decode(frame: string | Uint8Array, opts: DecodeOptions = {}): DecodedFrame {
  const b = typeof frame === 'string' ? hex(frame) : frame;
  return decodeBytes(b, 0, b.length, opts.len ?? b.length, opts.linkType ?? LINKTYPE.ETHERNET, new DecodedFrame());
}

export function fields(d: DecodedFrame): Record<string, FieldValue[]> {
  return collectFields(d);
}

export function layers(d: DecodedFrame): LayerName[] {
  return Array.from({ length: d.count }, (_, i) => d.name(i));
}

/** The bytes `emit` wrote, for comparing with the input of `parse`. */
export function emitted(emit: (b: Uint8Array, o: number) => number, size = 2048): Uint8Array {
  const b = new Uint8Array(size);
  const n = emit(b, 0);
  return b.subarray(0, n);
}

/** Hex of bytes, for readable failures. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
