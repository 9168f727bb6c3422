/**
 * pcapng timestamps are a 64-bit count of units since the epoch, the unit set per interface
 * by `if_tsresol` (a power of 10, or of 2 when the high bit is set; default 10^-6) and
 * shifted by `if_tsoffset` seconds. Converting without BigInt on the hot path: for 10^-k
 * one division after shifting out 2^k (exact while the rest fits 53 bits), else a long
 * division of the 64-bit count in 16-bit digits, exact in doubles because the divisor is
 * below 2^31; other resolutions (2^-n, 10^-n beyond ns) take an exact BigInt path.
 */
export interface TsResolution {
  /** Units per second when it fits the fast path (a divisor of 1e9), else 0. */
  readonly unitsPerSec: number;
  /** For 10^-k, the fast path's constants (see `splitTimestamp`): 5^k, 2^k, 2^(32-k), 2^(21+k). */
  readonly odd: number;
  readonly pow2k: number;
  readonly highScale: number;
  readonly highLimit: number;
  /** Nanoseconds per unit when unitsPerSec divides 1e9. */
  readonly nsPerUnit: number;
  /** Exact units per second, for the slow path. */
  readonly unitsPerSecBig: bigint;
}

export function tsResolution(tsresol: number): TsResolution {
  const pow2 = (tsresol & 0x80) !== 0;
  const exp = tsresol & 0x7f;
  const big = pow2 ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  if (!pow2 && exp <= 9) {
    const ups = 10 ** exp;
    return { unitsPerSec: ups, odd: 5 ** exp, pow2k: 2 ** exp, highScale: 2 ** (32 - exp), highLimit: 2 ** (21 + exp), nsPerUnit: 1e9 / ups, unitsPerSecBig: big };
  }
  return { unitsPerSec: 0, odd: 0, pow2k: 0, highScale: 0, highLimit: 0, nsPerUnit: 0, unitsPerSecBig: big };
}

export const MICROSECONDS: TsResolution = tsResolution(6);

/** Result slots, reused: [seconds, nanoseconds]. */
export const tsOut = new Float64Array(2);

/** Splits `high * 2^32 + low` units into seconds and nanoseconds (into `tsOut`). */
export function splitTimestamp(high: number, low: number, res: TsResolution): void {
  const d = res.unitsPerSec;
  if (high < res.highLimit) {
    // 10^k = 2^k * 5^k: shift the k low bits out first, and what is left is below 2^53,
    // exact in a double, so one division by 5^k does it. For ns and µs this holds until
    // 2116 and 4000 or so; later times take the long division below.
    const p = res.pow2k;
    const x = high * res.highScale + Math.floor(low / p);
    const q = Math.floor(x / res.odd);
    tsOut[0] = q;
    tsOut[1] = ((x - q * res.odd) * p + (low % p)) * res.nsPerUnit;
    return;
  }
  if (d !== 0) {
    // Long division by d over four 16-bit digits; each partial value stays < 2^47.
    let cur = high >>> 16;
    let q = Math.floor(cur / d);
    cur = (cur - q * d) * 65536 + (high & 0xffff);
    let qd = Math.floor(cur / d);
    q = q * 65536 + qd;
    cur = (cur - qd * d) * 65536 + (low >>> 16);
    qd = Math.floor(cur / d);
    q = q * 65536 + qd;
    cur = (cur - qd * d) * 65536 + (low & 0xffff);
    qd = Math.floor(cur / d);
    q = q * 65536 + qd;
    const r = cur - qd * d;
    tsOut[0] = q;
    tsOut[1] = r * res.nsPerUnit;
    return;
  }
  const units = (BigInt(high) << 32n) | BigInt(low);
  const ups = res.unitsPerSecBig;
  tsOut[0] = Number(units / ups);
  tsOut[1] = Number(((units % ups) * 1_000_000_000n) / ups);
}
