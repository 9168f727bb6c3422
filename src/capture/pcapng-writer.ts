import { ByteSink } from './byte-sink';
import { MAXIMUM_SNAPLEN } from './link-type';
import { BLOCK, BYTE_ORDER_MAGIC, EPB, IDB, OPT, pad4, SHB } from './pcapng-format';
import { checkCaplen, checkTimestamp, PCAPNG_MAX_SEC } from './writer-limits';

export interface PcapngInterfaceSpec {
  readonly linkType: number;
  readonly name?: string;
  readonly description?: string;
  readonly snaplen?: number;
}

export interface PcapngPacketOptions {
  /** `opt_comment`: later issues name the input frame, verdict and reason here. */
  readonly comment?: string;
  /** `epb_flags` direction: 1 inbound, 2 outbound. */
  readonly flags?: number;
  /** Original length, when more than was captured. */
  readonly len?: number;
}

const utf8 = new TextEncoder();

/**
 * pcapng writer: one little-endian section, interfaces with `if_name` / `if_description`
 * and `if_tsresol` 9 (nanoseconds, so timestamps round-trip exactly), and EPBs with
 * `opt_comment` and `epb_flags`. The inverse of `PcapngReader` for what it writes.
 */
export class PcapngWriter {
  private readonly sink: ByteSink;
  /** Snaplen of each interface added, by id. */
  private readonly snaplens: number[] = [];

  constructor(path: string) {
    this.sink = new ByteSink(path);
    const s = this.sink;
    const total = SHB.OPTIONS + 4;
    s.reserve(total);
    const v = s.view;
    const p = s.pos;
    v.setUint32(p, BLOCK.SHB, true);
    v.setUint32(p + 4, total, true);
    v.setUint32(p + SHB.BYTE_ORDER, BYTE_ORDER_MAGIC, true);
    v.setUint16(p + SHB.MAJOR, 1, true);
    v.setUint16(p + SHB.MINOR, 0, true);
    v.setBigInt64(p + SHB.SECTION_LENGTH, -1n, true); // unknown, as streaming writers say
    v.setUint32(p + total - 4, total, true);
    s.pos = p + total;
  }

  /** Adds an interface; returns its id for `write`. */
  addInterface(spec: PcapngInterfaceSpec): number {
    const opts: [number, Uint8Array][] = [];
    if (spec.name !== undefined) opts.push([OPT.IF_NAME, utf8.encode(spec.name)]);
    if (spec.description !== undefined) opts.push([OPT.IF_DESCRIPTION, utf8.encode(spec.description)]);
    opts.push([OPT.IF_TSRESOL, Uint8Array.of(9)]);
    const snaplen = spec.snaplen ?? MAXIMUM_SNAPLEN;
    const total = IDB.OPTIONS + optionsLength(opts) + 4;
    const s = this.sink;
    s.reserve(total);
    const p = s.pos;
    const v = s.view;
    v.setUint32(p, BLOCK.IDB, true);
    v.setUint32(p + 4, total, true);
    v.setUint16(p + IDB.LINKTYPE, spec.linkType, true);
    v.setUint16(p + IDB.RESERVED, 0, true);
    v.setUint32(p + IDB.SNAPLEN, snaplen, true);
    writeOptions(s, p + IDB.OPTIONS, opts);
    v.setUint32(p + total - 4, total, true);
    s.pos = p + total;
    return this.snaplens.push(snaplen) - 1;
  }

  /** Appends an EPB. Throws RangeError for what the format cannot hold. */
  write(iface: number, data: Uint8Array, tsSec: number, tsNsec: number, opts: PcapngPacketOptions = {}): void {
    const snaplen = this.snaplens[iface];
    if (snaplen === undefined) throw new RangeError(`interface ${iface} was not added`);
    checkTimestamp(tsSec, tsNsec, PCAPNG_MAX_SEC);
    checkCaplen(data.length, snaplen);
    const options: [number, Uint8Array][] = [];
    if (opts.flags !== undefined) {
      const f = new Uint8Array(4);
      new DataView(f.buffer).setUint32(0, opts.flags, true);
      options.push([OPT.EPB_FLAGS, f]);
    }
    if (opts.comment !== undefined) options.push([OPT.COMMENT, utf8.encode(opts.comment)]);
    const total = EPB.DATA + pad4(data.length) + optionsLength(options) + 4;
    const s = this.sink;
    s.reserve(total);
    const p = s.pos;
    const v = s.view;
    const ts = BigInt(tsSec) * 1_000_000_000n + BigInt(tsNsec);
    v.setUint32(p, BLOCK.EPB, true);
    v.setUint32(p + 4, total, true);
    v.setUint32(p + EPB.IFACE, iface, true);
    v.setUint32(p + EPB.TS_HIGH, Number(ts >> 32n), true);
    v.setUint32(p + EPB.TS_LOW, Number(ts & 0xffffffffn), true);
    v.setUint32(p + EPB.CAPLEN, data.length, true);
    v.setUint32(p + EPB.LEN, opts.len ?? data.length, true);
    s.buf.set(data, p + EPB.DATA);
    s.buf.fill(0, p + EPB.DATA + data.length, p + EPB.DATA + pad4(data.length));
    writeOptions(s, p + EPB.DATA + pad4(data.length), options);
    v.setUint32(p + total - 4, total, true);
    s.pos = p + total;
  }

  close(): void {
    this.sink.close();
  }
}

/** Options plus the end-of-options marker, when there are any. */
function optionsLength(opts: readonly [number, Uint8Array][]): number {
  if (opts.length === 0) return 0;
  for (const [code, value] of opts) {
    // The option length is 16 bits: a longer value would be written with a wrapped length.
    if (value.length > 0xffff) throw new RangeError(`option ${code} of ${value.length} bytes exceeds 65535`);
  }
  return opts.reduce((n, [, value]) => n + 4 + pad4(value.length), 0) + 4;
}

function writeOptions(s: ByteSink, at: number, opts: readonly [number, Uint8Array][]): void {
  if (opts.length === 0) return;
  let o = at;
  for (const [code, value] of opts) {
    s.view.setUint16(o, code, true);
    s.view.setUint16(o + 2, value.length, true);
    s.buf.set(value, o + 4);
    s.buf.fill(0, o + 4 + value.length, o + 4 + pad4(value.length));
    o += 4 + pad4(value.length);
  }
  s.view.setUint32(o, 0, true); // opt_endofopt
}
