import { internetChecksum, sum16 } from '../../src/wire/checksum';
import { hex } from './wire-helpers';

describe('the Internet checksum (RFC 1071)', () => {
  test('the numerical example of RFC 1071 §3 sums to 0xddf2, so the checksum is 0x220d', () => {
    const b = hex('0001 f203 f4f5 f6f7');
    expect(sum16(b, 0, b.length)).toBe(0xddf2);
    expect(internetChecksum(b, 0, b.length)).toBe(0x220d);
  });

  test('a region that holds its own right checksum sums to 0xffff', () => {
    const b = hex('0001 f203 f4f5 f6f7 220d');
    expect(sum16(b, 0, b.length)).toBe(0xffff);
  });

  test('an odd length is padded with a zero byte (RFC 1071 §4.1)', () => {
    expect(sum16(hex('0102 03'), 0, 3)).toBe(0x0102 + 0x0300);
  });

  test('the initial value carries a pseudo-header sum and is folded with the rest', () => {
    expect(sum16(hex('ffff'), 0, 2, 0x1_0001)).toBe(0x0002);
    expect(internetChecksum(hex('0001 f203'), 0, 4, sum16(hex('f4f5 f6f7'), 0, 4))).toBe(0x220d);
  });
});
