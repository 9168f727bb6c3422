import { KernelVersion } from '../../../src/stack/drivers/kernel-version';
import { fdbLookup } from '../../../src/stack/devices/bridge';
import { mac } from '../../../src/wire/frame-builder';
import { advert4, CLIENT, ping, SERVER, spectrumBox, VMAC10 } from './spectrum-helpers';

/**
 * VRRP on mlxsw, rule by rule (../shared/spec/vrrp-macvlan-mlxsw.md): a Spectrum router with
 * the keepalived VMAC setup, a macvlan with the virtual MAC on a routed port.
 */
const ROUTER = `sysctl -w net.ipv4.ip_forward=1
ip link set swp1 up
ip link set swp2 up
ip address add 192.0.2.1/24 dev swp1
ip address add 198.51.100.1/24 dev swp2
ip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2`;

const MASTER = `${ROUTER}
ip link add vrrp.10 link swp1 address ${VMAC10} type macvlan mode private
ip link set vrrp.10 up
ip address add 192.0.2.254/24 dev vrrp.10
ip neigh add ${CLIENT.ip} lladdr ${CLIENT.mac} dev swp1
ip neigh add ${CLIENT.ip} lladdr ${CLIENT.mac} dev vrrp.10`;

/** vrrp.10 with the virtual MAC on `lower`, up, IPv6 off: only addresses written later program it. */
function unaddressedVmac(lower: string): string {
  return `ip link add vrrp.10 link ${lower} address ${VMAC10} type macvlan mode private
sysctl -w net/ipv6/conf/vrrp.10/disable_ipv6=1
ip link set vrrp.10 up`;
}

/** A bridge RIF: br0 of swp1 and swp3 with an address. */
const BRIDGED = `ip link add br0 type bridge
ip link set swp1 master br0
ip link set swp3 master br0
ip link set br0 up
ip link set swp1 up
ip link set swp3 up
ip address add 192.0.2.2/24 dev br0`;

describe('VRRP on a Spectrum router (V- rules)', () => {
  test('V-12: on the master, a frame to the virtual MAC is routed in hardware: TTL − 1, source MAC the egress RIF\'s', () => {
    const b = spectrumBox(MASTER, ['swp1', 'swp2']);
    const { frame } = b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip));
    expect(frame).toHaveVerdict('forward', 'none');
    expect(frame!.egress).toEqual([{ port: 'swp2', fields: expect.objectContaining({ 'eth.src': b.stack.device('swp2')!.macAddress, 'eth.dst': SERVER.mac, 'ip.ttl': 63 }) }]);
    expect(frame!.meta).toMatchObject({ route: '198.51.100.0/24', 'route.flags': ['rt_offload'] });
    expect(frame!.meta['trap.name']).toBeUndefined();
  });

  test('V-12: on the master, a frame to the virtual MAC for the virtual IP is trapped (local_route) to the macvlan', () => {
    const b = spectrumBox(MASTER, ['swp1', 'swp2']);
    const { frame, caused } = b.receive('swp1', ping(VMAC10, CLIENT.ip, '192.0.2.254'));
    expect(frame).toHaveVerdict('trap', 'local_route');
    expect(frame!.to).toEqual(['vrrp.10']);
    expect(frame!.meta).toMatchObject({ 'trap.type': 'control', 'trap.group': 'local_delivery', 'trap.action': 'trap' });
    expect(caused.map((r) => r.type === 'generated' && r.kind)).toContain('icmp_echo_reply');
  });

  test('V-12: TTL 1 to the virtual MAC is an exception (ttl_value_is_too_small): the CPU sends time exceeded', () => {
    const b = spectrumBox(MASTER, ['swp1', 'swp2']);
    const { frame, caused } = b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip, 1), 1);
    expect(frame!.reason).toBe('ip_inhdr');
    expect(frame!.meta).toMatchObject({ 'trap.name': 'ttl_value_is_too_small', 'trap.type': 'exception' });
    expect(caused.some((r) => r.type === 'generated' && r.kind === 'icmp_error')).toBe(true);
  });

  test('V-13: on a backup (no macvlan with the virtual MAC) a routed port drops the frame in hardware', () => {
    const b = spectrumBox(ROUTER, ['swp1', 'swp2']);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame).toHaveVerdict('drop', 'port_list_is_empty');
  });

  test('V-13: a bridged backup floods the unknown virtual MAC to the other ports, never to the router', () => {
    const b = spectrumBox(
      BRIDGED,
      ['swp1', 'swp3'],
    );
    const { frame } = b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip));
    expect(frame).toHaveVerdict('forward', 'none');
    expect(frame!.egress!.map((e) => e.port)).toEqual(['swp3']);
    expect(frame!.to).toBeUndefined();
  });

  test('V-14, V-17: a VRRP advert on a routed RIF is trapped (ipv4_vrrp, control, group vrrp) and counted', () => {
    const b = spectrumBox(ROUTER, ['swp1', 'swp2']);
    const { frame } = b.receive('swp1', advert4(10, '192.0.2.2'));
    expect(frame!.meta).toMatchObject({ 'trap.name': 'ipv4_vrrp', 'trap.type': 'control', 'trap.group': 'vrrp', 'trap.action': 'trap' });
    expect(b.asic.devlink.trapStats().find((t) => t.name === 'ipv4_vrrp')!.packets).toBe(1);
  });

  test('V-14: on a bridge with a RIF the advert is flooded in hardware and the CPU gets one marked copy', () => {
    const b = spectrumBox(
      `${BRIDGED}
ip address add 224.0.0.18/32 dev br0 autojoin`,
      ['swp1', 'swp3'],
    );
    const { frame } = b.receive('swp1', advert4(10, '192.0.2.3'));
    expect(frame).toHaveVerdict('forward', 'ipv4_vrrp');
    expect(frame!.egress!.map((e) => e.port)).toEqual(['swp3']); // once: the CPU copy is not flooded again
    expect(frame!.to).toEqual(['br0']);
  });

  test('V-14: the same advert on a bridge with no RIF is only bridged (no trap)', () => {
    const b = spectrumBox(
      `ip link add br0 type bridge
sysctl -w net.ipv6.conf.br0.disable_ipv6=1
ip link set swp1 master br0
ip link set swp3 master br0
ip link set br0 up
ip link set swp1 up
ip link set swp3 up`,
      ['swp1', 'swp3'],
    );
    const { frame } = b.receive('swp1', advert4(10, '192.0.2.3'));
    expect(frame).toHaveVerdict('forward', 'none');
    expect(frame!.meta['trap.name']).toBeUndefined();
  });

  test('V-16, T-3: the VRRP traps\' action cannot be changed: devlink warns and keeps trap', () => {
    const b = spectrumBox(`${ROUTER}\n! devlink trap set pci/0000:01:00.0 trap ipv4_vrrp action drop`, ['swp1', 'swp2']);
    expect(b.records.find((r) => r.type === 'command')).toEqual({
      type: 'command',
      after: 'setup',
      run: 'devlink trap set pci/0000:01:00.0 trap ipv4_vrrp action drop',
      warning: 'Warning: devlink: Cannot change action of non-drop traps. Skipping.',
    });
    expect(b.receive('swp1', advert4(10, '192.0.2.2')).frame!.meta['trap.action']).toBe('trap');
  });

  test('V-7a, V-8a: a macvlan is programmed by its first address and unprogrammed when its last one goes', () => {
    const b = spectrumBox(
      `${ROUTER}
${unaddressedVmac('swp1')}`,
      ['swp1', 'swp2'],
    );
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame!.verdict).not.toBe('forward');
    b.run('ip address add 192.0.2.254/24 dev vrrp.10');
    expect(b.asic.rifs.get(b.stack.device('swp1')!)!.vrid4).toBe(10);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame).toHaveVerdict('forward', 'none');
    b.run('ip address del 192.0.2.254/24 dev vrrp.10');
    expect(b.asic.rifs.get(b.stack.device('swp1')!)!.vrid4).toBe(0);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame!.verdict).not.toBe('forward');
  });

  test('V-7a: the automatic IPv6 link-local address alone programs the macvlan', () => {
    const b = spectrumBox(`${ROUTER}\nip link add vrrp.10 link swp1 address ${VMAC10} type macvlan mode private\nip link set vrrp.10 up`, ['swp1', 'swp2']);
    expect(b.stack.device('vrrp.10')!.addrs4).toHaveLength(0);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame).toHaveVerdict('forward', 'none');
  });

  test('V-3, V-7b, V-9: from v6.6 a macvlan on a lower without a RIF is accepted and programmed when the RIF appears', () => {
    const setup = `sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
sysctl -w net.ipv6.conf.swp1.disable_ipv6=1
ip link set swp1 up
ip link set swp2 up
ip address add 198.51.100.1/24 dev swp2
ip neigh add ${SERVER.ip} lladdr ${SERVER.mac} dev swp2
ip link add vrrp.10 link swp1 address ${VMAC10} type macvlan mode private
ip link set vrrp.10 up`;
    const b = spectrumBox(setup, ['swp1', 'swp2']);
    b.run('ip address add 192.0.2.1/24 dev swp1');
    expect(b.asic.rifs.get(b.stack.device('swp1')!)!.routerFdb.size).toBe(1);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame).toHaveVerdict('forward', 'none');
  });

  test('V-3: before v6.6 the same macvlan is refused with mlxsw\'s extack', () => {
    const setup = `sysctl -w net.ipv6.conf.swp1.disable_ipv6=1
ip link set swp1 up
! ip link add vrrp.10 link swp1 address ${VMAC10} type macvlan mode private`;
    const old = spectrumBox(setup, ['swp1'], new KernelVersion(6, 5));
    expect(old.records.find((r) => r.type === 'command')).toMatchObject({ refused: 'Error: mlxsw_spectrum: macvlan is only supported on top of router interfaces.' });
    expect(old.stack.device('vrrp.10')).toBeUndefined();
    const now = spectrumBox(setup, ['swp1']);
    expect(now.records.find((r) => r.type === 'command')).not.toHaveProperty('refused');
  });

  test('V-1: every macvlan mode is accepted on the ASIC', () => {
    for (const mode of ['private', 'vepa', 'bridge', 'passthru', 'source']) {
      const b = spectrumBox(`${ROUTER}\n! ip link add mv link swp1 type macvlan mode ${mode}`, ['swp1', 'swp2']);
      expect(b.records.find((r) => r.type === 'command')).not.toHaveProperty('refused');
    }
  });

  test('V-4: a macvlan on the ASIC cannot be enslaved to a bridge; on platform linux it can', () => {
    const setup = `${MASTER}\nip link add br9 type bridge\n! ip link set vrrp.10 master br9`;
    const b = spectrumBox(setup, ['swp1', 'swp2']);
    expect(b.records.find((r) => r.type === 'command')).toMatchObject({ refused: 'Error: mlxsw_spectrum: Unknown upper device type.' });
  });

  test('V-2: a VLAN device on a bridge VLAN device is refused; a macvlan on it is not', () => {
    const b = spectrumBox(
      `ip link add br0 type bridge
ip link set swp1 master br0
ip link add link br0 name br0.10 type vlan id 10
! ip link add link br0.10 name br0.10.20 type vlan id 20
! ip link add mv link br0.10 type macvlan mode private`,
      ['swp1'],
    );
    const answers = b.records.filter((r) => r.type === 'command');
    expect(answers[0]).toMatchObject({ refused: 'Error: mlxsw_spectrum: Unknown upper device type.' });
    expect(answers[1]).not.toHaveProperty('refused');
  });

  test('V-5: a VRRP MAC on a lower with another vendor prefix is accepted (no RIF MAC rule for macvlans)', () => {
    const b = spectrumBox(`ip link set swp1 address 7c:fe:90:00:00:01\n${MASTER}`, ['swp1', 'swp2']);
    expect(b.stack.device('vrrp.10')).toBeDefined();
  });

  test('V-6.4: programming a macvlan on a bridge RIF evicts its MAC from the bridge FDB', () => {
    const b = spectrumBox(
      `${BRIDGED}
${unaddressedVmac('br0')}`,
      ['swp1', 'swp3'],
    );
    b.receive('swp3', advert4(10, '192.0.2.3')); // the other router's advert: the bridge learns the VMAC on swp3
    const br = b.stack.device('br0')!;
    expect(fdbLookup(b.stack, br, mac(VMAC10), 0, 0)?.port?.name).toBe('swp3');
    b.run('ip address add 192.0.2.254/24 dev vrrp.10');
    expect(fdbLookup(b.stack, br, mac(VMAC10), 0, 0)).toBeUndefined();
  });

  test('V-11: two IPv4 VRRP macvlans on one RIF: the last VRID wins, a delete writes 0, both MACs stay routed', () => {
    const b = spectrumBox(
      `${MASTER}
ip link add vrrp.20 link swp1 address 00:00:5e:00:01:14 type macvlan mode private
ip link set vrrp.20 up
ip address add 192.0.2.253/24 dev vrrp.20`,
      ['swp1', 'swp2'],
    );
    const rif = b.asic.rifs.get(b.stack.device('swp1')!)!;
    expect(rif.vrid4).toBe(20);
    b.run('ip link del vrrp.20');
    expect(rif.vrid4).toBe(0);
    expect(b.receive('swp1', ping(VMAC10, CLIENT.ip, SERVER.ip)).frame).toHaveVerdict('forward', 'none');
  });

  test('V-8c: destroying the lower\'s RIF unprograms its macvlans', () => {
    const b = spectrumBox(MASTER, ['swp1', 'swp2']);
    b.run('sysctl -w net.ipv6.conf.swp1.disable_ipv6=1');
    b.run('ip link set swp1 down');
    b.run('ip address del 192.0.2.1/24 dev swp1');
    expect(b.asic.rifs.get(b.stack.device('swp1')!)).toBeUndefined();
  });
});
