import { Timers } from '../../src/stack/timers';

// Virtual time (DESIGN.md §1) on a binary heap (D7, issue 11): the order is (time, order of
// scheduling), so replays stay deterministic and goldens byte-identical; setting, firing and
// cancelling cost O(log n), so a capture that sets n timers costs O(n log n), not O(n²).

describe('Timers: a heap ordered by time, then by the order timers were set', () => {
  test('timers fire in time order; equal times fire in the order they were set', () => {
    const t = new Timers();
    t.advance(0);
    const fired: string[] = [];
    for (const [name, delay] of [['a', 3], ['b', 1], ['c', 3], ['d', 2], ['e', 1], ['f', 3]] as const) t.after(delay, () => fired.push(name));
    t.advance(10);
    expect(fired).toEqual(['b', 'e', 'd', 'a', 'c', 'f']);
    expect(t.now).toBe(10);
  });

  test('a timer set by a firing timer for the same time fires in the same advance, after those already due', () => {
    const t = new Timers();
    t.advance(0);
    const fired: string[] = [];
    t.after(1, () => {
      fired.push('a');
      t.after(0, () => fired.push('a+0'));
    });
    t.after(1, () => fired.push('b'));
    t.advance(1);
    expect(fired).toEqual(['a', 'b', 'a+0']);
  });

  test('cancelled timers never fire; pending counts only live timers, and cancelling a fired timer changes nothing', () => {
    const t = new Timers();
    t.advance(0);
    const fired: number[] = [];
    const timers = Array.from({ length: 10 }, (_, i) => t.after(i + 1, () => fired.push(i)));
    for (const i of [1, 3, 5]) t.cancel(timers[i]);
    t.cancel(timers[1]);
    expect(t.pending).toBe(7);
    t.advance(4.5);
    expect(fired).toEqual([0, 2]);
    t.cancel(timers[0]);
    expect(t.pending).toBe(5);
    t.drain();
    expect(fired).toEqual([0, 2, 4, 6, 7, 8, 9]);
    expect(t.pending).toBe(0);
  });

  test('time never goes back: an earlier time runs nothing and leaves the clock', () => {
    const t = new Timers();
    t.advance(5);
    let fired = 0;
    t.after(1, () => fired++);
    t.advance(3);
    expect({ now: t.now, fired }).toEqual({ now: 5, fired: 0 });
  });

  test('the heap is rebuilt when cancelled timers are most of it: its size follows the live timers', () => {
    const t = new Timers();
    t.advance(0);
    for (let i = 0; i < 100_000; i++) t.cancel(t.after(30, () => undefined));
    expect(t.pending).toBe(0);
    expect(t.size).toBeLessThanOrEqual(2048);
  });

  // The sorted array spliced every insert and counted live timers with a filter on every
  // drain step: 200,000 timers were ~2·10¹⁰ element moves. A generous bound, not a benchmark.
  test('200,000 timers at random times, a third cancelled, set and drained one step at a time within 3 s (O(n log n))', () => {
    const t = new Timers();
    t.advance(0);
    let seed = 1;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const start = process.hrtime.bigint();
    let fired = 0;
    let last = 0;
    let ordered = true;
    const all = Array.from({ length: 200_000 }, () =>
      t.after(Math.floor(random() * 1000) / 10, () => {
        fired++;
        if (t.now < last) ordered = false;
        last = t.now;
      }),
    );
    for (let i = 0; i < all.length; i += 3) t.cancel(all[i]);
    while (t.pending > 0) t.drain(1);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    expect({ fired, ordered }).toEqual({ fired: 200_000 - Math.ceil(200_000 / 3), ordered: true });
    expect(seconds).toBeLessThan(3);
  });
});
