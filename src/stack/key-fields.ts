import { formatMac } from '../addr/mac';
import { LINKTYPE } from '../capture/link-type';
import type { FrameFields } from '../decision/records';
import { DecodedFrame } from '../wire/decoded-frame';
import { decodeBytes } from '../wire/decode-frame';
import { ETHERTYPE } from '../wire/ethertype';
import { visitFields } from '../wire/frame-fields';
import { IPV4 } from '../wire/ipv4';
import { IPV6 } from '../wire/ipv6';
import type { Skb } from './skb';

/**
 * The fields a record shows for a transmitted frame: what a forward can change (MACs, the
 * VLAN tag, TTL / hop limit). Read straight from the skb, no decode: this runs per egress.
 * A flow's frames leave with the same key fields, so the last result is kept and handed out
 * again (frozen, shared) when the bytes it came from are the same: twelve byte compares
 * instead of two MAC strings and an object per frame.
 */
export function keyFields(skb: Skb): FrameFields {
  const b = skb.buf;
  const m = skb.macOff;
  const hop = skb.protocol === ETHERTYPE.IPV4 && skb.netLen >= IPV4.MIN_HEADER_LEN ? b[skb.netOff + IPV4.TTL]! : skb.protocol === ETHERTYPE.IPV6 && skb.netLen >= IPV6.HEADER_LEN ? 256 + b[skb.netOff + IPV6.HLIM]! : -1;
  if (hop === last.hop && skb.vlanTci === last.vlanTci && sameMacs(b, m)) return last.fields;
  // Keys in sorted order: the golden form sorts them (check/canonical-record.ts), and
  // takes insertion order as is when it already is.
  const f: FrameFields = { 'eth.dst': formatMac(b, m), 'eth.src': formatMac(b, m + 6) };
  if (hop >= 256) f['ipv6.hlim'] = hop - 256;
  else if (hop >= 0) f['ip.ttl'] = hop;
  if (skb.vlanTci >= 0) f['vlan.id'] = skb.vlanTci & 0xfff;
  last.macs.set(b.subarray(m, m + 12));
  last.hop = hop;
  last.vlanTci = skb.vlanTci;
  last.fields = Object.freeze(f);
  return last.fields;
}

/** keyFields' last answer and what it was made from (hop: TTL, 256 + hop limit, or -1 for neither). */
const last = { macs: new Uint8Array(12), hop: -2, vlanTci: -2, fields: Object.freeze({}) as FrameFields };

function sameMacs(b: Uint8Array, m: number): boolean {
  const macs = last.macs;
  for (let i = 0; i < 12; i++) if (b[m + i] !== macs[i]) return false;
  return true;
}

/** The fields shown for a frame the box sends itself (ARP and ND answers, ICMP errors). */
export const GENERATED_FIELD_NAMES = [
  'eth.src',
  'eth.dst',
  'vlan.id',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
  'ip.src',
  'ip.dst',
  'ip.ttl',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.hlim',
  'icmp.type',
  'icmp.code',
  'icmpv6.type',
  'icmpv6.code',
  'icmpv6.nd.ns.target_address',
  'icmpv6.nd.na.target_address',
  'icmpv6.nd.na.flag.s',
  'icmpv6.nd.na.flag.r',
  'icmpv6.nd.na.flag.o',
  'tcp.flags',
  'udp.dstport',
] as const;

const GENERATED_FIELDS: ReadonlySet<string> = new Set(GENERATED_FIELD_NAMES);
const scratch = new DecodedFrame();

/**
 * Every field of an Ethernet frame, first occurrence only (outer headers: the packet an
 * ICMP error quotes repeats `ip.src`), or only those `keep` accepts.
 */
export function firstFields(bytes: Uint8Array, keep: (name: string) => boolean = () => true): FrameFields {
  const d = decodeBytes(bytes, 0, bytes.length, bytes.length, LINKTYPE.ETHERNET, scratch);
  const out: FrameFields = {};
  visitFields(d, (name, value) => {
    if (keep(name) && !(name in out)) out[name] = value;
  });
  return out;
}

export function generatedFields(bytes: Uint8Array): FrameFields {
  return firstFields(bytes, (name) => GENERATED_FIELDS.has(name));
}
