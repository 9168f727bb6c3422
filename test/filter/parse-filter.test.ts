import { FilterError } from '../../src/filter';
import type { FieldRef, FilterNode, Literal } from '../../src/filter/filter-syntax';
import { parseFilter } from '../../src/filter/parse-filter';
import { tokenizeFilter } from '../../src/filter/tokenize-filter';

/** A filter tree as a compact s-expression, for readable expectations. */
function show(n: FilterNode): string {
  const field = (f: FieldRef): string =>
    `${f.name}${f.layers === undefined ? '' : `#${f.layers.from === f.layers.to ? f.layers.from : `[${f.layers.from}..${f.layers.to}]`}`}${f.mask === undefined ? '' : `&${f.mask.value}`}`;
  const lit = (l: Literal): string => (l.kind === 'string' ? JSON.stringify(l.value) : l.value);
  switch (n.kind) {
    case 'everything':
      return 'everything';
    case 'and':
    case 'or':
      return `(${n.kind} ${show(n.left)} ${show(n.right)})`;
    case 'not':
      return `(not ${show(n.operand)})`;
    case 'exists':
      return field(n.field);
    case 'compare':
      return `(${n.quantifier === undefined ? '' : `${n.quantifier} `}${n.relation} ${field(n.field)} ${lit(n.value)})`;
    case 'in':
      return `(${n.quantifier === undefined ? '' : `${n.quantifier} `}in ${field(n.field)} {${n.members.map((m) => (m.high === undefined ? lit(m.low) : `${lit(m.low)}..${lit(m.high)}`)).join(' ')}})`;
  }
}

const parsed = (text: string): string => show(parseFilter(text));

function syntaxError(text: string): { column: number; reason: string } {
  try {
    parseFilter(text);
  } catch (e) {
    if (e instanceof FilterError) return { column: e.column, reason: e.reason };
    throw e;
  }
  throw new Error(`${text} parsed`);
}

describe('parsing display filters', () => {
  it('reads an empty filter as matching everything, as tshark does', () => {
    expect(parsed('')).toBe('everything');
    expect(parsed('   ')).toBe('everything');
  });

  it('reads a bare protocol or field name as a presence test', () => {
    expect(parsed('vrrp')).toBe('vrrp');
    expect(parsed('ipv6.hopopts')).toBe('ipv6.hopopts');
    expect(parsed('ip.dst')).toBe('ip.dst');
  });

  it('binds not tighter than and, and and tighter than or (wireshark-filter(4))', () => {
    expect(parsed('a || b && c')).toBe('(or a (and b c))');
    expect(parsed('a && b || c')).toBe('(or (and a b) c)');
    expect(parsed('!a && b')).toBe('(and (not a) b)');
    expect(parsed('A and B or not C or D and not E or F')).toBe('(or (or (or (and A B) (not C)) (and D (not E))) F)');
  });

  it('associates and and or to the left', () => {
    expect(parsed('a && b && c')).toBe('(and (and a b) c)');
    expect(parsed('a or b or c')).toBe('(or (or a b) c)');
  });

  it('lets parentheses override precedence', () => {
    expect(parsed('(a || b) && c')).toBe('(and (or a b) c)');
    expect(parsed('!(a || b)')).toBe('(not (or a b))');
    expect(parsed('((a))')).toBe('a');
  });

  it('applies not to a whole comparison', () => {
    expect(parsed('!ip.dst == 224.1.2.3')).toBe('(not (any_eq ip.dst 224.1.2.3))');
    expect(parsed('not not ip')).toBe('(not (not ip))');
    expect(parsed('!!ip')).toBe('(not (not ip))');
  });

  it('reads the symbol and word forms of every relation alike', () => {
    const pairs: [string, string][] = [
      ['==', 'any_eq'],
      ['eq', 'any_eq'],
      ['any_eq', 'any_eq'],
      ['!=', 'all_ne'],
      ['ne', 'all_ne'],
      ['all_ne', 'all_ne'],
      ['===', 'all_eq'],
      ['all_eq', 'all_eq'],
      ['!==', 'any_ne'],
      ['~=', 'any_ne'],
      ['any_ne', 'any_ne'],
      ['<', 'lt'],
      ['lt', 'lt'],
      ['<=', 'le'],
      ['le', 'le'],
      ['>', 'gt'],
      ['gt', 'gt'],
      ['>=', 'ge'],
      ['ge', 'ge'],
    ];
    for (const [op, relation] of pairs) expect(parsed(`ip.ttl ${op} 64`)).toBe(`(${relation} ip.ttl 64)`);
    expect(parsed('frame.protocols contains "vlan"')).toBe('(contains frame.protocols "vlan")');
    expect(parsed('frame.protocols matches "v.*n"')).toBe('(matches frame.protocols "v.*n")');
    expect(parsed('frame.protocols ~ "v.*n"')).toBe('(matches frame.protocols "v.*n")');
  });

  it('reads the logical operators in symbol and word forms', () => {
    expect(parsed('a and b or not c')).toBe(parsed('a && b || !c'));
  });

  it('needs no spaces around operators', () => {
    expect(parsed('ip.ttl==63&&!arp')).toBe('(and (any_eq ip.ttl 63) (not arp))');
    expect(parsed('eth.src==02:00:00:00:00:02||ip.dst>=198.51.100.0/24')).toBe('(or (any_eq eth.src 02:00:00:00:00:02) (ge ip.dst 198.51.100.0/24))');
  });

  it('reads addresses, prefixes and numbers as single words', () => {
    expect(parsed('ipv6.dst == 2001:db8::/32')).toBe('(any_eq ipv6.dst 2001:db8::/32)');
    expect(parsed('ipv6.dst == ::ffff:192.0.2.1')).toBe('(any_eq ipv6.dst ::ffff:192.0.2.1)');
    expect(parsed('eth.src == 02-00-00-00-00-02')).toBe('(any_eq eth.src 02-00-00-00-00-02)');
    expect(parsed('eth.src == 0200.0000.0002')).toBe('(any_eq eth.src 0200.0000.0002)');
    expect(parsed('vxlan.gbp == 0x1234')).toBe('(any_eq vxlan.gbp 0x1234)');
  });

  it('reads the layer operator: a number, the last layers, and ranges', () => {
    expect(parsed('ip.dst#2 == 10.0.0.2')).toBe('(any_eq ip.dst#2 10.0.0.2)');
    expect(parsed('ip.dst#-1')).toBe('ip.dst#-1');
    expect(parsed('ip.dst#[2-3]')).toBe('ip.dst#[2..3]');
    expect(parsed('ip.dst#[2:2]')).toBe('ip.dst#[2..3]');
    expect(parsed('ip.dst #2')).toBe('ip.dst#2');
    expect(parsed('ip#2')).toBe('ip#2');
  });

  it('reads sets with commas, spaces and ranges', () => {
    expect(parsed('ip.ttl in {64, 1..3}')).toBe('(in ip.ttl {64 1..3})');
    expect(parsed('ip.ttl in {64 1 .. 3 255}')).toBe('(in ip.ttl {64 1..3 255})');
    expect(parsed('ip.src in {10.0.0.5..10.0.0.9}')).toBe('(in ip.src {10.0.0.5..10.0.0.9})');
    expect(parsed('frame.interface_name in {"lan" "wan"}')).toBe('(in frame.interface_name {"lan" "wan"})');
  });

  it('reads not in as the negation of in', () => {
    expect(parsed('udp.port not in {50001}')).toBe('(not (in udp.port {50001}))');
  });

  it('reads the any and all quantifiers before a comparison', () => {
    expect(parsed('all tcp.port > 1024')).toBe('(all gt tcp.port 1024)');
    expect(parsed('any ip.addr != 192.0.2.1')).toBe('(any all_ne ip.addr 192.0.2.1)');
  });

  it('reads a bitwise mask on the field', () => {
    expect(parsed('tcp.flags & 0x02')).toBe('tcp.flags&0x02');
    expect(parsed('tcp.flags bitwise_and 0x12 == 0x12')).toBe('(any_eq tcp.flags&0x12 0x12)');
  });

  it('decodes string escapes and keeps backslashes in raw strings', () => {
    const value = (text: string): string => (tokenizeFilter(text)[0]!.value);
    expect(value('"l\\x61n"')).toBe('lan');
    expect(value('"l\\141n"')).toBe('lan');
    expect(value('"a\\"b\\\\c\\n"')).toBe('a"b\\c\n');
    expect(value('"\\u00e9"')).toBe('é');
    expect(value('r"\\d+\\"x"')).toBe('\\d+\\"x');
  });

  it('gives every token its 1-based column', () => {
    expect(tokenizeFilter('ip.ttl == 64').map((t) => [t.text, t.column])).toEqual([
      ['ip.ttl', 1],
      ['==', 8],
      ['64', 11],
      ['', 13],
    ]);
  });
});

describe('display-filter syntax errors', () => {
  const cases: [string, number, string][] = [
    ['ip.ttl ==', 10, 'Unexpected end of filter expression.'],
    ['ip and', 7, 'Unexpected end of filter expression.'],
    ['!', 2, 'Unexpected end of filter expression.'],
    ['(ip.ttl == 3', 1, 'Unexpected end of filter expression: this "(" is not closed.'],
    ['ip && ((udp)', 7, 'Unexpected end of filter expression: this "(" is not closed.'],
    ['ip.ttl == 3)', 12, '")" was unexpected in this context.'],
    ['()', 2, '")" was unexpected in this context.'],
    ['ip ip', 4, '"ip" was unexpected in this context.'],
    ['ip.ttl = 3', 8, '"=" was unexpected in this context.'],
    ['ip.ttl == 64 && @', 17, '"@" was unexpected in this context.'],
    ['ip AND udp', 4, '"AND" was unexpected in this context.'],
    ['ip.ttl == 64 == 3', 14, '"==" was unexpected in this context.'],
    ['frame.interface_name == "lan', 25, 'The final quote was missing from a quoted string.'],
    ['frame.interface_name == "lan\\x"', 29, '\\x is not a valid character escape sequence'],
    ['ip.ttl in {64,}', 15, '"}" was unexpected in this context.'],
    ['ip.ttl in {}', 12, '"}" was unexpected in this context.'],
    ['ip.ttl in {64', 11, 'Unexpected end of filter expression: this "{" is not closed.'],
    ['ip.ttl in 64', 11, '"64" was unexpected in this context.'],
    ['ip.ttl# 2', 8, 'Expected a layer number or "[" directly after "#".'],
    ['ip.ttl#x', 8, '"x" is not a valid layer number.'],
    ['ip.ttl#[2-]', 9, '"2-" is not a valid range.'],
    ['all ip.ttl', 11, 'Unexpected end of filter expression.'],
    ['ip.ttl == and', 11, '"and" was unexpected in this context.'],
    ['== 3', 1, '"==" was unexpected in this context.'],
  ];
  for (const [text, column, reason] of cases) {
    it(`reports ${JSON.stringify(text)} at column ${column}: ${reason}`, () => {
      expect(syntaxError(text)).toEqual({ column, reason });
    });
  }

  it('formats the message with the column and underlines the token as tshark does', () => {
    try {
      parseFilter('ip.ttl == 64 && @');
      throw new Error('parsed');
    } catch (e) {
      const err = e as FilterError;
      expect(err).toBeInstanceOf(FilterError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('FilterError');
      expect(err.message).toBe('column 17: "@" was unexpected in this context.');
      expect(err.filter).toBe('ip.ttl == 64 && @');
      expect(err.caret()).toBe('ip.ttl == 64 && @\n                ^');
    }
  });
});
