import { PythonError, reprStr } from '@memkit/runtime';
import { Frame } from './frame';
import { compareStatisticDiffs, compareStatistics, Statistic, StatisticDiff } from './statistic';
import type { TraceRecords } from './trace-records';
import { Traceback } from './traceback';
import type { TracebackTable } from './traceback-table';

/** How `statistics` and `compareTo` group traces. */
export type KeyType = 'filename' | 'lineno' | 'traceback';

/**
 * Traces grouped by key (`Snapshot._group_by`): parallel lists of key ids (filename ids, frame
 * ids or traceback ids of `table`, by key type), total sizes and block counts.
 */
export interface GroupedTraces {
  readonly table: TracebackTable;
  readonly keyType: KeyType;
  readonly keys: readonly number[];
  readonly sizes: readonly number[];
  readonly counts: readonly number[];
}

/**
 * `_group_by(key_type, cumulative)`, in three phases:
 * 1. sum size and count per traceback id (one pass over the rows);
 * 2. spread each traceback's sums onto its key — the most recent frame (`lineno`), its file with
 *    line 0 (`filename`), the whole traceback — or, cumulative, onto EVERY frame of the traceback,
 *    a frame repeated in one traceback counting each time, as CPython does;
 * 3. list the keys that received something, in id order.
 */
export function groupTraces(records: TraceRecords, keyType: KeyType, cumulative: boolean): GroupedTraces {
  checkKeyType(keyType, cumulative);
  const table = records.table;

  // Phase 1: per traceback.
  const tracebackCount = table.tracebackCount;
  const tracebackSizes = new Float64Array(tracebackCount);
  const tracebackCounts = new Float64Array(tracebackCount);
  const ids = records.tracebackIds;
  const sizes = records.sizes;
  for (let i = 0; i < ids.length; i++) {
    tracebackSizes[ids[i]] += sizes[i];
    tracebackCounts[ids[i]] += 1;
  }
  if (keyType === 'traceback') return collect(table, keyType, tracebackSizes, tracebackCounts);

  // Phase 2: per key.
  const keySpace = keyType === 'lineno' ? table.frameCount : table.filenameCount;
  const keySizes = new Float64Array(keySpace);
  const keyCounts = new Float64Array(keySpace);
  const keyOf =
    keyType === 'lineno' ? (frameId: number) => frameId : (frameId: number) => table.frameFilenameId(frameId);
  for (let tb = 0; tb < tracebackCount; tb++) {
    const count = tracebackCounts[tb];
    if (count === 0) continue;
    const size = tracebackSizes[tb];
    const frames = cumulative ? table.tracebackLength(tb) : Math.min(1, table.tracebackLength(tb));
    for (let f = 0; f < frames; f++) {
      const key = keyOf(table.tracebackFrame(tb, f));
      keySizes[key] += size;
      keyCounts[key] += count;
    }
  }
  return collect(table, keyType, keySizes, keyCounts);
}

function checkKeyType(keyType: string, cumulative: boolean): void {
  if (keyType !== 'traceback' && keyType !== 'filename' && keyType !== 'lineno') {
    throw new PythonError('ValueError', `unknown key_type: ${reprStr(keyType)}`);
  }
  if (cumulative && keyType === 'traceback') {
    // "by" is CPython's typo, kept so messages match.
    throw new PythonError('ValueError', `cumulative mode cannot by used with key type ${reprStr(keyType)}`);
  }
}

// Phase 3.
function collect(
  table: TracebackTable,
  keyType: KeyType,
  sizes: Float64Array,
  counts: Float64Array,
): GroupedTraces {
  const keys: number[] = [];
  const keySizes: number[] = [];
  const keyCounts: number[] = [];
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    keys.push(k);
    keySizes.push(sizes[k]);
    keyCounts.push(counts[k]);
  }
  return { table, keyType, keys, sizes: keySizes, counts: keyCounts };
}

/** The traceback a group is keyed by: `Traceback(frames[:1])`, `Traceback(((filename, 0),))` or all frames. */
export function groupTraceback(grouped: GroupedTraces, index: number): Traceback {
  const { table, keyType } = grouped;
  const key = grouped.keys[index];
  if (keyType === 'traceback') return table.traceback(key);
  if (keyType === 'lineno') return new Traceback([table.frame(key)]);
  return new Traceback([new Frame(table.filename(key), 0)]);
}

/** `Snapshot.statistics`: one `Statistic` per group, biggest first. */
export function statisticsOf(grouped: GroupedTraces): Statistic[] {
  const stats: Statistic[] = [];
  for (let i = 0; i < grouped.keys.length; i++) {
    stats.push(new Statistic(groupTraceback(grouped, i), grouped.sizes[i], grouped.counts[i]));
  }
  return stats.sort(compareStatistics);
}

/**
 * `_compare_grouped_stats` then the sort of `compare_to`: a diff for each new group (against the
 * old group with an equal key, or none), then `StatisticDiff(tb, 0, -size, 0, -count)` for each
 * old group that vanished. Groups of one table match by key id; across tables by traceback value.
 */
export function diffGroups(newer: GroupedTraces, older: GroupedTraces): StatisticDiff[] {
  const matchOld = oldGroupFinder(newer, older);
  const used = new Uint8Array(older.keys.length);
  const diffs: StatisticDiff[] = [];
  for (let i = 0; i < newer.keys.length; i++) {
    const traceback = groupTraceback(newer, i);
    const size = newer.sizes[i];
    const count = newer.counts[i];
    const j = matchOld(i, traceback);
    if (j === -1) {
      diffs.push(new StatisticDiff(traceback, size, size, count, count));
    } else {
      used[j] = 1;
      diffs.push(new StatisticDiff(traceback, size, size - older.sizes[j], count, count - older.counts[j]));
    }
  }
  for (let j = 0; j < older.keys.length; j++) {
    if (used[j] === 0) {
      diffs.push(new StatisticDiff(groupTraceback(older, j), 0, -older.sizes[j], 0, -older.counts[j]));
    }
  }
  return diffs.sort(compareStatisticDiffs);
}

function oldGroupFinder(newer: GroupedTraces, older: GroupedTraces): (i: number, tb: Traceback) => number {
  if (newer.table === older.table) {
    const byKey = new Map<number, number>();
    for (let j = 0; j < older.keys.length; j++) byKey.set(older.keys[j], j);
    return (i) => byKey.get(newer.keys[i]) ?? -1;
  }
  const byValue = new Map<string, number>();
  for (let j = 0; j < older.keys.length; j++) byValue.set(groupTraceback(older, j).key, j);
  return (_i, traceback) => byValue.get(traceback.key) ?? -1;
}
