import {
  PyFunction,
  PyFunctionWrapper,
  PyInstance,
  type PyObject,
  PyProperty,
  type PyType,
  typeLookupEpoch,
} from '@memkit/runtime';
import { callObject } from './calls';
import { descriptorGet, isPythonDescriptor } from './descriptors';
import type { Vm } from './vm';

/**
 * `_PyType_Lookup`: `name` in the dicts along a class's MRO (borrowed), or null. Answers are
 * cached per type, as CPython's method cache; a change to any dict the answer was read from
 * (or a type being cleared) moves `typeLookupEpoch` and drops the caches.
 */
export function lookupSpecial(type: PyType, name: string): PyObject | null {
  let cache = type.lookupCache;
  if (cache === null || type.lookupCacheEpoch !== typeLookupEpoch.value) {
    cache = type.lookupCache = new Map();
    type.lookupCacheEpoch = typeLookupEpoch.value;
  } else {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
  }
  const found = lookupAlongMro(type, name);
  cache.set(name, found);
  return found;
}

/** The uncached walk; marks each dict it reads so a change to it invalidates the caches. */
function lookupAlongMro(type: PyType, name: string): PyObject | null {
  const mro = type.mro?.items;
  if (mro === undefined) return lookupIn(type, name);
  for (let i = 0; i < mro.length; i++) {
    const found = lookupIn(mro[i] as PyType, name);
    if (found !== null) return found;
  }
  return null;
}

function lookupIn(cls: PyType, name: string): PyObject | null {
  const dict = cls.dict;
  if (dict === null) return null;
  dict.feedsTypeLookup = true;
  return dict.getByName(name);
}

/** Calls the special method `name` of `obj`'s class with `obj` first; `args` are stolen. */
export function callSpecial(vm: Vm, obj: PyObject, name: string, args: PyObject[]): PyObject {
  return callSpecialWith(vm, obj, name, args, null);
}

/** `callSpecial` with keyword arguments (borrowed). */
export function callSpecialWith(
  vm: Vm,
  obj: PyObject,
  name: string,
  args: PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyObject {
  const method = lookupSpecial(obj.type, name);
  if (method === null) {
    for (const arg of args) vm.runtime.decref(arg);
    throw new Error(`no ${name} on ${obj.type.name}`);
  }
  const rt = vm.runtime;
  const bound = method instanceof PyFunction ? null : bindSpecial(vm, method, obj);
  const callable = bound ?? rt.share(method);
  try {
    const shared = kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, rt.share(v)] as const));
    return callObject(vm, callable, bound === null ? [rt.share(obj), ...args] : args, shared);
  } finally {
    rt.decref(callable);
  }
}

/**
 * What `lookup_maybe_method` makes of a special method that is no plain function: a
 * staticmethod's function, a classmethod bound to the class, a Python descriptor's `__get__`
 * result, a callable instance as it is — each then called without `obj` (a new reference). Null
 * for the builtin callables that take `obj` first. A staticmethod `__sizeof__` once got `obj`.
 */
function bindSpecial(vm: Vm, method: PyObject, obj: PyObject): PyObject | null {
  const rt = vm.runtime;
  if (method instanceof PyFunctionWrapper && method.callable !== null) {
    if (method.type === rt.types.staticmethod) return rt.share(method.callable);
    if (method.type === rt.types.classmethod)
      return rt.newMethod(rt.share(method.callable), rt.share(obj.type));
  }
  if (method instanceof PyProperty) {
    if (method.fget === null) return null;
    return callObject(vm, method.fget, [rt.share(obj)], null);
  }
  if (isPythonDescriptor(method)) return descriptorGet(vm, method, obj, obj.type);
  if (method instanceof PyInstance) return rt.share(method);
  return null;
}
