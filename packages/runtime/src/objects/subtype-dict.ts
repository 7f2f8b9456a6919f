/**
 * The `__dict__` that an instance of a builtin type's Python subclass carries (`class
 * Flag(int)`, `class Name(str)`, …): `subtype_traverse` visits it before the class, and
 * `subtype_clear` / `subtype_dealloc` drop it before the base type's own teardown. Shared by
 * the int, float, str and set subclass instances.
 */
import type { PyObject, Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';

/** An instance whose class gave it a `__dict__` slot, made on first store. */
export interface WithSubtypeDict extends PyObject {
  instanceDict: PyDict | null;
}

/** `subtype_traverse`'s own part: the `__dict__`, then the class. */
export function traverseSubtypeDict(obj: WithSubtypeDict, visit: Visitor): void {
  if (obj.instanceDict !== null) visit(obj.instanceDict);
  visit(obj.type);
}

/** `subtype_clear`'s own part: drops the `__dict__`. */
export function clearSubtypeDict(obj: WithSubtypeDict, runtime: Runtime): void {
  const dict = obj.instanceDict;
  if (dict === null) return;
  obj.instanceDict = null;
  runtime.decref(dict);
}
