import { FilterError } from './filter-error';

/**
 * Splits a display filter into tokens, each with its 1-based column.
 *
 * Like Wireshark's scanner, a value is not typed here: `02:00:00:00:00:02`, `192.0.2.0/24`,
 * `2001:db8::1`, `0x10` and `ip.dst` are all one `word` (a run of letters, digits and
 * `_ - : . /`), and the compiler reads a word as the type of the field it is compared with.
 * `..` always ends a word, so set ranges need no spaces (`{1..3}`, `{10.0.0.5..10.0.0.9}`).
 */
export type TokenKind = 'word' | 'string' | 'punct' | 'other' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (quotes included for strings). */
  readonly text: string;
  /** A string's value after escapes; the text otherwise. */
  readonly value: string;
  readonly column: number;
  readonly length: number;
}

/** Longest first, so `!==` is not read as `!=` `=`. */
const PUNCTUATION = ['===', '!==', '==', '!=', '~=', '<=', '>=', '&&', '||', '..', '<', '>', '!', '~', '&', '(', ')', '{', '}', '[', ']', ',', '#'] as const;

const isWordChar = (c: string): boolean => /[A-Za-z0-9_:.\/-]/.test(c);

export function tokenizeFilter(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || (c === 'r' && text[i + 1] === '"')) {
      const raw = c === 'r';
      const end = readString(text, raw ? i + 1 : i, raw);
      out.push({ kind: 'string', text: text.slice(i, end.next), value: end.value, column: i + 1, length: end.next - i });
      i = end.next;
      continue;
    }
    const p = PUNCTUATION.find((s) => text.startsWith(s, i));
    if (p !== undefined) {
      out.push({ kind: 'punct', text: p, value: p, column: i + 1, length: p.length });
      i += p.length;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      while (j < n && isWordChar(text[j]!) && !(text[j] === '.' && text[j + 1] === '.')) j++;
      const w = text.slice(i, j);
      out.push({ kind: 'word', text: w, value: w, column: i + 1, length: j - i });
      i = j;
      continue;
    }
    // Anything else (`=`, `|`, `@`, `$`...) is reported by the parser where it stands.
    const cp = String.fromCodePoint(text.codePointAt(i)!);
    out.push({ kind: 'other', text: cp, value: cp, column: i + 1, length: cp.length });
    i += cp.length;
  }
  out.push({ kind: 'end', text: '', value: '', column: n + 1, length: 1 });
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "'": "'",
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Reads the string whose opening quote is at `open`, with Wireshark's escapes (\" \\ \a \b
 * \f \n \r \t \v, \NNN octal, \xNN hex, \uNNNN, \UNNNNNNNN). A raw string (r"...") keeps
 * its backslashes; `\"` still does not end it.
 */
function readString(text: string, open: number, raw: boolean): { value: string; next: number } {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { value, next: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    if (raw) {
      value += c + e;
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const m = /^(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/.exec(text.slice(i + 1, i + 10));
    if (m === null) throw new FilterError(`\\${e} is not a valid character escape sequence`, i + 1, text, 2);
    const code = m[1] !== undefined ? parseInt(m[1], 8) : parseInt(m[2] ?? m[3] ?? m[4]!, 16);
    if (code > 0x10ffff) throw new FilterError(`\\${m[0]} is not a valid Unicode code point`, i + 1, text, m[0].length + 1);
    value += String.fromCodePoint(code);
    i += 1 + m[0].length;
  }
  throw new FilterError('The final quote was missing from a quoted string.', open + 1, text, text.length - open);
}
