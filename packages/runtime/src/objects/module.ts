import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import type { PyStr } from './str';

/**
 * A module (`PyModuleObject`, 56 bytes + 16 GC head): its namespace dict (`md_dict`, made with
 * `__name__`, `__doc__`, `__package__`, `__loader__` and `__spec__`) and its name. Tracked from
 * creation. The collector sees only the dict: `md_name` is not traversed.
 */
export class PyModule extends PyObject {
  dict: PyDict | null = null;
  name: PyStr | null = null;

  sizeof(): number {
    return CPYTHON_311.basicsize.module;
  }

  /** The module's name as a JS string (`''` once cleared). */
  get nameValue(): string {
    return this.name?.value ?? '';
  }

  override traverse(visit: Visitor): void {
    if (this.dict !== null) visit(this.dict);
  }

  /** `module_clear`: drops the namespace dict. */
  override clear(runtime: Runtime): void {
    const dict = this.dict;
    this.dict = null;
    if (dict !== null) runtime.decref(dict);
  }

  /** `module_dealloc`: the dict, then the name. */
  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    const name = this.name;
    this.name = null;
    if (name !== null) runtime.decref(name);
    runtime.freeObject(this);
  }
}
