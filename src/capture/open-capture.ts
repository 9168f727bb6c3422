import { ByteSource } from './byte-source';
import type { CaptureReader } from './captured-frame';
import { CaptureError } from './capture-error';
import { PcapReader } from './pcap-reader';
import { PcapngReader } from './pcapng-reader';
import { BLOCK } from './pcapng-format';

/**
 * Opens a capture file (or `-` for stdin) and picks the reader by its first four bytes,
 * as libpcap's `pcap_fopen_offline` does: the file name's extension is never trusted
 * (many ".pcap" files in the wild are pcapng). `chunk` is the initial read-buffer size.
 */
export function openCapture(path: string, chunk?: number): CaptureReader {
  const src = ByteSource.open(path, chunk);
  try {
    const have = src.fill(4);
    if (have < 4) throw new CaptureError('not_a_capture', src.name, 0, `not a capture: file is ${have === 0 ? 'empty' : 'too short'} (${have} bytes at offset 0x0)`);
    const first = src.view.getUint32(src.pos, true);
    if (first === BLOCK.SHB) return new PcapngReader(src);
    return new PcapReader(src);
  } catch (e) {
    src.close();
    throw e;
  }
}
