/**
 * Exit codes of every command (DESIGN.md §7): 0 pass, 1 mismatch, 2 bad input or usage, and
 * 70 (EX_SOFTWARE in sysexits.h) for a bug in pcapverdict, so CI never reads a crash as a
 * mismatch or as the user's fault.
 */
export const EXIT = { OK: 0, MISMATCH: 1, BAD_INPUT: 2, INTERNAL: 70 } as const;
