/** `ip neigh add|del|replace|change` (iproute2 6.1 ip/ipneigh.c: do_ipneigh, ipneigh_modify, nud_state_a2n). */

import type { Arg, DevRef, Flag, IpAddress, Mac, NeighAction, NeighCommand, NudState, Pos } from './command-types';
import type { IpFamily } from './ip-prefix';
import {
  addressArg,
  arg,
  at,
  devRef,
  duparg,
  duparg2,
  findKeyword,
  flag,
  invarg,
  mac,
  matches,
  once,
  unsupported,
  Words,
  type KeywordRule,
} from './parse-words';
import type { Word } from './tokenize';

type NeighKeyword = 'lladdr' | 'nud' | 'router' | 'dev' | 'unsupported';

/** ipneigh_modify's keywords in its order. */
const NEIGH_RULES: readonly KeywordRule<NeighKeyword>[] = [
  { id: 'lladdr', prefix: ['lladdr'] },
  { id: 'nud', exact: ['nud'] },
  { id: 'unsupported', prefix: ['proxy'] },
  { id: 'router', exact: ['router'] },
  { id: 'unsupported', exact: ['use', 'managed'] },
  { id: 'unsupported', prefix: ['extern_learn'] },
  { id: 'dev', exact: ['dev'] },
  { id: 'unsupported', prefix: ['protocol'] },
];

/** nud_state_a2n in its order: `p` is permanent, `r` reachable, `f` failed; the rest exact. */
const NUD_RULES: readonly KeywordRule<NudState>[] = [
  { id: 'permanent', prefix: ['permanent'] },
  { id: 'reachable', prefix: ['reachable'] },
  { id: 'noarp', exact: ['noarp'] },
  { id: 'none', exact: ['none'] },
  { id: 'stale', exact: ['stale'] },
  { id: 'incomplete', exact: ['incomplete'] },
  { id: 'delay', exact: ['delay'] },
  { id: 'probe', exact: ['probe'] },
  { id: 'failed', prefix: ['failed'] },
];

const NEIGH_SUPPORTED = ['ADDR', 'lladdr MAC', 'dev DEV', 'nud STATE', 'router'];

export function parseIpNeigh(words: Words, subWord: Word, action: NeighAction, familyOption: IpFamily | undefined, pos: Pos): NeighCommand {
  let addr: Arg<IpAddress> | undefined;
  let lladdr: Arg<Mac> | undefined;
  let dev: DevRef | undefined;
  let nud: Arg<NudState> | undefined;
  let router: Flag | undefined;
  for (let w = words.next(); w !== undefined; w = words.next()) {
    switch (findKeyword(w.text, NEIGH_RULES)) {
      case 'lladdr': {
        const v = words.value(w);
        if (lladdr !== undefined) throw duparg(v, 'lladdr');
        if (v.text === 'null') throw unsupported(v, '"lladdr"', ['lladdr MAC']);
        lladdr = mac(v);
        break;
      }
      case 'nud': {
        const v = words.value(w);
        once(nud, v, 'nud');
        const s = findKeyword(v.text, NUD_RULES);
        if (s === undefined) {
          throw invarg(v, 'nud state is bad', /^[0-9]/.test(v.text) ? 'pcapverdict takes state names, not numbers' : undefined);
        }
        nud = arg(v, s);
        break;
      }
      case 'router':
        router = flag(w);
        break;
      case 'dev': {
        const v = words.value(w);
        once(dev, v, 'dev');
        dev = devRef(v);
        break;
      }
      case 'unsupported':
        throw unsupported(w, `"ip neigh ${action}"`, NEIGH_SUPPORTED, NEIGH_RULES);
      case undefined: {
        const v = w.text === 'to' ? words.value(w) : w;
        if (matches(v.text, 'help')) throw at(v, `"${v.text}" prints ip's help; it is not a setup command`);
        if (addr !== undefined) throw duparg2(v, 'to', `supported: ${NEIGH_SUPPORTED.join(', ')}`);
        addr = addressArg(v, familyOption);
        break;
      }
    }
  }
  if (dev === undefined || addr === undefined) throw at(subWord, 'Device and destination are required arguments.');
  return {
    kind: 'neigh',
    pos,
    action,
    family: addr.value.family,
    addr,
    ...(lladdr && { lladdr }),
    dev,
    ...(nud && { nud }),
    ...(router && { router }),
  };
}
