import type { GeneratedKind } from '../../decision/records';
import type { ReasonId } from '../../decision/reasons';
import type { Outcome } from '../frame-outcome';
import { generatedFields } from '../key-fields';
import type { NetDevice } from '../netdev';
import { Skb } from '../skb';
import type { Stack } from '../stack';
import { ETHERTYPE } from '../../wire/ethertype';
import { IPV4 } from '../../wire/ipv4';
import { IPV6 } from '../../wire/ipv6';
import { neighOutput } from './neigh-output';
import { devQueueXmit } from './transmit';

/**
 * The outcome of a frame the box sends itself: each copy that leaves a port becomes a
 * `generated` record (an ARP reply out of a bridge goes through the bridge's FDB first).
 */
export class GeneratedOutcome implements Outcome {
  /** A generated record has no trace. */
  readonly traced = false;
  pending = 0;

  constructor(
    private readonly stack: Stack,
    readonly kind: GeneratedKind,
    /** The input frame that caused it (the record's `frame`). */
    readonly frame: number | undefined,
  ) {}

  step(): void {}

  setMeta(): void {}

  transmitted(dev: NetDevice, skb: Skb): void {
    const bytes = skb.buf.subarray(skb.macOff, skb.end);
    const frame = this.frame === undefined ? {} : { frame: this.frame };
    this.stack.sink({ type: 'generated', ...frame, time: this.stack.timeText(), kind: this.kind, port: dev.name, fields: generatedFields(bytes) });
    if (this.stack.tap !== undefined) this.stack.tap.generated(this.kind, this.frame, dev.name, bytes.slice());
  }

  delivered(): void {}

  dropped(_reason: ReasonId, _where: string): void {}

  /** The box's own frames leave by the CPU port: no ASIC ingress, no trap. */
  asicTrapped(): void {}

  settled(): void {}
}

/** Sends a whole Ethernet frame the box built out of `dev` (`dev_queue_xmit`). */
export function sendFrame(stack: Stack, dev: NetDevice, frame: Uint8Array, kind: GeneratedKind): void {
  const outcome = new GeneratedOutcome(stack, kind, stack.currentFrame);
  const skb = Skb.fromFrame(frame, 0, frame.length, dev, outcome);
  if (skb !== undefined) devQueueXmit(stack, dev, skb);
}

/**
 * `ip_local_out` / `ip6_local_out` for an IP packet the box built: route it by its
 * destination, then resolve the next hop (`ip_finish_output2` adds the link header).
 */
export function ipLocalOut(stack: Stack, family: 4 | 6, packet: Uint8Array, kind: GeneratedKind, oif?: NetDevice): void {
  const dstOff = family === 4 ? IPV4.DST : IPV6.DST;
  const res = stack.fib.lookup(family, packet, dstOff, family === 4 ? IPV4.SRC : IPV6.SRC);
  if (res === undefined || res.route.type !== 'unicast' || res.nexthop?.dev === undefined) return;
  let nexthop = res.nexthop;
  if (oif !== undefined && nexthop.dev !== oif) {
    // flowi6_oif (RT6_LOOKUP_F_IFACE): of the routes for the prefix found, the one via oif.
    const via = stack.fib.table(family, res.route.table).aliasesOf(res.route.prefix).flatMap((r) => r.nexthops).find((nh) => nh.dev === oif);
    if (via !== undefined) nexthop = via;
  }
  const dev = nexthop.dev!;
  const skb = new Skb(packet, 0, 0, packet.length, family === 4 ? ETHERTYPE.IPV4 : ETHERTYPE.IPV6, dev, new GeneratedOutcome(stack, kind, stack.currentFrame));
  const gw = nexthop.gateway;
  if (gw !== undefined) neighOutput(stack, dev, family, gw.bytes, 0, skb);
  else neighOutput(stack, dev, family, packet, dstOff, skb);
}
