import { openCapture } from '../../src/capture/open-capture';

/**
 * Bench child: the reader alone. Loops `reader.next()` over one capture and prints the
 * totals in the first line's format of `decode --format count`, so the bench checks both
 * with one parser. Read cost = this row; decode cost = the decode row minus this one.
 */
function main(path: string | undefined): void {
  if (path === undefined) {
    process.stderr.write('usage: read-only.js CAPTURE\n');
    process.exit(2);
  }
  const reader = openCapture(path);
  const f = reader.frame;
  let frames = 0;
  let bytes = 0;
  try {
    while (reader.next()) {
      frames++;
      bytes += f.caplen;
    }
  } finally {
    reader.close();
  }
  process.stdout.write(`frames ${frames}, bytes ${bytes}\n`);
}

main(process.argv[2]);
