import { parseCommand, parseSetup, SetupScript, SetupSyntaxError } from '../../../src/stack/commands';
import { errorOf } from './helpers';

describe('parseSetup and parseCommand', () => {
  test('a setup block gives one command per line, with comments and continuations, positions shifted by the offsets', () => {
    const text = [
      '# bring the bridge up',
      'ip link add br0 type bridge',
      'ip link set swp1 \\',
      '    master br0 up',
      '',
      'sysctl -w net.ipv4.ip_forward=1  # routing on',
    ].join('\n');
    const cmds = parseSetup(text, { lineOffset: 20, columnOffset: 6 });
    expect(cmds.map((c) => [c.kind, c.pos.line, c.pos.column])).toEqual([
      ['link-add', 22, 7],
      ['link-set', 23, 7],
      ['sysctl', 26, 7],
    ]);
    expect(cmds[1]).toMatchObject({ dev: { name: 'swp1', line: 23, column: 19 }, master: { name: 'br0', line: 24, column: 18 }, state: { line: 24, column: 22 } });
  });

  test('a SetupScript (a fixture\'s setup, kept as text) parses line by line each time it is iterated, and checks as parseSetup does', () => {
    const text = 'ip link add br0 type bridge\nip link set swp1 \\\n    master br0 up\nsysctl -w net.ipv4.ip_forward=1';
    const script = new SetupScript(text, { lineOffset: 20, columnOffset: 6 }).checked();
    expect([...script]).toEqual(parseSetup(text, { lineOffset: 20, columnOffset: 6 }));
    expect([...script].map((c) => c.kind)).toEqual(['link-add', 'link-set', 'sysctl']);
    // A command's error (line 1) yields to a shell syntax error further on (line 2), as in parseSetup.
    const bad = 'ip link set a up\nip link set b up;';
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const fromScript = caught(() => new SetupScript(bad).checked());
    expect(fromScript).toBeInstanceOf(SetupSyntaxError);
    expect(fromScript).toEqual(caught(() => parseSetup(bad)));
    expect(fromScript).toMatchObject({ line: 2, column: 17 });
  });

  test('parseCommand takes exactly one command, which may continue over lines', () => {
    expect(parseCommand('ip link set swp1 \\\n down', { lineOffset: 4 })).toMatchObject({ kind: 'link-set', pos: { line: 5, column: 1 }, state: { value: 'down', line: 6 } });
    expect(() => parseCommand('ip link set swp1 down\nip link set swp2 down')).toThrow('a second command');
    expect(() => parseCommand('# nothing')).toThrow('no command');
  });

  test('the first error stops parsing and names its line', () => {
    expect(errorOf('ip link add br0 type bridge\nip link set br0 up\nip rout add 10.0.0.0/8 dev br0 mtu 1400')).toMatchObject({ line: 3, column: 32 });
  });

  test.each([
    ['ip -6 route add ::/0 dev eth0', 'route'],
    ['ip -f inet6 route add ::/0 dev eth0', 'route'],
    ['ip -family inet addr add 10.0.0.1/8 dev eth0', 'address'],
    ['ip --4 route add 10.0.0.0/8 dev eth0', 'route'],
    ['ip -- route add 10.0.0.0/8 dev eth0', 'route'],
  ])('ip options: %j', (text, kind) => {
    expect(parseSetup(text)[0]!.kind).toBe(kind);
  });

  test.each([
    ['ifconfig eth0 up', 1, 1, '"ifconfig" is not a setup command'],
    ['sudo ip link set eth0 up', 1, 1, '"sudo" is not a setup command'],
    ['ip', 1, 1, '"ip" needs an object'],
    ['ip foo', 1, 4, 'Object "foo" is unknown, try "ip help".'],
    ['ip rule add from all lookup 100', 1, 4, '"rule" is valid ip object syntax but not supported by pcapverdict'],
    ['ip m add 01:00:5e:00:00:01 dev eth0', 1, 4, '"m" (ip reads it as "maddress") is valid ip object syntax but not supported by pcapverdict'],
    ['ip -s link set eth0 up', 1, 4, '"-s" (ip reads it as "-stats") is valid ip option syntax but not supported by pcapverdict'],
    ['ip -n ns1 link set eth0 up', 1, 4, '"-n" (ip reads it as "-netns") is valid ip option syntax but not supported by pcapverdict'],
    ['ip -x link set eth0 up', 1, 4, 'Option "-x" is unknown, try "ip -help".'],
    ['ip -4 link set eth0 up', 1, 7, '-4/-6 mean nothing to "ip link"'],
    ['ip route', 1, 4, '"ip route" without a command lists state; it is not a setup command'],
    ['ip -f link route add 10.0.0.0/8 dev eth0', 1, 7, '"link" is valid "-family" syntax but not supported by pcapverdict'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });

  test('an unsupported word lists what is supported in the hint', () => {
    expect(errorOf('ip route add 10.0.0.0/8 dev eth0 mtu 1400').hint).toMatch(/^supported: \[TYPE\] PREFIX\|default, via/);
  });
});
