/**
 * A hash map from unsigned 32-bit keys (IPv4 addresses) to values, for the per-packet
 * lookups of the forwarding path. A `Map` with such keys boxes every key above 2^30 into a
 * heap number (a hash and an allocation per probe); this table keeps keys in a typed array,
 * open addressing with linear probing, so a probe allocates nothing.
 */
export class U32Map<V> {
  private keys: Uint32Array;
  private vals: (V | undefined)[];
  private used: Uint8Array;
  private mask: number;
  /** 32 − log2(capacity): Fibonacci hashing takes the product's top bits. */
  private shift: number;
  size = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Array<V | undefined>(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private slot(key: number): number {
    let i = this.home(key);
    while (this.used[i] === 1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  get(key: number): V | undefined {
    const i = this.slot(key >>> 0);
    return this.used[i] === 1 ? this.vals[i] : undefined;
  }

  has(key: number): boolean {
    return this.used[this.slot(key >>> 0)] === 1;
  }

  set(key: number, value: V): void {
    const k = key >>> 0;
    const i = this.slot(k);
    if (this.used[i] !== 1) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        return this.set(k, value);
      }
      this.used[i] = 1;
      this.keys[i] = k;
      this.size++;
    }
    this.vals[i] = value;
  }

  delete(key: number): boolean {
    const k = key >>> 0;
    let i = this.slot(k);
    if (this.used[i] !== 1) return false;
    // Backward-shift deletion keeps every probe chain unbroken.
    this.used[i] = 0;
    this.vals[i] = undefined;
    this.size--;
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      if (this.used[j] !== 1) return true;
      const home = this.home(this.keys[j]!);
      if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
        this.keys[i] = this.keys[j]!;
        this.vals[i] = this.vals[j];
        this.used[i] = 1;
        this.used[j] = 0;
        this.vals[j] = undefined;
        i = j;
      }
    }
  }

  clear(): void {
    if (this.size === 0) return;
    this.used.fill(0);
    this.vals.fill(undefined);
    this.size = 0;
  }

  *values(): IterableIterator<V> {
    for (let i = 0; i < this.used.length; i++) if (this.used[i] === 1) yield this.vals[i]!;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const oldUsed = this.used;
    const cap = oldKeys.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Array<V | undefined>(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldUsed[i] === 1) this.set(oldKeys[i]!, oldVals[i]!);
  }
}
