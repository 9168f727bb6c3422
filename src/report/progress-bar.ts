/**
 * A one-line progress bar on a TTY stream (stderr), for long replays: the fixture and the
 * share of its capture read. Redrawn at most ten times a second; cleared before any other
 * output. Never used when the stream is not a TTY or in CI (DESIGN.md §7).
 */
export class ProgressBar {
  private label = '';
  private shown = false;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(label: string): void {
    this.label = label;
  }

  update(fraction: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 30;
    const done = Math.max(0, Math.min(width, Math.round(fraction * width)));
    const line = `${this.label} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(fraction * 100)}%`;
    // A pseudo-terminal may report 0 columns: take 80 then.
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 80) - 1)}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
