/**
 * A hash map from pairs of 32-bit integers to non-negative int32 values, in one typed array
 * (open addressing, linear probing, grown at half load; a slot is `first, second, value`, so a
 * probe touches one cache line). Interning a million frames and tracebacks through `Map`s (one
 * per filename, one per trie node) spent most of `Snapshot.load` in map operations and left a
 * million small maps for the collector.
 */
export class IntPairMap {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = emptySlots(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `(a, b)`, or -1. Both are taken as 32-bit integers (`| 0`). */
  get(a: number, b: number): number {
    const first = a | 0;
    const second = b | 0;
    const slots = this.slots;
    for (let slot = hash(first, second) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 3;
      const value = slots[at + 2];
      if (value === -1) return -1;
      if (slots[at] === first && slots[at + 1] === second) return value;
    }
  }

  /** Sets `(a, b)` to `value` (non-negative). */
  set(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.put(a | 0, b | 0, value);
  }

  private put(first: number, second: number, value: number): void {
    const slots = this.slots;
    for (let slot = hash(first, second) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 3;
      if (slots[at + 2] === -1) {
        slots[at] = first;
        slots[at + 1] = second;
        slots[at + 2] = value;
        this.count += 1;
        return;
      }
      if (slots[at] === first && slots[at + 1] === second) {
        slots[at + 2] = value;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = emptySlots(size);
    this.mask = size - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] !== -1) this.put(old[at], old[at + 1], old[at + 2]);
    }
  }
}

function emptySlots(size: number): Int32Array {
  return new Int32Array(size * 3).fill(-1);
}

function hash(first: number, second: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second ^ (second >>> 15), 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}
