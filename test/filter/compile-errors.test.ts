import { compileFilter, FilterError } from '../../src/filter';

function compileError(text: string): { column: number; reason: string } {
  try {
    compileFilter(text);
  } catch (e) {
    if (e instanceof FilterError) return { column: e.column, reason: e.reason };
    throw e;
  }
  throw new Error(`${text} compiled`);
}

describe('display-filter names', () => {
  const cases: [string, number, string][] = [
    ['ip.ttll == 3', 1, '"ip.ttll" is not a valid protocol or protocol field.'],
    ['foo', 1, '"foo" is not a valid protocol or protocol field.'],
    ['ip && foo.bar == 1', 7, '"foo.bar" is not a valid protocol or protocol field.'],
    ['vrrp || ip.dst#2 == 10.0.0.1 || ip.dsst', 33, '"ip.dsst" is not a valid protocol or protocol field.'],
    ['64 == ip.ttl', 1, '"64" is not a valid protocol or protocol field.'],
    ['constructor', 1, '"constructor" is not a valid protocol or protocol field.'],
  ];
  for (const [text, column, reason] of cases) {
    it(`refuses ${JSON.stringify(text)} at column ${column}`, () => {
      expect(compileError(text)).toEqual({ column, reason });
    });
  }

  it('lists the protocols and fields a filter reads, once each, in order of use', () => {
    expect(compileFilter('vrrp && ip.dst == 224.0.0.18').fields).toEqual(['vrrp', 'ip.dst']);
    expect(compileFilter('ip.dst#2 == 10.0.0.2 || ip.dst in {10.0.0.1} || eth').fields).toEqual(['ip.dst', 'eth']);
    expect(compileFilter('').fields).toEqual([]);
  });

  it('keeps the filter text', () => {
    expect(compileFilter(' vxlan ').text).toBe(' vxlan ');
  });
});

describe('display-filter type errors, found at compile time', () => {
  const cases: [string, number, string][] = [
    ['ip.ttl == 02:00:00:00:00:01', 11, '"02:00:00:00:00:01" is not a valid number.'],
    ['ip.ttl == 1.5', 11, '"1.5" is not a valid number.'],
    ['ip.ttl == -1', 11, '"-1" is not a valid number.'],
    ['ip.ttl == 08', 11, '"08" is not a valid number.'],
    ['ip.ttl == 256', 11, '"256" too big for this field, maximum 255.'],
    ['ip.ttl in {64..256}', 16, '"256" too big for this field, maximum 255.'],
    ['vxlan.vni == 0x1000000', 14, '"0x1000000" too big for this field, maximum 16777215.'],
    ['ip.ttl == "64"', 11, 'Unsigned integer (1 byte) cannot be converted from a string ("64").'],
    ['ip.dst == 1.2.3', 11, '"1.2.3" is not a valid IPv4 address.'],
    ['ip.dst == 192.0.2.001', 11, '"192.0.2.001" is not a valid IPv4 address.'],
    ['ip.dst == 2001:db8::1', 11, '"2001:db8::1" is not a valid IPv4 address.'],
    ['ip.dst == 192.0.2.1/33', 11, 'Netmask bits in a CIDR IPv4 address should be <= 32, not 33.'],
    ['ip.dst == 192.0.2.1/x', 11, '"192.0.2.1/x" is not a valid IPv4 address.'],
    ['ip.dst == "192.0.2.1"', 11, 'IPv4 address cannot be converted from a string ("192.0.2.1").'],
    ['ipv6.dst == 192.0.2.1', 13, '"192.0.2.1" is not a valid IPv6 address.'],
    ['ipv6.dst == 2001:db8:::7', 13, '"2001:db8:::7" is not a valid IPv6 address.'],
    ['ipv6.dst == 2001:db8::/129', 13, 'Netmask bits in a CIDR IPv6 address should be <= 128, not 129.'],
    ['eth.src == 02:00:00:00:01', 12, '"02:00:00:00:01" is not a valid Ethernet address.'],
    ['eth.src == 2:0:0:0:1:1', 12, '"2:0:0:0:1:1" is not a valid Ethernet address.'],
    ['eth.dst == ff:ff:ff:ff:ff:ff/8', 12, '"ff:ff:ff:ff:ff:ff/8" is not a valid Ethernet address.'],
    ['eth.dst == "ff:ff:ff:ff:ff:ff"', 12, 'Ethernet or other MAC address cannot be converted from a string ("ff:ff:ff:ff:ff:ff").'],
    ['vxlan.flag_g == yes', 17, '"yes" is not a valid Boolean (use True, False or a number).'],
    ['frame.time_relative > 1.5.2', 23, '"1.5.2" is not a valid time offset in seconds.'],
    ['frame.interface_name == lan', 25, '"lan" is not a quoted string: write "lan".'],
    ['ip == 1', 1, '"ip" is a protocol: it can only be tested for presence, not compared with a value.'],
    ['vrrp in {1}', 1, '"vrrp" is a protocol: it can only be tested for presence, not compared with a value.'],
    ['ip.proto == udp', 13, '"udp" is a field: comparing a field with another field is not supported.'],
    ['udp.srcport == udp.dstport', 16, '"udp.dstport" is a field: comparing a field with another field is not supported.'],
    ['ip.ttl contains "3"', 1, '"ip.ttl" (type=Unsigned integer (1 byte)) cannot participate in "contains" comparison.'],
    ['eth.src matches "02"', 1, '"eth.src" (type=Ethernet or other MAC address) cannot participate in "matches" comparison.'],
    ['frame.protocols contains vlan', 26, '"vlan" is not a quoted string: write "vlan".'],
    ['eth.src & 1', 1, '"eth.src" (type=Ethernet or other MAC address) cannot participate in a bitwise "&".'],
    ['tcp.flags & 0x1ffffffff', 13, '"0x1ffffffff" too big for a bitwise mask, maximum 4294967295.'],
    ['tcp.flags & x == 2', 13, '"x" is not a valid number.'],
  ];
  for (const [text, column, reason] of cases) {
    it(`refuses ${JSON.stringify(text)} at column ${column}`, () => {
      expect(compileError(text)).toEqual({ column, reason });
    });
  }

  it('reports an invalid regular expression at the pattern', () => {
    const e = compileError('frame.protocols matches "("');
    expect(e.column).toBe(25);
    expect(e.reason).toMatch(/^"\(" is not a valid regular expression: /);
  });

  it('allows ordering on addresses, booleans and strings, as Wireshark does', () => {
    for (const text of ['ip.src < 192.0.2.2', 'ipv6.dst > 2001:db8:1::ffff', 'eth.src <= 02:00:00:00:01:02', 'vxlan.flag_g > 0', 'frame.interface_name < "m"', 'ip.src > 192.0.2.0/24']) {
      expect(() => compileFilter(text)).not.toThrow();
    }
  });

  it('reads every MAC form Wireshark reads, and hex, octal and binary numbers', () => {
    for (const text of ['eth.src == 02:00:00:00:01:01', 'eth.src == 02-00-00-00-01-01', 'eth.src == 02.00.00.00.01.01', 'eth.src == 0200.0000.0101', 'eth.src == 020000000101', 'eth.src == 02:00:00:00:01:0A']) {
      expect(() => compileFilter(text)).not.toThrow();
    }
    for (const text of ['ip.ttl == 0x40', 'ip.ttl == 0100', 'ip.ttl == 0b1000000', 'ip.ttl == 0']) expect(() => compileFilter(text)).not.toThrow();
  });
});
