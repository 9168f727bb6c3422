/**
 * One step of an alignment of the golden's records (`g`) with the replay's (`a`): the same
 * record on both sides (its text may still differ: a changed record), one only in the golden,
 * one only in the replay. Indexes are into the sequences given.
 */
export type AlignStep =
  | { readonly op: 'same'; readonly g: number; readonly a: number }
  | { readonly op: 'golden-only'; readonly g: number }
  | { readonly op: 'replay-only'; readonly a: number };

/**
 * The shortest alignment of two key sequences (Myers, "An O(ND) difference algorithm and its
 * variations", 1986, the greedy forward search with the trace kept for the path back), as
 * `diff` aligns lines: one inserted record is one step, not every record after it shifted.
 * Gives up (undefined) past `maxEdits` records on one side only, so a window of W records
 * costs at most O(W · maxEdits).
 */
export function alignKeys(g: readonly string[], a: readonly string[], maxEdits: number): AlignStep[] | undefined {
  const n = g.length;
  const m = a.length;
  const max = Math.min(maxEdits, n + m);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      // Down (one more replay-only record) from diagonal k+1, or right (golden-only) from k-1.
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && g[x] === a[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice());
        return walkBack(trace, n, m, off);
      }
    }
    trace.push(v.slice());
  }
  return undefined;
}

/** The path back from (n, m) through the kept frontiers, as steps in stream order. */
function walkBack(trace: readonly Int32Array[], n: number, m: number, off: number): AlignStep[] {
  const steps: AlignStep[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!);
    const px = v[off + (down ? k + 1 : k - 1)]!;
    const py = px - (down ? k + 1 : k - 1);
    while (x > px && y > py) steps.push({ op: 'same', g: --x, a: --y });
    if (down) steps.push({ op: 'replay-only', a: --y });
    else steps.push({ op: 'golden-only', g: --x });
  }
  while (x > 0 && y > 0) steps.push({ op: 'same', g: --x, a: --y });
  return steps.reverse();
}
