import { isBroadcastMac, isMulticastMac, macEquals, type NetDevice } from '../netdev';
import { PKT, Skb, type PktType } from '../skb';
import type { Outcome } from '../frame-outcome';
import type { Stack } from '../stack';
import { deliverToProtocols } from './protocols';

/** Bound on RX_HANDLER_ANOTHER rounds (the kernel has none; a loop here is a bug). */
const MAX_ROUNDS = 8;

/**
 * A frame arrives on a physical port: the offload driver sees it first (an ASIC in front of
 * the CPU), then the kernel's receive path.
 */
export function receiveOnPort(stack: Stack, port: NetDevice, buf: Uint8Array, off: number, end: number, outcome: Outcome, uncaptured = 0): void {
  const skb = Skb.fromFrame(buf, off, end, port, outcome);
  if (skb === undefined) {
    if (uncaptured > 0) {
      outcome.dropped('hdr_trunc', `${port.name}: the capture kept ${end - off} bytes, not an Ethernet header`);
      return;
    }
    // eth_type_trans needs ETH_HLEN bytes; a NIC discards a runt before the stack sees it.
    outcome.dropped('pkt_too_small', `${port.name}: runt frame`);
    return;
  }
  skb.uncaptured = uncaptured;
  if (!port.running) {
    outcome.dropped('dev_ready', `${port.name}: link down`);
    return;
  }
  for (const driver of stack.drivers) {
    if (driver.ownsPort(port) && driver.ingress(port, skb) === 'handled') return;
  }
  skb.pktType = ethTypeTrans(skb, port);
  netifReceive(stack, skb);
}

/** `eth_type_trans`: pkt_type of the frame relative to `dev`'s MAC. */
export function ethTypeTrans(skb: Skb, dev: NetDevice): PktType {
  const b = skb.buf;
  const o = skb.macOff;
  if (isMulticastMac(b, o)) return isBroadcastMac(b, o) ? PKT.BROADCAST : PKT.MULTICAST;
  return macEquals(b, o, dev.mac, 0) ? PKT.HOST : PKT.OTHERHOST;
}

/**
 * `__netif_receive_skb_core` on `skb.dev` (spec README "Common RX pipeline"): VLAN untagging
 * to a VLAN device (`vlan_do_receive`), the device's one rx_handler, then the protocol
 * handlers. RX_HANDLER_ANOTHER runs the loop again on the new device.
 */
export function netifReceive(stack: Stack, skb: Skb): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const dev = skb.dev;
    if (skb.outcome.traced) skb.outcome.step(`${dev.name}: rx`);
    if (skb.vlanTci >= 0) {
      const vdev = dev.vlans.get(skb.vlanId);
      if (vdev !== undefined && vdev.vlan!.proto === skb.vlanProto && vdev.adminUp) {
        // vlan_do_receive: the tag is consumed; a frame to the VLAN device's own MAC is ours.
        skb.dev = vdev;
        skb.vlanTci = -1;
        if (skb.pktType === PKT.OTHERHOST && macEquals(skb.buf, skb.macOff, vdev.mac, 0)) skb.pktType = PKT.HOST;
        continue;
      }
    }
    const handler = dev.rxHandler;
    if (handler === undefined) break;
    const r = handler(skb);
    if (r.kind === 'consumed') return;
    if (r.kind === 'another') {
      skb.dev = r.dev;
      continue;
    }
    if (r.kind === 'exact') {
      skb.outcome.dropped('not_specified', `${dev.name}: RX_HANDLER_EXACT with no exact handler (rx_nohandler)`);
      return;
    }
    break;
  }
  // A tag no VLAN device took: the frame is not for this host (check_vlan_id).
  if (skb.vlanTci >= 0 && skb.vlanId !== 0) skb.pktType = PKT.OTHERHOST;
  deliverToProtocols(stack, skb);
}

/** `netif_rx` / `dev_forward_skb` into another device's receive path, after the current frame's work. */
export function injectReceive(stack: Stack, skb: Skb, dev: NetDevice, pktType: PktType | 'recompute'): void {
  if (!dev.running) {
    skb.outcome.dropped('dev_ready', `${dev.name}: down`);
    return;
  }
  skb.dev = dev;
  skb.pktType = pktType === 'recompute' ? ethTypeTrans(skb, dev) : pktType;
  netifReceive(stack, skb);
}
