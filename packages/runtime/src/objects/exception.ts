import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import type { PyTuple } from './tuple';
import type { PyType } from './type';

type LayoutName = keyof typeof CPYTHON_311.exceptionLayouts;

/**
 * The fields a builtin exception type adds to `BaseException`'s (AttributeError's `obj` and
 * `name`, …), found on the first static type up `type`'s bases that declares some.
 */
export function exceptionFieldNames(type: PyType): readonly string[] {
  for (let t: PyType | null = type; t !== null; t = t.base) {
    if (t.isHeapType) continue;
    const layout = CPYTHON_311.exceptionLayouts[t.name as LayoutName];
    if (layout !== undefined) return layout.fields;
  }
  return [];
}

/**
 * An exception instance (`PyBaseExceptionObject`, 72 bytes + 16 GC head: `ValueError()` → 88),
 * tracked from creation: `args`, the traceback, `__context__`, `__cause__`, a `__dict__` made on
 * first attribute store (3.11's `add_note` keeps `__notes__` there too), plus the fields of its
 * builtin type's layout. `sizeof` is the type's basic size.
 */
export class PyBaseException extends PyObject {
  dict: PyDict | null = null;
  args: PyTuple | null;
  /** The `notes` slot of the C struct; 3.11 itself stores `__notes__` in `__dict__`. */
  notes: PyObject | null = null;
  traceback: PyObject | null = null;
  context: PyObject | null = null;
  cause: PyObject | null = null;
  suppressContext = false;
  readonly fieldNames: readonly string[];
  /** Values of `fieldNames`, in the type's `tp_traverse` order. */
  readonly fields: (PyObject | null)[];

  constructor(type: PyType, args: PyTuple) {
    super(type);
    this.args = args;
    this.fieldNames = exceptionFieldNames(type);
    this.fields = new Array<PyObject | null>(this.fieldNames.length).fill(null);
  }

  sizeof(): number {
    return this.type.basicsize;
  }

  /** A layout field (`StopIteration.value`, `OSError.filename`, …), borrowed; null when unset. */
  getField(name: string): PyObject | null {
    const i = this.fieldNames.indexOf(name);
    return i < 0 ? null : this.fields[i];
  }

  /** Sets a layout field; steals `value`, releases the old one. */
  setField(runtime: Runtime, name: string, value: PyObject | null): void {
    const i = this.fieldNames.indexOf(name);
    if (i < 0) {
      if (value !== null) runtime.decref(value);
      throw new PythonError('AttributeError', `'${this.type.name}' object has no attribute '${name}'`);
    }
    const old = this.fields[i];
    this.fields[i] = value;
    if (old !== null) runtime.decref(old);
  }

  /** `__traceback__ = tb`; steals `tb`. */
  setTraceback(runtime: Runtime, tb: PyObject | null): void {
    const old = this.traceback;
    this.traceback = tb;
    if (old !== null) runtime.decref(old);
  }

  /** `__context__ = exc` (set implicitly when raised while handling another); steals `exc`. */
  setContext(runtime: Runtime, exc: PyObject | null): void {
    const old = this.context;
    this.context = exc;
    if (old !== null) runtime.decref(old);
  }

  /** `__cause__ = exc` (`raise … from exc`), which also sets `__suppress_context__`; steals `exc`. */
  setCause(runtime: Runtime, exc: PyObject | null): void {
    const old = this.cause;
    this.cause = exc;
    this.suppressContext = true;
    if (old !== null) runtime.decref(old);
  }

  /** `e.__dict__`, made on first use (borrowed). */
  getDict(runtime: Runtime): PyDict {
    if (this.dict === null) this.dict = runtime.newDictObject();
    return this.dict;
  }

  /**
   * `subtype_traverse` for a class defined in Python (its type first), then the layout's own
   * fields, then `BaseException_traverse`.
   */
  override traverse(visit: Visitor): void {
    if (this.type.isHeapType) visit(this.type);
    for (const value of this.fields) if (value !== null) visit(value);
    if (this.dict !== null) visit(this.dict);
    if (this.args !== null) visit(this.args);
    if (this.notes !== null) visit(this.notes);
    if (this.traceback !== null) visit(this.traceback);
    if (this.cause !== null) visit(this.cause);
    if (this.context !== null) visit(this.context);
  }

  /** The layout's `tp_clear` (its fields), then `BaseException_clear`. */
  override clear(runtime: Runtime): void {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const value = fields[i];
      fields[i] = null;
      if (value !== null) runtime.decref(value);
    }
    const { dict, args, notes, traceback, cause, context } = this;
    this.dict = null;
    this.args = null;
    this.notes = null;
    this.traceback = null;
    this.cause = null;
    this.context = null;
    for (const obj of [dict, args, notes, traceback, cause, context]) if (obj !== null) runtime.decref(obj);
  }

  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
