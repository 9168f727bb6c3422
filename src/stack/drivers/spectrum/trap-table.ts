import { DEVLINK_TRAP_GENERIC, type GenericTrapGroup, type GenericTrapName, type TrapType } from '../../../decision/devlink-generic-traps';
import type { KernelVersion } from '../kernel-version';

/** devlink trap actions (uapi `enum devlink_trap_action`, T-2). */
export type TrapAction = 'drop' | 'trap' | 'mirror';

/**
 * How mlxsw hands a trapped packet to the kernel (T-7): a drop listener reports and frees it;
 * a MARK listener sets `offload_fwd_mark`, so the software bridge does not flood what the
 * ASIC already flooded; a NO_MARK listener lets the software bridge forward it.
 */
export type TrapListener = 'drop' | 'mark' | 'no_mark';

export interface TrapSpec {
  readonly name: GenericTrapName;
  /** The generic trap's type (`devlink_trap_generic[]`), never the driver's to choose (T-5). */
  readonly type: TrapType;
  /** The group mlxsw puts it in (spectrum_trap.c `mlxsw_sp_trap_items_arr`). */
  readonly group: GenericTrapGroup;
  readonly init: TrapAction;
  readonly listener: TrapListener;
}

/**
 * mlxsw's usual initial action and listener per trap type (T-4, T-7): drop traps start at
 * drop with a drop listener; exception and control traps start at trap with a MARK listener.
 */
const MLXSW_DEFAULTS = {
  drop: { init: 'drop', listener: 'drop' },
  exception: { init: 'trap', listener: 'mark' },
  control: { init: 'trap', listener: 'mark' },
} as const satisfies Readonly<Record<TrapType, { readonly init: TrapAction; readonly listener: TrapListener }>>;

/** A generic trap as mlxsw registers it: the type from the generic table, the rest mlxsw's. */
function trap(name: GenericTrapName, group: GenericTrapGroup, init?: TrapAction, listener?: TrapListener): TrapSpec {
  const type = DEVLINK_TRAP_GENERIC[name];
  const d = MLXSW_DEFAULTS[type];
  return { name, type, group, init: init ?? d.init, listener: listener ?? d.listener };
}

/**
 * The generic traps mlxsw registers, with its groups and initial actions (spec
 * devlink-traps.md, generic trap table, column "Init (mlxsw)"; T-4, T-7). ARP changed in
 * v6.15 (V-19): mirrored router traps with the mark before, L2 traps without it after.
 */
export function mlxswTraps(kernel: KernelVersion): readonly TrapSpec[] {
  const arpAtL2 = kernel.atLeast(6, 15);
  const arp = (name: GenericTrapName): TrapSpec => (arpAtL2 ? trap(name, 'neigh_discovery', 'trap', 'no_mark') : trap(name, 'neigh_discovery', 'mirror', 'mark'));
  return [
    trap('source_mac_is_multicast', 'l2_drops'),
    trap('vlan_tag_mismatch', 'l2_drops'),
    trap('ingress_vlan_filter', 'l2_drops'),
    trap('ingress_spanning_tree_filter', 'l2_drops'),
    trap('port_list_is_empty', 'l2_drops'),
    trap('port_loopback_filter', 'l2_drops'),
    trap('locked_port', 'l2_drops'),
    trap('blackhole_route', 'l3_drops'),
    trap('non_ip', 'l3_drops'),
    trap('uc_dip_over_mc_dmac', 'l3_drops'),
    trap('dip_is_loopback_address', 'l3_drops'),
    trap('sip_is_mc', 'l3_drops'),
    trap('sip_is_loopback_address', 'l3_drops'),
    trap('ip_header_corrupted', 'l3_drops'),
    trap('ipv4_sip_is_limited_bc', 'l3_drops'),
    trap('ipv6_mc_dip_reserved_scope', 'l3_drops'),
    trap('ipv6_mc_dip_interface_local_scope', 'l3_drops'),
    trap('non_routable_packet', 'l3_drops'),
    trap('blackhole_nexthop', 'l3_drops'),
    trap('ttl_value_is_too_small', 'l3_exceptions'),
    trap('mtu_value_is_too_small', 'l3_exceptions'),
    trap('unresolved_neigh', 'l3_exceptions'),
    trap('mc_reverse_path_forwarding', 'l3_exceptions'),
    trap('reject_route', 'l3_exceptions'),
    trap('ipv4_lpm_miss', 'l3_exceptions'),
    trap('ipv6_lpm_miss', 'l3_exceptions'),
    trap('stp', 'stp', 'trap', 'no_mark'),
    trap('lacp', 'lacp', 'trap', 'no_mark'),
    trap('lldp', 'lldp', 'trap', 'no_mark'),
    trap('eapol', 'eapol', 'trap', 'no_mark'),
    trap('igmp_query', 'mc_snooping', 'mirror'),
    trap('igmp_v1_report', 'mc_snooping', 'trap', 'no_mark'),
    trap('igmp_v2_report', 'mc_snooping', 'trap', 'no_mark'),
    trap('igmp_v3_report', 'mc_snooping', 'trap', 'no_mark'),
    trap('igmp_v2_leave', 'mc_snooping', 'trap', 'no_mark'),
    trap('mld_query', 'mc_snooping', 'mirror'),
    trap('mld_v1_report', 'mc_snooping', 'trap', 'no_mark'),
    trap('mld_v2_report', 'mc_snooping', 'trap', 'no_mark'),
    trap('mld_v1_done', 'mc_snooping', 'trap', 'no_mark'),
    trap('ipv4_dhcp', 'dhcp'),
    trap('ipv6_dhcp', 'dhcp'),
    arp('arp_request'),
    arp('arp_response'),
    trap('ipv6_neigh_solicit', 'neigh_discovery'),
    trap('ipv6_neigh_advert', 'neigh_discovery'),
    trap('ipv4_bfd', 'bfd'),
    trap('ipv6_bfd', 'bfd'),
    trap('ipv4_ospf', 'ospf'),
    trap('ipv6_ospf', 'ospf'),
    trap('ipv4_bgp', 'bgp'),
    trap('ipv6_bgp', 'bgp'),
    trap('ipv4_vrrp', 'vrrp'),
    trap('ipv6_vrrp', 'vrrp'),
    trap('ipv4_pim', 'pim'),
    trap('ipv6_pim', 'pim'),
    trap('uc_loopback', 'uc_loopback', 'mirror'),
    trap('local_route', 'local_delivery'),
    trap('external_route', 'external_delivery'),
    trap('ipv6_uc_dip_link_local_scope', 'local_delivery'),
    trap('ipv6_dip_all_nodes', 'ipv6'),
    trap('ipv6_dip_all_routers', 'ipv6'),
    trap('ipv6_router_solicit', 'ipv6'),
    trap('ipv6_router_advert', 'ipv6'),
    trap('ipv6_redirect', 'ipv6'),
    trap('ipv4_router_alert', 'local_delivery'),
    trap('ipv6_router_alert', 'local_delivery'),
  ];
}

/** One registered trap: its spec, the action now in force, and its devlink stats (T-6). */
export interface TrapState {
  readonly spec: TrapSpec;
  action: TrapAction;
  packets: number;
  bytes: number;
}
