import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import { clearSubtypeDict, traverseSubtypeDict } from './subtype-dict';

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

/**
 * An instance of a float subclass (`class Celsius(float)`): `float_subtype_new` copies the value
 * into an object of the class's size (32 bytes with `__weakref__`, its `__dict__` managed before
 * it), tracked by the collector, never from the float free list. A class of its own so exact
 * floats carry no `__dict__` field.
 */
export class PyFloatSubclassInstance extends PyFloat {
  /** The instance's `__dict__`, made on first store. */
  instanceDict: PyDict | null = null;

  override sizeof(): number {
    return this.type.basicsize;
  }

  override traverse(visit: Visitor): void {
    traverseSubtypeDict(this, visit);
  }

  override clear(runtime: Runtime): void {
    clearSubtypeDict(this, runtime);
  }

  /** subtype_dealloc: float_dealloc frees a non-exact float with tp_free, not to the free list. */
  override dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
