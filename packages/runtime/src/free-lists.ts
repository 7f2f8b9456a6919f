import { CPYTHON_311 } from './cpython-311';
import { ObjectFlags, type PyObject } from './object';
import type { PyDict } from './objects/dict';
import { DictKeys } from './objects/dict-keys';
import type { PyFloat } from './objects/float';
import type { PyList } from './objects/list';
import type { PySlice } from './objects/slice';
import type { PyTuple } from './objects/tuple';
import type { Runtime } from './runtime';

const limits = CPYTHON_311.freeLists;

/** What `Runtime.seedFreeLists` parks: objects per list, `tuples[n - 1]` tuples of n items. */
export interface FreeListSeed {
  list: number;
  dict: number;
  float: number;
  tuples: readonly number[];
  /** Whether the slice cache holds a slice. */
  slice: boolean;
}

/** How many objects each free list holds (`tuples[n]`: tuples of n items; index 0 is unused). */
export interface FreeListCounts {
  floats: number;
  lists: number;
  dicts: number;
  dictKeys: number;
  tuples: readonly number[];
}

/**
 * CPython 3.11's per-type free lists. A freed object parked here keeps its memory block (so
 * tracemalloc keeps its trace) and its GC count; reusing it makes no allocation and does not
 * count toward `gc.get_count()`, but the runtime reports the reuse (`Memory.reuse`), as
 * `_Py_NewReference` does, and tracemalloc re-attributes the trace to the reviving code. A full collection empties
 * them (`_PyGC_ClearAllFreeLists`).
 */
export class FreeLists {
  private readonly floats: PyFloat[] = [];
  private readonly lists: PyList[] = [];
  private readonly dicts: PyDict[] = [];
  private readonly dictKeys: number[] = [];
  private readonly tuples: PyTuple[][] = Array.from({ length: limits.tupleMaxSize + 1 }, () => []);
  /**
   * `interp->slice_cache`: one slot, filled by `slice_dealloc` when empty and taken by
   * `PySlice_New`. A collection leaves it alone (only interpreter finalization frees it).
   */
  private slice: PySlice | null = null;

  pushFloat(obj: PyFloat): boolean {
    return park(this.floats, obj, limits.float);
  }

  popFloat(): PyFloat | null {
    return revive(this.floats.pop());
  }

  pushList(obj: PyList): boolean {
    return park(this.lists, obj, limits.list);
  }

  popList(): PyList | null {
    return revive(this.lists.pop());
  }

  pushDict(obj: PyDict): boolean {
    return obj.type.isHeapType ? false : park(this.dicts, obj, limits.dict);
  }

  popDict(): PyDict | null {
    return revive(this.dicts.pop());
  }

  /** Tuples of 1..20 items, 2000 per size. */
  pushTuple(obj: PyTuple): boolean {
    const size = obj.items.length;
    if (size === 0 || size > limits.tupleMaxSize) return false;
    obj.items = [];
    return park(this.tuples[size], obj, limits.tuplePerSize);
  }

  popTuple(size: number): PyTuple | null {
    if (size === 0 || size > limits.tupleMaxSize) return null;
    return revive(this.tuples[size].pop());
  }

  /** Keeps a dying slice (whose references are already dropped) if the one slot is empty. */
  pushSlice(obj: PySlice): boolean {
    if (this.slice !== null) return false;
    obj.flags |= ObjectFlags.freed;
    obj.refcnt = 0;
    this.slice = obj;
    return true;
  }

  popSlice(): PySlice | null {
    const obj = this.slice;
    this.slice = null;
    return revive(obj ?? undefined);
  }

  /** Parks the block of a minimum-size str-keys table (`free_keys_object`). */
  pushDictKeys(keys: DictKeys): boolean {
    if (keys.log2size !== CPYTHON_311.dictMinLog2Size || !keys.unicode) return false;
    if (this.dictKeys.length >= limits.dictKeys) return false;
    this.dictKeys.push(keys.address);
    return true;
  }

  /** A parked block for `keys` if it is a minimum-size str-keys table, else 0. */
  takeDictKeys(keys: DictKeys): number {
    if (keys.log2size !== CPYTHON_311.dictMinLog2Size || !keys.unicode) return 0;
    return this.dictKeys.pop() ?? 0;
  }

  /** Counts of parked objects, for the free-list lines of `sys._debugmallocstats()`. */
  counts(): FreeListCounts {
    return {
      floats: this.floats.length,
      lists: this.lists.length,
      dicts: this.dicts.length,
      dictKeys: this.dictKeys.length,
      tuples: this.tuples.map((list) => list.length),
    };
  }

  /** Frees what is parked beyond `counts`, newest first. */
  trimTo(runtime: Runtime, counts: FreeListCounts): void {
    const lists = [this.floats, this.lists, this.dicts, ...this.tuples];
    const keep = [counts.floats, counts.lists, counts.dicts, ...counts.tuples];
    lists.forEach((list, i) => {
      for (const obj of list.splice(keep[i])) runtime.releaseObjectMemory(obj);
    });
    for (const address of this.dictKeys.splice(counts.dictKeys)) runtime.memory.free(address);
  }

  /**
   * Parks new objects (and minimum-size keys blocks) until each list holds `counts`, within its
   * limit; lists already that full are left alone.
   */
  fillTo(runtime: Runtime, counts: FreeListCounts): void {
    runtime.seedFreeLists({
      list: counts.lists,
      dict: counts.dicts,
      float: counts.floats,
      tuples: counts.tuples.slice(1),
      slice: false,
    });
    while (this.dictKeys.length < Math.min(counts.dictKeys, limits.dictKeys)) {
      const keys = new DictKeys(CPYTHON_311.dictMinLog2Size, true);
      this.dictKeys.push(runtime.memory.malloc(keys.byteSize));
    }
  }

  /** Frees everything parked, as a full collection does. */
  clear(runtime: Runtime): void {
    for (const list of [this.floats, this.lists, this.dicts, ...this.tuples]) {
      for (const obj of list.splice(0)) runtime.releaseObjectMemory(obj);
    }
    for (const address of this.dictKeys.splice(0)) runtime.memory.free(address);
  }
}

function park<T extends PyObject>(list: T[], obj: T, limit: number): boolean {
  if (list.length >= limit) return false;
  obj.flags |= ObjectFlags.freed;
  list.push(obj);
  return true;
}

function revive<T extends PyObject>(obj: T | undefined): T | null {
  if (obj === undefined) return null;
  obj.flags = 0;
  obj.refcnt = 1;
  return obj;
}
