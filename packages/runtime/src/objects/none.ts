import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';

/**
 * A statically allocated singleton with no state of its own (`None`, `Ellipsis`,
 * `NotImplemented`). Its count never reaches zero in a correct program; if it does, that is
 * CPython's "deallocating None" fatal error, reported here as a thrown error.
 */
export class PySingleton extends PyObject {
  sizeof(): number {
    return CPYTHON_311.basicsize.none;
  }

  dealloc(_runtime: Runtime): void {
    throw new Error(`Fatal Python error: deallocating ${this.type.name} singleton`);
  }
}
