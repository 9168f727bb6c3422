import { one, errorOf } from './helpers';
import { box } from '../stack-helpers';

/** What the VRRP fixtures needed of the setup language: `! COMMAND`, `autojoin`, `addrgenmode`. */
describe('setup syntax for VRRP setups', () => {
  test('"! COMMAND" wraps the command, which may then be refused: the shell\'s own negation', () => {
    expect(one('! ip link set mv0 master br0')).toMatchObject({ kind: 'may-fail', pos: { line: 1, column: 1 }, run: 'ip link set mv0 master br0', command: { kind: 'link-set', dev: { name: 'mv0', column: 15 } } });
    expect(errorOf('!')).toMatchObject({ line: 1, column: 1, reason: '"!" needs a command after it' });
    expect(errorOf('! ! ip link set mv0 up')).toMatchObject({ column: 3, reason: 'a second "!"' });
    expect(errorOf('! ip link set mv0 sideways')).toMatchObject({ column: 19 });
  });

  test('a refused "!" command is a command record with the kernel\'s words; an accepted one has none', () => {
    const b = box('ip link add br0 type bridge\n! ip link set br0 master br0\n! ip link set br0 up', ['eth0']);
    expect(b.records.filter((r) => r.type === 'command')).toEqual([
      { type: 'command', after: 'setup', run: 'ip link set br0 master br0', refused: 'Error: Can not enslave a bridge to a bridge.' },
      { type: 'command', after: 'setup', run: 'ip link set br0 up' },
    ]);
  });

  test('autojoin joins a multicast group on the device (IFA_F_MCAUTOJOIN), and leaves it on del', () => {
    expect(one('ip address add 224.0.0.18/32 dev eth0 autojoin')).toMatchObject({ kind: 'address', autojoin: { line: 1, column: 39 } });
    const b = box('ip link set eth0 up\nip address add 224.0.0.18/32 dev eth0 autojoin\nip address add ff02::12/128 dev eth0 autojoin', ['eth0']);
    const eth0 = b.stack.device('eth0')!;
    expect(eth0.joined4.map((g) => g.join('.'))).toEqual(['224.0.0.18']);
    expect(eth0.joined6).toHaveLength(1);
    expect(eth0.addrs4).toHaveLength(0);
    b.run('ip address del 224.0.0.18/32 dev eth0 autojoin');
    expect(eth0.joined4).toHaveLength(0);
    expect(() => b.run('ip address add 192.0.2.1/24 dev eth0 autojoin')).toThrow('RTNETLINK answers: Invalid argument');
  });

  test('addrgenmode none: no link-local address when the device comes up (keepalived\'s VMACs)', () => {
    expect(one('ip link set vrrp.20 addrgenmode none')).toMatchObject({ kind: 'link-set', addrGenMode: { value: 'none', column: 33 } });
    expect(errorOf('ip link set eth0 addrgenmode random')).toMatchObject({ column: 30, reason: 'addrgenmode random is not supported by pcapverdict' });
    expect(errorOf('ip link add mv link eth0 addrgenmode none type macvlan')).toMatchObject({ column: 26 });
    const b = box('ip link add mv link eth0 type macvlan mode private\nip link set mv addrgenmode none\nip link set eth0 up\nip link set mv up', ['eth0']);
    expect(b.stack.device('mv')!.addrs6).toHaveLength(0);
    expect(b.stack.device('eth0')!.addrs6.map((a) => a.scope)).toEqual(['link']);
  });
});
