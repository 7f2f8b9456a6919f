import {
  PyFunction,
  PyFunctionWrapper,
  PyObject,
  PyType,
  PythonError,
  type Runtime,
  type Visitor,
} from '@memkit/runtime';
import { genericAttributeMethod } from './attributes';
import { nativeMethod } from './methods';
import type { Vm } from './vm';

/** `super()` inside a method: attribute lookup starting after `start` in the MRO of `self`'s class. */
export class SuperObject extends PyObject {
  start: PyType | null;
  self: PyObject | null;

  constructor(type: PyType, start: PyType, self: PyObject) {
    super(type);
    this.start = start;
    this.self = self;
  }

  sizeof(): number {
    return this.type.basicsize;
  }

  /** The attribute found after `start` (a new reference), functions bound to `self`, or null. */
  lookup(vm: Vm, name: string): PyObject | null {
    const rt = vm.runtime;
    const self = this.self as PyObject;
    // super() in a __new__ (or a classmethod) has the class itself as its second argument.
    const ofClass = self instanceof PyType && self.isSubtypeOf(this.start as PyType);
    const objectType = ofClass ? (self as PyType) : self.type;
    const mro = objectType.mro?.items ?? [objectType];
    const after = mro.indexOf(this.start as PyType) + 1;
    for (let i = after; i < mro.length; i++) {
      const found = (mro[i] as PyType).dict?.getByName(name);
      if (!found) continue;
      if (found instanceof PyFunction) return rt.newMethod(rt.share(found), rt.share(self));
      if (found instanceof PyFunctionWrapper && found.callable !== null) {
        if (found.type === rt.types.classmethod)
          return rt.newMethod(rt.share(found.callable), rt.share(self.type));
        return rt.share(found.callable);
      }
      return rt.share(found);
    }
    for (let i = after; i < mro.length; i++) {
      const base = mro[i] as PyType;
      if (base.isHeapType) continue;
      // A builtin base's method (dict.__setitem__, tuple.__new__, object.__new__): `__new__` is
      // a static method taking the class; the others are bound to self.
      const native = nativeMethod(vm, base, name);
      if (native === null || (name === '__init__' && base === rt.types.object)) continue;
      const fn = rt.newBuiltinFunction(name, name === '__new__' ? null : rt.share(self));
      fn.implementation =
        name === '__new__'
          ? { fn: (_rt, args, kwargs) => native(vm, args[0], args.slice(1), kwargs) }
          : { fn: (_rt, args, kwargs) => native(vm, self, args, kwargs) };
      return fn;
    }
    const generic = genericAttributeMethod(vm, name, self);
    if (generic !== null) return generic;
    if (name === '__init__') {
      // object.__init__: accepts nothing and does nothing.
      const noop = rt.newBuiltinFunction('__init__', rt.share(self));
      noop.implementation = { fn: (runtime) => runtime.share(runtime.none) };
      return noop;
    }
    return null;
  }

  override traverse(visit: Visitor): void {
    if (this.start !== null) visit(this.start);
    if (this.self !== null) visit(this.self);
  }

  dealloc(runtime: Runtime): void {
    const { start, self } = this;
    this.start = null;
    this.self = null;
    if (start !== null) runtime.decref(start);
    if (self !== null) runtime.decref(self);
    runtime.freeObject(this);
  }
}

/** Zero-argument `super()`: the class defining the running method, and its first argument. */
export function makeSuper(vm: Vm, superType: PyType): SuperObject {
  const rt = vm.runtime;
  const frame = vm.frame;
  const self = frame?.slots[0] ?? null;
  if (frame === null || self === null) throw new PythonError('RuntimeError', 'super(): no arguments');
  const code = frame.code;
  const objectType = self instanceof PyType ? self : self.type;
  const mro = [...(objectType.mro?.items ?? [objectType]), ...(self.type.mro?.items ?? [])];
  for (const cls of mro) {
    const dict = (cls as PyType).dict;
    if (dict === null) continue;
    for (const [, value] of dict.entries()) {
      const fn = value instanceof PyFunctionWrapper ? value.callable : value;
      if (fn instanceof PyFunction && fn.code === code) {
        return rt.adopt(new SuperObject(superType, rt.share(cls as PyType), rt.share(self)));
      }
    }
  }
  throw new PythonError('RuntimeError', 'super(): __class__ cell not found');
}
