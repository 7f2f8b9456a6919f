import type { Arena } from './arena';
import type { SizeClass } from './size-class';

/** Bytes in a pool: 16 KiB on 64-bit 3.10+ (`POOL_BITS` 14 in Objects/obmalloc.c). */
export const POOL_SIZE = 16 * 1024;

/**
 * Bytes of `struct pool_header` at the start of every pool, rounded up to the block alignment
 * (`POOL_OVERHEAD` in Objects/obmalloc.c): blocks start at this offset.
 */
export const POOL_OVERHEAD = 48;

/** Most blocks a pool can hold: those of the smallest (16-byte) size class. */
export const MAX_BLOCKS_PER_POOL = (POOL_SIZE - POOL_OVERHEAD) >> 4;

/**
 * A 16 KiB pool of same-size blocks carved out of an arena (`struct pool_header`).
 *
 * Blocks are never objects: a freed block's offset goes on a LIFO stack and the untouched tail is
 * handed out from `nextOffset`, which gives the same order as obmalloc's in-block `freeblock` list
 * (freed blocks, most recent first, then at most one never-used block — `pymalloc_pool_extend`).
 * The requested size of each live block is kept per 16-byte granule, so an address is validated
 * with one array read and an interior pointer is never mistaken for a block.
 */
export class Pool {
  /** Address of the pool header; always a multiple of `POOL_SIZE`. */
  readonly address: number;
  /** The arena the pool was carved from. */
  readonly arena: Arena;
  /** Size class of the blocks, or null before first use (obmalloc's `DUMMY_SIZE_IDX`). */
  sizeClass: SizeClass | null = null;
  /** Cached `sizeClass.index` (-1 before first use). */
  sizeIndex = -1;
  /** Cached `sizeClass.blockSize` (0 before first use). */
  blockSize = 0;
  /** Live blocks (`ref.count`); 0 means the pool is on its arena's free-pool list. */
  refCount = 0;
  /** Offset of the first never-used block. */
  nextOffset = POOL_OVERHEAD;
  /** Largest offset at which a whole block still fits (`maxnextoffset`). */
  maxNextOffset = 0;
  /** Number of offsets on `freeOffsets`. */
  freeCount = 0;
  /** Offsets of freed blocks, most recently freed last. */
  readonly freeOffsets = new Uint16Array(MAX_BLOCKS_PER_POOL);
  /** Requested size of the live block starting at each 16-byte granule, 0 where none starts. */
  readonly requested = new Uint16Array(POOL_SIZE >> 4);
  /** Next pool in its size class's used list, or in the arena's free-pool list. */
  nextPool: Pool | null = null;
  /** Previous pool in its size class's used list. */
  prevPool: Pool | null = null;

  constructor(address: number, arena: Arena) {
    this.address = address;
    this.arena = arena;
  }

  /**
   * Formats the pool for blocks of `sizeClass`, forgetting any free list of a previous class
   * (the `szidx != size` branch of `allocate_from_new_pool`). Only valid on an empty pool.
   */
  initialize(sizeClass: SizeClass): void {
    this.sizeClass = sizeClass;
    this.sizeIndex = sizeClass.index;
    this.blockSize = sizeClass.blockSize;
    this.nextOffset = POOL_OVERHEAD;
    this.maxNextOffset = POOL_SIZE - sizeClass.blockSize;
    this.freeCount = 0;
  }

  /** Whether no block is left to hand out (obmalloc unlinks such a pool from `usedpools`). */
  isFull(): boolean {
    return this.freeCount === 0 && this.nextOffset > this.maxNextOffset;
  }

  /** Hands out a block for a request of `size` bytes and returns its offset; the pool must not be full. */
  take(size: number): number {
    let offset: number;
    if (this.freeCount > 0) {
      offset = this.freeOffsets[--this.freeCount];
    } else {
      offset = this.nextOffset;
      this.nextOffset = offset + this.blockSize;
    }
    this.requested[offset >> 4] = size;
    this.refCount++;
    return offset;
  }

  /** Requested size of the live block starting at `offset`, or 0 when none starts there. */
  sizeAt(offset: number): number {
    const granule = offset >> 4;
    return granule << 4 === offset ? this.requested[granule] : 0;
  }

  /** Records a new requested size for the live block at `offset`, which keeps its place. */
  resize(offset: number, size: number): void {
    this.requested[offset >> 4] = size;
  }

  /**
   * Returns the block at `offset` to the free list and gives its requested size, or returns 0 and
   * changes nothing when no live block starts there.
   */
  release(offset: number): number {
    const granule = offset >> 4;
    const size = this.requested[granule];
    // `granule << 4 !== offset` also rejects fractional and misaligned offsets.
    if (size === 0 || granule << 4 !== offset) return 0;
    this.requested[granule] = 0;
    this.freeOffsets[this.freeCount++] = offset;
    this.refCount--;
    return size;
  }
}
