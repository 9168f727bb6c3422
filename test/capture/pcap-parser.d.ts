/**
 * The part of `pcap-parser` (no bundled types) the oracle test uses: an event emitter over a
 * classic microsecond pcap file, one `packet` event per record, then `end`.
 */
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events';

  export interface PacketHeader {
    readonly timestampSeconds: number;
    readonly timestampMicroseconds: number;
    readonly capturedLength: number;
    readonly originalLength: number;
  }

  export interface Parser extends EventEmitter {
    on(event: 'packet', listener: (packet: { readonly header: PacketHeader; readonly data: Buffer }) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'end', listener: () => void): this;
  }

  export function parse(input: string): Parser;
}
