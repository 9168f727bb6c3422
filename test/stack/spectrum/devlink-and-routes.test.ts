import { KernelVersion } from '../../../src/stack/drivers/kernel-version';
import { ETHERTYPE, ethernet, icmp, echoIdSeq, IPPROTO, ipv4, taggedEthernet } from '../../../src/wire/frame-builder';
import { box } from '../stack-helpers';
import { CLIENT, ping, SERVER, spectrumBox } from './spectrum-helpers';

/** devlink traps (T-1 … T-7) and route hardware flags (M-1 … M-5, F-5 … F-8) on platform spectrum. */
const ROUTER = `sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.fib_notify_on_flag_change=1
ip link set swp1 up
ip link set swp2 up
ip address add 192.0.2.1/24 dev swp1
ip address add 198.51.100.1/24 dev swp2
ip route add blackhole 203.0.113.0/24`;

const HANDLE = 'pci/0000:01:00.0';

function answer(b: ReturnType<typeof spectrumBox>): unknown {
  return b.records.filter((r) => r.type === 'command').pop();
}

describe('devlink traps on platform spectrum (T-)', () => {
  test('T-4, T-6: a drop trap starts at drop: the frame is dropped, named on the record, and not counted', () => {
    const b = spectrumBox(ROUTER, ['swp1', 'swp2']);
    const mac = b.stack.device('swp1')!.macAddress;
    const { frame } = b.receive('swp1', ping(mac, CLIENT.ip, '203.0.113.9'));
    expect(frame).toHaveVerdict('drop', 'blackhole_route');
    expect(frame!.meta).toMatchObject({ 'trap.name': 'blackhole_route', 'trap.type': 'drop', 'trap.group': 'l3_drops', 'trap.action': 'drop' });
    expect(b.asic.devlink.trapStats().find((t) => t.name === 'blackhole_route')).toMatchObject({ action: 'drop', packets: 0 });
  });

  test('T-1, T-3: set to trap, a drop trap reports to devlink (counted) and still drops: the kernel never sees it', () => {
    const b = spectrumBox(`${ROUTER}\ndevlink trap set ${HANDLE} trap blackhole_route action trap`, ['swp1', 'swp2']);
    const mac = b.stack.device('swp1')!.macAddress;
    const { frame } = b.receive('swp1', ping(mac, CLIENT.ip, '203.0.113.9'));
    expect(frame).toHaveVerdict('drop', 'blackhole_route');
    expect(frame!.meta['trap.action']).toBe('trap');
    expect(frame!.to).toBeUndefined();
    expect(b.asic.devlink.trapStats().find((t) => t.name === 'blackhole_route')).toMatchObject({ action: 'trap', packets: 1, bytes: 60 });
  });

  test('T-3: mlxsw refuses mirror for a drop trap; an unknown trap and another device are refused; no action is a no-op', () => {
    expect(answer(spectrumBox(`! devlink trap set ${HANDLE} trap blackhole_route action mirror`, ['swp1']))).toMatchObject({ refused: 'kernel answers: Invalid argument' });
    expect(answer(spectrumBox(`! devlink trap set ${HANDLE} trap no_such_trap action drop`, ['swp1']))).toMatchObject({ refused: 'Error: devlink: Device did not register this trap.' });
    expect(answer(spectrumBox(`! devlink trap set pci/0000:02:00.0 trap blackhole_route action trap`, ['swp1']))).toMatchObject({ refused: expect.stringContaining('devlink answers: No such device') });
    expect(answer(spectrumBox(`! devlink trap set ${HANDLE} trap blackhole_route`, ['swp1']))).toEqual({ type: 'command', after: 'setup', run: `devlink trap set ${HANDLE} trap blackhole_route` });
  });

  test('T-3: a control or exception trap keeps its action, with the kernel\'s warning', () => {
    for (const trap of ['ttl_value_is_too_small', 'arp_request']) {
      expect(answer(spectrumBox(`! devlink trap set ${HANDLE} trap ${trap} action drop`, ['swp1']))).toMatchObject({ warning: 'Warning: devlink: Cannot change action of non-drop traps. Skipping.' });
    }
  });

  test('platform linux has no devlink device', () => {
    const b = box(`! devlink trap set ${HANDLE} trap blackhole_route action trap`, ['swp1']);
    expect(b.records.find((r) => r.type === 'command')).toMatchObject({ refused: expect.stringContaining('this platform has no devlink device') });
  });

  test('V-19: ARP is an L2 trap without the mark from v6.15, a mirrored router trap before', () => {
    const arp = ethernet('ff:ff:ff:ff:ff:ff', CLIENT.mac, ETHERTYPE.ARP, Uint8Array.from([0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0x11, 0x64, 192, 0, 2, 100, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1]));
    const now = spectrumBox(ROUTER, ['swp1', 'swp2']).receive('swp1', arp).frame!;
    expect(now.meta).toMatchObject({ 'trap.name': 'arp_request', 'trap.action': 'trap' });
    const old = spectrumBox(ROUTER, ['swp1', 'swp2'], new KernelVersion(6, 14)).receive('swp1', arp).frame!;
    expect(old.meta).toMatchObject({ 'trap.name': 'arp_request', 'trap.action': 'mirror' });
  });
});

describe('route hardware flags on platform spectrum (M-, F-)', () => {
  test('M-2, M-5, F-6: a gateway route is rt_trap until its neighbour is valid, then rt_offload, notified with sysctl 1', () => {
    const b = spectrumBox(ROUTER, ['swp1', 'swp2']);
    b.takeNotifications();
    b.run(`ip route add 203.0.114.0/24 via ${SERVER.ip}`);
    expect(b.takeNotifications()).toEqual([`203.0.114.0/24 via ${SERVER.ip} dev swp2`, `203.0.114.0/24 via ${SERVER.ip} dev swp2 rt_trap`]);
    b.run(`ip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2`);
    expect(b.takeNotifications()).toEqual([`203.0.114.0/24 via ${SERVER.ip} dev swp2 offload rt_offload`]);
    const mac = b.stack.device('swp1')!.macAddress;
    const { frame } = b.receive('swp1', ping(mac, CLIENT.ip, '203.0.114.7'));
    expect(frame!.meta).toMatchObject({ route: '203.0.114.0/24', 'route.flags': ['rt_offload'] });
    expect(frame).toHaveVerdict('forward', 'none');
  });

  test('F-5: with the sysctl at 0 the flags change silently', () => {
    const b = spectrumBox(ROUTER.replace('fib_notify_on_flag_change=1', 'fib_notify_on_flag_change=0'), ['swp1', 'swp2']);
    b.takeNotifications();
    b.run(`ip route add 203.0.114.0/24 via ${SERVER.ip}`);
    expect(b.takeNotifications()).toEqual([`203.0.114.0/24 via ${SERVER.ip} dev swp2`]);
    const r = b.stack.fib.find(4, (x) => x.prefix.text === '203.0.114.0/24')[0]!;
    expect(r.hw).toEqual({ offload: false, trap: true, offloadFailed: false });
  });

  test('M-2: a connected route with a RIF is offloaded, a blackhole is, a local route is trapped', () => {
    const b = spectrumBox(ROUTER, ['swp1', 'swp2']);
    const flags = (p: string, table = 254): unknown => b.stack.fib.find(4, (x) => x.prefix.text === p && x.table === table)[0]!.hw;
    expect(flags('192.0.2.0/24')).toMatchObject({ offload: true, trap: false });
    expect(flags('203.0.113.0/24')).toMatchObject({ offload: true, trap: false });
    expect(flags('192.0.2.1', 255)).toMatchObject({ offload: false, trap: true });
  });

  test('F-8, M-1: a better route replaces the held one, whose flags are cleared', () => {
    const b = spectrumBox(`${ROUTER}\nip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2\nip route add 203.0.114.0/24 via ${SERVER.ip} metric 20`, ['swp1', 'swp2']);
    b.takeNotifications();
    b.run(`ip route add 203.0.114.0/24 via ${SERVER.ip} metric 10`);
    expect(b.takeNotifications()).toEqual([
      `203.0.114.0/24 via ${SERVER.ip} dev swp2 metric 10`,
      `203.0.114.0/24 via ${SERVER.ip} dev swp2 metric 20`,
      `203.0.114.0/24 via ${SERVER.ip} dev swp2 metric 10 offload rt_offload`,
    ]);
  });

  test('M-3: a unicast to a route via a device the ASIC has no RIF for is external_route, routed by the CPU', () => {
    const b = spectrumBox(`${ROUTER}\nip link add dummy0 type dummy\nip link set dummy0 up\nip route add 172.16.0.0/16 dev dummy0`, ['swp1', 'swp2']);
    const mac = b.stack.device('swp1')!.macAddress;
    const { frame } = b.receive('swp1', ethernet(mac, CLIENT.mac, ETHERTYPE.IPV4, ipv4({ src: CLIENT.ip, dst: '172.16.0.1', protocol: IPPROTO.ICMP }, icmp(8, 0, echoIdSeq(1, 1), new Uint8Array(8)))));
    expect(frame).toHaveVerdict('forward', 'external_route');
    expect(frame!.egress!.map((e) => e.port)).toEqual(['dummy0']);
  });
});

describe('router interfaces on VLANs (V-2\'s lowers as RIFs)', () => {
  const echo = ipv4({ src: CLIENT.ip, dst: SERVER.ip, protocol: IPPROTO.ICMP }, icmp(8, 0, echoIdSeq(1, 1), new Uint8Array(8)));

  test('a port\'s VLAN device with an address is a sub-port RIF: a tagged frame to its MAC is routed; the port itself, with no address (IPv6 off), routes nothing', () => {
    const b = spectrumBox(
      `sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv6.conf.swp1.disable_ipv6=1
ip link set swp1 up
ip link set swp2 up
ip link add link swp1 name swp1.10 type vlan id 10
ip link set swp1.10 up
ip address add 192.0.2.1/24 dev swp1.10
ip address add 198.51.100.1/24 dev swp2
ip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2`,
      ['swp1', 'swp2'],
    );
    const mac = b.stack.device('swp1.10')!.macAddress;
    const tagged = b.receive('swp1', taggedEthernet(mac, CLIENT.mac, [{ tpid: ETHERTYPE.VLAN, priority: 0, dei: 0, id: 10 }], ETHERTYPE.IPV4, echo)).frame!;
    expect(tagged).toHaveVerdict('forward', 'none');
    expect(tagged.meta).toMatchObject({ rif: 'swp1.10' });
    expect(b.receive('swp1', ethernet(mac, CLIENT.mac, ETHERTYPE.IPV4, echo)).frame).toHaveVerdict('drop', 'port_list_is_empty');
  });

  test('a VLAN-filtering bridge routes VLAN 10 through its VLAN device\'s RIF, and bridges what is not for the router', () => {
    const b = spectrumBox(
      `sysctl -w net.ipv4.ip_forward=1
ip link add br0 type bridge vlan_filtering 1
ip link set swp1 master br0
ip link set swp3 master br0
bridge vlan add dev swp1 vid 10
bridge vlan add dev swp3 vid 10
bridge vlan add dev br0 vid 10 self
ip link add link br0 name br0.10 type vlan id 10
ip link set br0 up
ip link set br0.10 up
ip link set swp1 up
ip link set swp3 up
ip link set swp2 up
ip address add 192.0.2.1/24 dev br0.10
ip address add 198.51.100.1/24 dev swp2
ip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2`,
      ['swp1', 'swp2', 'swp3'],
    );
    const mac = b.stack.device('br0.10')!.macAddress;
    const routed = b.receive('swp1', taggedEthernet(mac, CLIENT.mac, [{ tpid: ETHERTYPE.VLAN, priority: 0, dei: 0, id: 10 }], ETHERTYPE.IPV4, echo)).frame!;
    expect(routed).toHaveVerdict('forward', 'none');
    expect(routed.meta).toMatchObject({ rif: 'br0.10' });
    expect(routed.egress!.map((e) => e.port)).toEqual(['swp2']);
    const bridged = b.receive('swp1', taggedEthernet('02:00:00:00:99:99', CLIENT.mac, [{ tpid: ETHERTYPE.VLAN, priority: 0, dei: 0, id: 10 }], ETHERTYPE.IPV4, echo)).frame!;
    expect(bridged.egress!.map((e) => e.port)).toEqual(['swp3']);
  });
});

describe('M-7: the multipath scenario of fib-offload-notifications.md', () => {
  test('trap until a nexthop resolves; offload with per-nexthop flags; no route message when only nexthop flags change; trap again when both fail', () => {
    const b = spectrumBox(
      `sysctl -w net.ipv4.fib_notify_on_flag_change=1
ip link set swp2 up
ip link set swp3 up
ip address add 198.51.100.1/24 dev swp2
ip address add 198.51.101.1/24 dev swp3
ip route add 203.0.114.0/24 nexthop via 198.51.100.10 dev swp2 nexthop via 198.51.101.10 dev swp3`,
      ['swp2', 'swp3'],
    );
    const route = (): string => b.stack.fib.find(4, (r) => r.prefix.text === '203.0.114.0/24')[0]!.hw.offload ? 'rt_offload' : 'rt_trap';
    expect(route()).toBe('rt_trap'); // 1. neither resolved
    b.takeNotifications();
    b.run('ip neigh add 198.51.100.10 lladdr 02:00:00:00:0a:0a dev swp2');
    // 2. A resolves: rt_offload, nexthop A offload, B not.
    expect(b.takeNotifications()).toEqual(['203.0.114.0/24 rt_offload\n\tnexthop via 198.51.100.10 dev swp2 weight 1 offload\n\tnexthop via 198.51.101.10 dev swp3 weight 1']);
    b.run('ip neigh add 198.51.101.10 lladdr 02:00:00:00:0b:0b dev swp3');
    // 3. B resolves: only nexthop flags change: no route-level message (F-6 step 2).
    expect(b.takeNotifications()).toEqual([]);
    expect(b.stack.fib.find(4, (r) => r.prefix.text === '203.0.114.0/24')[0]!.nexthops.map((nh) => nh.hw?.offload)).toEqual([true, true]);
    // 4. both gone: rt_trap, notified.
    b.run('ip neigh del 198.51.100.10 dev swp2');
    expect(b.takeNotifications()).toEqual([]);
    b.run('ip neigh del 198.51.101.10 dev swp3');
    expect(b.takeNotifications()).toEqual(['203.0.114.0/24 rt_trap\n\tnexthop via 198.51.100.10 dev swp2 weight 1\n\tnexthop via 198.51.101.10 dev swp3 weight 1']);
  });
});

describe('the CPU\'s copy and the software bridge (offload_fwd_mark)', () => {
  test('an exception the CPU forwards out of a bridge RIF leaves by the bridge (br_dev_xmit clears src_hwdom)', () => {
    const b = spectrumBox(
      `sysctl -w net.ipv4.ip_forward=1
ip link add br0 type bridge
ip link set swp1 master br0
ip link set swp3 master br0
ip link set br0 up
ip link set swp1 up
ip link set swp3 up
ip link set swp2 up
ip address add 192.0.2.1/24 dev br0
ip address add 198.51.100.1/24 dev swp2`,
      ['swp1', 'swp2', 'swp3'],
    );
    const toClient = ethernet(b.stack.device('swp2')!.macAddress, SERVER.mac, ETHERTYPE.IPV4, ipv4({ src: SERVER.ip, dst: CLIENT.ip, protocol: IPPROTO.ICMP }, icmp(0, 0, echoIdSeq(1, 1), new Uint8Array(8))));
    const first = b.receive('swp2', toClient, 1);
    expect(first.caused.filter((r) => r.type === 'generated' && r.kind === 'arp_request').map((r) => (r as { port: string }).port).sort()).toEqual(['swp1', 'swp3']);
    // The client answers on swp1: the queued packet is released through br0 to swp1.
    const reply = ethernet(b.stack.device('br0')!.macAddress, CLIENT.mac, ETHERTYPE.ARP, Uint8Array.from([0, 1, 8, 0, 6, 4, 0, 2, 2, 0, 0, 0, 0x11, 0x64, 192, 0, 2, 100, ...b.stack.device('br0')!.mac, 192, 0, 2, 1]));
    b.receive('swp1', reply, 1.1);
    expect(first.frame).toBeUndefined(); // held in the neighbour queue: its record comes when released
    const released = b.records.find((r) => r.type === 'frame' && r.meta['neigh.queued'] === CLIENT.ip);
    expect(released).toMatchObject({ verdict: 'forward', reason: 'unresolved_neigh', egress: [{ port: 'swp1' }] });
  });
});
