import type { CapturedFrame } from '../capture/captured-frame';
import type { FilterContext } from './compile-filter';

/**
 * The `frame.*` values of a captured frame that its bytes do not hold, as every place that
 * filters captured frames passes them (ingress rules, `expect:` selectors, `decode -Y`), so
 * that a field documented in docs/display-filter.md has its value everywhere. `timeRelative`
 * is the time since the capture's first frame, `(sec - sec0) + (nsec - nsec0) / 1e9`; a frame
 * without a timestamp (a pcapng Simple Packet Block) has none, as in tshark.
 */
export function frameContext(f: CapturedFrame, timeRelative: number): FilterContext {
  return {
    number: f.number,
    timeRelative: f.hasTs ? timeRelative : undefined,
    interfaceName: f.ifname,
    interfaceId: f.iface,
    len: f.len,
    capLen: f.caplen,
  };
}
