/**
 * Shared helpers of the capture tests: byte builders for classic pcap and pcapng (either byte
 * order, every field settable so tests can lie on purpose), a temp directory, a reader that
 * collects plain records, and the optional public corpus in ../shared/pcaps.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CaptureError, type CaptureErrorCode, type CaptureWarning } from '../../src/capture/capture-error';
import type { CaptureReader } from '../../src/capture/captured-frame';
import { openCapture } from '../../src/capture/open-capture';
import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO } from '../../src/capture/pcap-format';
import { BLOCK, BYTE_ORDER_MAGIC, OPT } from '../../src/capture/pcapng-format';

/** Appends fields in one byte order (switchable: a pcapng file may change it per section). */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  constructor(public le = true) {}

  u8(v: number): this {
    this.room(1).setUint8(this.length - 1, v);
    return this;
  }
  u16(v: number): this {
    this.room(2).setUint16(this.length - 2, v, this.le);
    return this;
  }
  u32(v: number): this {
    this.room(4).setUint32(this.length - 4, v, this.le);
    return this;
  }
  i64(v: bigint): this {
    this.room(8).setBigInt64(this.length - 8, v, this.le);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length - b.length);
    return this;
  }
  /** Zero bytes up to the next multiple of 4. */
  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0);
    return this;
  }
  /** Overwrites a u32 written earlier (block lengths are known only at the end). */
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v, this.le);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private room(n: number): DataView {
    if (this.length + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      bigger.set(this.buf.subarray(0, this.length));
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
    this.length += n;
    return this.view;
  }
}

/** Deterministic packet bytes, different per `seed`, so a mix-up between frames shows. */
export function packet(length: number, seed = 1): Uint8Array {
  const b = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

// ---------------------------------------------------------------------------------------
// Classic pcap

export interface PcapRecordSpec {
  readonly sec: number;
  /** Microseconds or nanoseconds, as the file's magic says; may be out of range on purpose. */
  readonly frac: number;
  readonly data: Uint8Array;
  /** Original length; defaults to the data length. */
  readonly len?: number;
  /** The captured-length field, when it must lie about the data that follows. */
  readonly caplen?: number;
}

export interface PcapFileSpec {
  readonly le?: boolean;
  readonly nano?: boolean;
  readonly version?: readonly [major: number, minor: number];
  readonly snaplen?: number;
  /** The whole 32-bit link-type field (reserved and FCS bits included). */
  readonly linkType?: number;
  readonly records?: readonly PcapRecordSpec[];
}

export function pcapBytes(spec: PcapFileSpec = {}): Uint8Array {
  const w = new ByteWriter(spec.le ?? true);
  const [major, minor] = spec.version ?? [2, 4];
  w.u32(spec.nano === true ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO).u16(major).u16(minor);
  w.u32(0).u32(0).u32(spec.snaplen ?? 262144).u32(spec.linkType ?? 1);
  for (const r of spec.records ?? []) w.bytes(pcapRecordBytes(r, w.le));
  return w.result();
}

/** One record: 16-byte header and the data (no padding in classic pcap). */
export function pcapRecordBytes(r: PcapRecordSpec, le = true): Uint8Array {
  return new ByteWriter(le)
    .u32(r.sec)
    .u32(r.frac)
    .u32(r.caplen ?? r.data.length)
    .u32(r.len ?? r.data.length)
    .bytes(r.data)
    .result();
}

// ---------------------------------------------------------------------------------------
// pcapng

/** One option, written in the byte order of the section it lands in. */
export type PcapngOption = (w: ByteWriter) => void;

const utf8 = new TextEncoder();

export const option = {
  bytes: (code: number, value: Uint8Array): PcapngOption => (w) => {
    w.u16(code).u16(value.length).bytes(value).pad4();
  },
  text: (code: number, value: string): PcapngOption => option.bytes(code, utf8.encode(value)),
  u8: (code: number, value: number): PcapngOption => option.bytes(code, Uint8Array.of(value)),
  u32: (code: number, value: number): PcapngOption => (w) => {
    w.u16(code).u16(4).u32(value);
  },
  i64: (code: number, value: bigint): PcapngOption => (w) => {
    w.u16(code).u16(8).i64(value);
  },
};

export interface InterfaceSpec {
  readonly linkType?: number;
  readonly snaplen?: number;
  readonly name?: string;
  readonly description?: string;
  /** Raw if_tsresol byte (0x80 bit: power of 2). */
  readonly tsresol?: number;
  readonly tsoffset?: bigint;
  readonly options?: readonly PcapngOption[];
}

export interface PacketSpec {
  readonly iface?: number;
  /** Timestamp in the interface's units. */
  readonly units: bigint;
  readonly data: Uint8Array;
  readonly len?: number;
  /** The captured-length field, when it must lie. */
  readonly caplen?: number;
  readonly flags?: number;
  readonly comments?: readonly string[];
  readonly options?: readonly PcapngOption[];
}

/**
 * Builds a pcapng file block by block. `section(le)` starts a section (SHB) in that byte
 * order; every later block is written in it. `offset` is where the next block will start,
 * so tests can name the exact offset an error must report.
 */
export class PcapngBuilder {
  private readonly w = new ByteWriter();

  get offset(): number {
    return this.w.length;
  }

  section(le = true, opts: { readonly version?: readonly [number, number]; readonly options?: readonly PcapngOption[] } = {}): this {
    this.w.le = le;
    const [major, minor] = opts.version ?? [1, 0];
    return this.block(BLOCK.SHB, (w) => w.u32(BYTE_ORDER_MAGIC).u16(major).u16(minor).i64(-1n), opts.options);
  }

  idb(spec: InterfaceSpec = {}): this {
    const options = [...(spec.options ?? [])];
    if (spec.name !== undefined) options.push(option.text(OPT.IF_NAME, spec.name));
    if (spec.description !== undefined) options.push(option.text(OPT.IF_DESCRIPTION, spec.description));
    if (spec.tsresol !== undefined) options.push(option.u8(OPT.IF_TSRESOL, spec.tsresol));
    if (spec.tsoffset !== undefined) options.push(option.i64(OPT.IF_TSOFFSET, spec.tsoffset));
    return this.block(BLOCK.IDB, (w) => w.u16(spec.linkType ?? 1).u16(0).u32(spec.snaplen ?? 262144), options);
  }

  epb(spec: PacketSpec): this {
    return this.block(BLOCK.EPB, (w) => packetBody(w.u32(spec.iface ?? 0), spec), packetOptions(spec));
  }

  /** Obsolete Packet Block: 16-bit interface id and drops count. */
  pb(spec: PacketSpec): this {
    return this.block(BLOCK.PB, (w) => packetBody(w.u16(spec.iface ?? 0).u16(0), spec), packetOptions(spec));
  }

  spb(data: Uint8Array, len = data.length): this {
    return this.block(BLOCK.SPB, (w) => w.u32(len).bytes(data).pad4());
  }

  /** Any block: the body is written, padded, followed by options and the trailer length. */
  block(type: number, body: (w: ByteWriter) => void, options: readonly PcapngOption[] = []): this {
    const w = this.w;
    const start = w.length;
    w.u32(type).u32(0);
    body(w);
    w.pad4();
    for (const o of options) o(w);
    if (options.length > 0) w.u32(0); // opt_endofopt
    const total = w.length - start + 4;
    w.u32(total);
    w.setU32(start + 4, total);
    return this;
  }

  /** Appends bytes as they are: damage, or a block header with no body. */
  raw(bytes: Uint8Array): this {
    this.w.bytes(bytes);
    return this;
  }

  /** Appends 32-bit words in the current byte order: a bare block header, a lying trailer. */
  words(...values: readonly number[]): this {
    for (const v of values) this.w.u32(v);
    return this;
  }

  result(): Uint8Array {
    return this.w.result();
  }
}

/** What EPB and PB share after their interface fields: timestamp, lengths, padded data. */
function packetBody(w: ByteWriter, spec: PacketSpec): ByteWriter {
  return w
    .u32(Number(spec.units >> 32n))
    .u32(Number(spec.units & 0xffffffffn))
    .u32(spec.caplen ?? spec.data.length)
    .u32(spec.len ?? spec.data.length)
    .bytes(spec.data)
    .pad4();
}

function packetOptions(spec: PacketSpec): PcapngOption[] {
  const options = [...(spec.options ?? [])];
  if (spec.flags !== undefined) options.push(option.u32(OPT.EPB_FLAGS, spec.flags));
  for (const c of spec.comments ?? []) options.push(option.text(OPT.COMMENT, c));
  return options;
}

// ---------------------------------------------------------------------------------------
// Files and reading

/** A fresh temp directory for the calling test file, removed after it; returns a path maker. */
export function useTempDir(): (name: string, bytes?: Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-capture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, bytes) => {
    const path = join(dir, name);
    if (bytes !== undefined) writeFileSync(path, bytes);
    return path;
  };
}

/** A frame as plain data, copied out of the reader's reused buffer. */
export interface FrameRecord {
  readonly number: number;
  readonly ts: bigint | undefined;
  readonly tsString: string | undefined;
  readonly caplen: number;
  readonly len: number;
  readonly linkType: number;
  readonly iface: number | undefined;
  readonly ifname: string | undefined;
  readonly section: number;
  readonly fileOffset: number;
  readonly flags: number;
  readonly comments: readonly string[] | undefined;
  /** The captured bytes in hex: compares fast even for large frames, and diffs readably. */
  readonly data: string;
}

export interface ReadResult {
  readonly frames: FrameRecord[];
  readonly warnings: readonly CaptureWarning[];
  /** The CaptureError that ended reading, if one did; any other exception propagates. */
  readonly error: CaptureError | undefined;
}

function frameRecord(reader: CaptureReader): FrameRecord {
  const f = reader.frame;
  return {
    number: f.number,
    ts: f.ts,
    tsString: f.tsString(),
    caplen: f.caplen,
    len: f.len,
    linkType: f.linkType,
    iface: f.iface,
    ifname: f.ifname,
    section: f.section,
    fileOffset: f.fileOffset,
    flags: f.flags,
    comments: f.comments === undefined ? undefined : [...f.comments],
    data: hex(f.data),
  };
}

/** Reads a whole capture (optionally with a small initial buffer), stopping at a CaptureError. */
export function readCapture(path: string, chunk?: number): ReadResult {
  const frames: FrameRecord[] = [];
  let reader: CaptureReader | undefined;
  try {
    reader = openCapture(path, chunk);
    while (reader.next()) frames.push(frameRecord(reader));
    return { frames, warnings: reader.warnings, error: undefined };
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    return { frames, warnings: reader?.warnings ?? [], error: e };
  } finally {
    reader?.close();
  }
}

/** Reads a capture that must be valid: any error fails the test with its message. */
export function readValid(path: string, chunk?: number): FrameRecord[] {
  const r = readCapture(path, chunk);
  if (r.error !== undefined) throw r.error;
  expect(r.warnings).toEqual([]);
  return r.frames;
}

export interface ExpectedError {
  readonly code: CaptureErrorCode;
  readonly file: string;
  readonly offset: number;
  readonly message?: string | RegExp;
}

/** The error is a CaptureError with this code and offset, and its message names both file and offset. */
export function expectCaptureError(error: unknown, expected: ExpectedError): void {
  expect(error).toBeInstanceOf(CaptureError);
  const e = error as CaptureError;
  expect({ code: e.code, file: e.file, offset: e.offset }).toEqual({ code: expected.code, file: expected.file, offset: expected.offset });
  expect(e.message).toContain(expected.file);
  expect(e.message).toContain(`offset 0x${expected.offset.toString(16)}`);
  if (expected.message !== undefined) expect(e.message).toMatch(expected.message);
}

// ---------------------------------------------------------------------------------------
// The public corpus (optional)

/** ../shared/pcaps next to the project, as `npm run conformance` finds it. */
export const CORPUS_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'pcaps');

export interface CorpusEntry {
  /** Path relative to CORPUS_DIR, e.g. `malformed/zeek-trunc-hdr.pcap`. */
  readonly file: string;
  readonly category: string;
  readonly format: {
    /** Classic pcap: records in the file. */
    readonly records?: number;
    /** pcapng: blocks by type, as hex strings (`0x6` for EPB). */
    readonly block_counts?: Readonly<Record<string, number>>;
  };
}

/** The corpus manifest's entries, or undefined when the corpus is absent. */
function corpusEntries(): readonly CorpusEntry[] | undefined {
  const manifest = join(CORPUS_DIR, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { files: CorpusEntry[] }).files;
}

/**
 * `describe` when the corpus is there, else `describe.skip` with the reason in the title,
 * so its absence shows in the report as skipped tests, never as a silent pass.
 */
export function describeWithCorpus(title: string, body: (entries: readonly CorpusEntry[]) => void): void {
  const entries = corpusEntries();
  if (entries !== undefined) describe(title, () => body(entries));
  else describe.skip(`${title} (skipped: no corpus at ${CORPUS_DIR})`, () => test(`needs ${CORPUS_DIR}/manifest.json`, () => undefined));
}
