/**
 * The public corpus in ../shared/pcaps (real captures from tcpdump, libpcap, Wireshark's
 * peers' test suites; see its README.md). Skipped, and reported as skipped, when absent.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureErrorCode } from '../../src/capture/capture-error';
import { CORPUS_DIR, describeWithCorpus, readCapture, type CorpusEntry } from './helpers';

/** Packet records the manifest counts: classic records, or pcapng EPB + SPB + PB blocks. */
function packetCount(e: CorpusEntry): number {
  const blocks = e.format.block_counts ?? {};
  return e.format.records ?? (blocks['0x6'] ?? 0) + (blocks['0x3'] ?? 0) + (blocks['0x2'] ?? 0);
}

/** How each known damaged file ends, as libpcap ends it (README "Malformed / rejected files"). */
const MALFORMED_ENDINGS: Readonly<Record<string, { readonly frames: number; readonly error?: CaptureErrorCode; readonly message?: string }>> = {
  'libpcap-pcap-invalid-version-1.pcap': { frames: 0, error: 'unsupported_version', message: 'unsupported pcap savefile version 1.4' },
  'libpcap-pcap-invalid-version-2.pcap': { frames: 0, error: 'unsupported_version', message: 'unsupported pcap savefile version 2.5' },
  'libpcap-shb-option-too-long.pcapng': { frames: 0, error: 'bad_block', message: 'in trailer differ' },
  'libpcap-linktype-reserved-field-not-zero.pcap': { frames: 0, error: 'bad_header', message: 'reserved' },
  'gopacket-le-test901.pcapng': { frames: 1, error: 'unsupported_version', message: 'unsupported section version 2.0' },
  'sv-bug-6875-01-fuzz.pcap': { frames: 1, error: 'bad_record', message: 'captured length 1409179648' },
  'sv-tls_DER-incomplete-header.pcap': { frames: 6, error: 'bad_record', message: 'captured length 4325376' },
  'tcpdump-timestamp_invalid_nano.pcap': { frames: 3 },
  'tcpdump-empty.pcapng': { frames: 0 },
  'zeek-trunc-hdr.pcap': { frames: 1 },
  'tcpdump-esp_truncated.pcap': { frames: 1 },
  'sv-ipv6-malformed-fragments-12.pcap': { frames: 9 },
  'tcpdump-ip6_frag_asan.pcap': { frames: 1 },
};

describeWithCorpus('the public corpus', (entries) => {
  const malformed = readdirSync(join(CORPUS_DIR, 'malformed'))
    .filter((name) => /\.(pcap|pcapng)$/.test(name))
    .sort();
  const valid = entries.filter((e) => e.category !== 'malformed');

  test.each(malformed)('malformed/%s reads to the end or stops with a CaptureError naming a hex offset', (name) => {
    // readCapture lets any exception other than CaptureError fail the test.
    const r = readCapture(join(CORPUS_DIR, 'malformed', name));
    if (r.error !== undefined) expect(r.error.message).toMatch(/offset 0x[0-9a-f]+/);
  });

  test.each(Object.entries(MALFORMED_ENDINGS))('malformed/%s ends as libpcap ends it', (name, ending) => {
    const path = join(CORPUS_DIR, 'malformed', name);
    const r = readCapture(path);
    expect(r.frames).toHaveLength(ending.frames);
    expect(r.error?.code).toBe(ending.error);
    if (ending.message !== undefined) expect(r.error?.message).toContain(ending.message);
  });

  test.each(valid.map((e) => [e.file, e] as const))('%s reads to the end with every packet the manifest counts', (file, entry) => {
    const path = join(CORPUS_DIR, file);
    const whole = readCapture(path);
    expect(whole.error).toBeUndefined();
    expect(whole.warnings).toEqual([]);
    expect(whole.frames).toHaveLength(packetCount(entry));
    // Streaming through a 64-byte initial buffer must not change a thing.
    expect(readCapture(path, 64)).toEqual(whole);
  });
});
