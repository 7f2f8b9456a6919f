import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/**
 * A slice (`PySliceObject`, 40 bytes + 16 GC head): start, stop and step, `None` when omitted.
 * In 3.11 a GC type tracked at creation whatever it holds (`slice(1, 2, 3)` is tracked), with no
 * `tp_clear`. The interpreter keeps one freed slice for reuse (`slice_cache`, `FreeLists.pushSlice`),
 * so `a[i:j]` in a loop allocates once, and a script finds the slice its startup left there.
 */
export class PySlice extends PyObject {
  start: PyObject;
  stop: PyObject;
  step: PyObject;

  constructor(type: PyType, start: PyObject, stop: PyObject, step: PyObject) {
    super(type);
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.slice;
  }

  override traverse(visit: Visitor): void {
    visit(this.start);
    visit(this.stop);
    visit(this.step);
  }

  /** `slice_dealloc`: step, start, stop; the block is kept for reuse when the cache is empty. */
  dealloc(runtime: Runtime): void {
    runtime.decref(this.step);
    runtime.decref(this.start);
    runtime.decref(this.stop);
    if (!runtime.freeLists.pushSlice(this)) runtime.freeObject(this);
  }
}
