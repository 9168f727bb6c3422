import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer';
import { emitEthernet } from '../../src/wire/ethernet';
import { emitIpv4 } from '../../src/wire/ipv4';
import { emitVrrp } from '../../src/wire/vrrp';

// The CLI runs from dist/ (npm test builds first), exactly as a user runs it.
const BIN = join(__dirname, '..', '..', 'bin', 'pcapverdict.js');
const dir = mkdtempSync(join(tmpdir(), 'pcapverdict-cli-'));

function run(args: string[], input?: Buffer): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A VRRPv2 advert for VRID 42 from 10.0.0.91 (RFC 3768 §5), as keepalived sends it. */
function vrrpAdvert(): Uint8Array {
  const b = new Uint8Array(14 + 20 + 20);
  emitEthernet({ dst: '01:00:5e:00:00:12', src: '00:00:5e:00:01:2a', type: 0x0800 }, b, 0);
  const vrrpLen = emitVrrp({ version: 2, type: 1, vrid: 42, priority: 100, interval: 1, authType: 0, checksum: 0, addresses: ['10.4.42.1'] }, b, 34, { start: 14, version: 4 });
  emitIpv4(
    { version: 4, headerLength: 20, dsfield: 0xc0, totalLength: 20 + vrrpLen, id: 0, flags: 0, fragOffset: 0, ttl: 255, protocol: 112, checksum: 0, src: '10.0.0.91', dst: '224.0.0.18', options: new Uint8Array(0) },
    b,
    14,
  );
  return b;
}

function writeCapture(name: string, frames: number): string {
  const path = join(dir, name);
  const w = new PcapWriter(path, { linkType: 1 });
  for (let i = 0; i < frames; i++) w.write(vrrpAdvert(), 1700000000 + i, 123456000);
  w.close();
  return path;
}

describe('pcapverdict decode', () => {
  const good = writeCapture('vrrp.pcap', 3);

  test('prints one NDJSON object per frame with tshark-shaped fields', () => {
    const r = run(['decode', '--format', 'ndjson', good]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      frame: 1,
      ts: '1700000000.123456000',
      caplen: 54,
      len: 54,
      iface: null,
      protocols: 'eth:ethertype:ip:vrrp',
      fields: { 'eth.type': [2048], 'ip.ttl': [255], 'vrrp.virt_rtr_id': [42], 'vrrp.ip_addr': ['10.4.42.1'], 'vrrp.checksum.status': [1] },
    });
    expect(lines[0]).not.toHaveProperty('issue');
  });

  test('prints a readable line per frame with --format text', () => {
    const r = run(['decode', '--format', 'text', good]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toContain('IPv4 10.0.0.91 > 224.0.0.18 ttl 255, VRRPv2 vrid 42 prio 100');
  });

  test('prints only totals with --format count', () => {
    const r = run(['decode', '--format', 'count', good]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('frames 3, bytes 162');
    expect(r.out).toContain('vrrp 3');
    expect(r.out).toContain('issues: none');
  });

  test('reads a capture from stdin when the path is -', () => {
    const r = run(['decode', '--format', 'count', '-'], readFileSync(good));
    expect(r.code).toBe(0);
    expect(r.out).toContain('frames 3');
  });

  test('delivers the frames before the damage, then exits 2 naming the offset', () => {
    const bytes = Buffer.from(readFileSync(good));
    // Record 3 starts at 24 + 2 * (16 + 54) = 164; make it claim 2 GiB.
    bytes.writeUInt32LE(0x80000000, 164 + 8);
    const damaged = join(dir, 'damaged.pcap');
    writeFileSync(damaged, bytes);
    const r = run(['decode', '--format', 'ndjson', damaged]);
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect(r.err).toBe(`error: ${damaged}: pcap: record at offset 0xa4: captured length 2147483648 > maximum 262144\n`);
  });

  test('warns, and exits 0, when the last record is cut short at end of file', () => {
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, readFileSync(good).subarray(0, 24 + 2 * 70 + 30));
    const r = run(['decode', '--format', 'count', cut]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('frames 2');
    expect(r.err).toMatch(/^warning: .*cut\.pcap: pcap: record at offset 0xa4 cut short at end of file/);
  });

  test('exits 2 with a message for a file that is not a capture', () => {
    const junk = join(dir, 'junk.pcap');
    writeFileSync(junk, 'this is not a capture file at all');
    const r = run(['decode', junk]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a pcap or pcapng file: magic 0x74686973 at offset 0x0');
  });

  test('exits 2 on a usage error', () => {
    expect(run(['decode']).code).toBe(2);
    expect(run(['decode', '--format', 'xml', good]).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});
