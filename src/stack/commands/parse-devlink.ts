/** `devlink trap set` (iproute2 6.1 devlink/devlink.c: cmd_trap_set, trap_action_get, __dl_argv_handle). */

import { TRAP_ACTIONS, type DevlinkTrapSetCommand, type Pos, type TrapAction } from './command-types';
import { arg, at, unsupported, Words } from './parse-words';
import type { Word } from './tokenize';

const DEVLINK_SUPPORTED = ['devlink trap set BUS/DEVICE trap NAME [action drop|trap|mirror]'];

export function parseDevlink(words: Words, first: Word, pos: Pos): DevlinkTrapSetCommand {
  const obj = words.next();
  if (obj === undefined) throw at(first, '"devlink" needs an object', DEVLINK_SUPPORTED[0]);
  if (obj.text !== 'trap') throw unsupported(obj, 'devlink', DEVLINK_SUPPORTED);
  const sub = words.next();
  if (sub === undefined || sub.text !== 'set') throw unsupported(sub ?? obj, '"devlink trap"', DEVLINK_SUPPORTED);
  const h = words.next();
  if (h === undefined) throw at(sub, 'Devlink identification ("bus_name/dev_name") expected.', DEVLINK_SUPPORTED[0]);
  const slash = h.text.indexOf('/');
  if (slash <= 0 || slash === h.text.length - 1) {
    throw at(h, `Devlink identification ("bus_name/dev_name") "${h.text}" is invalid`);
  }
  const handle = arg(h, { bus: h.text.slice(0, slash), device: h.text.slice(slash + 1) });
  let trap: DevlinkTrapSetCommand['trap'] | undefined;
  let action: DevlinkTrapSetCommand['action'];
  for (let w = words.next(); w !== undefined; w = words.next()) {
    if (w.text === 'trap') {
      const v = words.value(w);
      if (trap !== undefined) throw at(v, `a second trap name "${v.text}"`, 'one trap per line');
      trap = arg(v, v.text);
    } else if (w.text === 'action') {
      const v = words.value(w);
      if (!(TRAP_ACTIONS as readonly string[]).includes(v.text)) throw at(v, `Unknown trap action "${v.text}"`);
      action = arg(v, v.text as TrapAction);
    } else {
      throw unsupported(w, '"devlink trap set"', DEVLINK_SUPPORTED);
    }
  }
  if (trap === undefined) throw at(h, 'Trap name expected.', DEVLINK_SUPPORTED[0]);
  return { kind: 'devlink-trap-set', pos, handle, trap, ...(action && { action }) };
}
