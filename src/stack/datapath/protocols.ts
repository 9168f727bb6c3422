import { ETHERTYPE } from '../../wire/ethertype';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { arpReceive } from './arp';
import { ipv4Receive } from './ipv4-input';
import { ipv6Receive } from './ipv6-input';

/**
 * The protocol handlers (`ptype_base`) a frame reaches once the rx_handlers let it pass.
 * The host has no sockets, packet sockets included: LLDP (no kernel handler) is freed as
 * unhandled_proto, as on a box without lldpd (measured on Linux 6.18).
 */
export function deliverToProtocols(stack: Stack, skb: Skb): void {
  switch (skb.protocol) {
    case ETHERTYPE.ARP:
      return arpReceive(stack, skb);
    case ETHERTYPE.IPV4:
      return ipv4Receive(stack, skb);
    case ETHERTYPE.IPV6:
      return ipv6Receive(stack, skb);
    default:
      skb.outcome.dropped('unhandled_proto', `${skb.dev.name}: EtherType 0x${skb.protocol.toString(16).padStart(4, '0')}`);
  }
}
