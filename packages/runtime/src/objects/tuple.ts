import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';

/**
 * A Python tuple: one block of `24 + 8n` bytes (+16 GC head). Tuples of 1..20 items are
 * recycled through per-size free lists; `()` is a static singleton.
 */
export class PyTuple extends PyObject {
  items: PyObject[] = [];

  get size(): number {
    return this.items.length;
  }

  sizeof(): number {
    // A tuple subclass (a namedtuple) has the tuple's layout unless it adds to it.
    return this.type.basicsize + CPYTHON_311.pointerSize * this.items.length;
  }

  override traverse(visit: Visitor): void {
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) visit(items[i]);
    if (this.type.isHeapType) visit(this.type);
  }

  dealloc(runtime: Runtime): void {
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) runtime.decref(items[i]);
    // Only exact tuples go to the free lists.
    if (this.type !== runtime.types.tuple || !runtime.freeLists.pushTuple(this)) runtime.freeObject(this);
  }
}
