import { FilterError } from './filter-error';
import type { FieldRef, FilterNode, LayerRange, Literal, Quantifier, Relation, SetMember } from './filter-syntax';
import { tokenizeFilter, type Token } from './tokenize-filter';

/**
 * Parses a display filter into a `FilterNode` tree (syntax only: names and values are
 * checked by the compiler). Precedence as Wireshark 4 documents it (wireshark-filter(4),
 * "Logical expressions"): `not` binds tighter than `and`, which binds tighter than `or`;
 * `and` and `or` associate to the left. An empty filter matches every frame, as in tshark.
 *
 *   filter   = [ or ] ;
 *   or       = and { ( "||" | "or" ) and } ;
 *   and      = unary { ( "&&" | "and" ) unary } ;
 *   unary    = ( "!" | "not" ) unary | "(" or ")" | test ;
 *   test     = [ "any" | "all" ] operand [ relation value | [ "not" ] "in" set ] ;
 *   operand  = name [ "#" layer ] [ ( "&" | "bitwise_and" ) value ] ;
 */
export function parseFilter(text: string): FilterNode {
  const p = new FilterParser(text);
  return p.parse();
}

/** Relations by token, symbols and Wireshark's word forms. */
const RELATIONS: Readonly<Record<string, Relation>> = {
  '==': 'any_eq',
  eq: 'any_eq',
  any_eq: 'any_eq',
  '!=': 'all_ne',
  ne: 'all_ne',
  all_ne: 'all_ne',
  '===': 'all_eq',
  all_eq: 'all_eq',
  '!==': 'any_ne',
  '~=': 'any_ne',
  any_ne: 'any_ne',
  '>': 'gt',
  gt: 'gt',
  '>=': 'ge',
  ge: 'ge',
  '<': 'lt',
  lt: 'lt',
  '<=': 'le',
  le: 'le',
  contains: 'contains',
  matches: 'matches',
  '~': 'matches',
};

/** Words that are syntax, never a field or a value (Wireshark's keywords are lower case only). */
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'any', 'all', 'bitwise_and', ...Object.keys(RELATIONS).filter((k) => /^[a-z_]+$/.test(k))]);

class FilterParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenizeFilter(text);
  }

  parse(): FilterNode {
    if (this.peek().kind === 'end') return { kind: 'everything' };
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') throw this.unexpected(t);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  /** True (and consumed) when the next token is punctuation `p` or keyword `w`. */
  private accept(p: string | undefined, w?: string): boolean {
    const t = this.peek();
    if ((t.kind === 'punct' && t.text === p) || (w !== undefined && t.kind === 'word' && t.text === w)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private unexpected(t: Token): FilterError {
    if (t.kind === 'end') return new FilterError('Unexpected end of filter expression.', t.column, this.text);
    return new FilterError(`"${t.text}" was unexpected in this context.`, t.column, this.text, t.length);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.accept('||', 'or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.accept('&&', 'and')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.accept('!', 'not')) return { kind: 'not', operand: this.parseUnary() };
    const open = this.peek();
    if (this.accept('(')) {
      const inner = this.parseOr();
      const close = this.peek();
      if (this.accept(')')) return inner;
      if (close.kind === 'end') throw new FilterError('Unexpected end of filter expression: this "(" is not closed.', open.column, this.text);
      throw this.unexpected(close);
    }
    return this.parseTest();
  }

  private parseTest(): FilterNode {
    let quantifier: Quantifier | undefined;
    if (this.accept(undefined, 'any')) quantifier = 'any';
    else if (this.accept(undefined, 'all')) quantifier = 'all';
    const field = this.parseOperand();
    const t = this.peek();
    if (t.kind === 'word' && t.text === 'not' && this.tokens[this.pos + 1]?.kind === 'word' && this.tokens[this.pos + 1]?.text === 'in') {
      this.pos += 2;
      return { kind: 'not', operand: { kind: 'in', field, quantifier, members: this.parseSet() } };
    }
    if (this.accept(undefined, 'in')) return { kind: 'in', field, quantifier, members: this.parseSet() };
    const relation = (t.kind === 'punct' || t.kind === 'word') && Object.hasOwn(RELATIONS, t.text) ? RELATIONS[t.text] : undefined;
    if (relation !== undefined) {
      this.pos++;
      return { kind: 'compare', field, relation, quantifier, value: this.parseValue(), opColumn: t.column, opText: t.text };
    }
    // `any` / `all` quantify a comparison; alone they mean nothing.
    if (quantifier !== undefined) throw this.unexpected(t);
    return { kind: 'exists', field };
  }

  private parseOperand(): FieldRef {
    const t = this.next();
    if (t.kind !== 'word' || KEYWORDS.has(t.text)) throw this.unexpected(t);
    const layers = this.peek().kind === 'punct' && this.peek().text === '#' ? this.parseLayer() : undefined;
    const mask = this.accept('&', 'bitwise_and') ? this.parseValue() : undefined;
    return { name: t.text, column: t.column, length: t.length, layers, mask };
  }

  /** `#n`, `#-n` (from the last), `#[m-n]`, `#[m:count]`; digits must follow `#` directly. */
  private parseLayer(): LayerRange {
    const hash = this.next();
    const t = this.peek();
    if (t.column !== hash.column + 1 || !(t.kind === 'word' || (t.kind === 'punct' && t.text === '['))) {
      throw new FilterError('Expected a layer number or "[" directly after "#".', hash.column + 1, this.text);
    }
    this.pos++;
    if (t.kind === 'word') {
      if (!/^-?\d+$/.test(t.text)) throw new FilterError(`"${t.text}" is not a valid layer number.`, t.column, this.text, t.length);
      const n = Number(t.text);
      return { from: n, to: n };
    }
    const r = this.next();
    const m = r.kind === 'word' ? /^(-?\d+)(?:([-:])(\d+))?$/.exec(r.text) : null;
    if (m === null) throw r.kind === 'end' || r.kind === 'word' ? this.badRange(r) : this.unexpected(r);
    if (!this.accept(']')) throw this.unexpected(this.peek());
    const from = Number(m[1]);
    if (m[2] === undefined) return { from, to: from };
    if (m[2] === '-') return { from, to: Number(m[3]) };
    if (from < 0) throw this.badRange(r);
    return { from, to: from + Number(m[3]) - 1 };
  }

  private badRange(t: Token): FilterError {
    if (t.kind === 'end') return this.unexpected(t);
    return new FilterError(`"${t.text}" is not a valid range.`, t.column, this.text, t.length);
  }

  private parseValue(): Literal {
    const t = this.next();
    if (t.kind === 'string' || (t.kind === 'word' && !KEYWORDS.has(t.text))) {
      return { kind: t.kind, value: t.value, column: t.column, length: t.length };
    }
    throw this.unexpected(t);
  }

  /**
   * `{a, b, c..d}`: elements separated by commas (Wireshark 4) or by spaces (Wireshark
   * 3.x); both are read. A trailing comma and an empty set are errors, as in tshark.
   */
  private parseSet(): SetMember[] {
    const open = this.peek();
    if (!this.accept('{')) throw this.unexpected(open);
    const members: SetMember[] = [];
    for (;;) {
      const low = this.parseValue();
      const high = this.accept('..') ? this.parseValue() : undefined;
      members.push({ low, high });
      if (this.accept('}')) return members;
      this.accept(',');
      const t = this.peek();
      if (t.kind === 'end') throw new FilterError('Unexpected end of filter expression: this "{" is not closed.', open.column, this.text);
    }
  }
}
