import { describe, expect, it } from 'vitest';
import { formatFixed, formatLineTable, LINE_TABLE_HEADER, LineStats } from '../src/index';

const SOURCE = [
  '@profile',
  'def my_func():',
  '    a = [1] * (10 ** 6)',
  '    b = [2] * (2 * 10 ** 7)',
  '    del b',
  '    for i in range(3):',
  '        a = a + [i]',
  '    return a',
];

/** The README example plus a loop, as python3 -m memory_profiler measured it (reference §2.2). */
function example(): LineStats {
  const stats = new LineStats();
  stats
    .add('example.py', 1, SOURCE)
    .set(1, { memUsage: 49.816, increment: 49.816, occurrences: 1 })
    .set(3, { memUsage: 57.449, increment: 7.633, occurrences: 1 })
    .set(4, { memUsage: 210.039, increment: 152.59, occurrences: 1 })
    .set(5, { memUsage: 57.449, increment: -152.59, occurrences: 1 })
    .set(6, { memUsage: 65.074, increment: -0.004, occurrences: 4 })
    .set(7, { memUsage: 65.074, increment: 7.621, occurrences: 3 })
    .set(8, { memUsage: 65.074, increment: 0, occurrences: 1 });
  return stats;
}

describe('formatLineTable', () => {
  it('has the 61-character header', () => {
    expect(LINE_TABLE_HEADER).toBe('Line #    Mem usage    Increment  Occurrences   Line Contents');
    expect(LINE_TABLE_HEADER).toHaveLength(61);
  });

  it('prints precision 3 as python -m memory_profiler does', () => {
    expect(`${formatLineTable(example(), { precision: 3 }).join('\n')}\n`).toBe(
      `Filename: example.py

Line #    Mem usage    Increment  Occurrences   Line Contents
=============================================================
     1   49.816 MiB   49.816 MiB           1   @profile
     2                                         def my_func():
     3   57.449 MiB    7.633 MiB           1       a = [1] * (10 ** 6)
     4  210.039 MiB  152.590 MiB           1       b = [2] * (2 * 10 ** 7)
     5   57.449 MiB -152.590 MiB           1       del b
     6   65.074 MiB   -0.004 MiB           4       for i in range(3):
     7   65.074 MiB    7.621 MiB           3           a = a + [i]
     8   65.074 MiB    0.000 MiB           1       return a


`,
    );
  });

  it('prints precision 1 as @profile does by default', () => {
    expect(`${formatLineTable(example(), { precision: 1 }).join('\n')}\n`).toBe(
      `Filename: example.py

Line #    Mem usage    Increment  Occurrences   Line Contents
=============================================================
     1     49.8 MiB     49.8 MiB           1   @profile
     2                                         def my_func():
     3     57.4 MiB      7.6 MiB           1       a = [1] * (10 ** 6)
     4    210.0 MiB    152.6 MiB           1       b = [2] * (2 * 10 ** 7)
     5     57.4 MiB   -152.6 MiB           1       del b
     6     65.1 MiB     -0.0 MiB           4       for i in range(3):
     7     65.1 MiB      7.6 MiB           3           a = a + [i]
     8     65.1 MiB      0.0 MiB           1       return a


`,
    );
  });

  it('skips functions never measured', () => {
    const stats = example();
    stats.add('other.py', 10, ['def f():', '    pass']);
    expect(formatLineTable(stats).filter((line) => line.startsWith('Filename'))).toEqual([
      'Filename: example.py',
    ]);
  });
});

describe('formatFixed', () => {
  it("rounds exact ties half to even as Python's format does", () => {
    // python3: '{:.1f}'.format(0.25), …
    expect(formatFixed(0.25, 1)).toBe('0.2');
    expect(formatFixed(0.75, 1)).toBe('0.8');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.35, 1)).toBe('0.3');
    expect(formatFixed(-0.0, 1)).toBe('-0.0');
    expect(formatFixed(152.587890625, 1)).toBe('152.6');
    expect(formatFixed(-152.587890625, 3)).toBe('-152.588');
    expect(formatFixed(1e20, 1)).toBe('100000000000000000000.0');
  });
});
