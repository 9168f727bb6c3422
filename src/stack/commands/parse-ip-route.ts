/**
 * `ip route add|del|replace|append|prepend|change|flush` (iproute2 6.1 ip/iproute.c: do_iproute,
 * iproute_modify, parse_nexthops, parse_one_nh, iproute_list_flush_or_save; ip/rtm_map.c:
 * rtnl_rtntype_a2n).
 */

import {
  IPV6_ROUTER_PREFS,
  ROUTE_PROTOCOLS,
  ROUTE_TABLES,
  type Arg,
  type DevRef,
  type Flag,
  type Gateway,
  type IpAddress,
  type IpPrefix,
  type Ipv6RouterPref,
  type Nexthop,
  type Pos,
  type RouteAction,
  type RouteCommand,
  type RouteFlushCommand,
  type RouteType,
} from './command-types';
import { defaultPrefix, type IpFamily } from './ip-prefix';
import { scopeValue } from './parse-ip-address';
import {
  addressArg,
  arg,
  at,
  decimal,
  devRef,
  duparg2,
  findKeyword,
  flag,
  invarg,
  matches,
  once,
  prefixArg,
  unsupported,
  U32_MAX,
  Words,
  type KeywordRule,
} from './parse-words';
import type { Word } from './tokenize';

type RouteKeyword = 'src' | 'via' | 'metric' | 'scope' | 'onlink' | 'nexthop' | 'protocol' | 'table' | 'dev' | 'pref' | 'unsupported';

/** iproute_modify's keywords in its order: `p` is priority (the metric), `pro` protocol, `pre` pref. */
const ROUTE_RULES: readonly KeywordRule<RouteKeyword>[] = [
  { id: 'src', exact: ['src'] },
  { id: 'unsupported', exact: ['as'] },
  { id: 'via', exact: ['via'] },
  { id: 'unsupported', exact: ['from', 'tos', 'expires'], prefix: ['dsfield'] },
  { id: 'metric', prefix: ['metric', 'priority'], exact: ['preference'] },
  { id: 'scope', exact: ['scope'] },
  { id: 'unsupported', exact: ['mtu', 'hoplimit', 'advmss'] },
  { id: 'unsupported', prefix: ['reordering'] },
  { id: 'unsupported', exact: ['rtt', 'rto_min'] },
  {
    id: 'unsupported',
    prefix: ['window', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl', 'rttvar', 'ssthresh', 'realms'],
  },
  { id: 'onlink', exact: ['onlink'] },
  { id: 'nexthop', exact: ['nexthop'] },
  { id: 'unsupported', exact: ['nhid'] },
  { id: 'protocol', prefix: ['protocol'] },
  { id: 'table', prefix: ['table'] },
  { id: 'unsupported', prefix: ['vrf'] },
  { id: 'dev', exact: ['dev', 'oif'] },
  { id: 'pref', prefix: ['pref'] },
  { id: 'unsupported', exact: ['encap', 'ttl-propagate'] },
  { id: 'unsupported', prefix: ['fastopen_no_cookie'] },
];

type TypeWord = RouteType | 'unsupported';

/** rtnl_rtntype_a2n in its order (only tried on words not starting with a digit). */
const TYPE_RULES: readonly KeywordRule<TypeWord>[] = [
  { id: 'local', exact: ['local'] },
  { id: 'unsupported', exact: ['nat'] },
  { id: 'broadcast', prefix: ['broadcast'], exact: ['brd'] },
  { id: 'unsupported', prefix: ['anycast', 'multicast'] },
  { id: 'prohibit', prefix: ['prohibit'] },
  { id: 'unreachable', prefix: ['unreachable'] },
  { id: 'blackhole', prefix: ['blackhole'] },
  { id: 'unsupported', prefix: ['xresolve'] },
  { id: 'unicast', prefix: ['unicast'] },
  { id: 'throw', exact: ['throw'] },
];

const ROUTE_SUPPORTED = [
  '[TYPE] PREFIX|default',
  'via [inet|inet6] ADDR',
  'dev DEV',
  'metric N',
  'table N|main|local|default',
  'proto P',
  'scope S',
  'src ADDR',
  'pref low|medium|high',
  'onlink',
  'nexthop via ADDR [dev DEV] [weight W] [onlink] …',
];
const TYPES_SUPPORTED = 'TYPE: unicast, local, broadcast, blackhole, unreachable, prohibit, throw';

function named<T extends Record<string, number>>(table: T, w: Word, max: number, msg: string): number {
  if (Object.prototype.hasOwnProperty.call(table, w.text)) return table[w.text as keyof T]!;
  return decimal(w, 0, max, msg);
}

export function tableValue(w: Word): number {
  return named(ROUTE_TABLES, w, U32_MAX, '"table" value is invalid');
}

/** `via [inet|inet6] ADDR`, after the `via` word; `family` is the route's so far. */
function gatewayArg(words: Words, via: Word, family: IpFamily | undefined): Arg<Gateway> {
  let v = words.value(via);
  let gwFamily = family;
  if (v.text === 'inet' || v.text === 'inet6') {
    gwFamily = v.text === 'inet' ? 4 : 6;
    v = words.value(v);
  } else if (['link', 'mpls', 'bridge', 'ipx', 'dnet'].includes(v.text)) {
    throw unsupported(v, '"via"', ['via [inet|inet6] ADDR']);
  }
  return addressArg(v, gwFamily);
}

export function parseIpRouteModify(words: Words, subWord: Word, action: RouteAction, familyOption: IpFamily | undefined, pos: Pos): RouteCommand {
  let family = familyOption;
  let dst: Arg<IpPrefix> | undefined;
  let dstIsDefault: Word | undefined;
  let type: Arg<RouteType> | undefined;
  let gateway: Arg<Gateway> | undefined;
  let dev: DevRef | undefined;
  let metric: Arg<number> | undefined;
  let table: Arg<number> | undefined;
  let protocol: Arg<number> | undefined;
  let scope: Arg<number> | undefined;
  let src: Arg<IpAddress> | undefined;
  let pref: Arg<Ipv6RouterPref> | undefined;
  let onlink: Flag | undefined;
  const nexthops: Nexthop[] = [];
  const refuse = (w: Word): never => {
    throw unsupported(w, `"ip route ${action}"`, ROUTE_SUPPORTED, ROUTE_RULES);
  };

  main: for (let w = words.next(); w !== undefined; w = words.next()) {
    // No keyword starts with a digit: a destination like 10.1.2.0/24 skips the table.
    const c = w.text.charCodeAt(0);
    switch (c >= 48 && c <= 57 ? undefined : findKeyword(w.text, ROUTE_RULES)) {
      case 'src': {
        const v = words.value(w);
        once(src, v, 'src');
        src = addressArg(v, family);
        family ??= src.value.family;
        break;
      }
      case 'via':
        if (gateway !== undefined) throw invarg(w, 'use nexthop syntax to specify multiple via');
        gateway = gatewayArg(words, w, family);
        family ??= gateway.value.family;
        break;
      case 'metric': {
        const v = words.value(w);
        once(metric, v, 'metric');
        metric = arg(v, decimal(v, 0, U32_MAX, '"metric" value is invalid'));
        break;
      }
      case 'scope': {
        const v = words.value(w);
        once(scope, v, 'scope');
        scope = arg(v, scopeValue(v, 'invalid "scope" value'));
        break;
      }
      case 'onlink':
        onlink = flag(w);
        break;
      case 'nexthop':
        family = parseNexthops(words, w, family, nexthops);
        break main;
      case 'protocol': {
        const v = words.value(w);
        once(protocol, v, 'protocol');
        protocol = arg(v, named(ROUTE_PROTOCOLS, v, 255, '"protocol" value is invalid'));
        break;
      }
      case 'table': {
        const v = words.value(w);
        once(table, v, 'table');
        table = arg(v, tableValue(v));
        break;
      }
      case 'dev': {
        const v = words.value(w);
        once(dev, v, 'dev');
        dev = devRef(v);
        break;
      }
      case 'pref': {
        const v = words.value(w);
        once(pref, v, 'pref');
        if (!(IPV6_ROUTER_PREFS as readonly string[]).includes(v.text)) {
          throw invarg(v, '"pref" value is invalid', /^[0-9]+$/.test(v.text) ? 'pcapverdict takes low, medium or high' : undefined);
        }
        pref = arg(v, v.text as Ipv6RouterPref);
        break;
      }
      case 'unsupported':
        refuse(w);
        break;
      case undefined: {
        // [to] [TYPE] PREFIX|default
        let v = w.text === 'to' ? words.value(w) : w;
        const c = v.text.charCodeAt(0);
        const t = c >= 48 && c <= 57 ? undefined : findKeyword(v.text, TYPE_RULES);
        if (t === 'unsupported') throw unsupported(v, 'route type', [TYPES_SUPPORTED], TYPE_RULES);
        if (t !== undefined) {
          type = arg(v, t);
          v = words.value(v);
        }
        if (matches(v.text, 'help')) throw at(v, `"${v.text}" prints ip's help; it is not a setup command`);
        if (dst !== undefined) throw duparg2(v, 'to', `supported: ${ROUTE_SUPPORTED.join(', ')}`);
        if (v.text === 'default') {
          dstIsDefault = v;
          dst = arg(v, defaultPrefix(family ?? 4));
        } else {
          dst = prefixArg(v, family).prefix;
          family ??= dst.value.family;
        }
        break;
      }
    }
  }

  if (dst === undefined) throw at(subWord, 'a destination is required', `ip route ${action} [TYPE] PREFIX|default …`);
  const routeFamily: IpFamily = family ?? 4;
  if (dstIsDefault !== undefined) dst = arg(dstIsDefault, defaultPrefix(routeFamily));
  if (pref !== undefined && routeFamily !== 6) {
    throw at(pref, '"pref" is for IPv6 routes', 'the kernel ignores RTA_PREF on IPv4 routes; drop it');
  }

  const del = action === 'del';
  const tableId = table?.value ?? (type?.value === 'local' || type?.value === 'broadcast' ? ROUTE_TABLES.local : ROUTE_TABLES.main);
  let sentScope: number;
  if (scope !== undefined) sentScope = scope.value;
  else if (routeFamily === 6) sentScope = 0;
  else if (type?.value === 'local') sentScope = 254;
  else if (type?.value === 'broadcast') sentScope = 253;
  else if (type === undefined || type.value === 'unicast') sentScope = del ? 255 : gateway === undefined && nexthops.length === 0 ? 253 : 0;
  else sentScope = del ? 255 : 0;

  return {
    kind: 'route',
    pos,
    action,
    family: routeFamily,
    ...(type && { type }),
    dst,
    ...(gateway && { gateway }),
    ...(dev && { dev }),
    ...(metric && { metric }),
    ...(table && { table }),
    ...(protocol && { protocol }),
    ...(scope && { scope }),
    ...(src && { src }),
    ...(pref && { pref }),
    ...(onlink && { onlink }),
    nexthops,
    sent: { tableId, protocol: protocol?.value ?? (del ? 0 : ROUTE_PROTOCOLS.boot), scope: sentScope },
  };
}

type NexthopKeyword = 'via' | 'dev' | 'weight' | 'onlink' | 'unsupported';

const NEXTHOP_RULES: readonly KeywordRule<NexthopKeyword>[] = [
  { id: 'via', exact: ['via'] },
  { id: 'dev', exact: ['dev'] },
  { id: 'weight', exact: ['weight'] },
  { id: 'onlink', exact: ['onlink'] },
  { id: 'unsupported', prefix: ['realms'], exact: ['encap', 'as'] },
];

/** parse_nexthops from the first `nexthop` word to the end of the line; returns the route family so far. */
function parseNexthops(words: Words, first: Word, familyIn: IpFamily | undefined, out: Nexthop[]): IpFamily | undefined {
  let family = familyIn;
  let w: Word | undefined = first;
  while (w !== undefined) {
    if (w.text !== 'nexthop') throw at(w, `Error: "nexthop" or end of line is expected instead of "${w.text}"`);
    if (words.done()) throw at(w, 'Error: unexpected end of line after "nexthop"');
    const pos: Pos = { line: w.line, column: w.column };
    let gateway: Arg<Gateway> | undefined;
    let dev: DevRef | undefined;
    let weight: Arg<number> | undefined;
    let onlink: Flag | undefined;
    w = undefined;
    for (let x = words.next(); x !== undefined; x = words.next()) {
      const k = findKeyword(x.text, NEXTHOP_RULES);
      if (k === undefined) {
        w = x;
        break;
      }
      switch (k) {
        case 'via':
          if (gateway !== undefined) throw duparg2(x, 'via');
          gateway = gatewayArg(words, x, family);
          family ??= gateway.value.family;
          break;
        case 'dev': {
          const v = words.value(x);
          once(dev, v, 'dev');
          dev = devRef(v);
          break;
        }
        case 'weight': {
          const v = words.value(x);
          once(weight, v, 'weight');
          weight = arg(v, decimal(v, 1, 256, '"weight" is invalid'));
          break;
        }
        case 'onlink':
          onlink = flag(x);
          break;
        case 'unsupported':
          throw unsupported(x, '"nexthop"', ['via ADDR', 'dev DEV', 'weight W', 'onlink']);
      }
    }
    out.push({ pos, ...(gateway && { gateway }), ...(dev && { dev }), ...(weight && { weight }), ...(onlink && { onlink }) });
  }
  return family;
}

const FLUSH_UNSUPPORTED = [
  'cached', 'cloned', 'tos', 'dsfield', 'protocol', 'scope', 'type', 'iif', 'mark', 'via', 'src', 'realms', 'from', 'to', 'root', 'match', 'exact',
];

export function parseIpRouteFlush(words: Words, subWord: Word, familyOption: IpFamily | undefined, pos: Pos): RouteFlushCommand {
  let table: Arg<number> | undefined;
  let dev: DevRef | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    if (matches(w.text, 'table')) {
      const v = words.value(w);
      once(table, v, 'table');
      table = arg(v, named(ROUTE_TABLES, v, U32_MAX, 'table id value is invalid'));
    } else if (w.text === 'dev' || w.text === 'oif') {
      const v = words.value(w);
      once(dev, v, 'dev');
      dev = devRef(v);
    } else if (FLUSH_UNSUPPORTED.some((k) => matches(w.text, k))) {
      throw unsupported(w, '"ip route flush"', ['table T', 'dev DEV']);
    } else {
      throw unsupported(w, '"ip route flush" (a prefix selector)', ['table T', 'dev DEV']);
    }
  }
  if (table === undefined && dev === undefined) throw at(subWord, '"ip route flush" requires arguments.');
  return { kind: 'route-flush', pos, family: familyOption ?? 4, ...(table && { table }), ...(dev && { dev }) };
}
