import { box } from './stack-helpers';

/**
 * Configuration sanitising (DESIGN.md §4): a command the kernel refuses is refused with the
 * kernel's (or iproute2's) own words, at the offending word. Expected texts were measured on
 * Linux 6.18.44 with iproute2 6.1.0 (docs/kernel-behaviour.md, "Refusals"); each block replays
 * the measured sequence, in order, on the same kind of devices (ports stand for the veths).
 */
type Row = readonly [command: string, refusal: string | undefined];

function sequence(setup: string, ports: string[], rows: readonly Row[]): void {
  const b = box(setup, ports);
  for (const [command, refusal] of rows) {
    let got: string | undefined;
    try {
      b.run(command);
    } catch (e) {
      got = (e as Error).message.replace(/^test\.yaml:\d+:\d+: /, '');
    }
    expect({ command, refusal: got }).toEqual({ command, refusal });
  }
}

describe('the executor refuses what Linux 6.18 refuses, in its words', () => {
  test('addresses: duplicates and absent addresses (inet_rtm_newaddr, inet6_addr_add, inet_rtm_deladdr)', () => {
    sequence('ip link set va up\nip link set vb up', ['va', 'vb'], [
      ['ip addr add 10.0.0.1/24 dev va', undefined],
      ['ip addr add 10.0.0.1/24 dev va', 'Error: ipv4: Address already assigned.'],
      ['ip -6 addr add 2001:db8::1/64 dev va nodad', undefined],
      ['ip -6 addr add 2001:db8::1/64 dev va nodad', 'Error: ipv6: address already assigned.'],
      ['ip addr add 10.0.0.1/24 dev vb', undefined],
      ['ip addr del 10.0.0.9/24 dev va', 'Error: ipv4: Address not found.'],
      ['ip addr del 10.0.0.1/24 dev vb', undefined],
      ['ip -6 addr del 2001:db8::9/64 dev va', 'Error: ipv6: address not found.'],
      ['ip addr add 10.0.0.5/24 dev nosuch', 'Cannot find device "nosuch"'],
    ]);
  });

  test('routes: existing routes, gateways off-link or through the wrong or a down device, host bits, reject types with a nexthop (fib_check_nh_v4_gw, ip6_validate_gw, fib_create_info)', () => {
    sequence('ip link set va up\nip link set vb up\nip addr add 10.0.0.1/24 dev va\nip addr add 10.9.0.1/24 dev vdown\nip -6 addr add 2001:db8::1/64 dev va nodad', ['va', 'vb', 'vdown'], [
      ['ip route add 10.1.0.0/16 via 10.0.0.2', undefined],
      ['ip route add 10.1.0.0/16 via 10.0.0.2', 'RTNETLINK answers: File exists'],
      ['ip route add 10.1.0.0/16 via 10.0.0.3', 'RTNETLINK answers: File exists'],
      ['ip route add 10.1.0.0/16 via 10.0.0.3 metric 5', undefined],
      ['ip route add 10.2.0.0/16 via 192.0.2.1', 'Error: Nexthop has invalid gateway.'],
      ['ip route add 10.2.0.0/16 via 192.0.2.1 dev va', 'Error: Nexthop has invalid gateway.'],
      ['ip route add 10.2.0.0/16 via 10.0.0.2 dev vb', 'Error: Nexthop has invalid gateway.'],
      ['ip route add 10.2.0.0/16 via 192.0.2.1 dev va onlink', undefined],
      ['ip route del 10.4.0.0/16', 'RTNETLINK answers: No such process'],
      ['ip route del 10.1.0.0/16 via 10.0.0.9', 'RTNETLINK answers: No such process'],
      ['ip route del 10.1.0.0/16 table 100', 'Error: FIB table does not exist.'],
      ['ip route add 10.5.0.0/16 via 10.9.0.2 dev vdown', 'Error: Nexthop has invalid gateway.'],
      ['ip route add 10.5.0.0/16 dev vdown', 'Error: Device for nexthop is not up.'],
      ['ip route replace 10.6.0.0/16 via 10.0.0.2', undefined],
      ['ip route change 10.7.0.0/16 via 10.0.0.2', 'RTNETLINK answers: No such file or directory'],
      ['ip route add 10.8.0.1/16 dev va', 'Error: Invalid prefix for given prefix length.'],
      ['ip route add 10.11.0.0/16 via 10.0.0.2 src 10.99.0.1', 'Error: Invalid prefsrc address.'],
      ['ip route add 10.13.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.0.3', undefined],
      ['ip route add 10.13.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.0.3', 'RTNETLINK answers: File exists'],
      ['ip route add 10.20.0.0/16 nexthop via 10.0.0.2 nexthop via 192.0.2.1 onlink', 'Error: Nexthop device required for onlink.'],
      ['ip route add blackhole 10.15.0.0/16', undefined],
      ['ip route add blackhole 10.15.0.0/16 dev va', 'Error: Gateway, device and multipath can not be specified for this route type.'],
      ['ip route add unreachable 10.16.0.0/16 via 10.0.0.2', 'Error: Gateway, device and multipath can not be specified for this route type.'],
      ['ip route add 10.0.0.0/24 dev va', 'RTNETLINK answers: File exists'],
      ['ip route add default via 10.0.0.2', undefined],
      ['ip route add default via 10.0.0.3', 'RTNETLINK answers: File exists'],
      ['ip -6 route add 2001:db8:1::/48 via 2001:db8::2', undefined],
      ['ip -6 route add 2001:db8:1::/48 via 2001:db8::2', 'RTNETLINK answers: File exists'],
      ['ip -6 route add 2001:db8:2::/48 via 2001:db9::1', 'RTNETLINK answers: No route to host'],
      ['ip -6 route add 2001:db8:3::/48 via fe80::1', 'Error: Egress device not specified.'],
      ['ip -6 route del 2001:db8:4::/48', 'RTNETLINK answers: No such process'],
      ['ip -6 route change 2001:db8:6::/48 via 2001:db8::2', 'Error: Can not replace route - no match found.'],
    ]);
  });

  test('neighbours: add twice, change or delete what is absent, no link-layer address (neigh_add, neigh_delete)', () => {
    sequence('ip link set va up', ['va'], [
      ['ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev va', undefined],
      ['ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:06 dev va', 'RTNETLINK answers: File exists'],
      ['ip neigh replace 10.0.0.5 lladdr 02:00:00:00:00:06 dev va', undefined],
      ['ip neigh change 10.0.0.6 lladdr 02:00:00:00:00:06 dev va', 'RTNETLINK answers: No such file or directory'],
      ['ip neigh del 10.0.0.7 dev va', 'RTNETLINK answers: No such file or directory'],
      ['ip neigh del 10.0.0.5 dev va', undefined],
      ['ip neigh add 10.0.0.8 dev va', 'Error: No link layer address given.'],
    ]);
  });

  test('links and bridge ports: existing names, non-bridge masters, bridges in bridges, MTU and MAC bounds (br_add_if, dev_set_mtu, eth_prepare_mac_addr_change)', () => {
    sequence('ip link add br0 type bridge', ['va', 'vb'], [
      ['ip link add br0 type bridge', 'RTNETLINK answers: File exists'],
      ['ip link set nosuch up', 'Cannot find device "nosuch"'],
      ['ip link set va master vb', 'RTNETLINK answers: Operation not supported'],
      ['ip link set va master va', 'RTNETLINK answers: Operation not supported'],
      ['ip link set va master br0', undefined],
      ['ip link set va master br0', undefined],
      ['ip link set br0 master br0', 'Error: Can not enslave a bridge to a bridge.'],
      ['ip link set lo master br0', 'RTNETLINK answers: Invalid argument'],
      ['ip link add br1 type bridge', undefined],
      ['ip link set br0 master br1', 'Error: Can not enslave a bridge to a bridge.'],
      ['ip link set va nomaster', undefined],
      ['ip link set va nomaster', undefined],
      ['ip link set va mtu 60', 'Error: mtu less than device minimum.'],
      ['ip link set va mtu 70000', 'Error: mtu greater than device maximum.'],
      ['ip link set va address 01:00:5e:00:00:01', 'RTNETLINK answers: Cannot assign requested address'],
      ['ip link set va address 00:00:00:00:00:00', 'RTNETLINK answers: Cannot assign requested address'],
    ]);
  });

  test('macvlan: a busy MAC is refused when the macvlan comes up or changes address; passthru must be alone (MV-1, MV-2)', () => {
    sequence('ip link set va address 02:00:00:00:00:0a\nip link set va up', ['va', 'vb'], [
      ['ip link add mv1 link va type macvlan mode private', undefined],
      ['ip link set mv1 address 02:00:00:00:00:0a', 'RTNETLINK answers: Address already in use'],
      ['ip link set mv1 up', undefined],
      ['ip link add mv2 link va address 00:00:5e:00:01:01 type macvlan mode bridge', undefined],
      ['ip link add mv3 link va address 00:00:5e:00:01:01 type macvlan mode bridge', undefined],
      ['ip link set mv2 up', undefined],
      ['ip link set mv3 up', 'RTNETLINK answers: Address already in use'],
      ['ip link set mv3 address 00:00:5e:00:01:03', undefined],
      ['ip link set mv3 up', undefined],
      ['ip link set mv3 address 00:00:5e:00:01:01', 'RTNETLINK answers: Address already in use'],
      ['ip link add mv4 link va type macvlan mode passthru', 'RTNETLINK answers: Invalid argument'],
      ['ip link add mv5 link vb type macvlan mode passthru', undefined],
      ['ip link add mv6 link vb type macvlan mode passthru', 'RTNETLINK answers: Invalid argument'],
      ['ip link add mv7 link vb type macvlan mode private', 'RTNETLINK answers: Invalid argument'],
      ['ip link add mv8 link mv2 type macvlan mode vepa', undefined],
      ['ip link add mv10 link lo type macvlan', 'RTNETLINK answers: Invalid argument'],
      ['ip link add mv11 type macvlan', 'RTNETLINK answers: Invalid argument'],
      ['ip link set mv2 mtu 1600', 'RTNETLINK answers: Invalid argument'],
    ]);
  });

  test('bridge fdb and sysctl: master on a non-port, self entries, static duplicates, the zero MAC, unknown keys and bad values', () => {
    sequence('ip link add br0 type bridge\nip link set vc master br0', ['va', 'vc'], [
      ['bridge fdb add 02:00:00:00:00:01 dev va master', 'RTNETLINK answers: Operation not supported'],
      ['bridge fdb add 02:00:00:00:00:01 dev va', undefined],
      ['bridge fdb add 02:00:00:00:00:01 dev va', 'RTNETLINK answers: File exists'],
      ['bridge fdb del 02:00:00:00:00:01 dev va', undefined],
      ['bridge fdb del 02:00:00:00:00:01 dev va', 'RTNETLINK answers: No such file or directory'],
      ['bridge fdb add 02:00:00:00:00:02 dev vc master static', undefined],
      ['bridge fdb add 02:00:00:00:00:02 dev vc master static', 'RTNETLINK answers: File exists'],
      ['bridge fdb replace 02:00:00:00:00:02 dev vc master static', undefined],
      ['bridge fdb add 02:00:00:00:00:08 dev vc master dynamic', 'RTNETLINK answers: Operation not permitted'],
      ['bridge fdb add 02:00:00:00:00:09 dev vc master', undefined],
      ['bridge fdb del 02:00:00:00:00:09 dev vc master', undefined],
      ['bridge fdb add 00:00:00:00:00:00 dev vc master static', 'RTNETLINK answers: Invalid argument'],
      ['sysctl -w net.ipv4.ip_forward=1', undefined],
      ['sysctl -w net.ipv4.ip_forward=2', undefined],
      ['sysctl -w net.ipv4.ip_forward=x', 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument'],
      ['sysctl -w net.ipv4.conf.va.rp_filter=3', undefined],
      ['sysctl -w net.ipv4.conf.nosuch.rp_filter=1', 'sysctl: cannot stat /proc/sys/net/ipv4/conf/nosuch/rp_filter: No such file or directory'],
      ['sysctl -w net.ipv4.fib_notify_on_flag_change=3', 'sysctl: setting key "net.ipv4.fib_notify_on_flag_change": Invalid argument'],
    ]);
  });
});
