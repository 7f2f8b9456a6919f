import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/** An immutable Python bytes object: header, cached hash, the bytes and a trailing NUL. */
export class PyBytes extends PyObject {
  readonly value: Uint8Array;

  constructor(type: PyType, value: Uint8Array) {
    super(type);
    this.value = value;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.bytes + this.value.length;
  }

  dealloc(runtime: Runtime): void {
    runtime.freeObject(this);
  }
}
