import type { PyObject } from '../object';
import type { Runtime } from '../runtime';
import { PyBuiltinFunction } from './builtin-function';
import { PyFunction } from './function';
import { PyType } from './type';

/** The attributes `functools_wraps` copies onto a `staticmethod`/`classmethod`, in its order. */
export const WRAPPED_ATTRIBUTES = [
  '__module__',
  '__name__',
  '__qualname__',
  '__doc__',
  '__annotations__',
] as const;

/** One of `WRAPPED_ATTRIBUTES`. */
export type WrappedAttribute = (typeof WRAPPED_ATTRIBUTES)[number];

/**
 * `getattr(callable, name)` for the attributes of functions and builtin functions the runtime
 * can answer without running Python code: a new reference, or null when the attribute does not
 * exist (or belongs to another kind of object, which only the interpreter can ask). Reading
 * `__annotations__` of a function makes its annotations dict, as CPython's getter does.
 */
export function callableAttribute(
  runtime: Runtime,
  callable: PyObject,
  name: WrappedAttribute,
): PyObject | null {
  if (callable instanceof PyFunction) {
    switch (name) {
      case '__module__':
        return runtime.share(callable.module ?? runtime.none);
      case '__name__':
        return runtime.share(callable.name);
      case '__qualname__':
        return runtime.share(callable.qualname);
      case '__doc__':
        return runtime.share(callable.doc ?? runtime.none);
      case '__annotations__':
        return runtime.share(callable.annotationsDict(runtime));
    }
  }
  if (callable instanceof PyBuiltinFunction) {
    switch (name) {
      case '__module__':
        return runtime.share(callable.module ?? runtime.none);
      case '__name__':
        return runtime.newStr(callable.name);
      case '__qualname__': {
        const self = callable.self;
        if (self === null || !callable.isBoundMethod) return runtime.newStr(callable.name);
        const owner = self instanceof PyType ? self : self.type;
        return runtime.newStr(`${owner.name}.${callable.name}`);
      }
      case '__doc__':
        return callable.doc === null ? runtime.share(runtime.none) : runtime.newStr(callable.doc);
      case '__annotations__':
        return null;
    }
  }
  return null;
}
