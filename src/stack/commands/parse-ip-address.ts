/**
 * `ip address add|del|flush` (iproute2 6.1 ip/ipaddress.c: do_ipaddr, ipaddr_modify,
 * ipaddr_list_flush_or_save).
 */

import {
  ROUTE_SCOPES,
  type AddressCommand,
  type AddressFlushCommand,
  type Arg,
  type DevRef,
  type Flag,
  type IpAddress,
  type IpPrefix,
  type Pos,
  type RouteScopeName,
} from './command-types';
import type { IpFamily } from './ip-prefix';
import {
  addressArg,
  arg,
  at,
  decimal,
  devRef,
  duparg,
  duparg2,
  findKeyword,
  flag,
  matches,
  once,
  prefixArg,
  unsupported,
  U32_MAX,
  Words,
  type KeywordRule,
} from './parse-words';
import type { Word } from './tokenize';

type AddressKeyword = 'broadcast' | 'scope' | 'dev' | 'metric' | 'nodad' | 'noprefixroute' | 'autojoin' | 'local' | 'unsupported';

/** ipaddr_modify's keywords in its order. */
const ADDRESS_RULES: readonly KeywordRule<AddressKeyword>[] = [
  { id: 'unsupported', exact: ['peer', 'remote'] },
  { id: 'broadcast', prefix: ['broadcast'], exact: ['brd'] },
  { id: 'unsupported', exact: ['anycast'] },
  { id: 'scope', exact: ['scope'] },
  { id: 'dev', exact: ['dev'] },
  { id: 'unsupported', exact: ['label'] },
  { id: 'metric', prefix: ['metric', 'priority', 'preference'] },
  { id: 'unsupported', prefix: ['valid_lft', 'preferred_lft'] },
  { id: 'nodad', exact: ['nodad'] },
  { id: 'noprefixroute', exact: ['noprefixroute'] },
  { id: 'autojoin', exact: ['autojoin'] },
  {
    id: 'unsupported',
    exact: ['secondary', 'temporary', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative', 'permanent', 'mngtmpaddr', 'stable-privacy'],
  },
  { id: 'local', exact: ['local'] },
  { id: 'unsupported', prefix: ['help'] },
];

const ADDRESS_SUPPORTED = ['PREFIX', 'dev DEV', 'brd +|-|ADDR', 'scope SCOPE', 'metric N', 'noprefixroute', 'nodad', 'autojoin (a multicast group)'];

/** A scope name from rt_scopes or a number 0 … 255 (rtnl_rtscope_a2n). */
export function scopeValue(w: Word, msg: string): number {
  if (Object.prototype.hasOwnProperty.call(ROUTE_SCOPES, w.text)) return ROUTE_SCOPES[w.text as RouteScopeName];
  return decimal(w, 0, 255, msg);
}

export function parseIpAddressModify(words: Words, subWord: Word, action: 'add' | 'del', familyOption: IpFamily | undefined, pos: Pos): AddressCommand {
  let family = familyOption;
  let prefix: Arg<IpPrefix> | undefined;
  let lengthGiven = false;
  let dev: DevRef | undefined;
  let scope: Arg<number> | undefined;
  let broadcast: Arg<'+' | '-' | IpAddress> | undefined;
  let metric: Arg<number> | undefined;
  let noprefixroute: Flag | undefined;
  let nodad: Flag | undefined;
  let autojoin: Flag | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    const k = findKeyword(w.text, ADDRESS_RULES);
    switch (k) {
      case 'broadcast': {
        const v = words.value(w);
        if (broadcast !== undefined) throw duparg(v, 'broadcast');
        if (v.text === '+' || v.text === '-') {
          broadcast = arg(v, v.text);
        } else {
          const a = addressArg(v, family);
          family ??= a.value.family;
          broadcast = a;
        }
        break;
      }
      case 'scope': {
        const v = words.value(w);
        once(scope, v, 'scope');
        scope = arg(v, scopeValue(v, 'invalid scope value.'));
        break;
      }
      case 'dev': {
        const v = words.value(w);
        once(dev, v, 'dev');
        dev = devRef(v);
        break;
      }
      case 'metric': {
        const v = words.value(w);
        once(metric, v, 'metric');
        metric = arg(v, decimal(v, 0, U32_MAX, '"metric" value is invalid'));
        break;
      }
      case 'nodad':
        nodad = flag(w);
        break;
      case 'noprefixroute':
        noprefixroute = flag(w);
        break;
      case 'autojoin':
        autojoin = flag(w);
        break;
      case 'unsupported':
        throw unsupported(w, `"ip address ${action}"`, ADDRESS_SUPPORTED, ADDRESS_RULES);
      case 'local':
      case undefined: {
        const v = k === 'local' ? words.value(w) : w;
        if (prefix !== undefined) throw duparg2(v, 'local', `supported: ${ADDRESS_SUPPORTED.join(', ')}`);
        const p = prefixArg(v, family);
        family ??= p.prefix.value.family;
        prefix = p.prefix;
        lengthGiven = p.lengthGiven;
        break;
      }
    }
  }
  if (dev === undefined) throw at(subWord, 'Not enough information: "dev" argument is required.');
  if (prefix === undefined) throw at(subWord, 'an address is required', 'ip address add|del PREFIX dev DEV');
  if (nodad !== undefined && prefix.value.family !== 6) {
    // ip prints "Warning: nodad option can be set only for IPv6 addresses" and goes on.
    throw at(nodad, 'Warning: nodad option can be set only for IPv6 addresses', 'pcapverdict refuses what ip would ignore');
  }
  if (broadcast !== undefined && prefix.value.family !== 4) {
    throw at(broadcast, 'a broadcast address is IPv4 only', 'ip sends it and the kernel ignores it for IPv6; drop "brd"');
  }
  return {
    kind: 'address',
    pos,
    action,
    family: prefix.value.family,
    prefix,
    lengthGiven,
    dev,
    ...(scope && { scope }),
    ...(broadcast && { broadcast }),
    ...(metric && { metric }),
    ...(noprefixroute && { noprefixroute }),
    ...(nodad && { nodad }),
    ...(autojoin && { autojoin }),
  };
}

/** ipaddr_list_flush_or_save's keywords; all but `dev` are filters we do not model. */
const FLUSH_UNSUPPORTED = ['to', 'scope', 'all', 'up', 'label', 'group', 'master', 'vrf', 'nomaster', 'type'];

export function parseIpAddressFlush(words: Words, subWord: Word, family: IpFamily | undefined, pos: Pos): AddressFlushCommand {
  let dev: DevRef | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    if (FLUSH_UNSUPPORTED.includes(w.text) || matches(w.text, 'help')) {
      throw unsupported(w, '"ip address flush"', ['[dev] DEV']);
    }
    const v = w.text === 'dev' ? words.value(w) : w;
    if (dev !== undefined) throw duparg2(v, 'dev');
    dev = devRef(v);
  }
  if (dev === undefined) throw at(subWord, 'Flush requires arguments.', 'pcapverdict takes "ip address flush dev DEV"');
  return { kind: 'address-flush', pos, ...(family !== undefined && { family }), dev };
}
