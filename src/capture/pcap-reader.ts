import { ByteSource } from './byte-source';
import { CapturedFrame, type CaptureReader } from './captured-frame';
import { CaptureError, hexOffset, type CaptureWarning } from './capture-error';
import { MAX_CAPLEN, MAXIMUM_SNAPLEN } from './link-type';
import {
  LINKTYPE_MASK,
  LINKTYPE_RESERVED_MASK,
  PCAP_FILE_HEADER_LEN,
  PCAP_HDR,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  PCAP_REC,
  PCAP_RECORD_HEADER_LEN,
} from './pcap-format';

/**
 * Where the record header keeps the captured length: versions before 2.3 wrote the original
 * length first, and some 2.3 writers did too, so libpcap (`lengths_swapped` in sf-pcap.c)
 * swaps always before 2.3 and, in 2.3, when the "captured" length is the larger one.
 */
type LengthOrder = 'normal' | 'swapped' | 'maybe_swapped';

/**
 * Classic pcap reader: both byte orders, microsecond and nanosecond magic.
 *
 * Version checks and the record-length bound follow libpcap's `pcap_check_header` and
 * `pcap_next_packet` (sf-pcap.c), so a file libpcap refuses is refused here with the same
 * reason, and a record claiming a huge length cannot make reading quadratic.
 */
export class PcapReader implements CaptureReader {
  readonly format = 'pcap';
  readonly frame = new CapturedFrame();
  readonly warnings: CaptureWarning[] = [];
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snaplen: number;
  readonly linkType: number;
  private readonly maxCaplen: number;
  private readonly fracToNs: number;
  private readonly lengthOrder: LengthOrder;
  private done = false;

  constructor(private readonly src: ByteSource) {
    const file = src.name;
    const have = src.fill(PCAP_FILE_HEADER_LEN);
    if (have < PCAP_FILE_HEADER_LEN) {
      throw new CaptureError('bad_header', file, 0, `pcap: file header at offset 0x0 cut short (${have} of 24 bytes)`);
    }
    const v = src.view;
    const magicLe = v.getUint32(PCAP_HDR.MAGIC, true);
    const magicBe = v.getUint32(PCAP_HDR.MAGIC, false);
    if (magicLe === PCAP_MAGIC_MICRO || magicLe === PCAP_MAGIC_NANO) this.littleEndian = true;
    else if (magicBe === PCAP_MAGIC_MICRO || magicBe === PCAP_MAGIC_NANO) this.littleEndian = false;
    else throw new CaptureError('not_a_capture', file, 0, `not a pcap or pcapng file: magic 0x${magicBe.toString(16).padStart(8, '0')} at offset 0x0`);
    const le = this.littleEndian;
    this.nanosecond = v.getUint32(PCAP_HDR.MAGIC, le) === PCAP_MAGIC_NANO;
    this.fracToNs = this.nanosecond ? 1 : 1000;
    this.versionMajor = v.getUint16(PCAP_HDR.VERSION_MAJOR, le);
    this.versionMinor = v.getUint16(PCAP_HDR.VERSION_MINOR, le);
    // libpcap accepts 2.0 .. 2.4; 1.x and 2.5+ are refused (`pcap_check_header`).
    if (this.versionMajor !== 2 || this.versionMinor > 4) {
      throw new CaptureError(
        'unsupported_version',
        file,
        PCAP_HDR.VERSION_MAJOR,
        `pcap: file header at offset 0x4: unsupported pcap savefile version ${this.versionMajor}.${this.versionMinor}`,
      );
    }
    this.snaplen = v.getUint32(PCAP_HDR.SNAPLEN, le);
    const rawLinkType = v.getUint32(PCAP_HDR.LINKTYPE, le);
    if ((rawLinkType & LINKTYPE_RESERVED_MASK) !== 0) {
      throw new CaptureError(
        'bad_header',
        file,
        PCAP_HDR.LINKTYPE,
        `pcap: file header at offset 0x14: link-type field 0x${rawLinkType.toString(16)} has reserved bits set`,
      );
    }
    // The upper bits (26-31) carry the FCS length; the link type itself is the low 16.
    this.linkType = rawLinkType & LINKTYPE_MASK;
    // The snaplen is just another header field: it may raise the bound, but not without limit.
    this.maxCaplen = Math.min(Math.max(this.snaplen, MAXIMUM_SNAPLEN), MAX_CAPLEN);
    this.lengthOrder = this.versionMinor < 3 ? 'swapped' : this.versionMinor === 3 ? 'maybe_swapped' : 'normal';
    src.skip(PCAP_FILE_HEADER_LEN);
    this.frame.linkType = this.linkType;
  }

  get file(): string {
    return this.src.name;
  }

  next(): boolean {
    if (this.done) return false;
    const src = this.src;
    const at = src.offset;
    const have = src.fill(PCAP_RECORD_HEADER_LEN);
    if (have < PCAP_RECORD_HEADER_LEN) {
      if (have > 0) this.warn('truncated_record', at, `pcap: record header at offset ${hexOffset(at)} cut short at end of file (${have} of 16 bytes)`);
      return this.finish();
    }
    const v = src.view;
    const p = src.pos;
    const le = this.littleEndian;
    let caplen = v.getUint32(p + PCAP_REC.CAPLEN, le);
    let len = v.getUint32(p + PCAP_REC.LEN, le);
    if (this.lengthOrder === 'swapped' || (this.lengthOrder === 'maybe_swapped' && caplen > len)) {
      const t = caplen;
      caplen = len;
      len = t;
    }
    if (caplen > this.maxCaplen) {
      this.done = true;
      throw new CaptureError(
        'bad_record',
        src.name,
        at,
        `pcap: record at offset ${hexOffset(at)}: captured length ${caplen} > maximum ${this.maxCaplen}`,
      );
    }
    const total = PCAP_RECORD_HEADER_LEN + caplen;
    const got = src.fill(total);
    if (got < total) {
      this.warn('truncated_record', at, `pcap: record at offset ${hexOffset(at)} cut short at end of file (${got - PCAP_RECORD_HEADER_LEN} of ${caplen} bytes)`);
      return this.finish();
    }
    const f = this.frame;
    const q = src.pos; // fill may have slid the window
    const w = src.view;
    f.number++;
    f.buf = src.buf;
    f.off = q + PCAP_RECORD_HEADER_LEN;
    f.caplen = caplen;
    f.len = len;
    const frac = w.getUint32(q + PCAP_REC.TS_FRAC, le) * this.fracToNs;
    // Out-of-range fractions (tcpdump's timestamp_invalid tests) carry into the seconds.
    const carry = frac >= 1e9 ? Math.floor(frac / 1e9) : 0;
    f.tsSec = w.getUint32(q + PCAP_REC.TS_SEC, le) + carry;
    f.tsNsec = frac - carry * 1e9;
    f.fileOffset = at;
    src.skip(total);
    return true;
  }

  close(): void {
    this.src.close();
  }

  private warn(code: CaptureWarning['code'], offset: number, message: string): void {
    this.warnings.push({ code, file: this.src.name, offset, message });
  }

  private finish(): false {
    this.done = true;
    return false;
  }
}
