import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/** A Python complex number. */
export class PyComplex extends PyObject {
  readonly real: number;
  readonly imag: number;

  constructor(type: PyType, real: number, imag: number) {
    super(type);
    this.real = real;
    this.imag = imag;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.complex;
  }

  dealloc(runtime: Runtime): void {
    runtime.freeObject(this);
  }
}
