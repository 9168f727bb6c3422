import { LAYER_NAMES, type LayerName } from '../wire/decoded-frame';

/**
 * Every name a display filter may use, with its value type: the fields the decoder emits
 * (`src/wire/*Fields`), a few Wireshark aliases over them, the frame-level fields a caller
 * supplies, and the protocols (`LAYER_NAMES`, plus `frame`).
 *
 * The table is written by hand so that a filter's types are known at compile time (`ip.ttl
 * == 02:00:00:00:00:01` is an error before any frame is read); `test/filter/field-table.test.ts`
 * decodes the crafted captures and fails when the decoder emits a name missing here, from a
 * layer not listed, or with a value of another type, so the table cannot drift.
 *
 * Types follow Wireshark's (`tshark -G fields`): unsigned integers by their width (for the
 * "too big for this field" check), FT_BOOLEAN flags, FT_ETHER, FT_IPv4, FT_IPv6.
 */
export type FieldType = 'uint8' | 'uint16' | 'uint24' | 'uint32' | 'bool' | 'mac' | 'ipv4' | 'ipv6';

interface LayerFieldSpec {
  readonly type: FieldType;
  /** The layers whose field reader emits it (`ip.version` comes from IPv4 and IPv6 headers). */
  readonly layers: readonly LayerName[];
  /** An alias: the decoder fields it stands for, as Wireshark's `ip.addr` is `ip.src` or `ip.dst`. */
  readonly of?: readonly string[];
}

export const LAYER_FIELD_TYPES = {
  'eth.dst': { type: 'mac', layers: ['eth'] },
  'eth.src': { type: 'mac', layers: ['eth'] },
  'eth.type': { type: 'uint16', layers: ['eth'] },
  'eth.len': { type: 'uint16', layers: ['eth'] },
  'eth.addr': { type: 'mac', layers: ['eth'], of: ['eth.dst', 'eth.src'] },

  'vlan.priority': { type: 'uint16', layers: ['vlan'] },
  'vlan.dei': { type: 'uint16', layers: ['vlan'] },
  'vlan.id': { type: 'uint16', layers: ['vlan'] },
  'vlan.etype': { type: 'uint16', layers: ['vlan'] },
  'vlan.len': { type: 'uint16', layers: ['vlan'] },
  'ieee8021ad.id': { type: 'uint16', layers: ['ieee8021ad'] },
  'ieee8021ad.priority': { type: 'uint16', layers: ['ieee8021ad'] },
  'ieee8021ad.dei': { type: 'uint16', layers: ['ieee8021ad'] },

  'sll.pkttype': { type: 'uint16', layers: ['sll'] },
  'sll.hatype': { type: 'uint16', layers: ['sll'] },
  'sll.halen': { type: 'uint16', layers: ['sll'] },
  'sll.src.eth': { type: 'mac', layers: ['sll'] },
  'sll.etype': { type: 'uint16', layers: ['sll'] },
  'sll.ltype': { type: 'uint16', layers: ['sll'] },
  'sll.ifindex': { type: 'uint32', layers: ['sll'] },
  'null.family': { type: 'uint32', layers: ['null'] },

  'arp.hw.type': { type: 'uint16', layers: ['arp'] },
  'arp.proto.type': { type: 'uint16', layers: ['arp'] },
  'arp.hw.size': { type: 'uint8', layers: ['arp'] },
  'arp.proto.size': { type: 'uint8', layers: ['arp'] },
  'arp.opcode': { type: 'uint16', layers: ['arp'] },
  'arp.src.hw_mac': { type: 'mac', layers: ['arp'] },
  'arp.src.proto_ipv4': { type: 'ipv4', layers: ['arp'] },
  'arp.dst.hw_mac': { type: 'mac', layers: ['arp'] },
  'arp.dst.proto_ipv4': { type: 'ipv4', layers: ['arp'] },

  'ip.version': { type: 'uint8', layers: ['ip', 'ipv6'] },
  'ip.hdr_len': { type: 'uint8', layers: ['ip'] },
  'ip.dsfield': { type: 'uint8', layers: ['ip'] },
  'ip.len': { type: 'uint16', layers: ['ip'] },
  'ip.id': { type: 'uint16', layers: ['ip'] },
  'ip.flags': { type: 'uint8', layers: ['ip'] },
  'ip.frag_offset': { type: 'uint16', layers: ['ip'] },
  'ip.ttl': { type: 'uint8', layers: ['ip'] },
  'ip.proto': { type: 'uint8', layers: ['ip'] },
  'ip.checksum': { type: 'uint16', layers: ['ip'] },
  'ip.checksum.status': { type: 'uint8', layers: ['ip'] },
  'ip.src': { type: 'ipv4', layers: ['ip'] },
  'ip.dst': { type: 'ipv4', layers: ['ip'] },
  'ip.addr': { type: 'ipv4', layers: ['ip'], of: ['ip.src', 'ip.dst'] },

  'ipv6.version': { type: 'uint8', layers: ['ipv6'] },
  'ipv6.tclass': { type: 'uint32', layers: ['ipv6'] },
  'ipv6.flow': { type: 'uint32', layers: ['ipv6'] },
  'ipv6.plen': { type: 'uint16', layers: ['ipv6'] },
  'ipv6.nxt': { type: 'uint8', layers: ['ipv6'] },
  'ipv6.hlim': { type: 'uint8', layers: ['ipv6'] },
  'ipv6.src': { type: 'ipv6', layers: ['ipv6'] },
  'ipv6.dst': { type: 'ipv6', layers: ['ipv6'] },
  'ipv6.addr': { type: 'ipv6', layers: ['ipv6'], of: ['ipv6.src', 'ipv6.dst'] },
  'ipv6.hopopts.nxt': { type: 'uint8', layers: ['ipv6.hopopts'] },
  'ipv6.hopopts.len': { type: 'uint8', layers: ['ipv6.hopopts'] },
  'ipv6.dstopts.nxt': { type: 'uint8', layers: ['ipv6.dstopts'] },
  'ipv6.dstopts.len': { type: 'uint8', layers: ['ipv6.dstopts'] },
  'ipv6.routing.nxt': { type: 'uint8', layers: ['ipv6.routing'] },
  'ipv6.routing.len': { type: 'uint8', layers: ['ipv6.routing'] },
  'ipv6.routing.type': { type: 'uint8', layers: ['ipv6.routing'] },
  'ipv6.routing.segleft': { type: 'uint8', layers: ['ipv6.routing'] },
  'ipv6.fraghdr.nxt': { type: 'uint8', layers: ['ipv6.fraghdr'] },
  'ipv6.fraghdr.offset': { type: 'uint16', layers: ['ipv6.fraghdr'] },
  'ipv6.fraghdr.more': { type: 'bool', layers: ['ipv6.fraghdr'] },
  'ipv6.fraghdr.ident': { type: 'uint32', layers: ['ipv6.fraghdr'] },

  'icmp.type': { type: 'uint8', layers: ['icmp'] },
  'icmp.code': { type: 'uint8', layers: ['icmp'] },
  'icmp.checksum': { type: 'uint16', layers: ['icmp'] },
  'icmpv6.type': { type: 'uint8', layers: ['icmpv6'] },
  'icmpv6.code': { type: 'uint8', layers: ['icmpv6'] },
  'icmpv6.checksum': { type: 'uint16', layers: ['icmpv6'] },
  'icmpv6.nd.ns.target_address': { type: 'ipv6', layers: ['icmpv6'] },
  'icmpv6.nd.na.flag.r': { type: 'bool', layers: ['icmpv6'] },
  'icmpv6.nd.na.flag.s': { type: 'bool', layers: ['icmpv6'] },
  'icmpv6.nd.na.flag.o': { type: 'bool', layers: ['icmpv6'] },
  'icmpv6.nd.na.target_address': { type: 'ipv6', layers: ['icmpv6'] },

  'udp.srcport': { type: 'uint16', layers: ['udp'] },
  'udp.dstport': { type: 'uint16', layers: ['udp'] },
  'udp.port': { type: 'uint16', layers: ['udp'], of: ['udp.srcport', 'udp.dstport'] },
  'udp.length': { type: 'uint16', layers: ['udp'] },
  'udp.checksum': { type: 'uint16', layers: ['udp'] },

  'tcp.srcport': { type: 'uint16', layers: ['tcp'] },
  'tcp.dstport': { type: 'uint16', layers: ['tcp'] },
  'tcp.port': { type: 'uint16', layers: ['tcp'], of: ['tcp.srcport', 'tcp.dstport'] },
  'tcp.seq_raw': { type: 'uint32', layers: ['tcp'] },
  'tcp.ack_raw': { type: 'uint32', layers: ['tcp'] },
  'tcp.hdr_len': { type: 'uint8', layers: ['tcp'] },
  'tcp.flags': { type: 'uint16', layers: ['tcp'] },
  'tcp.window_size_value': { type: 'uint16', layers: ['tcp'] },
  'tcp.checksum': { type: 'uint16', layers: ['tcp'] },

  'vrrp.version': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.type': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.virt_rtr_id': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.prio': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.addr_count': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.auth_type': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.adver_int': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.short_adver_int': { type: 'uint16', layers: ['vrrp'] },
  'vrrp.checksum': { type: 'uint16', layers: ['vrrp'] },
  'vrrp.checksum.status': { type: 'uint8', layers: ['vrrp'] },
  'vrrp.ip_addr': { type: 'ipv4', layers: ['vrrp'] },
  'vrrp.ipv6_addr': { type: 'ipv6', layers: ['vrrp'] },

  'vxlan.flags': { type: 'uint16', layers: ['vxlan'] },
  'vxlan.flag_g': { type: 'bool', layers: ['vxlan'] },
  'vxlan.flag_i': { type: 'bool', layers: ['vxlan'] },
  'vxlan.flag_d': { type: 'bool', layers: ['vxlan'] },
  'vxlan.flag_a': { type: 'bool', layers: ['vxlan'] },
  'vxlan.gbp': { type: 'uint16', layers: ['vxlan'] },
  'vxlan.vni': { type: 'uint24', layers: ['vxlan'] },
} as const satisfies Readonly<Record<string, LayerFieldSpec>>;

/**
 * Frame-level fields: not in the bytes but in the capture record (`FilterContext`), as
 * Wireshark's `frame` protocol shows them. `frame.len` / `frame.cap_len` fall back to the
 * decoded frame's lengths; the others are absent when the caller does not supply them (a
 * classic pcap has no interface name, as in tshark).
 */
export const FRAME_FIELD_TYPES = {
  'frame.number': 'uint32',
  'frame.time_relative': 'time',
  'frame.interface_name': 'string',
  'frame.interface_id': 'uint32',
  'frame.len': 'uint32',
  'frame.cap_len': 'uint32',
  'frame.protocols': 'string',
} as const;

export type LayerFieldName = keyof typeof LAYER_FIELD_TYPES;
export type FrameFieldName = keyof typeof FRAME_FIELD_TYPES;

/** What a filter compares: the field types plus Wireshark's FT_STRING, FT_RELATIVE_TIME and FT_PROTOCOL. */
export type ValueType = 'uint' | 'bool' | 'mac' | 'ipv4' | 'ipv6' | 'string' | 'time' | 'protocol';

export interface FieldInfo {
  readonly name: string;
  readonly source: 'layer' | 'frame' | 'protocol';
  readonly type: ValueType;
  /** Largest value a literal may have (unsigned integers; booleans are 0 or 1). */
  readonly max: number;
  /** Wireshark's wording of the type, for error messages ("Unsigned integer (1 byte)"). */
  readonly label: string;
  /** Layer ids (`LAYER.*`) whose reader emits the field, or the protocol's own id. */
  readonly layerIds: readonly number[];
  /** Decoder field names read: the name itself, or what an alias stands for. */
  readonly reads: readonly string[];
}

const UINT_BYTES = { uint8: 1, uint16: 2, uint24: 3, uint32: 4 } as const;

const TYPE_LABELS: Readonly<Record<Exclude<ValueType, 'uint'>, string>> = {
  bool: 'Boolean',
  mac: 'Ethernet or other MAC address',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  string: 'Character string',
  time: 'Time offset',
  protocol: 'Protocol',
};

function describe(name: string, source: FieldInfo['source'], type: FieldType | 'string' | 'time' | 'protocol', layers: readonly string[], reads: readonly string[]): FieldInfo {
  const layerIds = layers.map((l) => (LAYER_NAMES as readonly string[]).indexOf(l));
  if (type === 'uint8' || type === 'uint16' || type === 'uint24' || type === 'uint32') {
    const bytes = UINT_BYTES[type];
    return { name, source, type: 'uint', max: 2 ** (8 * bytes) - 1, label: `Unsigned integer (${bytes} byte${bytes > 1 ? 's' : ''})`, layerIds, reads };
  }
  return { name, source, type, max: type === 'bool' ? 1 : 0, label: TYPE_LABELS[type], layerIds, reads };
}

/** Built once: filters are compiled far more often than this module is loaded. */
const INFO: ReadonlyMap<string, FieldInfo> = (() => {
  const m = new Map<string, FieldInfo>();
  LAYER_NAMES.forEach((name) => m.set(name, describe(name, 'protocol', 'protocol', [name], [])));
  m.set('frame', describe('frame', 'protocol', 'protocol', [], []));
  for (const [name, spec] of Object.entries(LAYER_FIELD_TYPES) as [string, LayerFieldSpec][]) {
    m.set(name, describe(name, 'layer', spec.type, spec.layers, spec.of ?? [name]));
  }
  for (const [name, type] of Object.entries(FRAME_FIELD_TYPES)) m.set(name, describe(name, 'frame', type, [], [name]));
  return m;
})();

/** The field or protocol called `name`, or undefined when the filter language does not know it. */
export function lookupField(name: string): FieldInfo | undefined {
  return INFO.get(name);
}

/** Every known name (protocols, fields, aliases, frame fields), for documentation and tests. */
export function knownFieldNames(): readonly string[] {
  return [...INFO.keys()];
}
