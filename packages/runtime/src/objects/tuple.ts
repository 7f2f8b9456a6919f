import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';

/**
 * A Python tuple: one block of `24 + 8n` bytes (+16 GC head). Tuples of 1..20 items are
 * recycled through per-size free lists; `()` is a static singleton.
 */
export class PyTuple extends PyObject {
  items: PyObject[] = [];
  /** The `__dict__` of an instance of a tuple subclass (the pointer after its items), on demand. */
  instanceDict: PyDict | null = null;

  get size(): number {
    return this.items.length;
  }

  sizeof(): number {
    // A tuple subclass (a namedtuple) has the tuple's layout unless it adds to it.
    return this.type.basicsize + CPYTHON_311.pointerSize * this.items.length;
  }

  /** subtype_traverse (a subclass instance's `__dict__`, then its class), then `tupletraverse`. */
  override traverse(visit: Visitor): void {
    if (this.type.isHeapType) {
      if (this.instanceDict !== null) visit(this.instanceDict);
      visit(this.type);
    }
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) visit(items[i]);
  }

  /** `subtype_clear`: a subclass instance drops its `__dict__` (a tuple itself has no tp_clear). */
  override clear(runtime: Runtime): void {
    const dict = this.instanceDict;
    if (dict === null) return;
    this.instanceDict = null;
    runtime.decref(dict);
  }

  dealloc(runtime: Runtime): void {
    if (this.instanceDict !== null) this.clear(runtime);
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) runtime.decref(items[i]);
    // Only exact tuples go to the free lists.
    if (this.type !== runtime.types.tuple || !runtime.freeLists.pushTuple(this)) runtime.freeObject(this);
  }
}
