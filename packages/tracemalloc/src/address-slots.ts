/**
 * The live traces of one domain: block address → trace slot, iterated in insertion order (an
 * address traced again after its free counts as newly inserted, as in a `Map` that deletes and
 * sets it again).
 *
 * Why not a plain `Map` with `delete`: pymalloc hands a freed block out again at once (LIFO free
 * lists), so a loop allocates and frees the same few addresses over and over, and V8's ordered
 * hash tables keep each deleted entry in its bucket's chain until the next rehash. Every
 * delete-then-set of one key lengthened that key's chain, so looking up a hot address cost
 * O(live traces): recording 10^6 allocations took minutes (10 s for 2·10^5). Here a freed
 * address keeps its `Map` entry, marked FREE, and is set again in place; the insertion order
 * lives in a doubly linked list over slots. Dead entries are swept once they outnumber the live
 * ones, so the map stays within twice the live traces (amortized O(1)).
 */
export class AddressSlots {
  private static readonly FREE = -1;
  private byAddress = new Map<number, number>();
  private next = new Int32Array(1024);
  private prev = new Int32Array(1024);
  private head = -1;
  private tail = -1;
  private live = 0;
  private dead = 0;

  /** Live traces. */
  get size(): number {
    return this.live;
  }

  /** The slot of the live trace at `address`, or -1. */
  get(address: number): number {
    return this.byAddress.get(address) ?? AddressSlots.FREE;
  }

  /** Records a new trace at `address` (not live) in `slot`, last in iteration order. */
  add(address: number, slot: number): void {
    if (this.byAddress.get(address) === AddressSlots.FREE) this.dead--;
    this.byAddress.set(address, slot);
    if (slot >= this.next.length) {
      const capacity = Math.max(slot + 1, this.next.length * 2);
      this.next = grow(this.next, capacity);
      this.prev = grow(this.prev, capacity);
    }
    this.next[slot] = -1;
    this.prev[slot] = this.tail;
    if (this.tail === -1) this.head = slot;
    else this.next[this.tail] = slot;
    this.tail = slot;
    this.live++;
  }

  /** Forgets the trace at `address`; returns its slot, or -1 when none is live there. */
  delete(address: number): number {
    const slot = this.get(address);
    if (slot === AddressSlots.FREE) return slot;
    this.byAddress.set(address, AddressSlots.FREE);
    const before = this.prev[slot];
    const after = this.next[slot];
    if (before === -1) this.head = after;
    else this.next[before] = after;
    if (after === -1) this.tail = before;
    else this.prev[after] = before;
    this.live--;
    this.dead++;
    if (this.dead > 1024 && this.dead > this.live) this.sweep();
    return slot;
  }

  /** Calls `fn` with each live slot in insertion order (no iterator object per trace). */
  forEachSlot(fn: (slot: number) => void): void {
    for (let slot = this.head; slot !== -1; slot = this.next[slot]) fn(slot);
  }

  /** Drops the FREE entries into a new map (deleting them would grow the chains again). */
  private sweep(): void {
    const live = new Map<number, number>();
    for (const [address, slot] of this.byAddress) if (slot !== AddressSlots.FREE) live.set(address, slot);
    this.byAddress = live;
    this.dead = 0;
  }
}

function grow(from: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(capacity);
  to.set(from);
  return to;
}
