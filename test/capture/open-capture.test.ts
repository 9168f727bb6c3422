import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expandCapturePaths } from '../../src/capture/capture-files';
import { openCapture } from '../../src/capture/open-capture';
import { expectCaptureError, packet, pcapBytes, PcapngBuilder, readCapture, useTempDir } from './helpers';

const temp = useTempDir();

describe('opening captures', () => {
  test('picks the reader by the magic, never by the file name', () => {
    const pcapng = temp('really-pcapng.pcap', new PcapngBuilder().section().idb().epb({ units: 1n, data: packet(10) }).result());
    const pcap = temp('really-pcap.pcapng', pcapBytes({ records: [{ sec: 1, frac: 0, data: packet(10) }] }));
    const noExt = temp('capture', pcapBytes({ le: false }));
    expect([pcapng, pcap, noExt].map((p) => {
      const r = openCapture(p);
      r.close();
      return [r.format, r.file];
    })).toEqual([['pcapng', pcapng], ['pcap', pcap], ['pcap', noExt]]);
  });

  test('reports a missing file as an io CaptureError naming it', () => {
    const path = temp('missing.pcap');
    const r = readCapture(path);
    expect([r.error?.code, r.error?.file]).toEqual(['io', path]);
    expect(r.error?.message).toContain(path);
  });

  test('refuses a file too short to hold any magic', () => {
    const path = temp('three-bytes', Uint8Array.of(0xd4, 0xc3, 0xb2));
    expectCaptureError(readCapture(path).error, { code: 'not_a_capture', file: path, offset: 0, message: 'too short (3 bytes' });
  });
});

describe('expanding capture paths', () => {
  test('lists the captures below a directory in name order, and keeps files and "-" as given', () => {
    const dir = temp('tree');
    mkdirSync(join(dir, 'b-sub'), { recursive: true });
    for (const name of ['c.pcapng', 'a.pcap', 'notes.txt', 'b-sub/x.cap', 'B.PCAP']) temp(join('tree', name), new Uint8Array(0));
    const other = temp('any-name.bin', new Uint8Array(0));
    expect(expandCapturePaths([dir, '-', other])).toEqual([
      join(dir, 'B.PCAP'),
      join(dir, 'a.pcap'),
      join(dir, 'b-sub', 'x.cap'),
      join(dir, 'c.pcapng'),
      '-',
      other,
    ]);
  });
});
