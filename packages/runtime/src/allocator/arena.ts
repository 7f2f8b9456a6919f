import { POOL_SIZE, Pool } from './pool';

/** Bytes in an arena: 1 MiB on 64-bit 3.10+ (`ARENA_BITS` 20 in Objects/obmalloc.c). */
export const ARENA_SIZE = 1024 * 1024;

/** Pools in a pool-aligned arena; a merely page-aligned one has one fewer (`MAX_POOLS_IN_ARENA`). */
export const MAX_POOLS_IN_ARENA = ARENA_SIZE / POOL_SIZE;

/**
 * A 1 MiB arena obtained from the OS (`struct arena_object`), carved into pools on demand.
 *
 * The OS only guarantees page alignment, so when the address is not a multiple of `POOL_SIZE`
 * the partial pool at each end is unusable and the arena holds 63 pools (`new_arena`).
 */
export class Arena {
  /** Address of the mapping. */
  readonly address: number;
  /** Address of the first pool: `address` rounded up to `POOL_SIZE`. */
  readonly firstPoolAddress: number;
  /** Pools the arena can hold (`ntotalpools`): 64, or 63 when the mapping is not pool-aligned. */
  readonly totalPools: number;
  /** Pools carved so far, in address order; the next one starts at `pool_address`. */
  readonly pools: Pool[] = [];
  /** Pools neither carved nor in use (`nfreepools`). */
  freePoolCount: number;
  /** Emptied pools ready for reuse, most recently emptied first (`freepools`). */
  freePools: Pool | null = null;
  /** Next arena in `usable_arenas` (more free pools, or equal). */
  nextArena: Arena | null = null;
  /** Previous arena in `usable_arenas`. */
  prevArena: Arena | null = null;
  /** Whether the arena has been returned to the OS. */
  released = false;

  constructor(address: number) {
    this.address = address;
    const excess = address % POOL_SIZE;
    this.firstPoolAddress = excess === 0 ? address : address + (POOL_SIZE - excess);
    this.totalPools = excess === 0 ? MAX_POOLS_IN_ARENA : MAX_POOLS_IN_ARENA - 1;
    this.freePoolCount = this.totalPools;
  }

  /** Bytes lost at the ends of the mapping because it is not pool-aligned (0 or `POOL_SIZE`). */
  get alignmentLoss(): number {
    return this.totalPools === MAX_POOLS_IN_ARENA ? 0 : POOL_SIZE;
  }

  /** Carves the next never-used pool; the caller accounts `freePoolCount`. */
  carvePool(): Pool {
    const pool = new Pool(this.firstPoolAddress + this.pools.length * POOL_SIZE, this);
    this.pools.push(pool);
    return pool;
  }
}

/** Bytes of the arena map's root node: 2^15 pointers (`arena_map_root` on 64-bit 3.11). */
export const ARENA_MAP_ROOT_BYTES = 2 ** 15 * 8;
/** Bytes of one arena-map mid node: 2^15 pointers (`arena_map_mid_t`). */
export const ARENA_MAP_MID_BYTES = 2 ** 15 * 8;
/** Bytes of one arena-map bottom node: 2^14 pairs of int32 tails (`arena_map_bot_t`). */
export const ARENA_MAP_BOT_BYTES = 2 ** 14 * 8;

// 64-bit 3.11 indexes all 64 address bits (IGNORE_BITS 0): 20 arena bits, then 14 bottom, 15 mid
// and 15 top bits (INTERIOR_BITS = (64 - 20 + 2) / 3). A mid node is keyed by the top index and a
// bottom node by everything above the arena bits, so those are the divisors below.
const MID_NODE_SPAN = 2 ** 49;
const BOT_NODE_SPAN = 2 ** 34;

/**
 * Node counts of the radix tree obmalloc uses for `address_in_range` on 64-bit builds.
 *
 * Nodes are created when an arena is mapped and never freed (`arena_map_get` with `create`); an
 * arena that is not 1 MiB-aligned also marks the node holding its end (`arena_map_mark_used`).
 */
export class ArenaMap {
  private readonly midKeys = new Set<number>();
  private readonly botKeys = new Set<number>();

  /** Records the nodes a newly mapped arena at `address` needs. */
  markUsed(address: number): void {
    this.mark(address);
    if (address % ARENA_SIZE !== 0) this.mark(address + ARENA_SIZE);
  }

  /** Mid nodes allocated so far (`arena_map_mid_count`). */
  get midNodes(): number {
    return this.midKeys.size;
  }

  /** Bottom nodes allocated so far (`arena_map_bot_count`). */
  get botNodes(): number {
    return this.botKeys.size;
  }

  private mark(address: number): void {
    this.midKeys.add(Math.floor(address / MID_NODE_SPAN));
    this.botKeys.add(Math.floor(address / BOT_NODE_SPAN));
  }
}
