/**
 * `ip link add|set|del` (iproute2 6.1 ip/iplink.c: do_iplink, iplink_parse; ip/iplink_bridge.c,
 * ip/iplink_macvlan.c, ip/iplink_vlan.c, ip/link_veth.c).
 */

import {
  MACVLAN_MODES,
  type Arg,
  type BridgeOptions,
  type DevRef,
  type Flag,
  type LinkAddCommand,
  type LinkDelCommand,
  type LinkSetCommand,
  type LinkType,
  type LinkTypeKind,
  type Mac,
  type MacvlanMode,
  type Pos,
  type VlanProtocol,
} from './command-types';
import {
  arg,
  at,
  decimal,
  devRef,
  duparg,
  duparg2,
  findKeyword,
  flag,
  invarg,
  mac,
  once,
  unsupported,
  U32_MAX,
  Words,
  type KeywordRule,
} from './parse-words';
import type { Word } from './tokenize';

type LinkKeyword =
  | 'up' | 'down' | 'name' | 'link' | 'address' | 'mtu' | 'master' | 'nomaster' | 'type' | 'addrgenmode' | 'help'
  | 'unsupported';

/** iplink_parse's keywords in its order (the unsupported ones only to keep abbreviations right). */
const LINK_RULES: readonly KeywordRule<LinkKeyword>[] = [
  { id: 'up', exact: ['up'] },
  { id: 'down', exact: ['down'] },
  { id: 'name', exact: ['name'] },
  { id: 'unsupported', exact: ['index'] },
  { id: 'link', prefix: ['link'] },
  { id: 'address', prefix: ['address'] },
  { id: 'unsupported', prefix: ['broadcast', 'txqueuelen', 'txqlen'], exact: ['brd', 'qlen'] },
  { id: 'mtu', exact: ['mtu'] },
  {
    id: 'unsupported',
    exact: ['xdpgeneric', 'xdpdrv', 'xdpoffload', 'xdp', 'netns', 'multicast', 'allmulticast', 'promisc', 'trailers', 'arp', 'carrier', 'vf'],
  },
  { id: 'master', prefix: ['master'] },
  { id: 'unsupported', exact: ['vrf'] },
  { id: 'nomaster', prefix: ['nomaster'] },
  { id: 'unsupported', prefix: ['dynamic'] },
  { id: 'type', prefix: ['type'] },
  { id: 'unsupported', prefix: ['alias'] },
  { id: 'unsupported', exact: ['group', 'mode', 'state'] },
  { id: 'unsupported', prefix: ['numtxqueues', 'numrxqueues'] },
  { id: 'addrgenmode', prefix: ['addrgenmode'] },
  { id: 'unsupported', prefix: ['link-netns', 'link-netnsid'] },
  { id: 'unsupported', exact: ['protodown', 'protodown_reason', 'gso_max_size', 'gso_max_segs', 'gro_max_size', 'parentdev'] },
  { id: 'help', prefix: ['help'] },
];

const LINK_TYPES: readonly LinkTypeKind[] = ['dummy', 'bridge', 'macvlan', 'vlan', 'veth'];

/** What iplink_parse collected for one command. */
interface LinkWords {
  name?: DevRef;
  dev?: DevRef;
  state?: Arg<'up' | 'down'>;
  link?: DevRef;
  address?: Arg<Mac>;
  mtu?: Arg<number>;
  master?: DevRef;
  nomaster?: Flag;
  type?: Arg<LinkTypeKind>;
  typeWord?: Word;
  addrGenMode?: Arg<'eui64' | 'none'>;
}

function parseLinkWords(words: Words, subcommand: 'add' | 'set' | 'del'): LinkWords {
  const r: LinkWords = {};
  const supported =
    subcommand === 'add'
      ? ['[name] NAME', 'address MAC', 'mtu N', 'link DEV', 'master BR', 'up', 'down', 'type dummy|bridge|macvlan|vlan|veth …']
      : subcommand === 'set'
        ? ['[dev] DEV', 'up', 'down', 'master BR', 'nomaster', 'address MAC', 'mtu N', 'addrgenmode eui64|none', 'type bridge …']
        : ['[dev] DEV'];
  const refuse = (w: Word): never => {
    throw unsupported(w, `"ip link ${subcommand}"`, supported, LINK_RULES);
  };
  for (let w = words.next(); w !== undefined; w = words.next()) {
    const k = findKeyword(w.text, LINK_RULES);
    if (subcommand === 'del' && k !== undefined && k !== 'help') refuse(w);
    switch (k) {
      case 'up':
      case 'down':
        // ip lets the last of up/down win; a line saying both is a mistake.
        if (r.state !== undefined && r.state.value !== k) {
          throw at(w, `"${k}" contradicts "${r.state.value}" earlier on the line`, 'ip would let the last one win; write one');
        }
        r.state = arg(w, k);
        break;
      case 'name': {
        if (subcommand !== 'add') refuse(w);
        const v = words.value(w);
        if (r.name !== undefined) throw duparg(v, 'name');
        r.name = devRef(v, 'name');
        break;
      }
      case 'link': {
        if (subcommand !== 'add') refuse(w);
        const v = words.value(w);
        once(r.link, v, 'link');
        r.link = devRef(v, 'dev');
        break;
      }
      case 'address': {
        const v = words.value(w);
        once(r.address, v, 'address');
        r.address = mac(v);
        break;
      }
      case 'addrgenmode': {
        if (subcommand !== 'set') refuse(w);
        const v = words.value(w);
        if (r.addrGenMode !== undefined) throw duparg(v, 'addrgenmode');
        // iplink_parse → get_addr_gen_mode; stable_secret and random need secrets we do not model.
        if (v.text !== 'eui64' && v.text !== 'none') throw at(v, v.text === 'stable_secret' || v.text === 'random' ? `addrgenmode ${v.text} is not supported by pcapverdict` : 'Invalid address generation mode', 'addrgenmode eui64|none');
        r.addrGenMode = arg(v, v.text);
        break;
      }
      case 'mtu': {
        const v = words.value(w);
        if (r.mtu !== undefined) throw duparg(v, 'mtu');
        r.mtu = arg(v, decimal(v, 0, U32_MAX, 'Invalid "mtu" value'));
        break;
      }
      case 'master': {
        const v = words.value(w);
        once(r.master ?? r.nomaster, v, 'master');
        r.master = devRef(v, 'dev');
        break;
      }
      case 'nomaster':
        if (subcommand !== 'set') refuse(w);
        if (r.master !== undefined || r.nomaster !== undefined) throw duparg(w, 'master');
        r.nomaster = flag(w);
        break;
      case 'type': {
        const v = words.value(w);
        if (!(LINK_TYPES as readonly string[]).includes(v.text)) {
          throw at(v, `link type "${v.text}" is not supported by pcapverdict`, `supported: ${LINK_TYPES.join(', ')}`);
        }
        r.type = arg(v, v.text as LinkTypeKind);
        r.typeWord = w;
        return r; // the rest of the line belongs to the type (iplink_modify hands it to parse_opt)
      }
      case 'help':
        throw at(w, `"${w.text}" prints ip's help; it is not a setup command`);
      case 'unsupported':
        refuse(w);
        break;
      case undefined: {
        // `[dev] NAME`: ip takes any other word as the device, once.
        let v = w;
        if (w.text === 'dev') v = words.value(w);
        if (r.dev !== undefined && r.dev !== r.name) throw duparg2(v, 'dev', `supported: ${supported.join(', ')}`);
        r.dev = devRef(v, 'dev');
        break;
      }
    }
  }
  return r;
}

export function parseIpLink(words: Words, subWord: Word, sub: 'add' | 'set' | 'del', pos: Pos): LinkAddCommand | LinkSetCommand | LinkDelCommand {
  const r = parseLinkWords(words, sub);
  if (sub === 'add') {
    if (r.name !== undefined && r.dev !== undefined && r.name.name !== r.dev.name) {
      throw at(subWord, 'both "name" and "dev" cannot be used when creating devices.');
    }
    const name = r.name ?? r.dev;
    if (name === undefined) throw at(subWord, 'Not enough information: "dev" argument is required.');
    if (r.type === undefined) throw at(subWord, 'Not enough information: "type" argument is required');
    const options = parseTypeOptions(words, r.type);
    return {
      kind: 'link-add',
      pos,
      name,
      ...(r.address && { address: r.address }),
      ...(r.mtu && { mtu: r.mtu }),
      ...(r.link && { link: r.link }),
      ...(r.master && { master: r.master }),
      ...(r.state && { state: r.state }),
      type: r.type,
      options,
    };
  }
  if (r.dev === undefined) throw at(subWord, 'Not enough information: "dev" argument is required.');
  if (sub === 'del') return { kind: 'link-del', pos, dev: r.dev };
  let bridge: Arg<BridgeOptions> | undefined;
  if (r.type !== undefined) {
    if (r.type.value !== 'bridge') {
      throw at(r.type, `"ip link set … type ${r.type.value}" is not supported by pcapverdict`, 'supported: type bridge vlan_filtering N | ageing_time N | stp_state N');
    }
    const opts = parseBridgeOptions(words);
    bridge = { value: opts, line: r.type.line, column: r.type.column };
  }
  return {
    kind: 'link-set',
    pos,
    dev: r.dev,
    ...(r.state && { state: r.state }),
    ...(r.master && { master: r.master }),
    ...(r.nomaster && { nomaster: r.nomaster }),
    ...(r.address && { address: r.address }),
    ...(r.mtu && { mtu: r.mtu }),
    ...(r.addrGenMode && { addrGenMode: r.addrGenMode }),
    ...(bridge && { bridge }),
  };
}

function parseTypeOptions(words: Words, type: Arg<LinkTypeKind>): LinkType {
  switch (type.value) {
    case 'dummy': {
      const w = words.next();
      // ip 6.1 silently ignores words after "type dummy" (no parse_opt); we refuse them.
      if (w !== undefined) throw at(w, `"${w.text}": type dummy takes no options`, 'ip would ignore the rest of the line');
      return { kind: 'dummy' };
    }
    case 'bridge':
      return { kind: 'bridge', ...parseBridgeOptions(words) };
    case 'macvlan':
      return parseMacvlanOptions(words);
    case 'vlan':
      return parseVlanOptions(words, type);
    case 'veth':
      return parseVethOptions(words);
  }
}

type BridgeKeyword = 'ageing_time' | 'stp_state' | 'vlan_filtering' | 'help' | 'unsupported';

/** bridge_parse_opt's keywords in order. */
const BRIDGE_RULES: readonly KeywordRule<BridgeKeyword>[] = [
  { id: 'unsupported', prefix: ['forward_delay', 'hello_time', 'max_age'] },
  { id: 'ageing_time', prefix: ['ageing_time'] },
  { id: 'stp_state', prefix: ['stp_state'] },
  { id: 'unsupported', prefix: ['priority'] },
  { id: 'vlan_filtering', prefix: ['vlan_filtering'] },
  { id: 'unsupported', prefix: ['vlan_protocol', 'group_fwd_mask', 'group_address'] },
  { id: 'unsupported', exact: ['no_linklocal_learn'] },
  { id: 'unsupported', prefix: ['fdb_flush', 'vlan_default_pvid', 'vlan_stats_enabled', 'vlan_stats_per_port', 'mcast_router', 'mcast_snooping'] },
  { id: 'unsupported', exact: ['mcast_vlan_snooping'] },
  {
    id: 'unsupported',
    prefix: [
      'mcast_query_use_ifaddr', 'mcast_querier', 'mcast_hash_elasticity', 'mcast_hash_max', 'mcast_last_member_count',
      'mcast_startup_query_count', 'mcast_last_member_interval', 'mcast_membership_interval', 'mcast_querier_interval',
      'mcast_query_interval', 'mcast_query_response_interval', 'mcast_startup_query_interval', 'mcast_stats_enabled',
      'mcast_igmp_version', 'mcast_mld_version', 'nf_call_iptables', 'nf_call_ip6tables', 'nf_call_arptables',
    ],
  },
  { id: 'help', prefix: ['help'] },
];

const BRIDGE_SUPPORTED = ['vlan_filtering N', 'ageing_time CENTISECONDS', 'stp_state N'];

function parseBridgeOptions(words: Words): BridgeOptions {
  const r: { vlanFiltering?: Arg<number>; ageingTime?: Arg<number>; stpState?: Arg<number> } = {};
  for (let w = words.next(); w !== undefined; w = words.next()) {
    const k = findKeyword(w.text, BRIDGE_RULES);
    switch (k) {
      case 'ageing_time': {
        const v = words.value(w);
        once(r.ageingTime, v, 'ageing_time');
        r.ageingTime = arg(v, decimal(v, 0, U32_MAX, 'invalid ageing_time'));
        break;
      }
      case 'stp_state': {
        const v = words.value(w);
        once(r.stpState, v, 'stp_state');
        r.stpState = arg(v, decimal(v, 0, U32_MAX, 'invalid stp_state'));
        break;
      }
      case 'vlan_filtering': {
        const v = words.value(w);
        once(r.vlanFiltering, v, 'vlan_filtering');
        r.vlanFiltering = arg(v, decimal(v, 0, 255, 'invalid vlan_filtering'));
        break;
      }
      case 'help':
      case 'unsupported':
        throw unsupported(w, '"type bridge"', BRIDGE_SUPPORTED);
      case undefined:
        throw at(w, `bridge: unknown command "${w.text}"?`, `supported: ${BRIDGE_SUPPORTED.join(', ')}`);
    }
  }
  return r;
}

type MacvlanKeyword = 'mode' | 'flag' | 'nopromisc' | 'macaddr' | 'unsupported';

const MACVLAN_RULES: readonly KeywordRule<MacvlanKeyword>[] = [
  { id: 'mode', prefix: ['mode'] },
  { id: 'flag', prefix: ['flag'] },
  { id: 'macaddr', prefix: ['macaddr'] },
  { id: 'nopromisc', prefix: ['nopromisc'] },
  { id: 'unsupported', prefix: ['nodst', 'bcqueuelen', 'help'] },
];

const MACVLAN_SUPPORTED = ['mode private|vepa|bridge|passthru|source', 'nopromisc', 'flag nopromisc', 'macaddr add|del MAC', 'macaddr set MAC…', 'macaddr flush'];

function parseMacvlanOptions(words: Words): LinkType {
  let mode: Arg<MacvlanMode> | undefined;
  let nopromisc: Flag | undefined;
  let macaddr: Extract<LinkType, { kind: 'macvlan' }>['macaddr'];
  for (let w = words.next(); w !== undefined; w = words.next()) {
    switch (findKeyword(w.text, MACVLAN_RULES)) {
      case 'macaddr': {
        // iplink_macvlan.c: macaddr { { add | del } MAC | set [MAC…] | flush }, once per line.
        if (macaddr !== undefined) throw duparg(w, 'macaddr');
        const op = words.value(w);
        if (op.text === 'add' || op.text === 'del') {
          macaddr = arg(w, { op: op.text, macs: [mac(words.value(op)).value] });
        } else if (op.text === 'set') {
          const macs: string[] = [];
          for (let m = words.peek(); m !== undefined && /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(m.text); m = words.peek()) macs.push(mac(words.next()!).value);
          macaddr = arg(w, { op: 'set', macs });
        } else if (op.text === 'flush') {
          macaddr = arg(w, { op: 'flush', macs: [] });
        } else {
          throw at(op, `Error: argument of "macaddr" must be "add", "del", "set" or "flush", not "${op.text}"`);
        }
        break;
      }
      case 'mode': {
        const v = words.value(w);
        if (!(MACVLAN_MODES as readonly string[]).includes(v.text)) {
          throw at(v, `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${v.text}"`);
        }
        mode = arg(v, v.text as MacvlanMode);
        break;
      }
      case 'flag': {
        const v = words.value(w);
        if (v.text === 'nopromisc') {
          nopromisc = flag(w);
        } else if (v.text === 'nodst' || v.text === 'null') {
          throw unsupported(v, '"type macvlan flag"', ['nopromisc']);
        } else {
          throw at(v, `Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "${v.text}"`);
        }
        break;
      }
      case 'nopromisc':
        nopromisc = flag(w);
        break;
      case 'unsupported':
        throw unsupported(w, '"type macvlan"', MACVLAN_SUPPORTED);
      case undefined:
        throw at(w, `macvlan: unknown option "${w.text}"?`, `supported: ${MACVLAN_SUPPORTED.join(', ')}`);
    }
  }
  if (nopromisc !== undefined && mode?.value !== 'passthru') {
    throw at(nopromisc, 'macvlan: nopromisc flag only valid in passthru mode');
  }
  if (macaddr !== undefined && macaddr.value.op !== 'flush' && mode?.value !== 'source') {
    throw at(macaddr, 'macvlan: macaddr applies to mode source only', 'write mode source before macaddr');
  }
  return { kind: 'macvlan', ...(mode && { mode }), ...(nopromisc && { nopromisc }), ...(macaddr && { macaddr }) };
}

type VlanKeyword = 'protocol' | 'id' | 'unsupported';

const VLAN_RULES: readonly KeywordRule<VlanKeyword>[] = [
  { id: 'protocol', prefix: ['protocol'] },
  { id: 'id', prefix: ['id'] },
  { id: 'unsupported', prefix: ['reorder_hdr', 'gvrp', 'mvrp', 'loose_binding', 'bridge_binding', 'ingress-qos-map', 'egress-qos-map', 'help'] },
];

function parseVlanOptions(words: Words, type: Arg<LinkTypeKind>): LinkType {
  let id: Arg<number> | undefined;
  let protocol: Arg<VlanProtocol> | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    switch (findKeyword(w.text, VLAN_RULES)) {
      case 'protocol': {
        const v = words.value(w);
        const p = v.text.toLowerCase() === '802.1q' ? '802.1Q' : v.text.toLowerCase() === '802.1ad' ? '802.1ad' : undefined;
        if (p === undefined) throw invarg(v, 'protocol is invalid', 'supported: 802.1Q, 802.1ad');
        protocol = arg(v, p);
        break;
      }
      case 'id': {
        const v = words.value(w);
        // get_u16: the kernel, not ip, refuses 4095 and above.
        id = arg(v, decimal(v, 0, 0xffff, 'id is invalid'));
        break;
      }
      case 'unsupported':
        throw unsupported(w, '"type vlan"', ['id N', 'protocol 802.1Q|802.1ad']);
      case undefined:
        throw at(w, `vlan: unknown command "${w.text}"?`, 'supported: id N, protocol 802.1Q|802.1ad');
    }
  }
  if (id === undefined) {
    throw at(type, 'a vlan link needs "id N"', 'pcapverdict requires the VLAN id; the kernel refuses a vlan without one');
  }
  return { kind: 'vlan', id, ...(protocol && { protocol }) };
}

function parseVethOptions(words: Words): LinkType {
  const w = words.next();
  if (w === undefined) return { kind: 'veth' };
  if (w.text !== 'peer') throw at(w, `veth: expected "peer" rather than "${w.text}"`, 'supported: peer [name] NAME');
  let v = words.value(w);
  if (v.text === 'name') v = words.value(v);
  const peer = devRef(v, 'name');
  const extra = words.next();
  if (extra !== undefined) throw unsupported(extra, '"type veth peer"', ['peer [name] NAME']);
  return { kind: 'veth', peer };
}
