/**
 * Classic pcap layout (draft-ietf-opsawg-pcap §4, §5): a 24-byte file header, then records
 * of a 16-byte header and the captured bytes. Shared by the reader and the writer.
 */
export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
export const PCAP_FILE_HEADER_LEN = 24;
export const PCAP_RECORD_HEADER_LEN = 16;

export const PCAP_HDR = {
  MAGIC: 0,
  VERSION_MAJOR: 4,
  VERSION_MINOR: 6,
  THISZONE: 8,
  SIGFIGS: 12,
  SNAPLEN: 16,
  LINKTYPE: 20,
} as const;

export const PCAP_REC = {
  TS_SEC: 0,
  TS_FRAC: 4,
  CAPLEN: 8,
  LEN: 12,
} as const;

/** The link-type field: low 16 bits are the type; bits 16-25 are reserved and must be 0. */
export const LINKTYPE_MASK = 0x0000ffff;
export const LINKTYPE_RESERVED_MASK = 0x03ff0000;
