import { at, dev, errorOf, one } from './helpers';

describe('ip link add', () => {
  test('a bridge with its options keeps each option and its column', () => {
    expect(one('ip link add br0 type bridge vlan_filtering 1 ageing_time 1000 stp_state 0')).toEqual({
      kind: 'link-add',
      pos: { line: 1, column: 1 },
      name: dev('br0', 13),
      type: at('bridge', 22),
      options: { kind: 'bridge', vlanFiltering: at(1, 44), ageingTime: at(1000, 58), stpState: at(0, 73) },
    });
  });

  test('name, address, mtu, link, master and up before the type are all kept; the MAC is canonical', () => {
    expect(one('ip link add name mv1 address 00:00:5E:00:01:01 mtu 1400 link eth0 master br0 up type macvlan mode private')).toMatchObject({
      kind: 'link-add',
      name: dev('mv1', 18),
      address: at('00:00:5e:00:01:01', 30),
      mtu: at(1400, 52),
      link: dev('eth0', 62),
      master: dev('br0', 74),
      state: at('up', 78),
      type: at('macvlan', 86),
      options: { kind: 'macvlan', mode: at('private', 99) },
    });
  });

  test.each([
    ['ip link add dev br0 type bridge', 'br0'],
    ['ip link add name br0 type bridge', 'br0'],
    ['ip link add br0 type bridge', 'br0'],
    ['ip l a br0 type bridge', 'br0'],
    ['ip li ad br0 ty bridge', 'br0'],
    ['ip link add name br0 dev br0 type bridge', 'br0'],
  ])('%j creates %s (name, dev or a bare word; ip abbreviations)', (text, name) => {
    expect(one(text)).toMatchObject({ kind: 'link-add', name: { name }, type: { value: 'bridge' } });
  });

  test('bridge option abbreviations are read in bridge_parse_opt order: a is ageing_time, s stp_state, v vlan_filtering', () => {
    expect(one('ip link add br0 type bridge a 200 s 1 v 1')).toMatchObject({
      options: { kind: 'bridge', ageingTime: { value: 200 }, stpState: { value: 1 }, vlanFiltering: { value: 1 } },
    });
  });

  test.each([['private'], ['vepa'], ['bridge'], ['passthru'], ['source']])('macvlan mode %s', (mode) => {
    expect(one(`ip link add mv0 link eth0 type macvlan mode ${mode}`)).toMatchObject({ options: { kind: 'macvlan', mode: { value: mode } } });
  });

  test('a macvlan without a mode leaves it to the kernel (vepa, MV-1)', () => {
    expect(one('ip link add mv0 link eth0 type macvlan')).toEqual(expect.objectContaining({ options: { kind: 'macvlan' } }));
  });

  test('passthru takes nopromisc, also written as "flag nopromisc"', () => {
    expect(one('ip link add mv0 link eth0 type macvlan mode passthru nopromisc')).toMatchObject({
      options: { kind: 'macvlan', mode: { value: 'passthru' }, nopromisc: { line: 1, column: 54 } },
    });
    expect(one('ip link add mv0 link eth0 type macvlan flag nopromisc mode passthru')).toMatchObject({
      options: { kind: 'macvlan', nopromisc: {} },
    });
  });

  test('a vlan takes id and protocol (802.1Q / 802.1ad, any case)', () => {
    expect(one('ip link add link eth0 name eth0.10 type vlan id 10')).toMatchObject({
      name: { name: 'eth0.10' },
      link: { name: 'eth0' },
      options: { kind: 'vlan', id: at(10, 49) },
    });
    expect(one('ip link add link eth0 name s100 type vlan protocol 802.1AD id 100')).toMatchObject({
      options: { kind: 'vlan', id: { value: 100 }, protocol: { value: '802.1ad' } },
    });
  });

  test('a veth takes "peer [name] NAME" or no peer', () => {
    expect(one('ip link add va type veth peer name vb')).toMatchObject({ options: { kind: 'veth', peer: dev('vb', 36) } });
    expect(one('ip link add va type veth peer vb')).toMatchObject({ options: { kind: 'veth', peer: { name: 'vb' } } });
    expect(one('ip link add va type veth')).toMatchObject({ options: { kind: 'veth' } });
  });

  test('a dummy takes no options', () => {
    expect(one('ip link add d0 type dummy')).toMatchObject({ options: { kind: 'dummy' } });
  });
});

describe('ip link set and del', () => {
  test('set keeps state, master, address and mtu with their columns', () => {
    expect(one('ip link set dev swp1 mtu 9000 address 02:00:00:00:00:01 master br0 up')).toEqual({
      kind: 'link-set',
      pos: { line: 1, column: 1 },
      dev: dev('swp1', 17),
      mtu: at(9000, 26),
      address: at('02:00:00:00:00:01', 39),
      master: dev('br0', 64),
      state: at('up', 68),
    });
  });

  test.each([
    ['ip link set swp1 down', { dev: { name: 'swp1' }, state: { value: 'down' } }],
    ['ip l s swp1 up', { dev: { name: 'swp1' }, state: { value: 'up' } }],
    ['ip link change swp1 up', { dev: { name: 'swp1' }, state: { value: 'up' } }],
    ['ip link set swp1 nomaster', { nomaster: { column: 18 } }],
    ['ip link set swp1 nomas', { nomaster: { column: 18 } }],
    ['ip link set swp1 mast br0', { master: { name: 'br0' } }],
    ['ip link set swp1 addr 2:0:0:0:0:1', { address: { value: '02:00:00:00:00:01' } }],
    ['ip link set br0 type bridge vlan_filtering 1', { dev: { name: 'br0' }, bridge: { value: { vlanFiltering: { value: 1 } }, column: 22 } }],
  ])('%j', (text, expected) => {
    expect(one(text)).toMatchObject({ kind: 'link-set', ...expected });
  });

  test('del takes the device with or without "dev"', () => {
    expect(one('ip link del swp1')).toEqual({ kind: 'link-del', pos: { line: 1, column: 1 }, dev: dev('swp1', 13) });
    expect(one('ip link delete dev swp1')).toMatchObject({ kind: 'link-del', dev: dev('swp1', 20) });
    expect(one('ip l d swp1')).toMatchObject({ kind: 'link-del', dev: { name: 'swp1' } });
  });

  test('"ip link set a up" reads "a" as "address", as ip does (ip prints the same error)', () => {
    expect(errorOf('ip link set a up')).toEqual({ line: 1, column: 15, reason: '"up" is invalid lladdr.' });
  });
});

describe('ip link errors', () => {
  test.each([
    ['ip link add br0', 1, 9, 'Not enough information: "type" argument is required'],
    ['ip link add type bridge', 1, 9, 'Not enough information: "dev" argument is required.'],
    ['ip link add br0 type', 1, 17, 'Command line is not complete. Try option "help"'],
    ['ip link add br0 type ipvlan', 1, 22, 'link type "ipvlan" is not supported by pcapverdict'],
    ['ip link add br0 mtu 1400 mtu 1500 type bridge', 1, 30, 'Error: duplicate "mtu": "1500" is the second value.'],
    ['ip link add br0 mtu x type bridge', 1, 21, 'Error: argument "x" is wrong: Invalid "mtu" value'],
    ['ip link add br0 address 02:00:00:00:00:zz type bridge', 1, 25, '"zz" is invalid lladdr.'],
    ['ip link add br0 address 02:00:00:00:00 type bridge', 1, 25, '"02:00:00:00:00" is invalid lladdr.'],
    ['ip link add br0 address 02-00-00-00-00-01 type bridge', 1, 25, '"02-00-00-00-00-01" is invalid lladdr.'],
    ['ip link add br0 type bridge vlan_filtering x', 1, 44, 'Error: argument "x" is wrong: invalid vlan_filtering'],
    ['ip link add br0 type bridge ageing_time x', 1, 41, 'Error: argument "x" is wrong: invalid ageing_time'],
    ['ip link add br0 type bridge ageing_time 99999999999', 1, 41, 'Error: argument "99999999999" is wrong: invalid ageing_time'],
    ['ip link add br0 type bridge foo 1', 1, 29, 'bridge: unknown command "foo"?'],
    ['ip link add br0 type bridge forward_delay 1', 1, 29, '"forward_delay" is valid "type bridge" syntax but not supported by pcapverdict'],
    ['ip link add br0 type bridge vlan_filtering 1 mtu 1400', 1, 46, 'bridge: unknown command "mtu"?'],
    ['ip link add mv0 link eth0 type macvlan mode foo', 1, 45, 'Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "foo"'],
    ['ip link add mv0 link eth0 type macvlan mode bridge nopromisc', 1, 52, 'macvlan: nopromisc flag only valid in passthru mode'],
    ['ip link add mv0 link eth0 type macvlan flag foo', 1, 45, 'Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "foo"'],
    ['ip link add mv0 link eth0 type macvlan bogus', 1, 40, 'macvlan: unknown option "bogus"?'],
    ['ip link add link eth0 name v10 type vlan id x', 1, 45, 'Error: argument "x" is wrong: id is invalid'],
    ['ip link add link eth0 name v10 type vlan id 70000', 1, 45, 'Error: argument "70000" is wrong: id is invalid'],
    ['ip link add link eth0 name v14 type vlan id 14 protocol 802.1x', 1, 57, 'Error: argument "802.1x" is wrong: protocol is invalid'],
    ['ip link add link eth0 name v10 type vlan', 1, 37, 'a vlan link needs "id N"'],
    ['ip link add name bad/name type bridge', 1, 18, 'Error: argument "bad/name" is wrong: "name" not a valid ifname'],
    ['ip link add name 0123456789abcdef type bridge', 1, 18, 'Error: argument "0123456789abcdef" is wrong: "name" not a valid ifname'],
    ['ip link add name a dev b type bridge', 1, 9, 'both "name" and "dev" cannot be used when creating devices.'],
    ['ip link add d0 type dummy foo', 1, 27, '"foo": type dummy takes no options'],
    ['ip link set', 1, 9, 'Not enough information: "dev" argument is required.'],
    ['ip link set swp1 foo', 1, 18, 'Error: either "dev" is duplicate, or "foo" is a garbage.'],
    ['ip link set swp1 swp2 up', 1, 18, 'Error: either "dev" is duplicate, or "swp2" is a garbage.'],
    ['ip link set dev swp1 dev swp2 up', 1, 26, 'Error: either "dev" is duplicate, or "swp2" is a garbage.'],
    ['ip link set swp1 u', 1, 18, 'Error: either "dev" is duplicate, or "u" is a garbage.'],
    ['ip link set swp1 mt 1400', 1, 18, 'Error: either "dev" is duplicate, or "mt" is a garbage.'],
    ['ip link set swp1 up down', 1, 21, '"down" contradicts "up" earlier on the line'],
    ['ip link set swp1 name swp9', 1, 18, '"name" is valid "ip link set" syntax but not supported by pcapverdict'],
    ['ip link set swp1 promisc on', 1, 18, '"promisc" is valid "ip link set" syntax but not supported by pcapverdict'],
    ['ip link set swp1 type macvlan mode bridge', 1, 23, '"ip link set … type macvlan" is not supported by pcapverdict'],
    ['ip link set swp1 master br0 nomaster', 1, 29, 'Error: duplicate "master": "nomaster" is the second value.'],
    ['ip link del', 1, 9, 'Not enough information: "dev" argument is required.'],
    ['ip link del swp1 up', 1, 18, '"up" is valid "ip link del" syntax but not supported by pcapverdict'],
    ['ip link show', 1, 9, '"show" is valid "ip link" syntax but not supported by pcapverdict'],
    ['ip link foo', 1, 9, 'Command "foo" is unknown, try "ip link help".'],
    ['ip link replace br0 type bridge', 1, 9, '"replace" is valid "ip link" syntax but not supported by pcapverdict'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });

  test('an unsupported abbreviation says which keyword ip reads it as', () => {
    expect(errorOf('ip link set swp1 al x').reason).toBe('"al" (ip reads it as "alias") is valid "ip link set" syntax but not supported by pcapverdict');
  });

  test('a number ip would read as octal or hex is refused with a hint', () => {
    expect(errorOf('ip link set swp1 mtu 01400')).toMatchObject({
      column: 22,
      reason: 'Error: argument "01400" is wrong: Invalid "mtu" value',
      hint: expect.stringContaining('octal'),
    });
    expect(errorOf('ip link set swp1 mtu 0x578').hint).toContain('hexadecimal');
  });
});
