/**
 * Link-layer header types (LINKTYPE_* values of the tcpdump.org registry, which pcap and
 * pcapng files carry). Only these are decoded; any other value yields frames whose decode
 * is marked `unsupported`, never an error.
 */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW as BSD wrote it into capture files before LINKTYPE_RAW (101) existed; 14 on OpenBSD and BSD/OS. */
  DLT_RAW: 12,
  DLT_RAW_OPENBSD: 14,
  RAW: 101,
  FRELAY: 107,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const LINKTYPE_NAMES: Readonly<Record<number, string>> = {
  [LINKTYPE.NULL]: 'NULL',
  [LINKTYPE.ETHERNET]: 'EN10MB',
  [LINKTYPE.DLT_RAW]: 'RAW',
  [LINKTYPE.DLT_RAW_OPENBSD]: 'RAW',
  [LINKTYPE.RAW]: 'RAW',
  [LINKTYPE.FRELAY]: 'FRELAY',
  [LINKTYPE.LOOP]: 'LOOP',
  [LINKTYPE.LINUX_SLL]: 'LINUX_SLL',
  [LINKTYPE.IPV4]: 'IPV4',
  [LINKTYPE.IPV6]: 'IPV6',
  [LINKTYPE.LINUX_SLL2]: 'LINUX_SLL2',
};

export function linkTypeName(linkType: number): string {
  return LINKTYPE_NAMES[linkType] ?? `LINKTYPE_${linkType}`;
}

/**
 * Raw IP with the "raw" step (LINKTYPE_RAW and the DLT_RAW values 12 and 14 that Wireshark's
 * pcap_to_wtap_map reads as raw IP too): the IP version nibble says which network layer follows.
 */
export function isRawIp(linkType: number): boolean {
  return linkType === LINKTYPE.RAW || linkType === LINKTYPE.DLT_RAW || linkType === LINKTYPE.DLT_RAW_OPENBSD;
}

/** libpcap's MAXIMUM_SNAPLEN: no record may claim more unless its file's snaplen is larger. */
export const MAXIMUM_SNAPLEN = 262144;

/**
 * Ceiling on any record's captured length, whatever a file's snaplen says: a damaged snaplen
 * (0xffffffff) must not make the reader buffer gigabytes. 16 MiB is libpcap's pcapng block
 * ceiling, above every link type's maximum except D-Bus.
 */
export const MAX_CAPLEN = 16 * 1024 * 1024;
