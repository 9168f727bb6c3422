import { at, dev, errorOf, one } from './helpers';

describe('ip neigh', () => {
  test('add keeps address, lladdr, device, state and router with columns', () => {
    expect(one('ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:0A dev eth0 nud stale router')).toEqual({
      kind: 'neigh',
      pos: { line: 1, column: 1 },
      action: 'add',
      family: 4,
      addr: at({ family: 4, addr: '10.0.0.5' }, 14),
      lladdr: at('02:00:00:00:00:0a', 30),
      dev: dev('eth0', 52),
      nud: at('stale', 61),
      router: { line: 1, column: 67 },
    });
  });

  test.each([
    ['ip n a 10.0.0.6 ll 02:00:00:00:00:06 dev eth0', 'add'],
    ['ip neighbour add 10.0.0.6 lladdr 02:00:00:00:00:06 dev eth0', 'add'],
    ['ip neighbor replace 10.0.0.6 lladdr 02:00:00:00:00:06 dev eth0', 'replace'],
    ['ip neigh change 10.0.0.6 lladdr 02:00:00:00:00:06 dev eth0', 'change'],
    ['ip neigh chg 10.0.0.6 lladdr 02:00:00:00:00:06 dev eth0', 'change'],
    ['ip neigh add to 10.0.0.6 l 02:00:00:00:00:06 dev eth0', 'add'],
  ])('%j is neigh %s', (text, action) => {
    expect(one(text)).toMatchObject({ kind: 'neigh', action, addr: { value: { addr: '10.0.0.6' } }, lladdr: { value: '02:00:00:00:00:06' } });
  });

  test('del needs no lladdr', () => {
    expect(one('ip neigh del 10.0.0.8 dev eth0')).toEqual({
      kind: 'neigh', pos: { line: 1, column: 1 }, action: 'del', family: 4, addr: at({ family: 4, addr: '10.0.0.8' }, 14), dev: dev('eth0', 27),
    });
    expect(one('ip n d 2001:db8::5 dev eth0')).toMatchObject({ action: 'del', family: 6 });
  });

  test.each([
    ['permanent', 'permanent'], ['perm', 'permanent'], ['p', 'permanent'], ['reachable', 'reachable'], ['r', 'reachable'],
    ['noarp', 'noarp'], ['none', 'none'], ['stale', 'stale'], ['incomplete', 'incomplete'], ['delay', 'delay'], ['probe', 'probe'],
    ['failed', 'failed'], ['f', 'failed'],
  ])('nud %s is %s (nud_state_a2n order)', (word, state) => {
    expect(one(`ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev eth0 nud ${word}`)).toMatchObject({ nud: { value: state } });
  });

  test.each([
    ['ip neigh add 10.0.0.14 lladdr 02:00:00:00:00:0e', 1, 10, 'Device and destination are required arguments.'],
    ['ip neigh add 10.0.0.15 lladdr 02:00:00:00:00:0f eth0', 1, 49, 'Error: either "to" is duplicate, or "eth0" is a garbage.'],
    ['ip neigh add 10.0.0.x lladdr 02:00:00:00:00:0f dev eth0', 1, 14, 'Error: any valid address is expected rather than "10.0.0.x".'],
    ['ip -6 neigh add 10.0.0.1 lladdr 02:00:00:00:00:0f dev eth0', 1, 17, 'Error: inet6 address is expected rather than "10.0.0.1".'],
    ['ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev eth0 nud foo', 1, 62, 'Error: argument "foo" is wrong: nud state is bad'],
    ['ip neigh add 10.0.0.22 lladdr 02:00:00:00:00:16 dev eth0 nud 128', 1, 62, 'Error: argument "128" is wrong: nud state is bad'],
    ['ip neigh add 10.0.0.13 lladdr zz dev eth0', 1, 31, '"zz" is invalid lladdr.'],
    ['ip neigh add 10.0.0.13 lladdr 02:00:00:00:00:1c:1d dev eth0', 1, 31, '"02:00:00:00:00:1c:1d" is invalid lladdr.'],
    ['ip neigh add proxy 10.0.0.30 dev eth0', 1, 14, '"proxy" is valid "ip neigh add" syntax but not supported by pcapverdict'],
    ['ip neigh flush dev eth0', 1, 10, '"flush" is valid "ip neigh" syntax but not supported by pcapverdict'],
    ['ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 lladdr 02:00:00:00:00:06 dev eth0', 1, 55, 'Error: duplicate "lladdr": "02:00:00:00:00:06" is the second value.'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});
