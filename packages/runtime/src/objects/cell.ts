import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';

/**
 * A closure cell (`PyCellObject`, 24 bytes + 16 GC head): the one reference a closed-over
 * variable lives in, shared by the defining frame and every closure that captures it. Empty
 * (`contents` null) until the variable is assigned. Tracked from creation.
 */
export class PyCell extends PyObject {
  contents: PyObject | null = null;

  sizeof(): number {
    return CPYTHON_311.basicsize.cell;
  }

  /** Replaces the contents (`PyCell_Set`); steals `value`, releases the old one. */
  set(runtime: Runtime, value: PyObject | null): void {
    const old = this.contents;
    this.contents = value;
    if (old !== null) runtime.decref(old);
  }

  override traverse(visit: Visitor): void {
    if (this.contents !== null) visit(this.contents);
  }

  override clear(runtime: Runtime): void {
    this.set(runtime, null);
  }

  dealloc(runtime: Runtime): void {
    this.set(runtime, null);
    runtime.freeObject(this);
  }
}
