/**
 * pcap-parser, an independent reader of classic microsecond pcap, must see exactly the
 * records we see. Only valid captures: it buffers by concatenation, so a record claiming
 * 2 GiB makes it quadratic rather than refused.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'pcap-parser';
import { PCAP_MAGIC_MICRO } from '../../src/capture/pcap-format';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { CORPUS_DIR, describeWithCorpus, packet, pcapBytes, readValid, useTempDir, type PcapRecordSpec } from './helpers';

const temp = useTempDir();

interface OracleRecord {
  readonly sec: number;
  readonly usec: number;
  readonly caplen: number;
  readonly len: number;
  readonly data: string;
}

function readWithOracle(path: string): Promise<OracleRecord[]> {
  return new Promise((resolve, reject) => {
    const records: OracleRecord[] = [];
    parse(path)
      .on('packet', ({ header, data }) =>
        records.push({
          sec: header.timestampSeconds,
          usec: header.timestampMicroseconds,
          caplen: header.capturedLength,
          len: header.originalLength,
          data: data.toString('hex'),
        }),
      )
      .on('error', reject)
      .on('end', () => resolve(records));
  });
}

function readWithOurs(path: string): OracleRecord[] {
  return readValid(path).map((f) => {
    const ts = f.ts ?? -1n;
    expect(ts % 1000n).toBe(0n); // a microsecond file has no finer digits
    return { sec: Number(ts / 1_000_000_000n), usec: Number((ts % 1_000_000_000n) / 1000n), caplen: f.caplen, len: f.len, data: f.data };
  });
}

async function expectSameAsOracle(path: string): Promise<void> {
  const ours = readWithOurs(path);
  expect(ours.length).toBeGreaterThan(0);
  expect(ours).toEqual(await readWithOracle(path));
}

const EDGES: readonly PcapRecordSpec[] = [
  { sec: 0, frac: 0, data: packet(60, 1) },
  { sec: 1_700_000_000, frac: 999_999, data: packet(60, 2), len: 1514 },
  { sec: 0xffffffff, frac: 1, data: new Uint8Array(0), len: 0 },
  { sec: 0x7fffffff, frac: 500_000, data: packet(65_535, 3) },
  { sec: 0x80000000, frac: 7, data: packet(1, 4) },
];

const MANY: readonly PcapRecordSpec[] = Array.from({ length: 300 }, (_, i) => ({
  sec: 1_600_000_000 + i,
  frac: (i * 7919) % 1_000_000,
  data: packet((i * 37) % 1600, i),
  len: 1600,
}));

describe('pcap-parser as an independent oracle', () => {
  test.each([
    ['little-endian edge cases', pcapBytes({ le: true, records: EDGES })],
    ['big-endian edge cases', pcapBytes({ le: false, records: EDGES })],
    ['300 records of mixed sizes', pcapBytes({ records: MANY, snaplen: 1600 })],
    ['a big-endian raw-IP capture', pcapBytes({ le: false, linkType: 101, records: MANY.slice(0, 20) })],
  ])('sees the records we see in %s', async (name, bytes) => {
    await expectSameAsOracle(temp(`${name}.pcap`, bytes));
  });

  test.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('sees the records we see in a %s microsecond file from our writer', async (name, littleEndian) => {
    const path = temp(`writer-${name}.pcap`);
    const w = new PcapWriter(path, { linkType: 1, littleEndian });
    for (const r of EDGES) w.write(r.data, r.sec, r.frac * 1000, r.len);
    w.close();
    await expectSameAsOracle(path);
  });
});

/** Classic microsecond pcap in either byte order, by the file's first four bytes. */
function isMicrosecondPcap(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return head.readUInt32LE(0) === PCAP_MAGIC_MICRO || head.readUInt32BE(0) === PCAP_MAGIC_MICRO;
}

describeWithCorpus('pcap-parser on the public corpus', (entries) => {
  const files = entries.filter((e) => e.category !== 'malformed' && isMicrosecondPcap(join(CORPUS_DIR, e.file))).map((e) => e.file);

  test('finds classic microsecond captures to compare', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('sees the records we see in %s', async (file) => {
    await expectSameAsOracle(join(CORPUS_DIR, file));
  });
});
