import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CaptureError } from '../capture/capture-error';

/**
 * The SHA-256 of a capture, for its golden's header (golden-header.ts), computed while the
 * replay runs. Hashing is about 1 ns a byte (0.1-0.2 s for the 112 MB of a 1 M-frame capture,
 * 15-25 % of a check), so a capture of HASH_IN_WORKER bytes or more is hashed by a worker
 * thread beside the synchronous replay, and the result is waited for (Atomics.wait) only when
 * the golden is settled: on a machine with a free core it costs no time. A smaller one is
 * hashed at once: starting a worker (a V8 isolate, about 30 ms) would cost more.
 *
 * Returns a function that gives the digest (hex), waiting for it if needed; it throws a
 * CaptureError when the file cannot be read.
 */
export function hashCapture(file: string): () => string {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size < HASH_IN_WORKER) {
    const digest = sha256File(file);
    return () => digest;
  }
  // [state, error length], 32 digest bytes, then an error message.
  const shared = new SharedArrayBuffer(8 + 32 + 512);
  const state = new Int32Array(shared, 0, 2);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, shared } });
  worker.unref();
  // A worker that cannot start (no memory for its isolate) says so here, after the
  // synchronous replay: too late to help, but not an unhandled 'error' that ends the process.
  worker.on('error', () => undefined);
  let digest: string | undefined;
  return () => {
    if (digest !== undefined) return digest;
    // A worker that never started, or died without a word (every path of its code stores a
    // state), would leave us waiting: then the file is hashed here.
    Atomics.wait(state, 0, PENDING, START_MS);
    if (Atomics.load(state, 0) === PENDING || Atomics.wait(state, 0, RUNNING, WAIT_MS) === 'timed-out') {
      digest = sha256File(file);
      return digest;
    }
    if (Atomics.load(state, 0) !== DONE) {
      const message = Buffer.from(new Uint8Array(shared, 40, state[1]!)).toString('utf8');
      throw new CaptureError('io', file, 0, `cannot read it to hash it: ${message}`);
    }
    digest = Buffer.from(new Uint8Array(shared, 8, 32)).toString('hex');
    return digest;
  };
}

/** 16 MB: about 15 ms to hash here, half of a worker's start. */
const HASH_IN_WORKER = 16 << 20;
const PENDING = 0;
const DONE = 1;
const RUNNING = 3;
/** How long a worker may take to start (it has had the whole replay already). */
const START_MS = 5_000;
const WAIT_MS = 120_000;

// Plain JavaScript, evaluated in the worker (it cannot load this TypeScript module under ts-jest).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared, 0, 2);
Atomics.store(state, 0, ${RUNNING});
Atomics.notify(state, 0);
try {
  const hash = createHash('sha256');
  const fd = fs.openSync(workerData.file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  new Uint8Array(workerData.shared, 8, 32).set(hash.digest());
  Atomics.store(state, 0, ${DONE});
} catch (e) {
  const text = Buffer.from(String(e && e.message)).subarray(0, 512);
  new Uint8Array(workerData.shared, 40, 512).set(text);
  state[1] = text.length;
  Atomics.store(state, 0, 2);
}
Atomics.notify(state, 0);
`;

/** The SHA-256 of a file, read 1 MB at a time: constant memory for a capture of any size. */
export function sha256File(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new CaptureError('io', file, 0, `cannot open: ${(e as Error).message}`);
  }
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let offset = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      offset += n;
    }
  } catch (e) {
    throw new CaptureError('io', file, offset, `read failed: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
