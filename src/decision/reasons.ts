import { DEVLINK_TRAP_GENERIC, type GenericTrapName, type TrapType } from './devlink-generic-traps';

/**
 * The one registry of decision reasons (DESIGN.md §5). Ids are borrowed, never invented:
 * - `skb_drop_reason`: the kernel's `SKB_DROP_REASON_*` name in lower case, for what the
 *   Linux software path frees (include/net/dropreason-core.h, Linux 6.18);
 * - `devlink`: the devlink generic trap name (Documentation/networking/devlink/devlink-trap.rst,
 *   ../shared/spec/devlink-traps.md; typed by ./devlink-generic-traps.ts), for what went to the host and why, and for drops where
 *   the kernel frees with SKB_DROP_REASON_NOT_SPECIFIED but a generic trap names the cause
 *   exactly (a blackhole route), so goldens read the same on every platform.
 * `docs/reasons.md` and `pcapverdict reasons` are generated from this table; a test fails
 * when an entry is undocumented or no fixture produces it.
 */

export type ReasonSource = 'skb_drop_reason' | 'devlink';

export interface ReasonEntry<Id extends string = string> {
  readonly id: Id;
  readonly verdict: 'drop' | 'trap';
  readonly source: ReasonSource;
  /**
   * The devlink generic trap's type, from `devlink_trap_generic[]`; absent for kernel drop
   * reasons. Its group is the driver's (T-5): mlxsw's is in drivers/spectrum/trap-table.ts.
   */
  readonly trapType?: TrapType;
  readonly doc: string;
  /** Where the behaviour comes from: kernel function, RFC, spec rule. */
  readonly ref: string;
}

const drop = <Id extends string>(id: Id, doc: string, ref: string): ReasonEntry<Id> => ({ id, verdict: 'drop', source: 'skb_drop_reason', doc, ref });
/** An entry named by a devlink generic trap, so its id can only be a generic trap's name. */
const devlink =
  (verdict: ReasonEntry['verdict']) =>
  <Id extends GenericTrapName>(id: Id, doc: string, ref: string): ReasonEntry<Id> => ({ id, verdict, source: 'devlink', trapType: DEVLINK_TRAP_GENERIC[id], doc, ref });
const devlinkDrop = devlink('drop');
/** The ASIC gave it to the CPU (an exception, T-1) or the host stack received it (control). */
const devlinkTrap = devlink('trap');

export const REASONS = [
  // --- the software path frees the frame (kernel drop reasons) ---
  drop('otherhost', 'The frame was not addressed to this host (pkt_type OTHERHOST) and was not bridged or forwarded at layer 2.', 'ip_rcv_core, ipv6_rcv: PACKET_OTHERHOST'),
  drop('pkt_too_small', 'The IP total length or payload length is longer than the bytes received.', 'ip_rcv_core, ip6_rcv_core'),
  drop('ip_csum', 'The IPv4 header checksum is wrong.', 'ip_rcv_core: ip_fast_csum'),
  drop('ip_inhdr', 'The IP header is invalid (version, header length), or the TTL / hop limit would reach 0 on forward (ICMP time exceeded sent).', 'ip_rcv_core, ip_forward, ip6_forward: IPSTATS_MIB_INHDRERRORS'),
  drop('ip_innoroutes', 'No route to the destination while forwarding, or an IPv6 unreachable / prohibit route (ICMP unreachable sent).', 'ip_error: ENETUNREACH; ip6_pkt_drop: IPSTATS_MIB_INNOROUTES'),
  drop('ip_inaddrerrors', 'Not for this host and forwarding is disabled on the ingress device.', 'ip_route_input_slow → ip_error with !IN_DEV_FORWARD; ip6_forward with forwarding off'),
  drop('ip_invalid_source', 'The source address is multicast, limited broadcast or 0.0.0.0 (a martian source).', 'ip_route_input_slow: martian_source (≥ v6.13)'),
  drop('ip_invalid_dest', 'The destination address is 0.0.0.0, or the route found is not unicast while forwarding.', 'ip_route_input_slow: martian_destination (≥ v6.13)'),
  drop('ip_localnet', 'A loopback address (127.0.0.0/8) as source or destination on a non-loopback device.', 'ip_route_input_slow: ipv4_is_loopback (≥ v6.13)'),
  drop('ip_local_source', 'The source address is one of this host\'s own addresses (accept_local is 0).', 'fib_validate_source: RTN_LOCAL source (≥ v6.13)'),
  drop('ip_rpfilter', 'Reverse-path filtering (rp_filter 1 or 2) rejected the source address.', 'fib_validate_source, __fib_validate_source'),
  drop('pkt_too_big', 'Bigger than the egress MTU with Don\'t Fragment set, or IPv6 (ICMP fragmentation needed / packet too big sent).', 'ip_forward: ip_exceeds_mtu; ip6_forward: ip6_pkt_too_big'),
  drop('ipv6disabled', 'IPv6 is disabled on the ingress device.', 'ipv6_rcv → ip6_rcv_core: idev->cnf.disable_ipv6'),
  drop('unhandled_proto', 'No protocol handler for the EtherType on the receiving device.', '__netif_receive_skb_core: no ptype matched'),
  drop('dev_ready', 'The device is down: it neither receives nor transmits.', 'netif_receive on a down NIC; __dev_queue_xmit on !IFF_UP'),
  drop('mac_invalid_source', 'A bridge port received a frame whose source MAC is multicast, broadcast or zero.', 'br_handle_frame: !is_valid_ether_addr(h_source)'),
  drop('neigh_failed', 'The next hop\'s MAC could not be resolved: the neighbour entry failed after its probes and its queue was freed.', 'neigh_invalidate (mcast_solicit 3 probes, retrans_time 1 s)'),
  drop('neigh_createfail', 'The next hop needed a new neighbour entry and the table was full: gc_thresh3 entries (1024 by default) and the forced gc found none to free.', 'ip_finish_output2, ip6_finish_output2 ← neigh_alloc: gc_thresh3, neigh_forced_gc (table_fulls)'),
  drop('neigh_queuefull', 'The queue of packets waiting for the next hop\'s resolution is full (unres_qlen_bytes 212992).', '__neigh_event_send'),
  drop('hdr_trunc', 'The capture kept too little of the frame (caplen < len) for the headers the decision needs; the box itself saw it whole.', 'pcapverdict: SKB_DROP_REASON_HDR_TRUNC, the kernel\'s name for a header it cannot pull'),
  drop('not_specified', 'Freed without a specific reason by the kernel; the trace names the function.', 'kfree_skb (SKB_DROP_REASON_NOT_SPECIFIED)'),
  // --- drops the kernel frees unspecified, named by the devlink generic trap for the same cause ---
  devlinkDrop('blackhole_route', 'The route for the destination is a blackhole route (the kernel frees it with no reason and no ICMP).', 'ip_route_input_slow: fib_lookup -EINVAL → ip_error; ip6_pkt_discard'),
  devlinkDrop('port_loopback_filter', 'The bridge\'s FDB says the destination is behind the port the frame came in on: not sent back.', 'br_forward: should_deliver (no hairpin)'),
  devlinkDrop('port_list_is_empty', 'The bridge had to flood the frame and had no port left to flood it to.', 'br_flood'),
  devlinkDrop('vlan_tag_mismatch', 'An untagged or priority-tagged frame on a VLAN-filtering bridge port that has no PVID.', 'br_allowed_ingress'),
  devlinkDrop('ingress_vlan_filter', 'The frame\'s VLAN is not a member VLAN of the VLAN-filtering bridge port it came in on.', 'br_allowed_ingress'),
  devlinkDrop('reject_route', 'The IPv4 route for the destination is unreachable or prohibit: ICMP host unreachable / administratively prohibited sent (IPv6 names its reason: ip_innoroutes).', 'ip_error: EHOSTUNREACH, EACCES (the kernel frees it with no reason)'),
  // --- what only an ASIC decides (platform spectrum): devlink drop traps, spec devlink-traps.md ---
  devlinkDrop('source_mac_is_multicast', 'The ASIC dropped a frame whose source MAC is multicast.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('non_ip', 'The frame reached the ASIC\'s router (to a router MAC) but is neither IPv4 nor IPv6.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('uc_dip_over_mc_dmac', 'A packet to a unicast IP address in a multicast Ethernet frame reached the ASIC\'s router.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('dip_is_loopback_address', 'The ASIC\'s router got a packet to a loopback address (127.0.0.0/8, ::1).', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('sip_is_mc', 'The ASIC\'s router got a packet from a multicast source address.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('sip_is_loopback_address', 'The ASIC\'s router got a packet from a loopback source address.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('ip_header_corrupted', 'The ASIC\'s router got an IP packet with a bad header: version, header length or IPv4 checksum.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('ipv4_sip_is_limited_bc', 'The ASIC\'s router got a packet from 255.255.255.255.', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('ipv6_mc_dip_reserved_scope', 'The ASIC\'s router got an IPv6 packet to a reserved-scope multicast group (ffx0::/16).', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('ipv6_mc_dip_interface_local_scope', 'The ASIC\'s router got an IPv6 packet to an interface-local multicast group (ffx1::/16).', 'devlink-trap.rst; mlxsw'),
  devlinkDrop('non_routable_packet', 'A multicast or broadcast packet reached the ASIC\'s router, no control trap took it, and it must not be routed.', 'devlink-trap.rst; mlxsw'),
  // --- the ASIC could not forward it and gave it to the CPU (exception traps, T-1) ---
  devlinkTrap('ttl_value_is_too_small', 'The ASIC would have routed it, but its TTL / hop limit would reach 0: the CPU gets it (and sends ICMP time exceeded).', 'devlink-trap.rst; M-3'),
  devlinkTrap('mtu_value_is_too_small', 'The ASIC would have routed it, but it is bigger than the egress router interface\'s MTU: the CPU gets it.', 'devlink-trap.rst'),
  devlinkTrap('unresolved_neigh', 'A route matched, but the next hop\'s neighbour is not resolved in the ASIC: the CPU gets it and resolves it.', 'devlink-trap.rst; M-3, M-5'),
  devlinkTrap('ipv4_lpm_miss', 'No route in the ASIC for the IPv4 destination: the CPU gets it.', 'devlink-trap.rst; M-3'),
  devlinkTrap('ipv6_lpm_miss', 'No route in the ASIC for the IPv6 destination: the CPU gets it.', 'devlink-trap.rst; M-3'),
  // --- the host stack received it (devlink control traps classify what and why) ---
  devlinkTrap('external_route', 'The route leaves by a device that is not the ASIC\'s (a router interface it does not have): the CPU routes it.', 'devlink-trap.rst; M-3'),
  devlinkTrap('ipv6_uc_dip_link_local_scope', 'A routed IPv6 packet to a link-local unicast address: the ASIC gives it to the CPU.', 'devlink-trap.rst'),
  devlinkTrap('stp', 'An STP BPDU (01:80:c2:00:00:00), trapped to the CPU.', 'devlink-trap.rst; T-7'),
  devlinkTrap('lacp', 'A LACP PDU (01:80:c2:00:00:02, slow protocols), trapped to the CPU.', 'devlink-trap.rst; T-7'),
  devlinkTrap('lldp', 'An LLDP frame (EtherType 0x88cc), trapped to the CPU.', 'devlink-trap.rst; T-7'),
  devlinkTrap('eapol', 'An 802.1X EAPOL frame (EtherType 0x888e), trapped to the CPU.', 'devlink-trap.rst; T-7'),
  devlinkTrap('local_route', 'Delivered to this host: the destination is one of its addresses, a broadcast or a group it receives.', 'ip_local_deliver, ip6_input'),
  devlinkTrap('arp_request', 'An ARP request, received by the host\'s ARP layer.', 'arp_rcv → arp_process'),
  devlinkTrap('arp_response', 'An ARP reply, received by the host\'s ARP layer.', 'arp_rcv → arp_process'),
  devlinkTrap('ipv6_neigh_solicit', 'An IPv6 Neighbour Solicitation, received by the host.', 'ndisc_recv_ns'),
  devlinkTrap('ipv6_neigh_advert', 'An IPv6 Neighbour Advertisement, received by the host.', 'ndisc_recv_na'),
  devlinkTrap('ipv6_router_solicit', 'An ICMPv6 Router Solicitation, received by the host.', 'ndisc_rcv'),
  devlinkTrap('ipv6_router_advert', 'An ICMPv6 Router Advertisement, received by the host.', 'ndisc_router_discovery'),
  devlinkTrap('ipv6_redirect', 'An ICMPv6 Redirect, received by the host.', 'ndisc_redirect_rcv'),
  devlinkTrap('ipv4_vrrp', 'An IPv4 VRRP advertisement (protocol 112 to 224.0.0.18), received by the host.', 'RFC 5798 §5.1; spec V-14'),
  devlinkTrap('ipv6_vrrp', 'An IPv6 VRRP advertisement (next header 112 to ff02::12), received by the host.', 'RFC 5798 §5.1; spec V-15'),
  devlinkTrap('igmp_query', 'An IGMP membership query, received by the host.', 'igmp_rcv'),
  devlinkTrap('igmp_v1_report', 'An IGMPv1 membership report, received by the host.', 'igmp_rcv'),
  devlinkTrap('igmp_v2_report', 'An IGMPv2 membership report, received by the host.', 'igmp_rcv'),
  devlinkTrap('igmp_v2_leave', 'An IGMPv2 leave group message, received by the host.', 'igmp_rcv'),
  devlinkTrap('igmp_v3_report', 'An IGMPv3 membership report, received by the host.', 'igmp_rcv'),
  devlinkTrap('mld_query', 'An MLD query, received by the host.', 'igmp6_event_query'),
  devlinkTrap('mld_v1_report', 'An MLDv1 report, received by the host.', 'igmp6_event_report'),
  devlinkTrap('mld_v1_done', 'An MLDv1 done message, received by the host.', 'igmp6_event_report'),
  devlinkTrap('mld_v2_report', 'An MLDv2 report, received by the host.', 'igmp6_event_report'),
  devlinkTrap('ipv6_dip_all_nodes', 'An IPv6 packet to ff02::1 (all nodes) other than ND, received by the host.', 'ip6_mc_input'),
  devlinkTrap('ipv6_dip_all_routers', 'An IPv6 packet to ff02::2 (all routers) other than ND, received by the host.', 'ip6_mc_input'),
  devlinkTrap('ipv4_dhcp', 'A DHCPv4 packet (UDP 67/68), received by the host.', 'RFC 2131'),
  devlinkTrap('ipv4_ospf', 'An IPv4 OSPF packet (protocol 89), received by the host.', 'RFC 2328'),
  devlinkTrap('ipv6_dhcp', 'A DHCPv6 packet (UDP 546/547), received by the host.', 'RFC 8415'),
  devlinkTrap('ipv6_ospf', 'An IPv6 OSPF packet (next header 89), received by the host.', 'RFC 5340'),
  devlinkTrap('ipv4_bgp', 'An IPv4 BGP packet (TCP port 179), received by the host.', 'RFC 4271'),
  devlinkTrap('ipv6_bgp', 'An IPv6 BGP packet (TCP port 179), received by the host.', 'RFC 4271'),
  devlinkTrap('ipv4_bfd', 'An IPv4 BFD packet (UDP 3784/4784), received by the host.', 'RFC 5881'),
  devlinkTrap('ipv6_bfd', 'An IPv6 BFD packet (UDP 3784/4784), received by the host.', 'RFC 5881'),
  devlinkTrap('ipv4_pim', 'An IPv4 PIM packet (protocol 103), received by the host.', 'RFC 7761'),
  devlinkTrap('ipv6_pim', 'An IPv6 PIM packet (next header 103), received by the host.', 'RFC 7761'),
] as const satisfies readonly ReasonEntry[];

export type ReasonId = (typeof REASONS)[number]['id'];
/** A reason named by a generic trap: what a driver's trap puts on a record when it fires. */
export type TrapReasonId = Extract<ReasonId, GenericTrapName>;
