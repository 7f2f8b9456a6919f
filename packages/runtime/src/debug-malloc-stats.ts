import { formatMallocStats } from './allocator/malloc-stats';
import type { PymallocAllocator } from './allocator/pymalloc';
import { CPYTHON_311 } from './cpython-311';
import type { FreeLists } from './free-lists';

/** obmalloc's `printone`: the label padded to 35 columns, `=`, the value with commas in 21. */
function printOne(label: string, value: number): string {
  return `${label.padEnd(35)}=${value.toLocaleString('en-US').padStart(21)}`;
}

/** `_PyDebugAllocatorStats`: "N free NAME * SIZE bytes each", right-aligned in 48 columns. */
function freeListLine(count: number, name: string, blockSize: number): string {
  return printOne(`${`${count} free ${name} * ${blockSize} bytes each`.padStart(48)} `, count * blockSize);
}

/**
 * The text of `sys._debugmallocstats()`: the allocator's table followed by the free lists'
 * lines (dict, float, list, then tuples of each size 1..20), as CPython 3.11 prints them.
 */
export function formatDebugMallocStats(allocator: PymallocAllocator, freeLists: FreeLists): string[] {
  const counts = freeLists.counts();
  const size = CPYTHON_311.basicsize;
  const lines = [...formatMallocStats(allocator), ''];
  lines.push(freeListLine(counts.dicts, 'PyDictObjects', size.dict));
  lines.push(freeListLine(counts.floats, 'PyFloatObjects', size.float));
  lines.push(freeListLine(counts.lists, 'PyListObjects', size.list));
  for (let n = 1; n <= CPYTHON_311.freeLists.tupleMaxSize; n++) {
    lines.push(freeListLine(counts.tuples[n], `${n}-sized PyTupleObjects`, size.tuple + 8 * n));
  }
  return lines;
}
