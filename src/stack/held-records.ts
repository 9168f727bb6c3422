import type { NotificationRecord, RecordSink, ReplayRecord, RouteMessage } from '../decision/records';
import { tableName, type Route } from './fib/route';
import { formatRoute, hwSnapshot, routeFlagList } from './fib/route-text';

type After = NotificationRecord['after'];

/**
 * RTM_NEWROUTE / RTM_DELROUTE to `ip monitor route` listeners: the record, with the route's
 * hardware flags now or as they were in `hw` (a `hwSnapshot`).
 */
export function routeNotification(msg: RouteMessage, r: Route, after: After, hw: number | undefined = hwSnapshot(r)): NotificationRecord {
  return {
    type: 'notification',
    msg,
    after,
    route: r.prefix.len === 0 ? 'default' : r.prefix.text,
    table: tableName(r.table),
    flags: routeFlagList(r, hw),
    text: formatRoute(r, msg, hw),
  };
}

/** A route notification not written yet: the route and its hardware flags when it was sent. */
class HeldRoute {
  constructor(
    readonly msg: RouteMessage,
    readonly route: Route,
    readonly after: After,
    readonly hw: number,
  ) {}
}

/**
 * Setup's records, held until the whole setup ran: a refused command must leave nothing
 * written but its error. A route notification is held as the route and its hardware flags
 * (about 40 bytes) and written on release; held as records, a table of a million routes was
 * 180 MB of text. The text comes out the same: a route's fields never change once it is in
 * the FIB (a replace or a new sibling is a new Route), devices cannot be renamed, and the
 * hardware flags, which drivers do change, are the snapshot's.
 */
export class HeldRecords {
  /** A route alone stands for the commonest: its RTM_NEWROUTE in the setup, no hardware flags (4 bytes). */
  private items: (ReplayRecord | HeldRoute | Route | undefined)[] = [];
  readonly sink: RecordSink = (r) => {
    this.items.push(r);
  };

  route(msg: RouteMessage, r: Route, after: After): void {
    const hw = hwSnapshot(r);
    if (hw === 0 && msg === 'RTM_NEWROUTE' && after === 'setup') this.items.push(r);
    else this.items.push(hw === undefined ? routeNotification(msg, r, after) : new HeldRoute(msg, r, after, hw));
  }

  /** Writes every held record to `sink`, in order, letting each go as it is written. */
  release(sink: RecordSink): void {
    const items = this.items;
    this.items = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      items[i] = undefined;
      if (it instanceof HeldRoute) sink(routeNotification(it.msg, it.route, it.after, it.hw));
      // A Route has a `prefix`; no record has (both have a `type`).
      else if ('prefix' in it) sink(routeNotification('RTM_NEWROUTE', it, 'setup', 0));
      else sink(it);
    }
  }
}
