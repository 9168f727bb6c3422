import type { NetDevice } from '../netdev';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { bridgeDevXmit } from '../devices/bridge';
import { macvlanXmit } from '../devices/macvlan';
import { vlanXmit } from '../devices/vlan';

/**
 * `dev_queue_xmit` down the device chain: an upper device's `ndo_start_xmit` hands the frame
 * to its lower (macvlan, VLAN) or to its ports (bridge); a port puts it on the wire, which is
 * where the box's decision ends. A dummy device swallows what it is given (`dummy_xmit`).
 */
export function devQueueXmit(stack: Stack, dev: NetDevice, skb: Skb): void {
  // __dev_queue_xmit: a device that is not up frees the packet (-ENETDOWN).
  if (!dev.adminUp) {
    skb.outcome.dropped('dev_ready', `${dev.name}: xmit on a down device`);
    return;
  }
  skb.dev = dev;
  switch (dev.kind) {
    case 'port':
      if (!dev.carrier) {
        skb.outcome.dropped('dev_ready', `${dev.name}: no carrier`);
        return;
      }
      skb.outcome.transmitted(dev, skb);
      return;
    case 'dummy':
      skb.outcome.transmitted(dev, skb);
      return;
    case 'bridge':
      return bridgeDevXmit(stack, dev, skb);
    case 'macvlan':
      return macvlanXmit(stack, dev, skb);
    case 'vlan':
      return vlanXmit(stack, dev, skb);
    case 'loopback':
      skb.outcome.dropped('not_specified', 'lo: loopback transmit is not modelled');
      return;
  }
}
