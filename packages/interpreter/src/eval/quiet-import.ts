/**
 * Imports the script must not see. When `python3 script.py` starts, site and the import system
 * have already imported weakref, types, collections, functools, itertools, contextlib, time,
 * math, random and atexit (`sys.modules` on a script's first line, 3.11.7), so `import
 * collections` in a script only looks the module up: gc counts, free lists and tracemalloc's
 * traces do not move, and the module's objects sit in the oldest generation with the rest of
 * startup's. memkit builds those modules on first import instead, then makes the import look as
 * CPython's does. The tools' modules (tracemalloc, objgraph, memory_profiler) are imported the
 * same way plus the free-list change CPython's own import of them makes, where measured: memkit
 * builds them with different code, whose allocations would tell the script nothing true.
 */
import { CPYTHON_311, type FreeListCounts, GcList, ObjectFlags, type Runtime } from '@memkit/runtime';

/** Modules CPython 3.11's startup has imported before the script's first line. */
export const STARTUP_MODULES: ReadonlySet<string> = new Set(CPYTHON_311.startupModules);

/**
 * Runs `load` (an import) so that afterwards the objects it made are in the oldest generation,
 * the gc counts are as before, no memory event reached a listener (tracemalloc traces none of
 * it), and the free lists are as before plus `freeListChange`. No automatic collection runs
 * meanwhile.
 */
export function importQuietly<T>(
  rt: Runtime,
  load: () => T,
  freeListChange: Partial<FreeListCounts> = {},
): T {
  const gc = rt.gc;
  const counts = [...gc.count];
  const enabled = gc.enabled;
  const freeLists = rt.freeLists.counts();
  // The young generation is set aside, so what the import tracks is all that is left in it.
  // Meanwhile its objects are in no generation: marked as gc.freeze() marks its own, a full
  // collection (which finds its objects by their flags) leaves them alone as it does those.
  const young = gc.generations[0];
  const scriptsYoung = new GcList();
  young.mergeInto(scriptsYoung);
  for (const obj of scriptsYoung) obj.flags |= ObjectFlags.frozen;
  gc.enabled = false;
  try {
    return rt.events.unobserved(load);
  } finally {
    // Freed blocks are reported (tracemalloc may hold their traces); the parked objects that
    // stand for CPython's are made unseen, as startup's were.
    const settled = changed(freeLists, freeListChange);
    rt.freeLists.trimTo(rt, settled);
    rt.events.unobserved(() => rt.freeLists.fillTo(rt, settled));
    young.mergeInto(gc.generations[gc.generations.length - 1]);
    for (const obj of scriptsYoung) obj.flags &= ~ObjectFlags.frozen;
    scriptsYoung.mergeInto(young);
    counts.forEach((count, generation) => {
      gc.count[generation] = count;
    });
    gc.enabled = enabled;
  }
}

function changed(counts: FreeListCounts, change: Partial<FreeListCounts>): FreeListCounts {
  const plus = (count: number, delta = 0) => Math.max(0, count + delta);
  return {
    floats: plus(counts.floats, change.floats),
    lists: plus(counts.lists, change.lists),
    dicts: plus(counts.dicts, change.dicts),
    dictKeys: plus(counts.dictKeys, change.dictKeys),
    tuples: counts.tuples.map((count, size) => plus(count, change.tuples?.[size])),
  };
}
