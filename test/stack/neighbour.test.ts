import { parseIpv6 } from '../../src/addr/ipv6';
import { mac } from '../../src/wire/frame-builder';
import { NeighbourTable, type Neighbour, type NeighbourOps } from '../../src/stack/neighbour';
import type { NetDevice } from '../../src/stack/netdev';
import type { Skb } from '../../src/stack/skb';
import { defaultConf } from '../../src/stack/stack';
import { Timers } from '../../src/stack/timers';

// The neighbour table against net/core/neighbour.c, state by state: __neigh_update (what an
// update may change), neigh_alloc / neigh_forced_gc / neigh_periodic_work (the table's bounds,
// gc_thresh1/2/3). Every state here is reachable by a legal frame sequence (NA, NS, ARP).

const DEV = { ifindex: 2, name: 'eth1', conf: defaultConf() } as unknown as NetDevice;
const MAC_A = mac('02:00:00:00:02:07');
const MAC_B = mac('02:00:00:00:02:08');

interface Fixture {
  readonly timers: Timers;
  readonly table: NeighbourTable;
  readonly calls: string[];
}

/** A table; `started`: the capture's first frame came (else it is the setup's time). */
function setup(started = true): Fixture {
  const timers = new Timers();
  if (started) timers.advance(0);
  const calls: string[] = [];
  const ops: NeighbourOps = {
    solicit: (n, unicast) => calls.push(`solicit ${n.address.text}${unicast ? ' unicast' : ''}`),
    release: (n, skb) => {
      // What neigh-output's finishOutput needs: a MAC (D1 crashed here without one).
      if (n.mac === undefined) throw new Error('released without a MAC');
      skb.outcome.pending--;
      calls.push(`release ${n.address.text}`);
    },
    discard: (n, skb, reason) => {
      skb.outcome.pending--;
      calls.push(`discard ${n.address.text} ${reason}`);
    },
    changed: (n) => calls.push(`changed ${n.address.text} ${n.state}`),
  };
  return { timers, table: new NeighbourTable(timers, ops), calls };
}

function fakeSkb(): Skb {
  const outcome = { pending: 0, setMeta: () => undefined, dropped: () => undefined, settled: () => undefined };
  return { macOff: 0, end: 100, makeWritable: () => undefined, outcome } as unknown as Skb;
}

function address(i: number): Uint8Array {
  const a = parseIpv6('2001:db8:2::')!;
  a[12] = (i >>> 24) & 0xff;
  a[13] = (i >>> 16) & 0xff;
  a[14] = (i >>> 8) & 0xff;
  a[15] = i & 0xff;
  return a;
}

/** A box whose IPv6 neighbour table has these gc_thresh2 and gc_thresh3. */
function limited(thresh2: number, thresh3: number): Fixture {
  const f = setup();
  const t = f.table.gcThresholds(6);
  t.thresh2 = thresh2;
  t.thresh3 = thresh3;
  return f;
}

/** An entry with a packet waiting for it (INCOMPLETE after the first solicitation). */
function incomplete(f: Fixture, i = 7): Neighbour {
  const n = f.table.create(6, DEV, address(i), 0)!;
  expect(f.table.send(n, fakeSkb())).toBe(false);
  expect(n.state).toBe('incomplete');
  return n;
}

describe('__neigh_update: what an update from the wire may change', () => {
  test('D1: an update without a link-layer address does not make an INCOMPLETE entry valid, nor release its queue ("No link layer address given")', () => {
    const f = setup();
    const n = incomplete(f);
    f.table.update(n, undefined, 'reachable', { weakOverride: true, override: false, isRouter: true });
    expect({ state: n.state, mac: n.mac, queued: n.queue.length, isRouter: n.isRouter }).toEqual({ state: 'incomplete', mac: undefined, queued: 1, isRouter: false });
    expect(f.calls.filter((c) => c.startsWith('release'))).toEqual([]);
  });

  test('an update with the address makes it valid and releases the queue, in order (neigh_update: !(old & NUD_VALID))', () => {
    const f = setup();
    const n = incomplete(f);
    f.table.send(n, fakeSkb());
    f.table.update(n, MAC_A, 'reachable', { weakOverride: true, override: false, isRouter: false });
    expect({ state: n.state, queued: n.queue.length }).toEqual({ state: 'reachable', queued: 0 });
    expect(f.calls.filter((c) => c.startsWith('release'))).toEqual(['release 2001:db8:2::7', 'release 2001:db8:2::7']);
  });

  test('an update without an address confirms a valid entry: STALE + solicited → REACHABLE, keeping its MAC', () => {
    const f = setup();
    const n = f.table.create(6, DEV, address(7), 0)!;
    f.table.update(n, MAC_A, 'stale', { weakOverride: true, override: true });
    f.table.update(n, undefined, 'reachable', { weakOverride: true, override: false, isRouter: true });
    expect({ state: n.state, mac: n.mac, isRouter: n.isRouter }).toEqual({ state: 'reachable', mac: MAC_A, isRouter: true });
  });

  test('a different address without override: a REACHABLE entry only becomes STALE with its old MAC (NEIGH_UPDATE_F_WEAK_OVERRIDE), and the router flag is kept', () => {
    const f = setup();
    const n = f.table.create(6, DEV, address(7), 0)!;
    f.table.update(n, MAC_A, 'reachable', { weakOverride: true, override: true, isRouter: true });
    f.table.update(n, MAC_B, 'reachable', { weakOverride: true, override: false, isRouter: false });
    expect({ state: n.state, mac: n.mac, isRouter: n.isRouter }).toEqual({ state: 'stale', mac: MAC_A, isRouter: true });
  });

  test('a different address without override on a STALE entry changes nothing; with override (NTF_OVERRIDE) it replaces the MAC', () => {
    const f = setup();
    const n = f.table.create(6, DEV, address(7), 0)!;
    f.table.update(n, MAC_A, 'stale', { override: true });
    f.table.update(n, MAC_B, 'stale', { weakOverride: true, override: false });
    expect({ state: n.state, mac: n.mac }).toEqual({ state: 'stale', mac: MAC_A });
    f.table.update(n, MAC_B, 'reachable', { weakOverride: true, override: true });
    expect({ state: n.state, mac: n.mac }).toEqual({ state: 'reachable', mac: MAC_B });
  });

  test('a STALE update with the same address leaves a REACHABLE entry REACHABLE (an unsolicited NA or an NS from it)', () => {
    const f = setup();
    const n = f.table.create(6, DEV, address(7), 0)!;
    f.table.update(n, MAC_A, 'reachable', { override: true });
    f.table.update(n, MAC_A.slice(), 'stale', { weakOverride: true, override: true });
    expect(n.state).toBe('reachable');
  });

  test('PERMANENT and NOARP entries are changed only by the administrator (NEIGH_UPDATE_F_ADMIN)', () => {
    const f = setup();
    const n = f.table.create(6, DEV, address(7), 0, true)!;
    f.table.update(n, MAC_A, 'permanent', { admin: true, override: true });
    f.table.update(n, MAC_B, 'reachable', { override: true });
    expect({ state: n.state, mac: n.mac }).toEqual({ state: 'permanent', mac: MAC_A });
  });

  test('a FAILED entry with an update with an address (an ARP reply) is valid again; without one it stays FAILED', () => {
    const f = setup();
    const n = incomplete(f);
    f.timers.advance(3);
    expect(n.state).toBe('failed');
    f.table.update(n, undefined, 'stale', { override: true });
    expect(n.state).toBe('failed');
    f.table.update(n, MAC_A, 'reachable', { override: true });
    expect({ state: n.state, mac: n.mac }).toEqual({ state: 'reachable', mac: MAC_A });
  });

  test('removing an entry with a packet waiting frees the packet (neigh_ifdown) and never releases it', () => {
    const f = setup();
    const n = incomplete(f);
    f.table.flushDev(DEV);
    expect(f.calls.filter((c) => !c.startsWith('solicit'))).toEqual(['discard 2001:db8:2::7 neigh_failed']);
    expect(f.table.lookup(6, DEV, address(7), 0)).toBeUndefined();
  });
});

describe('the table\'s bounds: gc_thresh1/2/3 (neigh_alloc, neigh_forced_gc, neigh_periodic_work)', () => {
  test('at gc_thresh3 with nothing to free (every entry resolving), a new entry is refused and counted in table_fulls', () => {
    const f = setup();
    f.table.gcThresholds(6).thresh3 = 4;
    for (let i = 0; i < 4; i++) incomplete(f, i);
    expect(f.table.create(6, DEV, address(100), 0)).toBeUndefined();
    expect(f.table.tableFulls(6)).toBe(1);
    // Permanent entries are exempt (neigh_add with NUD_PERMANENT) and do not count.
    expect(f.table.create(6, DEV, address(101), 0, true)).toBeDefined();
    // The other family's table is another table.
    expect(f.table.create(4, DEV, new Uint8Array([198, 51, 100, 9]), 0)).toBeDefined();
  });

  test('an entry made PERMANENT by `ip neigh replace` leaves the gc list: never collected, not counted (neigh_update_gc_list)', () => {
    const f = limited(0, 1);
    const n = f.table.create(6, DEV, address(1), 0)!;
    f.table.update(n, MAC_A, 'stale', { override: true });
    f.table.update(n, MAC_A, 'permanent', { admin: true, override: true });
    f.timers.advance(100);
    expect(f.table.create(6, DEV, address(2), 0)).toBeDefined();
    expect(f.table.lookup(6, DEV, address(1), 0)?.state).toBe('permanent');
    // Back to a dynamic state by the administrator: counted and collectable again.
    f.table.update(n, MAC_A, 'stale', { admin: true, override: true });
    f.timers.advance(200);
    expect(f.table.create(6, DEV, address(3), 0)).toBeDefined();
    expect(f.table.size(6)).toBe(1);
  });

  test('once the entries failed, the forced gc frees the oldest, down to gc_thresh2, and the new entry is made', () => {
    const f = limited(2, 4);
    for (let i = 0; i < 4; i++) incomplete(f, i);
    f.timers.advance(3);
    expect(f.table.create(6, DEV, address(100), 0)).toBeDefined();
    // max_clean = entries - gc_thresh2 = 2: the two oldest go.
    expect([0, 1, 2, 3].map((i) => f.table.lookup(6, DEV, address(i), 0) !== undefined)).toEqual([false, false, true, true]);
    expect(f.table.size(6)).toBe(3);
  });

  test('an entry the setup made (before the first frame) is as old as the capture, not infinitely old: the periodic gc keeps it for gc_stale_time (neigh_periodic_work)', () => {
    const { timers, table } = setup(false);
    table.gcThresholds(6).thresh1 = 1;
    const n = table.create(6, DEV, address(1), 0)!;
    table.update(n, MAC_A, 'stale', { admin: true, override: true });
    timers.advance(16); // the periodic gc ran at 15 s
    expect(table.lookup(6, DEV, address(1), 0)).toBeDefined();
    timers.advance(76); // unused for 60 s at the run after 60 s
    expect(table.lookup(6, DEV, address(1), 0)).toBeUndefined();
  });

  test('the forced gc spares a STALE entry updated within 5 s and frees it after', () => {
    const f = limited(0, 1);
    const n = f.table.create(6, DEV, address(1), 0)!;
    f.table.update(n, MAC_A, 'stale', { override: true });
    f.timers.advance(4);
    expect(f.table.create(6, DEV, address(2), 0)).toBeUndefined();
    f.timers.advance(5.5);
    expect(f.table.create(6, DEV, address(2), 0)).toBeDefined();
    expect(f.table.lookup(6, DEV, address(1), 0)).toBeUndefined();
  });

  test('the periodic gc (every 15 s from gc_thresh1 entries) frees entries unused for 60 s (gc_stale_time), not one used and confirmed since', () => {
    const f = setup();
    f.table.gcThresholds(6).thresh1 = 3;
    const stale = [1, 2, 3].map((i) => {
      const n = f.table.create(6, DEV, address(i), 0)!;
      f.table.update(n, MAC_A, 'stale', { override: true });
      return n;
    });
    f.timers.advance(50);
    const used = stale[0]!;
    expect(f.table.send(used, fakeSkb())).toBe(true);
    f.timers.advance(51);
    f.table.update(used, MAC_A, 'reachable', { override: true });
    f.timers.advance(100);
    expect(stale.map((n) => f.table.lookup(6, DEV, n.address.bytes, 0) !== undefined)).toEqual([true, false, false]);
  });

  // D7's memory bound: a scan of many addresses within a second never holds more than gc_thresh3 entries.
  test('a scan of 100,000 new addresses in one second: at most gc_thresh3 (1024) entries, the rest refused', () => {
    const f = setup();
    let refused = 0;
    let most = 0;
    for (let i = 0; i < 100_000; i++) {
      f.timers.advance(i / 100_000);
      const n = f.table.create(6, DEV, address(i), 0);
      if (n === undefined) refused++;
      else f.table.send(n, fakeSkb());
      most = Math.max(most, f.table.size(6));
    }
    expect({ most, refused }).toEqual({ most: 1024, refused: 100_000 - 1024 });
    f.timers.drain();
    expect(f.table.size(6)).toBeLessThanOrEqual(1024);
  });
});
