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
    return CPYTHON_311.basicsize.tuple + CPYTHON_311.pointerSize * this.items.length;
  }

  override traverse(visit: Visitor): void {
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) visit(items[i]);
  }

  dealloc(runtime: Runtime): void {
    const items = this.items;
    for (let i = items.length - 1; i >= 0; i--) runtime.decref(items[i]);
    if (!runtime.freeLists.pushTuple(this)) runtime.freeObject(this);
  }
}
