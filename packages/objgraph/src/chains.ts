import type { HeapView, PyObject } from '@memkit/runtime';
import { ReferrerIndex } from './referrer-index';

/** Options of `find_ref_chain` / `find_backref_chain`. */
export interface ChainOptions {
  /** Longest chain searched, in references (default 20). */
  maxDepth?: number;
  /** Ids (`id(obj)`) the search never passes through. */
  extraIgnore?: Iterable<number>;
}

/**
 * `_find_chain`: BFS from `obj` along referents (refs) or referrers (backrefs) to the nearest
 * object matching `predicate` (`obj` itself included). Returns `[match, …, obj]`, or `[obj]`
 * when nothing matches within `maxDepth`.
 */
function findChain(
  obj: PyObject,
  predicate: (obj: PyObject) => boolean,
  neighbours: (obj: PyObject) => PyObject[],
  options: ChainOptions,
): PyObject[] {
  const maxDepth = options.maxDepth ?? 20;
  const ignore = new Set(options.extraIgnore ?? []);
  const depth = new Map<PyObject, number>([[obj, 0]]);
  const parent = new Map<PyObject, PyObject | null>([[obj, null]]);
  const queue: PyObject[] = [obj];
  for (let head = 0; head < queue.length; head++) {
    let target = queue[head];
    if (predicate(target)) {
      const chain = [target];
      for (let up = parent.get(target); up !== null && up !== undefined; up = parent.get(up)) {
        chain.push(up);
        target = up;
      }
      return chain;
    }
    const tdepth = depth.get(target) as number;
    if (tdepth >= maxDepth) continue;
    for (const next of neighbours(target)) {
      if (ignore.has(next.id) || depth.has(next)) continue;
      depth.set(next, tdepth + 1);
      parent.set(next, target);
      queue.push(next);
    }
  }
  return [obj];
}

/** `find_ref_chain`: the shortest chain `[obj, …, match]` of references from `obj`. */
export function findRefChain(
  heap: HeapView,
  obj: PyObject,
  predicate: (obj: PyObject) => boolean,
  options: ChainOptions = {},
): PyObject[] {
  return findChain(obj, predicate, (o) => heap.referents(o), options).reverse();
}

/** `find_backref_chain`: the shortest chain `[match, …, obj]` of references leading to `obj`. */
export function findBackrefChain(
  heap: HeapView,
  obj: PyObject,
  predicate: (obj: PyObject) => boolean,
  options: ChainOptions = {},
): PyObject[] {
  let index: ReferrerIndex | null = null;
  return findChain(
    obj,
    predicate,
    (o) => {
      index ??= ReferrerIndex.build(heap);
      return index.referrers(o);
    },
    options,
  );
}
