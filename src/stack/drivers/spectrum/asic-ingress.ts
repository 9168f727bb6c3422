import { isZeroBytes } from '../../../addr/ip-prefix';
import { isLimitedBroadcastIpv4, isMulticastIpv4 } from '../../../addr/ipv4';
import { formatMac } from '../../../addr/mac';
import type { TrapReasonId } from '../../../decision/reasons';
import { internetChecksum } from '../../../wire/checksum';
import { ETHERTYPE } from '../../../wire/ethertype';
import { readU16 } from '../../../wire/field-sink';
import { IPPROTO } from '../../../wire/ip-numbers';
import { IPV4 } from '../../../wire/ipv4';
import { IPV6 } from '../../../wire/ipv6';
import { bridgeHandleFrame, hardwareLearn, hardwareVid } from '../../devices/bridge';
import { isLinkLocal6 } from '../../datapath/addresses';
import { classifyLocal4, classifyLocal6 } from '../../datapath/classify';
import { decreaseTtl } from '../../datapath/ipv4-input';
import { upperLayer6 } from '../../datapath/ipv6-input';
import { devQueueXmit } from '../../datapath/transmit';
import { multipathHash, selectNexthop } from '../../fib/multipath';
import type { Route } from '../../fib/route';
import { nudValid } from '../../neighbour';
import { isBroadcastMac, isMulticastMac, type NetDevice } from '../../netdev';
import type { IngressResult } from '../../offload-driver';
import type { Skb } from '../../skb';
import type { Stack } from '../../stack';
import type { DevlinkTraps } from './devlink-traps';
import { entryType, validNexthops } from './route-offload';
import type { Rif, RouterInterfaces } from './router-interfaces';
import { routeFlagList } from '../../fib/route-text';

/** What the ingress pipeline reads of the driver. */
export interface Asic {
  readonly stack: Stack;
  readonly devlink: DevlinkTraps;
  readonly rifs: RouterInterfaces;
  readonly arpAtL2: boolean;
}

/**
 * A frame enters a Spectrum port: the ASIC's pipeline in front of the software path (DESIGN.md
 * §4). L2 control traps first (T-7), then the FID the frame is in (a bridge's, per VLAN when
 * it filters, or a routed port's), then either the router (the destination MAC is a router
 * MAC or a programmed macvlan MAC: V-12) or L2 forwarding (V-13), with the router's control
 * traps on what it receives by flood (V-14, V-15, V-17, V-19). 'software' hands the frame
 * (or, after forwarding in hardware, the CPU's copy) to the kernel's receive path.
 */
export function asicIngress(asic: Asic, port: NetDevice, skb: Skb): IngressResult {
  const b = skb.buf;
  const o = skb.macOff;
  if (isMulticastMac(b, o + 6)) return dropTrap(asic, skb, 'source_mac_is_multicast', `${port.name}: source ${formatMac(b, o + 6)}`);
  const l2 = l2ControlTrap(skb);
  if (l2 !== undefined) return toCpu(asic, skb, l2);
  const br = port.master?.bridge !== undefined ? port.master : undefined;
  const rif = br !== undefined ? bridgeRif(asic.rifs, br, port, skb) : portRif(asic.rifs, port, skb);
  if (skb.protocol === ETHERTYPE.ARP) return arp(asic, port, skb, br, rif);
  const multicast = isMulticastMac(b, o);
  if (!multicast && rif !== undefined) {
    const to = asic.rifs.routesMac(rif, b, o);
    if (to !== undefined) {
      if (skb.outcome.traced) skb.outcome.step(`${port.name}: ASIC: ${formatMac(b, o)} is ${to === 'router' ? 'a router MAC' : `${to.name}'s MAC, FDB → router`} (RIF ${rif.dev.name})`);
      if (br !== undefined) hardwareLearn(asic.stack, br, port, skb); // synced to the bridge (SWITCHDEV_FDB_ADD_TO_BRIDGE)
      // The ingress RIF and the VRIDs in it (RITR if_vrrp_id_*, V-11), for who reads the record.
      skb.outcome.setMeta('rif', rif.dev.name);
      if (rif.vrid4 !== 0) skb.outcome.setMeta('rif.vrid4', rif.vrid4);
      if (rif.vrid6 !== 0) skb.outcome.setMeta('rif.vrid6', rif.vrid6);
      return route(asic, skb, rif);
    }
  }
  if (br === undefined) {
    // A routed port (rFID) or a port with no RIF: no flood tables, nothing to bridge (V-13).
    if (multicast) return routerMulticast(asic, skb, rif, false);
    return dropTrap(asic, skb, 'port_list_is_empty', `${port.name}: ASIC: ${formatMac(b, o)} is not a router MAC here and ${port.name} bridges nothing`);
  }
  if (!multicast) {
    // V-13: bridged; unknown unicast floods to the ports, never to the router (UC flood table).
    if (skb.outcome.traced) skb.outcome.step(`${port.name}: ASIC: L2 in ${br.name}`);
    bridgeHandleFrame(asic.stack, skb, true);
    return 'handled';
  }
  return routerMulticast(asic, skb, rif, true);
}

/** STP, LACP, LLDP and EAPOL: L2 traps with no mark, whatever the FID (T-7). */
function l2ControlTrap(skb: Skb): TrapReasonId | undefined {
  const b = skb.buf;
  const o = skb.macOff;
  if (skb.protocol === 0x88cc) return 'lldp';
  if (skb.protocol === 0x888e) return 'eapol';
  if (b[o] === 0x01 && b[o + 1] === 0x80 && b[o + 2] === 0xc2 && b[o + 3] === 0 && b[o + 4] === 0) {
    if (b[o + 5] === 0x00) return 'stp';
    if (b[o + 5] === 0x02 && skb.protocol === 0x8809) return 'lacp';
  }
  return undefined;
}

/** The RIF of the FID a bridged frame is in: the bridge's, or its VLAN device's when it filters. */
function bridgeRif(rifs: RouterInterfaces, br: NetDevice, port: NetDevice, skb: Skb): Rif | undefined {
  const vid = hardwareVid(br, port, skb);
  if (vid === undefined) return undefined;
  if (vid === 0 || vid === br.bridge!.selfPvid) return rifs.get(br) ?? (vid === 0 ? undefined : vlanRif(rifs, br, vid));
  return vlanRif(rifs, br, vid);
}

function vlanRif(rifs: RouterInterfaces, dev: NetDevice, vid: number): Rif | undefined {
  const v = dev.vlans.get(vid);
  return v === undefined ? undefined : rifs.get(v);
}

/** A routed port: the port's RIF, or its VLAN device's for a tagged frame (a sub-port RIF). */
function portRif(rifs: RouterInterfaces, port: NetDevice, skb: Skb): Rif | undefined {
  if (skb.vlanTci >= 0 && skb.vlanId !== 0) return vlanRif(rifs, port, skb.vlanId);
  return rifs.get(port);
}

/**
 * ARP (V-19). From v6.15 mlxsw traps it at L2 with no mark: the CPU alone gets it and the
 * software bridge floods it. Before, the router's traps mirrored it: the ASIC floods it in
 * the FID and the router's copy (a broadcast, or a unicast to a router MAC) goes to the CPU
 * marked; a FID with no RIF just bridges it.
 */
function arp(asic: Asic, port: NetDevice, skb: Skb, br: NetDevice | undefined, rif: Rif | undefined): IngressResult {
  const b = skb.buf;
  const op = skb.netLen >= 8 ? readU16(b, skb.netOff + 6) : 0;
  const trap: TrapReasonId = op === 2 ? 'arp_response' : 'arp_request';
  if (asic.arpAtL2) return toCpu(asic, skb, trap);
  const toRouter = rif !== undefined && (isBroadcastMac(b, skb.macOff) || asic.rifs.routesMac(rif, b, skb.macOff) !== undefined);
  if (br !== undefined && (!toRouter || isBroadcastMac(b, skb.macOff))) bridgeHandleFrame(asic.stack, skb.clone(), true);
  if (!toRouter) return br === undefined ? dropTrap(asic, skb, 'port_list_is_empty', `${port.name}: ASIC: ARP not for a router here`) : 'handled';
  return toCpu(asic, skb, trap);
}

/**
 * A broadcast or multicast frame: bridged ports flood it in the FID (the router port is in
 * the BC and MC flood tables, V-13), and the router's copy meets its control traps: VRRP
 * (V-14, V-15, V-17: protocol 112 to the VRRP group in a FID with a RIF, TTL not checked),
 * IGMP / MLD, ND, DHCP, OSPF, PIM, … The snooping traps need no RIF. A MARK trap's copy is
 * not flooded again by the software bridge (T-7); a NO_MARK trap's is, and the ASIC leaves
 * the flooding to it.
 */
function routerMulticast(asic: Asic, skb: Skb, rif: Rif | undefined, bridged: boolean): IngressResult {
  const cls = controlClass(skb);
  const trap = cls !== undefined && cls !== 'local_route' ? cls : broadcastToRouter(asic.stack, skb) ? 'local_route' : undefined;
  const spec = trap === undefined ? undefined : asic.devlink.spec(trap);
  const fires = spec !== undefined && (rif !== undefined || spec.group === 'mc_snooping');
  if (fires && spec.listener === 'no_mark') return toCpu(asic, skb, trap!);
  if (bridged) {
    if (skb.outcome.traced) skb.outcome.step(`${skb.dev.name}: ASIC: flood in ${skb.dev.master!.name}`);
    bridgeHandleFrame(asic.stack, fires ? skb.clone() : skb, true);
  }
  if (fires) return toCpu(asic, skb, trap!);
  if (bridged || rif === undefined) return bridged ? 'handled' : dropTrap(asic, skb, 'port_list_is_empty', `${skb.dev.name}: ASIC: no RIF and no flood members`);
  // A routed port's router got it and no control trap took it (a broadcast to it took
  // local_route above).
  if (skb.protocol === ETHERTYPE.IPV4 && skb.netLen >= IPV4.MIN_HEADER_LEN && !isMulticastIpv4(skb.buf, skb.netOff + IPV4.DST)) {
    return dropTrap(asic, skb, 'uc_dip_over_mc_dmac', `${skb.dev.name}: ASIC: unicast destination in a multicast frame`);
  }
  return dropTrap(asic, skb, 'non_routable_packet', `${skb.dev.name}: ASIC: ${formatMac(skb.buf, skb.macOff)} is not routed`);
}

/** The control protocol of an IP packet, by the kernel's own classification (classify.ts). */
function controlClass(skb: Skb): TrapReasonId | undefined {
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.protocol === ETHERTYPE.IPV4 && skb.netLen >= IPV4.MIN_HEADER_LEN) {
    // V-17: VRRP by protocol and group only.
    if (b[o + IPV4.PROTO] === IPPROTO.VRRP && !(b[o + IPV4.DST] === 224 && b[o + IPV4.DST + 1] === 0 && b[o + IPV4.DST + 2] === 0 && b[o + IPV4.DST + 3] === 18)) return undefined;
    return classifyLocal4(b, o, skb.end);
  }
  if (skb.protocol === ETHERTYPE.IPV6 && skb.netLen >= IPV6.HEADER_LEN) {
    const ul = upperLayer6(b, o, skb.end);
    if (ul.nextHeader === IPPROTO.VRRP && !isAllVrrp6(b, o + IPV6.DST)) return undefined;
    return classifyLocal6(b, o, skb.end, ul.nextHeader, ul.l4);
  }
  return undefined;
}

function isAllVrrp6(b: Uint8Array, d: number): boolean {
  return b[d] === 0xff && b[d + 1] === 0x02 && isZeroBytes(b, d + 2, 13) && b[d + 15] === 0x12;
}

/** An IPv4 broadcast the router takes (ip2me): 255.255.255.255 or a broadcast route (M-3 TRAP). */
function broadcastToRouter(stack: Stack, skb: Skb): boolean {
  if (skb.protocol !== ETHERTYPE.IPV4 || skb.netLen < IPV4.MIN_HEADER_LEN) return false;
  const d = skb.netOff + IPV4.DST;
  const b = skb.buf;
  if (isLimitedBroadcastIpv4(b, d)) return true;
  return stack.fib.lookup(4, b, d, skb.netOff + IPV4.SRC)?.route.type === 'broadcast';
}

/**
 * The router (V-12): L3 checks (the generic L3 drop traps), the LPM lookup in the kernel's
 * tables as mlxsw mirrors them (M-4: local and main in one VR), then by entry type (M-3):
 * trap to the CPU, drop, or route with rewrite out of the egress RIF.
 */
function route(asic: Asic, skb: Skb, rif: Rif): IngressResult {
  const where = `${rif.dev.name}: ASIC router`;
  if (skb.protocol === ETHERTYPE.IPV4) {
    const bad = ipv4Checks(skb);
    if (bad !== undefined) return bad === 'software' ? 'software' : dropTrap(asic, skb, bad, where);
  } else if (skb.protocol === ETHERTYPE.IPV6) {
    const bad = ipv6Checks(skb);
    if (bad === 'ipv6_uc_dip_link_local_scope') return toCpu(asic, skb, bad);
    if (bad !== undefined) return bad === 'software' ? 'software' : dropTrap(asic, skb, bad, where);
  } else {
    return dropTrap(asic, skb, 'non_ip', `${where}: EtherType 0x${skb.protocol.toString(16).padStart(4, '0')}`);
  }
  const family = skb.protocol === ETHERTYPE.IPV4 ? 4 : 6;
  const b = skb.buf;
  const o = skb.netOff;
  const dst = o + (family === 4 ? IPV4.DST : IPV6.DST);
  const src = o + (family === 4 ? IPV4.SRC : IPV6.SRC);
  if (family === 4 ? isMulticastIpv4(b, dst) : b[dst] === 0xff) return routerMulticast(asic, skb, rif, false);
  // 255.255.255.255 has no route; a directed broadcast's route is a TRAP entry (M-3) below.
  if (family === 4 && isLimitedBroadcastIpv4(b, dst)) return toCpu(asic, skb, localClass(skb, 4));
  const res = asic.stack.fib.lookup(family, b, dst, src);
  if (res === undefined) return toCpu(asic, skb, family === 4 ? 'ipv4_lpm_miss' : 'ipv6_lpm_miss');
  const r = res.route;
  skb.outcome.setMeta('route', routeText(r));
  skb.outcome.setMeta('route.flags', routeFlagList(r));
  if (skb.outcome.traced) skb.outcome.step(`${where}: LPM ${r.prefix.text} (${entryType(r)})`);
  switch (entryType(r)) {
    case 'trap':
      return toCpu(asic, skb, localClass(skb, family));
    case 'blackhole':
      return dropTrap(asic, skb, 'blackhole_route', `${where}: blackhole ${r.prefix.text}`);
    case 'unreachable':
      return toCpu(asic, skb, 'reject_route');
    case 'ignored':
      return dropTrap(asic, skb, 'non_routable_packet', `${where}: ${r.type} route`);
    case 'remote':
    case 'local':
      return forward(asic, skb, r, family, rif);
  }
}

/** What a local route's packet is, for its trap: the control protocol, else `local_route`. */
function localClass(skb: Skb, family: 4 | 6): TrapReasonId {
  if (family === 4) return classifyLocal4(skb.buf, skb.netOff, skb.end);
  const ul = upperLayer6(skb.buf, skb.netOff, skb.end);
  return classifyLocal6(skb.buf, skb.netOff, skb.end, ul.nextHeader, ul.l4);
}

/** The generic L3 drop traps of an IPv4 packet at the router; 'software' when the capture cut it. */
function ipv4Checks(skb: Skb): TrapReasonId | 'software' | undefined {
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.netLen < IPV4.MIN_HEADER_LEN) return skb.uncaptured > 0 ? 'software' : 'ip_header_corrupted';
  const ihl = (b[o]! & 0x0f) * 4;
  if (b[o]! >>> 4 !== 4 || ihl < IPV4.MIN_HEADER_LEN) return 'ip_header_corrupted';
  if (skb.netLen < ihl) return skb.uncaptured > 0 ? 'software' : 'ip_header_corrupted';
  if (internetChecksum(b, o, o + ihl) !== 0) return 'ip_header_corrupted';
  const s = o + IPV4.SRC;
  const d = o + IPV4.DST;
  if (isMulticastIpv4(b, s)) return 'sip_is_mc';
  if (isLimitedBroadcastIpv4(b, s)) return 'ipv4_sip_is_limited_bc';
  if (b[s] === 127) return 'sip_is_loopback_address';
  if (b[d] === 127) return 'dip_is_loopback_address';
  return undefined;
}

function ipv6Checks(skb: Skb): TrapReasonId | 'software' | undefined {
  const b = skb.buf;
  const o = skb.netOff;
  if (skb.netLen < IPV6.HEADER_LEN) return skb.uncaptured > 0 ? 'software' : 'ip_header_corrupted';
  if (b[o]! >>> 4 !== 6) return 'ip_header_corrupted';
  const s = o + IPV6.SRC;
  const d = o + IPV6.DST;
  const loopback = (at: number): boolean => isZeroBytes(b, at, 15) && b[at + 15] === 1;
  if (b[s] === 0xff) return 'sip_is_mc';
  if (loopback(s)) return 'sip_is_loopback_address';
  if (loopback(d)) return 'dip_is_loopback_address';
  if (b[d] === 0xff) {
    const scope = b[d + 1]! & 0x0f;
    if (scope === 0) return 'ipv6_mc_dip_reserved_scope';
    if (scope === 1) return 'ipv6_mc_dip_interface_local_scope';
    return undefined;
  }
  if (isLinkLocal6(b, d)) return 'ipv6_uc_dip_link_local_scope';
  return undefined;
}

/**
 * A unicast route in hardware (M-3, M-5): the adjacency holds the nexthops whose neighbour
 * is valid (a connected route, the destination's own neighbour); none → the CPU resolves it
 * (`unresolved_neigh`); an egress device without a RIF → `external_route`. Then the TTL and
 * MTU exceptions, and the rewrite: TTL − 1, source MAC = the egress RIF's, destination = the
 * neighbour's. ECMP picks among the valid nexthops with the kernel's hash (documented).
 */
function forward(asic: Asic, skb: Skb, r: Route, family: 4 | 6, ingress: Rif): IngressResult {
  const stack = asic.stack;
  const b = skb.buf;
  const o = skb.netOff;
  const hasRif = asic.rifs.has;
  if (!r.nexthops.some((nh) => nh.dev !== undefined && hasRif(nh.dev)) || (family === 4 && r.tos !== 0)) return toCpu(asic, skb, 'external_route');
  // The router's TTL check comes before the adjacency: an expiring packet is an exception
  // whatever its next hop's state.
  const ttl = b[o + (family === 4 ? IPV4.TTL : IPV6.HLIM)]!;
  if (ttl <= 1) return toCpu(asic, skb, 'ttl_value_is_too_small');
  const dstOff = o + (family === 4 ? IPV4.DST : IPV6.DST);
  let egress: NetDevice;
  let hop: Uint8Array;
  let hopOff: number;
  if (entryType(r) === 'remote') {
    const valid = validNexthops(r, hasRif, stack.neigh);
    if (valid.length === 0) return toCpu(asic, skb, 'unresolved_neigh');
    const nh = valid.length === 1 ? valid[0]! : selectNexthop(valid, multipathHash(b, o + (family === 4 ? IPV4.SRC : IPV6.SRC), dstOff, family))!;
    egress = nh.dev!;
    hop = nh.gateway!.bytes;
    hopOff = 0;
  } else {
    egress = r.nexthops.find((nh) => nh.dev !== undefined && hasRif(nh.dev))!.dev!;
    hop = b;
    hopOff = dstOff;
  }
  const n = stack.neigh.lookup(family, egress, hop, hopOff);
  if (n === undefined || !nudValid(n.state) || n.mac === undefined) return toCpu(asic, skb, 'unresolved_neigh');
  const size = family === 4 ? readU16(b, o + IPV4.TOTAL_LEN) : readU16(b, o + IPV6.PLEN) + IPV6.HEADER_LEN;
  if (size > egress.mtu) return toCpu(asic, skb, 'mtu_value_is_too_small');
  skb.prepareForward(stack.takeScratch(), stack.inputUndo);
  if (family === 4) decreaseTtl(skb.buf, skb.netOff);
  else skb.buf[skb.netOff + IPV6.HLIM] = ttl - 1;
  skb.setL2Header(n.mac, egress.mac, -1);
  if (skb.outcome.traced) skb.outcome.step(`${ingress.dev.name}: ASIC routed via ${n.address.text} out of RIF ${egress.name}, TTL ${ttl - 1}`);
  devQueueXmit(stack, egress, skb);
  return 'handled';
}

/** A trap that gives the packet to the CPU (or, by its action, drops it): 'software' when the kernel gets it. */
function toCpu(asic: Asic, skb: Skb, trap: TrapReasonId): IngressResult {
  const v = asic.devlink.fire(trap, skb.end - skb.macOff + skb.uncaptured, skb.outcome);
  if (!v.toCpu) {
    skb.outcome.dropped(trap, `${skb.dev.name}: ASIC: trap ${trap}, action drop`);
    return 'handled';
  }
  skb.offloadFwdMark = v.mark;
  if (skb.outcome.traced) skb.outcome.step(`${skb.dev.name}: ASIC → CPU (${trap}${v.mark ? ', offload_fwd_mark' : ''})`);
  return 'software';
}

/** A drop trap: reported to devlink when its action is trap, never given to the kernel (T-1). */
function dropTrap(asic: Asic, skb: Skb, trap: TrapReasonId, where: string): IngressResult {
  asic.devlink.fire(trap, skb.end - skb.macOff + skb.uncaptured, skb.outcome);
  skb.outcome.dropped(trap, where);
  return 'handled';
}

/**
 * The route's prefix as the record names it. A route's prefix text is made when asked (a
 * table of a million routes keeps none), so the last one made is kept: consecutive frames of
 * a flow take the same route.
 */
function routeText(r: Route): string {
  if (r !== lastRoute) {
    lastRoute = r;
    lastRouteText = r.prefix.len === 0 ? 'default' : r.prefix.text;
  }
  return lastRouteText;
}
let lastRoute: Route | undefined;
let lastRouteText = '';
