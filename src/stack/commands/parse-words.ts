/**
 * Shared pieces of the command parsers: a cursor over one command's words, iproute2's keyword
 * matching, and iproute2's own error messages (lib/utils.c: invarg, duparg, duparg2,
 * incomplete_command, get_prefix, get_addr; lib/ll_addr.c: ll_addr_a2n).
 */

import { formatMac, parseMac } from '../../addr/mac';
import type { Arg, DevRef, Flag, Mac } from './command-types';
import { readIpAddress, readIpPrefix, type IpAddress, type IpFamily, type IpPrefix } from './ip-prefix';
import { SetupSyntaxError } from './setup-syntax-error';
import type { Word } from './tokenize';

export class Words {
  private i = 0;

  constructor(readonly words: readonly Word[]) {}

  peek(): Word | undefined {
    return this.words[this.i];
  }

  next(): Word | undefined {
    const w = this.words[this.i];
    if (w !== undefined) this.i++;
    return w;
  }

  /** NEXT_ARG(): the word after `keyword`, or iproute2's complaint that there is none. */
  value(keyword: Word): Word {
    const w = this.next();
    if (w === undefined) throw incomplete(keyword);
    return w;
  }

  /** The words not read yet. */
  rest(): readonly Word[] {
    return this.words.slice(this.i);
  }

  done(): boolean {
    return this.i >= this.words.length;
  }
}

/**
 * iproute2's `matches(word, keyword)`: the word is a non-empty prefix of the keyword. `ip`
 * checks keywords in a fixed order and takes the first that matches, so the rule tables in the
 * parsers list keywords in iproute2 6.1's order, including the ones we do not support.
 */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** One keyword of an iproute2 argument loop: the words that select it, exactly or as a prefix. */
export interface KeywordRule<Id extends string> {
  readonly id: Id;
  readonly exact?: readonly string[];
  readonly prefix?: readonly string[];
}

/** The first rule that takes the word, in iproute2's order. */
export function findKeyword<Id extends string>(word: string, rules: readonly KeywordRule<Id>[]): Id | undefined {
  for (const r of rules) {
    if (r.exact?.includes(word) === true) return r.id;
    if (r.prefix?.some((k) => matches(word, k)) === true) return r.id;
  }
  return undefined;
}

/** An error at a word, or at any positioned thing (an Arg, a DevRef, a Flag). */
export function at(w: { readonly line: number; readonly column: number }, reason: string, hint?: string): SetupSyntaxError {
  return new SetupSyntaxError(w.line, w.column, reason, hint);
}

export function arg<T>(w: Word, value: T): Arg<T> {
  return { value, line: w.line, column: w.column };
}

export function flag(w: Word): Flag {
  return { line: w.line, column: w.column };
}

/** incomplete_command(). */
export function incomplete(keyword: Word): SetupSyntaxError {
  return at(keyword, 'Command line is not complete. Try option "help"', `"${keyword.text}" needs a value after it`);
}

/** invarg(msg, arg). */
export function invarg(w: Word, msg: string, hint?: string): SetupSyntaxError {
  return at(w, `Error: argument "${w.text}" is wrong: ${msg}`, hint);
}

/** duparg(key, arg). */
export function duparg(w: Word, key: string): SetupSyntaxError {
  return at(w, `Error: duplicate "${key}": "${w.text}" is the second value.`);
}

/** duparg2(key, arg): what `ip` says about a second destination, or any word it cannot place. */
export function duparg2(w: Word, key: string, hint?: string): SetupSyntaxError {
  return at(w, `Error: either "${key}" is duplicate, or "${w.text}" is a garbage.`, hint);
}

/** The keyword iproute2 reads a word as (`d` → `dsfield`), when it is an abbreviation. */
export function expandKeyword(word: string, rules: readonly KeywordRule<string>[]): string | undefined {
  for (const r of rules) {
    if (r.exact?.includes(word) === true) return word;
    const k = r.prefix?.find((p) => matches(word, p));
    if (k !== undefined) return k;
  }
  return undefined;
}

/** A keyword the real tool knows but pcapverdict does not model; with `rules`, says what an abbreviation stands for. */
export function unsupported(w: Word, context: string, supported: readonly string[], rules?: readonly KeywordRule<string>[]): SetupSyntaxError {
  const full = rules === undefined ? undefined : expandKeyword(w.text, rules);
  const as = full !== undefined && full !== w.text ? ` (ip reads it as "${full}")` : '';
  return at(w, `"${w.text}"${as} is valid ${context} syntax but not supported by pcapverdict`, `supported: ${supported.join(', ')}`);
}

/** A second occurrence of an option `ip` would silently let win; we refuse the ambiguity. */
export function once<T>(previous: T | undefined, w: Word, key: string): void {
  if (previous !== undefined) throw duparg(w, key);
}

const NOT_DECIMAL_HINT = 'pcapverdict reads numbers in decimal without leading zeros';

/**
 * A decimal number in [min, max]. `ip` reads most numbers with strtoul(…, 0), so `010` is
 * octal and `0x10` hex there: refused here rather than read differently.
 */
export function decimal(w: Word, min: number, max: number, msg: string): number {
  const t = w.text;
  if (/^(0[0-7]+|0[xX][0-9a-fA-F]+)$/.test(t)) {
    throw invarg(w, msg, `${NOT_DECIMAL_HINT}; ip would read "${t}" as ${t[1] === 'x' || t[1] === 'X' ? 'hexadecimal' : 'octal'}`);
  }
  if (!/^(0|[1-9][0-9]*)$/.test(t)) throw invarg(w, msg);
  const n = Number(t);
  if (n < min || n > max) throw invarg(w, msg, n >= 0 && n <= 0xffffffff ? `${min} … ${max}` : undefined);
  return n;
}

export const U32_MAX = 0xffffffff;

/** Device names as `ip` checks them (check_ifname): not empty, no `/` or white space, at most 15 bytes (IFNAMSIZ - 1). */
export function devRef(w: Word, key: 'dev' | 'name' = 'dev'): DevRef {
  const t = w.text;
  if (t === '' || /[/\s]/.test(t) || Buffer.byteLength(t) > 15) {
    throw invarg(w, `"${key}" not a valid ifname`);
  }
  return { name: t, line: w.line, column: w.column };
}

const MAC_GROUPS = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/;

/**
 * A MAC: six colon-separated hex bytes of one or two digits (`ip` also reads `2:0:0:0:0:1`).
 * Dashes are not iproute2 syntax (ll_addr_a2n splits on `:` only): `02-00-…` is one byte there.
 */
export function mac(w: Word): Arg<Mac> {
  const t = w.text;
  if (!MAC_GROUPS.test(t)) {
    const bad = t.split(':').find((g) => !/^[0-9a-fA-F]{1,2}$/.test(g));
    if (bad !== undefined && !t.includes('.') && !/^[0-9a-fA-F]/.test(bad)) {
      // Where sscanf("%x") finds no digit, ip fails with these words too.
      throw at(w, `"${bad}" is invalid lladdr.`);
    }
    throw at(w, `"${t}" is invalid lladdr.`, 'a MAC address is six colon-separated hex bytes, e.g. 02:00:00:00:00:01');
  }
  const b = parseMac(t)!;
  return arg(w, formatMac(b, 0));
}

export function familyName(family: IpFamily | undefined): string {
  return family === 4 ? 'inet' : family === 6 ? 'inet6' : 'any valid';
}

const STRICT_HINT = 'pcapverdict takes IPv4 as four decimal octets without leading zeros and a decimal /LEN';

/** get_prefix(): `ADDR[/LEN]` of the family in force. */
export function prefixArg(w: Word, family: IpFamily | undefined): { readonly prefix: Arg<IpPrefix>; readonly lengthGiven: boolean } {
  const r = readIpPrefix(w.text, family);
  if (r === undefined) {
    throw at(w, `Error: ${familyName(family)} prefix is expected rather than "${w.text}".`, looksIpv4ish(w.text) ? STRICT_HINT : undefined);
  }
  return { prefix: arg(w, r.prefix), lengthGiven: r.lengthGiven };
}

/** get_addr(): an address of the family in force. */
export function addressArg(w: Word, family: IpFamily | undefined): Arg<IpAddress> {
  const a = readIpAddress(w.text, family);
  if (a === undefined) {
    throw at(w, `Error: ${familyName(family)} address is expected rather than "${w.text}".`, looksIpv4ish(w.text) ? STRICT_HINT : undefined);
  }
  return arg(w, a);
}

function looksIpv4ish(t: string): boolean {
  return /^[0-9.xX/]+$/.test(t) && !t.includes(':');
}

/** ip's -4 / -6 / -f … options, shared by the ip objects. */
export type FamilyOption = IpFamily | undefined;
