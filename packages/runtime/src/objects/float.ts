import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';

/** A Python float. Freed floats go to a free list of 100 (Objects/floatobject.c). */
export class PyFloat extends PyObject {
  value = 0;

  sizeof(): number {
    return CPYTHON_311.basicsize.float;
  }

  dealloc(runtime: Runtime): void {
    if (!runtime.freeLists.pushFloat(this)) runtime.freeObject(this);
  }
}
