import { formatIpv4 } from '../../addr/ipv4';
import { formatIpv6 } from '../../addr/ipv6';
import { readU16, readU32 } from '../../wire/field-sink';
import { ipv4, ipv6, tcp } from '../../wire/frame-builder';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV4 } from '../../wire/ipv4';
import { IPV6 } from '../../wire/ipv6';
import { TCP_FLAG } from '../../wire/tcp';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { ipLocalOut } from './generated';

/**
 * `tcp_v4_send_reset` / `tcp_v6_send_reset`: no socket listens in the emulated host, so a
 * segment to it is answered with a reset (never a reset to a reset). RFC 9293 §3.10.7.1:
 * with ACK set the reset takes its sequence number from the ACK; otherwise it acknowledges
 * everything the segment occupied (SYN and FIN count one each).
 */
export function tcpReset(stack: Stack, skb: Skb, family: 4 | 6, l4: number): void {
  const b = skb.buf;
  if (skb.end - l4 < 20) return;
  const flags = readU16(b, l4 + 12) & 0x1ff;
  if ((flags & TCP_FLAG.RST) !== 0) return;
  const dataOffset = (b[l4 + 12]! >>> 4) * 4;
  const o = skb.netOff;
  const payload = family === 4 ? readU16(b, o + IPV4.TOTAL_LEN) - (l4 - o) - dataOffset : readU16(b, o + IPV6.PLEN) + IPV6.HEADER_LEN - (l4 - o) - dataOffset;
  const ackSet = (flags & TCP_FLAG.ACK) !== 0;
  const seq = ackSet ? readU32(b, l4 + 8) : 0;
  const ack = ackSet ? 0 : (readU32(b, l4 + 4) + Math.max(0, payload) + ((flags & TCP_FLAG.SYN) !== 0 ? 1 : 0) + ((flags & TCP_FLAG.FIN) !== 0 ? 1 : 0)) >>> 0;
  const src = family === 4 ? formatIpv4(b, o + IPV4.DST) : formatIpv6(b, o + IPV6.DST);
  const dst = family === 4 ? formatIpv4(b, o + IPV4.SRC) : formatIpv6(b, o + IPV6.SRC);
  const segment = tcp(
    { srcPort: readU16(b, l4 + 2), dstPort: readU16(b, l4), seq, ack, flags: ackSet ? TCP_FLAG.RST : TCP_FLAG.RST | TCP_FLAG.ACK, window: 0, urgent: 0, options: new Uint8Array(0) },
    new Uint8Array(0),
    { src, dst },
  );
  if (skb.outcome.traced) skb.outcome.step(`tcp: reset to ${dst}`);
  const packet = family === 4 ? ipv4({ src, dst, protocol: IPPROTO.TCP, ttl: 64 }, segment) : ipv6({ src, dst, nextHeader: IPPROTO.TCP, hopLimit: 64 }, segment);
  ipLocalOut(stack, family, packet, 'tcp_reset');
}
