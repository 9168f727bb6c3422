import { box } from './stack-helpers';

/**
 * The RTM_NEWROUTE / RTM_DELROUTE records, line for line against what `ip monitor route`
 * printed on Linux 6.18.44 with iproute2 6.1.0 for the same commands
 * (docs/kernel-behaviour.md, "Sequences"). Link-local addresses depend on the MAC, which
 * the kernel picked at random there: they are compared as `fe80::…`. One divergence, on
 * purpose: the kernel adds a link-local's `local` route when duplicate address detection
 * ends, a second or two after link up; the emulation has no DAD delay, so the line comes at
 * once (the measurement caught it for if0 and not for va, by timing alone).
 */
const normalise = (lines: readonly string[]): string[] => lines.map((l) => l.replace(/fe80::[0-9a-f:]+(?= dev)/g, 'fe80::…').replace(/\n\t/g, '\n  '));

function steps(setup: string, ports: string[], sequence: readonly (readonly [string, readonly string[]])[]): void {
  const b = box(setup, ports);
  b.takeNotifications();
  for (const [command, expected] of sequence) {
    let got: string[];
    try {
      b.run(command);
      got = normalise(b.takeNotifications());
    } catch (e) {
      got = [`refused: ${(e as Error).message}`];
      b.takeNotifications();
    }
    expect({ command, lines: got }).toEqual({ command, lines: [...expected] });
  }
}

describe('route notifications match ip monitor route on Linux 6.18', () => {
  test('IPv4 addresses: local, prefix and broadcast routes in that order; secondaries and /32s get only their local route; link down is silent, link up announces prefix and broadcast again', () => {
    steps('ip link set va up', ['va', 'if0'], [
      ['ip addr add 10.0.0.1/24 dev va', ['local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1', '10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1', 'broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1']],
      ['ip addr add 10.0.0.2/24 dev va', ['local 10.0.0.2 dev va table local proto kernel scope host src 10.0.0.1']],
      ['ip addr add 10.0.1.1/32 dev va', ['local 10.0.1.1 dev va table local proto kernel scope host src 10.0.1.1']],
      ['ip addr add 10.0.2.1/24 dev va noprefixroute', ['local 10.0.2.1 dev va table local proto kernel scope host src 10.0.2.1', 'broadcast 10.0.2.255 dev va table local proto kernel scope link src 10.0.2.1']],
      ['ip addr add 10.0.3.1/24 dev va metric 50', ['local 10.0.3.1 dev va table local proto kernel scope host src 10.0.3.1', '10.0.3.0/24 dev va proto kernel scope link src 10.0.3.1 metric 50', 'broadcast 10.0.3.255 dev va table local proto kernel scope link src 10.0.3.1']],
      ['ip route add 10.5.0.0/16 via 10.0.0.9', ['10.5.0.0/16 via 10.0.0.9 dev va']],
      ['ip addr add 10.1.0.1/24 dev if0', ['local 10.1.0.1 dev if0 table local proto kernel scope host src 10.1.0.1']],
      ['ip link set if0 up', ['10.1.0.0/24 dev if0 proto kernel scope link src 10.1.0.1', 'broadcast 10.1.0.255 dev if0 table local proto kernel scope link src 10.1.0.1', 'multicast ff00::/8 dev if0 table local proto kernel metric 256 pref medium', 'fe80::/64 dev if0 proto kernel metric 256 pref medium', 'local fe80::… dev if0 table local proto kernel metric 0 pref medium']],
      ['ip addr del 10.0.0.2/24 dev va', ['Deleted local 10.0.0.2 dev va table local proto kernel scope host src 10.0.0.1']],
      ['ip addr del 10.0.0.1/24 dev va', ['Deleted 10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1', 'Deleted broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1', 'Deleted local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1']],
      ['ip addr add 10.0.0.1/24 dev va', ['local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1', '10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1', 'broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1']],
      ['ip route add 10.5.0.0/16 via 10.0.0.9', ['refused: test.yaml:1:1: RTNETLINK answers: File exists']],
      ['ip link set va down', ['Deleted fe80::/64 dev va proto kernel metric 256 pref medium', 'Deleted local fe80::… dev va table local proto kernel metric 0 pref medium', 'Deleted multicast ff00::/8 dev va table local proto kernel metric 256 pref medium']],
      ['ip link set va up', ['broadcast 10.0.2.255 dev va table local proto kernel scope link src 10.0.2.1', '10.0.3.0/24 dev va proto kernel scope link src 10.0.3.1 metric 50', 'broadcast 10.0.3.255 dev va table local proto kernel scope link src 10.0.3.1', '10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1', 'broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1', 'multicast ff00::/8 dev va table local proto kernel metric 256 pref medium', 'fe80::/64 dev va proto kernel metric 256 pref medium', 'local fe80::… dev va table local proto kernel metric 0 pref medium']],
    ]);
  });

  test('IPv6 addresses: the prefix route, then the local route; link down deletes every route through the device, main table first, loudly', () => {
    steps('ip link set va up', ['va', 'if0'], [
      ['ip -6 addr add 2001:db8::1/64 dev va nodad', ['2001:db8::/64 dev va proto kernel metric 256 pref medium', 'local 2001:db8::1 dev va table local proto kernel metric 0 pref medium']],
      ['ip -6 addr add 2001:db8:1::1/64 dev va', ['2001:db8:1::/64 dev va proto kernel metric 256 pref medium', 'local 2001:db8:1::1 dev va table local proto kernel metric 0 pref medium']],
      ['ip -6 addr add 2001:db8:2::1/64 dev va nodad noprefixroute', ['local 2001:db8:2::1 dev va table local proto kernel metric 0 pref medium']],
      ['ip -6 route add 2001:db8:5::/48 via 2001:db8::9', ['2001:db8:5::/48 via 2001:db8::9 dev va metric 1024 pref medium']],
      ['ip -6 addr del 2001:db8::1/64 dev va', ['Deleted local 2001:db8::1 dev va table local proto kernel metric 0 pref medium', 'Deleted 2001:db8::/64 dev va proto kernel metric 256 pref medium']],
      ['ip link set if0 up', ['multicast ff00::/8 dev if0 table local proto kernel metric 256 pref medium', 'fe80::/64 dev if0 proto kernel metric 256 pref medium', 'local fe80::… dev if0 table local proto kernel metric 0 pref medium']],
      [
        'ip link set va down',
        [
          'Deleted 2001:db8:1::/64 dev va proto kernel metric 256 pref medium',
          'Deleted 2001:db8:5::/48 via 2001:db8::9 dev va metric 1024 pref medium',
          'Deleted fe80::/64 dev va proto kernel metric 256 pref medium',
          'Deleted local 2001:db8:1::1 dev va table local proto kernel metric 0 pref medium',
          'Deleted local 2001:db8:2::1 dev va table local proto kernel metric 0 pref medium',
          'Deleted local fe80::… dev va table local proto kernel metric 0 pref medium',
          'Deleted multicast ff00::/8 dev va table local proto kernel metric 256 pref medium',
        ],
      ],
      ['ip link set va up', ['multicast ff00::/8 dev va table local proto kernel metric 256 pref medium', 'fe80::/64 dev va proto kernel metric 256 pref medium', 'local fe80::… dev va table local proto kernel metric 0 pref medium']],
    ]);
  });

  test('routes: replace prints only the new route; IPv4 append and prepend keep separate routes, IPv6 merges them into one multipath route with the new nexthop listed first (F-7, F-10)', () => {
    steps('ip link set va up\nip addr add 10.0.0.1/24 dev va\nip -6 addr add 2001:db8::1/64 dev va nodad', ['va'], [
      ['ip route add 10.7.0.0/16 via 10.0.0.2', ['10.7.0.0/16 via 10.0.0.2 dev va']],
      ['ip route replace 10.7.0.0/16 via 10.0.0.3', ['10.7.0.0/16 via 10.0.0.3 dev va']],
      ['ip route append 10.7.0.0/16 via 10.0.0.4', ['10.7.0.0/16 via 10.0.0.4 dev va']],
      ['ip route prepend 10.7.0.0/16 via 10.0.0.5', ['10.7.0.0/16 via 10.0.0.5 dev va']],
      ['ip route change 10.7.0.0/16 via 10.0.0.6', ['10.7.0.0/16 via 10.0.0.6 dev va']],
      ['ip route add 10.7.0.0/16 via 10.0.0.2 metric 10', ['10.7.0.0/16 via 10.0.0.2 dev va metric 10']],
      ['ip route del 10.7.0.0/16', ['Deleted 10.7.0.0/16 via 10.0.0.6 dev va']],
      ['ip route del 10.7.0.0/16', ['Deleted 10.7.0.0/16 via 10.0.0.3 dev va']],
      ['ip route del 10.7.0.0/16', ['Deleted 10.7.0.0/16 via 10.0.0.4 dev va']],
      ['ip route add 10.8.0.0/16 nexthop via 10.0.0.2 weight 2 nexthop via 10.0.0.3', ['10.8.0.0/16\n  nexthop via 10.0.0.2 dev va weight 2\n  nexthop via 10.0.0.3 dev va weight 1']],
      ['ip route add blackhole 10.9.0.0/16', ['blackhole 10.9.0.0/16']],
      ['ip route add 10.10.0.0/16 via 10.0.0.2 table 100', ['10.10.0.0/16 via 10.0.0.2 dev va table 100']],
      ['ip route flush table 100', ['Deleted 10.10.0.0/16 via 10.0.0.2 dev va table 100']],
      ['ip -6 route add 2001:db8:7::/48 via 2001:db8::2', ['2001:db8:7::/48 via 2001:db8::2 dev va metric 1024 pref medium']],
      ['ip -6 route replace 2001:db8:7::/48 via 2001:db8::3', ['2001:db8:7::/48 via 2001:db8::3 dev va metric 1024 pref medium']],
      ['ip -6 route append 2001:db8:7::/48 via 2001:db8::4', ['2001:db8:7::/48 metric 1024 pref medium\n  nexthop via 2001:db8::4 dev va weight 1\n  nexthop via 2001:db8::3 dev va weight 1']],
      ['ip -6 route prepend 2001:db8:7::/48 via 2001:db8::5', ['2001:db8:7::/48 metric 1024 pref medium\n  nexthop via 2001:db8::5 dev va weight 1\n  nexthop via 2001:db8::3 dev va weight 1\n  nexthop via 2001:db8::4 dev va weight 1']],
      ['ip -6 route del 2001:db8:7::/48 via 2001:db8::4', ['Deleted 2001:db8:7::/48 via 2001:db8::4 dev va metric 1024 pref medium']],
      ['ip -6 route del 2001:db8:7::/48', ['Deleted 2001:db8:7::/48 metric 1024 pref medium\n  nexthop via 2001:db8::3 dev va weight 1\n  nexthop via 2001:db8::5 dev va weight 1']],
      ['ip -6 route add blackhole 2001:db8:9::/48', ['blackhole 2001:db8:9::/48 dev lo metric 1024 pref medium']],
    ]);
  });
});
