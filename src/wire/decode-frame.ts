import type { CapturedFrame } from '../capture/captured-frame';
import { LINKTYPE, linkTypeName } from '../capture/link-type';
import { LAYER, DecodedFrame } from './decoded-frame';
import { decodeEthernet } from './ethernet';
import { decodeFrameRelay } from './frame-relay';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { decodeNull } from './null-loop';
import { decodeSll } from './sll';

/**
 * Decodes the bytes of one captured frame into `out` (reused) and returns it. Never throws:
 * anything the bytes do not allow is `out.issue` (DESIGN.md §1).
 */
export function decodeFrame(frame: CapturedFrame, out: DecodedFrame = new DecodedFrame()): DecodedFrame {
  return decodeBytes(frame.buf, frame.off, frame.caplen, frame.len, frame.linkType, out);
}

export function decodeBytes(b: Uint8Array, off: number, caplen: number, len: number, linkType: number, out: DecodedFrame): DecodedFrame {
  out.reset(b, off, caplen, len, linkType);
  const end = off + caplen;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      decodeEthernet(out, b, off, end);
      break;
    case LINKTYPE.LINUX_SLL:
      decodeSll(out, 1, b, off, end);
      break;
    case LINKTYPE.LINUX_SLL2:
      decodeSll(out, 2, b, off, end);
      break;
    case LINKTYPE.RAW:
    case LINKTYPE.DLT_RAW:
    case LINKTYPE.DLT_RAW_OPENBSD:
      decodeRaw(out, b, off, end);
      break;
    // LINKTYPE_IPV4 / _IPV6 have no link layer at all: tshark's frame.protocols starts at
    // "ip" / "ipv6" there, while LINKTYPE_RAW shows its "raw" step.
    case LINKTYPE.IPV4:
      decodeIpv4(out, b, off, end);
      break;
    case LINKTYPE.IPV6:
      decodeIpv6(out, b, off, end);
      break;
    case LINKTYPE.FRELAY:
      decodeFrameRelay(out, b, off, end);
      break;
    case LINKTYPE.NULL:
      decodeNull(out, false, b, off, end);
      break;
    case LINKTYPE.LOOP:
      decodeNull(out, true, b, off, end);
      break;
    default:
      if (caplen > 0) out.push(LAYER.DATA, off, end);
      out.fail('unsupported', 'frame', 'frame.linktype', off, `link type ${linkType} (${linkTypeName(linkType)}) is not decoded`);
  }
  return out;
}

/** LINKTYPE_RAW (and DLT_RAW, `isRawIp`): the IP version nibble says which network layer follows. */
function decodeRaw(d: DecodedFrame, b: Uint8Array, o: number, end: number): void {
  d.push(LAYER.RAW, o, o);
  if (end <= o) return d.short('ip', 'ip.version', o, 1, end);
  const version = b[o]! >>> 4;
  if (version === 4) return decodeIpv4(d, b, o, end);
  if (version === 6) return decodeIpv6(d, b, o, end);
  d.push(LAYER.DATA, o, end);
  d.fail('malformed', 'ip', 'ip.version', o, `raw IP: version ${version} is neither 4 nor 6`);
}
