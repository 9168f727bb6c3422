import { maskBytes, parseIpAddress, type IpAddress as StackAddress } from '../../addr/ip-prefix';
import { isMulticastIpv4 } from '../../addr/ipv4';
import { parseMac } from '../../addr/mac';
import { ETHERTYPE } from '../../wire/ethertype';
import { fdbDelete, fdbInsert, fdbLookup } from '../devices/bridge';
import { addAddress, deleteAddress } from '../control/addresses';
import { createBridge, createDummy, createMacvlan, createVlan, deleteLink, enslave, release, setLinkAddress, setLinkMtu, setLinkUp } from '../control/links';
import { addRoute, deleteRoute } from '../control/routes';
import { routePrefix } from '../fib/route-prefix';
import { SCOPE, type ScopeName } from '../fib/route';
import { KernelError } from '../kernel-error';
import type { NetDevice } from '../netdev';
import type { NudState } from '../neighbour';
import type { Stack } from '../stack';
import type {
  AddressCommand,
  Arg,
  BridgeFdbCommand,
  BridgeOptions,
  BridgeVlanCommand,
  DevlinkTrapSetCommand,
  DevRef,
  LinkAddCommand,
  LinkSetCommand,
  NeighCommand,
  RouteCommand,
  SetupCommand,
  SysctlCommand,
} from './command-types';
import { ROUTE_PROTOCOLS } from './command-types';
import type { IpAddress } from './ip-prefix';
import { sysctlProcPath } from './parse-sysctl';

/**
 * A command the emulated kernel (or the real tool before it) refuses: its own message, and
 * where in the fixture the offending word is.
 */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

type Where = { readonly line: number; readonly column: number };

function refuse(where: Where, reason: string): CommandRefusedError {
  return new CommandRefusedError(where.line, where.column, reason);
}

/**
 * Runs one parsed command against the stack (`ip`, `bridge`, `sysctl`, `devlink`), as a real
 * box would; returns the warning of a command accepted with one.
 */
export function executeCommand(stack: Stack, cmd: SetupCommand): string | undefined {
  try {
    return run(stack, cmd);
  } catch (e) {
    if (e instanceof KernelError) throw refuse(cmd.pos, e.message);
    throw e;
  }
}

function run(stack: Stack, cmd: SetupCommand): string | undefined {
  switch (cmd.kind) {
    case 'may-fail':
      return run(stack, cmd.command);
    case 'link-add':
      linkAdd(stack, cmd);
      return undefined;
    case 'link-set':
      linkSet(stack, cmd);
      return undefined;
    case 'link-del':
      deleteLink(stack, device(stack, cmd.dev));
      return undefined;
    case 'address':
      address(stack, cmd);
      return undefined;
    case 'address-flush': {
      const dev = device(stack, cmd.dev);
      for (const family of cmd.family === undefined ? ([4, 6] as const) : [cmd.family]) {
        for (const a of [...dev.addrs(family)]) if (family === 4 || a.scope !== 'link') deleteAddress(stack, dev, family, a.address.text, a.prefix.len);
      }
      return;
    }
    case 'route':
      route(stack, cmd);
      return undefined;
    case 'route-flush': {
      const dev = cmd.dev === undefined ? undefined : device(stack, cmd.dev);
      const table = cmd.table?.value ?? 254;
      for (const r of stack.fib.find(cmd.family, (x) => x.table === table && (dev === undefined || x.nexthops.some((nh) => nh.dev === dev)))) stack.fib.remove(r, 'user');
      return;
    }
    case 'neigh':
      neigh(stack, cmd);
      return undefined;
    case 'bridge-fdb':
      bridgeFdb(stack, cmd);
      return undefined;
    case 'bridge-vlan':
      bridgeVlan(stack, cmd);
      return undefined;
    case 'sysctl':
      sysctl(stack, cmd);
      return undefined;
    case 'devlink-trap-set':
      return devlinkTrapSet(stack, cmd);
  }
}

/** `devlink trap set`: the instance named by the handle (T-3); no action is a no-op. */
function devlinkTrapSet(stack: Stack, cmd: DevlinkTrapSetCommand): string | undefined {
  const handle = `${cmd.handle.value.bus}/${cmd.handle.value.device}`;
  const devlink = stack.drivers.find((d) => d.devlink?.handle === handle)?.devlink;
  if (devlink === undefined) {
    const known = stack.drivers.flatMap((d) => (d.devlink === undefined ? [] : [d.devlink.handle]));
    throw refuse(cmd.handle, `devlink answers: No such device (${known.length === 0 ? 'this platform has no devlink device; traps come with the spectrum platform' : `devlink devices: ${known.join(', ')}`})`);
  }
  if (cmd.action === undefined) {
    if (devlink.trapStats().every((t) => t.name !== cmd.trap.value)) throw refuse(cmd.trap, 'Error: devlink: Device did not register this trap.');
    return undefined;
  }
  return devlink.setTrapAction(cmd.trap.value, cmd.action.value);
}

function device(stack: Stack, ref: DevRef): NetDevice {
  const dev = stack.device(ref.name);
  if (dev === undefined) throw refuse(ref, `Cannot find device "${ref.name}"`);
  return dev;
}

function macBytes(a: Arg<string>): Uint8Array {
  return parseMac(a.value)!;
}

function linkAdd(stack: Stack, cmd: LinkAddCommand): void {
  if (stack.device(cmd.name.name) !== undefined) throw refuse(cmd.name, 'RTNETLINK answers: File exists');
  const mac = cmd.address === undefined ? undefined : macBytes(cmd.address);
  const o = cmd.options;
  let dev: NetDevice;
  switch (o.kind) {
    case 'dummy':
      dev = createDummy(stack, cmd.name.name, mac);
      break;
    case 'bridge':
      dev = createBridge(stack, cmd.name.name, mac);
      applyBridgeOptions(dev, o);
      break;
    case 'macvlan': {
      if (cmd.link === undefined) throw refuse(cmd.type, 'RTNETLINK answers: Invalid argument');
      dev = createMacvlan(stack, cmd.name.name, device(stack, cmd.link), o.mode?.value ?? 'vepa', mac, o.nopromisc !== undefined);
      // MV-11: the source MACs a source-mode macvlan takes (IFLA_MACVLAN_MACADDR_MODE).
      if (o.macaddr !== undefined && o.macaddr.value.op !== 'del' && o.macaddr.value.op !== 'flush') {
        dev.macvlan!.sourceMacs.push(...o.macaddr.value.macs.map((m) => parseMac(m)!));
      }
      break;
    }
    case 'vlan': {
      if (cmd.link === undefined) throw refuse(cmd.type, 'RTNETLINK answers: Invalid argument');
      const proto = o.protocol?.value === '802.1ad' ? ETHERTYPE.QINQ : ETHERTYPE.VLAN;
      dev = createVlan(stack, cmd.name.name, device(stack, cmd.link), o.id.value, proto, mac);
      break;
    }
    case 'veth':
      throw refuse(cmd.type, 'type veth is not emulated: a fixture\'s ports are its physical links (pcapverdict)');
  }
  if (cmd.mtu !== undefined) setLinkMtu(dev, cmd.mtu.value);
  if (cmd.master !== undefined) enslave(stack, dev, device(stack, cmd.master));
  if (cmd.state?.value === 'up') setLinkUp(stack, dev, true);
}

function applyBridgeOptions(dev: NetDevice, o: BridgeOptions): void {
  const st = dev.bridge!;
  if (o.vlanFiltering !== undefined) st.vlanFiltering = o.vlanFiltering.value !== 0;
  if (o.ageingTime !== undefined) st.ageingTime = o.ageingTime.value / 100;
}

function linkSet(stack: Stack, cmd: LinkSetCommand): void {
  const dev = device(stack, cmd.dev);
  if (cmd.bridge !== undefined) {
    if (dev.bridge === undefined) throw refuse(cmd.bridge, 'RTNETLINK answers: Operation not supported');
    applyBridgeOptions(dev, cmd.bridge.value);
  }
  if (cmd.mtu !== undefined) setLinkMtu(dev, cmd.mtu.value);
  if (cmd.addrGenMode !== undefined) dev.addrGenModeNone = cmd.addrGenMode.value === 'none';
  if (cmd.address !== undefined) setLinkAddress(stack, dev, macBytes(cmd.address));
  if (cmd.nomaster !== undefined) release(stack, dev);
  if (cmd.master !== undefined) enslave(stack, dev, device(stack, cmd.master));
  if (cmd.state !== undefined) setLinkUp(stack, dev, cmd.state.value === 'up');
}

function stackAddress(a: IpAddress): StackAddress {
  return parseIpAddress(a.addr)!;
}

const SCOPE_NAMES = new Map<number, ScopeName>(Object.entries(SCOPE).map(([k, v]) => [v, k as ScopeName]));

function scopeName(n: number | undefined): ScopeName | undefined {
  if (n === undefined) return undefined;
  return SCOPE_NAMES.get(n) ?? 'global';
}

function joinGroup(what: 'join' | 'leave', dev: NetDevice, group: Uint8Array): void {
  const list = group.length === 4 ? dev.joined4 : dev.joined6;
  const i = list.findIndex((g) => g.every((x, k) => x === group[k]));
  if (what === 'join') {
    if (i >= 0) throw new KernelError('RTNETLINK answers: File exists', 'EEXIST');
    list.push(Uint8Array.from(group));
  } else {
    if (i < 0) throw new KernelError('RTNETLINK answers: Cannot assign requested address', 'EADDRNOTAVAIL');
    list.splice(i, 1);
  }
}

function address(stack: Stack, cmd: AddressCommand): void {
  const dev = device(stack, cmd.dev);
  const p = cmd.prefix.value;
  if (cmd.action === 'del' && cmd.autojoin === undefined) {
    deleteAddress(stack, dev, p.family, stackAddress(p).text, cmd.lengthGiven ? p.len : undefined);
    return;
  }
  const a = stackAddress(p);
  const multicast = a.family === 4 ? isMulticastIpv4(a.bytes, 0) : a.bytes[0] === 0xff;
  if (cmd.autojoin !== undefined) {
    if (!multicast) throw refuse(cmd.autojoin, 'RTNETLINK answers: Invalid argument');
    // ip_mc_autojoin_config / ipv6_mc_config: the device joins the group, as a daemon's
    // IP_ADD_MEMBERSHIP would (keepalived joins 224.0.0.18 / ff02::12 so). Only the join is
    // modelled: the group is not listed as an address and makes no local route.
    joinGroup(cmd.action === 'add' ? 'join' : 'leave', dev, a.bytes);
    return;
  }
  if (a.family === 4 && multicast) throw refuse(cmd.prefix, 'Error: ipv4: Multicast address is not supported for an interface address (use autojoin).');
  addAddress(stack, dev, a, p.len, {
    scope: scopeName(cmd.scope?.value),
    noprefixroute: cmd.noprefixroute !== undefined,
    metric: cmd.metric?.value,
  });
}

const PROTO_NAMES = new Map<number, string>(Object.entries(ROUTE_PROTOCOLS).map(([k, v]) => [v, k]));

function route(stack: Stack, cmd: RouteCommand): void {
  const dst = cmd.dst.value;
  const bytes = parseIpAddress(dst.addr)!.bytes;
  const prefix = routePrefix(bytes, dst.len);
  const hostBitsSet = !maskBytes(bytes, dst.len).every((x, i) => x === bytes[i]);
  const dev = cmd.dev === undefined ? undefined : device(stack, cmd.dev);
  if (cmd.action === 'del') {
    deleteRoute(stack, {
      family: cmd.family,
      prefix,
      table: cmd.sent.tableId,
      type: cmd.type?.value,
      metric: cmd.metric?.value,
      gateway: cmd.gateway === undefined ? undefined : stackAddress(cmd.gateway.value),
      dev,
    });
    return;
  }
  const nexthops =
    cmd.nexthops.length > 0
      ? cmd.nexthops.map((nh) => ({
          gateway: nh.gateway === undefined ? undefined : stack.fib.gateway(nh.gateway.value.addr),
          dev: nh.dev === undefined ? undefined : device(stack, nh.dev),
          weight: nh.weight?.value,
          onlink: nh.onlink !== undefined,
        }))
      : [{ gateway: cmd.gateway === undefined ? undefined : stack.fib.gateway(cmd.gateway.value.addr), dev, onlink: cmd.onlink !== undefined }];
  for (const nh of nexthops) {
    if (nh.gateway !== undefined && nh.gateway.family !== cmd.family) throw refuse(cmd.gateway ?? cmd.pos, 'Error: IPv6 gateway with IPv4 route is not supported by pcapverdict (RTA_VIA).');
  }
  addRoute(
    stack,
    {
      family: cmd.family,
      type: cmd.type?.value ?? 'unicast',
      prefix,
      hostBitsSet,
      table: cmd.sent.tableId,
      metric: cmd.metric?.value,
      proto: PROTO_NAMES.get(cmd.sent.protocol) ?? String(cmd.sent.protocol),
      scope: scopeName(cmd.sent.scope) ?? 'global',
      src: cmd.src === undefined ? undefined : stackAddress(cmd.src.value),
      nexthops,
    },
    cmd.action === 'add' ? 'add' : cmd.action,
  );
}

function neigh(stack: Stack, cmd: NeighCommand): void {
  const dev = device(stack, cmd.dev);
  const a = stackAddress(cmd.addr.value);
  const existing = stack.neigh.lookup(a.family, dev, a.bytes, 0);
  if (cmd.action === 'del') {
    if (existing === undefined) throw refuse(cmd.addr, 'RTNETLINK answers: No such file or directory');
    stack.neigh.remove(existing);
    return;
  }
  if (cmd.action === 'add' && existing !== undefined) throw refuse(cmd.addr, 'RTNETLINK answers: File exists');
  if (cmd.action === 'change' && existing === undefined) throw refuse(cmd.addr, 'RTNETLINK answers: No such file or directory');
  const state = (cmd.nud?.value ?? 'permanent') as NudState;
  if (cmd.lladdr === undefined && state !== 'failed' && state !== 'incomplete' && state !== 'none') throw refuse(cmd.pos, 'Error: No link layer address given.');
  // neigh_add: a permanent entry is exempt from gc; another is refused when the table is full.
  const n = existing ?? stack.neigh.create(a.family, dev, a.bytes, 0, state === 'permanent');
  if (n === undefined) throw refuse(cmd.addr, 'RTNETLINK answers: No buffer space available');
  stack.neigh.update(n, cmd.lladdr === undefined ? undefined : macBytes(cmd.lladdr), state, { admin: true, override: true, isRouter: cmd.router !== undefined });
  stack.neighbourChanged(n);
}

function bridgeFdb(stack: Stack, cmd: BridgeFdbCommand): void {
  const dev = device(stack, cmd.dev);
  const mac = macBytes(cmd.mac);
  if (mac.every((x) => x === 0)) throw refuse(cmd.mac, 'RTNETLINK answers: Invalid argument');
  if (cmd.vlan !== undefined && (cmd.vlan.value === 0 || cmd.vlan.value >= 4095)) throw refuse(cmd.vlan, 'Error: invalid vlan id.');
  if (cmd.target.self) {
    // `self` on a device without FDB ops: its own unicast address list (ndo_dflt_fdb_add),
    // which changes nothing the emulated datapath decides.
    const key = cmd.mac.value;
    if (cmd.action === 'del') {
      if (!dev.selfFdb.delete(key)) throw refuse(cmd.mac, 'RTNETLINK answers: No such file or directory');
    } else if (cmd.action === 'add' && dev.selfFdb.has(key)) throw refuse(cmd.mac, 'RTNETLINK answers: File exists');
    else dev.selfFdb.add(key);
    if (!cmd.target.master) return;
  }
  const br = dev.master;
  if (br === undefined || br.bridge === undefined) throw refuse(cmd.dev, 'RTNETLINK answers: Operation not supported');
  const vid = cmd.vlan?.value ?? 0;
  if (cmd.action === 'del') {
    if (!fdbDelete(stack, br, mac, vid)) throw refuse(cmd.mac, 'RTNETLINK answers: No such file or directory');
    return;
  }
  if (cmd.action === 'add' && fdbLookup(stack, br, mac, 0, vid) !== undefined) throw refuse(cmd.mac, 'RTNETLINK answers: File exists');
  const state = cmd.state?.value ?? 'permanent';
  // fdb_add_entry: a port that cannot learn (not up: BR_STATE_DISABLED) takes only static entries.
  if (state === 'dynamic' && !dev.running) throw refuse(cmd.state ?? cmd.pos, 'RTNETLINK answers: Operation not permitted');
  fdbInsert(stack, br, mac, vid, dev, state === 'permanent', state !== 'dynamic');
}

function bridgeVlan(stack: Stack, cmd: BridgeVlanCommand): void {
  const dev = device(stack, cmd.dev);
  const self = dev.bridge !== undefined && cmd.self !== undefined;
  const port = dev.brport;
  if (!self && port === undefined) throw refuse(cmd.dev, 'RTNETLINK answers: Operation not supported');
  const { from, to } = cmd.vid.value;
  if (from < 1 || to >= 4095) throw refuse(cmd.vid, 'Error: bridge: Vlan id is invalid.');
  for (let vid = from; vid <= to; vid++) {
    const vlans = self ? dev.bridge!.selfVlans : port!.vlans;
    if (cmd.action === 'del') {
      vlans.delete(vid);
      if (self && dev.bridge!.selfPvid === vid) dev.bridge!.selfPvid = 0;
      if (!self && port!.pvid === vid) port!.pvid = 0;
      continue;
    }
    vlans.set(vid, { untagged: cmd.untagged !== undefined });
    if (cmd.pvid !== undefined) {
      if (self) dev.bridge!.selfPvid = vid;
      else port!.pvid = vid;
    }
  }
}

/** The sysctls the emulation reads; others exist on a real box but change nothing here. */
function sysctl(stack: Stack, cmd: SysctlCommand): void {
  const p = cmd.path;
  const v = cmd.value.value.trim();
  const num = /^-?\d+$/.test(v) ? Number(v) : NaN;
  const invalid = (): CommandRefusedError => refuse(cmd.value, `sysctl: setting key "${cmd.key.value}": Invalid argument`);
  const bool = (): boolean => {
    if (Number.isNaN(num)) throw invalid();
    return num !== 0;
  };
  const range = (lo: number, hi: number): number => {
    if (Number.isNaN(num) || num < lo || num > hi) throw invalid();
    return num;
  };
  const key = p.join('.');
  if (key === 'net.ipv4.ip_forward') {
    // devinet_sysctl_forward: writes all, default and every device.
    const on = bool();
    stack.sysctl.all.forwarding4 = on;
    stack.sysctl.defaults.forwarding4 = on;
    for (const d of stack.devices.values()) d.conf.forwarding4 = on;
    return;
  }
  if (key === 'net.ipv4.fib_notify_on_flag_change') {
    stack.sysctl.fibNotify4 = range(0, 2);
    return;
  }
  if (key === 'net.ipv6.fib_notify_on_flag_change') {
    stack.sysctl.fibNotify6 = range(0, 2);
    return;
  }
  if (p.length === 5 && p[0] === 'net' && (p[1] === 'ipv4' || p[1] === 'ipv6') && p[2] === 'neigh' && p[3] === 'default' && (p[4] === 'gc_thresh1' || p[4] === 'gc_thresh2' || p[4] === 'gc_thresh3')) {
    // The table's own bounds (neigh_sysctl_register: only under `default`; proc_dointvec_minmax 0 … INT_MAX, not checked against each other).
    const t = stack.neigh.gcThresholds(p[1] === 'ipv4' ? 4 : 6);
    const n = range(0, 2 ** 31 - 1);
    if (p[4] === 'gc_thresh1') t.thresh1 = n;
    else if (p[4] === 'gc_thresh2') t.thresh2 = n;
    else t.thresh3 = n;
    return;
  }
  if (p.length === 5 && p[0] === 'net' && (p[1] === 'ipv4' || p[1] === 'ipv6') && p[2] === 'neigh' && p[4] === 'unres_qlen_bytes') {
    // neigh_proc_dointvec: any non-negative int.
    const n = range(0, 2 ** 31 - 1);
    const scope = p[3]!;
    const confs = scope === 'default' ? [stack.sysctl.defaults] : [];
    if (scope !== 'default') {
      const dev = stack.device(scope);
      if (dev === undefined) throw refuse(cmd.key, `sysctl: cannot stat ${sysctlProcPath(cmd)}: No such file or directory`);
      confs.push(dev.conf);
    }
    for (const c of confs) {
      if (p[1] === 'ipv4') c.unresQlenBytes4 = n;
      else c.unresQlenBytes6 = n;
    }
    return;
  }
  if (p.length === 5 && p[0] === 'net' && (p[1] === 'ipv4' || p[1] === 'ipv6') && p[2] === 'conf') {
    const scope = p[3]!;
    const leaf = p[4]!;
    const targets = scope === 'all' ? [stack.sysctl.all] : scope === 'default' ? [stack.sysctl.defaults] : [];
    if (scope !== 'all' && scope !== 'default') {
      const dev = stack.device(scope);
      if (dev === undefined) throw refuse(cmd.key, `sysctl: cannot stat ${sysctlProcPath(cmd)}: No such file or directory`);
      targets.push(dev.conf);
    }
    const setAll = (f: (c: (typeof targets)[number]) => void): void => {
      for (const t of targets) f(t);
    };
    if (p[1] === 'ipv4') {
      switch (leaf) {
        case 'forwarding': {
          const on = bool();
          setAll((c) => (c.forwarding4 = on));
          if (scope === 'all') {
            stack.sysctl.defaults.forwarding4 = on;
            for (const d of stack.devices.values()) d.conf.forwarding4 = on;
          }
          return;
        }
        case 'rp_filter': {
          // proc_dointvec: any integer is taken; 1 is strict, any other non-zero loose.
          const n = range(-(2 ** 31), 2 ** 31 - 1);
          return setAll((c) => (c.rpFilter = n));
        }
        case 'accept_local': {
          const on = bool();
          return setAll((c) => (c.acceptLocal = on));
        }
        case 'arp_ignore': {
          const n = range(-(2 ** 31), 2 ** 31 - 1);
          return setAll((c) => (c.arpIgnore = n));
        }
        default:
          break;
      }
    } else {
      switch (leaf) {
        case 'forwarding': {
          const on = bool();
          setAll((c) => (c.forwarding6 = on));
          if (scope === 'all') {
            // addrconf_forward_change: all.forwarding is the switch ip6_forward reads, and it
            // is copied to every device.
            stack.sysctl.forwarding6All = on;
            stack.sysctl.defaults.forwarding6 = on;
            for (const d of stack.devices.values()) d.conf.forwarding6 = on;
          }
          return;
        }
        case 'disable_ipv6': {
          const on = bool();
          return setAll((c) => (c.disableIpv6 = on));
        }
        default:
          break;
      }
    }
  }
  throw refuse(cmd.key, `sysctl: cannot stat ${sysctlProcPath(cmd)}: No such file or directory (or not modelled by pcapverdict: see docs/setup-language.md)`);
}
