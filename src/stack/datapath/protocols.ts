import { ETHERTYPE } from '../../wire/ethertype';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { arpReceive } from './arp';
import { ipv4Receive } from './ipv4-input';
import { ipv6Receive } from './ipv6-input';

/** LLDP's EtherType (IEEE 802.1AB): no kernel handler, but packet sockets (lldpd) take it. */
const ETHERTYPE_LLDP = 0x88cc;

/** The protocol handlers (`ptype_base`) a frame reaches once the rx_handlers let it pass. */
export function deliverToProtocols(stack: Stack, skb: Skb): void {
  switch (skb.protocol) {
    case ETHERTYPE.ARP:
      return arpReceive(stack, skb);
    case ETHERTYPE.IPV4:
      return ipv4Receive(stack, skb);
    case ETHERTYPE.IPV6:
      return ipv6Receive(stack, skb);
    case ETHERTYPE_LLDP:
      skb.outcome.delivered(skb.dev, 'lldp');
      if (skb.outcome.detail) skb.outcome.step(`${skb.dev.name}: LLDP to packet sockets`);
      return;
    default:
      skb.outcome.dropped('unhandled_proto', `${skb.dev.name}: EtherType 0x${skb.protocol.toString(16).padStart(4, '0')}`);
  }
}
