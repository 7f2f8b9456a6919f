import {
  newInstanceDict,
  PyDict,
  PyFloatSubclassInstance,
  PyIntSubclassInstance,
  PyList,
  type PyObject,
  PySetSubclassInstance,
  type PyStr,
  PyStrSubclassInstance,
  PyTuple,
  PythonError,
} from '@memkit/runtime';
import type { Vm } from './vm';

/**
 * The `__dict__` of instances of dict, list, tuple, int, float, str, set and frozenset subclasses (`class D(dict): pass; D().x = 1`).
 * A dict, list or str subclass keeps it behind the managed-dict pointer, a tuple or int subclass in a pointer after
 * its items; either way it only exists once asked for or stored into, and never has inline values
 * (`dict_new`/`list_new`/`tuple_new` do not run `_PyObject_InitializeDict`), so the first store makes a split
 * dict over the class's shared keys where it has them, and `__dict__` read first an empty dict.
 */
type WithInstanceDict =
  | PyDict
  | PyFloatSubclassInstance
  | PyIntSubclassInstance
  | PyList
  | PySetSubclassInstance
  | PyStrSubclassInstance
  | PyTuple;

/** An instance of a dict, list or tuple subclass whose class gives it a `__dict__`. */
export function hasInstanceDict(obj: PyObject): obj is WithInstanceDict {
  if (
    !(
      obj instanceof PyDict ||
      obj instanceof PyList ||
      obj instanceof PyTuple ||
      obj instanceof PyIntSubclassInstance ||
      obj instanceof PyFloatSubclassInstance ||
      obj instanceof PySetSubclassInstance ||
      obj instanceof PyStrSubclassInstance
    ) ||
    !obj.type.isHeapType
  )
    return false;
  return obj.type.hasManagedDict || obj.type.varDict;
}

/** `obj.__dict__` (`PyObject_GenericGetDict`): made empty if missing; a new reference. */
export function getInstanceDict(vm: Vm, obj: WithInstanceDict): PyDict {
  const rt = vm.runtime;
  if (obj.instanceDict === null) obj.instanceDict = rt.newDictObject();
  return rt.share(obj.instanceDict);
}

/** The attribute `name` in the instance's `__dict__` (borrowed), or null. */
export function instanceDictAttribute(obj: WithInstanceDict, name: string): PyObject | null {
  return obj.instanceDict?.getByName(name) ?? null;
}

/** `_PyObjectDict_SetItem`: stores `value` (stolen) under `name`, making the dict first. */
export function storeInstanceDictAttribute(
  vm: Vm,
  obj: WithInstanceDict,
  name: PyStr,
  value: PyObject,
): void {
  const rt = vm.runtime;
  if (obj.instanceDict === null) obj.instanceDict = newInstanceDict(rt, obj.type);
  obj.instanceDict.set(rt, rt.share(name), value);
}

/** `del obj.name` on an instance dict: `AttributeError` when not set. */
export function deleteInstanceDictAttribute(vm: Vm, obj: WithInstanceDict, name: PyStr): void {
  const dict = obj.instanceDict;
  if (dict === null || dict.get(name) === null)
    throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name.value}'`);
  dict.delete(vm.runtime, name);
}
