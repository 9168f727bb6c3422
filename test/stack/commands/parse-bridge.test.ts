import { at, dev, errorOf, one } from './helpers';

describe('bridge fdb', () => {
  test('add with master, static and vlan keeps each with its column', () => {
    expect(one('bridge fdb add 02:00:00:00:00:0A dev swp1 master static vlan 10')).toEqual({
      kind: 'bridge-fdb',
      pos: { line: 1, column: 1 },
      action: 'add',
      mac: at('02:00:00:00:00:0a', 16),
      dev: dev('swp1', 38),
      master: { line: 1, column: 43 },
      target: { master: true, self: false },
      state: at('static', 50),
      vlan: at(10, 62),
    });
  });

  test('without master or self, bridge sends self: the entry goes to the device itself', () => {
    expect(one('bridge fdb add 02:00:00:00:00:01 dev swp1')).toMatchObject({ target: { master: false, self: true } });
    expect(one('bridge fdb add 02:00:00:00:00:01 dev br0 self local')).toMatchObject({ target: { master: false, self: true }, state: { value: 'permanent' } });
    expect(one('bridge fdb add 02:00:00:00:00:01 dev swp1 master self')).toMatchObject({ target: { master: true, self: true } });
  });

  test.each([
    ['bridge fdb add 02:00:00:00:00:01 dev swp1 m', 'add', { master: {} }],
    ['bridge fdb a 02:00:00:00:00:01 dev swp1 master', 'add', { master: {} }],
    ['bridge fdb ap 02:00:00:00:00:01 dev swp1 master', 'append', {}],
    ['bridge fdb replace 02:00:00:00:00:01 dev swp1 master dynamic', 'replace', { state: { value: 'dynamic' } }],
    ['bridge fdb del 02:00:00:00:00:01 dev swp1 master', 'del', {}],
    ['bridge fdb d 02:00:00:00:00:01 dev swp1 master', 'del', {}],
    ['bridge fd add 02:00:00:00:00:01 dev swp1 permanent', 'add', { state: { value: 'permanent' } }],
    ['bridge fdb add 02:00:00:00:00:01 dev swp1 temp', 'add', { state: { value: 'static' } }],
    ['bridge fdb add to 02:00:00:00:00:01 dev swp1 s', 'add', { state: { value: 'static' } }],
    ['bridge fdb add 02:00:00:00:00:01 dev swp1 v 5', 'add', { vlan: { value: 5 } }],
  ])('%j is fdb %s', (text, action, extra) => {
    expect(one(text)).toMatchObject({ kind: 'bridge-fdb', action, mac: { value: '02:00:00:00:00:01' }, ...extra });
  });

  test.each([
    ['bridge fdb add 02:00:00:00:00:01', 1, 12, 'Device and address are required arguments.'],
    ['bridge fdb add 02:00:00:00:00 dev swp1', 1, 16, 'Invalid mac address 02:00:00:00:00'],
    ['bridge fdb add 02:00:00:00:00:01 02:00:00:00:00:02 dev swp1', 1, 34, 'Error: either "to" is duplicate, or "02:00:00:00:00:02" is a garbage.'],
    ['bridge fdb add 02:00:00:00:00:01 dev swp1 vlan x', 1, 48, '"x" is not a VLAN id'],
    ['bridge fdb add 02:00:00:00:00:01 dev swp1 static dynamic', 1, 50, '"dynamic" contradicts "static" earlier on the line'],
    ['bridge fdb add 02:00:00:00:00:01 dev vx0 dst 192.0.2.1', 1, 42, '"dst" is valid "bridge fdb add" syntax but not supported by pcapverdict'],
    ['bridge fdb show', 1, 12, '"show" is valid "bridge fdb" syntax but not supported by pcapverdict'],
    ['bridge mdb add dev br0 port swp1 grp 239.1.1.1', 1, 8, '"mdb" is valid bridge syntax but not supported by pcapverdict'],
    ['bridge foo', 1, 8, 'Object "foo" is unknown, try "bridge help".'],
    ['bridge fdb foo', 1, 12, 'Command "foo" is unknown, try "bridge fdb help".'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});

describe('bridge vlan', () => {
  test('add keeps device, vid range and flags', () => {
    expect(one('bridge vlan add dev swp1 vid 10 pvid untagged master')).toEqual({
      kind: 'bridge-vlan',
      pos: { line: 1, column: 1 },
      action: 'add',
      dev: dev('swp1', 21),
      vid: at({ from: 10, to: 10 }, 30),
      pvid: { line: 1, column: 33 },
      untagged: { line: 1, column: 38 },
      master: { line: 1, column: 47 },
    });
    expect(one('bridge vlan a dev br0 vid 10-20 self')).toMatchObject({ vid: { value: { from: 10, to: 20 } }, self: {} });
    expect(one('bridge vlan del dev swp1 vid 10')).toMatchObject({ action: 'del' });
  });

  test.each([
    ['bridge vlan add dev swp1', 1, 13, 'Device and VLAN ID are required arguments.'],
    ['bridge vlan add dev swp1 vid 4096', 1, 30, 'Invalid VLAN ID "4096"'],
    ['bridge vlan add dev swp1 vid 10-5', 1, 30, 'Invalid VLAN range "10-5"'],
    ['bridge vlan add dev swp1 vid 10-20 pvid', 1, 36, 'pvid cannot be configured for a vlan range'],
    ['bridge vlan add dev swp1 vid x', 1, 30, '"x" is not a VLAN id or range'],
    ['bridge vlan add dev swp1 vid 10 foo', 1, 33, '"foo" is not a "bridge vlan add" argument'],
    ['bridge vlan show', 1, 13, '"show" is valid "bridge vlan" syntax but not supported by pcapverdict'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});
