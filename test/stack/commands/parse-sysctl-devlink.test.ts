import { parseSetup, sysctlProcPath, type SysctlCommand } from '../../../src/stack/commands';
import { at, errorOf, one } from './helpers';

describe('sysctl', () => {
  test('-w KEY=VALUE keeps the key as path segments and the value as text, each with a column', () => {
    expect(one('sysctl -w net.ipv4.ip_forward=1')).toEqual({
      kind: 'sysctl',
      pos: { line: 1, column: 1 },
      key: at('net.ipv4.ip_forward', 11),
      path: ['net', 'ipv4', 'ip_forward'],
      value: at('1', 31),
      quiet: false,
    });
  });

  test.each([
    ['sysctl -w net.ipv6.conf.all.forwarding=1', ['net', 'ipv6', 'conf', 'all', 'forwarding'], false],
    ['sysctl -q -w net.ipv4.conf.eth0.rp_filter=2', ['net', 'ipv4', 'conf', 'eth0', 'rp_filter'], true],
    ['sysctl -qw net.ipv4.fib_notify_on_flag_change=2', ['net', 'ipv4', 'fib_notify_on_flag_change'], true],
    ['sysctl --write --quiet net.ipv4.ip_forward=1', ['net', 'ipv4', 'ip_forward'], true],
    ['sysctl -w net/ipv4/conf/eth0.10/rp_filter=1', ['net', 'ipv4', 'conf', 'eth0.10', 'rp_filter'], false],
    ['sysctl net.ipv4.ip_forward=1', ['net', 'ipv4', 'ip_forward'], false],
  ])('%j has path %j', (text, path, quiet) => {
    expect(one(text)).toMatchObject({ kind: 'sysctl', path, quiet });
  });

  test('sysctlProcPath names the /proc/sys file, as sysctl does in "cannot stat"', () => {
    const cmd = one('sysctl -w net.ipv4.conf.eth0.rp_filter=1') as SysctlCommand;
    expect(sysctlProcPath(cmd)).toBe('/proc/sys/net/ipv4/conf/eth0/rp_filter');
  });

  test.each([
    ['sysctl -w net.ipv4.ip_forward', 1, 11, 'sysctl: command line(0): invalid syntax, continuing...'],
    ['sysctl -w net.ipv4.ip_forward = 1', 1, 31, 'a second sysctl argument "="'],
    ['sysctl -w', 1, 1, 'sysctl needs KEY=VALUE'],
    ['sysctl -w net..ip_forward=1', 1, 11, '"net..ip_forward" is not a sysctl key'],
    ['sysctl -w net.ipv4.ip_forward=', 1, 11, 'no value after "net.ipv4.ip_forward="'],
    ['sysctl -p /etc/sysctl.conf', 1, 8, '"-p" is valid sysctl option syntax but not supported by pcapverdict'],
    ['sysctl -w a=1 b=2', 1, 15, 'a second sysctl argument "b=2"'],
    ['sysctl net.ipv4.ip_forward', 1, 8, 'reading "net.ipv4.ip_forward" is not a setup command'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});

describe('devlink trap set', () => {
  test('keeps the handle split into bus and device, the trap and the action', () => {
    expect(one('devlink trap set netdevsim/netdevsim10 trap source_mac_is_multicast action drop')).toEqual({
      kind: 'devlink-trap-set',
      pos: { line: 1, column: 1 },
      handle: at({ bus: 'netdevsim', device: 'netdevsim10' }, 18),
      trap: at('source_mac_is_multicast', 45),
      action: at('drop', 76),
    });
    expect(parseSetup('devlink trap set pci/0000:01:00.0 trap ipv4_vrrp action mirror')[0]).toMatchObject({
      handle: { value: { bus: 'pci', device: '0000:01:00.0' } },
      action: { value: 'mirror' },
    });
  });

  test.each([
    ['devlink trap set netdevsim10 trap x action trap', 1, 18, 'Devlink identification ("bus_name/dev_name") "netdevsim10" is invalid'],
    ['devlink trap set netdevsim/netdevsim10 trap x action bogus', 1, 54, 'Unknown trap action "bogus"'],
    ['devlink trap set netdevsim/netdevsim10 action trap', 1, 18, 'Trap name expected.'],
    ['devlink trap group set netdevsim/netdevsim10 group l2_drops action drop', 1, 14, '"group" is valid "devlink trap" syntax but not supported by pcapverdict'],
    ['devlink dev show', 1, 9, '"dev" is valid devlink syntax but not supported by pcapverdict'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    expect(errorOf(text)).toMatchObject({ line, column, reason });
  });
});
