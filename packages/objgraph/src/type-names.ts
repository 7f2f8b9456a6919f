import type { PyObject, PyType } from '@memkit/runtime';

/** `_short_typename`: `type(obj).__name__`. */
export function shortTypename(obj: PyObject): string {
  return obj.type.name;
}

/** `_long_typename`: `type(obj).__module__ + '.' + __name__`, or the bare name without a module. */
export function longTypename(obj: PyObject): string {
  const { module, name } = obj.type;
  return module ? `${module}.${name}` : name;
}

/** The short or long type name, as objgraph's `shortnames` flag picks. */
export function typenameOf(obj: PyObject, shortnames: boolean): string {
  return shortnames ? shortTypename(obj) : longTypename(obj);
}

/**
 * Whether `obj`'s type is the builtin type `name` or derives from it (`issubclass(type(obj),
 * name)`), looked up along the base chain so it needs no `Runtime` at hand.
 */
export function isInstanceOfBuiltin(obj: PyObject, name: string): boolean {
  for (let t: PyType | null = obj.type; t !== null; t = t.base) {
    if (t.name === name && t.module === 'builtins' && !t.isHeapType) return true;
  }
  return false;
}
