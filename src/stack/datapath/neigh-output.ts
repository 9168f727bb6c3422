import { formatMac } from '../../addr/mac';
import type { Family } from '../../addr/ip-prefix';
import type { Neighbour, NeighbourOps } from '../neighbour';
import type { NetDevice } from '../netdev';
import type { Skb } from '../skb';
import type { Stack } from '../stack';
import { arpSolicit } from './arp';
import { ndiscSolicit } from './ndisc';
import { devQueueXmit } from './transmit';
import { icmpSend } from './icmp';
import { icmpv6Send } from './icmpv6';
import { ICMP_TYPE } from '../../wire/icmp';
import { ICMPV6_TYPE } from '../../wire/icmpv6';

/**
 * `ip_finish_output2` / `ip6_finish_output2` → `neigh_output`: resolve the next hop on `dev`
 * and put the link header on, or wait in the neighbour's queue. Devices without ARP (dummy)
 * need no resolution (NUD_NOARP).
 */
export function neighOutput(stack: Stack, dev: NetDevice, family: Family, b: Uint8Array, o: number, skb: Skb): void {
  if (dev.kind === 'dummy' || dev.kind === 'loopback') {
    skb.setL2Header(new Uint8Array(6), dev.mac, -1);
    devQueueXmit(stack, dev, skb);
    return;
  }
  const n = stack.neigh.lookup(family, dev, b, o) ?? stack.neigh.create(family, dev, b, o);
  if (n === undefined) {
    // ip_finish_output2 / ip6_finish_output2: "No header cache and no neighbour!" (neigh_alloc
    // refused at gc_thresh3; the table counts it in table_fulls).
    skb.outcome.dropped('neigh_createfail', `${dev.name}: neighbour table full (gc_thresh3)`);
    return;
  }
  const before = n.state;
  if (stack.neigh.send(n, skb)) {
    if (skb.outcome.traced) skb.outcome.step(`neigh ${n.address.text} ${n.state}: ${formatMac(n.mac!, 0)}`);
    finishOutput(stack, dev, n, skb);
  } else {
    if (skb.outcome.traced) skb.outcome.step(`neigh ${n.address.text} ${before === n.state ? n.state : `${before}→${n.state}`}: queued`);
  }
}

function finishOutput(stack: Stack, dev: NetDevice, n: Neighbour, skb: Skb): void {
  skb.setL2Header(n.mac!, dev.mac, -1);
  devQueueXmit(stack, dev, skb);
}

/** What the neighbour table asks of the datapath (solicit, release, discard). */
export function neighbourOps(stack: Stack): NeighbourOps {
  return {
    solicit(n: Neighbour, unicast: boolean): void {
      const queued = n.queue[0];
      if (n.family === 4) arpSolicit(stack, n, unicast, queued);
      else ndiscSolicit(stack, n, unicast, queued);
    },
    release(n: Neighbour, skb: Skb): void {
      if (skb.outcome.traced) skb.outcome.step(`neigh ${n.address.text} resolved: released`);
      finishOutput(stack, n.dev, n, skb);
      skb.outcome.pending--;
      skb.outcome.settled();
    },
    changed(n: Neighbour): void {
      stack.neighbourChanged(n);
    },
    discard(n: Neighbour, skb: Skb, reason: 'neigh_failed'): void {
      // neigh_invalidate → error_report (arp_error_report / ndisc_error_report): the sender
      // learns the host is unreachable, one error per queued packet (ICMP rate limits apply).
      const previous = stack.currentFrame;
      stack.currentFrame = skb.outcome.frame;
      if (n.family === 4) icmpSend(stack, skb, ICMP_TYPE.DEST_UNREACH, 1, 0, false);
      else icmpv6Send(stack, skb, ICMPV6_TYPE.DEST_UNREACH, 3, 0);
      stack.currentFrame = previous;
      skb.outcome.pending--;
      skb.outcome.dropped(reason, `neigh ${n.address.text} on ${n.dev.name}`);
      skb.outcome.settled();
    },
  };
}
