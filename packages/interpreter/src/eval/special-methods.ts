import type { PyObject, PyType } from '@memkit/runtime';
import { callObject } from './calls';
import type { Vm } from './vm';

/** `_PyType_Lookup`: `name` in the dicts along a class's MRO (borrowed), or null. */
export function lookupSpecial(type: PyType, name: string): PyObject | null {
  const mro = type.mro?.items;
  if (mro === undefined) return type.dict?.getByName(name) ?? null;
  for (const cls of mro) {
    const found = (cls as PyType).dict?.getByName(name);
    if (found) return found;
  }
  return null;
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
  rt.incref(method);
  try {
    const shared = kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, rt.share(v)] as const));
    return callObject(vm, method, [rt.share(obj), ...args], shared);
  } finally {
    rt.decref(method);
  }
}
