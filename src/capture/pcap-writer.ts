import { ByteSink } from './byte-sink';
import { MAXIMUM_SNAPLEN } from './link-type';
import { PCAP_FILE_HEADER_LEN, PCAP_HDR, PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, PCAP_REC, PCAP_RECORD_HEADER_LEN } from './pcap-format';
import { checkCaplen, checkTimestamp, PCAP_MAX_SEC } from './writer-limits';

export interface PcapWriterOptions {
  readonly linkType: number;
  readonly snaplen?: number;
  /** Nanosecond magic (a1b23c4d) instead of microseconds. */
  readonly nanosecond?: boolean;
  /** Host order is little-endian here; big-endian files are for tests of the reader. */
  readonly littleEndian?: boolean;
}

/** Classic pcap 2.4 writer, the inverse of `PcapReader`. */
export class PcapWriter {
  private readonly sink: ByteSink;
  private readonly le: boolean;
  private readonly nano: boolean;
  private readonly snaplen: number;

  constructor(path: string, opts: PcapWriterOptions) {
    this.sink = new ByteSink(path);
    this.le = opts.littleEndian ?? true;
    this.nano = opts.nanosecond ?? false;
    this.snaplen = opts.snaplen ?? MAXIMUM_SNAPLEN;
    const s = this.sink;
    s.reserve(PCAP_FILE_HEADER_LEN);
    const v = s.view;
    v.setUint32(PCAP_HDR.MAGIC, this.nano ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, this.le);
    v.setUint16(PCAP_HDR.VERSION_MAJOR, 2, this.le);
    v.setUint16(PCAP_HDR.VERSION_MINOR, 4, this.le);
    v.setUint32(PCAP_HDR.THISZONE, 0, this.le);
    v.setUint32(PCAP_HDR.SIGFIGS, 0, this.le);
    v.setUint32(PCAP_HDR.SNAPLEN, this.snaplen, this.le);
    v.setUint32(PCAP_HDR.LINKTYPE, opts.linkType, this.le);
    s.pos = PCAP_FILE_HEADER_LEN;
  }

  /**
   * Appends a record. `tsNsec` is truncated to microseconds in a microsecond file.
   * `len` defaults to the captured length. Throws RangeError for what the format cannot hold.
   */
  write(data: Uint8Array, tsSec: number, tsNsec: number, len = data.length): void {
    checkTimestamp(tsSec, tsNsec, PCAP_MAX_SEC);
    checkCaplen(data.length, this.snaplen);
    const s = this.sink;
    s.reserve(PCAP_RECORD_HEADER_LEN + data.length);
    const p = s.pos;
    const v = s.view;
    v.setUint32(p + PCAP_REC.TS_SEC, tsSec, this.le);
    v.setUint32(p + PCAP_REC.TS_FRAC, this.nano ? tsNsec : Math.floor(tsNsec / 1000), this.le);
    v.setUint32(p + PCAP_REC.CAPLEN, data.length, this.le);
    v.setUint32(p + PCAP_REC.LEN, len, this.le);
    s.buf.set(data, p + PCAP_RECORD_HEADER_LEN);
    s.pos = p + PCAP_RECORD_HEADER_LEN + data.length;
  }

  close(): void {
    this.sink.close();
  }
}
