import { PyInstance, type PyObject, type PyType } from '@memkit/runtime';
import { callObject } from './calls';
import { lookupSpecial } from './special-methods';
import type { Vm } from './vm';

/**
 * Class attributes that are instances of a Python class defining `__get__` (descriptors written
 * in Python): what `slot_tp_descr_get`/`slot_tp_descr_set` do for them. A data descriptor (one
 * whose class also defines `__set__` or `__delete__`) wins over the instance's `__dict__`; a
 * plain one only supplies a value the dict lacks. Builtin descriptors (functions, properties,
 * classmethods) are handled where attributes are looked up.
 */
export function isPythonDescriptor(attribute: PyObject): attribute is PyInstance {
  return attribute instanceof PyInstance && lookupSpecial(attribute.type, '__get__') !== null;
}

/** Whether a Python-level descriptor also controls assignment or deletion. */
export function isDataDescriptor(attribute: PyObject): boolean {
  return (
    attribute instanceof PyInstance &&
    (lookupSpecial(attribute.type, '__set__') !== null ||
      lookupSpecial(attribute.type, '__delete__') !== null)
  );
}

/** `descr.__get__(obj, owner)` (obj None for class access); a new reference. */
export function descriptorGet(vm: Vm, descriptor: PyInstance, obj: PyObject | null, owner: PyType): PyObject {
  const rt = vm.runtime;
  const get = lookupSpecial(descriptor.type, '__get__') as PyObject;
  return callObject(vm, get, [rt.share(descriptor), rt.share(obj ?? rt.none), rt.share(owner)], null);
}

/**
 * `descr.__set__(obj, value)` or, with `value` null, `descr.__delete__(obj)`; false when the
 * descriptor's class lacks that method (CPython then raises AttributeError: `__set__`/`__delete__`).
 * Steals `value`.
 */
export function descriptorSet(
  vm: Vm,
  descriptor: PyInstance,
  obj: PyObject,
  value: PyObject | null,
): boolean {
  const rt = vm.runtime;
  const method = lookupSpecial(descriptor.type, value === null ? '__delete__' : '__set__');
  if (method === null) {
    if (value !== null) rt.decref(value);
    return false;
  }
  const args = [rt.share(descriptor), rt.share(obj)];
  if (value !== null) args.push(value);
  rt.decref(callObject(vm, method, args, null));
  return true;
}
