/**
 * The kernel check's view of fixtures (scripts/kernel-check/fixture.ts): parsing, setup
 * commands, and which fixtures the real kernel can check. No root needed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { linkKinds, parseFixture, readFixtureFile, setupCommands, whyNotKernelCheckable } from '../../scripts/kernel-check/fixture';

const ROOT = join(__dirname, '..', '..');

const minimal = `
capture: ../../pcaps/recorded/router-v4.pcapng
platform: linux
ports: [eth0, eth1]
setup: |
  sysctl -w net.ipv4.ip_forward=1
  # a comment
  ip link add br0 type bridge
  ip link add mv0 link eth0 \\
    type macvlan mode private
events:
  - { at: { frame: 12 }, run: "ip link set eth1 down" }
  - { at: { time: 2.5 }, run: "ip link set eth1 up" }
`;

describe('kernel check: fixtures', () => {
  test('a fixture gives its ports, setup, events and the capture path next to it', () => {
    const f = parseFixture('/x/fixtures/routing/t.yaml', minimal);
    expect(f.ports).toEqual(['eth0', 'eth1']);
    expect(f.capture).toBe('/x/pcaps/recorded/router-v4.pcapng');
    expect(f.events).toEqual([
      { at: { frame: 12 }, run: 'ip link set eth1 down' },
      { at: { time: 2.5 }, run: 'ip link set eth1 up' },
    ]);
  });

  test('setup text becomes commands: comments and blank lines dropped, continuations joined', () => {
    const f = parseFixture('t.yaml', minimal);
    expect(setupCommands(f.setup)).toEqual([
      'sysctl -w net.ipv4.ip_forward=1',
      'ip link add br0 type bridge',
      'ip link add mv0 link eth0 type macvlan mode private',
    ]);
    expect(linkKinds(setupCommands(f.setup))).toEqual(['bridge', 'macvlan']);
  });

  test('ports may be given with their MAC; kernel_check: false opts a fixture out', () => {
    const f = parseFixture('t.yaml', 'capture: x\nkernel_check: false\nports:\n  - { name: eth0, mac: "02:00:00:00:01:FE" }\n  - eth1\n');
    expect(f.ports).toEqual(['eth0', 'eth1']);
    expect(f.portMacs).toEqual({ eth0: '02:00:00:00:01:fe' });
    expect(whyNotKernelCheckable(f, () => true)).toBe('kernel_check: false');
  });

  test('bad fixtures are refused with the file named', () => {
    expect(() => parseFixture('t.yaml', 'capture: x\nports: []\n')).toThrow('t.yaml: ports must be a non-empty list of names');
    expect(() => parseFixture('t.yaml', 'capture: x\nports: [{ name: eth0, mac: zz }]\n')).toThrow('port eth0: zz is not a MAC address');
    expect(() => parseFixture('t.yaml', 'capture: x\nports: [eth0]\nevents: [{ at: { frame: 0 }, run: x }]\n')).toThrow('events[0].at needs frame');
    expect(() => parseFixture('t.yaml', 'ports: [eth0]\n')).toThrow('t.yaml: no capture');
  });

  test('a fixture is kernel-checkable when platform linux and every command and link kind can run here', () => {
    const f = parseFixture('t.yaml', minimal);
    expect(whyNotKernelCheckable(f, () => true)).toBeUndefined();
    expect(whyNotKernelCheckable(f, (k) => k !== 'macvlan')).toBe('this kernel cannot create a macvlan link in a namespace');
    expect(whyNotKernelCheckable({ ...f, platform: 'spectrum' }, () => true)).toMatch(/^platform spectrum/);
    expect(whyNotKernelCheckable({ ...f, setup: 'devlink trap set pci/0000:01:00.0 trap ipv4_vrrp action trap' }, () => true)).toMatch(/command "devlink"/);
  });

  test.each(['routing/router-v4', 'routing/router-v6', 'routing/link-down', 'bridging/bridge-learning', 'macvlan/macvlan-modes'])(
    'the recorded fixture %s is kernel-checkable and names its capture',
    (name) => {
      const f = readFixtureFile(join(ROOT, 'fixtures', `${name}.yaml`));
      expect(whyNotKernelCheckable(f, (k) => ['veth', 'bridge', 'macvlan'].includes(k))).toBeUndefined();
      expect(readdirSync(join(ROOT, 'pcaps', 'recorded'))).toContain(f.capture.split('/').pop());
    },
  );
});
