import type { TimelineEvent } from '../../src/fixture/load-fixture';
import { DueEvents } from '../../src/replay/due-events';

// The timeline's events (fixtures' `events:`), due by frame number or capture time. Replay asks
// before every frame; a scan of every waiting event per frame was O(frames × events).

const ev = (run: string, at: TimelineEvent['at']): TimelineEvent => ({ at, run, commands: [] });

describe('DueEvents: what is due, in fixture order, each once', () => {
  test('events due together run in the order the fixture lists them, whether due by frame or by time', () => {
    const q = new DueEvents([ev('a', { time: 2 }), ev('b', { frame: 3 }), ev('c', { frame: 1 }), ev('d', { time: 0.5 }), ev('e', { frame: 3 })]);
    expect(q.take(1, 0).map((e) => e.run)).toEqual(['c']);
    expect(q.take(2, 1).map((e) => e.run)).toEqual(['d']);
    expect(q.take(3, 2).map((e) => e.run)).toEqual(['a', 'b', 'e']);
    expect(q.waiting).toBe(false);
    expect(q.take(Infinity, Infinity)).toEqual([]);
  });

  test('what is never due during the capture runs at its end (frame and time +Infinity)', () => {
    const q = new DueEvents([ev('late', { frame: 1e9 }), ev('later', { time: 1e9 })]);
    expect(q.take(10, 10)).toEqual([]);
    expect(q.waiting).toBe(true);
    expect(q.take(Infinity, Infinity).map((e) => e.run)).toEqual(['late', 'later']);
  });

  // 100,000 events × 100,000 frames: 10¹⁰ checks for the scan, 2·10⁵ for prefixes.
  test('100,000 events over 100,000 frames are taken within 2 s (each frame O(1) when nothing is due)', () => {
    const events = Array.from({ length: 100_000 }, (_, i) => ev(String(i), i % 2 === 0 ? { frame: 100_000 - i } : { time: (100_000 - i) / 1000 }));
    const start = process.hrtime.bigint();
    const q = new DueEvents(events);
    let taken = 0;
    for (let f = 1; f <= 100_000; f++) taken += q.take(f, f / 1000).length;
    expect(taken).toBe(100_000);
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(2);
  });
});
