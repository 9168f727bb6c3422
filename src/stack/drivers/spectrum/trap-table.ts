import type { TrapType } from '../../../decision/reasons';
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
  readonly name: string;
  readonly type: TrapType;
  /** The group mlxsw puts it in (spectrum_trap.c `mlxsw_sp_trap_items_arr`). */
  readonly group: string;
  readonly init: TrapAction;
  readonly listener: TrapListener;
}

const drop = (name: string, group: string): TrapSpec => ({ name, type: 'drop', group, init: 'drop', listener: 'drop' });
const exception = (name: string, group: string): TrapSpec => ({ name, type: 'exception', group, init: 'trap', listener: 'mark' });
const control = (name: string, group: string, init: TrapAction = 'trap', listener: TrapListener = 'mark'): TrapSpec => ({ name, type: 'control', group, init, listener });

/**
 * The generic traps mlxsw registers, with its groups and initial actions (spec
 * devlink-traps.md, generic trap table, column "Init (mlxsw)"; T-4, T-7). ARP changed in
 * v6.15 (V-19): mirrored router traps with the mark before, L2 traps without it after.
 */
export function mlxswTraps(kernel: KernelVersion): readonly TrapSpec[] {
  const arpAtL2 = kernel.atLeast(6, 15);
  const arp = (name: string): TrapSpec => (arpAtL2 ? control(name, 'neigh_discovery', 'trap', 'no_mark') : control(name, 'neigh_discovery', 'mirror', 'mark'));
  return [
    drop('source_mac_is_multicast', 'l2_drops'),
    drop('vlan_tag_mismatch', 'l2_drops'),
    drop('ingress_vlan_filter', 'l2_drops'),
    drop('ingress_spanning_tree_filter', 'l2_drops'),
    drop('port_list_is_empty', 'l2_drops'),
    drop('port_loopback_filter', 'l2_drops'),
    drop('locked_port', 'l2_drops'),
    drop('blackhole_route', 'l3_drops'),
    drop('non_ip', 'l3_drops'),
    drop('uc_dip_over_mc_dmac', 'l3_drops'),
    drop('dip_is_loopback_address', 'l3_drops'),
    drop('sip_is_mc', 'l3_drops'),
    drop('sip_is_loopback_address', 'l3_drops'),
    drop('ip_header_corrupted', 'l3_drops'),
    drop('ipv4_sip_is_limited_bc', 'l3_drops'),
    drop('ipv6_mc_dip_reserved_scope', 'l3_drops'),
    drop('ipv6_mc_dip_interface_local_scope', 'l3_drops'),
    drop('non_routable_packet', 'l3_drops'),
    drop('blackhole_nexthop', 'l3_drops'),
    exception('ttl_value_is_too_small', 'l3_exceptions'),
    exception('mtu_value_is_too_small', 'l3_exceptions'),
    exception('unresolved_neigh', 'l3_exceptions'),
    exception('mc_reverse_path_forwarding', 'l3_exceptions'),
    exception('reject_route', 'l3_exceptions'),
    exception('ipv4_lpm_miss', 'l3_exceptions'),
    exception('ipv6_lpm_miss', 'l3_exceptions'),
    control('stp', 'stp', 'trap', 'no_mark'),
    control('lacp', 'lacp', 'trap', 'no_mark'),
    control('lldp', 'lldp', 'trap', 'no_mark'),
    control('eapol', 'eapol', 'trap', 'no_mark'),
    control('igmp_query', 'mc_snooping', 'mirror'),
    control('igmp_v1_report', 'mc_snooping', 'trap', 'no_mark'),
    control('igmp_v2_report', 'mc_snooping', 'trap', 'no_mark'),
    control('igmp_v3_report', 'mc_snooping', 'trap', 'no_mark'),
    control('igmp_v2_leave', 'mc_snooping', 'trap', 'no_mark'),
    control('mld_query', 'mc_snooping', 'mirror'),
    control('mld_v1_report', 'mc_snooping', 'trap', 'no_mark'),
    control('mld_v2_report', 'mc_snooping', 'trap', 'no_mark'),
    control('mld_v1_done', 'mc_snooping', 'trap', 'no_mark'),
    control('ipv4_dhcp', 'dhcp'),
    control('ipv6_dhcp', 'dhcp'),
    arp('arp_request'),
    arp('arp_response'),
    control('ipv6_neigh_solicit', 'neigh_discovery'),
    control('ipv6_neigh_advert', 'neigh_discovery'),
    control('ipv4_bfd', 'bfd'),
    control('ipv6_bfd', 'bfd'),
    control('ipv4_ospf', 'ospf'),
    control('ipv6_ospf', 'ospf'),
    control('ipv4_bgp', 'bgp'),
    control('ipv6_bgp', 'bgp'),
    control('ipv4_vrrp', 'vrrp'),
    control('ipv6_vrrp', 'vrrp'),
    control('ipv4_pim', 'pim'),
    control('ipv6_pim', 'pim'),
    control('uc_loopback', 'uc_loopback', 'mirror'),
    control('local_route', 'local_delivery'),
    control('external_route', 'external_delivery'),
    control('ipv6_uc_dip_link_local_scope', 'local_delivery'),
    control('ipv6_dip_all_nodes', 'ipv6'),
    control('ipv6_dip_all_routers', 'ipv6'),
    control('ipv6_router_solicit', 'ipv6'),
    control('ipv6_router_advert', 'ipv6'),
    control('ipv6_redirect', 'ipv6'),
    control('ipv4_router_alert', 'local_delivery'),
    control('ipv6_router_alert', 'local_delivery'),
  ];
}

/** One registered trap: its spec, the action now in force, and its devlink stats (T-6). */
export interface TrapState {
  readonly spec: TrapSpec;
  action: TrapAction;
  packets: number;
  bytes: number;
}
