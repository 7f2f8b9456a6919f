import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyStr } from './str';
import type { PyType } from './type';

/**
 * A descriptor a class gets for `__dict__`, `__weakref__` or each `__slots__` name
 * (`getset_descriptor` / `member_descriptor`, 64 bytes with the GC head). It holds a strong
 * reference to its class, one of the references `sys.getrefcount(cls)` shows.
 */
export class PyDescriptor extends PyObject {
  owner: PyType | null;
  readonly name: PyStr;

  constructor(type: PyType, owner: PyType, name: PyStr) {
    super(type);
    this.owner = owner;
    this.name = name;
  }

  sizeof(): number {
    return 48;
  }

  override traverse(visit: Visitor): void {
    if (this.owner !== null) visit(this.owner);
  }

  override clear(runtime: Runtime): void {
    const owner = this.owner;
    this.owner = null;
    if (owner !== null) runtime.decref(owner);
  }

  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.decref(this.name);
    runtime.freeObject(this);
  }
}
