import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/** A Python range: start, stop, step and length are int objects it holds (48 bytes, untracked). */
export class PyRange extends PyObject {
  readonly start: PyObject;
  readonly stop: PyObject;
  readonly step: PyObject;
  readonly length: PyObject;

  constructor(type: PyType, start: PyObject, stop: PyObject, step: PyObject, length: PyObject) {
    super(type);
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.length = length;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.range;
  }

  override traverse(visit: Visitor): void {
    visit(this.start);
    visit(this.stop);
    visit(this.step);
    visit(this.length);
  }

  dealloc(runtime: Runtime): void {
    runtime.decref(this.start);
    runtime.decref(this.stop);
    runtime.decref(this.step);
    runtime.decref(this.length);
    runtime.freeObject(this);
  }
}
