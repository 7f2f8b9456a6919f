/** Marks an address whose block was freed (sizes are never negative). */
const FREED = -1;

/**
 * Requested size of every live block, by address, for an allocator that hands freed addresses
 * out again.
 *
 * Why not a plain `Map` with `delete`: V8's ordered hash tables keep each deleted entry in its
 * bucket's chain until the next rehash, so freeing and re-allocating the same address over and
 * over (first fit reuses it at once) lengthened that address's chain, and every lookup of it cost
 * O(live blocks): 10^5 malloc/free pairs took 2.9 s with 10^4 large blocks live, 7.8 s with 10^5
 * (tracemalloc's address map had the same defect). A freed address keeps its entry, marked
 * FREED, and is set again in place; the dead entries are dropped into a new map once they
 * outnumber the live ones.
 */
export class BlockSizes {
  private sizes = new Map<number, number>();
  private live = 0;
  private dead = 0;

  /** Live blocks. */
  get size(): number {
    return this.live;
  }

  /** The requested size of the live block at `address`, or undefined. */
  get(address: number): number | undefined {
    const size = this.sizes.get(address);
    return size === FREED ? undefined : size;
  }

  has(address: number): boolean {
    return this.get(address) !== undefined;
  }

  /** Records (or resizes) the live block at `address`. */
  set(address: number, size: number): void {
    const old = this.sizes.get(address);
    if (old === undefined || old === FREED) {
      this.live++;
      if (old === FREED) this.dead--;
    }
    this.sizes.set(address, size);
  }

  /** Forgets the live block at `address` (the caller checked it is live). */
  delete(address: number): void {
    this.sizes.set(address, FREED);
    this.live--;
    this.dead++;
    if (this.dead > 1024 && this.dead > this.live) {
      const live = new Map<number, number>();
      for (const [block, size] of this.sizes) if (size !== FREED) live.set(block, size);
      this.sizes = live;
      this.dead = 0;
    }
  }
}
