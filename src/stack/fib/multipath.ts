import type { Family } from '../../addr/ip-prefix';
import type { Nexthop } from './route';

/**
 * ECMP path selection. The kernel hashes the flow (policy 0: source and destination address,
 * `fib_multipath_hash`) with a per-boot random seed, so its choice is not reproducible; we
 * use FNV-1a over the same inputs, finished with MurmurHash3's fmix32, instead: deterministic on every machine, documented as a
 * divergence in docs/architecture.md. The hash picks a nexthop by the kernel's weight
 * bounds (`fib_rebalance`: nexthop i owns hashes up to round(cumulative weight · 2^31 / total) − 1).
 */
export function multipathHash(b: Uint8Array, srcOff: number, dstOff: number, family: Family): number {
  const n = family === 4 ? 4 : 16;
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ b[srcOff + i]!, 0x01000193);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ b[dstOff + i]!, 0x01000193);
  // MurmurHash3's fmix32, so the last octets reach the top bits the path choice reads.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 1) & 0x7fffffff;
}

export function selectNexthop(nexthops: readonly Nexthop[], hash: number): Nexthop | undefined {
  let total = 0;
  for (const nh of nexthops) total += nh.weight;
  let cumulative = 0;
  for (const nh of nexthops) {
    cumulative += nh.weight;
    const upper = Math.round((cumulative * 2 ** 31) / total) - 1;
    if (hash <= upper) return nh;
  }
  return nexthops[nexthops.length - 1];
}
