import { formatMac } from '../../addr/mac';
import { isBroadcastMac, isMulticastMac, macEquals, macKey, RX_CONSUMED, RX_PASS, type NetDevice, type RxHandlerResult } from '../netdev';
import { PKT, type Skb } from '../skb';
import type { Stack } from '../stack';
import { devQueueXmit } from '../datapath/transmit';
import { netifReceive } from '../datapath/receive';

/**
 * The Linux bridge (net/bridge/): ports, an FDB learnt from source MACs with ageing on
 * capture time, flooding, local delivery to the bridge device, and 802.1Q filtering when
 * `vlan_filtering 1` (`bridge vlan`). No STP (stp_state 0, every port forwarding) and no
 * multicast snooping state: with no querier the kernel floods multicast and delivers it
 * locally (br_handle_frame_finish, `br_multicast_querier_exists` false).
 */
export interface FdbEntry {
  readonly mac: string;
  readonly vid: number;
  /** undefined: a local entry of the bridge device itself. */
  port: NetDevice | undefined;
  /** Local entries are the bridge's and its ports' own MACs (BR_FDB_LOCAL). */
  readonly isLocal: boolean;
  readonly isStatic: boolean;
  /** Capture time of the last frame that refreshed it. */
  updated: number;
}

export interface PortVlan {
  untagged: boolean;
}

export interface BridgePort {
  readonly dev: NetDevice;
  readonly bridge: NetDevice;
  readonly vlans: Map<number, PortVlan>;
  pvid: number;
  learning: boolean;
  flood: boolean;
}

export interface BridgeState {
  readonly ports: NetDevice[];
  readonly fdb: Map<number | string, FdbEntry>;
  /** Seconds (iproute2's `ageing_time` is in centiseconds). */
  ageingTime: number;
  vlanFiltering: boolean;
  defaultPvid: number;
  /** The bridge device's own VLAN membership (`bridge vlan add dev br0 vid N self`). */
  readonly selfVlans: Map<number, PortVlan>;
  selfPvid: number;
  /** Set once the user chose the MAC: the bridge then stops following its ports' lowest MAC. */
  macSetByUser: boolean;
}

export function newBridgeState(): BridgeState {
  return {
    ports: [],
    fdb: new Map(),
    ageingTime: 300,
    vlanFiltering: false,
    defaultPvid: 1,
    // br_vlan_init: the bridge device itself starts in the default PVID 1, untagged.
    selfVlans: new Map([[1, { untagged: true }]]),
    selfPvid: 1,
    macSetByUser: false,
  };
}

/** FDB key: MAC and VLAN (only VLAN-filtering bridges key on the VLAN; others use vid 0). */
function key(b: Uint8Array, o: number, vid: number): number | string {
  return vid === 0 ? macKey(b, o) : `${vid}/${macKey(b, o)}`;
}

export function fdbLookup(stack: Stack, br: NetDevice, b: Uint8Array, o: number, vid: number): FdbEntry | undefined {
  const st = br.bridge!;
  const k = key(b, o, vid);
  const e = st.fdb.get(k);
  if (e === undefined) return vid === 0 ? undefined : localInVlan(st, b, o, vid);
  if (!e.isLocal && !e.isStatic && stack.timers.now - e.updated > st.ageingTime) {
    // br_fdb_cleanup runs on a timer; looking up an aged entry behaves as if it ran.
    st.fdb.delete(k);
    return undefined;
  }
  return e;
}

/**
 * The bridge's and its ports' own MACs are local in every VLAN they are members of
 * (`br_vlan_add` / `nbp_vlan_add` → `br_fdb_add_local`): one entry each here, kept at VID 0
 * and found through the membership.
 */
function localInVlan(st: BridgeState, b: Uint8Array, o: number, vid: number): FdbEntry | undefined {
  const e = st.fdb.get(key(b, o, 0));
  if (e === undefined || !e.isLocal) return undefined;
  const member = e.port === undefined ? st.selfVlans.has(vid) : e.port.brport?.vlans.has(vid) === true;
  return member ? e : undefined;
}

export function fdbInsert(stack: Stack, br: NetDevice, mac: Uint8Array, vid: number, port: NetDevice | undefined, isLocal: boolean, isStatic: boolean): FdbEntry {
  const e: FdbEntry = { mac: formatMac(mac, 0), vid, port, isLocal, isStatic, updated: stack.timers.now };
  br.bridge!.fdb.set(key(mac, 0, vid), e);
  if (port !== undefined) stack.notify({ kind: 'fdb', what: 'add', bridge: br, port, mac: e.mac, vid });
  return e;
}

export function fdbDelete(stack: Stack, br: NetDevice, mac: Uint8Array, vid: number): boolean {
  const k = key(mac, 0, vid);
  const e = br.bridge!.fdb.get(k);
  if (e === undefined) return false;
  br.bridge!.fdb.delete(k);
  if (e.port !== undefined) stack.notify({ kind: 'fdb', what: 'del', bridge: br, port: e.port, mac: e.mac, vid });
  return true;
}

/** Forgets what was learnt on `port` (port down or removed: `br_fdb_delete_by_port`). */
export function fdbFlushPort(br: NetDevice, port: NetDevice, keepStatic: boolean): void {
  const fdb = br.bridge!.fdb;
  for (const [k, e] of fdb) if (e.port === port && !(keepStatic && e.isStatic) && !e.isLocal) fdb.delete(k);
}

/** The VLAN a frame belongs to on ingress (`br_allowed_ingress`), or a drop reason. */
function ingressVlan(br: NetDevice, port: BridgePort, skb: Skb): number | 'vlan_tag_mismatch' | 'ingress_vlan_filter' {
  if (!br.bridge!.vlanFiltering) return 0;
  const vid = skb.vlanTci >= 0 ? skb.vlanId : 0;
  if (vid === 0) {
    // Untagged or priority-tagged: the port's PVID, if it has one.
    if (port.pvid === 0) return 'vlan_tag_mismatch';
    return port.pvid;
  }
  return port.vlans.has(vid) ? vid : 'ingress_vlan_filter';
}

/** Whether and how a frame in `vid` leaves `port` (`br_handle_vlan`): its TCI, or undefined. */
function egressTag(port: BridgePort, vid: number): number | undefined | 'filtered' {
  const v = port.vlans.get(vid);
  if (v === undefined) return 'filtered';
  return v.untagged ? undefined : vid;
}

/**
 * Sends a copy out of `port` (`br_forward` → `__br_forward`), applying the egress VLAN rule.
 * `srcHwDomain`: the switch a received frame came from with `offload_fwd_mark`
 * (`BR_INPUT_SKB_CB(skb)->src_hwdom`); undefined for what the box sends itself (`br_dev_xmit`
 * clears it).
 */
function forwardTo(stack: Stack, br: NetDevice, portDev: NetDevice, skb: Skb, vid: number, copy: boolean, srcHwDomain: string | undefined): boolean {
  const port = portDev.brport!;
  if (!portDev.running) return false;
  // nbp_switchdev_allowed_egress: what the ASIC already forwarded is not sent to its ports again.
  if (srcHwDomain !== undefined && portDev.hwDomain === srcHwDomain) return false;
  let tci: number | undefined = skb.vlanTci >= 0 ? skb.vlanTci : undefined;
  if (br.bridge!.vlanFiltering) {
    const tag = egressTag(port, vid);
    if (tag === 'filtered') return false;
    tci = tag;
  }
  const out = copy ? skb.clone() : skb;
  out.setVlan(tci === undefined ? -1 : (out.vlanTci >= 0 ? out.vlanTci & 0xf000 : 0) | (tci & 0xfff));
  if (out.outcome.traced) out.outcome.step(`${br.name}: → ${portDev.name}`);
  devQueueXmit(stack, portDev, out);
  return true;
}

/** Floods to every port but `except` that allows flooding (`br_flood`); returns how many. */
function flood(stack: Stack, br: NetDevice, skb: Skb, vid: number, except: NetDevice | undefined, unicast: boolean, srcHwDomain: string | undefined): number {
  let n = 0;
  for (const p of br.bridge!.ports) {
    if (p === except) continue;
    if (unicast && !p.brport!.flood) continue;
    if (forwardTo(stack, br, p, skb, vid, true, srcHwDomain)) n++;
  }
  return n;
}

/** `br_pass_frame_up`: the bridge device's own receive path. */
function passUp(stack: Stack, br: NetDevice, skb: Skb, vid: number): void {
  const up = skb.clone();
  up.dev = br;
  if (br.bridge!.vlanFiltering) {
    const self = br.bridge!.selfVlans.get(vid);
    if (self === undefined) {
      if (up.outcome.traced) up.outcome.step(`${br.name}: VLAN ${vid} not on the bridge device`);
      return;
    }
    // Untagged towards the bridge device's stack unless its VLAN entry is tagged.
    up.vlanTci = self.untagged ? -1 : vid;
  }
  if (up.outcome.traced) up.outcome.step(`${br.name}: up to the bridge device`);
  netifReceive(stack, up);
}

/** `br_fdb_update`: the source MAC is behind the ingress port; never over a local or static entry. */
function learn(stack: Stack, br: NetDevice, port: BridgePort, skb: Skb, vid: number): void {
  if (!port.learning) return;
  const b = skb.buf;
  const o = skb.macOff;
  const src = fdbLookup(stack, br, b, o + 6, vid);
  if (src === undefined) fdbInsert(stack, br, b.slice(o + 6, o + 12), vid, port.dev, false, false);
  else if (!src.isLocal && !src.isStatic) {
    if (src.port !== port.dev && skb.outcome.traced) skb.outcome.step(`${br.name}: ${src.mac} moved to ${port.dev.name}`);
    src.port = port.dev;
    src.updated = stack.timers.now;
  }
}

/**
 * The VLAN an ASIC puts a frame of `port` in (the FID's VLAN): 0 when the bridge does not
 * filter; undefined when the frame is not admitted (the bridge's code then says why).
 */
export function hardwareVid(br: NetDevice, port: NetDevice, skb: Skb): number | undefined {
  const vid = ingressVlan(br, port.brport!, skb);
  return typeof vid === 'number' ? vid : undefined;
}

/** An ASIC learns a frame's source in hardware and tells the bridge (SWITCHDEV_FDB_ADD_TO_BRIDGE). */
export function hardwareLearn(stack: Stack, br: NetDevice, port: NetDevice, skb: Skb): void {
  const vid = hardwareVid(br, port, skb);
  if (vid !== undefined) learn(stack, br, port.brport!, skb, vid);
}

/**
 * The bridge port's rx_handler, `br_handle_frame` + `br_handle_frame_finish`. With `hw`,
 * the same forwarding done by an ASIC's FDB (the bridge's FDB is its mirror): the CPU gets
 * no copy of a flood (the router takes its copies through its traps).
 */
export function bridgeHandleFrame(stack: Stack, skb: Skb, hw = false): RxHandlerResult {
  const portDev = skb.dev;
  const port = portDev.brport!;
  const br = port.bridge;
  const b = skb.buf;
  const o = skb.macOff;
  if (skb.pktType === PKT.LOOPBACK) return RX_PASS;
  if (isMulticastMac(b, o + 6) || macKey(b, o + 6) === 0) {
    skb.outcome.dropped('mac_invalid_source', `${br.name}: source ${formatMac(b, o + 6)} on ${portDev.name}`);
    return RX_CONSUMED;
  }
  // IEEE 802.1D reserved group addresses 01-80-c2-00-00-0x: only STP (…00) is bridged, and
  // only while STP is off; the others go to the port's own stack, but the bridge learns
  // their source first (br_handle_frame → __br_handle_local_finish: "if STP is turned off,
  // then must learn from the link-local frames").
  if (b[o] === 0x01 && b[o + 1] === 0x80 && b[o + 2] === 0xc2 && b[o + 3] === 0 && b[o + 4] === 0 && (b[o + 5]! & 0xf0) === 0 && b[o + 5] !== 0) {
    const vid = ingressVlan(br, port, skb);
    if (typeof vid === 'number') learn(stack, br, port, skb, vid);
    return RX_PASS;
  }
  if (!br.running) {
    skb.outcome.dropped('dev_ready', `${br.name}: bridge down`);
    return RX_CONSUMED;
  }
  const vid = ingressVlan(br, port, skb);
  if (typeof vid === 'string') {
    skb.outcome.dropped(vid, `${br.name}: VLAN ${skb.vlanId} on ${portDev.name}`);
    return RX_CONSUMED;
  }
  learn(stack, br, port, skb, vid);
  // nbp_switchdev_frame_mark: an ASIC port's marked frame remembers its switch.
  const srcHwDomain = skb.offloadFwdMark ? portDev.hwDomain : undefined;
  if (isMulticastMac(b, o)) {
    if (skb.outcome.traced) skb.outcome.step(`${br.name}: ${isBroadcastMac(b, o) ? 'broadcast' : 'multicast'}: flood and up`);
    const n = flood(stack, br, skb, vid, portDev, false, srcHwDomain);
    if (!hw) passUp(stack, br, skb, vid);
    else if (n === 0) skb.outcome.dropped('port_list_is_empty', `${br.name}: no other port to flood to`);
    if (n === 0 && skb.outcome.traced) skb.outcome.step(`${br.name}: no other port to flood to`);
    return RX_CONSUMED;
  }
  const dst = fdbLookup(stack, br, b, o, vid);
  if (dst !== undefined && dst.isLocal) {
    // Only the bridge's own MAC makes the frame PACKET_HOST; another port's MAC stays OTHERHOST.
    if (macEquals(b, o, br.mac, 0)) skb.pktType = PKT.HOST;
    if (skb.outcome.traced) skb.outcome.step(`${br.name}: FDB ${dst.mac} is local`);
    passUp(stack, br, skb, vid);
    return RX_CONSUMED;
  }
  if (dst !== undefined && dst.port !== undefined) {
    if (dst.port === portDev) {
      skb.outcome.dropped('port_loopback_filter', `${br.name}: FDB ${dst.mac} is behind ${portDev.name}, the ingress port`);
      return RX_CONSUMED;
    }
    if (skb.outcome.traced) skb.outcome.step(`${br.name}: FDB ${dst.mac} → ${dst.port.name}`);
    // A promiscuous bridge device gets its copy too (br_handle_frame_finish: local_rcv).
    const up = br.promisc > 0 && !hw;
    if (!forwardTo(stack, br, dst.port, skb, vid, up, srcHwDomain)) skb.outcome.dropped('port_list_is_empty', `${br.name}: ${dst.port.name} cannot send it`);
    if (up) passUp(stack, br, skb, vid);
    return RX_CONSUMED;
  }
  if (skb.outcome.traced) skb.outcome.step(`${br.name}: unknown unicast ${formatMac(b, o)}: flood`);
  if (flood(stack, br, skb, vid, portDev, true, srcHwDomain) === 0) skb.outcome.dropped('port_list_is_empty', `${br.name}: nowhere to flood`);
  if (br.promisc > 0 && !hw) passUp(stack, br, skb, vid);
  return RX_CONSUMED;
}

/** The bridge device transmits (`br_dev_xmit`): FDB lookup, or flood. */
export function bridgeDevXmit(stack: Stack, br: NetDevice, skb: Skb): void {
  const st = br.bridge!;
  const b = skb.buf;
  const o = skb.macOff;
  let vid = 0;
  if (st.vlanFiltering) {
    vid = skb.vlanTci >= 0 ? skb.vlanId : st.selfPvid;
    if (vid === 0) {
      skb.outcome.dropped('vlan_tag_mismatch', `${br.name}: no PVID on the bridge device`);
      return;
    }
  }
  if (!isMulticastMac(b, o)) {
    const dst = fdbLookup(stack, br, b, o, vid);
    if (dst !== undefined && dst.port !== undefined) {
      if (skb.outcome.traced) skb.outcome.step(`${br.name}: FDB ${dst.mac} → ${dst.port.name}`);
      if (!forwardTo(stack, br, dst.port, skb, vid, false, undefined)) skb.outcome.dropped('port_list_is_empty', `${br.name}: ${dst.port.name} cannot send it`);
      return;
    }
  }
  if (skb.outcome.traced) skb.outcome.step(`${br.name}: flood`);
  if (flood(stack, br, skb, vid, undefined, !isMulticastMac(b, o), undefined) === 0) skb.outcome.dropped('port_list_is_empty', `${br.name}: no port to send to`);
}

