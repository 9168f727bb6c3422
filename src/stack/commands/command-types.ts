/**
 * The typed form of a fixture's `setup:` commands (DESIGN.md §4 "Setup language").
 *
 * Plain readonly data, one union member per command, `kind` telling them apart. Every command
 * carries `pos`, the line and column of its first word; every argument that can be wrong at
 * execution time (a device that does not exist, an address already assigned, a route that
 * already exists) carries its own column so the executor can point at it.
 *
 * Values are what iproute2 6.1 would send to the kernel for the same words: defaults that `ip`
 * fills in are filled in here too and documented on the field (for example `ip route add`
 * without `proto` sends `proto boot`). Where `ip` sends nothing, the field is undefined and the
 * kernel's own default applies; that is the executor's business.
 *
 * Grammar, abbreviations and what is refused: docs/setup-language.md.
 */

import type { IpAddress, IpPrefix } from './ip-prefix';

export type { IpAddress, IpFamily, IpPrefix } from './ip-prefix';

/** 1-based position in the fixture file (after `lineOffset` / `columnOffset`). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A value together with the column of the word it was read from (same line as the command's first word unless a `\` continuation moved it). */
export interface Arg<T> {
  readonly value: T;
  readonly line: number;
  readonly column: number;
}

/** A network device named on the command line. */
export interface DevRef {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** Where a bare keyword (a flag with no value) was written. */
export interface Flag {
  readonly line: number;
  readonly column: number;
}

/** A MAC address in canonical text: six lower-case two-digit hex bytes, colon separated. */
export type Mac = string;

// ---------------------------------------------------------------------------------------
// ip link

export const MACVLAN_MODES = ['private', 'vepa', 'bridge', 'passthru', 'source'] as const;
export type MacvlanMode = (typeof MACVLAN_MODES)[number];

export const VLAN_PROTOCOLS = ['802.1Q', '802.1ad'] as const;
export type VlanProtocol = (typeof VLAN_PROTOCOLS)[number];

/** `type bridge` options. `ip` passes numbers through; the kernel reads any non-zero `vlan_filtering` / `stp_state` as on. */
export interface BridgeOptions {
  readonly vlanFiltering?: Arg<number>;
  /** In centiseconds (clock_t), as `ip` takes it and passes it on: 30000 is 300 s, the default. */
  readonly ageingTime?: Arg<number>;
  readonly stpState?: Arg<number>;
}

export type LinkType =
  | { readonly kind: 'dummy' }
  | ({ readonly kind: 'bridge' } & BridgeOptions)
  | {
      readonly kind: 'macvlan';
      /** Undefined: `ip` sends no mode and the kernel uses vepa (MV-1). */
      readonly mode?: Arg<MacvlanMode>;
      /** `nopromisc` (or `flag nopromisc`); `ip` itself refuses it outside passthru mode. */
      readonly nopromisc?: Flag;
      /** `macaddr add|del MAC` / `macaddr set MAC…` / `macaddr flush`: the source-mode list (MV-11). */
      readonly macaddr?: Arg<{ readonly op: 'add' | 'del' | 'set' | 'flush'; readonly macs: readonly Mac[] }>;
    }
  | {
      readonly kind: 'vlan';
      readonly id: Arg<number>;
      /** Undefined: `ip` sends none and the kernel uses 802.1Q. */
      readonly protocol?: Arg<VlanProtocol>;
    }
  | {
      readonly kind: 'veth';
      /** Undefined: no `peer`; the kernel names the peer itself (vethN). */
      readonly peer?: DevRef;
    };

export type LinkTypeKind = LinkType['kind'];

/** `ip link add [name] NAME [address MAC] [mtu N] [link DEV] [master BR] [up|down] type TYPE [OPTIONS]`. */
export interface LinkAddCommand {
  readonly kind: 'link-add';
  readonly pos: Pos;
  readonly name: DevRef;
  readonly address?: Arg<Mac>;
  readonly mtu?: Arg<number>;
  /** The lower device (`link DEV`), needed by macvlan and vlan. */
  readonly link?: DevRef;
  readonly master?: DevRef;
  /** `up` or `down`, the last one written wins as in `ip`. Undefined: created down. */
  readonly state?: Arg<'up' | 'down'>;
  readonly type: Arg<LinkTypeKind>;
  readonly options: LinkType;
}

/** `ip link set [dev] DEV [up|down] [master BR | nomaster] [address MAC] [mtu N] [type bridge OPTIONS]`. */
export interface LinkSetCommand {
  readonly kind: 'link-set';
  readonly pos: Pos;
  readonly dev: DevRef;
  readonly state?: Arg<'up' | 'down'>;
  readonly master?: DevRef;
  readonly nomaster?: Flag;
  readonly address?: Arg<Mac>;
  readonly mtu?: Arg<number>;
  /** `type bridge …` on an existing bridge (IFLA_INFO_DATA changes). */
  readonly bridge?: Arg<BridgeOptions>;
  /** IFLA_INET6_ADDR_GEN_MODE: `none` makes no link-local address when the device comes up (keepalived's VMACs). */
  readonly addrGenMode?: Arg<'eui64' | 'none'>;
}

/** `ip link del [dev] DEV`. */
export interface LinkDelCommand {
  readonly kind: 'link-del';
  readonly pos: Pos;
  readonly dev: DevRef;
}

// ---------------------------------------------------------------------------------------
// ip address

/** Route scopes by number (rtnetlink RT_SCOPE_*); `ip` reads names from /etc/iproute2/rt_scopes. */
export const ROUTE_SCOPES = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;
export type RouteScopeName = keyof typeof ROUTE_SCOPES;

/** `ip [-4|-6] address add|del PREFIX [brd +|-|ADDR] dev DEV [scope S] [metric N] [noprefixroute] [nodad]`. */
export interface AddressCommand {
  readonly kind: 'address';
  readonly pos: Pos;
  readonly action: 'add' | 'del';
  readonly family: 4 | 6;
  /**
   * The address as written, with its prefix length; without `/LEN` the length is 32 or 128
   * and `lengthGiven` is false. For IPv4 `del` without a length `ip` deletes whatever prefix
   * length the address has (and warns "Executing wildcard deletion").
   */
  readonly prefix: Arg<IpPrefix>;
  readonly lengthGiven: boolean;
  readonly dev: DevRef;
  /** Numeric scope; undefined: `ip` sends 0 (global) and the kernel derives it for IPv6. */
  readonly scope?: Arg<number>;
  /** `brd +` (computed) / `brd -` (none) / an address; IPv4 only. */
  readonly broadcast?: Arg<'+' | '-' | IpAddress>;
  /** IFA_RT_PRIORITY: the metric of the prefix route. */
  readonly metric?: Arg<number>;
  readonly noprefixroute?: Flag;
  /** IPv6 only; `ip` ignores it (with a warning) for IPv4. */
  readonly nodad?: Flag;
  /** IFA_F_MCAUTOJOIN: a multicast address joins its group on the device (as a daemon's socket would). */
  readonly autojoin?: Flag;
}

/** `ip [-4|-6] address flush [dev] DEV`. */
export interface AddressFlushCommand {
  readonly kind: 'address-flush';
  readonly pos: Pos;
  /** Undefined: both families, as `ip address flush` without -4/-6. */
  readonly family?: 4 | 6;
  readonly dev: DevRef;
}

// ---------------------------------------------------------------------------------------
// ip route

export const ROUTE_ACTIONS = ['add', 'del', 'replace', 'append', 'prepend', 'change'] as const;
export type RouteAction = (typeof ROUTE_ACTIONS)[number];

export const ROUTE_TYPES = ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** Table ids by name (/etc/iproute2/rt_tables). */
export const ROUTE_TABLES = { unspec: 0, default: 253, main: 254, local: 255 } as const;

/** Route protocols by name (/etc/iproute2/rt_protos of iproute2 6.1). */
export const ROUTE_PROTOCOLS = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186, isis: 187,
  ospf: 188, rip: 189, eigrp: 192,
} as const;

export const IPV6_ROUTER_PREFS = ['low', 'medium', 'high'] as const;
export type Ipv6RouterPref = (typeof IPV6_ROUTER_PREFS)[number];

/** A gateway: `via [inet|inet6] ADDR`. Its family may differ from the route's (RTA_VIA, e.g. an IPv4 route via an IPv6 link-local). */
export type Gateway = IpAddress;

/** One `nexthop via ADDR [dev DEV] [weight W] [onlink]` of a multipath route. */
export interface Nexthop {
  readonly pos: Pos;
  readonly gateway?: Arg<Gateway>;
  readonly dev?: DevRef;
  /** 1 … 256; undefined: 1. */
  readonly weight?: Arg<number>;
  readonly onlink?: Flag;
}

/**
 * `ip [-4|-6] route add|del|replace|append|prepend|change [TYPE] PREFIX|default [via ADDR]
 * [dev DEV] [metric N] [table T] [proto P] [scope S] [src ADDR] [pref P] [onlink] [nexthop …]…`.
 */
export interface RouteCommand {
  readonly kind: 'route';
  readonly pos: Pos;
  readonly action: RouteAction;
  /** The route's family: from -4/-6, else the first address on the line, else 4 (as `ip`). */
  readonly family: 4 | 6;
  /**
   * Written type; undefined: `ip` sends unicast for add/replace/append/prepend/change and
   * "any type" (RTN_UNSPEC) for del.
   */
  readonly type?: Arg<RouteType>;
  /** The destination as written (host bits are kept: the kernel refuses them for IPv4 and clears them for IPv6). `default` is 0.0.0.0/0 or ::/0. */
  readonly dst: Arg<IpPrefix>;
  readonly gateway?: Arg<Gateway>;
  readonly dev?: DevRef;
  readonly metric?: Arg<number>;
  /** Written table; see `tableId` for the one `ip` sends. */
  readonly table?: Arg<number>;
  readonly protocol?: Arg<number>;
  readonly scope?: Arg<number>;
  readonly src?: Arg<IpAddress>;
  readonly pref?: Arg<Ipv6RouterPref>;
  readonly onlink?: Flag;
  readonly nexthops: readonly Nexthop[];
  /**
   * What `ip` 6.1 puts in the message when the words leave it out (iproute_modify): table
   * main, or local for `local`/`broadcast` routes; protocol boot (add-like) or unspec (del);
   * scope link for a unicast route with neither gateway nor nexthops, host for `local`,
   * link for `broadcast`, nowhere for del, universe otherwise and always for IPv6.
   */
  readonly sent: { readonly tableId: number; readonly protocol: number; readonly scope: number };
}

/** `ip [-4|-6] route flush [table T] [dev DEV]` (at least one selector, as `ip` insists). */
export interface RouteFlushCommand {
  readonly kind: 'route-flush';
  readonly pos: Pos;
  /** 4 unless -6: without -4/-6 `ip route flush` dumps IPv4 only. */
  readonly family: 4 | 6;
  /** Main unless given. */
  readonly table?: Arg<number>;
  readonly dev?: DevRef;
}

// ---------------------------------------------------------------------------------------
// ip neigh

export const NUD_STATES = ['permanent', 'reachable', 'noarp', 'none', 'stale', 'incomplete', 'delay', 'probe', 'failed'] as const;
export type NudState = (typeof NUD_STATES)[number];

export const NEIGH_ACTIONS = ['add', 'del', 'replace', 'change'] as const;
export type NeighAction = (typeof NEIGH_ACTIONS)[number];

/** `ip [-4|-6] neigh add|del|replace|change ADDR [lladdr MAC] dev DEV [nud STATE] [router]`. */
export interface NeighCommand {
  readonly kind: 'neigh';
  readonly pos: Pos;
  readonly action: NeighAction;
  readonly family: 4 | 6;
  readonly addr: Arg<IpAddress>;
  /** Undefined for add/replace: the kernel refuses ("No link layer address given.") unless the state needs none. */
  readonly lladdr?: Arg<Mac>;
  readonly dev: DevRef;
  /** Written state; `ip` sends permanent when there is none. */
  readonly nud?: Arg<NudState>;
  readonly router?: Flag;
}

// ---------------------------------------------------------------------------------------
// bridge

export const FDB_ACTIONS = ['add', 'del', 'replace', 'append'] as const;
export type FdbAction = (typeof FDB_ACTIONS)[number];

/** `bridge fdb add|del|replace|append MAC dev DEV [master|self] [static|dynamic|local|permanent] [vlan N]`. */
export interface BridgeFdbCommand {
  readonly kind: 'bridge-fdb';
  readonly pos: Pos;
  readonly action: FdbAction;
  readonly mac: Arg<Mac>;
  readonly dev: DevRef;
  readonly master?: Flag;
  /** Written `self`. Note: with neither `master` nor `self`, `bridge` sends self (see `target`). */
  readonly self?: Flag;
  /** Which FDB the entry goes to, as `bridge` sends it: `master` when written, else self (the device's own list: for a port without fdb ops, its unicast address list, not the bridge's FDB). Both when both are written. */
  readonly target: { readonly master: boolean; readonly self: boolean };
  /** Written state word; `bridge` sends permanent unless static/dynamic is written. `local` means permanent. */
  readonly state?: Arg<'permanent' | 'static' | 'dynamic'>;
  readonly vlan?: Arg<number>;
}

/** `bridge vlan add|del dev DEV vid N[-M] [pvid] [untagged] [self] [master]`. */
export interface BridgeVlanCommand {
  readonly kind: 'bridge-vlan';
  readonly pos: Pos;
  readonly action: 'add' | 'del';
  readonly dev: DevRef;
  readonly vid: Arg<{ readonly from: number; readonly to: number }>;
  readonly pvid?: Flag;
  readonly untagged?: Flag;
  readonly self?: Flag;
  readonly master?: Flag;
}

// ---------------------------------------------------------------------------------------
// sysctl, devlink

/**
 * `sysctl [-q] -w KEY=VALUE`. The key is split into its path segments (`net.ipv4.conf.eth0.rp_filter`
 * → net, ipv4, conf, eth0, rp_filter; with `/` separators a segment may contain dots, as in
 * `net/ipv4/conf/eth0.10/rp_filter`). Which keys exist and which values they take is the
 * executor's business: it answers an unknown key with sysctl's own words
 * (`sysctlProcPath` gives the /proc/sys path they name).
 */
export interface SysctlCommand {
  readonly kind: 'sysctl';
  readonly pos: Pos;
  /** Canonical dotted key. */
  readonly key: Arg<string>;
  readonly path: readonly string[];
  /** The text after `=`, as written. */
  readonly value: Arg<string>;
  readonly quiet: boolean;
}

export const TRAP_ACTIONS = ['drop', 'trap', 'mirror'] as const;
export type TrapAction = (typeof TRAP_ACTIONS)[number];

/** `devlink trap set BUS/DEV trap NAME [action drop|trap|mirror]`. */
export interface DevlinkTrapSetCommand {
  readonly kind: 'devlink-trap-set';
  readonly pos: Pos;
  /** The devlink handle, e.g. `netdevsim/netdevsim10` or `pci/0000:01:00.0`. */
  readonly handle: Arg<{ readonly bus: string; readonly device: string }>;
  readonly trap: Arg<string>;
  readonly action?: Arg<TrapAction>;
}

/**
 * `! COMMAND`: a command the kernel may refuse (the shell's `!` makes its failure the
 * expected outcome). Whatever the kernel answers becomes a `command` record, so goldens hold
 * refusals and their extack text (V-1 … V-5) and platforms can be compared on them.
 */
export interface MayFailCommand {
  readonly kind: 'may-fail';
  readonly pos: Pos;
  readonly command: SetupCommand;
  /** The command's words as written, without the `!`. */
  readonly run: string;
}

export type SetupCommand =
  | MayFailCommand
  | LinkAddCommand
  | LinkSetCommand
  | LinkDelCommand
  | AddressCommand
  | AddressFlushCommand
  | RouteCommand
  | RouteFlushCommand
  | NeighCommand
  | BridgeFdbCommand
  | BridgeVlanCommand
  | SysctlCommand
  | DevlinkTrapSetCommand;

export type SetupCommandKind = SetupCommand['kind'];
