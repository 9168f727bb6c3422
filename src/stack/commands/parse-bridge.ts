/** `bridge fdb …` and `bridge vlan …` (iproute2 6.1 bridge/bridge.c, bridge/fdb.c: fdb_modify, bridge/vlan.c: vlan_modify). */

import type { Arg, BridgeFdbCommand, BridgeVlanCommand, DevRef, FdbAction, Flag, Mac, Pos } from './command-types';
import {
  arg,
  at,
  devRef,
  duparg2,
  findKeyword,
  flag,
  matches,
  once,
  unsupported,
  Words,
  type KeywordRule,
} from './parse-words';
import { formatMac, parseMac } from '../../addr/mac';
import type { Word } from './tokenize';

type BridgeObject = 'fdb' | 'vlan' | 'unsupported';

/** bridge's object table in its order. */
const OBJECT_RULES: readonly KeywordRule<BridgeObject>[] = [
  { id: 'unsupported', prefix: ['link'] },
  { id: 'fdb', prefix: ['fdb'] },
  { id: 'unsupported', prefix: ['mdb'] },
  { id: 'vlan', prefix: ['vlan'] },
  { id: 'unsupported', prefix: ['vni', 'monitor', 'help'] },
];

const FDB_SUB_RULES: readonly KeywordRule<FdbAction | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'append', prefix: ['append'] },
  { id: 'replace', prefix: ['replace'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['get', 'show', 'lst', 'list'], exact: ['flush'] },
  { id: 'unsupported', prefix: ['help'] },
];

const VLAN_SUB_RULES: readonly KeywordRule<'add' | 'del' | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['show', 'lst', 'list', 'tunnelshow', 'set'], exact: ['global'] },
  { id: 'unsupported', prefix: ['help'] },
];

export function parseBridge(words: Words, first: Word, pos: Pos): BridgeFdbCommand | BridgeVlanCommand {
  const obj = words.next();
  if (obj === undefined) throw at(first, '"bridge" needs an object', 'supported: bridge fdb …, bridge vlan …');
  if (obj.text.startsWith('-')) throw unsupported(obj, 'bridge option', ['bridge fdb …', 'bridge vlan …']);
  const o = findKeyword(obj.text, OBJECT_RULES);
  if (o === undefined) throw at(obj, `Object "${obj.text}" is unknown, try "bridge help".`, 'supported: fdb, vlan');
  if (o === 'unsupported') throw unsupported(obj, 'bridge', ['bridge fdb add|del|replace|append …', 'bridge vlan add|del …']);
  const sub = words.next();
  if (sub === undefined) throw at(obj, `"bridge ${o}" without a command lists state; it is not a setup command`);
  if (o === 'fdb') {
    const a = findKeyword(sub.text, FDB_SUB_RULES);
    if (a === undefined) throw at(sub, `Command "${sub.text}" is unknown, try "bridge fdb help".`);
    if (a === 'unsupported') throw unsupported(sub, '"bridge fdb"', ['add', 'del', 'replace', 'append']);
    return parseFdb(words, sub, a, pos);
  }
  const a = findKeyword(sub.text, VLAN_SUB_RULES);
  if (a === undefined) throw at(sub, `Command "${sub.text}" is unknown, try "bridge vlan help".`);
  if (a === 'unsupported') throw unsupported(sub, '"bridge vlan"', ['add', 'del']);
  return parseVlan(words, sub, a, pos);
}

type FdbKeyword = 'dev' | 'self' | 'master' | 'permanent' | 'static' | 'dynamic' | 'vlan' | 'unsupported';

/** fdb_modify's keywords in its order: `s` is static, `d` dynamic, `l`/`p` permanent, `v` vlan. */
const FDB_RULES: readonly KeywordRule<FdbKeyword>[] = [
  { id: 'dev', exact: ['dev'] },
  { id: 'unsupported', exact: ['dst', 'nhid', 'port', 'vni', 'src_vni', 'via'] },
  { id: 'self', exact: ['self'] },
  { id: 'master', prefix: ['master'] },
  { id: 'unsupported', prefix: ['router'] },
  { id: 'permanent', prefix: ['local', 'permanent'] },
  { id: 'static', prefix: ['temp', 'static'] },
  { id: 'dynamic', prefix: ['dynamic'] },
  { id: 'vlan', prefix: ['vlan'] },
  { id: 'unsupported', prefix: ['use', 'extern_learn', 'sticky'] },
];

const FDB_SUPPORTED = ['MAC', 'dev DEV', 'master', 'self', 'static', 'dynamic', 'local', 'permanent', 'vlan N'];

const MAC_RE = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/;

function parseFdb(words: Words, subWord: Word, action: FdbAction, pos: Pos): BridgeFdbCommand {
  let macArg: Arg<Mac> | undefined;
  let dev: DevRef | undefined;
  let master: Flag | undefined;
  let self: Flag | undefined;
  let state: Arg<'permanent' | 'static' | 'dynamic'> | undefined;
  let vlan: Arg<number> | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    const k = findKeyword(w.text, FDB_RULES);
    switch (k) {
      case 'dev': {
        const v = words.value(w);
        once(dev, v, 'dev');
        dev = devRef(v);
        break;
      }
      case 'self':
        self = flag(w);
        break;
      case 'master':
        master = flag(w);
        break;
      case 'permanent':
      case 'static':
      case 'dynamic':
        // bridge ORs these into one state; two of them on a line are a mistake.
        if (state !== undefined) throw at(w, `"${w.text}" contradicts "${state.value}" earlier on the line`);
        state = arg(w, k);
        break;
      case 'vlan': {
        const v = words.value(w);
        if (vlan !== undefined) throw duparg2(w, 'vlan');
        // bridge reads this with atoi(), so "x" would be vlan 0 there; we insist on a number.
        if (!/^(0|[1-9][0-9]{0,3})$/.test(v.text) || Number(v.text) > 4095) {
          throw at(v, `"${v.text}" is not a VLAN id`, 'a decimal number 0 … 4095 (the kernel takes 1 … 4094)');
        }
        vlan = arg(v, Number(v.text));
        break;
      }
      case 'unsupported':
        throw unsupported(w, `"bridge fdb ${action}"`, FDB_SUPPORTED, FDB_RULES);
      case undefined: {
        const v = w.text === 'to' ? words.value(w) : w;
        if (matches(v.text, 'help')) throw at(v, `"${v.text}" prints bridge's help; it is not a setup command`);
        if (macArg !== undefined) throw duparg2(v, 'to', `supported: ${FDB_SUPPORTED.join(', ')}`);
        if (!MAC_RE.test(v.text)) throw at(v, `Invalid mac address ${v.text}`, 'six colon-separated hex bytes');
        macArg = arg(v, formatMac(parseMac(v.text)!, 0));
        break;
      }
    }
  }
  if (dev === undefined || macArg === undefined) throw at(subWord, 'Device and address are required arguments.');
  return {
    kind: 'bridge-fdb',
    pos,
    action,
    mac: macArg,
    dev,
    ...(master && { master }),
    ...(self && { self }),
    target: { master: master !== undefined, self: self !== undefined || master === undefined },
    ...(state && { state }),
    ...(vlan && { vlan }),
  };
}

function parseVlan(words: Words, subWord: Word, action: 'add' | 'del', pos: Pos): BridgeVlanCommand {
  let dev: DevRef | undefined;
  let vid: Arg<{ from: number; to: number }> | undefined;
  let pvid: Flag | undefined;
  let untagged: Flag | undefined;
  let self: Flag | undefined;
  let master: Flag | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    switch (w.text) {
      case 'dev': {
        const v = words.value(w);
        once(dev, v, 'dev');
        dev = devRef(v);
        break;
      }
      case 'vid': {
        const v = words.value(w);
        once(vid, v, 'vid');
        const m = /^(0|[1-9][0-9]{0,4})(?:-(0|[1-9][0-9]{0,4}))?$/.exec(v.text);
        if (m === null) throw at(v, `"${v.text}" is not a VLAN id or range`, 'vid N or vid N-M, decimal (bridge reads it with atoi)');
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        if (from >= 4096) throw at(v, `Invalid VLAN ID "${from}"`);
        if (m[2] !== undefined && (to >= 4096 || from >= to)) throw at(v, `Invalid VLAN range "${from}-${to}"`);
        vid = arg(v, { from, to });
        break;
      }
      case 'pvid':
        pvid = flag(w);
        break;
      case 'untagged':
        untagged = flag(w);
        break;
      case 'self':
        self = flag(w);
        break;
      case 'master':
        master = flag(w);
        break;
      case 'tunnel_info':
        throw unsupported(w, `"bridge vlan ${action}"`, ['dev DEV', 'vid N[-M]', 'pvid', 'untagged', 'self', 'master']);
      default:
        // bridge 6.1 silently skips words it does not know here; we do not.
        throw at(w, `"${w.text}" is not a "bridge vlan ${action}" argument`, 'supported: dev DEV, vid N[-M], pvid, untagged, self, master');
    }
  }
  if (dev === undefined || vid === undefined) throw at(subWord, 'Device and VLAN ID are required arguments.');
  if (pvid !== undefined && vid.value.from !== vid.value.to) throw at(pvid, 'pvid cannot be configured for a vlan range');
  return {
    kind: 'bridge-vlan',
    pos,
    action,
    dev,
    vid,
    ...(pvid && { pvid }),
    ...(untagged && { untagged }),
    ...(self && { self }),
    ...(master && { master }),
  };
}
