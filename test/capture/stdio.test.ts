/**
 * stdin and stdout as pipes, the way users chain tools (`tcpdump -w - | pcapverdict decode -`).
 * These run the compiled code in dist/ as a user would, so build first: `npx tsc -p .`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { packet, pcapBytes, pcapRecordBytes, PcapngBuilder, readValid, useTempDir } from './helpers';

const temp = useTempDir();
const ROOT = resolve(__dirname, '..', '..');
const BIN = resolve(ROOT, 'bin', 'pcapverdict.js');
const DIST_WRITER = resolve(ROOT, 'dist', 'src', 'capture', 'pcapng-writer.js');

beforeAll(() => {
  if (!existsSync(resolve(ROOT, 'dist', 'src', 'cli', 'main.js')) || !existsSync(DIST_WRITER)) {
    throw new Error('dist/ is missing: run `npx tsc -p .` before these tests');
  }
});

function decodeStdin(input: Uint8Array): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'decode', '--format', 'count', '-'], { input, encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('reading stdin', () => {
  test('decode --format count - reads a pcapng of two sections in opposite byte orders from stdin', () => {
    const bytes = new PcapngBuilder()
      .section(true)
      .idb({ name: 'eth0' })
      .epb({ units: 1n, data: packet(70, 1) })
      .section(false)
      .idb({ name: 'eth1' })
      .epb({ units: 2n, data: packet(80, 2) })
      .spb(packet(90, 3))
      .result();
    const r = decodeStdin(bytes);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('frames 3, bytes 240');
  });

  test('decode reads a capture of several megabytes arriving through a shell pipe in pieces', () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ sec: i, frac: 0, data: packet(1400, i) }));
    const path = temp('big.pcap', pcapBytes({ records }));
    const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3" decode --format count -', 'sh', path, process.execPath, BIN], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`frames 3000, bytes ${3000 * 1400}`);
  });

  test('decode names <stdin> and the offset when a capture on stdin is damaged, after counting the frames before it', () => {
    const good = pcapBytes({ records: [{ sec: 1, frac: 0, data: packet(60) }] });
    const r = decodeStdin(Buffer.concat([good, pcapRecordBytes({ sec: 2, frac: 0, caplen: 0x7fffffff, data: packet(16) })]));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`<stdin>: pcap: record at offset 0x${good.length.toString(16)}: captured length 2147483647 > maximum 262144`);
    expect(r.stdout.split('\n')[0]).toBe('frames 1, bytes 60');
  });
});

describe('writing stdout', () => {
  test('the pcapng writer writes all of a large capture to a slow stdout pipe (-)', () => {
    // Touching process.stdout makes fd 1 non-blocking, as the CLI does when it checks isTTY;
    // synchronous writes then meet EAGAIN whenever the reader lags behind.
    const script = `
      const { PcapngWriter } = require(${JSON.stringify(DIST_WRITER)});
      void process.stdout.isTTY;
      const w = new PcapngWriter('-');
      const eth0 = w.addInterface({ linkType: 1, name: 'eth0' });
      const data = Buffer.alloc(1400, 7);
      for (let i = 0; i < 3000; i++) w.write(eth0, data, 1700000000, i);
      w.close();`;
    const out = temp('from-stdout.pcapng');
    const r = spawnSync('sh', ['-c', '"$1" -e "$2" | (sleep 0.3; cat > "$3")', 'sh', process.execPath, script, out], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    const frames = readValid(out);
    expect(frames).toHaveLength(3000);
    expect(frames[2999]?.tsString).toBe('1700000000.000002999');
  });
});
