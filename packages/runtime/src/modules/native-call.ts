import { MemkitError } from '../errors';
import type { PyObject } from '../object';
import type { PyBuiltinFunction } from '../objects/builtin-function';
import type { Runtime } from '../runtime';

/**
 * `tp_call` of builtin functions: runs the TypeScript implementation. A `METH_VARARGS` function
 * gets its positional arguments packed in a real tuple, as CPython allocates one for it.
 */
export function callNativeFunction(
  runtime: Runtime,
  callable: PyObject,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyObject {
  const fn = callable as PyBuiltinFunction;
  const spec = fn.implementation;
  if (spec === null) {
    throw new MemkitError(
      'MEMKIT_NO_IMPLEMENTATION',
      `built-in function ${fn.name} models memory only and has no implementation to call; define it in a ModuleDefinition`,
    );
  }
  if (!spec.varargs) return spec.fn(runtime, args, kwargs);
  const tuple = runtime.newTuple(args.map((arg) => runtime.share(arg)));
  try {
    return spec.fn(runtime, tuple.items, kwargs);
  } finally {
    runtime.decref(tuple);
  }
}
