import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyType } from './type';

/**
 * A `property` (64 bytes + 16 GC head): getter, setter, deleter, docstring (taken from the
 * getter when none is given) and the attribute name `__set_name__` stores when the property is
 * assigned in a class body.
 */
export class PyProperty extends PyObject {
  fget: PyObject | null;
  fset: PyObject | null;
  fdel: PyObject | null;
  doc: PyObject | null;
  name: PyObject | null = null;
  /** The docstring came from the getter (`getter_doc`). */
  readonly getterDoc: boolean;

  constructor(
    type: PyType,
    fget: PyObject | null,
    fset: PyObject | null,
    fdel: PyObject | null,
    doc: PyObject | null,
    getterDoc: boolean,
  ) {
    super(type);
    this.fget = fget;
    this.fset = fset;
    this.fdel = fdel;
    this.doc = doc;
    this.getterDoc = getterDoc;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.property;
  }

  /** `property.__set_name__`: remembers the attribute name; steals `name`. */
  setName(runtime: Runtime, name: PyObject): void {
    const old = this.name;
    this.name = name;
    if (old !== null) runtime.decref(old);
  }

  override traverse(visit: Visitor): void {
    if (this.fget !== null) visit(this.fget);
    if (this.fset !== null) visit(this.fset);
    if (this.fdel !== null) visit(this.fdel);
    if (this.doc !== null) visit(this.doc);
    if (this.name !== null) visit(this.name);
  }

  /** `property_clear` and, after untracking, `property_dealloc`: fields in declaration order. */
  override clear(runtime: Runtime): void {
    const { fget, fset, fdel, doc, name } = this;
    this.fget = null;
    this.fset = null;
    this.fdel = null;
    this.doc = null;
    this.name = null;
    for (const obj of [fget, fset, fdel, doc, name]) if (obj !== null) runtime.decref(obj);
  }

  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
