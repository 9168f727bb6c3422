/**
 * pcapng layout (draft-ietf-opsawg-pcapng): block types, option codes and body offsets,
 * shared by the reader and the writer. Offsets are from the start of the block.
 */
export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002, // obsolete Packet Block
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  DSB: 0x0000000a,
  CB_COPY: 0x00000bad,
  CB_NO_COPY: 0x40000bad,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Type + total length in front, total length again at the end. */
export const BLOCK_OVERHEAD = 12;
/**
 * Largest block accepted: libpcap's INITIAL_MAX_BLOCKSIZE. A block claiming more is taken
 * as damage, which keeps reading linear on hostile input.
 */
export const MAX_BLOCK_SIZE = 16 * 1024 * 1024;

export const OPT = {
  END: 0,
  COMMENT: 1,
  IF_NAME: 2,
  IF_DESCRIPTION: 3,
  IF_TSRESOL: 9,
  IF_FCSLEN: 13,
  IF_TSOFFSET: 14,
  EPB_FLAGS: 2,
} as const;

export const SHB = { BYTE_ORDER: 8, MAJOR: 12, MINOR: 14, SECTION_LENGTH: 16, OPTIONS: 24 } as const;
export const IDB = { LINKTYPE: 8, RESERVED: 10, SNAPLEN: 12, OPTIONS: 16 } as const;
export const EPB = { IFACE: 8, TS_HIGH: 12, TS_LOW: 16, CAPLEN: 20, LEN: 24, DATA: 28 } as const;
export const SPB = { LEN: 8, DATA: 12 } as const;
export const PB = { IFACE: 8, DROPS: 10, TS_HIGH: 12, TS_LOW: 16, CAPLEN: 20, LEN: 24, DATA: 28 } as const;

/** `n` rounded up to a multiple of 4; arithmetic, not bitwise, so lengths of 2^31 and up stay exact. */
export function pad4(n: number): number {
  return n + ((4 - (n % 4)) % 4);
}
