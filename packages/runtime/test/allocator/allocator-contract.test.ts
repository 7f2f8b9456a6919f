import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Arena } from '../../src/allocator/arena';
import {
  type Allocator,
  ARENA_SIZE,
  formatMallocStats,
  PymallocAllocator,
  SystemAllocator,
} from '../../src/allocator/index';

type Command =
  | { readonly kind: 'malloc'; readonly size: number }
  | { readonly kind: 'realloc'; readonly pick: number; readonly size: number }
  | { readonly kind: 'free'; readonly pick: number };

const size = fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 600 }));
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('malloc' as const), size }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('realloc' as const), pick: fc.nat(), size }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }) },
);
const commands = fc.array(command, { maxLength: 300 });

/** An allocator under test with the extent of a live block (its usable size). */
interface Subject extends Allocator {
  usableSize(address: number): number;
}

interface Live {
  address: number;
  size: number;
}

/** Runs `script`, checking the contract after every step; returns every address handed out. */
function run(allocator: Subject, script: readonly Command[]): number[] {
  const live: Live[] = [];
  const handedOut: number[] = [];
  for (const step of script) {
    if (step.kind === 'malloc') {
      const address = allocator.malloc(step.size);
      live.push({ address, size: step.size });
      handedOut.push(address);
    } else if (live.length > 0) {
      const block = live[step.pick % live.length];
      if (step.kind === 'free') {
        allocator.free(block.address);
        live.splice(live.indexOf(block), 1);
      } else {
        block.address = allocator.realloc(block.address, step.size);
        block.size = step.size;
        handedOut.push(block.address);
      }
    }
    checkLiveBlocks(allocator, live);
  }
  for (const block of live) allocator.free(block.address);
  checkLiveBlocks(allocator, []);
  return handedOut;
}

function checkLiveBlocks(allocator: Subject, live: readonly Live[]): void {
  let requested = 0;
  for (const block of live) {
    expect(block.address % 16).toBe(0);
    expect(block.address).toBeLessThan(2 ** 53);
    expect(allocator.sizeOf(block.address)).toBe(block.size);
    requested += block.size;
  }
  expect(allocator.requestedBytes).toBe(requested);
  expect(allocator.blockCount).toBe(live.length);
  // No two live blocks overlap, whether measured by requested size or by the bytes they occupy.
  const extents = live
    .map((block) => ({ start: block.address, end: block.address + allocator.usableSize(block.address) }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < extents.length; i++) {
    expect(extents[i].start).toBeGreaterThanOrEqual(extents[i - 1].end);
  }
  for (const block of live) expect(allocator.usableSize(block.address)).toBeGreaterThanOrEqual(block.size);
}

const implementations: [string, () => Subject][] = [
  ['PymallocAllocator', () => new PymallocAllocator()],
  ['SystemAllocator', () => new SystemAllocator()],
];

describe.each(implementations)('Allocator contract: %s', (_name, create) => {
  it('keeps live blocks disjoint and the accounting exact over random malloc/realloc/free', () => {
    fc.assert(
      fc.property(commands, (script) => {
        const allocator = create();
        run(allocator, script);
        expect(allocator.requestedBytes).toBe(0);
        expect(allocator.blockCount).toBe(0);
        expect(allocator.residentBytes).toBeLessThanOrEqual(ARENA_SIZE);
      }),
      { numRuns: 200 },
    );
  });

  it('hands out the same addresses for the same sequence', () => {
    fc.assert(
      fc.property(commands, (script) => {
        expect(run(create(), script)).toEqual(run(create(), script));
      }),
      { numRuns: 50 },
    );
  });
});

/** The private arena bookkeeping of a `PymallocAllocator`, read only to check its invariants. */
interface ArenaInternals {
  readonly usableArenas: Arena | null;
  readonly lastArenaWithFreePools: readonly (Arena | null)[];
  readonly arenaSlots: readonly (Arena | null)[];
}

/**
 * Checks `usable_arenas`: sorted by free-pool count, doubly linked, exactly the mapped arenas with
 * a free pool, `nfp2lasta` pointing at the last arena of each count, at most one arena empty.
 */
function checkUsableArenas(allocator: PymallocAllocator): void {
  const internals = allocator as unknown as ArenaInternals;
  const order: Arena[] = [];
  for (let arena = internals.usableArenas; arena !== null; arena = arena.nextArena) {
    expect(arena.prevArena).toBe(order.length === 0 ? null : order[order.length - 1]);
    expect(arena.released).toBe(false);
    expect(arena.freePoolCount).toBeGreaterThan(0);
    if (order.length > 0)
      expect(arena.freePoolCount).toBeGreaterThanOrEqual(order[order.length - 1].freePoolCount);
    order.push(arena);
  }
  const withFreePools = internals.arenaSlots.filter((arena) => arena !== null && arena.freePoolCount > 0);
  expect(new Set(order)).toEqual(new Set(withFreePools));
  internals.lastArenaWithFreePools.forEach((last, count) => {
    const expected = order.filter((arena) => arena.freePoolCount === count).pop() ?? null;
    if (count > 0) expect(last).toBe(expected);
  });
  expect(order.filter((arena) => arena.freePoolCount === arena.totalPools).length).toBeLessThanOrEqual(1);
}

describe('PymallocAllocator properties', () => {
  it('follows the realloc rules of pymalloc_realloc', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (from, to) => {
        const allocator = new PymallocAllocator();
        const address = allocator.malloc(from);
        const wasSmall = allocator.isPymallocAddress(address);
        const blockSize = allocator.usableSize(address);
        const result = allocator.realloc(address, to);
        if (!wasSmall) {
          expect(allocator.isPymallocAddress(result)).toBe(false); // raw stays raw
        } else if (to <= blockSize && 4 * to > 3 * blockSize) {
          expect(result).toBe(address);
        } else {
          expect(result).not.toBe(address);
          expect(allocator.isPymallocAddress(result)).toBe(to >= 1 && to <= 512);
        }
        expect(allocator.blockCount).toBe(1);
      }),
    );
  });

  it('keeps usable_arenas sorted while whole pools are freed and taken in random order', () => {
    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ free: fc.constant(true), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ free: fc.constant(false), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 320 }), fc.array(step, { maxLength: 400 }), (initial, steps) => {
        const allocator = new PymallocAllocator();
        const fillPool = () => Array.from({ length: 31 }, () => allocator.malloc(512));
        const pools = Array.from({ length: initial }, fillPool);
        for (const { free, pick } of steps) {
          if (free && pools.length > 0) {
            const [blocks] = pools.splice(pick % pools.length, 1);
            for (const address of blocks) allocator.free(address);
          } else {
            pools.push(fillPool());
          }
          checkUsableArenas(allocator);
        }
        for (const blocks of pools) for (const address of blocks) allocator.free(address);
        checkUsableArenas(allocator);
        expect(allocator.mallocStats().arenasCurrent).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('releases all but at most one arena once many small blocks are freed, and its report adds up', () => {
    const batch = fc.record({
      count: fc.integer({ min: 1, max: 4000 }),
      size: fc.integer({ min: 1, max: 512 }),
      chunk: fc.integer({ min: 1, max: 64 }),
      picks: fc.array(fc.nat(), { maxLength: 150 }),
    });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 8 }), (batches) => {
        const allocator = new PymallocAllocator();
        let live: number[] = [];
        for (const { count, size, chunk, picks } of batches) {
          for (let i = 0; i < count; i++) live.push(allocator.malloc(size));
          // Free runs of `chunk` consecutive allocations in a random order, so pools and arenas
          // empty in an interleaved order (ties and reordering in usable_arenas).
          const chunks: number[][] = [];
          for (let i = 0; i < live.length; i += chunk) chunks.push(live.slice(i, i + chunk));
          for (const pick of picks) {
            if (chunks.length === 0) break;
            const [freed] = chunks.splice(pick % chunks.length, 1);
            for (const address of freed) allocator.free(address);
          }
          live = chunks.flat();
          const stats = allocator.mallocStats();
          const lines = formatMallocStats(allocator);
          const total = lines.find((line) => line.startsWith('Total'));
          expect(total).toBe(
            `Total${' '.repeat(30)}=${(stats.arenasCurrent * ARENA_SIZE).toLocaleString('en-US').padStart(21)}`,
          );
          const inUse = stats.sizeClasses.reduce((sum, row) => sum + row.blocksInUse, 0);
          expect(inUse).toBe(live.length);
          expect(allocator.residentBytes).toBe(stats.arenasCurrent * ARENA_SIZE);
          checkUsableArenas(allocator);
        }
        for (const address of live) allocator.free(address);
        checkUsableArenas(allocator);
        const stats = allocator.mallocStats();
        expect(stats.arenasCurrent).toBeLessThanOrEqual(1);
        expect(stats.sizeClasses).toEqual([]);
        expect(stats.arenasReclaimed).toBe(stats.arenasAllocatedTotal - stats.arenasCurrent);
        expect(allocator.residentBytes).toBeLessThanOrEqual(ARENA_SIZE);
      }),
      { numRuns: 60 },
    );
  });
});
