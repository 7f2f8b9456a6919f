import type { BenchValues } from './bench-lines';
import type { HeapFootprint } from './memkit-side';

/** The medians each workload produced on each side (cpython null where python3 is missing). */
export interface WorkloadResult {
  name: string;
  size: number;
  repeats: number;
  memkit: BenchValues;
  cpython: BenchValues | null;
}

/** memory_profiler's overhead as published (`reference/python-profilers.md` §2), the reference to beat. */
export const PUBLISHED_MEMORY_PROFILER_OVERHEAD = 37;

interface TimeRow {
  label: string;
  workload: string;
  key: string;
  target: string;
}

/** The time table's rows: which workload's label each reads, and the target for it. */
const TIME_ROWS: readonly TimeRow[] = [
  {
    label: '1 churn: ints, strs, lists, dicts, instances',
    workload: 'churn',
    key: 'churn',
    target: 'ratio ≤ 1',
  },
  {
    label: '2 cycles: rings of 10 instances, collected',
    workload: 'cycles',
    key: 'cycles',
    target: 'ratio ≤ 1',
  },
  { label: '3 heap: build N/2 instances + N/2 lists', workload: 'heap', key: 'build', target: '' },
  {
    label: '3 heap: gc.collect() alone over N tracked',
    workload: 'heap',
    key: 'collect',
    target: 'ratio ≤ 1',
  },
  { label: '4 tracing: churn, tracemalloc off', workload: 'tracing', key: 'off', target: '' },
  { label: '4 tracing: churn, nframe=1', workload: 'tracing', key: 'nframe=1', target: '' },
  { label: '4 tracing: churn, nframe=25', workload: 'tracing', key: 'nframe=25', target: '' },
  { label: '5 snapshots: N strs made while tracing', workload: 'snapshots', key: 'record', target: '' },
  { label: '5 snapshots: take_snapshot', workload: 'snapshots', key: 'take_snapshot', target: '< 1000 ms' },
  {
    label: "5 snapshots: statistics('lineno')",
    workload: 'snapshots',
    key: "statistics('lineno')",
    target: '< 1000 ms',
  },
  {
    label: "5 snapshots: compare_to('lineno')",
    workload: 'snapshots',
    key: "compare_to('lineno')",
    target: '< 1000 ms',
  },
  { label: '5 snapshots: dump', workload: 'snapshots', key: 'dump', target: '< 1000 ms' },
  { label: '5 snapshots: load', workload: 'snapshots', key: 'load', target: '< 1000 ms' },
  { label: '6 profile: loop, unprofiled', workload: 'profile', key: 'plain', target: '' },
  { label: '6 profile: loop, memory_profiler profile', workload: 'profile', key: 'profiled', target: '' },
];

/** The row labels every full report has (the smoke test checks them). */
export const ROW_LABELS: readonly string[] = [
  ...TIME_ROWS.map((row) => row.label),
  '4 tracemalloc nframe=1 / off',
  '4 tracemalloc nframe=25 / off',
  '6 memory_profiler profile / unprofiled',
  '3 JS heap bytes per live object',
];

/** One plain-text report: the time table, the overhead table and the heap footprint. */
export function formatReport(
  results: readonly WorkloadResult[],
  heap: HeapFootprint | null,
  header: readonly string[],
): string {
  const byName = new Map(results.map((r) => [r.name, r]));
  const lines = [...header, ''];
  const timeTable: string[][] = [['workload', 'size', 'memkit ms', 'CPython ms', 'ratio', 'target']];
  for (const row of TIME_ROWS) {
    const result = byName.get(row.workload);
    if (result === undefined) continue;
    const memkit = result.memkit.get(row.key) ?? Number.NaN;
    const cpython = result.cpython?.get(row.key) ?? Number.NaN;
    timeTable.push([
      row.label,
      String(result.size),
      ms(memkit),
      ms(cpython),
      ratio(memkit / cpython),
      row.target,
    ]);
  }
  const snapshots = byName.get('snapshots');
  if (snapshots !== undefined) {
    lines.push(
      `workload 5 traces in the snapshot: memkit ${snapshots.memkit.get('traces')}, CPython ${snapshots.cpython?.get('traces') ?? '-'}`,
    );
  }
  lines.push(...table(timeTable), '');
  const overheadTable: string[][] = [['overhead', 'memkit', 'CPython', 'memkit/CPython', 'target']];
  const tracing = byName.get('tracing');
  if (tracing !== undefined) {
    for (const nframe of [1, 25]) {
      const memkit = overhead(tracing.memkit, `nframe=${nframe}`, 'off');
      const cpython =
        tracing.cpython === null ? Number.NaN : overhead(tracing.cpython, `nframe=${nframe}`, 'off');
      overheadTable.push([
        `4 tracemalloc nframe=${nframe} / off`,
        times(memkit),
        times(cpython),
        ratio(memkit / cpython),
        '< CPython',
      ]);
    }
  }
  const profile = byName.get('profile');
  if (profile !== undefined) {
    const memkit = overhead(profile.memkit, 'profiled', 'plain');
    const measured = profile.cpython === null ? Number.NaN : overhead(profile.cpython, 'profiled', 'plain');
    const cpython = Number.isNaN(measured) ? PUBLISHED_MEMORY_PROFILER_OVERHEAD : measured;
    const note = Number.isNaN(measured) ? ' (published)' : '';
    overheadTable.push([
      '6 memory_profiler profile / unprofiled',
      times(memkit),
      `≥${times(cpython)}${note}`,
      ratio(memkit / cpython),
      '< ×3',
    ]);
  }
  if (overheadTable.length > 1) lines.push(...table(overheadTable), '');
  if (!byName.has('heap')) {
    // Workload 3 not run: nothing to report.
  } else if (heap === null) {
    lines.push('3 JS heap bytes per live object: not measured (run node with --expose-gc)');
  } else {
    lines.push(
      `3 JS heap bytes per live object: ${heap.jsBytesPerObject.toFixed(1)} JS bytes vs ${heap.modelledBytesPerObject.toFixed(1)} modelled CPython bytes` +
        ` (×${(heap.jsBytesPerObject / heap.modelledBytesPerObject).toFixed(2)}, target ≤ ×2) over ${heap.objects} live objects`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function overhead(values: BenchValues, on: string, off: string): number {
  return (values.get(on) ?? Number.NaN) / (values.get(off) ?? Number.NaN);
}

function ms(value: number): string {
  if (Number.isNaN(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '-';
}

function times(value: number): string {
  return Number.isFinite(value) ? `×${value.toFixed(2)}` : '-';
}

/** Left-aligns the first column and right-aligns the others, two spaces apart. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}
