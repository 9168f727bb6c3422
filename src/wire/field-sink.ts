import type { DecodedFrame } from './decoded-frame';

/** Receives a layer's fields, by Wireshark display-filter name, outer layers first. */
export type FieldValue = number | string;
export type FieldSink = (name: string, value: FieldValue) => void;

/**
 * Reads the fields of layer `i` of a decoded frame: its bytes are
 * `d.buf[d.starts[i] .. d.ends[i])`; the other layers are there for context (VRRP's
 * checksum needs the IP pseudo-header).
 */
export type LayerFields = (d: DecodedFrame, i: number, sink: FieldSink) => void;

export function readU16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v & 0xff;
}

export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
