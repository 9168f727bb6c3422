/**
 * Entry points of the setup-language parser: text → typed commands (docs/setup-language.md).
 *
 * `ip` is dispatched the way iproute2 6.1 does it (ip/ip.c: main, do_cmd; each object's
 * do_* function): options, then the object and its command by iproute2's prefix matching in
 * iproute2's order, so `ip a`, `ip r`, `ip n`, `ip l`, `ip ro d` mean what they mean to `ip`.
 */

import type { Pos, SetupCommand } from './command-types';
import type { IpFamily } from './ip-prefix';
import { parseBridge } from './parse-bridge';
import { parseIpAddressFlush, parseIpAddressModify } from './parse-ip-address';
import { parseIpLink } from './parse-ip-link';
import { parseIpNeigh } from './parse-ip-neigh';
import { parseIpRouteFlush, parseIpRouteModify } from './parse-ip-route';
import { parseDevlink } from './parse-devlink';
import { parseSysctl } from './parse-sysctl';
import { at, findKeyword, unsupported, Words, type KeywordRule } from './parse-words';
import { commandLines, tokenizeSetup, type CommandLine, type PositionOptions, type Word } from './tokenize';

export type ParseOptions = PositionOptions;

/** Parses a whole `setup:` block; throws SetupSyntaxError at the first error. */
export function parseSetup(text: string, opts: ParseOptions = {}): SetupCommand[] {
  return tokenizeSetup(text, opts).map(parseCommandLine);
}

/**
 * A `setup:` block as its text, parsed line by line each time it is iterated: a setup is
 * checked when the fixture loads and run when the box is built, and in between only its text
 * is kept. Parsed, a route line is a dozen objects (about 800 bytes): a table of a million
 * routes would hold gigabytes for nothing.
 */
export class SetupScript implements Iterable<SetupCommand> {
  constructor(
    readonly text: string,
    readonly opts: ParseOptions = {},
  ) {}

  *[Symbol.iterator](): Generator<SetupCommand, void, undefined> {
    for (const line of commandLines(this.text, this.opts)) yield parseCommandLine(line);
  }

  /**
   * Parses every command once, keeping none but what `seen` keeps of each; throws the
   * SetupSyntaxError `parseSetup` would: the text's shell syntax is checked whole before any
   * command's words.
   */
  checked(seen?: (c: SetupCommand) => void): this {
    const lines = commandLines(this.text, this.opts);
    for (const line of lines) {
      try {
        const c = parseCommandLine(line);
        if (seen !== undefined) seen(c);
      } catch (e) {
        // A shell syntax error further on comes first, as parseSetup tokenizes the whole text first.
        for (const rest of lines) void rest;
        throw e;
      }
    }
    return this;
  }
}

/** Parses one command (a timeline event); it may span lines with `\`. */
export function parseCommand(text: string, opts: ParseOptions = {}): SetupCommand {
  const lines = tokenizeSetup(text, opts);
  const first = lines[0];
  if (first === undefined) {
    throw at({ line: (opts.lineOffset ?? 0) + 1, column: (opts.columnOffset ?? 0) + 1 }, 'no command', 'an event is one setup command');
  }
  const second = lines[1];
  if (second !== undefined) throw at(second.words[0]!, 'a second command', 'an event is one setup command; write one per event');
  return parseCommandLine(first);
}

const TOOLS = ['ip', 'bridge', 'sysctl', 'devlink'];

export function parseCommandLine(cmd: CommandLine): SetupCommand {
  const bang = cmd.words[0]!;
  if (bang.text === '!') {
    const rest = cmd.words.slice(1);
    if (rest.length === 0) throw at(bang, '"!" needs a command after it', '! ip link set mv0 master br0');
    if (rest[0]!.text === '!') throw at(rest[0]!, 'a second "!"', 'one "!" per command');
    return { kind: 'may-fail', pos: { line: bang.line, column: bang.column }, command: parseCommandLine({ words: rest }), run: rest.map((w) => w.text).join(' ') };
  }
  const words = new Words(cmd.words);
  const first = words.next()!;
  const pos: Pos = { line: first.line, column: first.column };
  switch (first.text) {
    case 'ip':
      return parseIp(words, first, pos);
    case 'bridge':
      return parseBridge(words, first, pos);
    case 'sysctl':
      return parseSysctl(words, first, pos);
    case 'devlink':
      return parseDevlink(words, first, pos);
    default:
      throw at(first, `"${first.text}" is not a setup command`, `supported: ${TOOLS.map((t) => `${t} …`).join(', ')}`);
  }
}

type IpOption = '-4' | '-6' | '-family' | 'unsupported';

/** ip's options in ip/ip.c's order (`-f` is -family, `-b` -batch, …). */
const IP_OPTION_RULES: readonly KeywordRule<IpOption>[] = [
  { id: 'unsupported', prefix: ['-loops'] },
  { id: '-family', prefix: ['-family'] },
  { id: '-4', exact: ['-4'] },
  { id: '-6', exact: ['-6'] },
  { id: 'unsupported', exact: ['-0', '-M', '-B'] },
  {
    id: 'unsupported',
    prefix: [
      '-human', '-human-readable', '-iec', '-stats', '-statistics', '-details', '-resolve', '-oneline', '-timestamp', '-tshort',
      '-Version', '-force', '-batch', '-brief', '-json', '-pretty', '-rcvbuf', '-color', '-colour', '-help', '-netns', '-Numeric', '-all',
    ],
  },
  { id: 'unsupported', exact: ['-echo'] },
];

type IpObject = 'address' | 'route' | 'neigh' | 'link' | 'unsupported';

/** ip's object table (ip/ip.c cmds[]) in its order: `ip a` is address, `ip n` neighbor, `ip l` link, `ip m` maddress. */
const IP_OBJECT_RULES: readonly KeywordRule<IpObject>[] = [
  { id: 'address', prefix: ['address'] },
  { id: 'unsupported', prefix: ['addrlabel', 'maddress'] },
  { id: 'route', prefix: ['route'] },
  { id: 'unsupported', prefix: ['rule'] },
  { id: 'neigh', prefix: ['neighbor', 'neighbour'] },
  { id: 'unsupported', prefix: ['ntable', 'ntbl'] },
  { id: 'link', prefix: ['link'] },
  {
    id: 'unsupported',
    prefix: [
      'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm',
      'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'help', 'stats',
    ],
  },
];

const IP_SUPPORTED = ['ip link add|set|del', 'ip address add|del|flush', 'ip route add|del|replace|append|prepend|change|flush', 'ip neigh add|del|replace|change'];

function parseIp(words: Words, first: Word, pos: Pos): SetupCommand {
  let family: IpFamily | undefined;
  let w = words.next();
  for (; w !== undefined && w.text.startsWith('-'); w = words.next()) {
    if (w.text === '--') {
      w = words.next();
      break;
    }
    // ip reads "--opt" as "-opt".
    const opt = w.text.startsWith('--') ? w.text.slice(1) : w.text;
    const k = findKeyword(opt, IP_OPTION_RULES);
    if (k === undefined) throw at(w, `Option "${w.text}" is unknown, try "ip -help".`, 'supported: -4, -6, -f inet|inet6');
    if (k === 'unsupported') throw unsupported(w, 'ip option', ['-4', '-6', '-f inet|inet6'], IP_OPTION_RULES);
    if (k === '-family') {
      const v = words.value(w);
      if (v.text === 'inet') family = 4;
      else if (v.text === 'inet6') family = 6;
      else throw unsupported(v, '"-family"', ['inet', 'inet6']);
    } else {
      family = k === '-4' ? 4 : 6;
    }
  }
  if (w === undefined) throw at(first, '"ip" needs an object', `supported: ${IP_SUPPORTED.join(', ')}`);
  const objWord = w;
  const obj = findKeyword(objWord.text, IP_OBJECT_RULES);
  if (obj === undefined) throw at(objWord, `Object "${objWord.text}" is unknown, try "ip help".`, `supported: ${IP_SUPPORTED.join(', ')}`);
  if (obj === 'unsupported') throw unsupported(objWord, 'ip object', IP_SUPPORTED, IP_OBJECT_RULES);
  const sub = words.next();
  if (sub === undefined) throw at(objWord, `"ip ${objWord.text}" without a command lists state; it is not a setup command`);
  switch (obj) {
    case 'address': {
      const a = findKeyword(sub.text, ADDRESS_COMMANDS);
      if (a === 'add' || a === 'del') return parseIpAddressModify(words, sub, a, family, pos);
      if (a === 'flush') return parseIpAddressFlush(words, sub, family, pos);
      return refuseCommand(sub, a, 'address', ['add', 'del', 'flush'], ADDRESS_COMMANDS);
    }
    case 'route': {
      const a = findKeyword(sub.text, ROUTE_COMMANDS);
      if (a === 'flush') return parseIpRouteFlush(words, sub, family, pos);
      if (a === undefined || a === 'unsupported') return refuseCommand(sub, a, 'route', ['add', 'del', 'replace', 'append', 'prepend', 'change', 'flush'], ROUTE_COMMANDS);
      return parseIpRouteModify(words, sub, a, family, pos);
    }
    case 'neigh': {
      const a = findKeyword(sub.text, NEIGH_COMMANDS);
      if (a === undefined || a === 'unsupported') return refuseCommand(sub, a, 'neigh', ['add', 'del', 'replace', 'change'], NEIGH_COMMANDS);
      return parseIpNeigh(words, sub, a, family, pos);
    }
    case 'link': {
      const a = findKeyword(sub.text, LINK_COMMANDS);
      if (a === undefined || a === 'unsupported') return refuseCommand(sub, a, 'link', ['add', 'set', 'del'], LINK_COMMANDS);
      if (family !== undefined) throw at(objWord, '-4/-6 mean nothing to "ip link"', 'drop the option');
      return parseIpLink(words, sub, a, pos);
    }
  }
}

function refuseCommand(sub: Word, found: string | undefined, object: string, supported: readonly string[], rules: readonly KeywordRule<string>[]): never {
  if (found === undefined) throw at(sub, `Command "${sub.text}" is unknown, try "ip ${object} help".`, `supported: ${supported.join(', ')}`);
  throw unsupported(sub, `"ip ${object}"`, supported, rules);
}

/** do_ipaddr's commands in order. */
const ADDRESS_COMMANDS: readonly KeywordRule<'add' | 'del' | 'flush' | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'unsupported', prefix: ['change', 'replace'], exact: ['chg'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['list', 'show', 'lst'] },
  { id: 'flush', prefix: ['flush'] },
  { id: 'unsupported', prefix: ['save', 'showdump', 'restore', 'help'] },
];

/** do_iproute's commands in order: `ip r c` is change, `ip r p` prepend, `ip r t` test. */
const ROUTE_COMMANDS: readonly KeywordRule<'add' | 'change' | 'replace' | 'prepend' | 'append' | 'del' | 'flush' | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'change', prefix: ['change'], exact: ['chg'] },
  { id: 'replace', prefix: ['replace'] },
  { id: 'prepend', prefix: ['prepend'] },
  { id: 'append', prefix: ['append'] },
  { id: 'unsupported', prefix: ['test'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['list', 'show', 'lst', 'get'] },
  { id: 'flush', prefix: ['flush'] },
  { id: 'unsupported', prefix: ['save', 'restore', 'showdump', 'help'] },
];

/** do_ipneigh's commands in order. */
const NEIGH_COMMANDS: readonly KeywordRule<'add' | 'change' | 'replace' | 'del' | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'change', prefix: ['change'], exact: ['chg'] },
  { id: 'replace', prefix: ['replace'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['get', 'show', 'lst', 'list', 'flush', 'help'] },
];

/** do_iplink's commands in order (`ip link change` is `set`). */
const LINK_COMMANDS: readonly KeywordRule<'add' | 'set' | 'del' | 'unsupported'>[] = [
  { id: 'add', prefix: ['add'] },
  { id: 'set', prefix: ['set', 'change'] },
  { id: 'unsupported', prefix: ['replace'] },
  { id: 'del', prefix: ['delete'] },
  { id: 'unsupported', prefix: ['show', 'lst', 'list', 'xstats', 'afstats', 'property', 'help'] },
];
