import {
  GeneratorState,
  LocalKind,
  PyBaseException,
  PyCell,
  PyCode,
  PyDescriptor,
  PyDict,
  PyFrame,
  PyFunction,
  PyFunctionWrapper,
  PyGenerator,
  PyInstance,
  PyModule,
  type PyObject,
  PyProperty,
  PyRange,
  PySlice,
  PyStr,
  PyTraceback,
  PyType,
  PythonError,
  PyWeakref,
} from '@memkit/runtime';
import { callObject } from './calls';
import { descriptorGet, descriptorSet, isDataDescriptor, isPythonDescriptor } from './descriptors';
import { NATIVE_CLASS_METHODS, nativeMethod } from './methods';
import { frameBack, frameLineno } from './python-frames';
import { PyRaise, toPyException } from './raise';
import { rangeAttribute } from './range-object';
import { SLICE_MEMBERS, sliceAttribute } from './slice-object';
import { lookupSpecial } from './special-methods';
import {
  deleteInstanceDictAttribute,
  getInstanceDict,
  hasInstanceDict,
  instanceDictAttribute,
  storeInstanceDictAttribute,
} from './subclass-instance-dict';
import { SuperObject } from './super-object';
import type { Vm } from './vm';

/** `getattr(obj, name)` (`PyObject_GetAttr`): a new reference, or `AttributeError`. */
export function getAttribute(vm: Vm, obj: PyObject, name: string): PyObject {
  const found = findAttribute(vm, obj, name);
  if (found !== null) return found;
  throw attributeError(obj, name);
}

/**
 * Like `getAttribute`, but null instead of `AttributeError` — unless the class's own
 * `__getattribute__` raised it (there is no `__getattr__` to fall back on).
 */
export function findAttribute(vm: Vm, obj: PyObject, name: string): PyObject | null {
  const type = obj.type;
  if (type.isHeapType) {
    const getattribute = lookupSpecial(type, '__getattribute__');
    const getattr = lookupSpecial(type, '__getattr__');
    if (getattribute !== null || getattr !== null)
      return hookedAttribute(vm, obj, name, getattribute, getattr);
  }
  return findAttributeGenerically(vm, obj, name);
}

/**
 * `slot_tp_getattr_hook`: the class's `__getattribute__` (else the generic lookup) and, when that
 * finds nothing or raises AttributeError (a property's getter too), the class's `__getattr__`.
 */
function hookedAttribute(
  vm: Vm,
  obj: PyObject,
  name: string,
  getattribute: PyObject | null,
  getattr: PyObject | null,
): PyObject | null {
  const rt = vm.runtime;
  try {
    const found =
      getattribute === null
        ? findAttributeGenerically(vm, obj, name)
        : callObject(vm, getattribute, [rt.share(obj), rt.newStr(name)], null);
    if (found !== null || getattr === null) return found;
  } catch (error) {
    if (getattr === null) throw error;
    const exception = toPyException(rt, error);
    if (!exception.type.isSubtypeOf(rt.types.AttributeError)) throw new PyRaise(exception);
    rt.decref(exception);
  }
  return callObject(vm, getattr, [rt.share(obj), rt.newStr(name)], null);
}

/** `PyObject_GenericGetAttr` (`type_getattro` for classes): null when nothing is found. */
function findAttributeGenerically(vm: Vm, obj: PyObject, name: string): PyObject | null {
  const rt = vm.runtime;
  if (obj instanceof PyModule) {
    const value = obj.dict?.getByName(name) ?? null;
    return value === null ? null : rt.share(value);
  }
  if (obj instanceof PyType) return typeAttribute(vm, obj, name);
  if (obj instanceof SuperObject) return obj.lookup(vm, name);
  if (obj instanceof PyWeakref && obj.isProxy) return findAttribute(vm, obj.deref(), name);
  if (name === '__class__') return rt.share(obj.type);
  const descriptor = lookupSpecial(obj.type, name);
  if (descriptor instanceof PyProperty) return getProperty(vm, descriptor, obj, name);
  if (descriptor !== null && isPythonDescriptor(descriptor) && isDataDescriptor(descriptor))
    return descriptorGet(vm, descriptor, obj, obj.type);
  if (obj instanceof PyInstance) {
    const own = instanceAttribute(vm, obj, name);
    if (own !== null) return own;
  } else if (hasInstanceDict(obj) || (obj instanceof PyDict && obj.slots !== null)) {
    const own = obj instanceof PyDict && obj.slots !== null ? dictSlot(obj, name) : null;
    if (own !== null) return rt.share(own);
    if (hasInstanceDict(obj)) {
      if (name === '__dict__') return getInstanceDict(vm, obj);
      const value = instanceDictAttribute(obj, name);
      if (value !== null) return rt.share(value);
    }
  } else {
    const special = builtinAttribute(vm, obj, name);
    if (special !== null) return special;
  }
  if (descriptor !== null) return bind(vm, descriptor, obj);
  const native = nativeMethod(vm, obj.type, name);
  if (native !== null) {
    const self = NATIVE_CLASS_METHODS.has(native) ? obj.type : obj;
    const method = rt.newBuiltinFunction(name, rt.share(self));
    method.implementation = {
      fn: (_runtime, args, kwargs) => native(vm, self, args, kwargs),
    };
    return method;
  }
  return genericAttributeMethod(vm, name, obj);
}

/** The attribute hooks a class may define in Python, each replacing a generic `object` method. */
export type AttributeHookName = '__getattribute__' | '__getattr__' | '__setattr__' | '__delattr__';

/**
 * The attribute hook `type` defines for its instances (borrowed), or null when the generic
 * behaviour applies: only classes written in Python define one.
 */
export function attributeHook(type: PyType, name: AttributeHookName): PyObject | null {
  return type.isHeapType ? lookupSpecial(type, name) : null;
}

/**
 * `object.__getattribute__`, `__setattr__` or `__delattr__` (CPython's slot wrappers), bound to
 * `self` when found on an instance or through `super()`: the generic behaviour a class's own
 * hook defers to, bypassing that hook. Null for any other name.
 */
export function genericAttributeMethod(vm: Vm, name: string, self: PyObject | null): PyObject | null {
  const arity = name === '__setattr__' ? 3 : name === '__getattribute__' || name === '__delattr__' ? 2 : 0;
  if (arity === 0) return null;
  const rt = vm.runtime;
  const method = rt.newBuiltinFunction(name, self === null ? null : rt.share(self));
  method.implementation = {
    fn: (runtime, given) => {
      const args = self === null ? given : [self, ...given];
      if (args.length !== arity) {
        const message =
          args.length === 0
            ? `descriptor '${name}' of 'object' object needs an argument`
            : `expected ${arity - 1} argument${arity === 2 ? '' : 's'}, got ${args.length - 1}`;
        throw new PythonError('TypeError', message);
      }
      const [obj, key] = args;
      if (!(key instanceof PyStr))
        throw new PythonError('TypeError', `attribute name must be string, not '${key.type.name}'`);
      if (name === '__getattribute__') {
        const found = findAttributeGenerically(vm, obj, key.value);
        if (found === null) throw attributeError(obj, key.value);
        return found;
      }
      if (name === '__setattr__') setAttributeGenerically(vm, obj, key, runtime.share(args[2]));
      else deleteAttributeGenerically(vm, obj, key);
      return runtime.share(runtime.none);
    },
  };
  return method;
}

function attributeError(obj: PyObject, name: string): PythonError {
  if (obj instanceof PyModule) {
    return new PythonError('AttributeError', `module '${obj.nameValue}' has no attribute '${name}'`);
  }
  if (obj instanceof PyType) {
    return new PythonError('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
  }
  return new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name}'`);
}

/** A class attribute found on an instance's type: functions bind to the instance. */
function bind(vm: Vm, descriptor: PyObject, obj: PyObject): PyObject {
  const rt = vm.runtime;
  if (descriptor instanceof PyFunction) return rt.newMethod(rt.share(descriptor), rt.share(obj));
  if (isPythonDescriptor(descriptor)) return descriptorGet(vm, descriptor, obj, obj.type);
  // subtype_getweakref: the head of the object's weakref list, or None.
  if (descriptor instanceof PyDescriptor && descriptor.name.value === '__weakref__')
    return rt.share(rt.weakrefs.of(obj)[0] ?? rt.none);
  if (descriptor instanceof PyFunctionWrapper && descriptor.callable !== null) {
    if (descriptor.type === rt.types.classmethod) {
      return rt.newMethod(rt.share(descriptor.callable), rt.share(obj.type));
    }
    return rt.share(descriptor.callable);
  }
  return rt.share(descriptor);
}

function getProperty(vm: Vm, property: PyProperty, obj: PyObject, name: string): PyObject {
  if (property.fget === null) {
    throw new PythonError('AttributeError', `property '${name}' of '${obj.type.name}' object has no getter`);
  }
  return callObject(vm, property.fget, [vm.runtime.share(obj)], null);
}

/** A `__slots__` value of a dict-subclass instance (borrowed), or null when not a slot name. */
function dictSlot(obj: PyDict, name: string): PyObject | null {
  const index = obj.type.slotNames?.indexOf(name) ?? -1;
  if (index < 0 || obj.slots === null) return null;
  const value = obj.slots[index];
  if (value === null)
    throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name}'`);
  return value;
}

function instanceAttribute(vm: Vm, obj: PyInstance, name: string): PyObject | null {
  const rt = vm.runtime;
  const slotNames = obj.type.slotNames;
  if (slotNames !== null && obj.slots !== null) {
    const index = slotNames.indexOf(name);
    if (index >= 0) {
      const value = obj.slots[index];
      if (value === null)
        throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name}'`);
      return rt.share(value);
    }
  }
  if (name === '__dict__' && obj.type.hasManagedDict) return rt.share(obj.materializeDict(rt));
  const value = obj.getAttribute(name);
  return value === null ? null : rt.share(value);
}

/** Attributes of builtin objects that are data, not methods. */
function builtinAttribute(vm: Vm, obj: PyObject, name: string): PyObject | null {
  const rt = vm.runtime;
  if (obj instanceof PyFunction) {
    if (name === '__name__') return rt.share(obj.name);
    if (name === '__qualname__') return rt.share(obj.qualname);
    if (name === '__code__') return rt.share(obj.code);
    if (name === '__defaults__') return rt.share(obj.defaults ?? rt.none);
    if (name === '__closure__') return rt.share(obj.closure ?? rt.none);
    if (name === '__globals__') return rt.share(obj.globals ?? rt.none);
    if (name === '__module__') return rt.share(obj.module ?? rt.none);
    if (name === '__doc__') return rt.share(obj.doc ?? rt.none);
    if (name === '__dict__') return rt.share(obj.getDict(rt));
    const value = obj.dict?.getByName(name) ?? null;
    return value === null ? null : rt.share(value);
  }
  if (obj instanceof PyCode) return codeAttribute(vm, obj, name);
  if (obj instanceof PyProperty) {
    if (name === 'fget' || name === 'fset' || name === 'fdel') return rt.share(obj[name] ?? rt.none);
    if (name === '__doc__') return rt.share(obj.doc ?? rt.none);
  }
  if (obj instanceof PyCell && name === 'cell_contents') {
    if (obj.contents === null) throw new PythonError('ValueError', 'Cell is empty');
    return rt.share(obj.contents);
  }
  if (obj instanceof PySlice) return sliceAttribute(vm, obj, name);
  if (obj instanceof PyRange) {
    const member = rangeAttribute(vm, obj, name);
    if (member !== null) return member;
  }
  if (obj instanceof PyGenerator) {
    const state = obj.state;
    if (name === 'gi_running') return rt.newBool(state === GeneratorState.executing);
    if (name === 'gi_suspended') return rt.newBool(state === GeneratorState.suspended);
    if (name === 'gi_code') return rt.share(obj.code ?? rt.none);
    if (name === '__name__' && obj.name !== null) return rt.share(obj.name);
    if (name === '__qualname__' && obj.qualname !== null) return rt.share(obj.qualname);
    // The frame object, made on first request, until the generator finishes.
    if (name === 'gi_frame')
      return state >= GeneratorState.completed ? rt.share(rt.none) : rt.share(rt.frameObjectOf(obj.frame));
    return null;
  }
  if (obj instanceof PyFrame) {
    if (name === 'f_globals') return rt.share(obj.frame.globals ?? rt.none);
    if (name === 'f_code') return rt.share(obj.frame.code ?? rt.none);
    if (name === 'f_lineno') return rt.newInt(frameLineno(vm, obj));
    if (name === 'f_back') return frameBack(vm, obj);
    return null;
  }
  if (obj instanceof PyTraceback) {
    if (name === 'tb_frame') return rt.share(obj.frame ?? rt.none);
    if (name === 'tb_next') return rt.share(obj.next ?? rt.none);
    if (name === 'tb_lineno') return rt.newInt(obj.lineno);
    if (name === 'tb_lasti') return rt.newInt(obj.lasti);
    return null;
  }
  if (obj instanceof PyBaseException) {
    if (name === 'args') return rt.share(obj.args ?? rt.emptyTuple);
    if (name === '__traceback__') return rt.share(obj.traceback ?? rt.none);
    if (name === '__context__') return rt.share(obj.context ?? rt.none);
    if (name === '__cause__') return rt.share(obj.cause ?? rt.none);
    if (name === '__suppress_context__') return rt.newBool(obj.suppressContext);
    if (name === '__dict__') return rt.share(obj.getDict(rt));
    if (name === 'code' && obj.type.isSubtypeOf(rt.types.SystemExit)) {
      // SystemExit_init: the lone argument, else the whole args tuple (None without any).
      const args = obj.args?.items ?? [];
      return rt.share(args.length === 0 ? rt.none : args.length === 1 ? args[0] : (obj.args as PyObject));
    }
    const field = obj.fieldNames.includes(name) ? obj.getField(name) : null;
    if (field !== null) return rt.share(field);
    const value = obj.dict?.getByName(name) ?? null;
    return value === null ? null : rt.share(value);
  }
  return null;
}

/** The data members of a code object (`code_memberlist`) that scripts read. */
function codeAttribute(vm: Vm, code: PyCode, name: string): PyObject | null {
  const rt = vm.runtime;
  const member = (value: PyObject | null) => rt.share(value ?? rt.none);
  // get_localsplus_names: a new tuple on each access, as in 3.11. Only the free variables:
  // the compiler's localsplus order does not yet put cells after locals as CPython does, so
  // co_varnames and co_cellvars would come out wrong (they stay unavailable).
  switch (name) {
    case 'co_freevars': {
      const all = code.localsplusnames?.items ?? [];
      const kinds = code.localspluskinds?.value ?? new Uint8Array(0);
      return rt.newTuple(all.filter((_, i) => (kinds[i] & LocalKind.free) !== 0).map((n) => rt.share(n)));
    }
    case 'co_firstlineno':
      return rt.newInt(code.firstlineno);
    case 'co_name':
      return member(code.name);
    case 'co_qualname':
      return member(code.qualname);
    case 'co_filename':
      return member(code.filename);
    case 'co_argcount':
      return rt.newInt(code.argcount);
    case 'co_posonlyargcount':
      return rt.newInt(code.posonlyargcount);
    case 'co_kwonlyargcount':
      return rt.newInt(code.kwonlyargcount);
    case 'co_stacksize':
      return rt.newInt(code.stacksize);
    case 'co_flags':
      return rt.newInt(code.coFlags);
    case 'co_consts':
      return member(code.consts);
    case 'co_names':
      return member(code.names);
    default:
      return null;
  }
}

/** `type_getattro`: the MRO, with functions returned plain and classmethods bound to the class. */
function typeAttribute(vm: Vm, cls: PyType, name: string): PyObject | null {
  const rt = vm.runtime;
  if (name === '__name__') return rt.newStr(cls.name);
  if (name === '__qualname__') return rt.newStr(cls.name);
  if (name === '__module__' && !cls.isHeapType) return rt.newStr(cls.module);
  if (name === '__mro__' && cls.mro !== null) return rt.share(cls.mro);
  if (name === '__bases__' && cls.bases !== null) return rt.share(cls.bases);
  if (name === '__dict__' && cls.dict !== null) return rt.share(cls.dict);
  if (name === '__class__') return rt.share(cls.type);
  if (name === '__basicsize__') return rt.newInt(cls.basicsize);
  if (name === '__subclasses__') {
    // type.__subclasses__ bound to the class (a builtin method, like every method of `type`).
    const method = rt.newBuiltinFunction(name, null);
    method.implementation = {
      fn: (runtime, args) => {
        if (args.length > 0)
          throw new PythonError(
            'TypeError',
            `${cls.name}.__subclasses__() takes no arguments (${args.length} given)`,
          );
        return runtime.newList(runtime.subclassesOf(cls).map((sub) => runtime.share(sub)));
      },
    };
    return method;
  }
  if (name === '__itemsize__') return rt.newInt(cls.itemsize);
  const found = lookupSpecial(cls, name);
  if (found === null) {
    const native = nativeMethod(vm, cls, name);
    if (native === null) return genericAttributeMethod(vm, name, null);
    const method = rt.newBuiltinFunction(name, NATIVE_CLASS_METHODS.has(native) ? rt.share(cls) : null);
    method.implementation = {
      fn: NATIVE_CLASS_METHODS.has(native)
        ? (_runtime, args, kwargs) => native(vm, cls, args, kwargs)
        : (_runtime, args, kwargs) => native(vm, args[0], args.slice(1), kwargs),
    };
    return method;
  }
  if (isPythonDescriptor(found)) return descriptorGet(vm, found, null, cls);
  if (found instanceof PyFunctionWrapper && found.callable !== null) {
    if (found.type === rt.types.classmethod) return rt.newMethod(rt.share(found.callable), rt.share(cls));
    return rt.share(found.callable);
  }
  return rt.share(found);
}

/**
 * Does `setAttribute` store `name` on an instance (a `PyInstance`) of `type` straight into the
 * instance's attributes — no `__setattr__` of the class's own, no data descriptor (a property,
 * or an object whose class defines `__set__` or `__delete__`), no `__slots__`? The answer holds
 * while `typeLookupEpoch` does not move (a descriptor's class gaining `__set__` moves it too), so
 * a store site may cache it. Ruling out only properties once let a warm site skip `__set__`.
 */
export function storesPlainly(type: PyType, name: string): boolean {
  if (type.slotNames !== null || attributeHook(type, '__setattr__') !== null) return false;
  const attribute = lookupSpecial(type, name);
  return attribute === null || !(attribute instanceof PyProperty || isDataDescriptor(attribute));
}

/** `setattr(obj, name, value)` (`PyObject_SetAttr`): the class's `__setattr__`, if any; steals `value`. */
export function setAttribute(vm: Vm, obj: PyObject, name: PyStr, value: PyObject): void {
  const hook = attributeHook(obj.type, '__setattr__');
  if (hook === null) {
    setAttributeGenerically(vm, obj, name, value);
    return;
  }
  const rt = vm.runtime;
  rt.decref(callObject(vm, hook, [rt.share(obj), rt.share(name), value], null));
}

/** `object.__setattr__` (`PyObject_GenericSetAttr`, and `type`'s for classes); steals `value`. */
function setAttributeGenerically(vm: Vm, obj: PyObject, name: PyStr, value: PyObject): void {
  const rt = vm.runtime;
  if (obj.type.isHeapType && !(obj instanceof PyType) && setThroughDescriptor(vm, obj, name.value, value))
    return;
  if (obj instanceof PyInstance) {
    const descriptor = lookupSpecial(obj.type, name.value);
    if (descriptor instanceof PyProperty) {
      if (descriptor.fset === null) {
        rt.decref(value);
        throw new PythonError(
          'AttributeError',
          `property '${name.value}' of '${obj.type.name}' object has no setter`,
        );
      }
      rt.decref(callObject(vm, descriptor.fset, [rt.share(obj), value], null));
      return;
    }
    const slotNames = obj.type.slotNames;
    if (slotNames !== null && obj.slots !== null) {
      const index = slotNames.indexOf(name.value);
      if (index >= 0) {
        const old = obj.slots[index];
        obj.slots[index] = value;
        if (old !== null) rt.decref(old);
        return;
      }
      if (!obj.type.hasManagedDict && obj.dict === null) {
        rt.decref(value);
        throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name.value}'`);
      }
    }
    obj.setAttribute(rt, name, value);
    return;
  }
  if (obj instanceof PyDict && obj.slots !== null) {
    const index = obj.type.slotNames?.indexOf(name.value) ?? -1;
    if (index >= 0) {
      const old = obj.slots[index];
      obj.slots[index] = value;
      if (old !== null) rt.decref(old);
      return;
    }
  }
  if (obj instanceof PyType && obj.isHeapType && obj.dict !== null) {
    obj.dict.set(rt, rt.share(name), value);
    return;
  }
  if (obj instanceof PyModule && obj.dict !== null) {
    obj.dict.set(rt, rt.share(name), value);
    return;
  }
  if (obj instanceof PyFunction) {
    setFunctionAttribute(vm, obj, name, value);
    return;
  }
  if (obj instanceof PyBaseException) {
    if (setExceptionMember(vm, obj, name.value, value)) return;
    if (obj.dict === null) obj.dict = rt.newDictObject();
    (obj.dict as PyDict).set(rt, rt.share(name), value);
    return;
  }
  if (hasInstanceDict(obj)) {
    storeInstanceDictAttribute(vm, obj, name, value);
    return;
  }
  rt.decref(value);
  if (obj instanceof PySlice && SLICE_MEMBERS.includes(name.value))
    throw new PythonError('AttributeError', 'readonly attribute');
  if (obj instanceof PyType) {
    throw new PythonError(
      'TypeError',
      `cannot set '${name.value}' attribute of immutable type '${obj.name}'`,
    );
  }
  throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name.value}'`);
}

/** `delattr(obj, name)`: the class's `__delattr__`, if any. */
export function deleteAttribute(vm: Vm, obj: PyObject, name: PyStr): void {
  const hook = attributeHook(obj.type, '__delattr__');
  if (hook === null) {
    deleteAttributeGenerically(vm, obj, name);
    return;
  }
  const rt = vm.runtime;
  rt.decref(callObject(vm, hook, [rt.share(obj), rt.share(name)], null));
}

/** `object.__delattr__`. */
function deleteAttributeGenerically(vm: Vm, obj: PyObject, name: PyStr): void {
  const rt = vm.runtime;
  if (obj.type.isHeapType && !(obj instanceof PyType) && setThroughDescriptor(vm, obj, name.value, null))
    return;
  if (obj instanceof PyInstance) {
    const slotNames = obj.type.slotNames;
    const index = slotNames?.indexOf(name.value) ?? -1;
    if (index >= 0 && obj.slots !== null) {
      const old = obj.slots[index];
      if (old === null)
        throw new PythonError('AttributeError', `'${obj.type.name}' object has no attribute '${name.value}'`);
      obj.slots[index] = null;
      rt.decref(old);
      return;
    }
    obj.deleteAttribute(rt, name);
    return;
  }
  if (hasInstanceDict(obj)) {
    deleteInstanceDictAttribute(vm, obj, name);
    return;
  }
  const dict = obj instanceof PyType || obj instanceof PyModule ? obj.dict : null;
  if (dict instanceof PyDict && dict.get(name) !== null) {
    dict.delete(rt, name);
    return;
  }
  throw attributeError(obj, name.value);
}

/**
 * `obj.name = value` (`value` null: `del obj.name`) through a data descriptor of its class — a
 * Python-level one, or a property on an object that is not a plain instance (a tuple subclass's
 * field, which the instance path below does not see). Steals `value` when it returns true.
 */
function setThroughDescriptor(vm: Vm, obj: PyObject, name: string, value: PyObject | null): boolean {
  const rt = vm.runtime;
  const descriptor = lookupSpecial(obj.type, name);
  if (descriptor === null) return false;
  if (descriptor instanceof PyProperty && (value === null || !(obj instanceof PyInstance))) {
    const accessor = value === null ? descriptor.fdel : descriptor.fset;
    if (accessor === null) {
      if (value !== null) rt.decref(value);
      const what = value === null ? 'deleter' : 'setter';
      throw new PythonError(
        'AttributeError',
        `property '${name}' of '${obj.type.name}' object has no ${what}`,
      );
    }
    rt.decref(callObject(vm, accessor, value === null ? [rt.share(obj)] : [rt.share(obj), value], null));
    return true;
  }
  if (!(descriptor instanceof PyInstance) || !isDataDescriptor(descriptor)) return false;
  if (!descriptorSet(vm, descriptor, obj, value))
    throw new PythonError('AttributeError', value === null ? '__delete__' : '__set__');
  return true;
}

/**
 * `BaseException`'s getset members and a layout's fields (`OSError.errno`, …): set on the object,
 * not in its `__dict__`, so `exc.__traceback__ = tb` changes what a traceback prints (contextlib's
 * `__exit__` relies on it). Steals `value` when it returns true.
 */
function setExceptionMember(vm: Vm, exc: PyBaseException, name: string, value: PyObject): boolean {
  const rt = vm.runtime;
  const absent = value === rt.none ? null : value;
  const check = (ok: boolean, message: string) => {
    if (ok) return;
    rt.decref(value);
    throw new PythonError('TypeError', message);
  };
  if (name === '__traceback__') {
    check(absent === null || absent instanceof PyTraceback, '__traceback__ must be a traceback or None');
    exc.setTraceback(rt, absent);
  } else if (name === '__context__' || name === '__cause__') {
    const what = name === '__context__' ? 'context' : 'cause';
    check(
      absent === null || absent instanceof PyBaseException,
      `exception ${what} must be None or derive from BaseException`,
    );
    if (name === '__context__') exc.setContext(rt, absent);
    else exc.setCause(rt, absent);
  } else if (exc.fieldNames.includes(name)) {
    exc.setField(rt, name, value);
    return true;
  } else {
    return false;
  }
  if (absent === null) rt.decref(value);
  return true;
}

/** `func.attr = value`: the special names replace the function's own fields, others go to `__dict__`. */
function setFunctionAttribute(vm: Vm, fn: PyFunction, name: PyStr, value: PyObject): void {
  const rt = vm.runtime;
  const field = name.value;
  if (field === '__name__' || field === '__qualname__') {
    if (!(value instanceof PyStr)) {
      rt.decref(value);
      throw new PythonError('TypeError', `${field} must be set to a string object`);
    }
    const old = field === '__name__' ? fn.name : fn.qualname;
    if (field === '__name__') fn.name = value;
    else fn.qualname = value;
    rt.decref(old);
    return;
  }
  if (field === '__doc__' || field === '__module__') {
    const old = field === '__doc__' ? fn.doc : fn.module;
    if (field === '__doc__') fn.doc = value;
    else fn.module = value;
    if (old !== null) rt.decref(old);
    return;
  }
  fn.setAttribute(rt, name, value);
}
