import { PythonError, reprStr } from '@memkit/runtime';
import { FrameOrder } from './frame-order';
import { Statistic, StatisticDiff } from './statistic';
import type { TraceRecords } from './trace-records';
import { Traceback } from './traceback';
import type { TracebackTable } from './traceback-table';

/** How `statistics` and `compareTo` group traces. */
export type KeyType = 'filename' | 'lineno' | 'traceback';

/**
 * Traces grouped by key (`Snapshot._group_by`): parallel columns of key ids (filename ids,
 * frame ids or traceback ids of `table`, by key type), total sizes and block counts.
 */
export interface GroupedTraces {
  readonly table: TracebackTable;
  readonly keyType: KeyType;
  readonly keys: Int32Array;
  readonly sizes: Float64Array;
  readonly counts: Float64Array;
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
  const byFrame = keyType === 'lineno';
  const keySizes = new Float64Array(byFrame ? table.frameCount : table.filenameCount);
  const keyCounts = new Float64Array(keySizes.length);
  for (let tb = 0; tb < tracebackCount; tb++) {
    const count = tracebackCounts[tb];
    if (count === 0) continue;
    const size = tracebackSizes[tb];
    const frames = cumulative ? table.tracebackLength(tb) : 1;
    for (let f = 0; f < frames; f++) {
      const frame = table.tracebackFrame(tb, f);
      const key = byFrame ? frame : table.frameFilenameId(frame);
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
  let n = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] !== 0) n += 1;
  const grouped = {
    table,
    keyType,
    keys: new Int32Array(n),
    sizes: new Float64Array(n),
    counts: new Float64Array(n),
  };
  for (let k = 0, i = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    grouped.keys[i] = k;
    grouped.sizes[i] = sizes[k];
    grouped.counts[i] = counts[k];
    i += 1;
  }
  return grouped;
}

/** The traceback a group is keyed by: `Traceback(frames[:1])`, `Traceback(((filename, 0),))` or all frames. */
export function groupTraceback(grouped: GroupedTraces, index: number): Traceback {
  return keyTraceback(grouped.table, grouped.keyType, grouped.keys[index]);
}

function keyTraceback(table: TracebackTable, keyType: KeyType, key: number): Traceback {
  return Traceback.fromTable(table, keyType === 'lineno' ? 'frame' : keyType, key);
}

/**
 * `Snapshot.statistics`: one `Statistic` per group, sorted as
 * `sort(reverse=True, key=Statistic._sort_key)`, i.e. descending `(size, count, traceback)`.
 * Keys of one grouping are distinct, so the order is total.
 */
export function statisticsOf(grouped: GroupedTraces): Statistic[] {
  const { sizes, counts } = grouped;
  const n = grouped.keys.length;
  const keys = new KeyRanks(new FrameOrder([grouped.table]), grouped.keyType, n);
  for (let i = 0; i < n; i++) keys.add(grouped.table, grouped.keys[i]);
  const { ranks, exact } = keys;
  const order = sortedRows(
    n,
    (a, b) =>
      sizes[b] - sizes[a] ||
      counts[b] - counts[a] ||
      ranks[b] - ranks[a] ||
      ((exact[a] & exact[b]) === 1 ? 0 : keys.compareFrames(b, a)),
  );
  const statistics = new Array<Statistic>(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    statistics[k] = new Statistic(groupTraceback(grouped, i), sizes[i], counts[i]);
  }
  return statistics;
}

/**
 * `_compare_grouped_stats` then the sort of `compare_to`, in three phases:
 * 1. match each old group to the new group with an equal key (by id in one table; across tables
 *    by looking the old key's frames up in the new table, without strings);
 * 2. one row per new group (its change since the match, or all of it when new), then
 *    `StatisticDiff(tb, 0, -size, 0, -count)` rows for old groups that vanished;
 * 3. sort descending by `(abs(size_diff), size, abs(count_diff), count, traceback)`.
 */
export function diffGroups(newer: GroupedTraces, older: GroupedTraces): StatisticDiff[] {
  // Phase 1: match.
  const newIndex = new Int32Array(keySpace(newer)).fill(-1);
  for (let i = 0; i < newer.keys.length; i++) newIndex[newer.keys[i]] = i;
  const translate = keyTranslator(older, newer.table);
  const matchOfNew = new Int32Array(newer.keys.length).fill(-1);
  const vanished: number[] = [];
  for (let j = 0; j < older.keys.length; j++) {
    const key = translate(older.keys[j]);
    const i = key === -1 ? -1 : newIndex[key];
    if (i === -1) vanished.push(j);
    else matchOfNew[i] = j;
  }

  // Phase 2: rows.
  const n = newer.keys.length + vanished.length;
  const size = new Float64Array(n);
  const sizeDiff = new Float64Array(n);
  const count = new Float64Array(n);
  const countDiff = new Float64Array(n);
  const keys = new KeyRanks(
    new FrameOrder(newer.table === older.table ? [newer.table] : [newer.table, older.table]),
    newer.keyType,
    n,
  );
  for (let i = 0; i < newer.keys.length; i++) {
    const j = matchOfNew[i];
    size[i] = newer.sizes[i];
    count[i] = newer.counts[i];
    sizeDiff[i] = j === -1 ? newer.sizes[i] : newer.sizes[i] - older.sizes[j];
    countDiff[i] = j === -1 ? newer.counts[i] : newer.counts[i] - older.counts[j];
    keys.add(newer.table, newer.keys[i]);
  }
  vanished.forEach((j, v) => {
    const row = newer.keys.length + v;
    sizeDiff[row] = -older.sizes[j];
    countDiff[row] = -older.counts[j];
    keys.add(older.table, older.keys[j]);
  });

  // Phase 3: sort.
  const { ranks, exact } = keys;
  const order = sortedRows(
    n,
    (a, b) =>
      Math.abs(sizeDiff[b]) - Math.abs(sizeDiff[a]) ||
      size[b] - size[a] ||
      Math.abs(countDiff[b]) - Math.abs(countDiff[a]) ||
      count[b] - count[a] ||
      ranks[b] - ranks[a] ||
      ((exact[a] & exact[b]) === 1 ? 0 : keys.compareFrames(b, a)),
  );
  const diffs = new Array<StatisticDiff>(n);
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const traceback =
      row < newer.keys.length
        ? groupTraceback(newer, row)
        : groupTraceback(older, vanished[row - newer.keys.length]);
    diffs[k] = new StatisticDiff(traceback, size[row], sizeDiff[row], count[row], countDiff[row]);
  }
  return diffs;
}

function keySpace(grouped: GroupedTraces): number {
  const { table, keyType } = grouped;
  if (keyType === 'traceback') return table.tracebackCount;
  return keyType === 'lineno' ? table.frameCount : table.filenameCount;
}

/**
 * Maps a key of `from`'s table to the equal key of `to`, or -1 when `to` has none. Filenames are
 * matched once up front, so a frame costs one lookup by `(filename id, lineno)`.
 */
function keyTranslator(from: GroupedTraces, to: TracebackTable): (key: number) => number {
  const table = from.table;
  if (table === to) return (key) => key;
  const filenames = new Int32Array(table.filenameCount);
  for (let f = 0; f < filenames.length; f++) filenames[f] = to.findFilenameId(table.filename(f));
  if (from.keyType === 'filename') return (key) => filenames[key];
  const frameIn = (frame: number): number => {
    const filename = filenames[table.frameFilenameId(frame)];
    return filename === -1 ? -1 : to.findFrameIdIn(filename, table.frameLineno(frame));
  };
  if (from.keyType === 'lineno') return frameIn;
  const frames: number[] = [];
  return (key) => {
    frames.length = 0;
    for (let f = 0; f < table.tracebackLength(key); f++) {
      const frame = frameIn(table.tracebackFrame(key, f));
      if (frame === -1) return -1;
      frames.push(frame);
    }
    return to.findTracebackId(frames);
  };
}

/**
 * The keys of sorted rows in Python's order. Each row's key gets a numeric rank — the whole
 * key for `lineno` and `filename`, the oldest frame for `traceback` — that the sorts compare
 * inline; only tracebacks that tie on it and have more frames are compared frame by frame.
 */
class KeyRanks {
  /** Per row: the rank of the key, or of its oldest frame. */
  readonly ranks: Float64Array;
  /** Per row: 1 when the rank is the whole key. */
  readonly exact: Uint8Array;
  private readonly tables: TracebackTable[] = [];
  private readonly keys: Int32Array;
  private n = 0;

  constructor(
    private readonly order: FrameOrder,
    private readonly keyType: KeyType,
    capacity: number,
  ) {
    this.ranks = new Float64Array(capacity);
    this.exact = new Uint8Array(capacity);
    this.keys = new Int32Array(capacity);
  }

  add(table: TracebackTable, key: number): void {
    const row = this.n++;
    this.tables.push(table);
    this.keys[row] = key;
    if (this.keyType === 'filename') {
      this.ranks[row] = this.order.filenameRank(table, key);
      this.exact[row] = 1;
    } else if (this.keyType === 'lineno') {
      this.ranks[row] = this.order.frameRank(table, key);
      this.exact[row] = 1;
    } else {
      const length = table.tracebackLength(key);
      this.ranks[row] = this.order.frameRank(table, table.tracebackFrame(key, length - 1));
      this.exact[row] = length === 1 ? 1 : 0;
    }
  }

  /** Python's order of the keys of rows `a` and `b`, for tracebacks whose oldest frames tie. */
  compareFrames(a: number, b: number): number {
    return this.order.compareTracebacks(this.tables[a], this.keys[a], this.tables[b], this.keys[b]);
  }
}

/** Row numbers `0..n-1` sorted by `compare` (a typed array sorts a third faster than an Array). */
function sortedRows(n: number, compare: (a: number, b: number) => number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows.sort(compare);
}
