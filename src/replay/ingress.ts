import type { CapturedFrame } from '../capture/captured-frame';
import type { SkipCause } from '../decision/records';
import { frameContext } from '../filter';
import type { Ingress } from '../fixture/load-fixture';
import type { DecodedFrame } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';
import { sentByCapturingHost } from './ethernet-view';

/**
 * Which port a captured frame arrives on: what the box itself sent is skipped unless
 * `outbound: replay` (pcapng packets flagged outbound, and cooked frames of packet type
 * PACKET_OUTGOING or PACKET_LOOPBACK, as `tcpdump -i any` records the box's own); then the
 * first rule whose filter matches (`timeRelative`: seconds since the capture's first frame,
 * for `frame.time_relative`); then the pcapng interface name; then the default (or the only
 * port). `none` skips the frame.
 */
export function ingressPort(ing: Ingress, onlyPort: string | undefined, f: CapturedFrame, d: DecodedFrame, timeRelative: number): string | { readonly skip: SkipCause } {
  if (ing.skipOutbound && (f.direction === 'outbound' || sentByCapturingHost(f))) return { skip: 'outbound' };
  if (ing.rules.length > 0) {
    decodeFrame(f, d);
    const ctx = frameContext(f, timeRelative);
    for (const r of ing.rules) if (r.filter.matches(d, ctx)) return r.port;
  }
  if (f.ifname !== undefined) {
    const byName = ing.interfaces[f.ifname];
    if (byName !== undefined) return byName;
  }
  return ing.default ?? onlyPort ?? { skip: 'no ingress port' };
}
