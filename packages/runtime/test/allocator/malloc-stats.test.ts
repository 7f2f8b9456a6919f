import { describe, expect, it } from 'vitest';
import { ARENA_SIZE, formatMallocStats, PymallocAllocator } from '../../src/allocator/index';

/** Sums the values of the `= n,nnn` lines between two labels (exclusive), as the report's Totals do. */
function sumBetween(lines: string[], from: number, to: number): number {
  let total = 0;
  for (const line of lines.slice(from, to)) {
    if (line.includes('=')) total += Number(line.split('=')[1].replaceAll(',', ''));
  }
  return total;
}

describe('formatMallocStats', () => {
  it('prints _debugmallocstats for a small scenario (checked by hand)', () => {
    const allocator = new PymallocAllocator();
    for (let i = 0; i < 3; i++) allocator.malloc(1); // class 0: 3 of 1021 blocks
    allocator.malloc(100);
    allocator.malloc(100); // class 6 (112 bytes): 2 of 145
    allocator.malloc(512); // class 31: 1 of 31
    allocator.malloc(600); // system allocator: not in the report
    allocator.malloc(0);
    // allocated 3*16 + 2*112 + 512 = 784; available 1018*16 + 143*112 + 30*512 = 47,664;
    // quantization (16336 % 112) + (16336 % 512) = 96 + 464 = 560; 3 pools used, 60 unused.
    expect(formatMallocStats(allocator).join('\n')).toBe(
      `Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    0     16           1               3          1018
    6    112           1               2           143
   31    512           1               1            30

# arenas allocated total           =                    1
# arenas reclaimed                 =                    0
# arenas highwater mark            =                    1
# arenas allocated current         =                    1
1 arenas * 1048576 bytes/arena     =            1,048,576

# bytes in allocated blocks        =                  784
# bytes in available blocks        =               47,664
60 unused pools * 16384 bytes      =              983,040
# bytes lost to pool headers       =                  144
# bytes lost to quantization       =                  560
# bytes lost to arena alignment    =               16,384
Total                              =            1,048,576

arena map counts
# arena map mid nodes              =                    1
# arena map bot nodes              =                    1

# bytes lost to arena map root     =              262,144
# bytes lost to arena map mid      =              262,144
# bytes lost to arena map bot      =              131,072
Total                              =              655,360`,
    );
  });

  it('reports reclaimed arenas and full pools (checked by hand), and its Totals add up', () => {
    const allocator = new PymallocAllocator();
    const blocks: number[] = [];
    for (let i = 0; i < 3 * 63 * 255; i++) blocks.push(allocator.malloc(64)); // 3 full arenas
    allocator.malloc(64); // a 4th arena, usable, with 62 free pools
    // Emptying the first arena: it is not the last usable arena, so it is unmapped.
    for (let i = 0; i < 63 * 255; i++) allocator.free(blocks[i]);
    for (let i = 0; i < 100; i++) allocator.malloc(300); // 53 blocks of 304 per pool: 2 pools
    // class 3: 126 full pools + 1, 2 * 16,065 + 1 = 32,131 blocks, 127 * 255 - 32,131 = 254 free;
    // allocated 32,131 * 64 + 100 * 304 = 2,086,784; available 254 * 64 + 6 * 304 = 18,080;
    // headers 129 * 48; quantization 127 * 16 + 2 * 224 = 2,480; unused pools 63 - 3 = 60.
    const lines = formatMallocStats(allocator);
    expect(lines.slice(0, 34).join('\n')).toBe(
      `Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    3     64         127           32131           254
   18    304           2             100             6

# arenas allocated total           =                    4
# arenas reclaimed                 =                    1
# arenas highwater mark            =                    4
# arenas allocated current         =                    3
3 arenas * 1048576 bytes/arena     =            3,145,728

# bytes in allocated blocks        =            2,086,784
# bytes in available blocks        =               18,080
60 unused pools * 16384 bytes      =              983,040
# bytes lost to pool headers       =                6,192
# bytes lost to quantization       =                2,480
# bytes lost to arena alignment    =               49,152
Total                              =            3,145,728

arena map counts
# arena map mid nodes              =                    1
# arena map bot nodes              =                    1

# bytes lost to arena map root     =              262,144
# bytes lost to arena map mid      =              262,144
# bytes lost to arena map bot      =              131,072
Total                              =              655,360`,
    );
    expect(sumBetween(lines, 13, 19)).toBe(3 * ARENA_SIZE);
    expect(sumBetween(lines, 25, 28)).toBe(655_360);
    expect(lines).toHaveLength(29);
  });
});
