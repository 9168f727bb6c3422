import { isZeroBytes } from '../../addr/ip-prefix';
import { readU16 } from '../../wire/field-sink';
import { IPPROTO } from '../../wire/ip-numbers';
import { IPV4 } from '../../wire/ipv4';
import { IPV6 } from '../../wire/ipv6';
import type { TrapReasonId } from '../../decision/reasons';

/**
 * What kind of packet the host received, by the devlink generic trap that a switch would use
 * for it (devlink-trap.rst; spec devlink-traps.md rows 30–69), so that a trap reads the same
 * on every platform. Anything else delivered locally is `local_route`.
 */
const IGMP = 2;
const OSPF = 89;
const PIM = 103;

export function classifyLocal4(b: Uint8Array, o: number, end: number): TrapReasonId {
  const proto = b[o + IPV4.PROTO]!;
  const l4 = o + (b[o]! & 0x0f) * 4;
  switch (proto) {
    case IPPROTO.VRRP:
      return 'ipv4_vrrp';
    case OSPF:
      return 'ipv4_ospf';
    case PIM:
      return 'ipv4_pim';
    case IGMP:
      if (l4 >= end) return 'local_route';
      switch (b[l4]) {
        case 0x11:
          return 'igmp_query';
        case 0x12:
          return 'igmp_v1_report';
        case 0x16:
          return 'igmp_v2_report';
        case 0x17:
          return 'igmp_v2_leave';
        case 0x22:
          return 'igmp_v3_report';
        default:
          return 'local_route';
      }
    case IPPROTO.UDP:
      return end - l4 >= 4 ? udpClass(readU16(b, l4 + 2), false) : 'local_route';
    case IPPROTO.TCP:
      return end - l4 >= 4 && (readU16(b, l4) === 179 || readU16(b, l4 + 2) === 179) ? 'ipv4_bgp' : 'local_route';
    default:
      return 'local_route';
  }
}

function udpClass(dport: number, v6: boolean): TrapReasonId {
  if (!v6 && (dport === 67 || dport === 68)) return 'ipv4_dhcp';
  if (v6 && (dport === 546 || dport === 547)) return 'ipv6_dhcp';
  // BFD single hop 3784, multihop 4784 (RFC 5881 §4, RFC 5883 §5).
  if (dport === 3784 || dport === 4784) return v6 ? 'ipv6_bfd' : 'ipv4_bfd';
  return 'local_route';
}

/** The same for IPv6, looking through the extension headers for the upper-layer protocol. */
export function classifyLocal6(b: Uint8Array, o: number, end: number, nextHeader: number, l4: number): TrapReasonId {
  switch (nextHeader) {
    case IPPROTO.VRRP:
      return 'ipv6_vrrp';
    case OSPF:
      return 'ipv6_ospf';
    case PIM:
      return 'ipv6_pim';
    case IPPROTO.ICMPV6:
      if (l4 < end) {
        switch (b[l4]) {
          case 130:
            return 'mld_query';
          case 131:
            return 'mld_v1_report';
          case 132:
            return 'mld_v1_done';
          case 143:
            return 'mld_v2_report';
          case 133:
            return 'ipv6_router_solicit';
          case 134:
            return 'ipv6_router_advert';
          case 135:
            return 'ipv6_neigh_solicit';
          case 136:
            return 'ipv6_neigh_advert';
          case 137:
            return 'ipv6_redirect';
          default:
            break;
        }
      }
      break;
    case IPPROTO.UDP:
      if (end - l4 >= 4) {
        const c = udpClass(readU16(b, l4 + 2), true);
        if (c !== 'local_route') return c;
      }
      break;
    case IPPROTO.TCP:
      if (end - l4 >= 4 && (readU16(b, l4) === 179 || readU16(b, l4 + 2) === 179)) return 'ipv6_bgp';
      break;
    default:
      break;
  }
  const d = o + IPV6.DST;
  if (b[d] === 0xff && b[d + 1] === 0x02 && isZeroBytes(b, d + 2, 13)) {
    if (b[d + 15] === 1) return 'ipv6_dip_all_nodes';
    if (b[d + 15] === 2) return 'ipv6_dip_all_routers';
  }
  return 'local_route';
}

