import { ETHERTYPE, ethernet, IPPROTO, ipv4, udp } from '../../src/wire/frame-builder';
import type { Route } from '../../src/stack/fib/route';
import type { NetDevice } from '../../src/stack/netdev';
import type { IngressResult, OffloadDriver, StackEvent } from '../../src/stack/offload-driver';
import type { Skb } from '../../src/stack/skb';
import type { Stack } from '../../src/stack/stack';
import { box } from './stack-helpers';

/**
 * The offload-driver seam (DESIGN.md §4): a driver is a plug-in that owns some ports, sees
 * their frames before the software path and every configuration change as notifier events,
 * and reports route hardware flags back. This toy "ASIC" forwards in hardware what the
 * software FIB would route to eth1, marks every route it hears of as offloaded, and lets
 * everything else through to the software path.
 */
class ToyAsic implements OffloadDriver {
  readonly name = 'toy';
  readonly events: string[] = [];
  readonly offloaded: Route[] = [];

  constructor(private readonly stack: Stack) {}

  ownsPort(dev: NetDevice): boolean {
    return dev.kind === 'port';
  }

  ingress(port: NetDevice, skb: Skb): IngressResult {
    if (skb.protocol !== ETHERTYPE.IPV4 || port.name !== 'eth0') return 'software';
    const res = this.stack.fib.lookup(4, skb.buf, skb.netOff + 16, skb.netOff + 12);
    if (res?.nexthop?.dev?.name !== 'eth1') return 'software';
    skb.outcome.step('toy: routed in hardware');
    skb.outcome.transmitted(res.nexthop.dev, skb);
    return 'handled';
  }

  notify(e: StackEvent): void {
    switch (e.kind) {
      case 'netdev':
        this.events.push(`netdev ${e.what} ${e.dev.name}`);
        return;
      case 'address':
        this.events.push(`address ${e.what} ${e.address.address.text} on ${e.dev.name}`);
        return;
      case 'route':
        this.events.push(`route ${e.what} ${e.route.prefix.text} table ${e.route.table}`);
        if (e.what !== 'del') this.offloaded.push(e.route);
        return;
      case 'neigh':
        this.events.push(`neigh ${e.what} ${e.neigh.address.text} ${e.neigh.state}`);
        return;
      case 'fdb':
        this.events.push(`fdb ${e.what} ${e.mac} on ${e.port.name}`);
        return;
    }
  }
}

const SETUP = `sysctl -w net.ipv4.ip_forward=1
ip link set eth0 up
ip link set eth1 up
ip address add 192.0.2.254/24 dev eth0
ip address add 198.51.100.254/24 dev eth1
ip neigh add 198.51.100.2 lladdr 02:00:00:00:02:02 dev eth1`;

function withToy(setup = SETUP): { b: ReturnType<typeof box>; toy: ToyAsic } {
  let toy: ToyAsic | undefined;
  const b = box(setup, ['eth0', 'eth1'], (stack) => [(toy = new ToyAsic(stack))]);
  return { b, toy: toy! };
}

const toServer = ethernet('02:7a:00:00:00:02', '02:00:00:00:00:01', ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP }, udp(1000, 2000, new Uint8Array(8))));

describe('the offload-driver seam', () => {
  test('a driver hears netdev, address, route and neighbour changes in the order the kernel sends them', () => {
    const { toy } = withToy();
    expect(toy.events).toEqual([
      // What existed before the driver: a real driver gets it replayed at registration.
      'netdev register lo',
      'netdev up lo',
      'address add 127.0.0.1 on lo',
      'route replace 127.0.0.1 table 255',
      'route replace 127.0.0.0/8 table 255',
      'route replace 127.255.255.255 table 255',
      'address add ::1 on lo',
      'route replace ::1 table 255',
      'netdev register eth0',
      'netdev register eth1',
      'netdev up eth0',
      'route replace ff00::/8 table 255',
      // The link-local address reaches drivers as any address does (inet6addr NETDEV_UP).
      'address add fe80::7a:ff:fe00:2 on eth0',
      'route replace fe80::/64 table 254',
      'route replace fe80::7a:ff:fe00:2 table 255',
      'netdev up eth1',
      'address add fe80::7a:ff:fe00:3 on eth1',
      // eth1's ff00::/8 and fe80::/64 are not first for their prefix (eth0's are): F-12.
      'route replace fe80::7a:ff:fe00:3 table 255',
      'address add 192.0.2.254 on eth0',
      'route replace 192.0.2.254 table 255',
      'route replace 192.0.2.0/24 table 254',
      'route replace 192.0.2.255 table 255',
      'address add 198.51.100.254 on eth1',
      'route replace 198.51.100.254 table 255',
      'route replace 198.51.100.0/24 table 254',
      'route replace 198.51.100.255 table 255',
      'neigh update 198.51.100.2 permanent',
    ]);
  });

  test('frames on a port the driver owns are decided in "hardware" when the driver handles them, and take the software path when it does not', () => {
    const { b } = withToy();
    const hw = b.receive('eth0', toServer);
    expect(hw.frame).toMatchObject({ verdict: 'forward', egress: [{ port: 'eth1' }] });
    expect(hw.frame!.trace).toContain('toy: routed in hardware');
    // Back the other way the toy says "software": the Linux path routes it (TTL 63).
    const back = ethernet('02:7a:00:00:00:03', '02:00:00:00:02:02', ETHERTYPE.IPV4, ipv4({ src: '198.51.100.2', dst: '192.0.2.254', protocol: IPPROTO.UDP }, udp(2000, 1000, new Uint8Array(8))));
    expect(b.receive('eth1', back).frame).toMatchObject({ verdict: 'trap', reason: 'local_route', to: ['eth1'] });
  });

  test('hardware flags reach user space as net.ipv4.fib_notify_on_flag_change says: 0 never, 1 on any change, 2 only when offload_failed changes (F-5, F-6)', () => {
    const { b, toy } = withToy();
    const route = toy.offloaded.find((r) => r.prefix.text === '198.51.100.0/24')!;
    b.takeNotifications();
    b.stack.setRouteHwFlags(route, { offload: true, trap: false, offloadFailed: false });
    expect(b.takeNotifications()).toEqual([]); // F-5: default 0
    expect(route.hw.offload).toBe(true); // flags still update silently

    b.run('sysctl -w net.ipv4.fib_notify_on_flag_change=1');
    b.stack.setRouteHwFlags(route, { offload: true, trap: false, offloadFailed: false });
    expect(b.takeNotifications()).toEqual([]); // F-6.2: nothing changed, nothing sent
    b.stack.setRouteHwFlags(route, { offload: false, trap: true, offloadFailed: false });
    expect(b.takeNotifications()).toEqual(['198.51.100.0/24 dev eth1 proto kernel scope link src 198.51.100.254 rt_trap']);

    b.run('sysctl -w net.ipv4.fib_notify_on_flag_change=2');
    b.stack.setRouteHwFlags(route, { offload: true, trap: false, offloadFailed: false });
    expect(b.takeNotifications()).toEqual([]); // F-6.4: trap → offload, offload_failed unchanged
    expect(route.hw).toEqual({ offload: true, trap: false, offloadFailed: false });
    b.stack.setRouteHwFlags(route, { offload: false, trap: false, offloadFailed: true });
    expect(b.takeNotifications()).toEqual(['198.51.100.0/24 dev eth1 proto kernel scope link src 198.51.100.254 rt_offload_failed']);
  });

  test('a route that is not first for its prefix never reaches the driver, and a deleted first route hands its place to the next (F-8, F-11)', () => {
    const { b, toy } = withToy();
    toy.events.length = 0;
    b.run('ip route add 203.0.113.0/24 via 198.51.100.2 metric 10');
    b.run('ip route add 203.0.113.0/24 via 198.51.100.2 metric 20');
    b.run('ip route del 203.0.113.0/24 metric 10');
    b.run('ip route del 203.0.113.0/24 metric 20');
    expect(toy.events).toEqual(['route replace 203.0.113.0/24 table 254', 'route replace 203.0.113.0/24 table 254', 'route del 203.0.113.0/24 table 254']);
  });

  test('a replaced or deleted route keeps its flags to itself: setting them is a no-op (F-6.1)', () => {
    const { b, toy } = withToy();
    b.run('sysctl -w net.ipv4.fib_notify_on_flag_change=1');
    b.run('ip route add 203.0.113.0/24 via 198.51.100.2');
    const old = toy.offloaded.at(-1)!;
    b.run('ip route replace 203.0.113.0/24 via 198.51.100.3');
    b.takeNotifications();
    b.stack.setRouteHwFlags(old, { offload: true, trap: false, offloadFailed: false });
    expect(b.takeNotifications()).toEqual([]);
  });
});
