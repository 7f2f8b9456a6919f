import type { RawTrace } from '../src/index';
import { Snapshot } from '../src/index';

// The literal snapshots of CPython's Lib/test/test_tracemalloc.py (create_snapshots), and a few
// more; cpython-expected.py builds the same ones in CPython 3.11.7 and prints what it says.

// biome-ignore format: one raw trace per line, as in CPython's test
export const RAW1: RawTrace[] = [
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [1, 2, [['a.py', 5], ['b.py', 4]], 3],
  [2, 66, [['b.py', 1]], 1],
  [3, 7, [['<unknown>', 0]], 1],
];

// biome-ignore format: one raw trace per line, as in CPython's test
export const RAW2: RawTrace[] = [
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [0, 10, [['a.py', 2], ['b.py', 4]], 3],
  [2, 2, [['a.py', 5], ['b.py', 4]], 3],
  [2, 5000, [['a.py', 5], ['b.py', 4]], 3],
  [4, 400, [['c.py', 578]], 1],
];

// A list comprehension on line 3 of a function called from line 8: two frames on line 3.
// biome-ignore format: one raw trace per line, as in CPython's test
export const RAW_REPEATED: RawTrace[] = [
  [0, 1000, [['m.py', 3], ['m.py', 3], ['m.py', 8]], 3],
  [0, 1000, [['m.py', 3], ['m.py', 3], ['m.py', 8]], 3],
  [0, 56, [['m.py', 8]], 1],
  [0, 24, [['lib/u.py', 10], ['m.py', 9]], 2],
];

// Equal sizes and counts, so the traceback decides; Python compares filenames by code point.
// biome-ignore format: one raw trace per line, as in CPython's test
export const RAW_TIES: RawTrace[] = [
  [0, 64, [['z.py', 1]], 1],
  [0, 64, [['\u00e9.py', 1]], 1],
  [0, 64, [['\u{1d49c}.py', 1]], 1],
  [0, 64, [['\uffff.py', 1]], 1],
  [0, 64, [['a.py', 10]], 1],
  [0, 64, [['a.py', 9]], 1],
  [0, 64, [['a.py', 9], ['b.py', 1]], 2],
  [0, 5, [['avg.py', 1]], 1],
  [0, 2, [['avg.py', 1]], 1],
];

export function createSnapshots(): [Snapshot, Snapshot] {
  return [Snapshot.fromRawTraces(RAW1, 2), Snapshot.fromRawTraces(RAW2, 2)];
}

export const lines = (items: readonly { toString(): string }[]): string[] => items.map(String);
export const reprs = (items: readonly { repr(): string }[]): string[] => items.map((i) => i.repr());
