import type { RouteCommand } from '../../../src/stack/commands';
import { at, dev, errorOf, one } from './helpers';

const sent = (text: string) => (one(text) as RouteCommand).sent;

const v4 = (addr: string, len: number) => ({ family: 4, addr, len });

describe('ip route add and friends', () => {
  test('a gateway route keeps every argument with its column, and what ip sends by default', () => {
    expect(one('ip route add 10.2.0.0/16 via 10.0.0.9 dev eth0 metric 10 table 100 proto static onlink')).toEqual({
      kind: 'route',
      pos: { line: 1, column: 1 },
      action: 'add',
      family: 4,
      dst: at(v4('10.2.0.0', 16), 14),
      gateway: at({ family: 4, addr: '10.0.0.9' }, 30),
      dev: dev('eth0', 43),
      metric: at(10, 55),
      table: at(100, 64),
      protocol: at(4, 74),
      onlink: { line: 1, column: 81 },
      nexthops: [],
      sent: { tableId: 100, protocol: 4, scope: 0 },
    });
  });

  test.each([
    ['ip r a 10.1.0.0/16 via 10.0.0.9', 'add'],
    ['ip ro add 10.1.0.0/16 via 10.0.0.9', 'add'],
    ['ip rou add 10.1.0.0/16 via 10.0.0.9', 'add'],
    ['ip route replace 10.1.0.0/16 via 10.0.0.9', 'replace'],
    ['ip r r 10.1.0.0/16 via 10.0.0.9', 'replace'],
    ['ip route append 10.1.0.0/16 via 10.0.0.9', 'append'],
    ['ip route prepend 10.1.0.0/16 via 10.0.0.9', 'prepend'],
    ['ip r p 10.1.0.0/16 via 10.0.0.9', 'prepend'],
    ['ip route change 10.1.0.0/16 via 10.0.0.9', 'change'],
    ['ip route chg 10.1.0.0/16 via 10.0.0.9', 'change'],
    ['ip r c 10.1.0.0/16 via 10.0.0.9', 'change'],
    ['ip route del 10.1.0.0/16 via 10.0.0.9', 'del'],
    ['ip r d 10.1.0.0/16 via 10.0.0.9', 'del'],
    ['ip route delete 10.1.0.0/16 via 10.0.0.9', 'del'],
    ['ip route add to 10.1.0.0/16 via 10.0.0.9', 'add'],
    ['ip route add via 10.0.0.9 10.1.0.0/16', 'add'],
  ])('%j is route %s', (text, action) => {
    expect(one(text)).toMatchObject({ kind: 'route', action, dst: { value: v4('10.1.0.0', 16) }, gateway: { value: { addr: '10.0.0.9' } } });
  });

  test('default is 0.0.0.0/0, or ::/0 when -6 or an IPv6 gateway says so', () => {
    expect(one('ip route add default via 10.0.0.254')).toMatchObject({ family: 4, dst: { value: v4('0.0.0.0', 0), column: 14 } });
    expect(one('ip -6 route add default via fe80::1 dev eth0')).toMatchObject({ family: 6, dst: { value: { family: 6, addr: '::', len: 0 } } });
    expect(one('ip route add default via 2001:db8::9')).toMatchObject({ family: 6, dst: { value: { family: 6, addr: '::', len: 0 } } });
  });

  test('host bits of the destination are kept for the executor to judge (IPv4 refuses, IPv6 clears)', () => {
    expect(one('ip route add 10.8.0.1/16 dev eth0')).toMatchObject({ dst: { value: v4('10.8.0.1', 16) } });
  });

  test('a destination without /LEN is a host route', () => {
    expect(one('ip route add 10.8.0.1 dev eth0')).toMatchObject({ dst: { value: v4('10.8.0.1', 32) } });
  });

  test.each([
    ['blackhole', 'blackhole'], ['bl', 'blackhole'], ['unreachable', 'unreachable'], ['u', 'unreachable'], ['prohibit', 'prohibit'],
    ['throw', 'throw'], ['unicast', 'unicast'], ['unic', 'unicast'], ['local', 'local'], ['broadcast', 'broadcast'], ['brd', 'broadcast'], ['b', 'broadcast'],
  ])('route type %s is %s (rtnl_rtntype_a2n order)', (word, type) => {
    expect(one(`ip route add ${word} 10.4.0.0/16`)).toMatchObject({ type: { value: type, column: 14 }, dst: { value: v4('10.4.0.0', 16) } });
  });

  test('what ip sends when words are left out: table, protocol and scope (iproute_modify)', () => {
    expect(sent('ip route add 10.3.0.0/16 dev eth0')).toEqual({ tableId: 254, protocol: 3, scope: 253 });
    expect(sent('ip route add 10.3.0.0/16 via 10.0.0.1')).toEqual({ tableId: 254, protocol: 3, scope: 0 });
    expect(sent('ip route add local 10.8.0.1 dev eth0')).toEqual({ tableId: 255, protocol: 3, scope: 254 });
    expect(sent('ip route add broadcast 10.0.0.255 dev eth0')).toEqual({ tableId: 255, protocol: 3, scope: 253 });
    expect(sent('ip route add blackhole 10.4.0.0/16')).toEqual({ tableId: 254, protocol: 3, scope: 0 });
    expect(sent('ip route del 10.3.0.0/16')).toEqual({ tableId: 254, protocol: 0, scope: 255 });
    expect(sent('ip -6 route add 2001:db8:1::/48 dev eth0')).toEqual({ tableId: 254, protocol: 3, scope: 0 });
    expect(sent('ip route add 10.3.0.0/16 dev eth0 scope host table local proto kernel')).toEqual({ tableId: 255, protocol: 2, scope: 254 });
  });

  test('metric abbreviations follow ip: met, p and pr are the metric, preference too; pre is the IPv6 router pref', () => {
    for (const w of ['metric', 'met', 'priority', 'p', 'pr', 'preference']) {
      expect(one(`ip route add 10.1.0.0/16 dev eth0 ${w} 7`)).toMatchObject({ metric: { value: 7 } });
    }
    expect(one('ip route add 2001:db8:4::/48 via 2001:db8::9 pref high')).toMatchObject({ pref: { value: 'high' } });
    expect(one('ip route add 2001:db8:4::/48 via 2001:db8::9 pre low')).toMatchObject({ pref: { value: 'low' } });
  });

  test('table and protocol take names and numbers; tab and pro are abbreviations', () => {
    expect(one('ip route add 10.1.0.0/16 dev eth0 tab main pro bgp')).toMatchObject({ table: { value: 254 }, protocol: { value: 186 } });
    expect(one('ip route add 10.1.0.0/16 dev eth0 table 4294967295 proto 99')).toMatchObject({ table: { value: 4294967295 }, protocol: { value: 99 } });
    expect(one('ip route add 10.1.0.0/16 dev eth0 table default')).toMatchObject({ table: { value: 253 } });
  });

  test('src and scope', () => {
    expect(one('ip route add 10.3.0.0/16 dev eth0 scope link src 10.0.0.1')).toMatchObject({
      scope: at(253, 41),
      src: at({ family: 4, addr: '10.0.0.1' }, 50),
    });
  });

  test('via inet6 on an IPv4 route is an RTA_VIA gateway of the other family', () => {
    expect(one('ip route add 10.14.0.0/16 via inet6 fe80::1 dev eth0')).toMatchObject({
      family: 4,
      gateway: at({ family: 6, addr: 'fe80::1' }, 37),
    });
    expect(one('ip route add 10.13.0.0/16 via inet 10.0.0.9')).toMatchObject({ gateway: { value: { family: 4 } } });
  });

  test('nexthops each keep gateway, device, weight and onlink with positions', () => {
    expect(one('ip route add 10.11.0.0/16 metric 5 nexthop via 10.0.0.9 dev eth0 weight 2 nexthop via 10.0.0.8 onlink')).toMatchObject({
      metric: { value: 5 },
      nexthops: [
        { pos: { line: 1, column: 36 }, gateway: at({ family: 4, addr: '10.0.0.9' }, 48), dev: dev('eth0', 61), weight: at(2, 73) },
        { pos: { line: 1, column: 75 }, gateway: at({ family: 4, addr: '10.0.0.8' }, 87), onlink: { line: 1, column: 96 } },
      ],
      sent: { scope: 0 },
    });
  });

  test('flush takes a table and/or a device; without -6 it is IPv4', () => {
    expect(one('ip route flush table 100')).toEqual({ kind: 'route-flush', pos: { line: 1, column: 1 }, family: 4, table: at(100, 22) });
    expect(one('ip -6 route flush dev eth0')).toEqual({ kind: 'route-flush', pos: { line: 1, column: 1 }, family: 6, dev: dev('eth0', 23) });
  });
});

describe('ip route errors', () => {
  test.each([
    ['ip route add 1.2.3 dev lo', 1, 14, 'Error: any valid prefix is expected rather than "1.2.3".'],
    ['ip -4 route add 1.2.3.x dev eth0', 1, 17, 'Error: inet prefix is expected rather than "1.2.3.x".'],
    ['ip -6 route add 1.2.3.4 dev eth0', 1, 17, 'Error: inet6 prefix is expected rather than "1.2.3.4".'],
    ['ip route add 10.0.0.0/8 to 1.2.3.4 foo dev lo', 1, 28, 'Error: either "to" is duplicate, or "1.2.3.4" is a garbage.'],
    ['ip route add 10.22.0.0/16 10.23.0.0/16 dev eth0', 1, 27, 'Error: either "to" is duplicate, or "10.23.0.0/16" is a garbage.'],
    ['ip route add 10.15.0.0/16 metric x dev eth0', 1, 34, 'Error: argument "x" is wrong: "metric" value is invalid'],
    ['ip route add 10.41.0.0/16 via 10.0.0.9 metric 4294967296', 1, 47, 'Error: argument "4294967296" is wrong: "metric" value is invalid'],
    ['ip route add 10.44.0.0/16 via 10.0.0.9 metric -1', 1, 47, 'Error: argument "-1" is wrong: "metric" value is invalid'],
    ['ip route add 10.16.0.0/16 table foo dev eth0', 1, 33, 'Error: argument "foo" is wrong: "table" value is invalid'],
    ['ip route add 10.51.0.0/16 dev eth0 table all', 1, 42, 'Error: argument "all" is wrong: "table" value is invalid'],
    ['ip route add 10.17.0.0/16 proto foo dev eth0', 1, 33, 'Error: argument "foo" is wrong: "protocol" value is invalid'],
    ['ip route add 10.18.0.0/16 scope foo dev eth0', 1, 33, 'Error: argument "foo" is wrong: invalid "scope" value'],
    ['ip route add 10.19.0.0/16 via 10.0.0.x', 1, 31, 'Error: inet address is expected rather than "10.0.0.x".'],
    ['ip route add 10.49.0.0/16 dev eth0 src 10.0.0.x', 1, 40, 'Error: inet address is expected rather than "10.0.0.x".'],
    ['ip route add 10.0.0.0/8 via 2001:db8::1', 1, 29, 'Error: inet address is expected rather than "2001:db8::1".'],
    ['ip route add 10.21.0.0/16 via 10.0.0.9 via 10.0.0.8', 1, 40, 'Error: argument "via" is wrong: use nexthop syntax to specify multiple via'],
    ['ip route add 10.24.0.0/33 dev eth0', 1, 14, 'Error: any valid prefix is expected rather than "10.24.0.0/33".'],
    ['ip route add 10.30.0.0/16 dev eth0 sc link', 1, 36, 'Error: either "to" is duplicate, or "sc" is a garbage.'],
    ['ip route add 2001:db8:5::/48 via 2001:db8::9 prefe 7', 1, 46, 'Error: either "to" is duplicate, or "prefe" is a garbage.'],
    ['ip route add 10.57.0.0/16 dev eth0 linkdown', 1, 36, 'Error: either "to" is duplicate, or "linkdown" is a garbage.'],
    ['ip route add 10.34.0.0/16 nexthop via 10.0.0.9 weight 0', 1, 55, 'Error: argument "0" is wrong: "weight" is invalid'],
    ['ip route add 10.35.0.0/16 nexthop via 10.0.0.9 weight 257', 1, 55, 'Error: argument "257" is wrong: "weight" is invalid'],
    ['ip route add 10.36.0.0/16 nexthop dev eth0 foo', 1, 44, 'Error: "nexthop" or end of line is expected instead of "foo"'],
    ['ip route add 10.53.0.0/16 nexthop via 10.0.0.9 dev eth0 nexthop', 1, 57, 'Error: unexpected end of line after "nexthop"'],
    ['ip route add 10.54.0.0/16 nexthop via 10.0.0.9 dev eth0 metric 5', 1, 57, 'Error: "nexthop" or end of line is expected instead of "metric"'],
    ['ip route add 10.60.0.0/16 via', 1, 27, 'Command line is not complete. Try option "help"'],
    ['ip route add dev eth0', 1, 10, 'a destination is required'],
    ['ip route add 10.59.0.0/16 via 10.0.0.9 d eth0', 1, 40, '"d" (ip reads it as "dsfield") is valid "ip route add" syntax but not supported by pcapverdict'],
    ['ip route add 10.58.0.0/16 dev eth0 mtu 1400', 1, 36, '"mtu" is valid "ip route add" syntax but not supported by pcapverdict'],
    ['ip route add nat 10.37.0.0/16 via 10.0.0.9', 1, 14, '"nat" is valid route type syntax but not supported by pcapverdict'],
    ['ip route add any dev eth0', 1, 14, '"any" (ip reads it as "anycast") is valid route type syntax but not supported by pcapverdict'],
    ['ip route add 10.1.0.0/16 via 10.0.0.9 pref high', 1, 44, '"pref" is for IPv6 routes'],
    ['ip route add 10.26.0.0/16 metric 5 metric 6 dev eth0', 1, 43, 'Error: duplicate "metric": "6" is the second value.'],
    ['ip route flush', 1, 10, '"ip route flush" requires arguments.'],
    ['ip route flush 10.0.0.0/8', 1, 16, expect.stringContaining('not supported by pcapverdict')],
    ['ip route show', 1, 10, '"show" is valid "ip route" syntax but not supported by pcapverdict'],
    ['ip route test 10.0.0.0/8 dev eth0', 1, 10, '"test" is valid "ip route" syntax but not supported by pcapverdict'],
    ['ip route foo', 1, 10, 'Command "foo" is unknown, try "ip route help".'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });

  test('a decimal the real ip would read as octal is refused, not read differently', () => {
    expect(errorOf('ip route add 10.0.0.0/8 dev eth0 metric 010')).toMatchObject({ column: 41, hint: expect.stringContaining('octal') });
    expect(errorOf('ip route add 10.0.0.010/32 dev eth0')).toMatchObject({ column: 14, hint: expect.stringContaining('decimal octets') });
  });
});
