import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeEthertype } from './ethertype';
import { readU16 } from './field-sink';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';

/**
 * Frame Relay (LINKTYPE_FRELAY 107), just far enough to reach IP: a Q.922 address of two
 * to four bytes (the EA bit ends it), then either RFC 2427 multiprotocol encapsulation
 * (UI control 0x03, optional 0x00 pad, NLPID 0xCC IPv4 / 0x8E IPv6) or, as Wireshark
 * guesses when the control byte is not UI, Cisco's encapsulation with a 2-byte EtherType.
 */
const Q922_MAX_ADDRESS = 4;
const CONTROL_UI = 0x03;
const NLPID = { PAD: 0x00, IPV4: 0xcc, IPV6: 0x8e } as const;

export function decodeFrameRelay(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  let p = o;
  while (p < end && p - o < Q922_MAX_ADDRESS && (b[p]! & 1) === 0) p++;
  p++; // the byte with EA set
  if (end - p < 2) return d.short('fr', 'fr.control', o, p - o + 2, end);
  d.push(LAYER.FR, o, end);
  if (b[p] !== CONTROL_UI) return decodeEthertype(d, readU16(b, p), b, p + 2, end);
  p++;
  if (b[p] === NLPID.PAD && p + 1 < end) p++;
  const nlpid = b[p]!;
  if (nlpid === NLPID.IPV4) return decodeIpv4(d, b, p + 1, end);
  if (nlpid === NLPID.IPV6) return decodeIpv6(d, b, p + 1, end);
  d.push(LAYER.DATA, p, end);
}
