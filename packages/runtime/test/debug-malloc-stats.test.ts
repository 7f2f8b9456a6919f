import { describe, expect, it } from 'vitest';
import type { PymallocAllocator } from '../src/allocator/pymalloc';
import { formatDebugMallocStats } from '../src/debug-malloc-stats';
import { Runtime } from '../src/runtime';

describe('sys._debugmallocstats()', () => {
  it('appends the free lists in CPython 3.11 format after the allocator table', () => {
    const rt = new Runtime();
    for (let i = 0; i < 3; i++) rt.decref(rt.newList());
    for (let i = 0; i < 2; i++) rt.decref(rt.newFloat(i + 0.5));
    const parked = [rt.newList(), rt.newList()];
    for (const list of parked) rt.decref(list);
    const lines = formatDebugMallocStats(rt.memory.allocator as PymallocAllocator, rt.freeLists);
    expect(lines[0]).toBe('Small block threshold = 512, in 32 size classes.');
    const tail = lines.slice(lines.lastIndexOf('') + 1);
    expect(tail.slice(0, 4)).toEqual([
      '            0 free PyDictObjects * 48 bytes each =                    0',
      '           1 free PyFloatObjects * 24 bytes each =                   24',
      '            2 free PyListObjects * 40 bytes each =                   80',
      '   0 free 1-sized PyTupleObjects * 32 bytes each =                    0',
    ]);
    expect(tail.at(-1)).toBe(' 0 free 20-sized PyTupleObjects * 184 bytes each =                    0');
    expect(tail).toHaveLength(23);
  });
});
