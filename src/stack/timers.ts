/**
 * Virtual time (DESIGN.md §1): the capture's timestamps are the clock. Timers (neighbour
 * probes, FDB ageing) fire when replay reaches their time, before the frame at or after it,
 * so a run is the same on every machine. Time is in seconds of capture time.
 */
export interface Timer {
  readonly at: number;
  /** Scheduling order: timers due at the same time fire in the order they were set. */
  readonly seq: number;
  cancelled: boolean;
  readonly fire: () => void;
}

/**
 * A binary min-heap on (time, order of scheduling): O(log n) to set and to fire, O(1) to
 * cancel (a cancelled timer stays in the heap, skipped when it comes up, as the kernel's
 * timer wheel leaves nothing to search either). A sorted array cost O(n) per insert and the
 * live count O(n) per drain step: pings to 16,000 new neighbours took 15 s (D7).
 */
export class Timers {
  /** The current capture time; -Infinity until the first frame or event sets it. */
  now = Number.NEGATIVE_INFINITY;
  private readonly heap: Timer[] = [];
  private nextSeq = 0;
  private live = 0;

  /**
   * The time to stamp state with: `now`, or 0 (the first frame's time) during setup, which
   * runs just before the capture does (as kernel-check runs it).
   */
  get clock(): number {
    return Number.isFinite(this.now) ? this.now : 0;
  }

  /** Schedules `fire` at `delay` seconds from now (from the first frame, during setup). */
  after(delay: number, fire: () => void): Timer {
    const base = this.clock;
    const t: Timer = { at: base + delay, seq: this.nextSeq++, cancelled: false, fire };
    this.push(t);
    this.live++;
    return t;
  }

  /** Cancelling a timer that already fired or was cancelled does nothing. */
  cancel(t: Timer | undefined): void {
    if (t === undefined || t.cancelled) return;
    t.cancelled = true;
    this.live--;
    // Cancelled timers wait in the heap for their time; when they are most of it, rebuild it
    // from the live ones (amortised O(1)), so memory follows the live timers.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.live) this.compact();
  }

  /** Runs every timer due at or before `time`, in order, then sets the clock to `time`. */
  advance(time: number): void {
    // Captures can step backwards (merged files, clock steps): time never does.
    if (time < this.now) return;
    for (let t = this.heap[0]; t !== undefined && t.at <= time; t = this.heap[0]) {
      this.pop();
      if (t.cancelled) continue;
      // A fired timer counts as done: cancelling it later must not count it twice.
      t.cancelled = true;
      this.live--;
      this.now = t.at;
      t.fire();
    }
    this.now = time;
  }

  /** Runs what is due at the earliest pending time, at most `limit` such steps (end of capture: the box's clock keeps going). */
  drain(limit = 1e6): void {
    for (let n = 0; n < limit; n++) {
      const next = this.heap[0];
      if (next === undefined) return;
      this.advance(next.at);
    }
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Entries in the heap, cancelled ones included (what it costs in memory). */
  get size(): number {
    return this.heap.length;
  }

  private compact(): void {
    const live = this.heap.filter((t) => !t.cancelled);
    this.heap.length = 0;
    for (const t of live) this.push(t);
  }

  private push(t: Timer): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!before(t, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
