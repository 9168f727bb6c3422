import type { CapturedFrame } from '../capture/captured-frame';
import type { SkipCause } from '../decision/records';
import type { Ingress } from '../fixture/load-fixture';
import type { DecodedFrame } from '../wire/decoded-frame';
import { decodeFrame } from '../wire/decode-frame';

/**
 * Which port a captured frame arrives on: pcapng packets flagged outbound are the box's own
 * (skipped unless `outbound: replay`); then the first rule whose filter matches; then the
 * pcapng interface name; then the default (or the only port). `none` skips the frame.
 */
export function ingressPort(ing: Ingress, onlyPort: string | undefined, f: CapturedFrame, d: DecodedFrame): string | { readonly skip: SkipCause } {
  if (ing.skipOutbound && f.direction === 'outbound') return { skip: 'outbound' };
  if (ing.rules.length > 0) {
    decodeFrame(f, d);
    const ctx = { number: f.number, interfaceName: f.ifname, interfaceId: f.iface, len: f.len, capLen: f.caplen };
    for (const r of ing.rules) if (r.filter.matches(d, ctx)) return r.port;
  }
  if (f.ifname !== undefined) {
    const byName = ing.interfaces[f.ifname];
    if (byName !== undefined) return byName;
  }
  return ing.default ?? onlyPort ?? { skip: 'no ingress port' };
}
