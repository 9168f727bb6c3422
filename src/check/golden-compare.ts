import { canonicalValue, recordKey } from './canonical-record';
import type { GoldenBatch } from './golden-batch';
import { diffFields, type FieldChange } from './field-diff';
import { GoldenError } from './golden-error';
import { GoldenReader } from './golden-reader';

export interface GoldenDifference {
  /** changed: the same record decided differently; missing: in the golden only; extra: in the replay only. */
  readonly kind: 'changed' | 'missing' | 'extra';
  /** What the record is about (`frame 12`, `notification setup RTM_NEWROUTE …`). */
  readonly key: string;
  /** Golden line number and text. */
  readonly golden?: { readonly line: number; readonly text: string };
  /** The replay's record: its position in the stream (1-based) and text. */
  readonly actual?: { readonly record: number; readonly text: string };
  readonly fields: readonly FieldChange[];
  /** The input frame the record is about, when it is about one. */
  readonly frame: number | undefined;
}

export interface GoldenComparison {
  readonly goldenLines: number;
  readonly actualRecords: number;
  /** The first differences (at most MAX_SHOWN), in stream order; empty when the golden matches. */
  readonly differences: readonly GoldenDifference[];
}

/** Records read past the first difference on each side to tell changed, missing and extra apart. */
const WINDOW = 256;
const MAX_SHOWN = 5;

/**
 * Compares the replay's records with a golden as they come, in constant memory, a batch
 * of lines at a time. At the first difference it keeps a window of records
 * on each side and pairs them by what they are about (`recordKey`), so a removed line shows
 * as one missing record rather than everything after it shifted.
 */
export class GoldenComparer {
  private readonly reader: GoldenReader;
  private actualCount = 0;
  /** Past the first difference: the windows, then just counting. */
  private diverged = false;
  private readonly goldenWindow: { line: number; text: string }[] = [];
  private readonly actualWindow: { record: number; text: string }[] = [];

  constructor(readonly file: string) {
    this.reader = new GoldenReader(file);
  }

  /**
   * Takes a batch of the replay's records in golden form (golden-batch.ts): compared with the
   * golden's next bytes at once; a batch that differs is gone through line by line to find
   * the first difference, and after that records are only kept (a window) or counted.
   */
  batch(b: GoldenBatch): void {
    const lines = b.lines;
    const first = this.actualCount + 1;
    this.actualCount += lines;
    const r = this.reader;
    if (!this.diverged && r.skipIfEqual(b.bytes.subarray(0, b.length), lines)) return;
    const each = b.text().split('\n');
    for (let k = 0; k < lines; k++) {
      const actual = { record: first + k, text: each[k]! };
      if (this.diverged) {
        if (this.actualWindow.length < WINDOW) this.actualWindow.push(actual);
        continue;
      }
      const g = r.next() ? r.text() : undefined;
      if (g !== actual.text) this.diverge(g, actual);
    }
  }

  /** After the replay: reads what is left of the golden and pairs the windows. */
  finish(): GoldenComparison {
    try {
      const r = this.reader;
      if (!this.diverged && r.next()) this.diverge(r.text(), undefined);
      while (this.diverged && this.goldenWindow.length < WINDOW && r.next()) this.goldenWindow.push({ line: r.line, text: r.text() });
      while (r.next());
      return { goldenLines: this.reader.line, actualRecords: this.actualCount, differences: this.diverged ? this.pair() : [] };
    } finally {
      this.reader.close();
    }
  }

  /** Closes the golden without a result (the replay failed). */
  abandon(): void {
    this.reader.close();
  }

  private diverge(golden: string | undefined, actual: { record: number; text: string } | undefined): void {
    this.diverged = true;
    if (golden !== undefined) this.goldenWindow.push({ line: this.reader.line, text: golden });
    if (actual !== undefined) this.actualWindow.push(actual);
  }

  private pair(): GoldenDifference[] {
    const golden = this.goldenWindow.map((g) => ({ ...g, value: this.parse(g.line, g.text) }));
    const actual = this.actualWindow.map((a) => ({ ...a, value: JSON.parse(a.text) as Record<string, unknown> }));
    // The n-th record with a key on one side pairs with the n-th on the other.
    const keyed = (value: Record<string, unknown>, seen: Map<string, number>): string => {
      const k = recordKey(value);
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      return `${k}#${n}`;
    };
    const gSeen = new Map<string, number>();
    const byKey = new Map<string, (typeof golden)[number] & { index: number }>();
    golden.forEach((g, index) => byKey.set(keyed(g.value, gSeen), { ...g, index }));
    const aSeen = new Map<string, number>();
    const found: (GoldenDifference & { order: number })[] = [];
    const paired = new Set<number>();
    actual.forEach((a, index) => {
      const k = keyed(a.value, aSeen);
      const g = byKey.get(k);
      const key = k.replace(/#\d+$/, '');
      if (g === undefined) {
        found.push({ kind: 'extra', key, actual: { record: a.record, text: a.text }, fields: [], frame: frameOf(a.value), order: index });
        return;
      }
      paired.add(g.index);
      if (g.text !== a.text) {
        found.push({ kind: 'changed', key, golden: { line: g.line, text: g.text }, actual: { record: a.record, text: a.text }, fields: diffFields(g.value, a.value), frame: frameOf(a.value), order: Math.min(index, g.index) });
      }
    });
    golden.forEach((g, index) => {
      if (!paired.has(index)) found.push({ kind: 'missing', key: recordKey(g.value), golden: { line: g.line, text: g.text }, fields: [], frame: frameOf(g.value), order: index });
    });
    // A full window may cut a pair apart: trust the first half of it.
    const limit = golden.length >= WINDOW || actual.length >= WINDOW ? WINDOW / 2 : Number.POSITIVE_INFINITY;
    const sorted = found.sort((x, y) => x.order - y.order);
    const trusted = sorted.filter((d) => d.order < limit);
    return (trusted.length > 0 ? trusted : sorted).slice(0, MAX_SHOWN).map(({ order: _order, ...d }) => d);
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

function frameOf(r: Record<string, unknown>): number | undefined {
  return typeof r.frame === 'number' ? r.frame : undefined;
}
