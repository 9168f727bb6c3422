import { openCapture } from '../../src/capture/open-capture';
import { packet, pcapBytes, PcapngBuilder, readValid, useTempDir } from './helpers';

const temp = useTempDir();

/** Records of every size from 0 to a few KiB, so they straddle any chunk boundary. */
const SIZES = [0, 1, 3, 60, 61, 62, 63, 64, 100, 1514, 3000, 9000, 17, 2];

const pcap = pcapBytes({ nano: true, records: SIZES.map((n, i) => ({ sec: 1_700_000_000 + i, frac: i * 7, data: packet(n, i) })) });

const pcapng = (() => {
  const b = new PcapngBuilder().section(true).idb({ name: 'eth0' }).idb({ name: 'eth1', tsresol: 9 });
  SIZES.forEach((n, i) => b.epb({ iface: i % 2, units: BigInt(i) * 1_000_003n, data: packet(n, i), comments: i % 3 === 0 ? [`c${i}`] : undefined }));
  b.section(false).idb({ name: 'wan0' });
  SIZES.forEach((n, i) => (i % 2 === 0 ? b.spb(packet(n, i)) : b.pb({ units: BigInt(i), data: packet(n, i) })));
  return b.result();
})();

describe('streaming over a reused buffer', () => {
  test.each([
    ['classic pcap', 'mixed.pcap', pcap],
    ['pcapng', 'mixed.pcapng', pcapng],
  ])('gives the same %s frames with a buffer of 1, 16, 100 or 4096 bytes as with the default', (_format, name, bytes) => {
    const path = temp(name, bytes);
    const expected = readValid(path);
    expect(expected).toHaveLength(bytes === pcap ? SIZES.length : 2 * SIZES.length);
    for (const chunk of [1, 16, 100, 4096]) expect(readValid(path, chunk)).toEqual(expected);
  });

  test('keeps every frame in one buffer of the initial size when no record is larger', () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ sec: i, frac: 0, data: packet(100 + (i % 50), i) }));
    const path = temp('long.pcap', pcapBytes({ records }));
    const reader = openCapture(path, 4096);
    const buffers = new Set<Uint8Array>();
    let frames = 0;
    while (reader.next()) {
      buffers.add(reader.frame.buf);
      frames++;
    }
    reader.close();
    expect(frames).toBe(5000);
    expect([...buffers].map((b) => b.length)).toEqual([4096]);
  });

  test('grows the buffer only for a record larger than it, then keeps the larger one', () => {
    const path = temp('one-big.pcap', pcapBytes({ records: [100, 100, 5000, 100, 100].map((n, i) => ({ sec: i, frac: 0, data: packet(n, i) })) }));
    const reader = openCapture(path, 256);
    const lengths: number[] = [];
    const buffers = new Set<Uint8Array>();
    while (reader.next()) {
      lengths.push(reader.frame.buf.length);
      buffers.add(reader.frame.buf);
    }
    reader.close();
    expect(lengths).toEqual([256, 256, 8192, 8192, 8192]);
    expect(buffers.size).toBe(2);
  });
});
