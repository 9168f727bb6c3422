import type { DecodedFrame, LayerName } from './decoded-frame';
import { arpFields } from './arp';
import { ethernetFields } from './ethernet';
import type { FieldSink, FieldValue, LayerFields } from './field-sink';
import { icmpFields } from './icmp';
import { icmpv6Fields } from './icmpv6';
import { ipv4Fields } from './ipv4';
import { ipv6ExtensionFields, ipv6Fields } from './ipv6';
import { nullFields } from './null-loop';
import { sllFields } from './sll';
import { tcpFields } from './tcp';
import { udpFields } from './udp';
import { vlanFields } from './vlan';
import { vrrpFields } from './vrrp';
import { vxlanFields } from './vxlan';

const none: LayerFields = () => undefined;

/** Which reader yields each layer's fields. Exhaustive over LayerName by its type. */
export const LAYER_FIELDS: Readonly<Record<LayerName, LayerFields>> = {
  eth: ethernetFields,
  llc: none,
  vlan: vlanFields,
  ieee8021ad: vlanFields,
  sll: sllFields,
  fr: none,
  null: nullFields,
  raw: none,
  arp: arpFields,
  ip: ipv4Fields,
  ipv6: ipv6Fields,
  'ipv6.hopopts': ipv6ExtensionFields,
  'ipv6.routing': ipv6ExtensionFields,
  'ipv6.fraghdr': ipv6ExtensionFields,
  'ipv6.dstopts': ipv6ExtensionFields,
  icmp: icmpFields,
  icmpv6: icmpv6Fields,
  udp: udpFields,
  tcp: tcpFields,
  vrrp: vrrpFields,
  vxlan: vxlanFields,
  data: none,
};

/** Visits every field of every layer, outer layers first. */
export function visitFields(d: DecodedFrame, sink: FieldSink): void {
  for (let i = 0; i < d.count; i++) LAYER_FIELDS[d.name(i)](d, i, sink);
}

/**
 * All fields as `{name: [every occurrence, outer first]}`, the shape of the tshark
 * references (`-E occurrence=a`): after a VXLAN header, inner `eth.src` is element 2.
 */
export function collectFields(d: DecodedFrame): Record<string, FieldValue[]> {
  const out: Record<string, FieldValue[]> = {};
  visitFields(d, (name, value) => {
    const list = out[name];
    if (list === undefined) out[name] = [value];
    else list.push(value);
  });
  return out;
}
