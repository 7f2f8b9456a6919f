import {
  type NativeFunctionSpec,
  PyInt,
  type PyObject,
  PythonError,
  parseOptionalArgs,
} from '@memkit/runtime';
import { toPyException } from '../eval/raise';
import { callSpecial, lookupSpecial } from '../eval/special-methods';
import type { Vm } from '../eval/vm';

/**
 * `sys.getsizeof` as `_PySys_GetSizeOf` computes it: a class's own `__sizeof__` (tutorials
 * define one to count what an object owns) plus the type's GC and managed-dict pre-headers;
 * builtin objects report their modelled size. `default` stands in only for a TypeError.
 */
export function sysGetsizeof(vm: Vm): NativeFunctionSpec {
  const rt = vm.runtime;
  return {
    fn: (_rt, args, kwargs) => {
      const [obj, fallback] = parseOptionalArgs('getsizeof', ['object', 'default'], args, kwargs);
      if (obj === null)
        throw new PythonError('TypeError', "getsizeof() missing required argument 'object' (pos 1)");
      // Builtin types model __sizeof__ in the runtime; only a class's own definition is found.
      if (lookupSpecial(obj.type, '__sizeof__') === null) return rt.newInt(rt.sizeof(obj));
      let size: number;
      try {
        size = ownSizeof(vm, obj);
      } catch (error) {
        if (fallback === null) throw error;
        const exception = toPyException(rt, error);
        const isTypeError = exception.type.isSubtypeOf(rt.types.TypeError);
        rt.decref(exception);
        if (!isTypeError) throw error;
        return rt.share(fallback);
      }
      return rt.newInt(size + obj.type.preheader);
    },
  };
}

/**
 * Calls a class's own `__sizeof__` (a function, staticmethod, classmethod, callable object…) and
 * checks its result as `PyLong_AsSsize_t` does. Calling only plain functions once made a
 * staticmethod `__sizeof__` fall back to the modelled size.
 */
function ownSizeof(vm: Vm, obj: PyObject): number {
  const rt = vm.runtime;
  const result = callSpecial(vm, obj, '__sizeof__', []);
  try {
    if (!(result instanceof PyInt)) throw new PythonError('TypeError', 'an integer is required');
    const size = Number(result.value);
    if (size < 0) throw new PythonError('ValueError', '__sizeof__() should return >= 0');
    return size;
  } finally {
    rt.decref(result);
  }
}
