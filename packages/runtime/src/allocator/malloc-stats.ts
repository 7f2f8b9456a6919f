import { ARENA_MAP_BOT_BYTES, ARENA_MAP_MID_BYTES, ARENA_MAP_ROOT_BYTES, ARENA_SIZE } from './arena';
import { POOL_SIZE } from './pool';
import type { SizeClass } from './size-class';
import { SIZE_CLASS_COUNT, SMALL_REQUEST_THRESHOLD } from './size-class';

/** Usage of one size class: a row of the `_debugmallocstats` table. */
export interface SizeClassStats {
  readonly sizeClass: SizeClass;
  /** Pools holding at least one live block of this class. */
  readonly pools: number;
  /** Live blocks. */
  readonly blocksInUse: number;
  /** Free blocks in those pools, never-used ones included. */
  readonly availableBlocks: number;
}

/**
 * Snapshot of pymalloc's state as `sys._debugmallocstats()` reports it
 * (`_PyObject_DebugMallocStats` in Objects/obmalloc.c). The byte figures from
 * `bytesInAllocatedBlocks` to `arenaAlignmentBytes` add up to `arenasCurrent * ARENA_SIZE`.
 */
export interface MallocStats {
  /** Size classes with pools in use, by ascending index. */
  readonly sizeClasses: readonly SizeClassStats[];
  /** Arenas ever mapped. */
  readonly arenasAllocatedTotal: number;
  /** Arenas returned to the OS. */
  readonly arenasReclaimed: number;
  /** Most arenas mapped at once. */
  readonly arenasHighwater: number;
  /** Arenas mapped now. */
  readonly arenasCurrent: number;
  /** Pools of mapped arenas holding no block: emptied or never carved. */
  readonly unusedPools: number;
  /** Bytes of live blocks, counted at their block size. */
  readonly bytesInAllocatedBlocks: number;
  /** Bytes of free blocks in pools in use. */
  readonly bytesInAvailableBlocks: number;
  /** Bytes of pool headers of pools in use. */
  readonly poolHeaderBytes: number;
  /** Bytes at the ends of pools in use too small for another block. */
  readonly quantizationBytes: number;
  /** Bytes lost because arenas are not pool-aligned. */
  readonly arenaAlignmentBytes: number;
  /** Mid nodes of the arena-map radix tree. */
  readonly arenaMapMidNodes: number;
  /** Bottom nodes of the arena-map radix tree. */
  readonly arenaMapBotNodes: number;
}

/** Anything that can report pymalloc statistics (the `PymallocAllocator`). */
export interface MallocStatsSource {
  mallocStats(): MallocStats;
}

/**
 * The lines `sys._debugmallocstats()` prints for pymalloc, from "Small block threshold" through
 * the arena-map "Total", character for character as CPython 3.11 64-bit prints them. The
 * interpreter's free-list lines, which CPython prints next, are the caller's to append.
 */
export function formatMallocStats(allocator: MallocStatsSource): string[] {
  const stats = allocator.mallocStats();
  const lines = [
    `Small block threshold = ${SMALL_REQUEST_THRESHOLD}, in ${SIZE_CLASS_COUNT} size classes.`,
    '',
    'class   size   num pools   blocks in use  avail blocks',
    '-----   ----   ---------   -------------  ------------',
  ];
  for (const row of stats.sizeClasses) {
    lines.push(
      [
        pad(row.sizeClass.index, 5),
        pad(row.sizeClass.blockSize, 6),
        pad(row.pools, 11),
        pad(row.blocksInUse, 15),
        pad(row.availableBlocks, 13),
      ].join(' '),
    );
  }
  lines.push(
    '',
    printOne('# arenas allocated total', stats.arenasAllocatedTotal),
    printOne('# arenas reclaimed', stats.arenasReclaimed),
    printOne('# arenas highwater mark', stats.arenasHighwater),
    printOne('# arenas allocated current', stats.arenasCurrent),
    printOne(`${stats.arenasCurrent} arenas * ${ARENA_SIZE} bytes/arena`, stats.arenasCurrent * ARENA_SIZE),
    '',
  );
  const parts: [string, number][] = [
    ['# bytes in allocated blocks', stats.bytesInAllocatedBlocks],
    ['# bytes in available blocks', stats.bytesInAvailableBlocks],
    [`${stats.unusedPools} unused pools * ${POOL_SIZE} bytes`, stats.unusedPools * POOL_SIZE],
    ['# bytes lost to pool headers', stats.poolHeaderBytes],
    ['# bytes lost to quantization', stats.quantizationBytes],
    ['# bytes lost to arena alignment', stats.arenaAlignmentBytes],
  ];
  for (const [label, value] of parts) lines.push(printOne(label, value));
  lines.push(printOne('Total', sum(parts.map(([, value]) => value))));

  const mapParts: [string, number][] = [
    ['# bytes lost to arena map root', ARENA_MAP_ROOT_BYTES],
    ['# bytes lost to arena map mid', stats.arenaMapMidNodes * ARENA_MAP_MID_BYTES],
    ['# bytes lost to arena map bot', stats.arenaMapBotNodes * ARENA_MAP_BOT_BYTES],
  ];
  lines.push(
    '',
    'arena map counts',
    printOne('# arena map mid nodes', stats.arenaMapMidNodes),
    printOne('# arena map bot nodes', stats.arenaMapBotNodes),
    '',
  );
  for (const [label, value] of mapParts) lines.push(printOne(label, value));
  lines.push(printOne('Total', sum(mapParts.map(([, value]) => value))));
  return lines;
}

/** One `label = value` line as obmalloc's `printone` writes it: label padded to 35, value to 21 with commas. */
function printOne(label: string, value: number): string {
  return `${label.padEnd(35)}=${withCommas(value).padStart(21)}`;
}

function withCommas(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

function pad(value: number, width: number): string {
  return String(value).padStart(width);
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
