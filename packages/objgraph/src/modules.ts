import { PyModule, type PyObject, PyStr, type PyType } from '@memkit/runtime';
import type { ObjgraphHost } from './host';

/** `inspect.ismodule(obj)`. */
export function isModule(obj: PyObject): boolean {
  return obj instanceof PyModule;
}

/**
 * `is_proper_module(obj)`: a module that is `sys.modules[obj.__name__]`, which objgraph treats as
 * a garbage collector root (`show_backrefs` stops there).
 */
export function isProperModule(obj: PyObject, host: Pick<ObjgraphHost, 'sysModule'>): boolean {
  if (!(obj instanceof PyModule)) return false;
  const name = obj.dict?.getByName('__name__') ?? null;
  return name instanceof PyStr && host.sysModule(name.value) === obj;
}

/** `hasattr(type(obj), '__del__')`: the class or a base defines a finalizer. */
export function hasDel(obj: PyObject): boolean {
  for (let t: PyType | null = obj.type; t !== null; t = t.base) if (t.finalizer !== null) return true;
  return false;
}
