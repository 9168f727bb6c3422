const cell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks the thread for a few milliseconds. stdin and stdout may be non-blocking pipes (Node
 * makes stdout one as soon as `process.stdout` is touched), and synchronous reads and writes
 * on them fail with EAGAIN until the other end catches up: wait, then retry, rather than spin.
 */
export function waitForPipe(): void {
  Atomics.wait(cell, 0, 0, 5);
}
