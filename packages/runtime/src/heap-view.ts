import type { PyObject } from './object';
import type { Runtime } from './runtime';

/**
 * A read-only view of the heap for tools: they read objects through it and never change
 * counts, links or memory. Objects are the collector's tracked objects (what `gc.get_objects()`
 * sees); anything reachable from them can be inspected too.
 */
export interface HeapView {
  /** Tracked objects, oldest generation last, in allocation order within each generation. */
  objects(): Iterable<PyObject>;
  typeName(obj: PyObject): string;
  /** `sys.getsizeof(obj)`. */
  sizeOf(obj: PyObject): number;
  refcount(obj: PyObject): number;
  /** `gc.get_referents(obj)`: what `obj` holds, in `tp_traverse` order. */
  referents(obj: PyObject): PyObject[];
  /** `gc.get_referrers(obj)`: tracked objects holding a reference to `obj`. */
  referrers(obj: PyObject): PyObject[];
  /**
   * Tracked objects referenced from outside the tracked heap (their count exceeds the references
   * other tracked objects hold): the roots a collector starts from.
   */
  roots(): PyObject[];
}

/** The runtime's `HeapView`. */
export class RuntimeHeapView implements HeapView {
  private readonly runtime: Runtime;

  constructor(runtime: Runtime) {
    this.runtime = runtime;
  }

  *objects(): Iterable<PyObject> {
    for (const generation of this.runtime.gc.generations) yield* generation;
  }

  typeName(obj: PyObject): string {
    return obj.type.name;
  }

  sizeOf(obj: PyObject): number {
    return this.runtime.sizeof(obj);
  }

  refcount(obj: PyObject): number {
    return obj.refcnt;
  }

  referents(obj: PyObject): PyObject[] {
    const out: PyObject[] = [];
    obj.traverse((referent) => out.push(referent));
    return out;
  }

  referrers(obj: PyObject): PyObject[] {
    const out: PyObject[] = [];
    for (const candidate of this.objects()) {
      let holds = false;
      candidate.traverse((referent) => {
        if (referent === obj) holds = true;
      });
      if (holds) out.push(candidate);
    }
    return out;
  }

  roots(): PyObject[] {
    const internal = new Map<PyObject, number>();
    for (const obj of this.objects()) {
      obj.traverse((referent) => {
        if (referent.isTracked) internal.set(referent, (internal.get(referent) ?? 0) + 1);
      });
    }
    const out: PyObject[] = [];
    for (const obj of this.objects()) if (obj.refcnt > (internal.get(obj) ?? 0)) out.push(obj);
    return out;
  }
}
