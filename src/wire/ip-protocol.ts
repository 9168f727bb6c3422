import { LAYER, type DecodedFrame } from './decoded-frame';
import { decodeIcmp } from './icmp';
import { decodeIcmpv6 } from './icmpv6';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6, decodeIpv6Extension } from './ipv6';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
import { decodeVrrp } from './vrrp';
import { IPPROTO } from './ip-numbers';

/**
 * Decodes an IP payload by protocol number (`ipv6`: whether the carrier is IPv6, which
 * decides ICMP vs ICMPv6 and whether extension headers may follow). Unknown protocols end
 * in a `data` layer.
 */
export function decodeIpPayload(d: DecodedFrame, proto: number, b: Uint8Array, o: number, end: number, ipv6: boolean): void {
  switch (proto) {
    case IPPROTO.TCP:
      return decodeTcp(d, b, o, end);
    case IPPROTO.UDP:
      return decodeUdp(d, b, o, end);
    case IPPROTO.ICMP:
      if (!ipv6) return decodeIcmp(d, b, o, end);
      break;
    case IPPROTO.ICMPV6:
      if (ipv6) return decodeIcmpv6(d, b, o, end);
      break;
    case IPPROTO.VRRP:
      return decodeVrrp(d, b, o, end);
    case IPPROTO.IPIP:
      return decodeIpv4(d, b, o, end);
    case IPPROTO.IPV6:
      return decodeIpv6(d, b, o, end);
    case IPPROTO.NONE:
      return;
    case IPPROTO.HOPOPTS:
    case IPPROTO.ROUTING:
    case IPPROTO.FRAGMENT:
    case IPPROTO.DSTOPTS:
      if (ipv6) return decodeIpv6Extension(d, proto, b, o, end);
      break;
  }
  if (end > o) d.push(LAYER.DATA, o, end);
}
