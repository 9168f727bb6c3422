import type { Route } from '../../fib/route';
import { setNexthopHwFlags } from '../../fib/route';
import type { NetDevice } from '../../netdev';
import type { IngressResult, OffloadDriver, StackEvent } from '../../offload-driver';
import type { Skb } from '../../skb';
import type { Stack } from '../../stack';
import type { KernelVersion } from '../kernel-version';
import { asicIngress, type Asic } from './asic-ingress';
import { DevlinkTraps } from './devlink-traps';
import { entryType, shouldOffload, validNexthops } from './route-offload';
import { rifCapable, RouterInterfaces, type Rif } from './router-interfaces';
import { checkUpper } from './upper-checks';

/**
 * The Spectrum switch driver (mlxsw, DESIGN.md §4): every port of the box is an ASIC port.
 * It mirrors the kernel through notifier events (router interfaces from addresses, macvlan
 * MACs, routes and their hardware flags, neighbours), vetoes the uppers mlxsw refuses, and
 * decides each frame entering a port in "hardware" before the software path sees it.
 */
export class SpectrumDriver implements OffloadDriver, Asic {
  readonly name = 'spectrum';
  readonly devlink: DevlinkTraps;
  readonly rifs: RouterInterfaces;
  readonly arpAtL2: boolean;
  /** The route the driver holds per prefix (the first alias, F-8), keyed by VR (M-4) and prefix. */
  private readonly routes = new Map<string, Route>();
  /**
   * The keys of `routes` through each gateway (family, device, address), and each key's place
   * in `routes`: a neighbour's change refreshes the routes through it alone, in the table's
   * order, as mlxsw walks the neighbour entry's nexthop list (`mlxsw_sp_nexthop_neigh_update`).
   * A walk of every route per neighbour change made an ARP reply cost the table's size.
   */
  private readonly byGateway = new Map<string, Set<string>>();
  private readonly place = new Map<string, number>();
  private nextPlace = 0;

  constructor(
    readonly stack: Stack,
    readonly kernel: KernelVersion,
  ) {
    this.devlink = new DevlinkTraps(kernel);
    this.rifs = new RouterInterfaces(stack);
    this.arpAtL2 = kernel.atLeast(6, 15);
  }

  ownsPort(dev: NetDevice): boolean {
    return dev.kind === 'port';
  }

  ingress(port: NetDevice, skb: Skb): IngressResult {
    return asicIngress(this, port, skb);
  }

  /** Whether a device is an ASIC port or an upper of ASIC ports (what spectrum.c's notifiers act on). */
  readonly isAsic = (dev: NetDevice): boolean => {
    switch (dev.kind) {
      case 'port':
        return true;
      case 'bridge':
        return dev.bridge!.ports.some((p) => p.kind === 'port');
      case 'vlan':
      case 'macvlan':
        return dev.lower !== undefined && this.isAsic(dev.lower);
      default:
        return false;
    }
  };


  notify(ev: StackEvent): void {
    switch (ev.kind) {
      case 'precheck-upper':
        return checkUpper(ev.lower, ev.upperKind, this.kernel, this.isAsic, this.rifs.has);
      case 'address':
        return this.addressChanged(ev.dev, ev.what);
      case 'netdev':
        return this.netdevChanged(ev.dev, ev.what);
      case 'route':
        return this.routeChanged(ev.route, ev.what);
      case 'neigh': {
        const n = ev.neigh;
        const keys = this.byGateway.get(gatewayKey(n.family, n.dev, n.address.text));
        if (keys === undefined) return;
        for (const k of [...keys].sort((a, b) => this.place.get(a)! - this.place.get(b)!)) this.updateFlags(this.routes.get(k)!);
        return;
      }
      case 'fdb':
        return; // the ASIC's FDB is the bridge's (learning is synced both ways)
    }
  }

  /**
   * inetaddr / inet6addr NETDEV_UP and NETDEV_DOWN (`mlxsw_sp_rif_should_config`): a macvlan
   * is programmed on every address add (V-7a) and unprogrammed when its last address goes
   * (V-8a); another device gets a RIF with its first address and loses it with its last.
   */
  private addressChanged(dev: NetDevice, what: 'add' | 'del'): void {
    if (dev.kind === 'macvlan') {
      if (!this.isAsic(dev)) return;
      if (what === 'add') this.rifs.programMacvlan(dev);
      else if (dev.addrs4.length === 0 && dev.addrs6.length === 0) this.rifs.unprogramMacvlan(dev);
      return;
    }
    this.syncRif(dev);
  }

  private netdevChanged(dev: NetDevice, what: string): void {
    switch (what) {
      case 'register':
        if (dev.kind === 'port') dev.hwDomain = this.name;
        return;
      case 'unregister': {
        // V-8b: a macvlan unlinked from its lower is unprogrammed; a RIF's device takes it along.
        if (dev.kind === 'macvlan') this.rifs.unprogramMacvlan(dev);
        const rif = this.rifs.get(dev);
        if (rif !== undefined) this.destroyRif(rif);
        return;
      }
      case 'change-upper':
        // A port that joins a bridge leaves the router (`mlxsw_sp_port_bridge_join`); the
        // bridge gets its RIF when it has addresses and its first ASIC port.
        this.syncRif(dev);
        if (dev.master !== undefined) this.syncRif(dev.master);
        for (const up of dev.uppers) this.syncRif(up);
        return;
      default:
        return;
    }
  }

  /** Makes or destroys `dev`'s RIF as its addresses and place say. */
  private syncRif(dev: NetDevice): void {
    const want = rifCapable(dev, this.isAsic) && dev.addrs4.length + dev.addrs6.length > 0;
    const rif = this.rifs.get(dev);
    if (want && rif === undefined) {
      this.rifs.create(dev);
      // V-7b (≥ v6.6, `mlxsw_sp_macvlan_replay`): every macvlan on it, addresses or not.
      if (this.kernel.atLeast(6, 6)) for (const mv of dev.macvlanPort?.macvlans ?? []) this.rifs.programMacvlan(mv);
      this.refreshRoutes();
    } else if (!want && rif !== undefined) this.destroyRif(rif);
  }

  private destroyRif(rif: Rif): void {
    this.rifs.destroy(rif);
    this.refreshRoutes();
  }

  /**
   * FIB_EVENT_ENTRY_REPLACE / APPEND / DEL (F-8, F-11). The kernel's LOCAL and DEFAULT tables
   * are one VR with MAIN (M-4), where a MAIN route never replaces a LOCAL one; the entry a
   * route replaces loses its flags (M-1, `mlxsw_sp_fib_entry_hw_flags_clear`).
   */
  private routeChanged(r: Route, what: 'replace' | 'append' | 'del'): void {
    const key = vrKey(r);
    const held = this.routes.get(key);
    if (what === 'del') {
      if (held === r) {
        this.indexGateways(key, r, false);
        this.routes.delete(key);
        this.place.delete(key);
      }
      return;
    }
    if (held !== undefined && held !== r) {
      if (held.table === 255 && r.table !== 255) return; // mlxsw_sp_fib4_allow_replace
      // Its nexthop group goes too: the nexthops lose RTNH_F_OFFLOAD (group refresh on destroy).
      for (let i = 0; i < held.nexthops.length; i++) setNexthopHwFlags(held, i, false, false);
      this.stack.setRouteHwFlags(held, { offload: false, trap: false, offloadFailed: false });
      this.indexGateways(key, held, false);
    }
    if (!this.place.has(key)) this.place.set(key, this.nextPlace++);
    this.routes.set(key, r);
    this.indexGateways(key, r, true);
    this.updateFlags(r);
  }

  private indexGateways(key: string, r: Route, add: boolean): void {
    for (const nh of r.nexthops) {
      if (nh.gateway === undefined || nh.dev === undefined) continue;
      const g = gatewayKey(r.family, nh.dev, nh.gateway.text);
      let keys = this.byGateway.get(g);
      if (add) {
        if (keys === undefined) this.byGateway.set(g, (keys = new Set()));
        keys.add(key);
      } else if (keys !== undefined) {
        keys.delete(key);
        if (keys.size === 0) this.byGateway.delete(g);
      }
    }
  }

  /** RIFs changed: adjacency validity and connected routes follow (M-5, M-6). */
  private refreshRoutes(): void {
    for (const r of this.routes.values()) this.updateFlags(r);
  }

  /** M-1: offload = should_offload, trap = !should_offload; per-nexthop `offload` for a gateway route (M-6). */
  private updateFlags(r: Route): void {
    const offload = shouldOffload(r, this.rifs.has, this.stack.neigh);
    if (offload === undefined) return;
    if (entryType(r) === 'remote') {
      const valid = offload ? validNexthops(r, this.rifs.has, this.stack.neigh) : [];
      r.nexthops.forEach((nh, i) => setNexthopHwFlags(r, i, valid.includes(nh), false));
    }
    this.stack.setRouteHwFlags(r, { offload, trap: !offload, offloadFailed: false });
  }
}

function gatewayKey(family: number, dev: NetDevice, address: string): string {
  return `${family}|${dev.ifindex}|${address}`;
}

/** `mlxsw_sp_fix_tb_id`: local (255) and default (253) share the main VR (M-4). */
function vrKey(r: Route): string {
  const vr = r.table === 255 || r.table === 253 ? 254 : r.table;
  return `${r.family}/${vr}/${r.prefix.text}`;
}
