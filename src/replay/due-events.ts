import type { TimelineEvent } from '../fixture/load-fixture';

/**
 * The timeline's events not run yet, sorted once by frame number and by time: what is due
 * is a prefix of each, taken in O(1) per frame when nothing is (a scan of every event per
 * frame made many events times many frames quadratic). Those due together run in the
 * fixture's order.
 */
export class DueEvents {
  private readonly byFrame: { readonly i: number; readonly e: TimelineEvent; readonly frame: number }[] = [];
  private readonly byTime: { readonly i: number; readonly e: TimelineEvent; readonly time: number }[] = [];
  private nextFrame = 0;
  private nextTime = 0;

  constructor(events: readonly TimelineEvent[]) {
    events.forEach((e, i) => ('frame' in e.at ? this.byFrame.push({ i, e, frame: e.at.frame }) : this.byTime.push({ i, e, time: e.at.time })));
    this.byFrame.sort((a, b) => a.frame - b.frame || a.i - b.i);
    this.byTime.sort((a, b) => a.time - b.time || a.i - b.i);
  }

  get waiting(): boolean {
    return this.nextFrame < this.byFrame.length || this.nextTime < this.byTime.length;
  }

  /** The events due at `frame` / `time` not run yet, in fixture order. */
  take(frame: number, time: number): readonly TimelineEvent[] {
    const f = this.byFrame[this.nextFrame];
    const t = this.byTime[this.nextTime];
    if ((f === undefined || f.frame > frame) && (t === undefined || t.time > time)) return NONE;
    const due: { readonly i: number; readonly e: TimelineEvent }[] = [];
    while (this.nextFrame < this.byFrame.length && this.byFrame[this.nextFrame]!.frame <= frame) due.push(this.byFrame[this.nextFrame++]!);
    while (this.nextTime < this.byTime.length && this.byTime[this.nextTime]!.time <= time) due.push(this.byTime[this.nextTime++]!);
    return due.sort((a, b) => a.i - b.i).map((d) => d.e);
  }
}

const NONE: readonly TimelineEvent[] = [];
