import { ByteSource } from './byte-source';
import { CapturedFrame, type CaptureReader } from './captured-frame';
import { CaptureError, hexOffset, type CaptureWarning } from './capture-error';
import { MAXIMUM_SNAPLEN } from './link-type';
import {
  BLOCK,
  BLOCK_OVERHEAD,
  BYTE_ORDER_MAGIC,
  EPB,
  IDB,
  MAX_BLOCK_SIZE,
  OPT,
  PB,
  SHB,
  SPB,
  pad4,
} from './pcapng-format';
import { MICROSECONDS, splitTimestamp, tsOut, tsResolution, type TsResolution } from './timestamp-resolution';

/** What an Interface Description Block says, as far as frames need it. */
export interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly tsresol: TsResolution;
  readonly tsoffset: number;
}

const utf8 = new TextDecoder('utf-8');

/**
 * pcapng reader: every section in either byte order, IDBs with their options, EPB / SPB /
 * obsolete PB as packets; every other block (ISB, NRB, DSB, custom, unknown) is skipped by
 * its length. Checks follow libpcap's sf-pcapng.c (`read_block`, `read_options`): a block
 * shorter than 12 bytes, not a multiple of 4, longer than 16 MiB, or whose trailer length
 * disagrees is damage, reported with its offset.
 */
export class PcapngReader implements CaptureReader {
  readonly format = 'pcapng';
  readonly frame = new CapturedFrame();
  readonly warnings: CaptureWarning[] = [];
  /** Interfaces of the current section. */
  interfaces: PcapngInterface[] = [];
  private le = true;
  private section = -1;
  private done = false;

  constructor(private readonly src: ByteSource) {}

  get file(): string {
    return this.src.name;
  }

  next(): boolean {
    while (!this.done) {
      if (this.readBlock()) return true;
    }
    return false;
  }

  close(): void {
    this.src.close();
  }

  /** Reads one block; true when it was a packet (the frame is filled). */
  private readBlock(): boolean {
    const src = this.src;
    const at = src.offset;
    const have = src.fill(BLOCK_OVERHEAD);
    if (have < BLOCK_OVERHEAD) {
      if (have > 0) this.warn('truncated_block', at, `pcapng: block at offset ${hexOffset(at)} cut short at end of file (${have} bytes)`);
      this.done = true;
      return false;
    }
    let v = src.view;
    let p = src.pos;
    const typeLe = v.getUint32(p, true);
    if (typeLe === BLOCK.SHB) {
      // The byte order of a section is only known from its SHB's byte-order magic.
      const magicLe = v.getUint32(p + SHB.BYTE_ORDER, true);
      if (magicLe === BYTE_ORDER_MAGIC) this.le = true;
      else if (v.getUint32(p + SHB.BYTE_ORDER, false) === BYTE_ORDER_MAGIC) this.le = false;
      else this.fail('bad_block', at, `section header block has bad byte-order magic 0x${magicLe.toString(16)}`);
    } else if (this.section < 0) {
      this.fail('not_a_capture', at, 'file does not start with a section header block');
    }
    const le = this.le;
    const type = v.getUint32(p, le);
    const total = v.getUint32(p + 4, le);
    if (total < BLOCK_OVERHEAD) this.fail('bad_block', at, `total length ${total} < 12`);
    if (total % 4 !== 0) this.fail('bad_block', at, `total length ${total} is not a multiple of 4`);
    if (total > MAX_BLOCK_SIZE) this.fail('bad_block', at, `total length ${total} > maximum ${MAX_BLOCK_SIZE}`);
    const got = src.fill(total);
    if (got < total) {
      this.warn('truncated_block', at, `pcapng: block at offset ${hexOffset(at)} cut short at end of file (${got} of ${total} bytes)`);
      this.done = true;
      return false;
    }
    v = src.view;
    p = src.pos;
    const trailer = v.getUint32(p + total - 4, le);
    if (trailer !== total) this.fail('bad_block', at, `total length ${total} in header and ${trailer} in trailer differ`);

    let isPacket = false;
    switch (type) {
      case BLOCK.SHB:
        this.readSectionHeader(v, p, total, at);
        break;
      case BLOCK.IDB:
        this.readInterface(v, p, total, at);
        break;
      case BLOCK.EPB:
        isPacket = this.readEnhancedPacket(v, p, total, at);
        break;
      case BLOCK.SPB:
        isPacket = this.readSimplePacket(v, p, total, at);
        break;
      case BLOCK.PB:
        isPacket = this.readObsoletePacket(v, p, total, at);
        break;
      default:
        // ISB, NRB, DSB, custom and unknown blocks carry nothing a frame needs.
        break;
    }
    src.skip(total);
    return isPacket;
  }

  private readSectionHeader(v: DataView, p: number, total: number, at: number): void {
    if (total < 28) this.fail('bad_block', at, `section header block length ${total} < 28`);
    const major = v.getUint16(p + SHB.MAJOR, this.le);
    const minor = v.getUint16(p + SHB.MINOR, this.le);
    // libpcap accepts 1.0 and the 1.2 some writers produced; anything else is another format.
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      this.fail('unsupported_version', at, `unsupported section version ${major}.${minor}`);
    }
    this.walkOptions(v, p, SHB.OPTIONS, total, at, () => undefined);
    this.section++;
    this.interfaces = [];
  }

  private readInterface(v: DataView, p: number, total: number, at: number): void {
    if (total < 20) this.fail('bad_block', at, `interface description block length ${total} < 20`);
    const le = this.le;
    let name: string | undefined;
    let description: string | undefined;
    let tsresol = MICROSECONDS;
    let tsoffset = 0;
    this.walkOptions(v, p, IDB.OPTIONS, total, at, (code, o, len) => {
      if (code === OPT.IF_NAME) name = this.text(o, len);
      else if (code === OPT.IF_DESCRIPTION) description = this.text(o, len);
      else if (code === OPT.IF_TSRESOL && len >= 1) {
        const r = v.getUint8(o);
        if ((r & 0x7f) > 63) this.fail('bad_option', at, `if_tsresol ${r} out of range`);
        tsresol = tsResolution(r);
      } else if (code === OPT.IF_TSOFFSET && len >= 8) {
        tsoffset = Number(v.getBigInt64(o, le));
      }
    });
    this.interfaces.push({
      linkType: v.getUint16(p + IDB.LINKTYPE, le),
      snaplen: v.getUint32(p + IDB.SNAPLEN, le),
      name,
      description,
      tsresol,
      tsoffset,
    });
  }

  private readEnhancedPacket(v: DataView, p: number, total: number, at: number): boolean {
    const le = this.le;
    if (total < EPB.DATA + 4) this.fail('bad_block', at, `enhanced packet block length ${total} < 32`);
    const ifaceId = v.getUint32(p + EPB.IFACE, le);
    const caplen = v.getUint32(p + EPB.CAPLEN, le);
    const dataEnd = EPB.DATA + pad4(caplen);
    if (dataEnd + 4 > total) this.fail('bad_block', at, `enhanced packet block: captured length ${caplen} overruns the block (length ${total})`);
    const iface = this.iface(ifaceId, at);
    this.fill(iface, ifaceId, p + EPB.DATA, caplen, v.getUint32(p + EPB.LEN, le), at);
    this.setTimestamp(iface, v.getUint32(p + EPB.TS_HIGH, le), v.getUint32(p + EPB.TS_LOW, le));
    this.readPacketOptions(v, p, dataEnd, total, at);
    return true;
  }

  private readSimplePacket(v: DataView, p: number, total: number, at: number): boolean {
    // SPB: interface 0, no timestamp; captured length is the smaller of the original
    // length, the interface's snaplen and the block body (pcapng §4.4).
    if (total < SPB.DATA + 4) this.fail('bad_block', at, `simple packet block length ${total} < 16`);
    const iface = this.iface(0, at);
    const len = v.getUint32(p + SPB.LEN, this.le);
    let caplen = Math.min(len, total - SPB.DATA - 4);
    if (iface.snaplen !== 0) caplen = Math.min(caplen, iface.snaplen);
    this.fill(iface, 0, p + SPB.DATA, caplen, len, at);
    this.frame.hasTs = false;
    return true;
  }

  private readObsoletePacket(v: DataView, p: number, total: number, at: number): boolean {
    const le = this.le;
    if (total < PB.DATA + 4) this.fail('bad_block', at, `packet block length ${total} < 32`);
    const ifaceId = v.getUint16(p + PB.IFACE, le);
    const caplen = v.getUint32(p + PB.CAPLEN, le);
    const dataEnd = PB.DATA + pad4(caplen);
    if (dataEnd + 4 > total) this.fail('bad_block', at, `packet block: captured length ${caplen} overruns the block (length ${total})`);
    const iface = this.iface(ifaceId, at);
    this.fill(iface, ifaceId, p + PB.DATA, caplen, v.getUint32(p + PB.LEN, le), at);
    this.setTimestamp(iface, v.getUint32(p + PB.TS_HIGH, le), v.getUint32(p + PB.TS_LOW, le));
    this.readPacketOptions(v, p, dataEnd, total, at);
    return true;
  }

  /**
   * EPB and PB options after the packet data: flags (`epb_flags` / `pack_flags`) and
   * comments. A plain loop, no callback: this runs for every packet that has options.
   */
  private readPacketOptions(v: DataView, p: number, dataEnd: number, total: number, at: number): void {
    const end = p + total - 4;
    const f = this.frame;
    let comments: string[] | undefined;
    for (let o = p + dataEnd, len = this.optionLength(v, p, o, end, at); len >= 0; o += 4 + pad4(len), len = this.optionLength(v, p, o, end, at)) {
      const code = v.getUint16(o, this.le);
      if (code === OPT.EPB_FLAGS && len >= 4) f.flags = v.getUint32(o + 4, this.le);
      else if (code === OPT.COMMENT) (comments ??= []).push(this.text(o + 4, len));
    }
    f.comments = comments;
  }

  private fill(iface: PcapngInterface, ifaceId: number, dataAt: number, caplen: number, len: number, at: number): void {
    const maxCaplen = Math.max(iface.snaplen, MAXIMUM_SNAPLEN);
    if (caplen > maxCaplen) this.fail('bad_record', at, `captured length ${caplen} > maximum ${maxCaplen}`);
    const f = this.frame;
    f.number++;
    f.buf = this.src.buf;
    f.off = dataAt;
    f.caplen = caplen;
    f.len = len;
    f.linkType = iface.linkType;
    f.iface = ifaceId;
    f.ifname = iface.name;
    f.section = this.section;
    f.fileOffset = at;
    f.flags = 0;
    f.comments = undefined;
    f.hasTs = true;
  }

  private setTimestamp(iface: PcapngInterface, high: number, low: number): void {
    splitTimestamp(high, low, iface.tsresol);
    this.frame.tsSec = (tsOut[0] as number) + iface.tsoffset;
    this.frame.tsNsec = tsOut[1] as number;
  }

  private iface(id: number, at: number): PcapngInterface {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      this.fail('bad_block', at, `packet refers to interface ${id}, but the section has ${this.interfaces.length}`);
    }
    return iface;
  }

  /** Walks the options from `start` (block-relative) to the trailer, bounds-checked. */
  private walkOptions(
    v: DataView,
    p: number,
    start: number,
    total: number,
    at: number,
    visit: (code: number, valueAt: number, len: number) => void,
  ): void {
    const end = p + total - 4;
    for (let o = p + start, len = this.optionLength(v, p, o, end, at); len >= 0; o += 4 + pad4(len), len = this.optionLength(v, p, o, end, at)) {
      visit(v.getUint16(o, this.le), o + 4, len);
    }
  }

  /**
   * Length of the option at `o`, or -1 at `opt_endofopt` or when no option header fits
   * before `end` (the trailer). An option running past the block is damage.
   */
  private optionLength(v: DataView, p: number, o: number, end: number, at: number): number {
    if (o + 4 > end) return -1;
    const code = v.getUint16(o, this.le);
    if (code === OPT.END) return -1;
    const len = v.getUint16(o + 2, this.le);
    if (o + 4 + len > end) {
      this.fail('bad_option', at, `option ${code} at block offset ${o - p} has length ${len}, past the end of the block`);
    }
    return len;
  }

  private text(at: number, len: number): string {
    let n = len;
    const b = this.src.buf;
    while (n > 0 && b[at + n - 1] === 0) n--; // some writers NUL-terminate strings
    return utf8.decode(b.subarray(at, at + n));
  }

  private warn(code: CaptureWarning['code'], offset: number, message: string): void {
    this.warnings.push({ code, file: this.src.name, offset, message });
  }

  private fail(code: CaptureError['code'], at: number, detail: string): never {
    this.done = true;
    throw new CaptureError(code, this.src.name, at, `pcapng: block at offset ${hexOffset(at)}: ${detail}`);
  }
}
