import { canonicalValue, FRAME_HEAD_PREFIX, FRAME_HEAD_TIME, recordKey } from './canonical-record';
import type { GoldenBatch } from './golden-batch';
import { alignKeys, type AlignStep } from './golden-diff';
import { diffFields, type FieldChange } from './field-diff';
import { GoldenError } from './golden-error';
import { headerProblem, parseHeader, type GoldenHeader, type HeaderProblem } from './golden-header';
import { GoldenReader } from './golden-reader';

/**
 * changed: the same record (same `recordKey`) decided differently; moved: the same record at
 * another place in the stream (a swap is two of them); missing: in the golden only; extra: in
 * the replay only; diverged: a stretch the alignment gave up on (more than WINDOW edits).
 */
export type DifferenceKind = 'changed' | 'moved' | 'missing' | 'extra' | 'diverged';

export interface GoldenDifference {
  readonly kind: DifferenceKind;
  /** What the record is about (`frame 12`, `notification setup RTM_NEWROUTE …`); for diverged, where. */
  readonly key: string;
  /** Golden line number (the header is line 1) and text; for diverged, the first line of the stretch. */
  readonly golden?: { readonly line: number; readonly text: string };
  /** The replay's record: its position in the stream (1-based) and text. */
  readonly actual?: { readonly record: number; readonly text: string };
  readonly fields: readonly FieldChange[];
  /** The input frame the record is about, when it is about one. */
  readonly frame: number | undefined;
  /** Diverged only: how many golden and replay records the stretch holds. */
  readonly span?: { readonly golden: number; readonly actual: number };
}

/** Differences that are alike (the same fields changed the same way), counted over the whole stream. */
export interface DifferenceGroup {
  /** `changed: verdict "forward" → "drop", reason (absent) → "blackhole_route"`, `extra: generated icmp_error`. */
  readonly what: string;
  readonly count: number;
  /** The first few records' keys (`frame 12`). */
  readonly keys: readonly string[];
}

export interface GoldenComparison {
  /** Records in the golden, its header not counted. */
  readonly goldenRecords: number;
  readonly actualRecords: number;
  /** The golden's header does not fit: missing (records still compared), or of another fixture, platform or capture (records not compared). */
  readonly header?: HeaderProblem;
  /** Records that differ, over the whole streams (a changed or moved pair counts once; diverged: the longer side). */
  readonly differing: number;
  readonly counts: Readonly<Record<DifferenceKind, number>>;
  /** The first differences (at most MAX_SHOWN), in stream order. */
  readonly differences: readonly GoldenDifference[];
  /** Every difference, grouped (at most MAX_GROUPS groups; the rest in one `other` group). */
  readonly groups: readonly DifferenceGroup[];
  /** Frame records by verdict on each side, where the two differ, over the whole streams. */
  readonly verdicts: Readonly<Record<string, { readonly golden: number; readonly actual: number }>>;
}

/** The golden holds exactly the replay's records, in order, under a header that fits. */
export function goldenMatches(c: GoldenComparison): boolean {
  return c.header === undefined && c.differing === 0 && c.goldenRecords === c.actualRecords;
}

/** Records held on each side past a difference, and aligned at once. */
const WINDOW = 256;
/** Past this many edits in a window the alignment gives up: "streams diverge from here". */
const MAX_EDITS = WINDOW;
const MAX_SHOWN = 5;
const MAX_GROUPS = 50;
const GROUP_KEYS = 8;

interface Line {
  /** A line of the golden, or a record of the replay. */
  readonly golden: boolean;
  /** Golden: the file's line number; replay: the record's position. */
  readonly n: number;
  readonly text: string;
  /** Parsed when needed: a frame line's key comes from its head (frameLineParts). */
  value?: Record<string, unknown>;
  key?: string;
}

/** What a changed frame line's decision came to, kept per (golden tail, replay tail): a flow's frames change alike. */
interface Alike {
  readonly fields: readonly FieldChange[];
  readonly what: string;
  readonly verdicts: readonly [Record<string, unknown>, Record<string, unknown>];
}
const MAX_ALIKE = 4096;

/**
 * Compares the replay's records with a golden as they come, in constant memory. While the
 * two agree a batch of lines is compared with one memcmp; at a difference both sides are
 * held in windows of WINDOW records, aligned by what each record is about (`alignKeys` on
 * `recordKey`), and the aligned part is counted and reported; then the comparison goes on
 * with what is left, back to the memcmp path once both windows are empty. It never stops
 * comparing: every record of both streams is matched, counted as a difference, or both
 * counts differ, so a golden passes only if it is the replay's stream exactly.
 */
export class GoldenComparer {
  private reader: GoldenReader;
  private readonly found: GoldenHeader | 'missing';
  /** The header's fixture, platform and capture path checked; its capture hash is checked at the end. */
  private readonly header: HeaderProblem | undefined;
  /** The header took line 1 (not a record). */
  private readonly headed: boolean;
  private actualCount = 0;
  /** sync: in step, line by line or (nothing held) batch by batch; held: past a difference, windows filling; foreign: the header says the records are of something else. */
  private mode: 'sync' | 'held' | 'foreign';
  private readonly goldenHeld: Line[] = [];
  private readonly actualHeld: Line[] = [];
  private readonly counts: Record<DifferenceKind, number> = { changed: 0, moved: 0, missing: 0, extra: 0, diverged: 0 };
  private readonly shown: GoldenDifference[] = [];
  private readonly groups = new Map<string, { count: number; keys: string[] }>();
  private readonly verdictDelta = new Map<string, { golden: number; actual: number }>();
  private readonly alikes = new Map<string, Alike>();

  /** `expected`: the header a golden of this fixture carries (golden-header.ts), but for the capture's hash (given to `finish`). */
  constructor(
    readonly file: string,
    private readonly expected: Omit<GoldenHeader, 'sha256'>,
  ) {
    this.reader = new GoldenReader(file);
    let found: ReturnType<typeof parseHeader>;
    try {
      found = parseHeader(file, this.reader.next() ? this.reader.text() : undefined);
    } catch (e) {
      this.reader.close(); // not a golden: the caller gets the GoldenError, not an open file
      throw e;
    }
    this.found = found;
    this.header = headerProblem(found, { ...expected, sha256: undefined });
    this.headed = found !== 'missing';
    if (!this.headed) {
      // A golden from before headers: its first line is a record, compared like the rest.
      this.reader.close();
      this.reader = new GoldenReader(file);
    }
    this.mode = this.header !== undefined && this.header.kind !== 'missing' ? 'foreign' : 'sync';
  }

  /**
   * Takes a batch of the replay's records in golden form (golden-batch.ts): compared with the
   * golden's next bytes at once; a batch that differs is gone through line by line.
   */
  batch(b: GoldenBatch): void {
    const lines = b.lines;
    const first = this.actualCount + 1;
    this.actualCount += lines;
    if (this.mode === 'foreign') return;
    if (this.mode === 'sync' && this.goldenHeld.length === 0 && this.reader.skipIfEqual(b.bytes.subarray(0, b.length), lines)) return;
    const each = b.text().split('\n');
    for (let k = 0; k < lines; k++) this.actual({ golden: false, n: first + k, text: each[k]! });
  }

  /**
   * After the replay: compares what is left on both sides. `actualVerdicts` is the replay's
   * count of frames by verdict (ReplaySummary.byVerdict): the golden's counts are it, less
   * and plus what differs (records that matched have the same verdict on both sides).
   * `sha256`: the capture's, for the header (hashed while the replay ran: capture-hash.ts).
   */
  finish(actualVerdicts: Readonly<Record<string, number>>, sha256: string): GoldenComparison {
    try {
      const r = this.reader;
      if (this.mode === 'foreign') while (r.next());
      else {
        if (this.mode === 'sync' && this.goldenHeld.length === 0 && r.next()) this.goldenHeld.push({ golden: true, n: r.line, text: r.text() });
        while (this.goldenHeld.length > 0 || this.actualHeld.length > 0) this.align(true);
      }
      const goldenRecords = r.line - (this.headed ? 1 : 0);
      const header = headerProblem(this.found, { ...this.expected, sha256 });
      return {
        goldenRecords,
        actualRecords: this.actualCount,
        ...(header === undefined ? {} : { header }),
        differing: this.counts.changed + this.counts.moved + this.counts.missing + this.counts.extra + this.counts.diverged,
        counts: { ...this.counts },
        differences: [...this.shown],
        groups: [...this.groups].map(([what, g]) => ({ what, count: g.count, keys: g.keys })).sort((x, y) => y.count - x.count),
        verdicts: this.verdicts(actualVerdicts),
      };
    } finally {
      this.reader.close();
    }
  }

  /** Closes the golden without a result (the replay failed). */
  abandon(): void {
    this.reader.close();
  }

  /** One of the replay's records, line by line: in step, compared with the golden's next (held ones first); else held. */
  private actual(a: Line): void {
    if (this.mode === 'sync') {
      const held = this.goldenHeld;
      const r = this.reader;
      const g = held.length > 0 ? held.shift()! : r.next() ? { golden: true, n: r.line, text: r.text() } : undefined;
      if (g !== undefined && g.text === a.text) return;
      if (g !== undefined) held.unshift(g);
      this.mode = 'held';
    }
    this.actualHeld.push(a);
    if (this.actualHeld.length >= WINDOW) this.align(false);
  }

  /**
   * Fills the golden's window, aligns the two windows and settles the aligned part: up to the
   * last record found on both sides (what follows may pair with records not read yet), or all
   * of it at the end of both streams.
   */
  private align(end: boolean): void {
    const r = this.reader;
    const g = this.goldenHeld;
    const a = this.actualHeld;
    while (g.length < WINDOW && r.next()) g.push({ golden: true, n: r.line, text: r.text() });
    const last = end && g.length < WINDOW;
    const gKeys = g.map((l) => this.keyOf(l));
    const aKeys = a.map((l) => this.keyOf(l));
    const steps: AlignStep[] | undefined =
      g.length === 0 ? a.map((_, i) => ({ op: 'replay-only', a: i })) : a.length === 0 ? g.map((_, i) => ({ op: 'golden-only', g: i })) : alignKeys(gKeys, aKeys, MAX_EDITS);
    if (steps === undefined) {
      this.diverged(g.splice(0), a.splice(0));
    } else {
      let cut = steps.length;
      if (!last) {
        let s = steps.length - 1;
        while (s >= 0 && steps[s]!.op !== 'same') s--;
        if (s >= 0) cut = s + 1;
      }
      const taken = steps.slice(0, cut);
      let gUsed = 0;
      let aUsed = 0;
      for (const s of taken) {
        if (s.op !== 'replay-only') gUsed = s.g + 1;
        if (s.op !== 'golden-only') aUsed = s.a + 1;
      }
      this.settle(taken, g.splice(0, gUsed), a.splice(0, aUsed));
    }
    // Nothing of the replay's left held: back in step, the golden's held lines compared first.
    if (a.length === 0) this.mode = 'sync';
  }

  /** Counts and reports aligned steps; a record only in the golden and one only in the replay with the same key are one record moved. */
  private settle(steps: readonly AlignStep[], g: readonly Line[], a: readonly Line[]): void {
    const goldenOnly = new Map<string, Line[]>();
    const replayOnly = new Map<string, Line[]>();
    for (const s of steps) {
      if (s.op === 'golden-only') pushTo(goldenOnly, g[s.g]!.key!, g[s.g]!);
      else if (s.op === 'replay-only') pushTo(replayOnly, a[s.a]!.key!, a[s.a]!);
    }
    const used = new Set<Line>();
    const partner = (m: Map<string, Line[]>, key: string): Line | undefined => m.get(key)?.find((l) => !used.has(l));
    for (const s of steps) {
      if (s.op === 'same') {
        const gl = g[s.g]!;
        const al = a[s.a]!;
        if (gl.text !== al.text) this.pair('changed', gl, al);
        continue;
      }
      const l = s.op === 'golden-only' ? g[s.g]! : a[s.a]!;
      if (used.has(l)) continue;
      used.add(l);
      const other = partner(s.op === 'golden-only' ? replayOnly : goldenOnly, l.key!);
      if (other === undefined) this.single(s.op === 'golden-only' ? 'missing' : 'extra', l, s.op === 'golden-only');
      else {
        used.add(other);
        if (s.op === 'golden-only') this.pair('moved', l, other);
        else this.pair('moved', other, l);
      }
    }
  }

  private pair(kind: 'changed' | 'moved', g: Line, a: Line): void {
    const d = this.alike(g, a);
    this.count(kind, g.key!, d.what);
    this.verdict(d.verdicts[0], 'golden');
    this.verdict(d.verdicts[1], 'actual');
    this.show({ kind, key: g.key!, golden: { line: g.n, text: g.text }, actual: { record: a.n, text: a.text }, fields: d.fields, frame: frameLineParts(a.text)?.frame ?? frameOf(this.valueOf(a)) });
  }

  /**
   * The field changes of a pair. Two frame lines with the same head (frame, time) differ only
   * in their tails, and a flow's frames have the same tails: their diff is kept, so a change
   * to every frame of a long capture costs a lookup a record, not two parses and a diff.
   */
  private alike(g: Line, a: Line): Alike {
    const gp = frameLineParts(g.text);
    const ap = frameLineParts(a.text);
    const tails = gp !== undefined && ap !== undefined && gp.tail === ap.tail && g.text.startsWith(a.text.slice(0, ap.tail)) ? `${g.text.slice(gp.tail)}\n${a.text.slice(ap.tail)}` : undefined;
    const kept = tails === undefined ? undefined : this.alikes.get(tails);
    if (kept !== undefined) return kept;
    const gv = this.valueOf(g);
    const av = this.valueOf(a);
    const fields = g.text === a.text ? [] : diffFields(gv, av);
    const d: Alike = { fields, what: fields.map((f) => `${f.path} ${f.expected ?? '(absent)'} → ${f.actual ?? '(absent)'}`).join(', '), verdicts: [gv, av] };
    if (tails !== undefined) {
      if (this.alikes.size >= MAX_ALIKE) this.alikes.clear();
      this.alikes.set(tails, d);
    }
    return d;
  }

  private single(kind: 'missing' | 'extra', l: Line, golden: boolean): void {
    const v = this.valueOf(l);
    this.count(kind, l.key!, `${String(v.type)}${v.type === 'generated' ? ` ${String(v.kind)}` : ''}${typeof v.verdict === 'string' ? ` ${v.verdict}${typeof v.reason === 'string' ? ` (${v.reason})` : ''}` : ''}`);
    this.verdict(v, golden ? 'golden' : 'actual');
    const at = golden ? { golden: { line: l.n, text: l.text } } : { actual: { record: l.n, text: l.text } };
    this.show({ kind, key: l.key!, ...at, fields: [], frame: frameOf(v) });
  }

  /** A stretch with more than MAX_EDITS differences in a window: counted, shown as one difference. */
  private diverged(g: readonly Line[], a: readonly Line[]): void {
    const records = Math.max(g.length, a.length);
    this.counts.diverged += records;
    for (const l of g) this.verdict(this.valueOf(l), 'golden');
    for (const l of a) this.verdict(this.valueOf(l), 'actual');
    const where = `from golden line ${g[0]?.n ?? '(end)'} / replay record ${a[0]?.n ?? '(end)'}`;
    this.addToGroup(`diverged: streams differ beyond alignment (more than ${MAX_EDITS} edits in ${WINDOW} records)`, where, records);
    this.show({
      kind: 'diverged',
      key: where,
      ...(g[0] === undefined ? {} : { golden: { line: g[0].n, text: g[0].text } }),
      ...(a[0] === undefined ? {} : { actual: { record: a[0].n, text: a[0].text } }),
      fields: [],
      frame: frameOf(a[0] === undefined ? this.valueOf(g[0]!) : this.valueOf(a[0])),
      span: { golden: g.length, actual: a.length },
    });
  }

  private count(kind: DifferenceKind, key: string, what: string): void {
    this.counts[kind]++;
    this.addToGroup(`${kind}${what === '' ? '' : `: ${what}`}`, key, 1);
  }

  private addToGroup(what: string, key: string, n: number): void {
    const name = this.groups.has(what) || this.groups.size < MAX_GROUPS ? what : 'other differences';
    const group = this.groups.get(name) ?? { count: 0, keys: [] };
    group.count += n;
    if (group.keys.length < GROUP_KEYS) group.keys.push(key);
    this.groups.set(name, group);
  }

  private show(d: GoldenDifference): void {
    if (this.shown.length < MAX_SHOWN) this.shown.push(d);
  }

  private verdict(v: Record<string, unknown>, side: 'golden' | 'actual'): void {
    if (v.type !== 'frame' || typeof v.verdict !== 'string') return;
    const d = this.verdictDelta.get(v.verdict) ?? { golden: 0, actual: 0 };
    d[side]++;
    this.verdictDelta.set(v.verdict, d);
  }

  private verdicts(actual: Readonly<Record<string, number>>): GoldenComparison['verdicts'] {
    const out: Record<string, { golden: number; actual: number }> = {};
    for (const [v, d] of this.verdictDelta) {
      if (d.golden === d.actual) continue;
      const n = actual[v] ?? 0;
      out[v] = { golden: n - d.actual + d.golden, actual: n };
    }
    return out;
  }

  /** A held line's key (its record parsed once, when first aligned). */
  private keyOf(l: Line): string {
    if (l.key === undefined) {
      const frame = frameLineParts(l.text)?.frame;
      l.key = frame === undefined ? recordKey(this.valueOf(l)) : `frame ${frame}`;
    }
    return l.key;
  }

  /** A held line's record, parsed once; a golden line that is not a record is a GoldenError. */
  private valueOf(l: Line): Record<string, unknown> {
    l.value ??= l.golden ? this.parse(l.n, l.text) : (JSON.parse(l.text) as Record<string, unknown>);
    return l.value;
  }

  private parse(line: number, text: string): Record<string, unknown> {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new GoldenError(this.file, line, `not a JSON record: ${(e as Error).message} (regenerate it with --update=all)`);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof (v as { type?: unknown }).type !== 'string') {
      throw new GoldenError(this.file, line, `not a record: ${canonicalValue(v).slice(0, 60)} (a golden line is one JSON object with a "type")`);
    }
    return v as Record<string, unknown>;
  }
}

function pushTo(m: Map<string, Line[]>, key: string, l: Line): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [l]);
  else list.push(l);
}

/**
 * A frame line's number and where its tail (what was decided) starts, read from its head
 * (canonical-record.ts: `{"type":"frame","frame":N,"time":"T",`) without parsing it; undefined
 * for any other line. Same key as recordKey's for the parsed record.
 */
function frameLineParts(text: string): { frame: number; tail: number } | undefined {
  if (!text.startsWith(FRAME_HEAD_PREFIX)) return undefined;
  const start = FRAME_HEAD_PREFIX.length;
  let p = start;
  let frame = 0;
  for (let c = text.charCodeAt(p); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++p)) frame = frame * 10 + c - 0x30;
  if (p === start || !text.startsWith(FRAME_HEAD_TIME, p)) return undefined;
  const end = text.indexOf('",', p + FRAME_HEAD_TIME.length);
  return end < 0 ? undefined : { frame, tail: end + 2 };
}

function frameOf(r: Record<string, unknown>): number | undefined {
  return typeof r.frame === 'number' ? r.frame : undefined;
}
