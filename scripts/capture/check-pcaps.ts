/**
 * Checks the crafted captures with tshark (needs `tshark` on PATH; Wireshark 4.0 was used):
 *
 *   npm run -s build && node dist/scripts/capture/check-pcaps.js [DIR]
 *
 * For every frame of every recipe in scripts/capture/craft-pcaps.ts (files in DIR, default
 * pcaps/decode):
 *   1. tshark raises an expert warning or error only where the recipe intends one
 *      (`tsharkExpert`), and then that one: no accidental "Malformed" or "Bad checksum".
 *   2. tshark's frame.protocols and values of every field pcapverdict reports are printed
 *      where they differ from pcapverdict's decode (for information: the decoder's own
 *      conformance is scripts/conformance.ts's business; the known differences are listed
 *      in pcaps/README.md).
 * Checksums are verified (ip/udp/tcp.check_checksum), reassembly is off (each fragment shows
 * its own headers, as pcapverdict decodes them) and UDP 8472 is decoded as VXLAN, as Linux
 * and pcapverdict do.
 * Exit 0 when check 1 holds for every frame, 1 when it does not, 2 when tshark is missing.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openCapture } from '../../src/capture/open-capture';
import { DecodedFrame } from '../../src/wire/decoded-frame';
import { decodeFrame } from '../../src/wire/decode-frame';
import type { FieldValue } from '../../src/wire/field-sink';
import { collectFields } from '../../src/wire/frame-fields';
import { craftedCaptures } from './craft-pcaps';

export const TSHARK_OPTIONS = [
  '-o', 'ip.check_checksum:TRUE',
  '-o', 'udp.check_checksum:TRUE',
  '-o', 'tcp.check_checksum:TRUE',
  '-o', 'ip.defragment:FALSE',
  '-o', 'ipv6.defragment:FALSE',
  '-d', 'udp.port==8472,vxlan',
] as const;

/** Wireshark's expert severities (epan/proto.h PI_WARN, PI_ERROR). */
const PI_WARN = 0x00600000;

interface Ours {
  readonly protocols: string;
  readonly fields: Record<string, FieldValue[]>;
}

function decodeOurs(path: string): Ours[] {
  const reader = openCapture(path);
  const d = new DecodedFrame();
  const out: Ours[] = [];
  try {
    while (reader.next()) {
      decodeFrame(reader.frame, d);
      out.push({ protocols: d.protocols(), fields: collectFields(d) });
    }
  } finally {
    reader.close();
  }
  return out;
}

/** tshark prints integers in decimal or 0x-hex and booleans as 1/0: compare as numbers. */
function tsharkValue(text: string): FieldValue {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text, 16);
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

function checkCapture(dir: string, name: string, frames: ReturnType<typeof craftedCaptures>[number]['frames']): { problems: string[]; differences: string[] } {
  const path = join(dir, name);
  const ours = decodeOurs(path);
  const names = [...new Set(ours.flatMap((o) => Object.keys(o.fields)))].sort();
  const args = ['-r', path, ...TSHARK_OPTIONS, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-E', 'separator=\t'];
  for (const f of ['frame.protocols', '_ws.expert.message', '_ws.expert.severity', ...names]) args.push('-e', f);
  const lines = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '').split('\n');
  const problems: string[] = [];
  const differences: string[] = [];
  if (lines.length !== frames.length) problems.push(`${name}: tshark reads ${lines.length} frames, the recipe has ${frames.length}`);
  lines.forEach((line, k) => {
    const cols = line.split('\t');
    const at = `${name} frame ${k + 1}`;
    const messages = (cols[1] ?? '').split('|');
    const severities = (cols[2] ?? '').split('|').map(Number);
    const loud = messages.filter((m, j) => m !== '' && (severities[j] ?? 0) >= PI_WARN);
    const intended = frames[k]?.tsharkExpert;
    if (intended === undefined && loud.length > 0) problems.push(`${at}: unintended tshark warning/error: ${loud.join('; ')}`);
    if (intended !== undefined && !loud.some((m) => m.includes(intended))) problems.push(`${at}: expected tshark to say "${intended}", it says: ${loud.join('; ') || 'nothing'}`);
    const o = ours[k];
    if (o === undefined) return;
    if (cols[0] !== o.protocols) differences.push(`${at}: frame.protocols: pcapverdict ${o.protocols}, tshark ${cols[0]}`);
    names.forEach((field, j) => {
      const text = cols[j + 3] ?? '';
      const theirs = text === '' ? [] : text.split('|').map(tsharkValue);
      const mine = o.fields[field] ?? [];
      if (JSON.stringify(theirs) !== JSON.stringify(mine)) differences.push(`${at}: ${field}: pcapverdict ${JSON.stringify(mine)}, tshark ${JSON.stringify(theirs)}`);
    });
  });
  return { problems, differences };
}

function main(argv: readonly string[]): number {
  const dir = argv[0] ?? join('pcaps', 'decode');
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('check-pcaps: tshark is not installed (apt-get install tshark)\n');
    return 2;
  }
  let failed = 0;
  for (const c of craftedCaptures()) {
    const { problems, differences } = checkCapture(dir, c.name, c.frames);
    const intended = c.frames.filter((f) => f.tsharkExpert !== undefined).length;
    process.stdout.write(`${c.name}: ${c.frames.length} frames, ${intended} with intended tshark complaints: ${problems.length === 0 ? 'ok' : 'FAILED'}\n`);
    for (const p of problems) process.stdout.write(`  problem: ${p}\n`);
    for (const d of differences) process.stdout.write(`  differs: ${d}\n`);
    failed += problems.length;
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
