/** Exit codes of every command (DESIGN.md §7): 0 pass, 1 mismatch, 2 bad input or usage. */
export const EXIT = { OK: 0, MISMATCH: 1, BAD_INPUT: 2 } as const;
