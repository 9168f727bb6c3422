import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openCapture } from '../../src/capture/open-capture';
import { PcapReader } from '../../src/capture/pcap-reader';
import { PcapWriter, type PcapWriterOptions } from '../../src/capture/pcap-writer';
import { PcapngReader } from '../../src/capture/pcapng-reader';
import { PcapngWriter, type PcapngInterfaceSpec, type PcapngPacketOptions } from '../../src/capture/pcapng-writer';
import { hex, packet, readValid, useTempDir } from './helpers';

const temp = useTempDir();

interface Written {
  readonly data: Uint8Array;
  readonly sec: number;
  readonly nsec: number;
  readonly len?: number;
}

const PCAP_FRAMES: readonly Written[] = [
  { data: packet(60, 1), sec: 1_700_000_000, nsec: 123_456_789, len: 1514 },
  { data: new Uint8Array(0), sec: 0, nsec: 0 },
  { data: packet(1500, 2), sec: 0xffffffff, nsec: 999_999_999 },
];

function writePcap(path: string, opts: PcapWriterOptions, frames: readonly Written[]): void {
  const w = new PcapWriter(path, opts);
  for (const f of frames) w.write(f.data, f.sec, f.nsec, f.len);
  w.close();
}

describe('classic pcap writer', () => {
  describe.each([
    ['little-endian microsecond', { linkType: 1 }],
    ['big-endian microsecond', { linkType: 1, littleEndian: false }],
    ['little-endian nanosecond', { linkType: 113, nanosecond: true, snaplen: 2000 }],
    ['big-endian nanosecond', { linkType: 101, nanosecond: true, littleEndian: false }],
  ] as const)('a %s file', (name, opts) => {
    const nano = 'nanosecond' in opts;

    test('reads back with the same bytes, lengths and timestamps (microseconds truncated)', () => {
      const path = temp(`${name}.pcap`);
      writePcap(path, opts, PCAP_FRAMES);
      const frames = readValid(path);
      expect(frames.map((f) => [f.data, f.caplen, f.len, f.ts, f.linkType])).toEqual(
        PCAP_FRAMES.map((w) => [
          hex(w.data),
          w.data.length,
          w.len ?? w.data.length,
          BigInt(w.sec) * 1_000_000_000n + BigInt(nano ? w.nsec : w.nsec - (w.nsec % 1000)),
          opts.linkType,
        ]),
      );
      const reader = openCapture(path) as PcapReader;
      expect([reader.versionMajor, reader.versionMinor, reader.littleEndian, reader.nanosecond, reader.snaplen]).toEqual([
        2,
        4,
        !('littleEndian' in opts),
        nano,
        'snaplen' in opts ? opts.snaplen : 262144,
      ]);
      reader.close();
    });

    test('writes what it read back byte for byte', () => {
      const first = temp(`${name}-1.pcap`);
      const second = temp(`${name}-2.pcap`);
      writePcap(first, opts, PCAP_FRAMES);
      const again = readValid(first).map((f) => {
        const ts = f.ts ?? -1n;
        return { data: Buffer.from(f.data, 'hex'), sec: Number(ts / 1_000_000_000n), nsec: Number(ts % 1_000_000_000n), len: f.len };
      });
      writePcap(second, opts, again);
      expect(hex(readFileSync(second))).toBe(hex(readFileSync(first)));
    });
  });

  test.each([
    ['seconds past 2106 (2^32)', 2 ** 32, 0, /timestamp seconds 4294967296 outside 0\.\.4294967295/],
    ['negative seconds', -1, 0, /timestamp seconds -1/],
    ['fractional seconds', 1.5, 0, /timestamp seconds 1\.5/],
    ['a whole second of nanoseconds', 1, 1e9, /timestamp nanoseconds 1000000000/],
  ])('refuses %s instead of storing another time', (_what, sec, nsec, message) => {
    const path = temp('refused-ts.pcap');
    const w = new PcapWriter(path, { linkType: 1 });
    expect(() => w.write(packet(10), sec, nsec)).toThrow(message);
    w.write(packet(10), 1, 0);
    w.close();
    expect(readValid(path)).toHaveLength(1); // nothing half-written
  });

  test('refuses a record longer than the snaplen its file header promises', () => {
    const w = new PcapWriter(temp('refused-len.pcap'), { linkType: 1, snaplen: 100 });
    expect(() => w.write(packet(101), 1, 0)).toThrow('record of 101 bytes exceeds the snaplen 100');
    w.close();
  });
});

const INTERFACES: readonly PcapngInterfaceSpec[] = [
  { linkType: 1, name: 'swp1', description: 'front panel port 1' },
  { linkType: 113, name: 'vxlan100', snaplen: 128 },
  { linkType: 1 },
];

interface PcapngWritten extends Written {
  readonly iface: number;
  readonly opts: PcapngPacketOptions;
}

const PCAPNG_FRAMES: readonly PcapngWritten[] = [
  { iface: 0, data: packet(60, 1), sec: 1_700_000_000, nsec: 123_456_789, opts: { comment: 'frame 1: trap ipv4_vrrp', flags: 1 } },
  { iface: 1, data: packet(100, 2), sec: 4_294_967_296, nsec: 500_000_000, opts: { flags: 2, len: 1514 } },
  { iface: 0, data: packet(3, 3), sec: 0, nsec: 1, opts: { comment: 'vérdict ✓' } },
  { iface: 2, data: packet(64, 4), sec: 18_446_744_072, nsec: 999_999_999, opts: { comment: '' } },
];

function writePcapng(path: string): void {
  const w = new PcapngWriter(path);
  for (const spec of INTERFACES) w.addInterface(spec);
  for (const f of PCAPNG_FRAMES) w.write(f.iface, f.data, f.sec, f.nsec, f.opts);
  w.close();
}

describe('pcapng writer', () => {
  test('reads back with the same bytes, lengths, exact timestamps, interface names, comments and flags', () => {
    const path = temp('round-trip.pcapng');
    writePcapng(path);
    const frames = readValid(path);
    expect(frames.map((f) => [f.iface, f.ifname, f.linkType, f.data, f.caplen, f.len, f.ts, f.comments, f.flags])).toEqual(
      PCAPNG_FRAMES.map((w) => [
        w.iface,
        INTERFACES[w.iface]?.name,
        INTERFACES[w.iface]?.linkType,
        hex(w.data),
        w.data.length,
        w.opts.len ?? w.data.length,
        BigInt(w.sec) * 1_000_000_000n + BigInt(w.nsec),
        w.opts.comment === undefined ? undefined : [w.opts.comment],
        w.opts.flags ?? 0,
      ]),
    );
    const reader = openCapture(path) as PcapngReader;
    reader.next();
    expect(reader.interfaces.map((i) => [i.name, i.description, i.snaplen])).toEqual([
      ['swp1', 'front panel port 1', 262144],
      ['vxlan100', undefined, 128],
      [undefined, undefined, 262144],
    ]);
    expect(reader.frame.direction).toBe('inbound');
    reader.close();
  });

  test('writes the same bytes for the same frames', () => {
    writePcapng(temp('same-1.pcapng'));
    writePcapng(temp('same-2.pcapng'));
    expect(hex(readFileSync(temp('same-2.pcapng')))).toBe(hex(readFileSync(temp('same-1.pcapng'))));
  });

  test('refuses an interface it was not given', () => {
    const w = new PcapngWriter(temp('no-iface.pcapng'));
    expect(() => w.write(0, packet(4), 1, 0)).toThrow('interface 0 was not added');
    w.close();
  });

  test('refuses a comment longer than the 16-bit option length, and writes nothing of it', () => {
    const path = temp('long-comment.pcapng');
    const w = new PcapngWriter(path);
    const eth0 = w.addInterface({ linkType: 1 });
    expect(() => w.write(eth0, packet(4), 1, 0, { comment: 'x'.repeat(70_000) })).toThrow('option 1 of 70000 bytes exceeds 65535');
    w.write(eth0, packet(4), 1, 0, { comment: 'y'.repeat(65_535) });
    w.close();
    expect(readValid(path).map((f) => f.comments?.[0]?.length)).toEqual([65_535]);
  });

  test('refuses timestamps the 64-bit nanosecond count cannot hold, and records over the snaplen', () => {
    const w = new PcapngWriter(temp('refused.pcapng'));
    const eth0 = w.addInterface({ linkType: 1, snaplen: 64 });
    expect(() => w.write(eth0, packet(4), 18_446_744_073, 0)).toThrow(/timestamp seconds 18446744073/);
    expect(() => w.write(eth0, packet(4), -1, 0)).toThrow(/timestamp seconds -1/);
    expect(() => w.write(eth0, packet(65), 1, 0)).toThrow('record of 65 bytes exceeds the snaplen 64');
    w.close();
  });
});

const tshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
const describeWithTshark = tshark.status === 0 ? describe : describe.skip;

describeWithTshark(`what the writers write, as tshark reads it${tshark.status === 0 ? '' : ' (skipped: no tshark on PATH)'}`, () => {
  /** tshark's fields, one tab-separated line per frame. */
  function tsharkFields(path: string, fields: readonly string[]): string[][] {
    const args = ['-r', path, '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=|', ...fields.flatMap((f) => ['-e', f])];
    const r = spawnSync('tshark', args, { encoding: 'utf8', timeout: 15_000 });
    expect(r.status).toBe(0);
    return r.stdout.replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
  }

  test('tshark reads our pcapng: times, lengths, interface names and descriptions, comments and directions', () => {
    const path = temp('tshark.pcapng');
    writePcapng(path);
    const fields = [
      'frame.time_epoch',
      'frame.cap_len',
      'frame.len',
      'frame.interface_id',
      'frame.interface_name',
      'frame.interface_description',
      'frame.comment',
      'frame.packet_flags_direction',
    ];
    expect(tsharkFields(path, fields)).toEqual(
      PCAPNG_FRAMES.map((w) => [
        `${w.sec}.${String(w.nsec).padStart(9, '0')}`,
        String(w.data.length),
        String(w.opts.len ?? w.data.length),
        String(w.iface),
        INTERFACES[w.iface]?.name ?? 'unknown', // tshark's word for an interface without if_name
        INTERFACES[w.iface]?.description ?? '',
        w.opts.comment ?? '',
        w.opts.flags === undefined ? '' : `0x0000000${w.opts.flags}`,
      ]),
    );
  });

  test('tshark reads our big-endian nanosecond pcap with the same times and lengths', () => {
    const path = temp('tshark.pcap');
    writePcap(path, { linkType: 1, nanosecond: true, littleEndian: false }, PCAP_FRAMES);
    expect(tsharkFields(path, ['frame.time_epoch', 'frame.cap_len', 'frame.len'])).toEqual(
      PCAP_FRAMES.map((w) => [`${w.sec}.${String(w.nsec).padStart(9, '0')}`, String(w.data.length), String(w.len ?? w.data.length)]),
    );
  });
});
