import { expectCaptureError, hex, packet, pcapBytes, readCapture, readValid, useTempDir, type PcapRecordSpec } from './helpers';

const temp = useTempDir();

const RECORDS: readonly PcapRecordSpec[] = [
  { sec: 1_700_000_000, frac: 123_456, data: packet(60, 1) },
  { sec: 1_700_000_001, frac: 0, data: packet(60, 2), len: 1514 }, // cut by the snaplen
  { sec: 1_700_000_002, frac: 999_999, data: new Uint8Array(0), len: 0 },
  { sec: 1_700_000_003, frac: 1, data: packet(65_535, 3) },
];

describe('classic pcap reader', () => {
  describe.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('in %s byte order', (_order, le) => {
    test('reads microsecond records: timestamps scaled to nanoseconds, both lengths and the bytes', () => {
      const path = temp(`micro-${le}.pcap`, pcapBytes({ le, records: RECORDS }));
      const frames = readValid(path);
      expect(frames.map((f) => [f.number, f.tsString, f.caplen, f.len])).toEqual([
        [1, '1700000000.123456000', 60, 60],
        [2, '1700000001.000000000', 60, 1514],
        [3, '1700000002.999999000', 0, 0],
        [4, '1700000003.000001000', 65_535, 65_535],
      ]);
      expect(frames.map((f) => f.data)).toEqual(RECORDS.map((r) => hex(r.data)));
      expect(frames[0]?.ts).toBe(1_700_000_000_123_456_000n);
    });

    test('reads nanosecond records with every digit kept', () => {
      const path = temp(`nano-${le}.pcap`, pcapBytes({ le, nano: true, records: [{ sec: 1_700_000_000, frac: 123_456_789, data: packet(42) }] }));
      const [f] = readValid(path);
      expect(f?.tsString).toBe('1700000000.123456789');
      expect(f?.ts).toBe(1_700_000_000_123_456_789n);
    });
  });

  test('treats ts_sec as unsigned: 0xffffffff is 2106-02-07, not before 1970', () => {
    const path = temp('2106.pcap', pcapBytes({ records: [{ sec: 0xffffffff, frac: 999_999, data: packet(10) }] }));
    const [f] = readValid(path);
    expect(f?.tsString).toBe('4294967295.999999000');
    expect(f?.ts).toBe(4_294_967_295_999_999_000n);
  });

  test('prints exactly nine decimals, leading zeros included', () => {
    const path = temp('decimals.pcap', pcapBytes({ nano: true, records: [0, 5, 50_000_000].map((frac) => ({ sec: 1, frac, data: packet(1) })) }));
    expect(readValid(path).map((f) => f.tsString)).toEqual(['1.000000000', '1.000000005', '1.050000000']);
  });

  test('carries an out-of-range fraction into the seconds (tcpdump timestamp_invalid_nano)', () => {
    const records = [1e9, 2_147_483_648].map((frac) => ({ sec: 1_418_145_370, frac, data: packet(1) }));
    const nano = temp('invalid-nano.pcap', pcapBytes({ nano: true, records }));
    expect(readValid(nano).map((f) => f.ts)).toEqual([1_418_145_371_000_000_000n, 1_418_145_372_147_483_648n]);
    const micro = temp('invalid-micro.pcap', pcapBytes({ records: [{ sec: 10, frac: 1_000_001, data: packet(1) }] }));
    expect(readValid(micro)[0]?.tsString).toBe('11.000001000');
  });

  test('gives classic pcap frames no interface, section 0, and the file offset of each record', () => {
    const path = temp('offsets.pcap', pcapBytes({ records: RECORDS.slice(0, 2) }));
    const frames = readValid(path);
    expect(frames.map((f) => [f.iface, f.ifname, f.section, f.fileOffset, f.flags, f.comments])).toEqual([
      [undefined, undefined, 0, 24, 0, undefined],
      [undefined, undefined, 0, 24 + 16 + 60, 0, undefined],
    ]);
  });

  test('reads a file with no records as an empty capture', () => {
    expect(readCapture(temp('header-only.pcap', pcapBytes())).frames).toEqual([]);
  });

  describe('versions', () => {
    test.each([[2, 0], [2, 1], [2, 2], [2, 3], [2, 4]] as const)('accepts version %i.%i', (major, minor) => {
      const path = temp(`v${major}${minor}.pcap`, pcapBytes({ version: [major, minor], records: [{ sec: 1, frac: 0, data: packet(20), len: 20 }] }));
      expect(readValid(path)).toHaveLength(1);
    });

    test.each([[2, 0], [2, 1], [2, 2]] as const)('reads version %i.%i with its lengths in the pre-2.3 order (original length first)', (major, minor) => {
      // Written the old way: the field where 2.4 has caplen holds the original length.
      const path = temp(`old${minor}.pcap`, pcapBytes({ version: [major, minor], records: [{ sec: 1, frac: 0, data: packet(60), caplen: 1514, len: 60 }] }));
      const [f] = readValid(path);
      expect([f?.caplen, f?.len, f?.data]).toEqual([60, 1514, hex(packet(60))]);
    });

    test('reads version 2.3 in either length order, taking the smaller as the captured length', () => {
      const path = temp('v23.pcap', pcapBytes({
        version: [2, 3],
        records: [
          { sec: 1, frac: 0, data: packet(60, 1), caplen: 60, len: 1514 },
          { sec: 2, frac: 0, data: packet(60, 2), caplen: 1514, len: 60 },
        ],
      }));
      expect(readValid(path).map((f) => [f.caplen, f.len])).toEqual([[60, 1514], [60, 1514]]);
    });

    test.each([[1, 4], [2, 5], [3, 0], [0, 0]] as const)('refuses version %i.%i as an unsupported pcap savefile version', (major, minor) => {
      const path = temp(`bad-v${major}${minor}.pcap`, pcapBytes({ version: [major, minor], records: [{ sec: 1, frac: 0, data: packet(20) }] }));
      const r = readCapture(path);
      expect(r.frames).toEqual([]);
      expectCaptureError(r.error, { code: 'unsupported_version', file: path, offset: 4, message: `unsupported pcap savefile version ${major}.${minor}` });
    });

    test('checks the version in big-endian files too', () => {
      const path = temp('bad-v25-be.pcap', pcapBytes({ le: false, version: [2, 5] }));
      expectCaptureError(readCapture(path).error, { code: 'unsupported_version', file: path, offset: 4, message: 'version 2.5' });
    });
  });

  describe('link-type field', () => {
    test('refuses reserved bits 16-25 set (libpcap linktype-reserved-field-not-zero)', () => {
      const path = temp('reserved.pcap', pcapBytes({ linkType: 0x00300000 }));
      expectCaptureError(readCapture(path).error, { code: 'bad_header', file: path, offset: 0x14, message: /0x300000.*reserved/ });
    });

    test('accepts the FCS bits above them and takes the link type from the low 16 bits', () => {
      const path = temp('fcs.pcap', pcapBytes({ linkType: 0x40000001, records: [{ sec: 1, frac: 0, data: packet(20) }] }));
      expect(readValid(path)[0]?.linkType).toBe(1);
    });

    test('passes any other link type through for the decoder to call unsupported', () => {
      const path = temp('frelay.pcap', pcapBytes({ linkType: 107, records: [{ sec: 1, frac: 0, data: packet(20) }] }));
      expect(readValid(path)[0]?.linkType).toBe(107);
    });
  });

  describe('files that are not classic pcap', () => {
    test('refuses an unknown magic as not a capture', () => {
      const path = temp('text.pcap', new TextEncoder().encode('GET / HTTP/1.1\r\nHost: example\r\n\r\n'));
      expectCaptureError(readCapture(path).error, { code: 'not_a_capture', file: path, offset: 0, message: 'magic' });
    });

    test('refuses a file shorter than the 24-byte file header', () => {
      const path = temp('short.pcap', pcapBytes().slice(0, 10));
      expectCaptureError(readCapture(path).error, { code: 'bad_header', file: path, offset: 0, message: '10 of 24 bytes' });
    });

    test('refuses an empty file', () => {
      const path = temp('empty.pcap', new Uint8Array(0));
      expectCaptureError(readCapture(path).error, { code: 'not_a_capture', file: path, offset: 0, message: 'empty' });
    });
  });
});
