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
 */
export function keyFields(skb: Skb): FrameFields {
  const b = skb.buf;
  const f: FrameFields = { 'eth.src': formatMac(b, skb.macOff + 6), 'eth.dst': formatMac(b, skb.macOff) };
  if (skb.vlanTci >= 0) f['vlan.id'] = skb.vlanTci & 0xfff;
  if (skb.protocol === ETHERTYPE.IPV4 && skb.netLen >= IPV4.MIN_HEADER_LEN) f['ip.ttl'] = b[skb.netOff + IPV4.TTL]!;
  else if (skb.protocol === ETHERTYPE.IPV6 && skb.netLen >= IPV6.HEADER_LEN) f['ipv6.hlim'] = b[skb.netOff + IPV6.HLIM]!;
  return f;
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
