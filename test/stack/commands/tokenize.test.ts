import { parseSetup, tokenizeSetup } from '../../../src/stack/commands';
import { errorOf } from './helpers';

const texts = (text: string) => tokenizeSetup(text).map((c) => c.words.map((w) => w.text));

describe('tokenizing setup text like a shell would', () => {
  test('each line is a command and blank lines are skipped', () => {
    expect(texts('ip link set a up\n\n  ip link set b up\n')).toEqual([
      ['ip', 'link', 'set', 'a', 'up'],
      ['ip', 'link', 'set', 'b', 'up'],
    ]);
  });

  test('a # at the start of a word begins a comment, elsewhere it is a character', () => {
    expect(texts('# a comment\nip link set a#b up # trailing\n   # indented comment')).toEqual([['ip', 'link', 'set', 'a#b', 'up']]);
  });

  test('a backslash before the newline continues the command on the next line', () => {
    expect(texts('ip route add 10.0.0.0/8 \\\n    via 10.0.0.1 \\\n    dev eth0\nip link set eth0 up')).toEqual([
      ['ip', 'route', 'add', '10.0.0.0/8', 'via', '10.0.0.1', 'dev', 'eth0'],
      ['ip', 'link', 'set', 'eth0', 'up'],
    ]);
  });

  test('a continuation inside a word joins the two halves, as in sh', () => {
    expect(texts('ip link set et\\\nh0 up')).toEqual([['ip', 'link', 'set', 'eth0', 'up']]);
  });

  test('CR LF line ends work like LF', () => {
    expect(texts('ip link set a up\r\nip link set b \\\r\n up\r\n')).toEqual([
      ['ip', 'link', 'set', 'a', 'up'],
      ['ip', 'link', 'set', 'b', 'up'],
    ]);
  });

  test('single quotes keep everything literally, double quotes allow \\" and \\\\', () => {
    expect(texts(`sysctl -w 'net.ipv4.ip_forward=1'`)).toEqual([['sysctl', '-w', 'net.ipv4.ip_forward=1']]);
    expect(texts(`ip link set "a\\"b" up`)).toEqual([['ip', 'link', 'set', 'a"b', 'up']]);
    expect(texts(`ip link set 'a'"b"c up`)).toEqual([['ip', 'link', 'set', 'abc', 'up']]);
    expect(texts(`ip link set '' up`)).toEqual([['ip', 'link', 'set', '', 'up']]);
  });

  test('a backslash outside quotes escapes the next character', () => {
    expect(texts('ip link set a\\ b up')).toEqual([['ip', 'link', 'set', 'a b', 'up']]);
  });

  test('word positions are 1-based line and column, the column of the first character or quote', () => {
    const [a, b] = tokenizeSetup('ip link\n  ip  "x y" \\\n z');
    expect(a!.words.map((w) => [w.line, w.column])).toEqual([[1, 1], [1, 4]]);
    expect(b!.words.map((w) => [w.text, w.line, w.column])).toEqual([['ip', 2, 3], ['x y', 2, 7], ['z', 3, 2]]);
  });

  test('lineOffset and columnOffset move every position, also on continuation lines', () => {
    const [c] = tokenizeSetup('ip link set \\\n  x up', { lineOffset: 10, columnOffset: 4 });
    expect(c!.words.map((w) => [w.text, w.line, w.column])).toEqual([
      ['ip', 11, 5], ['link', 11, 8], ['set', 11, 13], ['x', 12, 7], ['up', 12, 9],
    ]);
    expect(parseSetup('ip link set \\\n  x up', { lineOffset: 10, columnOffset: 4 })[0]).toMatchObject({
      pos: { line: 11, column: 5 },
      dev: { name: 'x', line: 12, column: 7 },
      state: { value: 'up', line: 12, column: 9 },
    });
  });

  test.each([
    ['ip link set a up; ip link set b up', 1, 17, '";" is not supported'],
    ['ip link set a up | cat', 1, 18, 'shell syntax "|" is not supported'],
    ['ip link set a up && true', 1, 18, 'shell syntax "&" is not supported'],
    ['ip link set a up > /dev/null', 1, 18, 'shell syntax ">" is not supported'],
    ['ip link set $DEV up', 1, 13, 'shell syntax "$" is not supported'],
    ['ip link set "$DEV" up', 1, 14, 'shell expansion "$" is not supported'],
    ['ip link set `x` up', 1, 13, 'shell syntax "`" is not supported'],
    ['ip link set eth* up', 1, 16, 'shell pattern character "*" is not supported'],
    ['ip link set ~x up', 1, 13, 'shell pattern character "~" is not supported'],
    ["ip link set 'eth0 up", 1, 13, "unterminated ' quote"],
    ['ip link set\n"eth0 up', 2, 1, 'unterminated " quote'],
    ['ip link set eth0 up \\', 1, 21, 'a "\\" at the end of the text continues nothing'],
  ])('%j is refused at line %i, column %i: %s', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });

  test('errors carry lineOffset and columnOffset too', () => {
    expect(errorOf('ip link set a up\nip link set b up;', { lineOffset: 7, columnOffset: 2 })).toMatchObject({ line: 9, column: 19 });
  });
});
