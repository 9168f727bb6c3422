import { formatTimestamp } from '../../src/capture/captured-frame';
import { splitTimestamp, tsOut, tsResolution } from '../../src/capture/timestamp-resolution';

/** The exact answer, in BigInt: whole seconds and truncated nanoseconds of `units`. */
function reference(units: bigint, tsresol: number): [number, number] {
  const perSec = (tsresol & 0x80) !== 0 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  return [Number(units / perSec), Number(((units % perSec) * 1_000_000_000n) / perSec)];
}

/** 64-bit counts: edges, and a deterministic spread over every magnitude. */
const COUNTS: readonly bigint[] = (() => {
  const counts = [0n, 1n, 999_999n, 1_000_000n, 0xffff_ffffn, 0x1_0000_0000n, 0xffff_ffff_ffff_ffffn, 1_700_000_000_123_456_789n];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 200; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffff_ffff_ffff_ffffn;
    counts.push(x >> BigInt(i % 64));
  }
  return counts;
})();

describe('pcapng timestamp conversion', () => {
  // Seconds beyond 2^53 cannot be exact in a double; real captures are nowhere near.
  const exactSeconds = (units: bigint, tsresol: number): boolean => reference(units, tsresol)[0] <= Number.MAX_SAFE_INTEGER;

  test.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('splits counts of 10^-%i s exactly (fast path, no BigInt)', (tsresol) => {
    const res = tsResolution(tsresol);
    expect(res.unitsPerSec).toBe(10 ** tsresol);
    for (const units of COUNTS.filter((u) => exactSeconds(u, tsresol))) {
      splitTimestamp(Number(units >> 32n), Number(units & 0xffffffffn), res);
      expect([tsOut[0], tsOut[1]]).toEqual(reference(units, tsresol));
    }
  });

  test.each([10, 12, 15, 19, 0x80, 0x81, 0x88, 0x8a, 0x94, 0x9e, 0xa0, 0xbf])('splits counts of if_tsresol %i exactly (BigInt path)', (tsresol) => {
    const res = tsResolution(tsresol);
    expect(res.unitsPerSec).toBe(0);
    for (const units of COUNTS.filter((u) => exactSeconds(u, tsresol))) {
      splitTimestamp(Number(units >> 32n), Number(units & 0xffffffffn), res);
      expect([tsOut[0], tsOut[1]]).toEqual(reference(units, tsresol));
    }
  });
});

describe('timestamp text', () => {
  test.each([
    [0, 0, '0.000000000'],
    [1, 5, '1.000000005'],
    [4_294_967_295, 999_999_999, '4294967295.999999999'],
    [-1, 500_000_000, '-0.500000000'],
    [-2, 1, '-1.999999999'],
    [-3, 0, '-3.000000000'],
  ])('prints %i s + %i ns as %s', (sec, nsec, text) => {
    expect(formatTimestamp(sec, nsec)).toBe(text);
  });
});
