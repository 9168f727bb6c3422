import { writeFileSync } from 'node:fs';
import { ByteSource } from '../../src/capture/byte-source';
import type { CaptureReader } from '../../src/capture/captured-frame';
import { openCapture } from '../../src/capture/open-capture';
import { BLOCK, OPT } from '../../src/capture/pcapng-format';
import { PcapngReader } from '../../src/capture/pcapng-reader';
import { PcapReader } from '../../src/capture/pcap-reader';
import {
  expectCaptureError,
  option,
  packet,
  pcapBytes,
  pcapRecordBytes,
  PcapngBuilder,
  readCapture,
  useTempDir,
  type ExpectedError,
} from './helpers';

const temp = useTempDir();

const GOOD = [1, 2, 3].map((i) => ({ sec: 1_700_000_000 + i, frac: i, data: packet(60, i) }));

/** Reads to the error; the reader must stay finished after it. */
function readUntilError(reader: CaptureReader): { frames: number; error: unknown } {
  let frames = 0;
  try {
    while (reader.next()) frames++;
    return { frames, error: undefined };
  } catch (error) {
    expect(reader.next()).toBe(false);
    return { frames, error };
  } finally {
    reader.close();
  }
}

/**
 * Sets every byte of a capture to 0x00 and to 0xff in turn: each variant must read to the
 * end or stop with a CaptureError naming an offset (readCapture lets any other error fail).
 */
function expectOnlyCaptureErrors(name: string, whole: Uint8Array): void {
  const path = temp(name);
  for (let i = 0; i < whole.length; i++) {
    for (const value of [0x00, 0xff]) {
      const bytes = whole.slice();
      bytes[i] = value;
      writeFileSync(path, bytes);
      const r = readCapture(path);
      if (r.error !== undefined) expect(r.error.message).toMatch(/offset 0x[0-9a-f]+/);
      for (const f of r.frames) expect(f.data.length).toBe(2 * f.caplen); // hex: two digits a byte
    }
  }
}

describe('damaged classic pcap', () => {
  test('delivers the frames before a record claiming 2 GiB, then throws bad_record with file and offset', () => {
    const good = pcapBytes({ records: GOOD });
    const path = temp('huge-record.pcap', Buffer.concat([good, pcapRecordBytes({ sec: 1, frac: 0, caplen: 0x80000000, data: packet(64) })]));
    const r = readUntilError(openCapture(path));
    expect(r.frames).toBe(3);
    expectCaptureError(r.error, { code: 'bad_record', file: path, offset: good.length, message: 'captured length 2147483648 > maximum 262144' });
  });

  test('applies the bound in big-endian files too (suricata bug-6875 fuzz: caplen 1409179648)', () => {
    const good = pcapBytes({ le: false, snaplen: 65535, records: GOOD });
    const path = temp('huge-record-be.pcap', Buffer.concat([good, pcapRecordBytes({ sec: 1, frac: 0, caplen: 1_409_179_648, data: packet(64) }, false)]));
    const r = readUntilError(openCapture(path));
    expect(r.frames).toBe(3);
    expectCaptureError(r.error, { code: 'bad_record', file: path, offset: good.length, message: '1409179648' });
  });

  test('lets a larger snaplen raise the bound, as libpcap does', () => {
    const path = temp('big-snaplen.pcap', pcapBytes({ snaplen: 1 << 20, records: [{ sec: 1, frac: 0, data: packet(300_000) }] }));
    expect(readCapture(path).frames.map((f) => f.caplen)).toEqual([300_000]);
  });

  test('does not let a snaplen of 0xffffffff make it buffer gigabytes', () => {
    const good = pcapBytes({ snaplen: 0xffffffff, records: GOOD });
    const path = temp('hostile-snaplen.pcap', Buffer.concat([good, pcapRecordBytes({ sec: 1, frac: 0, caplen: 0x7fffffff, data: packet(64) })]));
    const src = ByteSource.open(path, 4096);
    const started = process.hrtime.bigint();
    const r = readUntilError(new PcapReader(src));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
    expect(src.buf.length).toBe(4096);
    expect(r.frames).toBe(3);
    expectCaptureError(r.error, { code: 'bad_record', file: path, offset: good.length, message: 'maximum 16777216' });
  });

  test('throws only CaptureError, whatever single byte of a capture is damaged', () => {
    expectOnlyCaptureErrors('fuzz.pcap', pcapBytes({ le: false, nano: true, records: GOOD.slice(0, 2) }));
  });

  test('warns, without throwing, about a record header cut short at end of file', () => {
    const good = pcapBytes({ records: GOOD });
    const path = temp('cut-header.pcap', Buffer.concat([good, pcapRecordBytes({ sec: 1, frac: 0, data: packet(60) }).subarray(0, 10)]));
    const r = readCapture(path);
    expect(r.error).toBeUndefined();
    expect(r.frames).toHaveLength(3);
    expect(r.warnings).toEqual([
      {
        code: 'truncated_record',
        file: path,
        offset: good.length,
        message: expect.stringContaining(`offset 0x${good.length.toString(16)} cut short at end of file (10 of 16 bytes)`),
      },
    ]);
  });

  test('warns, without throwing, about record data cut short at end of file', () => {
    const good = pcapBytes({ nano: true, records: GOOD });
    const path = temp('cut-data.pcap', Buffer.concat([good, pcapRecordBytes({ sec: 1, frac: 0, data: packet(60) }).subarray(0, 16 + 20)]));
    const r = readCapture(path);
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => f.number)).toEqual([1, 2, 3]);
    expect(r.warnings).toEqual([{ code: 'truncated_record', file: path, offset: good.length, message: expect.stringContaining('(20 of 60 bytes)') }]);
  });
});

describe('damaged pcapng', () => {
  /** A valid start (SHB, IDB, one EPB) for the damage to follow. */
  const start = (le = true): PcapngBuilder => new PcapngBuilder().section(le).idb({ name: 'eth0', snaplen: 65535 }).epb({ units: 1n, data: packet(60) });

  interface Damage {
    readonly title: string;
    /** Appends the damage after a valid start. */
    readonly damage: (b: PcapngBuilder) => unknown;
    /** What the error must say; its file and offset are checked too. */
    readonly error: Omit<ExpectedError, 'file' | 'offset'>;
  }

  const DAMAGE: readonly Damage[] = [
    {
      title: 'a block whose total length is below 12',
      damage: (b) => b.words(BLOCK.EPB, 10).raw(packet(40)),
      error: { code: 'bad_block', message: /pcapng: block at offset 0x[0-9a-f]+: total length 10 < 12/ },
    },
    {
      title: 'a block whose total length is not a multiple of 4',
      damage: (b) => b.words(BLOCK.EPB, 30).raw(packet(40)),
      error: { code: 'bad_block', message: 'total length 30 is not a multiple of 4' },
    },
    {
      title: 'a block whose trailer length differs from its header',
      damage: (b) => b.words(BLOCK.ISB, 16, 0, 20),
      error: { code: 'bad_block', message: 'total length 16 in header and 20 in trailer differ' },
    },
    {
      title: 'a block claiming 2 GiB',
      damage: (b) => b.words(BLOCK.EPB, 0x80000000).raw(packet(64)),
      error: { code: 'bad_block', message: 'total length 2147483648 > maximum 16777216' },
    },
    {
      title: 'an option running past the end of its block (libpcap shb-option-too-long)',
      damage: (b) => b.block(BLOCK.IDB, (w) => w.u16(1).u16(0).u32(0).u16(OPT.IF_NAME).u16(200).u32(0)),
      error: { code: 'bad_option', message: 'option 2 at block offset 16 has length 200, past the end of the block' },
    },
    {
      title: 'an if_tsresol beyond 2^-63',
      damage: (b) => b.idb({ tsresol: 0xff }),
      error: { code: 'bad_option', message: 'if_tsresol 255 out of range' },
    },
    {
      title: 'a section header with a bad byte-order magic',
      damage: (b) => b.block(BLOCK.SHB, (w) => w.u32(0x12345678).u16(1).u16(0).i64(-1n)),
      error: { code: 'bad_block', message: 'byte-order magic' },
    },
    {
      title: 'a section of unsupported version 2.0 (gopacket test901)',
      damage: (b) => b.section(true, { version: [2, 0] }),
      error: { code: 'unsupported_version', message: 'unsupported section version 2.0' },
    },
    {
      title: 'a packet naming an interface the section lacks',
      damage: (b) => b.epb({ iface: 3, units: 1n, data: packet(8) }),
      error: { code: 'bad_block', message: 'refers to interface 3, but the section has 1' },
    },
    {
      title: 'an EPB whose captured length overruns the block',
      damage: (b) => b.epb({ units: 1n, data: packet(8), caplen: 4000 }),
      error: { code: 'bad_block', message: 'captured length 4000 overruns the block' },
    },
    {
      title: 'an EPB claiming a captured length of 0xffffffff',
      damage: (b) => b.epb({ units: 1n, data: packet(8), caplen: 0xffffffff }),
      error: { code: 'bad_block', message: 'captured length 4294967295 overruns the block' },
    },
    {
      title: 'an EPB longer than max(snaplen, 256 KiB)',
      damage: (b) => b.epb({ units: 1n, data: packet(300_000) }),
      error: { code: 'bad_record', message: 'captured length 300000 > maximum 262144' },
    },
    {
      title: 'an obsolete PB whose captured length overruns the block',
      damage: (b) => b.pb({ units: 1n, data: packet(8), caplen: 64 }),
      error: { code: 'bad_block', message: 'packet block: captured length 64 overruns' },
    },
    {
      title: 'a simple packet block too short to hold its length field',
      damage: (b) => b.block(BLOCK.SPB, () => undefined),
      error: { code: 'bad_block', message: 'simple packet block length 12 < 16' },
    },
  ];

  describe.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('in a %s section', (_order, le) => {
    test.each(DAMAGE.map((d) => [d.title, d] as const))('delivers the frames before %s, then throws a CaptureError naming file and offset', (title, d) => {
      const b = start(le);
      const at = b.offset;
      d.damage(b);
      const path = temp(`${title.replace(/\W+/g, '-')}-${le}.pcapng`, b.result());
      const r = readUntilError(openCapture(path));
      expect(r.frames).toBe(1);
      expectCaptureError(r.error, { ...d.error, file: path, offset: at });
    });
  });

  test('refuses a simple packet block before any interface', () => {
    const b = new PcapngBuilder().section();
    const at = b.offset;
    const path = temp('spb-no-iface.pcapng', b.spb(packet(8)).result());
    expectCaptureError(readCapture(path).error, { code: 'bad_block', file: path, offset: at, message: 'interface 0, but the section has 0' });
  });

  test('fails fast on a block claiming 2 GiB, without growing its buffer', () => {
    const b = start();
    const at = b.offset;
    const path = temp('2gib.pcapng', b.words(BLOCK.EPB, 0x7ffffffc).raw(packet(64)).result());
    const src = ByteSource.open(path, 4096);
    const started = process.hrtime.bigint();
    const r = readUntilError(new PcapngReader(src));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
    expect(src.buf.length).toBe(4096);
    expect(r.frames).toBe(1);
    expectCaptureError(r.error, { code: 'bad_block', file: path, offset: at });
  });

  test('warns, without throwing, about a block cut short at end of file', () => {
    const b = start();
    const at = b.offset;
    const whole = b.epb({ units: 2n, data: packet(100) }).result();
    for (const keep of [at + 5, at + 40, whole.length - 1]) {
      const path = temp(`cut-${keep}.pcapng`, whole.subarray(0, keep));
      const r = readCapture(path);
      expect(r.error).toBeUndefined();
      expect(r.frames).toHaveLength(1);
      expect(r.warnings).toEqual([
        { code: 'truncated_block', file: path, offset: at, message: expect.stringContaining(`block at offset 0x${at.toString(16)} cut short at end of file`) },
      ]);
    }
  });

  test('throws only CaptureError, whatever single byte of a capture is damaged', () => {
    const whole = new PcapngBuilder()
      .section(false, { options: [option.text(OPT.COMMENT, 'c')] })
      .idb({ name: 'eth0', tsresol: 0x88, tsoffset: 5n })
      .epb({ units: 1n, data: packet(9), flags: 1, comments: ['x'] })
      .spb(packet(7))
      .pb({ units: 2n, data: packet(5) })
      .block(BLOCK.NRB, (w) => w.u32(0))
      .result();
    expectOnlyCaptureErrors('fuzz.pcapng', whole);
  });
});
