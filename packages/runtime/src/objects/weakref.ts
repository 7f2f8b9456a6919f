import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { HashValue } from './hashing';

/**
 * A weak reference (`PyWeakReference`: `weakref.ref`, `weakref.proxy`; 64 bytes + 16 GC head).
 * It does not own its referent; the referent's weakref list (`WeakrefLists`) links back to it so
 * the referent's death can clear it and run its callback, which it does own.
 */
export class PyWeakref extends PyObject {
  /** `wr_object`: borrowed; null once the referent died (`Py_None` in CPython). */
  referent: PyObject | null;
  /** `wr_callback`, called with the weakref when the referent dies. */
  callback: PyObject | null;
  /** `hash`: the referent's hash, kept once computed so a dead ref stays findable in a dict. */
  hashCache: HashValue | null = null;

  constructor(type: PyWeakref['type'], referent: PyObject, callback: PyObject | null) {
    super(type);
    this.referent = referent;
    this.callback = callback;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.weakref;
  }

  /** A `weakref.proxy` (`ProxyType` / `CallableProxyType`). */
  get isProxy(): boolean {
    return !this.type.isHeapType && this.type.name !== 'ReferenceType';
  }

  /** Exactly `weakref.ref` (not a subclass such as `KeyedRef`): only those are shared. */
  get isExactRef(): boolean {
    return !this.type.isHeapType && this.type.name === 'ReferenceType';
  }

  /** `ref()`: the referent (borrowed), or null when it is dead. */
  get(): PyObject | null {
    return this.referent;
  }

  /** The referent a proxy stands for; `ReferenceError` once it died. */
  deref(): PyObject {
    if (this.referent === null) {
      throw new PythonError('ReferenceError', 'weakly-referenced object no longer exists');
    }
    return this.referent;
  }

  /** `gc_traverse`: only the callback is owned. */
  override traverse(visit: Visitor): void {
    if (this.callback !== null) visit(this.callback);
  }

  /** `gc_clear` → `clear_weakref`: forgets the referent and drops the callback. */
  override clear(runtime: Runtime): void {
    runtime.weakrefs.detach(this);
    const callback = this.callback;
    this.callback = null;
    if (callback !== null) runtime.decref(callback);
  }

  /** `weakref_dealloc`. */
  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
