/**
 * Conformance against tshark: every capture in ../shared/pcaps is decoded and compared,
 * frame by frame and field by field, with its `.tshark.jsonl` reference decode.
 *
 *   npm run conformance [-- --shared DIR] [-- --verbose]
 *
 * Agreement is counted over (frame, field) pairs for the fields of the reference list
 * (manifest.json `tshark_fields`), plus the frame header (ts, caplen, len, interface).
 * Every difference must be explained by an entry of conformance/exceptions.json; an entry
 * that no longer matches anything is stale and fails too, so the list stays true.
 * Exit 0 when the targets of issue 2 hold, 1 otherwise, 2 when the corpus is unusable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareCapture, type CaptureResult } from './conformance/compare-capture';
import { loadExceptions, type ExceptionRule } from './conformance/exceptions';
import { checkMalformed, type MalformedResult } from './conformance/malformed';
import { printReport } from './conformance/report';

interface Manifest {
  readonly tshark_fields: readonly string[];
  readonly files: readonly { readonly file: string; readonly category: string }[];
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf('--shared');
  const shared = resolve(at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : join(__dirname, '..', '..', '..', 'shared', 'pcaps'));
  const verbose = argv.includes('--verbose');
  if (!existsSync(join(shared, 'manifest.json'))) {
    process.stderr.write(`conformance: no corpus at ${shared} (manifest.json missing): nothing to compare\n`);
    return 2;
  }
  const manifest = JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as Manifest;
  const fields = manifest.tshark_fields.filter((f) => !f.startsWith('frame.') && !f.startsWith('_ws.'));
  const projectRoot = join(__dirname, '..', '..');
  const exceptions: ExceptionRule[] = loadExceptions(join(projectRoot, 'conformance', 'exceptions.json'));

  const results: CaptureResult[] = [];
  for (const entry of manifest.files) {
    const jsonl = join(shared, `${entry.file}.tshark.jsonl`);
    if (!existsSync(jsonl)) continue;
    results.push(compareCapture(join(shared, entry.file), entry.file, entry.category, jsonl, fields, exceptions));
  }
  const malformed: MalformedResult[] = manifest.files
    .filter((e) => e.category === 'malformed')
    .map((e) => checkMalformed(join(projectRoot, 'bin', 'pcapverdict.js'), join(shared, e.file), e.file));
  return printReport(results, malformed, exceptions, verbose) ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
