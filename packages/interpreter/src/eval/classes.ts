import {
  type PyFunction,
  PyList,
  type PyObject,
  PyStr,
  PyTuple,
  type PyType,
  PythonError,
} from '@memkit/runtime';
import { prepareCells, runFrame } from './calls';
import type { CompiledCode } from './compiled-code';
import { Frame } from './frame';
import { callSpecial, callSpecialWith, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

/**
 * `__build_class__` then `type(name, bases, namespace)`: the body runs as a function whose
 * locals are a fresh namespace dict, then the class is made from it. Steals `bases` and `closure`.
 */
export function buildClass(
  vm: Vm,
  f: Frame,
  body: CompiledCode,
  closure: PyTuple | null,
  name: string,
  bases: PyObject[],
): PyType {
  const rt = vm.runtime;
  try {
    if (bases.length > 1)
      throw new PythonError('NotImplementedError', 'memkit does not support multiple inheritance yet');
    const base = (bases[0] ?? rt.types.object) as PyType;
    if (base.type !== rt.types.type) throw new PythonError('TypeError', 'bases must be types');
    const bodyFunction = rt.newFunction(rt.share(body.code), rt.share(f.globals), rt.share(f.builtins), {
      closure,
    });
    const namespace = rt.newDict();
    try {
      const data = rt.newInterpreterFrame(rt.share(bodyFunction), rt.share(namespace), f.data);
      const frame = new Frame(vm, data, body, vm.frame);
      prepareCells(vm, frame, bodyFunction as PyFunction);
      rt.decref(runFrame(vm, frame));
      return makeClass(vm, name, base, namespace);
    } finally {
      rt.decref(namespace);
      rt.decref(bodyFunction);
    }
  } finally {
    for (const b of bases) rt.decref(b);
  }
}

function makeClass(vm: Vm, name: string, base: PyType, namespace: import('@memkit/runtime').PyDict): PyType {
  const rt = vm.runtime;
  const module = namespace.getByName('__module__');
  const moduleName = module instanceof PyStr ? module.value : '__main__';
  const slotsValue = namespace.getByName('__slots__');
  let slots: string[] | undefined;
  if (slotsValue !== null) {
    const items =
      slotsValue instanceof PyStr
        ? [slotsValue]
        : slotsValue instanceof PyTuple || slotsValue instanceof PyList
          ? slotsValue.items
          : [];
    slots = items.map((item) => (item as PyStr).value);
  }
  const cls = base.isSubtypeOf(rt.types.BaseException)
    ? rt.newExceptionClass(name, base, moduleName)
    : rt.newClass(name, { base, slots, module: moduleName });
  const dict = cls.dict;
  if (dict !== null) {
    for (const [key, value] of namespace.entries()) {
      const k = (key as PyStr).value;
      if (k === '__module__' || k === '__qualname__' || k === '__slots__') continue;
      dict.set(rt, rt.share(key), rt.share(value));
    }
  }
  if (lookupSpecial(cls, '__call__') !== null) {
    cls.call = (runtime, obj, args, kwargs) =>
      callSpecialWith(
        vm,
        obj,
        '__call__',
        args.map((a) => runtime.share(a)),
        kwargs,
      );
  }
  if (lookupSpecial(cls, '__del__') !== null) {
    cls.finalizer = (runtime, obj) => runtime.decref(callSpecial(vm, obj, '__del__', []));
  }
  return cls;
}
