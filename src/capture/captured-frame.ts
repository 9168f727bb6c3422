/**
 * One captured record, as the readers deliver it.
 *
 * A reader owns exactly one `CapturedFrame` and refills it for every record: the bytes are
 * `buf[off .. off+caplen)` inside the reader's reused buffer and are valid only until the
 * next call to `next()`. Copy (`data.slice()`) what must outlive that. This is what keeps
 * reading allocation-free and memory flat (DESIGN.md §1).
 */
export class CapturedFrame {
  /** 1-based record number in the file (packet records only: EPB, SPB, PB). */
  number = 0;
  buf: Uint8Array = new Uint8Array(0);
  off = 0;
  caplen = 0;
  /** Original length on the wire. */
  len = 0;
  linkType = 0;
  /** Whole seconds since the epoch (unsigned: pcap's 0xFFFFFFFF is 2106). */
  tsSec = 0;
  /** Nanoseconds within the second, 0..999999999 after normalisation. */
  tsNsec = 0;
  /** False for pcapng Simple Packet Blocks, which carry no timestamp. */
  hasTs = true;
  /** Section-local interface id (pcapng); undefined for classic pcap. */
  iface: number | undefined = undefined;
  ifname: string | undefined = undefined;
  /** 0-based pcapng section index; always 0 for classic pcap. */
  section = 0;
  /** File offset of the record (pcap record header, or pcapng block). */
  fileOffset = 0;
  /** pcapng `epb_flags` (bits 0-1: 1 inbound, 2 outbound); 0 when absent. */
  flags = 0;
  /** pcapng `opt_comment` values of the record, when it has any. */
  comments: readonly string[] | undefined = undefined;

  /** The captured bytes as a view (allocates a small view object: not for hot loops). */
  get data(): Uint8Array {
    return this.buf.subarray(this.off, this.off + this.caplen);
  }

  /** Exact timestamp in nanoseconds since the epoch. */
  get ts(): bigint | undefined {
    return this.hasTs ? BigInt(this.tsSec) * 1_000_000_000n + BigInt(this.tsNsec) : undefined;
  }

  /** `seconds.nnnnnnnnn`, exactly 9 decimals, as tshark prints `frame.time_epoch`. */
  tsString(): string | undefined {
    return this.hasTs ? formatTimestamp(this.tsSec, this.tsNsec) : undefined;
  }

  /** pcapng packet direction from `epb_flags` (RFC pcapng §4.3.1). */
  get direction(): 'inbound' | 'outbound' | undefined {
    const d = this.flags & 3;
    return d === 1 ? 'inbound' : d === 2 ? 'outbound' : undefined;
  }
}

export function formatTimestamp(sec: number, nsec: number): string {
  // Before the epoch (a negative if_tsoffset) the fraction counts back from the second above.
  if (sec < 0 && nsec > 0) return `-${formatTimestamp(-sec - 1, 1_000_000_000 - nsec)}`;
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

/** Common shape of the pcap and pcapng readers: a pull loop over one reused frame. */
export interface CaptureReader {
  readonly format: 'pcap' | 'pcapng';
  readonly file: string;
  /** The current record; refilled by every `next()`. */
  readonly frame: CapturedFrame;
  /** Warnings met so far (damage at end of file). */
  readonly warnings: readonly import('./capture-error').CaptureWarning[];
  /** Advances to the next packet record; false at end of input. Throws `CaptureError`. */
  next(): boolean;
  close(): void;
}
