import type { HeapView, PyObject } from '@memkit/runtime';
import { emptyMaxError } from './errors';
import { formatInt, padRight, pyLen } from './python-format';
import { longTypename, shortTypename, typenameOf } from './type-names';

/** Options shared by the counting functions (`objects=None` means every tracked object). */
export interface TypestatsOptions {
  objects?: Iterable<PyObject> | null;
  /** Type names without their module (default true); classes of the same name are lumped together. */
  shortnames?: boolean;
  /** Objects for which it returns false are not counted. */
  filter?: ((obj: PyObject) => boolean) | null;
}

/** Options of `most_common_types` / `show_most_common_types`. */
export interface MostCommonTypesOptions extends TypestatsOptions {
  /** Rows kept (default 10); 0 or null keeps every row. */
  limit?: number | null;
}

function objectsOf(heap: HeapView, objects: Iterable<PyObject> | null | undefined): Iterable<PyObject> {
  return objects ?? heap.objects();
}

/** The name `count`/`by_type` match: the long name when `typename` has a dot. */
function matcher(typename: string): (obj: PyObject) => string {
  return typename.includes('.') ? longTypename : shortTypename;
}

/** `count(typename, objects=None)`: objects whose type name (short, or long with a dot) is `typename`. */
export function count(heap: HeapView, typename: string, objects?: Iterable<PyObject> | null): number {
  const name = matcher(typename);
  let n = 0;
  for (const obj of objectsOf(heap, objects)) if (name(obj) === typename) n++;
  return n;
}

/** `by_type(typename, objects=None)`: the objects `count` counts. */
export function byType(heap: HeapView, typename: string, objects?: Iterable<PyObject> | null): PyObject[] {
  const name = matcher(typename);
  const out: PyObject[] = [];
  for (const obj of objectsOf(heap, objects)) if (name(obj) === typename) out.push(obj);
  return out;
}

/** `typestats()`: count per type name, in order of first appearance. */
export function typestats(heap: HeapView, options: TypestatsOptions = {}): Map<string, number> {
  const shortnames = options.shortnames ?? true;
  const filter = options.filter ?? null;
  const stats = new Map<string, number>();
  for (const obj of objectsOf(heap, options.objects)) {
    if (filter !== null && !filter(obj)) continue;
    const name = typenameOf(obj, shortnames);
    stats.set(name, (stats.get(name) ?? 0) + 1);
  }
  return stats;
}

/** Python's `seq[:limit]` when `limit` is truthy, else the whole sequence. */
export function applyLimit<T>(rows: T[], limit: number | null | undefined): T[] {
  return limit ? rows.slice(0, limit) : rows;
}

/** `most_common_types()`: `[name, count]` by count descending (ties in first-seen order), limited. */
export function mostCommonTypes(heap: HeapView, options: MostCommonTypesOptions = {}): [string, number][] {
  const rows = [...typestats(heap, options)].sort((a, b) => b[1] - a[1]);
  return applyLimit(rows, options.limit === undefined ? 10 : options.limit);
}

/**
 * `show_most_common_types()`'s lines, `'%-*s %i'` with the longest name's width. Like objgraph,
 * no rows is a `ValueError` (from `max()`).
 */
export function formatMostCommonTypes(rows: readonly (readonly [string, number])[]): string[] {
  if (rows.length === 0) throw emptyMaxError();
  const width = Math.max(...rows.map(([name]) => pyLen(name)));
  return rows.map(([name, n]) => `${padRight(name, width)} ${formatInt(n)}`);
}

/** `at(addr)`: the tracked object whose `id()` is `address`, or null. */
export function at(heap: HeapView, address: number): PyObject | null {
  for (const obj of heap.objects()) if (obj.id === address) return obj;
  return null;
}

/** `at_addrs(address_set)`: tracked objects whose ids are in the set, in heap order. */
export function atAddrs(heap: HeapView, addresses: Iterable<number>): PyObject[] {
  const wanted = new Set(addresses);
  const out: PyObject[] = [];
  for (const obj of heap.objects()) if (wanted.has(obj.id)) out.push(obj);
  return out;
}

/**
 * `get_leaking_objects(objects=None)`: the objects no tracked object refers to. Like objgraph
 * 3.7 (issue 82), referents are gathered from every tracked object, not only from `objects`.
 */
export function getLeakingObjects(heap: HeapView, objects?: Iterable<PyObject> | null): PyObject[] {
  const candidates = Array.from(objectsOf(heap, objects));
  const referenced = new Set<PyObject>();
  for (const obj of heap.objects()) for (const referent of heap.referents(obj)) referenced.add(referent);
  return candidates.filter((obj) => !referenced.has(obj));
}
