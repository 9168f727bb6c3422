import { at, dev, errorOf, one } from './helpers';

describe('ip address add and del', () => {
  test('an IPv4 address with every supported option', () => {
    expect(one('ip address add 10.0.0.1/24 brd + dev eth0 scope link metric 50 noprefixroute')).toEqual({
      kind: 'address',
      pos: { line: 1, column: 1 },
      action: 'add',
      family: 4,
      prefix: at({ family: 4, addr: '10.0.0.1', len: 24 }, 16),
      lengthGiven: true,
      broadcast: at('+', 32),
      dev: dev('eth0', 38),
      scope: at(253, 49),
      metric: at(50, 61),
      noprefixroute: { line: 1, column: 64 },
    });
  });

  test('an IPv6 address is canonical (RFC 5952) and takes nodad', () => {
    expect(one('ip -6 addr add 2001:DB8:0:0::1/64 dev eth0 nodad')).toMatchObject({
      family: 6,
      prefix: { value: { family: 6, addr: '2001:db8::1', len: 64 } },
      nodad: { column: 44 },
    });
  });

  test.each([
    ['ip a a 10.0.0.1/24 dev eth0', 'add'],
    ['ip ad add 10.0.0.1/24 dev eth0', 'add'],
    ['ip addr ad 10.0.0.1/24 dev eth0', 'add'],
    ['ip address add local 10.0.0.1/24 dev eth0', 'add'],
    ['ip a d 10.0.0.1/24 dev eth0', 'del'],
    ['ip a de 10.0.0.1/24 dev eth0', 'del'],
    ['ip a del 10.0.0.1/24 dev eth0', 'del'],
    ['ip a delete 10.0.0.1/24 dev eth0', 'del'],
    ['ip -4 address add 10.0.0.1/24 dev eth0', 'add'],
  ])('%j is address %s', (text, action) => {
    expect(one(text)).toMatchObject({ kind: 'address', action, prefix: { value: { addr: '10.0.0.1', len: 24 } } });
  });

  test('without /LEN the length is the host length and lengthGiven is false (ip deletes IPv4 wildcard-style then)', () => {
    expect(one('ip addr del 10.0.0.8 dev eth0')).toMatchObject({ prefix: { value: { len: 32 } }, lengthGiven: false });
    expect(one('ip addr add 2001:db8::8 dev eth0')).toMatchObject({ family: 6, prefix: { value: { len: 128 } }, lengthGiven: false });
  });

  test('metric is also written priority or preference, and their abbreviations (me, p)', () => {
    for (const w of ['metric', 'me', 'priority', 'p', 'preference']) {
      expect(one(`ip addr add 10.0.0.1/24 dev eth0 ${w} 7`)).toMatchObject({ metric: { value: 7 } });
    }
  });

  test('scope takes rt_scopes names and numbers', () => {
    expect(one('ip addr add 10.0.0.1/24 dev eth0 scope host')).toMatchObject({ scope: { value: 254 } });
    expect(one('ip addr add 10.0.0.1/24 dev eth0 scope 200')).toMatchObject({ scope: { value: 200 } });
  });

  test('brd takes +, - or an address', () => {
    expect(one('ip addr add 10.0.0.1/24 broadcast 10.0.0.255 dev eth0')).toMatchObject({ broadcast: { value: { family: 4, addr: '10.0.0.255' } } });
    expect(one('ip addr add 10.0.0.1/24 brd - dev eth0')).toMatchObject({ broadcast: { value: '-' } });
  });

  test('flush takes a device, with or without "dev", and the family option', () => {
    expect(one('ip address flush dev eth0')).toEqual({ kind: 'address-flush', pos: { line: 1, column: 1 }, dev: dev('eth0', 22) });
    expect(one('ip -6 a f eth0')).toEqual({ kind: 'address-flush', pos: { line: 1, column: 1 }, family: 6, dev: dev('eth0', 11) });
  });
});

describe('ip address errors', () => {
  test.each([
    ['ip address a 10.0.0.5/24 eth0', 1, 26, 'Error: either "local" is duplicate, or "eth0" is a garbage.'],
    ['ip address add 10.0.0.6/24 d eth0', 1, 28, 'Error: either "local" is duplicate, or "d" is a garbage.'],
    ['ip a a 10.0.0.14/24 dev eth0 sc host', 1, 30, 'Error: either "local" is duplicate, or "sc" is a garbage.'],
    ['ip a a 10.0.0.9/24', 1, 6, 'Not enough information: "dev" argument is required.'],
    ['ip a a 1.2.3.4/33 dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "1.2.3.4/33".'],
    ['ip a a foo dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "foo".'],
    ['ip a a 1.2.3 dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "1.2.3".'],
    ['ip a a 10.0.0.010/24 dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "10.0.0.010/24".'],
    ['ip a a 2001:db8::5/129 dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "2001:db8::5/129".'],
    ['ip a a 2001:db8:::5/64 dev eth0', 1, 8, 'Error: any valid prefix is expected rather than "2001:db8:::5/64".'],
    ['ip -6 a a 10.0.0.30/24 dev eth0', 1, 11, 'Error: inet6 prefix is expected rather than "10.0.0.30/24".'],
    ['ip -4 a a 2001:db8::3/64 dev eth0', 1, 11, 'Error: inet prefix is expected rather than "2001:db8::3/64".'],
    ['ip a a 10.0.0.1/24 dev eth0 scope foo', 1, 35, 'Error: argument "foo" is wrong: invalid scope value.'],
    ['ip a a 10.0.0.1/24 dev eth0 metric x', 1, 36, 'Error: argument "x" is wrong: "metric" value is invalid'],
    ['ip a a 10.0.0.1/24 dev eth0 meeeh', 1, 29, 'Error: either "local" is duplicate, or "meeeh" is a garbage.'],
    ['ip a a 10.0.0.1/24 dev eth0 dev eth1', 1, 33, 'Error: duplicate "dev": "eth1" is the second value.'],
    ['ip a a 10.0.0.1/24 dev eth0 nodad', 1, 29, 'Warning: nodad option can be set only for IPv6 addresses'],
    ['ip a a 10.0.0.1/24 dev eth0 label eth0:1', 1, 29, '"label" is valid "ip address add" syntax but not supported by pcapverdict'],
    ['ip a a 10.0.0.1/24 peer 10.0.0.2 dev eth0', 1, 20, '"peer" is valid "ip address add" syntax but not supported by pcapverdict'],
    ['ip a a 10.0.0.1/24 dev eth0 brd 2001:db8::1', 1, 33, 'Error: inet address is expected rather than "2001:db8::1".'],
    ['ip a flush', 1, 6, 'Flush requires arguments.'],
    ['ip a flush dev eth0 scope global', 1, 21, '"scope" is valid "ip address flush" syntax but not supported by pcapverdict'],
    ['ip a show', 1, 6, '"show" is valid "ip address" syntax but not supported by pcapverdict'],
    ['ip a replace 10.0.0.1/24 dev eth0', 1, 6, '"replace" is valid "ip address" syntax but not supported by pcapverdict'],
    ['ip addr foo', 1, 9, 'Command "foo" is unknown, try "ip address help".'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});
