/**
 * Errors and warnings of the capture readers.
 *
 * Only `read` (and later `load`) may throw, and only for unusable input (DESIGN.md §1):
 * the error always names the file and the byte offset, so a user can open the file in a
 * hex editor at the spot. Damage at the very end of a file (a record cut short, as happens
 * when a capture is copied while still being written) is a warning, not an error.
 */

export type CaptureErrorCode =
  | 'not_a_capture'
  | 'unsupported_version'
  | 'bad_header'
  | 'bad_record'
  | 'bad_block'
  | 'bad_option'
  | 'io'
  /** A frame a replay cannot put on a port (a link type without an Ethernet form). */
  | 'not_replayable';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly code: CaptureErrorCode,
    readonly file: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

export interface CaptureWarning {
  readonly code: 'truncated_record' | 'truncated_block';
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

/** Offsets print as hex, as hex editors and libpcap's messages do. */
export function hexOffset(offset: number): string {
  return `0x${offset.toString(16)}`;
}
