import { openCapture } from '../../src/capture/open-capture';
import { BLOCK, OPT } from '../../src/capture/pcapng-format';
import { PcapngReader } from '../../src/capture/pcapng-reader';
import { expectCaptureError, hex, option, packet, PcapngBuilder, readCapture, readValid, useTempDir } from './helpers';

const temp = useTempDir();

/** One second, in microseconds (the default if_tsresol). */
const SEC_US = 1_000_000n;

describe('pcapng reader', () => {
  describe.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('a %s section', (_order, le) => {
    test('delivers EPB, SPB and obsolete PB packets with their interface, lengths, bytes and timestamps', () => {
      const bytes = new PcapngBuilder()
        .section(le)
        .idb({ name: 'eth0', snaplen: 0 })
        .idb({ name: 'eth1', linkType: 113, tsresol: 9 })
        .epb({ iface: 1, units: 1_700_000_000_123_456_789n, data: packet(60, 1), len: 1514 })
        .spb(packet(61, 2))
        .pb({ iface: 0, units: 1_700_000_002n * SEC_US + 5n, data: packet(62, 3) })
        .result();
      const frames = readValid(temp(`sections-${le}.pcapng`, bytes));
      expect(frames.map((f) => [f.number, f.iface, f.ifname, f.linkType, f.caplen, f.len, f.tsString, f.data])).toEqual([
        [1, 1, 'eth1', 113, 60, 1514, '1700000000.123456789', hex(packet(60, 1))],
        [2, 0, 'eth0', 1, 61, 61, undefined, hex(packet(61, 2))],
        [3, 0, 'eth0', 1, 62, 62, '1700000002.000005000', hex(packet(62, 3))],
      ]);
    });

    test('reads interface options in the section byte order: if_description, if_tsoffset', () => {
      const bytes = new PcapngBuilder()
        .section(le)
        .idb({ name: 'swp1', description: 'front panel port 1', tsoffset: 1_000_000n })
        .epb({ units: 5n * SEC_US, data: packet(20) })
        .result();
      const path = temp(`options-${le}.pcapng`, bytes);
      const reader = openCapture(path);
      expect(reader).toBeInstanceOf(PcapngReader);
      expect(reader.next()).toBe(true);
      expect((reader as PcapngReader).interfaces.map((i) => [i.name, i.description, i.tsoffset])).toEqual([['swp1', 'front panel port 1', 1_000_000]]);
      expect(reader.frame.tsString()).toBe('1000005.000000000');
      reader.close();
    });
  });

  test('reads several sections of different byte order, each SHB starting a new interface list', () => {
    const bytes = new PcapngBuilder()
      .section(true)
      .idb({ name: 'eth0' })
      .idb({ name: 'eth1' })
      .epb({ iface: 1, units: 1n, data: packet(10, 1) })
      .section(false)
      .idb({ name: 'wan0', linkType: 101 })
      .epb({ iface: 0, units: 2n, data: packet(10, 2) })
      .section(true)
      .idb({ name: 'lo' })
      .epb({ iface: 0, units: 3n, data: packet(10, 3) })
      .result();
    const frames = readValid(temp('three-sections.pcapng', bytes));
    expect(frames.map((f) => [f.number, f.section, f.iface, f.ifname, f.linkType, f.data])).toEqual([
      [1, 0, 1, 'eth1', 1, hex(packet(10, 1))],
      [2, 1, 0, 'wan0', 101, hex(packet(10, 2))],
      [3, 2, 0, 'lo', 1, hex(packet(10, 3))],
    ]);
  });

  test('refuses a packet naming an interface only an earlier section had', () => {
    const b = new PcapngBuilder().section().idb({ name: 'eth0' }).idb({ name: 'eth1' }).section(false).idb({ name: 'wan0' });
    const at = b.offset;
    const path = temp('stale-iface.pcapng', b.epb({ iface: 1, units: 1n, data: packet(10) }).result());
    expectCaptureError(readCapture(path).error, { code: 'bad_block', file: path, offset: at, message: 'interface 1, but the section has 1' });
  });

  test.each([[1, 0], [1, 2]] as const)('accepts section version %i.%i', (major, minor) => {
    const bytes = new PcapngBuilder().section(true, { version: [major, minor] }).idb().epb({ units: 1n, data: packet(4) }).result();
    expect(readValid(temp(`shb-${major}${minor}.pcapng`, bytes))).toHaveLength(1);
  });

  describe('timestamps', () => {
    test.each([
      ['the default microseconds', undefined, 1_700_000_000_123_456n, '1700000000.123456000'],
      ['if_tsresol 0 (seconds)', 0, 1_700_000_000n, '1700000000.000000000'],
      ['if_tsresol 3 (milliseconds)', 3, 1_700_000_000_123n, '1700000000.123000000'],
      ['if_tsresol 6 (microseconds)', 6, 1_700_000_000_000_001n, '1700000000.000001000'],
      ['if_tsresol 9 (nanoseconds)', 9, 1_700_000_000_123_456_789n, '1700000000.123456789'],
      ['if_tsresol 9, 2^32 seconds (tcpdump time_2106_overflow)', 9, 4_294_967_296_000_000_000n, '4294967296.000000000'],
      ['if_tsresol 9, the largest 64-bit count', 9, 0xffff_ffff_ffff_ffffn, '18446744073.709551615'],
      ['if_tsresol 12 (picoseconds, truncated to ns)', 12, 1_234_567_890_123_456_789n, '1234567.890123456'],
      ['if_tsresol 0x80 (2^0: seconds)', 0x80, 7n, '7.000000000'],
      ['if_tsresol 0x88 (2^-8, gopacket test902)', 0x88, 1_700_000_000n * 256n + 128n, '1700000000.500000000'],
      ['if_tsresol 0x8a (2^-10, truncated to ns)', 0x8a, 5n * 1024n + 1n, '5.000976562'],
      ['if_tsresol 0x9e (2^-30)', 0x9e, 3n * (1n << 30n) + (1n << 29n), '3.500000000'],
    ] as const)('converts %s exactly', (_what, tsresol, units, expected) => {
      const bytes = new PcapngBuilder().section().idb({ tsresol }).epb({ units, data: packet(8) }).result();
      const path = temp(`tsresol-${tsresol ?? 'default'}-${units}.pcapng`, bytes);
      const [f] = readValid(path);
      expect(f?.tsString).toBe(expected);
      expect(f?.ts).toBe(BigInt(expected.replace('.', '')));
    });

    test('adds if_tsoffset seconds, also when it takes the time before the epoch', () => {
      const bytes = new PcapngBuilder()
        .section()
        .idb({ tsoffset: 1_600_000_000n })
        .idb({ tsoffset: -2n })
        .epb({ iface: 0, units: 3n * SEC_US + 250n, data: packet(8) })
        .epb({ iface: 1, units: SEC_US + SEC_US / 2n, data: packet(8) })
        .result();
      const frames = readValid(temp('tsoffset.pcapng', bytes));
      expect(frames.map((f) => [f.tsString, f.ts])).toEqual([
        ['1600000003.000250000', 1_600_000_003_000_250_000n],
        ['-0.500000000', -500_000_000n],
      ]);
    });

    test('gives SPB frames no timestamp', () => {
      const [f] = readValid(temp('spb-ts.pcapng', new PcapngBuilder().section().idb().spb(packet(8)).result()));
      expect([f?.ts, f?.tsString]).toEqual([undefined, undefined]);
    });
  });

  describe('packet options', () => {
    test('reads epb_flags (direction) and every opt_comment of an EPB', () => {
      const bytes = new PcapngBuilder()
        .section(false)
        .idb()
        .epb({ units: 1n, data: packet(8, 1), flags: 1, comments: ['first', 'vérdict ✓'] })
        .epb({ units: 2n, data: packet(8, 2), flags: 2 })
        .epb({ units: 3n, data: packet(8, 3) })
        .result();
      const path = temp('epb-options.pcapng', bytes);
      const reader = openCapture(path);
      const seen: unknown[] = [];
      while (reader.next()) seen.push([reader.frame.flags, reader.frame.direction, reader.frame.comments]);
      reader.close();
      expect(seen).toEqual([
        [1, 'inbound', ['first', 'vérdict ✓']],
        [2, 'outbound', undefined],
        [0, undefined, undefined],
      ]);
    });

    test('reads pack_flags and opt_comment of an obsolete PB', () => {
      const bytes = new PcapngBuilder().section().idb().pb({ units: 1n, data: packet(9), flags: 2, comments: ['old'] }).result();
      const [f] = readValid(temp('pb-options.pcapng', bytes));
      expect([f?.flags, f?.comments]).toEqual([2, ['old']]);
    });

    test('drops the NUL some writers put at the end of strings', () => {
      const bytes = new PcapngBuilder()
        .section()
        .idb({ options: [option.text(OPT.IF_NAME, 'eth0\0')] })
        .epb({ units: 1n, data: packet(4), options: [option.text(OPT.COMMENT, 'hi\0\0')] })
        .result();
      const [f] = readValid(temp('nul.pcapng', bytes));
      expect([f?.ifname, f?.comments]).toEqual(['eth0', ['hi']]);
    });

    test('skips options it does not know, and reads an option list without opt_endofopt', () => {
      const noEnd = new PcapngBuilder()
        .section(true, { options: [option.text(4, 'Linux 6.8'), option.text(3, 'x86_64')] })
        .block(BLOCK.IDB, (w) => {
          w.u16(1).u16(0).u32(0);
          option.u8(OPT.IF_FCSLEN, 4)(w);
          option.text(OPT.IF_NAME, 'eth9')(w); // and no end-of-options
        })
        .epb({ units: 1n, data: packet(4), options: [option.bytes(0x8001, packet(7))] })
        .result();
      expect(readValid(temp('odd-options.pcapng', noEnd))[0]?.ifname).toBe('eth9');
    });
  });

  describe('simple packet blocks', () => {
    test('cut the captured length to the interface snaplen', () => {
      const bytes = new PcapngBuilder().section().idb({ snaplen: 64 }).spb(packet(100), 100).result();
      const [f] = readValid(temp('spb-snaplen.pcapng', bytes));
      expect([f?.caplen, f?.len, f?.data]).toEqual([64, 100, hex(packet(100).subarray(0, 64))]);
    });

    test('cut it to the block body when the original length is larger (snaplen 0: unlimited)', () => {
      const bytes = new PcapngBuilder().section().idb({ snaplen: 0 }).spb(packet(100), 1500).result();
      const [f] = readValid(temp('spb-body.pcapng', bytes));
      expect([f?.caplen, f?.len]).toEqual([100, 1500]);
    });
  });

  test('skips ISB, NRB, DSB, custom and unknown blocks between packets', () => {
    const ignored = (type: number): ((b: PcapngBuilder) => PcapngBuilder) => (b) => b.block(type, (w) => w.bytes(packet(13, type)));
    let b = new PcapngBuilder().section().idb({ name: 'eth0' }).epb({ units: 1n, data: packet(8, 1) });
    for (const type of [BLOCK.ISB, BLOCK.NRB, BLOCK.DSB, BLOCK.CB_COPY, BLOCK.CB_NO_COPY, 0x00000bad ^ 0x1000, 0x7fffffff, 0x80000001]) b = ignored(type)(b);
    b.block(BLOCK.ISB, () => undefined, [option.text(OPT.COMMENT, 'stats')]);
    const frames = readValid(temp('skipped.pcapng', b.epb({ units: 2n, data: packet(8, 2) }).result()));
    expect(frames.map((f) => [f.number, f.ifname, f.data])).toEqual([
      [1, 'eth0', hex(packet(8, 1))],
      [2, 'eth0', hex(packet(8, 2))],
    ]);
  });

  test('reports the file offset of each packet block', () => {
    const b = new PcapngBuilder().section().idb();
    const first = b.offset;
    b.epb({ units: 1n, data: packet(5) });
    const second = b.offset;
    const frames = readValid(temp('block-offsets.pcapng', b.spb(packet(5)).result()));
    expect(frames.map((f) => f.fileOffset)).toEqual([first, second]);
  });

  test('reads a section with interfaces and no packets as an empty capture', () => {
    expect(readValid(temp('no-packets.pcapng', new PcapngBuilder().section().idb().result()))).toEqual([]);
  });
});
