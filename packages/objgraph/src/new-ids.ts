import type { HeapView } from '@memkit/runtime';
import { PythonError } from '@memkit/runtime';
import { compareCodePoints, formatInt, padRight, pyLen } from './python-format';
import { typenameOf } from './type-names';

/** The column `get_new_ids` sorts by, descending. */
export type NewIdsSortBy = 'old' | 'current' | 'new' | 'deltas';

/**
 * The ids `get_new_ids()` remembers between calls, per type name: those seen the call before
 * (`old`), this call (`current`) and new since (`new`), plus the last `shortnames` choice.
 * objgraph keeps them in a `_state={}` default argument; here the caller owns them.
 */
export class NewIdsTracker {
  readonly old = new Map<string, Set<number>>();
  readonly current = new Map<string, Set<number>>();
  readonly new = new Map<string, Set<number>>();
  shortnames = true;
}

/** Options of `get_new_ids()`. */
export interface NewIdsOptions {
  /** Return the previous call's new ids without looking at the heap. */
  skipUpdate?: boolean;
  /** Rows printed (default 10); 0 prints nothing, null prints every row. */
  limit?: number | null;
  sortby?: NewIdsSortBy;
  /** null (default) reuses the tracker's last choice, which starts true. */
  shortnames?: boolean | null;
  tracker: NewIdsTracker;
}

/** What `get_new_ids()` returns (the new ids per type) and prints. */
export interface NewIdsResult {
  readonly newIds: ReadonlyMap<string, ReadonlySet<number>>;
  readonly lines: readonly string[];
}

type Row = [name: string, old: number, current: number, fresh: number, delta: number];

const COLUMN: Record<NewIdsSortBy, 1 | 2 | 3 | 4> = { old: 1, current: 2, new: 3, deltas: 4 };

function setOf(map: Map<string, Set<number>>, name: string): Set<number> {
  let set = map.get(name);
  if (set === undefined) {
    set = new Set();
    map.set(name, set);
  }
  return set;
}

/**
 * `get_new_ids()` over an already collected heap: current ids become old ids, the heap's ids
 * by type become current, and the difference is new; prints a table of old, current, new and
 * delta counts per type. Types with no old and no current ids are forgotten, as in objgraph
 * (whose defaultdicts make every seen type a row until then).
 */
export function getNewIds(heap: HeapView, options: NewIdsOptions): NewIdsResult {
  const { tracker } = options;
  if (options.skipUpdate) return { newIds: snapshot(tracker.new), lines: [] };
  const sortby = options.sortby ?? 'deltas';
  const shortnames = options.shortnames ?? tracker.shortnames;
  tracker.shortnames = shortnames;
  for (const set of tracker.old.values()) set.clear();
  for (const [name, ids] of tracker.current) for (const id of ids) setOf(tracker.old, name).add(id);
  for (const set of tracker.current.values()) set.clear();
  for (const obj of heap.objects()) setOf(tracker.current, typenameOf(obj, shortnames)).add(obj.id);
  for (const set of tracker.new.values()) set.clear();
  const rows: Row[] = [];
  const forgotten: string[] = [];
  for (const [name, current] of tracker.current) {
    const old = setOf(tracker.old, name);
    if (old.size === 0 && current.size === 0) {
      forgotten.push(name);
      continue;
    }
    const fresh = setOf(tracker.new, name);
    for (const id of current) if (!old.has(id)) fresh.add(id);
    rows.push([name, old.size, current.size, fresh.size, current.size - old.size]);
  }
  for (const name of forgotten) {
    tracker.old.delete(name);
    tracker.current.delete(name);
    tracker.new.delete(name);
  }
  // objgraph looks the column up after updating its state, so a bad name still updates it.
  if (!Object.hasOwn(COLUMN, sortby)) throw new PythonError('KeyError', `'${sortby}'`);
  const column = COLUMN[sortby];
  rows.sort((a, b) => b[column] - a[column] || compareCodePoints(b[0], a[0]));
  const shown = options.limit === null ? rows : rows.slice(0, options.limit ?? 10);
  return { newIds: snapshot(tracker.new), lines: formatNewIds(shown) };
}

function snapshot(map: Map<string, Set<number>>): Map<string, Set<number>> {
  return new Map([...map].map(([name, ids]) => [name, new Set(ids)]));
}

/** The `get_new_ids` table: `=` rules as wide as the name column plus four 13-wide columns. */
function formatNewIds(rows: readonly Row[]): string[] {
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map(([name]) => pyLen(name)));
  const rule = '='.repeat(width + 13 * 4);
  const header = ['Old_ids', 'Current_ids', 'New_ids', 'Count_Deltas'].map((h) => h.padStart(13)).join('');
  const lines = [rule, `${padRight('Type', width)}${header}`, rule];
  for (const [name, old, current, fresh, delta] of rows) {
    lines.push(
      `${padRight(name, width)}${formatInt(old, 13)}${formatInt(current, 13)}${formatInt(fresh, 13, true)}${formatInt(delta, 13, true)}`,
    );
  }
  lines.push(rule);
  return lines;
}
