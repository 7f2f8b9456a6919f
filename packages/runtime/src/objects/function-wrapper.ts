import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import type { PyType } from './type';

/**
 * A `staticmethod` or `classmethod` object (32 bytes + 16 GC head): the wrapped callable and a
 * `__dict__`. Since 3.10 creating one copies `__module__`, `__name__`, `__qualname__`, `__doc__`
 * and `__annotations__` from the callable into that dict (`functools_wraps`), so the dict
 * exists from the start for any callable that has those attributes.
 */
export class PyFunctionWrapper extends PyObject {
  callable: PyObject | null;
  dict: PyDict | null = null;

  constructor(type: PyType, callable: PyObject) {
    super(type);
    this.callable = callable;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.functionWrapper;
  }

  /** The `__dict__`, made on first use (borrowed). */
  getDict(runtime: Runtime): PyDict {
    if (this.dict === null) this.dict = runtime.newDictObject();
    return this.dict;
  }

  /** `sm_traverse` / `cm_traverse`. */
  override traverse(visit: Visitor): void {
    if (this.callable !== null) visit(this.callable);
    if (this.dict !== null) visit(this.dict);
  }

  override clear(runtime: Runtime): void {
    const { callable, dict } = this;
    this.callable = null;
    this.dict = null;
    if (callable !== null) runtime.decref(callable);
    if (dict !== null) runtime.decref(dict);
  }

  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
