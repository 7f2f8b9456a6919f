import { describe, expect, it } from 'vitest';
import {
  ARENA_REGION_START,
  ARENA_SIZE,
  InvalidFreeError,
  InvalidSizeError,
  POOL_OVERHEAD,
  POOL_SIZE,
  PymallocAllocator,
  SYSTEM_HEAP_START,
} from '../../src/allocator/index';

const BLOCKS_PER_512_POOL = 31;
const POOLS_PER_ARENA = 63;

const poolOf = (address: number) => address - (address % POOL_SIZE);
const arenaSlotOf = (address: number) => Math.floor((address - ARENA_REGION_START) / ARENA_SIZE);

/** Allocates `pools` whole pools of 512-byte blocks and returns their blocks grouped by pool. */
function fillPools(allocator: PymallocAllocator, pools: number): number[][] {
  const groups: number[][] = [];
  for (let p = 0; p < pools; p++) {
    const blocks: number[] = [];
    for (let b = 0; b < BLOCKS_PER_512_POOL; b++) blocks.push(allocator.malloc(512));
    groups.push(blocks);
  }
  return groups;
}

function freeAll(allocator: PymallocAllocator, blocks: number[]): void {
  for (const block of blocks) allocator.free(block);
}

describe('PymallocAllocator: routing and addresses', () => {
  it('serves 1..512 bytes from arenas and 0 or 513+ bytes from the system allocator', () => {
    const allocator = new PymallocAllocator();
    const small = allocator.malloc(1);
    const zero = allocator.malloc(0);
    const large = allocator.malloc(513);
    expect(allocator.isPymallocAddress(small)).toBe(true);
    expect(allocator.isPymallocAddress(zero)).toBe(false);
    expect(allocator.isPymallocAddress(large)).toBe(false);
    expect(zero).toBe(SYSTEM_HEAP_START);
    expect(allocator.system.blockCount).toBe(2);
    expect(allocator.blockCount).toBe(3);
    expect(allocator.requestedBytes).toBe(514);
    expect(allocator.residentBytes).toBe(ARENA_SIZE + 4096);
  });

  it('maps the first arena one page past a MiB boundary, losing the partial first pool', () => {
    const allocator = new PymallocAllocator();
    const first = allocator.malloc(24);
    expect(first).toBe(ARENA_REGION_START + POOL_SIZE + POOL_OVERHEAD);
    expect(allocator.malloc(24)).toBe(first + 32);
    expect(allocator.mallocStats().arenaAlignmentBytes).toBe(POOL_SIZE);
  });

  it('gives each size class its own pool, in carving order', () => {
    const allocator = new PymallocAllocator();
    const a = allocator.malloc(16);
    const b = allocator.malloc(17);
    const c = allocator.malloc(512);
    expect(poolOf(b) - poolOf(a)).toBe(POOL_SIZE);
    expect(poolOf(c) - poolOf(b)).toBe(POOL_SIZE);
    expect(allocator.usableSize(b)).toBe(32);
    expect(allocator.sizeOf(b)).toBe(17);
  });
});

describe('PymallocAllocator: block and pool reuse', () => {
  it('reuses freed blocks last-in first-out before the untouched tail', () => {
    const allocator = new PymallocAllocator();
    const [a, b, c] = [allocator.malloc(40), allocator.malloc(40), allocator.malloc(40)];
    allocator.free(a);
    allocator.free(b);
    expect(allocator.malloc(40)).toBe(b);
    expect(allocator.malloc(40)).toBe(a);
    expect(allocator.malloc(40)).toBe(c + 48);
  });

  it('puts a pool that was full back at the front of its size class', () => {
    const allocator = new PymallocAllocator();
    const [full] = fillPools(allocator, 1);
    const inSecondPool = allocator.malloc(512);
    expect(poolOf(inSecondPool)).toBe(poolOf(full[0]) + POOL_SIZE);
    allocator.free(full[7]);
    expect(allocator.malloc(512)).toBe(full[7]);
  });

  it('keeps an emptied pool free list for the same size class and reformats it for another', () => {
    const allocator = new PymallocAllocator();
    const [x, y, z] = [allocator.malloc(1), allocator.malloc(1), allocator.malloc(1)];
    allocator.free(x);
    allocator.free(z);
    allocator.free(y); // the pool is empty, its arena is the only one and stays mapped
    expect(allocator.mallocStats().unusedPools).toBe(POOLS_PER_ARENA);
    expect(allocator.malloc(1)).toBe(y);
    allocator.free(y);
    const other = allocator.malloc(100);
    expect(other).toBe(poolOf(x) + POOL_OVERHEAD);
  });
});

describe('PymallocAllocator: arenas', () => {
  it('maps a second arena after 63 pools', () => {
    const allocator = new PymallocAllocator();
    const pools = fillPools(allocator, POOLS_PER_ARENA + 1);
    expect(arenaSlotOf(pools[62][0])).toBe(0);
    expect(arenaSlotOf(pools[63][0])).toBe(1);
    expect(poolOf(pools[63][0])).toBe(ARENA_REGION_START + ARENA_SIZE + POOL_SIZE);
    expect(allocator.residentBytes).toBe(2 * ARENA_SIZE);
  });

  it('does not unmap the last usable arena when it becomes empty (bpo-37257)', () => {
    const allocator = new PymallocAllocator();
    for (let i = 0; i < 1000; i++) allocator.free(allocator.malloc(64));
    const stats = allocator.mallocStats();
    expect(stats.arenasAllocatedTotal).toBe(1);
    expect(stats.arenasCurrent).toBe(1);
    expect(allocator.residentBytes).toBe(ARENA_SIZE);
  });

  it('unmaps an empty arena that is not the last usable one, and maps the lowest free slot again', () => {
    const allocator = new PymallocAllocator();
    const pools = fillPools(allocator, POOLS_PER_ARENA + 2);
    const first = pools.slice(0, POOLS_PER_ARENA).flat();
    const second = pools.slice(POOLS_PER_ARENA).flat();
    freeAll(allocator, second); // the only usable arena: kept although empty
    expect(allocator.mallocStats().arenasCurrent).toBe(2);
    freeAll(allocator, first); // followed by the empty one in usable_arenas: unmapped
    let stats = allocator.mallocStats();
    expect(stats.arenasCurrent).toBe(1);
    expect(stats.arenasReclaimed).toBe(1);
    expect(stats.arenasHighwater).toBe(2);
    expect(allocator.residentBytes).toBe(ARENA_SIZE);
    expect(allocator.blockCount).toBe(0);
    expect(allocator.isPymallocAddress(first[0])).toBe(false);
    expect(() => allocator.free(first[0])).toThrow(InvalidFreeError);

    const again = fillPools(allocator, POOLS_PER_ARENA + 1);
    expect(arenaSlotOf(again[0][0])).toBe(1); // the surviving arena is used first
    expect(arenaSlotOf(again[POOLS_PER_ARENA][0])).toBe(0); // then slot 0 is mapped again
    stats = allocator.mallocStats();
    expect(stats.arenasAllocatedTotal).toBe(3);
    expect(stats.arenasCurrent).toBe(2);
  });

  it('takes new pools from the usable arena with the fewest free pools, keeping the order on free', () => {
    const allocator = new PymallocAllocator();
    const pools = fillPools(allocator, 3 * POOLS_PER_ARENA);
    const arenaA = pools.slice(0, 63);
    const arenaB = pools.slice(63, 126);
    const arenaC = pools.slice(126);
    for (let i = 0; i < 5; i++) freeAll(allocator, arenaC[i]); // C: 5 free pools
    for (let i = 0; i < 2; i++) freeAll(allocator, arenaB[i]); // B: 2, sorted before C
    for (let i = 0; i < 2; i++) freeAll(allocator, arenaA[i]); // A: 2, first of the two with 2
    const fromA = allocator.malloc(1);
    expect(poolOf(fromA)).toBe(poolOf(arenaA[1][0])); // A's most recently emptied pool
    allocator.free(fromA); // A is back to 2 free pools and stays first
    freeAll(allocator, arenaA[2]); // A: 3 free pools, now slides right past B
    expect(poolOf(allocator.malloc(200))).toBe(poolOf(arenaB[1][0]));
  });
});

describe('PymallocAllocator: realloc (pymalloc_realloc)', () => {
  it('keeps a block in place while it fits its class and shrinks by less than a quarter', () => {
    const allocator = new PymallocAllocator();
    const block = allocator.malloc(100); // class 112
    expect(allocator.realloc(block, 112)).toBe(block);
    expect(allocator.realloc(block, 85)).toBe(block); // 4 * 85 = 340 > 336
    expect(allocator.sizeOf(block)).toBe(85);
    expect(allocator.requestedBytes).toBe(85);
    const moved = allocator.realloc(block, 84); // 336 is not > 336: moves to class 96
    expect(moved).not.toBe(block);
    expect(allocator.usableSize(moved)).toBe(96);
    expect(allocator.blockCount).toBe(1);
    expect(() => allocator.sizeOf(block)).toThrow(InvalidFreeError);
  });

  it('moves a growing block to a larger class, and to the system allocator beyond 512 or at 0', () => {
    const allocator = new PymallocAllocator();
    const block = allocator.malloc(100);
    const bigger = allocator.realloc(block, 113);
    expect(allocator.usableSize(bigger)).toBe(128);
    const raw = allocator.realloc(bigger, 600);
    expect(allocator.isPymallocAddress(raw)).toBe(false);
    const small = allocator.malloc(30);
    const zero = allocator.realloc(small, 0);
    expect(allocator.isPymallocAddress(zero)).toBe(false);
    expect(allocator.blockCount).toBe(2);
    expect(allocator.requestedBytes).toBe(600);
  });

  it('leaves a system block with the system allocator even when shrunk below 512', () => {
    const allocator = new PymallocAllocator();
    const raw = allocator.malloc(4000);
    expect(allocator.realloc(raw, 10)).toBe(raw);
    expect(allocator.isPymallocAddress(raw)).toBe(false);
    expect(allocator.system.sizeOf(raw)).toBe(10);
    expect(allocator.residentBytes).toBe(4096);
  });
});

describe('PymallocAllocator: invalid addresses', () => {
  it('throws InvalidFreeError on a double free, naming the address', () => {
    const allocator = new PymallocAllocator();
    const block = allocator.malloc(32);
    allocator.free(block);
    let error: unknown;
    try {
      allocator.free(block);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidFreeError);
    expect((error as InvalidFreeError).code).toBe('MEMKIT_INVALID_FREE');
    expect((error as InvalidFreeError).message).toMatch(
      /^free\(0x7f3a00004030\): address is not a live block/,
    );
  });

  it('throws on addresses never allocated, inside a block, or in the system heap', () => {
    const allocator = new PymallocAllocator();
    const block = allocator.malloc(64);
    const raw = allocator.malloc(1000);
    expect(() => allocator.free(block + 16)).toThrow(InvalidFreeError);
    expect(() => allocator.free(block + 0.5)).toThrow(InvalidFreeError);
    expect(() => allocator.free(block + 64)).toThrow(InvalidFreeError);
    expect(() => allocator.free(raw + 16)).toThrow(InvalidFreeError);
    expect(() => allocator.free(12345)).toThrow(InvalidFreeError);
    expect(() => allocator.realloc(block + 16, 10)).toThrow(/^realloc\(/);
    expect(allocator.blockCount).toBe(2);
  });

  it('rejects sizes that are not non-negative safe integers', () => {
    const allocator = new PymallocAllocator();
    expect(() => allocator.malloc(-1)).toThrow(InvalidSizeError);
    expect(() => allocator.malloc(10.5)).toThrow(InvalidSizeError);
    expect(() => allocator.malloc(Number.NaN)).toThrow(InvalidSizeError);
    const block = allocator.malloc(10);
    expect(() => allocator.realloc(block, -5)).toThrow(InvalidSizeError);
    expect(allocator.sizeOf(block)).toBe(10);
  });
});
