import { formatIpv4 } from '../addr/ipv4';
import { formatIpv6 } from '../addr/ipv6';
import { formatMac } from '../addr/mac';
import { ARP } from './arp';
import { LAYER, type DecodedFrame } from './decoded-frame';
import { readU16 } from './field-sink';
import { IPV4 } from './ipv4';
import { IPV6 } from './ipv6';
import { VRRP } from './vrrp';

/**
 * A one-line, tcpdump-like description of a decoded frame: each layer contributes a short
 * phrase ("IPv4 192.0.2.1 > 198.51.100.7 ttl 64"), outer first. For people; machines read
 * the NDJSON fields.
 */
export function summarizeFrame(d: DecodedFrame): string {
  const parts: string[] = [];
  const b = d.buf;
  for (let i = 0; i < d.count; i++) {
    const o = d.starts[i]!;
    switch (d.name(i)) {
      case 'eth':
        parts.push(`${formatMac(b, o + 6)} > ${formatMac(b, o)}`);
        break;
      case 'vlan':
      case 'ieee8021ad':
        parts.push(`${d.ids[i] === LAYER.VLAN ? 'vlan' : 's-vlan'} ${readU16(b, o) & 0xfff}`);
        break;
      case 'sll':
        parts.push('cooked');
        break;
      case 'llc':
        parts.push('802.3 LLC');
        break;
      case 'arp': {
        const op = readU16(b, o + ARP.OPER);
        if (d.ends[i]! - o >= ARP.ETHER_IPV4_LEN) {
          const tpa = formatIpv4(b, o + 24);
          const spa = formatIpv4(b, o + 14);
          parts.push(op === 1 ? `ARP who-has ${tpa} tell ${spa}` : op === 2 ? `ARP ${spa} is-at ${formatMac(b, o + 8)}` : `ARP op ${op}`);
        } else parts.push(`ARP op ${op}`);
        break;
      }
      case 'ip':
        parts.push(`IPv4 ${formatIpv4(b, o + IPV4.SRC)} > ${formatIpv4(b, o + IPV4.DST)} ttl ${b[o + IPV4.TTL]}`);
        break;
      case 'ipv6':
        parts.push(`IPv6 ${formatIpv6(b, o + IPV6.SRC)} > ${formatIpv6(b, o + IPV6.DST)} hlim ${b[o + IPV6.HLIM]}`);
        break;
      case 'icmp':
        parts.push(`ICMP type ${b[o]} code ${b[o + 1]}`);
        break;
      case 'icmpv6':
        parts.push(`ICMPv6 type ${b[o]} code ${b[o + 1]}`);
        break;
      case 'udp':
        parts.push(`UDP ${readU16(b, o)} > ${readU16(b, o + 2)}`);
        break;
      case 'tcp':
        parts.push(`TCP ${readU16(b, o)} > ${readU16(b, o + 2)}`);
        break;
      // VRRP and VXLAN layers may be cut short (they show what they have): read only that.
      case 'vrrp':
        parts.push(d.ends[i]! - o > VRRP.PRIORITY ? `VRRPv${b[o]! >>> 4} vrid ${b[o + VRRP.VRID]} prio ${b[o + VRRP.PRIORITY]}` : `VRRPv${b[o]! >>> 4}`);
        break;
      case 'vxlan':
        parts.push(d.ends[i]! - o >= 7 ? `VXLAN vni ${(b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!}` : 'VXLAN');
        break;
      default:
        break;
    }
  }
  if (d.issue !== undefined) parts.push(`[${d.issue.kind}: ${d.issue.message}]`);
  return parts.join(', ');
}
