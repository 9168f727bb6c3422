import { MAXIMUM_SNAPLEN } from './link-type';

/**
 * What the writers refuse, with a RangeError (a caller's bug, not bad input): values a record
 * header cannot hold would otherwise be stored wrapped, as another time or length, and a
 * record longer than the snaplen it was written under is one our own reader would refuse.
 */

/** Largest second of a 32-bit pcap `ts_sec` (2106-02-07). */
export const PCAP_MAX_SEC = 0xffffffff;
/** Largest second whose every nanosecond fits the 64-bit pcapng timestamp at if_tsresol 9. */
export const PCAPNG_MAX_SEC = 18_446_744_072;

export function checkTimestamp(tsSec: number, tsNsec: number, maxSec: number): void {
  if (!Number.isInteger(tsSec) || tsSec < 0 || tsSec > maxSec) {
    throw new RangeError(`timestamp seconds ${tsSec} outside 0..${maxSec}`);
  }
  if (!Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec > 999_999_999) {
    throw new RangeError(`timestamp nanoseconds ${tsNsec} outside 0..999999999`);
  }
}

/** A snaplen of 0 means "no limit" in pcapng; the readers then allow MAXIMUM_SNAPLEN. */
export function checkCaplen(caplen: number, snaplen: number): void {
  const max = snaplen === 0 ? MAXIMUM_SNAPLEN : snaplen;
  if (caplen > max) throw new RangeError(`record of ${caplen} bytes exceeds the snaplen ${max}`);
}
