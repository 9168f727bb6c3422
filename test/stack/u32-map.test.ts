import { U32Map } from '../../src/stack/u32-map';

describe('U32Map, the per-packet table of IPv4-keyed state', () => {
  test('behaves as a Map under random inserts, overwrites and deletes, across growth', () => {
    const m = new U32Map<number>(4);
    const ref = new Map<number, number>();
    let seed = 12345;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 20000; i++) {
      // Few distinct keys in the low and high bits, so chains collide and wrap.
      const key = ((rnd() & 0xff) << 24) | (rnd() & 0x3ff);
      const k = key >>> 0;
      if (rnd() % 3 === 0) expect(m.delete(k)).toBe(ref.delete(k));
      else {
        m.set(k, i);
        ref.set(k, i);
      }
    }
    expect(m.size).toBe(ref.size);
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    expect([...m.values()].sort((a, b) => a - b)).toEqual([...ref.values()].sort((a, b) => a - b));
    expect(m.get(0xdeadbeef)).toBeUndefined();
    m.clear();
    expect(m.size).toBe(0);
    expect(m.has([...ref.keys()][0]!)).toBe(false);
  });
});
