import type { Allocator } from './allocator';
import { ARENA_SIZE, Arena, ArenaMap, MAX_POOLS_IN_ARENA } from './arena';
import { assertValidSize, InvalidFreeError } from './errors';
import type { MallocStats, MallocStatsSource, SizeClassStats } from './malloc-stats';
import { POOL_OVERHEAD, POOL_SIZE, type Pool } from './pool';
import { ALIGNMENT_SHIFT, SIZE_CLASS_COUNT, SizeClass, SMALL_REQUEST_THRESHOLD } from './size-class';
import { PAGE_SIZE, SystemAllocator } from './system-allocator';

/**
 * Where the modelled OS maps arenas: arena slot k is mapped at `ARENA_REGION_START + k MiB + 4 KiB`.
 * Like most mmap results it is page- but not pool-aligned, so every arena loses its first partial
 * pool and holds 63 (`# bytes lost to arena alignment` = 16,384 per arena).
 */
export const ARENA_REGION_START = 0x7f3a_0000_0000;

/**
 * CPython 3.11's object allocator (pymalloc, Objects/obmalloc.c, 64-bit, radix-tree build):
 * `PyObject_Malloc`/`PyObject_Realloc`/`PyObject_Free` over size classes, pools and arenas,
 * falling back to a `SystemAllocator` for zero-byte and larger-than-512-byte requests.
 *
 * Blocks are chosen in obmalloc's order, so addresses (Python's `id()` values) are deterministic
 * and reused as CPython reuses them: the most recently used pool of a size class first, freed
 * blocks last-in first-out, new pools from the fullest usable arena. Empty arenas are returned to
 * the OS except the last usable one (bpo-37257). Every operation is O(1) apart from mapping a new
 * arena and the system allocator's first-fit search.
 */
export class PymallocAllocator implements Allocator, MallocStatsSource {
  /** The allocator serving zero-byte and large requests (`PyMem_RawMalloc`). */
  readonly system: SystemAllocator;
  /** Per size class, the pools with both live and free blocks, most recently used first (`usedpools`). */
  private readonly usedPools: (Pool | null)[] = new Array<Pool | null>(SIZE_CLASS_COUNT).fill(null);
  /** Arenas with a free pool, fewest free pools first (`usable_arenas`). */
  private usableArenas: Arena | null = null;
  /** For each free-pool count, the last arena in `usableArenas` with that count (`nfp2lasta`). */
  private readonly lastArenaWithFreePools: (Arena | null)[] = new Array<Arena | null>(
    MAX_POOLS_IN_ARENA + 1,
  ).fill(null);
  /** Carved pools of mapped arenas by `(address - ARENA_REGION_START) / POOL_SIZE`: O(1) `POOL_ADDR`. */
  private readonly poolsByIndex: (Pool | undefined)[] = [];
  /** Mapped arena per address slot, null for a slot whose arena was returned to the OS. */
  private readonly arenaSlots: (Arena | null)[] = [];
  private readonly arenaMap = new ArenaMap();
  private smallRequested = 0;
  private smallBlocks = 0;
  private arenasCurrent = 0;
  private arenasTotal = 0;
  private arenasHighwater = 0;

  constructor(system: SystemAllocator = new SystemAllocator()) {
    this.system = system;
  }

  malloc(size: number): number {
    // `nbytes - 1 >= SMALL_REQUEST_THRESHOLD` in pymalloc_alloc sends 0 and large sizes to malloc.
    if (size > 0 && size <= SMALL_REQUEST_THRESHOLD && (size | 0) === size) {
      const index = (size - 1) >> ALIGNMENT_SHIFT;
      const pool = this.usedPools[index] ?? this.allocateFromNewPool(index);
      const offset = pool.take(size);
      // pymalloc_pool_extend: a pool that just handed out its last block leaves usedpools.
      if (pool.isFull()) this.unlinkUsedPool(pool);
      this.smallRequested += size;
      this.smallBlocks++;
      return pool.address + offset;
    }
    return this.system.malloc(size);
  }

  realloc(address: number, size: number): number {
    const pool = this.poolOf(address);
    // pymalloc_realloc: a block pymalloc does not own stays with the system allocator even when
    // shrinking below 512 bytes (its valid length is unknown, bug 1185883).
    if (pool === undefined) return this.system.realloc(address, size);
    const old = pool.sizeAt(address - pool.address);
    if (old === 0) throw new InvalidFreeError(address, 'realloc');
    assertValidSize(size);
    const blockSize = pool.blockSize;
    // Stay in place when the block still fits and shrinking would save less than a quarter of it.
    if (size <= blockSize && 4 * size > 3 * blockSize) {
      pool.resize(address - pool.address, size);
      this.smallRequested += size - old;
      return address;
    }
    // Allocate before freeing, as pymalloc_realloc copies from the old block: never the same block.
    const moved = this.malloc(size);
    this.free(address);
    return moved;
  }

  free(address: number): void {
    const pool = this.poolOf(address);
    if (pool === undefined) {
      this.system.free(address);
      return;
    }
    const wasFull = pool.isFull();
    const size = pool.release(address - pool.address);
    if (size === 0) throw new InvalidFreeError(address);
    this.smallRequested -= size;
    this.smallBlocks--;
    // pymalloc_free: a full pool is relinked at the front of its usedpools list (LRU reuse);
    // a pool that became empty goes back to its arena.
    if (wasFull) this.linkUsedPool(pool);
    else if (pool.refCount === 0) this.insertToFreePool(pool);
  }

  sizeOf(address: number): number {
    const pool = this.poolOf(address);
    if (pool === undefined) return this.system.sizeOf(address);
    const size = pool.sizeAt(address - pool.address);
    if (size === 0) throw new InvalidFreeError(address, 'sizeOf');
    return size;
  }

  /** Bytes the live block at `address` occupies: its size-class block size, or the system span. */
  usableSize(address: number): number {
    const pool = this.poolOf(address);
    if (pool === undefined) return this.system.usableSize(address);
    if (pool.sizeAt(address - pool.address) === 0) throw new InvalidFreeError(address, 'usableSize');
    return pool.blockSize;
  }

  /** Whether `address` lies in a pool of a mapped arena (obmalloc's `address_in_range`). */
  isPymallocAddress(address: number): boolean {
    return this.poolOf(address) !== undefined;
  }

  get requestedBytes(): number {
    return this.smallRequested + this.system.requestedBytes;
  }

  /** Mapped arenas at 1 MiB each, plus system blocks rounded up to pages. */
  get residentBytes(): number {
    return this.arenasCurrent * ARENA_SIZE + this.system.residentBytes;
  }

  get blockCount(): number {
    return this.smallBlocks + this.system.blockCount;
  }

  /** Walks the mapped arenas as `_PyObject_DebugMallocStats` does; O(arenas × 63). */
  mallocStats(): MallocStats {
    const pools = new Array<number>(SIZE_CLASS_COUNT).fill(0);
    const blocks = new Array<number>(SIZE_CLASS_COUNT).fill(0);
    let arenas = 0;
    let unusedPools = 0;
    let arenaAlignmentBytes = 0;
    for (const arena of this.arenaSlots) {
      if (arena === null) continue;
      arenas++;
      unusedPools += arena.freePoolCount;
      arenaAlignmentBytes += arena.alignmentLoss;
      for (const pool of arena.pools) {
        if (pool.refCount === 0) continue;
        pools[pool.sizeIndex]++;
        blocks[pool.sizeIndex] += pool.refCount;
      }
    }
    const sizeClasses: SizeClassStats[] = [];
    let bytesInAllocatedBlocks = 0;
    let bytesInAvailableBlocks = 0;
    let poolHeaderBytes = 0;
    let quantizationBytes = 0;
    for (const sizeClass of SizeClass.all) {
      const poolCount = pools[sizeClass.index];
      if (poolCount === 0) continue;
      const blocksInUse = blocks[sizeClass.index];
      const availableBlocks = poolCount * sizeClass.blocksPerPool - blocksInUse;
      sizeClasses.push({ sizeClass, pools: poolCount, blocksInUse, availableBlocks });
      bytesInAllocatedBlocks += blocksInUse * sizeClass.blockSize;
      bytesInAvailableBlocks += availableBlocks * sizeClass.blockSize;
      poolHeaderBytes += poolCount * POOL_OVERHEAD;
      quantizationBytes += poolCount * sizeClass.quantization;
    }
    return {
      sizeClasses,
      arenasAllocatedTotal: this.arenasTotal,
      arenasReclaimed: this.arenasTotal - arenas,
      arenasHighwater: this.arenasHighwater,
      arenasCurrent: arenas,
      unusedPools,
      bytesInAllocatedBlocks,
      bytesInAvailableBlocks,
      poolHeaderBytes,
      quantizationBytes,
      arenaAlignmentBytes,
      arenaMapMidNodes: this.arenaMap.midNodes,
      arenaMapBotNodes: this.arenaMap.botNodes,
    };
  }

  /** The carved pool of a mapped arena containing `address` (`POOL_ADDR` + `address_in_range`). */
  private poolOf(address: number): Pool | undefined {
    const index = Math.floor((address - ARENA_REGION_START) / POOL_SIZE);
    return index >= 0 && index < this.poolsByIndex.length ? this.poolsByIndex[index] : undefined;
  }

  /**
   * Takes a pool for size class `index` from the first usable arena, mapping a new arena if there
   * is none, and makes it the only pool in that class's used list (`allocate_from_new_pool`).
   */
  private allocateFromNewPool(index: number): Pool {
    let arena = this.usableArenas;
    if (arena === null) {
      arena = this.newArena();
      this.usableArenas = arena;
      this.lastArenaWithFreePools[arena.freePoolCount] = arena;
    }
    // The head of usable_arenas loses a pool: it stays the head, now as the last with nf - 1.
    const nf = arena.freePoolCount;
    if (this.lastArenaWithFreePools[nf] === arena) this.lastArenaWithFreePools[nf] = null;
    if (nf > 1) this.lastArenaWithFreePools[nf - 1] = arena;

    // Reuse an emptied pool before carving an untouched one.
    let pool = arena.freePools;
    if (pool !== null) {
      arena.freePools = pool.nextPool;
    } else {
      pool = arena.carvePool();
      this.poolsByIndex[(pool.address - ARENA_REGION_START) / POOL_SIZE] = pool;
    }
    arena.freePoolCount = nf - 1;
    if (nf === 1) {
      // The arena is full: it leaves usable_arenas until one of its pools is freed.
      this.usableArenas = arena.nextArena;
      if (arena.nextArena !== null) arena.nextArena.prevArena = null;
      arena.nextArena = null;
    }

    // A pool that last held this size class keeps its free list ("Luckily, this pool last
    // contained blocks of the same size class"); otherwise it is formatted afresh.
    if (pool.sizeIndex !== index) pool.initialize(SizeClass.all[index]);
    pool.nextPool = null;
    pool.prevPool = null;
    this.usedPools[index] = pool;
    return pool;
  }

  /** Maps an arena at the lowest free address slot (`new_arena`). */
  private newArena(): Arena {
    let slot = this.arenaSlots.indexOf(null);
    if (slot === -1) slot = this.arenaSlots.length;
    const arena = new Arena(ARENA_REGION_START + slot * ARENA_SIZE + PAGE_SIZE);
    this.arenaSlots[slot] = arena;
    const poolSlots = (slot + 1) * MAX_POOLS_IN_ARENA;
    while (this.poolsByIndex.length < poolSlots) this.poolsByIndex.push(undefined);
    this.arenaMap.markUsed(arena.address);
    this.arenasCurrent++;
    this.arenasTotal++;
    if (this.arenasCurrent > this.arenasHighwater) this.arenasHighwater = this.arenasCurrent;
    return arena;
  }

  /** Unmaps an arena whose pools are all free (`_PyObject_Arena.free`). */
  private releaseArena(arena: Arena): void {
    arena.released = true;
    arena.nextArena = null;
    arena.prevArena = null;
    for (const pool of arena.pools) {
      this.poolsByIndex[(pool.address - ARENA_REGION_START) / POOL_SIZE] = undefined;
    }
    this.arenaSlots[Math.floor((arena.address - ARENA_REGION_START) / ARENA_SIZE)] = null;
    this.arenasCurrent--;
  }

  /** Puts a pool that was full at the front of its size class's used list (`insert_to_usedpool`). */
  private linkUsedPool(pool: Pool): void {
    const head = this.usedPools[pool.sizeIndex];
    pool.prevPool = null;
    pool.nextPool = head;
    if (head !== null) head.prevPool = pool;
    this.usedPools[pool.sizeIndex] = pool;
  }

  private unlinkUsedPool(pool: Pool): void {
    const next = pool.nextPool;
    const prev = pool.prevPool;
    if (prev === null) this.usedPools[pool.sizeIndex] = next;
    else prev.nextPool = next;
    if (next !== null) next.prevPool = prev;
    pool.nextPool = null;
    pool.prevPool = null;
  }

  /**
   * Returns an emptied pool to its arena and keeps `usable_arenas` sorted by free-pool count
   * (`insert_to_freepool`): the arena is unmapped if now entirely free and not the last usable
   * arena, put at the front if it was full, or slid right past the arenas with fewer free pools.
   */
  private insertToFreePool(pool: Pool): void {
    this.unlinkUsedPool(pool);
    const arena = pool.arena;
    pool.nextPool = arena.freePools;
    arena.freePools = pool;

    const oldCount = arena.freePoolCount;
    const lastWithOldCount = this.lastArenaWithFreePools[oldCount];
    if (lastWithOldCount === arena) {
      const prev = arena.prevArena;
      this.lastArenaWithFreePools[oldCount] = prev !== null && prev.freePoolCount === oldCount ? prev : null;
    }
    const count = oldCount + 1;
    arena.freePoolCount = count;

    // Case 1: entirely free. Keeping the last usable arena even when empty avoids mapping and
    // unmapping an arena on every iteration of a loop that allocates and frees one object
    // (bpo-37257, 3.9+: the `ao->nextarena != NULL` test).
    const next = arena.nextArena;
    if (count === arena.totalPools && next !== null) {
      if (arena.prevArena === null) this.usableArenas = next;
      else arena.prevArena.nextArena = next;
      next.prevArena = arena.prevArena;
      this.releaseArena(arena);
      return;
    }
    // Case 2: the arena was full, so it was on no list; with one free pool it sorts first.
    if (count === 1) {
      arena.nextArena = this.usableArenas;
      arena.prevArena = null;
      if (this.usableArenas !== null) this.usableArenas.prevArena = arena;
      this.usableArenas = arena;
      if (this.lastArenaWithFreePools[1] === null) this.lastArenaWithFreePools[1] = arena;
      return;
    }
    if (this.lastArenaWithFreePools[count] === null) this.lastArenaWithFreePools[count] = arena;
    // Case 4: it was the last arena with its old count, so the order still holds.
    if (arena === lastWithOldCount || lastWithOldCount === null || next === null) return;
    // Case 3: move the arena right, just after the last arena that had its old count.
    if (arena.prevArena === null) this.usableArenas = next;
    else arena.prevArena.nextArena = next;
    next.prevArena = arena.prevArena;
    arena.prevArena = lastWithOldCount;
    arena.nextArena = lastWithOldCount.nextArena;
    if (arena.nextArena !== null) arena.nextArena.prevArena = arena;
    lastWithOldCount.nextArena = arena;
  }
}
