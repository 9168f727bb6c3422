/**
 * Virtual time (DESIGN.md §1): the capture's timestamps are the clock. Timers (neighbour
 * probes, FDB ageing) fire when replay reaches their time, before the frame at or after it,
 * so a run is the same on every machine. Time is in seconds of capture time.
 */
export interface Timer {
  readonly at: number;
  cancelled: boolean;
  readonly fire: () => void;
}

export class Timers {
  /** The current capture time; -Infinity until the first frame or event sets it. */
  now = Number.NEGATIVE_INFINITY;
  private queue: Timer[] = [];

  /** Schedules `fire` at `delay` seconds from now (from the first frame, during setup). */
  after(delay: number, fire: () => void): Timer {
    const base = Number.isFinite(this.now) ? this.now : 0;
    const t: Timer = { at: base + delay, cancelled: false, fire };
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > t.at) i--;
    this.queue.splice(i, 0, t);
    return t;
  }

  cancel(t: Timer | undefined): void {
    if (t !== undefined) t.cancelled = true;
  }

  /** Runs every timer due at or before `time`, in order, then sets the clock to `time`. */
  advance(time: number): void {
    // Captures can step backwards (merged files, clock steps): time never does.
    if (time < this.now) return;
    while (this.queue.length > 0 && this.queue[0]!.at <= time) {
      const t = this.queue.shift()!;
      if (t.cancelled) continue;
      this.now = t.at;
      t.fire();
    }
    this.now = time;
  }

  /** Runs everything still pending (end of capture: the box's clock keeps going). */
  drain(limit = 1e6): void {
    let n = 0;
    while (this.queue.length > 0 && n++ < limit) this.advance(this.queue[0]!.at);
  }

  get pending(): number {
    return this.queue.filter((t) => !t.cancelled).length;
  }
}
