import {
  PyDict,
  type PyFunction,
  PyInstance,
  PyInt,
  PyList,
  type PyObject,
  PyProperty,
  PyStr,
  PyTuple,
  PyType,
  PythonError,
  registerOrderedDictType,
} from '@memkit/runtime';
import { NATIVE_LAYOUTS } from '../stdlib/collections-module';
import { callObject, instantiate, prepareCells, runFrame } from './calls';
import type { CompiledCode } from './compiled-code';
import { Frame } from './frame';
import { truthy } from './operators';
import { PyRaise, toPyException } from './raise';
import { callSpecial, callSpecialWith, lookupSpecial } from './special-methods';
import { repr } from './text';
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
    const base = (bases[0] ?? rt.types.object) as PyType;
    for (const b of bases)
      if (!(b instanceof PyType)) throw new PythonError('TypeError', 'bases must be types');
    // best_base: the bases' solid bases (where their slots were declared) must form a chain.
    const solids = bases.map((b) => solidBase(b as PyType)).filter((t) => t !== null);
    for (const a of solids)
      for (const b of solids)
        if (!a.isSubtypeOf(b) && !b.isSubtypeOf(a))
          throw new PythonError('TypeError', 'multiple bases have instance lay-out conflict');
    const bodyFunction = rt.newFunction(rt.share(body.code), rt.share(f.globals), rt.share(f.builtins), {
      closure,
    });
    const namespace = rt.newDict();
    try {
      const frame = new Frame(vm, rt.share(bodyFunction) as PyFunction, rt.share(namespace), body, vm.frame);
      prepareCells(vm, frame, bodyFunction as PyFunction);
      rt.decref(runFrame(vm, frame));
      return makeClass(vm, name, base, bases as PyType[], namespace);
    } finally {
      rt.decref(namespace);
      rt.decref(bodyFunction);
    }
  } finally {
    for (const b of bases) rt.decref(b);
  }
}

/**
 * `type(name, bases, dict)`: a class made from a namespace dict as a class statement makes it
 * from its body's (type_new copies the dict either way); `__module__` defaults to the calling
 * frame's `__name__`. Borrows its arguments.
 */
export function typeFromNamespace(vm: Vm, args: readonly PyObject[]): PyType {
  const rt = vm.runtime;
  const [name, bases, namespace] = args;
  if (!(name instanceof PyStr))
    throw new PythonError('TypeError', `type.__new__() argument 1 must be str, not ${name.type.name}`);
  if (!(bases instanceof PyTuple))
    throw new PythonError('TypeError', `type.__new__() argument 2 must be tuple, not ${bases.type.name}`);
  if (!(namespace instanceof PyDict))
    throw new PythonError('TypeError', `type.__new__() argument 3 must be dict, not ${namespace.type.name}`);
  for (const b of bases.items)
    if (!(b instanceof PyType)) throw new PythonError('TypeError', 'bases must be types');
  const types = bases.items as PyType[];
  const copy = rt.newDict();
  try {
    for (const [key, value] of namespace.entries()) copy.set(rt, rt.share(key), rt.share(value));
    if (copy.getByName('__module__') === null) {
      const caller = vm.frame?.globals.getByName('__name__') ?? null;
      if (caller !== null) copy.set(rt, rt.intern('__module__'), rt.share(caller));
    }
    return makeClass(vm, name.value, types[0] ?? rt.types.object, types, copy);
  } finally {
    rt.decref(copy);
  }
}

function makeClass(
  vm: Vm,
  name: string,
  base: PyType,
  bases: PyType[],
  namespace: import('@memkit/runtime').PyDict,
): PyType {
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
    for (const slot of slots) {
      if (namespace.getByName(slot) !== null)
        throw new PythonError('ValueError', `'${slot}' in __slots__ conflicts with class variable`);
    }
  }
  const cls = base.isSubtypeOf(rt.types.BaseException)
    ? rt.newExceptionClass(name, base, moduleName)
    : rt.newClass(name, {
        base,
        bases: bases.length > 0 ? bases : undefined,
        slots,
        module: moduleName,
        nativeLayout: NATIVE_LAYOUTS.get(`${moduleName}.${name}`),
      });
  if (moduleName === 'collections' && name === 'OrderedDict') registerOrderedDictType(cls);
  const dict = cls.dict;
  if (dict !== null) {
    for (const [key, value] of namespace.entries()) {
      const k = (key as PyStr).value;
      if (k === '__module__' || k === '__qualname__') continue;
      dict.set(rt, rt.share(key), rt.share(value));
    }
  }
  installHashing(vm, cls);
  setNames(vm, cls);
  // Calling the class from the runtime (a tool's native calling `LineProfiler()`) instantiates it too.
  cls.construct = (runtime, type, args, kwargs) =>
    instantiate(
      vm,
      type as PyType,
      args.map((a) => runtime.share(a)),
      kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, runtime.share(v)] as const)),
    );
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

/**
 * `solid_base`: the nearest class (the type itself or an ancestor) that declared `__slots__`
 * adding storage, or null when none did (a `__dict__`/`__weakref__` does not count).
 */
function solidBase(type: PyType): PyType | null {
  for (let t: PyType | null = type; t !== null; t = t.base) {
    const own = t.slotNames?.length ?? 0;
    const inherited = t.base?.slotNames?.length ?? 0;
    if (own > inherited) return t;
  }
  return null;
}

/**
 * type_new's `type_new_set_names`: each class attribute whose type has `__set_name__` learns
 * the class and its name (a property keeps the name; a Python descriptor's method is called).
 * Walks a copy of the dict, as CPython does, since `__set_name__` may change it.
 */
function setNames(vm: Vm, cls: PyType): void {
  const rt = vm.runtime;
  if (cls.dict === null) return;
  for (const [key, value] of [...cls.dict.entries()]) {
    if (value instanceof PyProperty) {
      value.setName(rt, rt.share(key));
      continue;
    }
    if (!(value instanceof PyInstance)) continue;
    const setName = lookupSpecial(value.type, '__set_name__');
    if (setName === null) continue;
    try {
      rt.decref(callObject(vm, setName, [rt.share(value), rt.share(cls), rt.share(key)], null));
    } catch (error) {
      // 3.11 wraps the failure (_PyErr_FormatFromCause); 3.12 adds a note instead.
      const message =
        `Error calling __set_name__ on '${value.type.name}' instance ` + `${repr(vm, key)} in '${cls.name}'`;
      const wrapped = rt.newException(rt.types.RuntimeError, rt.newTuple([rt.newStr(message)]));
      wrapped.setCause(rt, toPyException(rt, error));
      throw new PyRaise(wrapped);
    }
  }
}

/**
 * `__hash__`/`__eq__` of a class, as dict and set keys use them: a class defining `__eq__`
 * without `__hash__` is unhashable (CPython sets `__hash__ = None`); one defining `__hash__`
 * hashes through it.
 */
function installHashing(vm: Vm, cls: PyType): void {
  const rt = vm.runtime;
  const ownEq = cls.dict?.getByName('__eq__') ?? null;
  let ownHash = cls.dict?.getByName('__hash__') ?? null;
  // type_new's type_new_set_attrs: a class defining __eq__ but not __hash__ gets
  // `__hash__ = None` in its dict; either way None makes its instances unhashable.
  if (ownEq !== null && ownHash === null && cls.dict !== null) {
    cls.dict.set(rt, rt.intern('__hash__'), rt.share(rt.none));
    ownHash = rt.none;
  }
  if (ownHash === rt.none) cls.hash = null;
  else if (lookupSpecial(cls, '__hash__') !== null) {
    cls.hash = (obj) => {
      const result = callSpecial(vm, obj, '__hash__', []);
      try {
        if (!(result instanceof PyInt))
          throw new PythonError('TypeError', '__hash__ method should return an integer');
        return result.value;
      } finally {
        rt.decref(result);
      }
    };
  }
  if (lookupSpecial(cls, '__eq__') !== null) {
    cls.equals = (a, b) => {
      const result = callSpecial(vm, a, '__eq__', [rt.share(b)]);
      try {
        return truthy(vm, result);
      } finally {
        rt.decref(result);
      }
    };
  }
}
