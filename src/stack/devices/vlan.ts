import type { NetDevice } from '../netdev';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { devQueueXmit } from '../datapath/transmit';

/** An 802.1Q / 802.1ad sub-interface (`ip link add link eth0 name eth0.10 type vlan id 10`). */
export interface VlanDev {
  readonly id: number;
  /** TPID: 0x8100 or 0x88a8. */
  readonly proto: number;
}

/** `vlan_dev_hard_start_xmit`: tag with the device's VLAN and hand to the lower device. */
export function vlanXmit(stack: Stack, dev: NetDevice, skb: Skb): void {
  const lower = dev.lower!;
  skb.setVlan(dev.vlan!.id, dev.vlan!.proto);
  if (skb.outcome.traced) skb.outcome.step(`${dev.name}: tagged VLAN ${dev.vlan!.id} → ${lower.name}`);
  devQueueXmit(stack, lower, skb);
}
