import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/**
 * An opaque handle to a host (TypeScript) value inside a Python object, as CPython's
 * `PyCapsule` holds a C pointer (48 bytes, untracked): a native module returns one to Python
 * code and reads the value back when the capsule is passed in again. It holds no Python
 * references, so the host value is invisible to the heap.
 */
export class PyCapsule extends PyObject {
  readonly value: unknown;
  /** The capsule's name (`PyCapsule_GetName`), or null. */
  readonly name: string | null;

  constructor(type: PyType, value: unknown, name: string | null) {
    super(type);
    this.value = value;
    this.name = name;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.capsule;
  }

  dealloc(runtime: Runtime): void {
    runtime.freeObject(this);
  }
}
