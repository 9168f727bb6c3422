import { isBroadcastMac, isMulticastMac, macEquals, RX_CONSUMED, RX_PASS, type NetDevice, type RxHandlerResult } from '../netdev';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { injectReceive } from '../datapath/receive';
import { devQueueXmit } from '../datapath/transmit';
import { joinedMulticastMacs } from '../multicast';

/** macvlan modes (MV-1), by iproute2's names. */
export const MACVLAN_MODES = ['private', 'vepa', 'bridge', 'passthru', 'source'] as const;
export type MacvlanMode = (typeof MACVLAN_MODES)[number];

export interface MacvlanDev {
  readonly mode: MacvlanMode;
  readonly nopromisc: boolean;
  /** Source mode: the source MACs it takes (`macaddr add`). */
  readonly sourceMacs: Uint8Array[];
}

/** The lower device's side (`struct macvlan_port`): every macvlan on it, in creation order. */
export interface MacvlanPort {
  readonly lower: NetDevice;
  readonly macvlans: NetDevice[];
}

/** UP macvlans are hashed by MAC in `macvlan_open` (MV-2): only they take unicast. */
function hashLookup(port: MacvlanPort, b: Uint8Array, o: number): NetDevice | undefined {
  for (const m of port.macvlans) if (m.adminUp && macEquals(m.mac, 0, b, o)) return m;
  return undefined;
}

/**
 * Whether a macvlan's multicast filter passes this destination (MV-3). The kernel hashes
 * groups into 256 bits salted per device, so unrelated groups can pass; we model exact
 * membership (spec macvlan.md, open question 1).
 */
function filterMatches(m: NetDevice, b: Uint8Array, o: number): boolean {
  if (isBroadcastMac(b, o) || m.promisc > 0 || m.allmulti > 0) return true;
  return joinedMulticastMacs(m).some((g) => macEquals(g, 0, b, o));
}

/** `macvlan_broadcast` to the macvlans `wanted` accepts, except `src`. */
function distribute(stack: Stack, port: MacvlanPort, skb: Skb, src: NetDevice | undefined, wanted: (m: MacvlanDev) => boolean): void {
  const b = skb.buf;
  const o = skb.macOff;
  const pktType = isBroadcastMac(b, o) ? PKT.BROADCAST : PKT.MULTICAST;
  for (const m of port.macvlans) {
    if (m === src || !m.adminUp || !wanted(m.macvlan!) || !filterMatches(m, b, o)) continue;
    if (skb.outcome.traced) skb.outcome.step(`${port.lower.name}: macvlan copy to ${m.name}`);
    stack.backlog.push(() => injectReceive(stack, skb.clone(), m, pktType));
  }
}

/** The lower device's rx_handler, `macvlan_handle_frame` (MV-10 … MV-13). */
export function macvlanHandleFrame(stack: Stack, skb: Skb): RxHandlerResult {
  const port = skb.dev.macvlanPort!;
  const b = skb.buf;
  const o = skb.macOff;
  if (skb.pktType === PKT.LOOPBACK) return RX_PASS; // MV-10
  forwardSource(stack, port, skb); // MV-11
  if (isMulticastMac(b, o)) {
    const src = hashLookup(port, b, o + 6); // MV-13.3
    const mode = src?.macvlan!.mode;
    if (src !== undefined && mode !== 'vepa' && mode !== 'bridge') {
      // MV-13.4: our own private/passthru/source MAC as source: that macvlan only.
      if (skb.outcome.traced) skb.outcome.step(`${port.lower.name}: source is ${src.name} (${mode}): to it only`);
      stack.backlog.push(() => injectReceive(stack, skb.clone(), src, isBroadcastMac(b, o) ? PKT.BROADCAST : PKT.MULTICAST));
      return RX_CONSUMED;
    }
    // MV-13.5: distribute, and the lower device gets it too (PASS).
    if (src === undefined) distribute(stack, port, skb, undefined, (m) => m.mode !== 'source');
    else if (mode === 'vepa') distribute(stack, port, skb, src, (m) => m.mode === 'vepa' || m.mode === 'bridge');
    else distribute(stack, port, skb, src, (m) => m.mode === 'vepa');
    return RX_PASS;
  }
  const passthru = port.macvlans.find((m) => m.macvlan!.mode === 'passthru');
  if (passthru !== undefined) {
    // macvlan_handle_frame: whatever the destination, to the passthru macvlan as PACKET_HOST.
    skb.pktType = PKT.HOST;
    if (skb.outcome.traced) skb.outcome.step(`${port.lower.name}: passthru → ${passthru.name}`);
    return { kind: 'another', dev: passthru };
  }
  const dst = hashLookup(port, b, o);
  if (dst !== undefined && dst.macvlan!.mode !== 'source') {
    // MV-12: any mode, pkt_type forced to PACKET_HOST.
    skb.pktType = PKT.HOST;
    if (skb.outcome.traced) skb.outcome.step(`${port.lower.name}: to macvlan ${dst.name} by destination MAC`);
    return { kind: 'another', dev: dst };
  }
  return RX_PASS;
}

/** MV-11: source-mode macvlans listing the frame's source MAC get a copy. */
function forwardSource(stack: Stack, port: MacvlanPort, skb: Skb): void {
  const b = skb.buf;
  const o = skb.macOff;
  for (const m of port.macvlans) {
    const mv = m.macvlan!;
    if (mv.mode !== 'source' || !m.adminUp || !mv.sourceMacs.some((s) => macEquals(s, 0, b, o + 6))) continue;
    const pktType = macEquals(m.mac, 0, b, o) ? PKT.HOST : skb.pktType;
    if (skb.outcome.traced) skb.outcome.step(`${port.lower.name}: source-mode copy to ${m.name}`);
    stack.backlog.push(() => injectReceive(stack, skb.clone(), m, pktType));
  }
}

/** `macvlan_queue_xmit` (MV-20, MV-21). */
export function macvlanXmit(stack: Stack, dev: NetDevice, skb: Skb): void {
  const port = dev.lower!.macvlanPort!;
  const lower = dev.lower!;
  const b = skb.buf;
  const o = skb.macOff;
  if (dev.macvlan!.mode === 'bridge') {
    if (isMulticastMac(b, o)) {
      // MV-20: other bridge-mode macvlans get a copy first, then the wire.
      for (const m of port.macvlans) {
        if (m === dev || !m.adminUp || m.macvlan!.mode !== 'bridge' || !filterMatches(m, b, o)) continue;
        const pktType = isBroadcastMac(b, o) ? PKT.BROADCAST : PKT.MULTICAST;
        if (skb.outcome.traced) skb.outcome.step(`${dev.name}: bridge-mode copy to ${m.name}`);
        injectReceive(stack, skb.clone(), m, pktType);
      }
    } else {
      const dst = hashLookup(port, b, o);
      if (dst !== undefined && dst.macvlan!.mode === 'bridge') {
        // MV-20: back into the lower device's receive path (dev_forward_skb), not the wire.
        if (skb.outcome.traced) skb.outcome.step(`${dev.name}: to bridge-mode ${dst.name} via ${lower.name}`);
        injectReceive(stack, skb, lower, 'recompute');
        return;
      }
    }
  }
  devQueueXmit(stack, lower, skb);
}
