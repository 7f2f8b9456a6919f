import { ObjectFlags, type PyObject } from './object';
import type { PyWeakref } from './objects/weakref';
import type { Runtime } from './runtime';

/**
 * The weak references to each object (CPython's per-object `tp_weaklist`), kept aside so
 * objects nobody weakly references pay nothing but a flag bit.
 *
 * List order is CPython's: the shared callback-less `ref` first, then the shared callback-less
 * proxy, then every other weakref, newest first (`insert_after` the basic ones) — the order
 * `weakref.getweakrefs` returns and callbacks run in.
 */
export class WeakrefLists {
  private readonly lists = new Map<PyObject, PyWeakref[]>();

  /** The weakrefs to `obj` (borrowed), head first. */
  of(obj: PyObject): readonly PyWeakref[] {
    return this.lists.get(obj) ?? [];
  }

  /** The shared callback-less `ref` or proxy of `obj` that a new request may reuse, if any. */
  findBasic(obj: PyObject, proxy: boolean): PyWeakref | null {
    const list = this.lists.get(obj);
    if (list === undefined) return null;
    const [ref, proxyRef] = basicRefs(list);
    return proxy ? proxyRef : ref;
  }

  /** Links a new weakref into its referent's list where CPython's `weakref___new__` puts it. */
  insert(wr: PyWeakref): void {
    const obj = wr.referent as PyObject;
    let list = this.lists.get(obj);
    if (list === undefined) {
      list = [];
      this.lists.set(obj, list);
      obj.flags |= ObjectFlags.weaklyReferenced;
    }
    const [ref, proxy] = basicRefs(list);
    let prev: PyWeakref | null;
    if (wr.callback === null && wr.isExactRef) prev = null;
    else if (wr.callback === null && wr.isProxy) prev = ref;
    else prev = proxy ?? ref;
    list.splice(prev === null ? 0 : list.indexOf(prev) + 1, 0, wr);
  }

  /** Unlinks `wr` from its referent's list and marks it dead (`_PyWeakref_ClearRef`). */
  detach(wr: PyWeakref): void {
    const obj = wr.referent;
    if (obj === null) return;
    wr.referent = null;
    const list = this.lists.get(obj);
    if (list === undefined) return;
    list.splice(list.indexOf(wr), 1);
    if (list.length === 0) {
      this.lists.delete(obj);
      obj.flags &= ~ObjectFlags.weaklyReferenced;
    }
  }

  /**
   * `PyObject_ClearWeakRefs`, run when `obj` dies by reference count (after its `__del__`):
   * every weakref is cleared first, then the callbacks of those still alive run in list order.
   * With more than one weakref CPython gathers the (weakref, callback) pairs in a tuple, whose
   * allocation is modelled too.
   */
  clearAll(runtime: Runtime, obj: PyObject): void {
    const list = this.lists.get(obj);
    if (list === undefined) return;
    const weakrefs = [...list];
    if (weakrefs.length === 1) {
      const [wr] = weakrefs;
      const callback = wr.callback;
      wr.callback = null;
      this.detach(wr);
      if (callback !== null) {
        if (wr.refcnt > 0) callWeakrefCallback(runtime, wr, callback);
        runtime.decref(callback);
      }
      return;
    }
    const pairs: PyObject[] = [];
    for (const wr of weakrefs) {
      const callback = wr.callback;
      wr.callback = null;
      this.detach(wr);
      if (wr.refcnt > 0 && callback !== null) pairs.push(runtime.share(wr), callback);
      else {
        if (callback !== null) runtime.decref(callback);
        pairs.push(runtime.share(runtime.none), runtime.share(runtime.none));
      }
    }
    const tuple = runtime.newTuple(pairs);
    for (let i = 0; i < pairs.length; i += 2) {
      const callback = pairs[i + 1];
      if (callback !== runtime.none) callWeakrefCallback(runtime, pairs[i] as PyWeakref, callback);
    }
    runtime.decref(tuple);
  }
}

/** `handle_callback`: calls `callback(wr)`; an exception is reported, never propagated. */
export function callWeakrefCallback(runtime: Runtime, wr: PyWeakref, callback: PyObject): void {
  try {
    runtime.decref(runtime.call(callback, [wr]));
  } catch (error) {
    runtime.reportUnraisable(error, runtime.repr(callback));
  }
}

/** `get_basic_refs`: the callback-less `ref` and proxy at the head of a weakref list. */
function basicRefs(list: readonly PyWeakref[]): [PyWeakref | null, PyWeakref | null] {
  let i = 0;
  let ref: PyWeakref | null = null;
  let proxy: PyWeakref | null = null;
  if (i < list.length && list[i].callback === null && list[i].isExactRef) ref = list[i++];
  if (i < list.length && list[i].callback === null && list[i].isProxy) proxy = list[i];
  return [ref, proxy];
}
