import { fdbDelete } from '../../devices/bridge';
import { macEquals, macKey, type NetDevice } from '../../netdev';
import type { Stack } from '../../stack';

/**
 * A router interface (RIF, spectrum_router.c `struct mlxsw_sp_rif`): the L3 face of a port,
 * a port's VLAN device, a bridge or a bridge's VLAN device, made when it gets its first
 * address. Its MAC is a router MAC; macvlans on it add theirs as FDB entries that forward
 * to the router (V-6), and VRRP macvlans write their VRID into it (V-11).
 */
export interface Rif {
  readonly dev: NetDevice;
  /** RITR `if_vrrp_id_ipv4` / `if_vrrp_id_ipv6`: one VRID per family; 0 is none (V-11c). */
  vrid4: number;
  vrid6: number;
  /** Static FDB entries {macvlan MAC, this RIF's FID} with action forward-to-router (V-6.1), by MAC. */
  readonly routerFdb: Map<number, NetDevice>;
}

/**
 * The devices mlxsw makes a RIF for (`mlxsw_sp_rif_type_get`): an ASIC port that is no bridge
 * port (`mlxsw_sp_inetaddr_port_event`), a bridge of ASIC ports, and a VLAN device of either.
 */
export function rifCapable(dev: NetDevice, isAsic: (d: NetDevice) => boolean): boolean {
  if (dev.kind === 'port') return isAsic(dev) && dev.brport === undefined;
  if (dev.kind === 'bridge') return isAsic(dev);
  if (dev.kind === 'vlan') return dev.lower !== undefined && dev.lower.brport === undefined && rifCapable(dev.lower, isAsic);
  return false;
}

/** V-10: 00:00:5e:00:01:VRID is IPv4 VRRP, 00:00:5e:00:02:VRID IPv6 (first five bytes, mask ff:ff:ff:ff:ff:00). */
export function vrrpMacFamily(mac: Uint8Array): { family: 4 | 6; vrid: number } | undefined {
  if (mac[0] !== 0x00 || mac[1] !== 0x00 || mac[2] !== 0x5e || mac[3] !== 0x00) return undefined;
  if (mac[4] === 0x01) return { family: 4, vrid: mac[5]! };
  if (mac[4] === 0x02) return { family: 6, vrid: mac[5]! };
  return undefined;
}

/** The RIFs of one ASIC and the macvlan MACs programmed into them (V-6 … V-11). */
export class RouterInterfaces {
  private readonly rifs = new Map<NetDevice, Rif>();

  constructor(private readonly stack: Stack) {}

  get(dev: NetDevice): Rif | undefined {
    return this.rifs.get(dev);
  }

  /** Whether `dev` has a RIF (bound: handed around as a predicate). */
  readonly has = (dev: NetDevice): boolean => this.rifs.has(dev);

  create(dev: NetDevice): Rif {
    const rif: Rif = { dev, vrid4: 0, vrid6: 0, routerFdb: new Map() };
    this.rifs.set(dev, rif);
    return rif;
  }

  /** The RIF goes; its macvlans' FDB entries go with it (`mlxsw_sp_rif_macvlan_flush`, V-8c). */
  destroy(rif: Rif): void {
    rif.routerFdb.clear();
    rif.vrid4 = 0;
    rif.vrid6 = 0;
    this.rifs.delete(rif.dev);
  }

  /**
   * `mlxsw_sp_rif_macvlan_add` (V-6): only when the lower has a RIF; idempotent. The MAC
   * becomes a forward-to-router FDB entry, a VRRP MAC writes its VRID into the RIF, and a
   * bridge RIF evicts the MAC from the software bridge's FDB (SWITCHDEV_FDB_DEL_TO_BRIDGE).
   */
  programMacvlan(mv: NetDevice): boolean {
    const rif = this.rifs.get(mv.lower!);
    if (rif === undefined) return false;
    rif.routerFdb.set(macKey(mv.mac, 0), mv);
    this.vrrpOp(rif, mv.mac, true);
    const br = rif.dev.kind === 'bridge' ? rif.dev : rif.dev.kind === 'vlan' && rif.dev.lower!.kind === 'bridge' ? rif.dev.lower! : undefined;
    if (br !== undefined) {
      const vid = br.bridge!.vlanFiltering ? (rif.dev.kind === 'vlan' ? rif.dev.vlan!.id : br.bridge!.selfPvid) : 0;
      fdbDelete(this.stack, br, mv.mac, vid);
    }
    return true;
  }

  /** `__mlxsw_sp_rif_macvlan_del` (V-8): clear the VRID, then remove the FDB entry. */
  unprogramMacvlan(mv: NetDevice): void {
    const rif = this.rifs.get(mv.lower!);
    if (rif === undefined || !rif.routerFdb.has(macKey(mv.mac, 0))) return;
    this.vrrpOp(rif, mv.mac, false);
    rif.routerFdb.delete(macKey(mv.mac, 0));
  }

  /** `mlxsw_sp_rif_vrrp_op` (V-11): one VRID per family per RIF; a delete writes 0 whatever is there. */
  private vrrpOp(rif: Rif, mac: Uint8Array, adding: boolean): void {
    const v = vrrpMacFamily(mac);
    if (v === undefined) return;
    if (v.family === 4) rif.vrid4 = adding ? v.vrid : 0;
    else rif.vrid6 = adding ? v.vrid : 0;
  }

  /**
   * Whether a unicast destination MAC goes to the router in this RIF's FID: the RIF's own
   * MAC (a router MAC), or a programmed macvlan MAC (V-12; the VRID in the RIF, V-18, routes
   * the same frames, and the FDB entries route both VRIDs when two share a RIF, V-11a).
   */
  routesMac(rif: Rif, b: Uint8Array, o: number): NetDevice | 'router' | undefined {
    if (macEquals(b, o, rif.dev.mac, 0)) return 'router';
    if (rif.routerFdb.size === 0) return undefined;
    return rif.routerFdb.get(macKey(b, o));
  }
}
