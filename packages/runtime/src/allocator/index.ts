export type { Allocator } from './allocator';
export {
  ARENA_MAP_BOT_BYTES,
  ARENA_MAP_MID_BYTES,
  ARENA_MAP_ROOT_BYTES,
  ARENA_SIZE,
  MAX_POOLS_IN_ARENA,
} from './arena';
export { InvalidFreeError, InvalidSizeError } from './errors';
export type { MallocStats, MallocStatsSource, SizeClassStats } from './malloc-stats';
export { formatMallocStats } from './malloc-stats';
export { MAX_BLOCKS_PER_POOL, POOL_OVERHEAD, POOL_SIZE } from './pool';
export { ARENA_REGION_START, PymallocAllocator } from './pymalloc';
export {
  ALIGNMENT,
  ALIGNMENT_SHIFT,
  SIZE_CLASS_COUNT,
  SizeClass,
  SMALL_REQUEST_THRESHOLD,
} from './size-class';
export { PAGE_SIZE, SYSTEM_HEAP_START, SystemAllocator } from './system-allocator';
