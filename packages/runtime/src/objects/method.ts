import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/**
 * A bound method (`PyMethodObject`, 48 bytes + 16 GC head): the function and the instance it
 * was looked up on, made afresh by every `obj.method` lookup. Tracked from creation; the type
 * has no `tp_clear` (breaking a cycle through the function or the instance is enough).
 */
export class PyMethod extends PyObject {
  readonly func: PyObject;
  readonly self: PyObject;

  constructor(type: PyType, func: PyObject, self: PyObject) {
    super(type);
    this.func = func;
    this.self = self;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.method;
  }

  override traverse(visit: Visitor): void {
    visit(this.func);
    visit(this.self);
  }

  dealloc(runtime: Runtime): void {
    runtime.decref(this.func);
    runtime.decref(this.self);
    runtime.freeObject(this);
  }
}
