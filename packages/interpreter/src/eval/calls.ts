import {
  type PyBaseException,
  PyCell,
  type PyDict,
  type PyFloat,
  PyFunction,
  PyFunctionWrapper,
  PyInstance,
  type PyInt,
  PyList,
  PyMethod,
  type PyObject,
  type PySet,
  PyStr,
  PyTuple,
  PyType,
  PythonError,
} from '@memkit/runtime';
import { type CompiledCode, Completion } from './compiled-code';
import { dictUpdateArg } from './dict-merge';
import { Frame } from './frame';
import { attachRun } from './generators';
import { iterate } from './iteration';
import { hasLength, length, lengthHint } from './lengths';
import { PyRaise, toPyException } from './raise';
import { initSet, newFrozenSetInstance, newSetInstance } from './set-construction';
import { lookupSpecial } from './special-methods';
import { addTracebackEntry } from './tracebacks';
import type { Vm } from './vm';

export type Kwargs = Map<string, PyObject> | null;

/**
 * `callable(*args, **kwargs)`. The callable is borrowed; the arguments are stolen: a Python
 * function moves them into its frame (as 3.11's CALL does), other callables borrow them for the
 * call and they are released after. Returns a new reference.
 */
export function callObject(vm: Vm, callable: PyObject, args: PyObject[], kwargs: Kwargs): PyObject {
  if (callable instanceof PyFunction) return callFunction(vm, callable, args, kwargs);
  const rt = vm.runtime;
  if (callable instanceof PyMethod) {
    const func = callable.func;
    if (func instanceof PyFunction)
      return callFunctionWithSelf(vm, func, rt.share(callable.self), args, kwargs);
    return callObject(vm, func, withFirst(rt.share(callable.self), args), kwargs);
  }
  if (callable instanceof PyType && callable.isHeapType) {
    return instantiate(vm, callable, args, kwargs);
  }
  if (callable instanceof PyInstance && callable.type.call === null) {
    const call = lookupSpecial(callable.type, '__call__');
    if (call !== null) return callObject(vm, call, withFirst(rt.share(callable), args), kwargs);
  }
  try {
    return rt.call(callable, args, kwargs);
  } finally {
    for (const arg of args) rt.decref(arg);
    if (kwargs !== null) for (const value of kwargs.values()) rt.decref(value);
  }
}

/** `callable(obj)` (`PyCallable_Check`): the builtin's answer, and what `atexit.register` demands. */
export function isCallable(obj: PyObject): boolean {
  return (
    obj instanceof PyFunction ||
    obj instanceof PyType ||
    obj.type.call !== null ||
    lookupSpecial(obj.type, '__call__') !== null
  );
}

/** `[first, ...rest]` without the spread's iterator protocol (on every method and `__init__` call). */
function withFirst(first: PyObject, rest: readonly PyObject[]): PyObject[] {
  const all = [first];
  for (let i = 0; i < rest.length; i++) all.push(rest[i]);
  return all;
}

/** Builtin types whose subclasses' instances memkit does not model yet (their values live in the object). */
const VALUE_BASES = ['int', 'float', 'complex', 'str', 'bytes', 'bytearray', 'set', 'frozenset'] as const;

/** `A(*args)`: `object.__new__` (or the exception base's), then `__init__` if the class has one. */
export function instantiate(vm: Vm, cls: PyType, args: PyObject[], kwargs: Kwargs): PyObject {
  const rt = vm.runtime;
  const init = lookupSpecial(cls, '__init__');
  const newHook = lookupSpecial(cls, '__new__');
  let instance: PyObject;
  if (newHook !== null) {
    // type_call: `__new__(cls, *args)`, then `__init__` only when it returned an instance of cls.
    const fn = newHook instanceof PyFunctionWrapper && newHook.callable !== null ? newHook.callable : newHook;
    const shareKwargs = () =>
      kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, rt.share(v)] as const));
    instance = callObject(vm, fn, [rt.share(cls), ...args.map((a) => rt.share(a))], shareKwargs());
    if (!instance.type.isSubtypeOf(cls) || init === null) {
      for (const arg of args) rt.decref(arg);
      if (kwargs !== null) for (const v of kwargs.values()) rt.decref(v);
      return instance;
    }
  } else if (derivesOnlyFromObject(vm, cls)) {
    // The commonest class: none of the builtin bases below is in its MRO (the same answer
    // their isSubtypeOf checks give, found in one pass).
    instance = newObjectInstance(vm, cls, init, args, kwargs);
  } else if (cls.isSubtypeOf(rt.types.BaseException)) {
    instance = rt.newException(cls, rt.newTuple(args.map((a) => rt.share(a))));
  } else if (cls.isSubtypeOf(rt.types.tuple)) {
    // tuple_new of the subtype; its __init__ (object's) takes the same arguments and ignores them.
    instance = newTupleInstance(vm, cls, args, false);
  } else if (cls.isSubtypeOf(rt.types.dict)) {
    instance = rt.newDictOfType(cls);
    if (init === null) {
      try {
        initDict(vm, instance as PyDict, args, kwargs);
      } catch (error) {
        rt.decref(instance);
        throw error;
      }
      return instance;
    }
  } else if (cls.isSubtypeOf(rt.types.int) && cls.slotNames === null) {
    // int.__new__ of the subtype; its __init__ (object's) ignores the same arguments.
    instance = newIntInstance(vm, cls, args, kwargs);
  } else if (cls.isSubtypeOf(rt.types.float) && !hasSlotStorage(cls)) {
    // float.__new__ of the subtype; its __init__ (object's) ignores the same arguments.
    instance = newFloatInstance(vm, cls, args, kwargs);
  } else if (cls.isSubtypeOf(rt.types.str) && cls.slotNames === null) {
    // str.__new__ of the subtype; its __init__ (object's) ignores the same arguments.
    instance = newStrInstance(vm, cls, args, kwargs);
  } else if (cls.isSubtypeOf(rt.types.set) && !hasSlotStorage(cls)) {
    // set_new makes it empty; set_init (unless the class has its own __init__) fills it.
    instance = newSetInstance(vm, cls);
    if (init === null) {
      try {
        initSet(vm, instance as PySet, args);
      } catch (error) {
        rt.decref(instance);
        throw error;
      }
      return instance;
    }
  } else if (cls.isSubtypeOf(rt.types.frozenset) && !hasSlotStorage(cls)) {
    // frozenset_new fills it; its __init__ (object's) ignores the same arguments.
    instance = newFrozenSetInstance(vm, cls, args);
  } else if (cls.isSubtypeOf(rt.types.list)) {
    instance = newListInstance(vm, cls);
    if (init === null) {
      try {
        initList(vm, instance as PyList, args);
      } catch (error) {
        rt.decref(instance);
        throw error;
      }
      return instance;
    }
  } else {
    const base = VALUE_BASES.find((name) => cls.isSubtypeOf(rt.types[name]));
    if (base !== undefined) {
      for (const arg of args) rt.decref(arg);
      // Refused rather than built as a plain instance with the wrong layout and behaviour.
      throw new PythonError(
        'NotImplementedError',
        base === 'int' || base === 'str' || base === 'float' || base === 'set' || base === 'frozenset'
          ? `memkit cannot make instances of ${cls.name} yet: it subclasses ${base} and has __slots__`
          : `memkit cannot make instances of ${cls.name} yet: it subclasses ${base}, and only subclasses of object, int, float, str, set, frozenset, dict, list and tuple are supported`,
      );
    }
    instance = newObjectInstance(vm, cls, init, args, kwargs);
  }
  return initialize(vm, instance, init, args, kwargs);
}

/** type_call's second half: `__init__(instance, *args)` if the class has one; `args` stolen. */
function initialize(
  vm: Vm,
  instance: PyObject,
  init: PyObject | null,
  args: PyObject[],
  kwargs: Kwargs,
): PyObject {
  const rt = vm.runtime;
  if (init === null) {
    for (const arg of args) rt.decref(arg);
    return instance;
  }
  try {
    const result =
      init instanceof PyFunction
        ? callFunctionWithSelf(vm, init, rt.share(instance), args, kwargs)
        : callObject(vm, init, withFirst(rt.share(instance), args), kwargs);
    if (result !== rt.none) {
      const type = result.type.name;
      rt.decref(result);
      throw new PythonError('TypeError', `__init__() should return None, not '${type}'`);
    }
    rt.decref(result);
  } catch (error) {
    rt.decref(instance);
    throw error;
  }
  return instance;
}

/**
 * If calling `callable` is `instantiate`'s commonest case — a class deriving from object through
 * Python classes only, no `__new__`, an `__init__` that is a Python function or none — its
 * `__init__` (borrowed) or null; undefined otherwise. The answer holds while `typeLookupEpoch`
 * does not move, so a call site may cache it and call `constructInstance` directly.
 */
export function plainConstructorInit(vm: Vm, callable: PyObject): PyFunction | null | undefined {
  if (!(callable instanceof PyType) || !callable.isHeapType) return undefined;
  const init = lookupSpecial(callable, '__init__');
  if (lookupSpecial(callable, '__new__') !== null || !derivesOnlyFromObject(vm, callable)) return undefined;
  if (init !== null && !(init instanceof PyFunction)) return undefined;
  return init;
}

/** `instantiate` for a class `plainConstructorInit` answered `init` for; `args` stolen. */
export function constructInstance(vm: Vm, cls: PyType, init: PyFunction | null, args: PyObject[]): PyObject {
  return initialize(vm, newObjectInstance(vm, cls, init, args, null), init, args, null);
}

/**
 * Is every class in `cls`'s MRO a Python class, but the final `object`? Then no builtin base
 * (exceptions, tuple, dict, int, str, list, the value types) is among them.
 */
function derivesOnlyFromObject(vm: Vm, cls: PyType): boolean {
  const mro = cls.mro;
  if (mro === null) return false;
  const object = vm.runtime.types.object;
  const items = mro.items;
  for (let i = 0; i < items.length; i++) {
    const type = items[i] as PyType;
    if (type !== object && !type.isHeapType) return false;
  }
  return true;
}

/**
 * `object.__new__(cls, *args)`: refuses arguments when the class has no `__init__` to take
 * them (releasing the positional ones first), else a new instance.
 */
function newObjectInstance(
  vm: Vm,
  cls: PyType,
  init: PyObject | null,
  args: PyObject[],
  kwargs: Kwargs,
): PyObject {
  const rt = vm.runtime;
  if (init === null && (args.length > 0 || (kwargs?.size ?? 0) > 0)) {
    for (const arg of args) rt.decref(arg);
    throw new PythonError('TypeError', `${cls.name}() takes no arguments`);
  }
  return rt.newInstance(cls);
}

/**
 * `int.__new__(cls, x=0, base=10)` for a subclass (`long_subtype_new`): the exact int first
 * (every conversion `int()` does), then an instance of cls with its digits. Borrows the arguments.
 */
export function newIntInstance(
  vm: Vm,
  cls: PyType,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyInt {
  const rt = vm.runtime;
  const exact = rt.call(rt.types.int, [...args], kwargs);
  try {
    if (cls === rt.types.int) return rt.share(exact as PyInt);
    return rt.newIntOfType(cls, (exact as PyInt).value);
  } finally {
    rt.decref(exact);
  }
}

/** Does a class or one of its bases declare named `__slots__` (storage memkit does not lay out)? */
function hasSlotStorage(cls: PyType): boolean {
  for (const t of (cls.mro as PyTuple).items) if ((t as PyType).slotNames?.length) return true;
  return false;
}

/**
 * `float.__new__(cls, x=0.0)` for a subclass (`float_subtype_new`): the exact float first (every
 * conversion `float()` does, from the free list when it can), then an instance of cls with its
 * value; the exact one is released. Borrows the arguments.
 */
export function newFloatInstance(
  vm: Vm,
  cls: PyType,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyFloat {
  const rt = vm.runtime;
  const exact = rt.call(rt.types.float, [...args], kwargs);
  try {
    if (cls === rt.types.float) return rt.share(exact as PyFloat);
    return rt.newFloatOfType(cls, (exact as PyFloat).value);
  } finally {
    rt.decref(exact);
  }
}

/**
 * `str.__new__(cls, object='', encoding, errors)` for a subclass (`unicode_subtype_new`): the
 * exact str first (every conversion `str()` does), then an instance of cls with a copy of its
 * characters. Borrows the arguments.
 */
export function newStrInstance(
  vm: Vm,
  cls: PyType,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyStr {
  const rt = vm.runtime;
  const exact = rt.call(rt.types.str, [...args], kwargs);
  try {
    if (cls === rt.types.str) return rt.share(exact as PyStr);
    return rt.newStrOfType(cls, (exact as PyStr).value);
  } finally {
    rt.decref(exact);
  }
}

/** `list.__new__(cls)`: an empty instance of cls (`__init__` fills it). */
export function newListInstance(vm: Vm, cls: PyType): PyList {
  const rt = vm.runtime;
  if ((cls.slotNames?.length ?? 0) > 0)
    throw new PythonError(
      'NotImplementedError',
      `memkit cannot make instances of ${cls.name} yet: it subclasses list and has __slots__`,
    );
  return cls === rt.types.list ? rt.newList() : rt.newListOfType(cls);
}

/**
 * `list.__init__(self, iterable=())`, steals `args`: drops the old items, preallocates exactly
 * for an iterable with a length, then `list_extend`.
 */
export function initList(vm: Vm, list: PyList, args: PyObject[]): void {
  const rt = vm.runtime;
  try {
    if (args.length > 1)
      throw new PythonError('TypeError', `list expected at most 1 argument, got ${args.length}`);
    if (list.itemsAddress !== 0 || list.size > 0) list.clearItems(rt);
    if (args.length > 0) fillList(vm, list, args[0]);
  } finally {
    for (const arg of args) rt.decref(arg);
  }
}

/**
 * `list___init__`'s filling of an empty list from `source` (borrowed): an exact list or tuple's
 * items copied; any other iterable with a `__len__` preallocated exactly, then `list_extend`
 * through its iterator (a subclass's own `__iter__` included).
 */
export function fillList(vm: Vm, list: PyList, source: PyObject): void {
  const rt = vm.runtime;
  if (
    (source instanceof PyList && source.type === rt.types.list) ||
    (source instanceof PyTuple && source.type === rt.types.tuple)
  ) {
    list.extendExact(
      rt,
      source.items.map((i) => rt.share(i)),
    );
    return;
  }
  const size = hasLength(vm, source) ? length(vm, source) : -1;
  if (size > 0) list.preallocateExact(rt, size);
  list.extendIter(rt, iterate(vm, source), size >= 0 ? size : lengthHint(vm, source));
}

/** `tuple.__new__(cls, iterable=())`; steals `args` when `own`, else borrows them. */
export function newTupleInstance(vm: Vm, cls: PyType, args: readonly PyObject[], own: boolean): PyTuple {
  const rt = vm.runtime;
  try {
    if (args.length > 1)
      throw new PythonError('TypeError', `tuple expected at most 1 argument, got ${args.length}`);
    const items = args.length === 0 ? [] : [...iterate(vm, args[0])];
    return rt.newTupleOfType(cls, items);
  } finally {
    if (own) for (const arg of args) rt.decref(arg);
  }
}

/** `dict.__init__(self, mapping_or_pairs=(), **kwargs)`: steals `args` and `kwargs`. */
export function initDict(vm: Vm, dict: PyDict, args: PyObject[], kwargs: Kwargs): void {
  const rt = vm.runtime;
  try {
    if (args.length > 1)
      throw new PythonError('TypeError', `dict expected at most 1 argument, got ${args.length}`);
    if (args[0] !== undefined) dictUpdateArg(vm, dict, args[0]);
    if (kwargs !== null) for (const [k, v] of kwargs) dict.set(rt, rt.newStr(k), rt.share(v));
  } finally {
    for (const arg of args) rt.decref(arg);
    if (kwargs !== null) for (const v of kwargs.values()) rt.decref(v);
  }
}

/** Runs a Python function: a new frame, arguments bound, cells made, the body run. */
export function callFunction(vm: Vm, fn: PyFunction, args: PyObject[], kwargs: Kwargs): PyObject {
  return callFunctionWithSelf(vm, fn, null, args, kwargs);
}

/**
 * `callFunction(fn, [self, ...args])` for bound methods and `__init__` (`self` stolen, or null
 * for none): when the call is exactly the positional parameters, `self` and the arguments go
 * straight into the frame's slots, without the intermediate array.
 */
export function callFunctionWithSelf(
  vm: Vm,
  fn: PyFunction,
  self: PyObject | null,
  args: PyObject[],
  kwargs: Kwargs,
): PyObject {
  const rt = vm.runtime;
  const code = compiledCodeOf(vm, fn);
  const frame = new Frame(vm, rt.share(fn), null, code, vm.frame);
  try {
    if (kwargs === null && code.exactArity === args.length + (self === null ? 0 : 1)) {
      const slots = frame.slots;
      let slot = 0;
      if (self !== null) slots[slot++] = self;
      for (let i = 0; i < args.length; i++) slots[slot++] = args[i];
    } else if (self === null) bindArguments(vm, frame, fn, args, kwargs);
    else bindArguments(vm, frame, fn, withFirst(self, args), kwargs);
  } catch (error) {
    frame.clear(rt);
    throw error;
  }
  if (code.hasCells) prepareCells(vm, frame, fn);
  if (code.generatorBody !== null) {
    // RETURN_GENERATOR: the frame moves into a generator object; the body runs on next().
    const gen = rt.newGenerator(frame);
    attachRun(gen, { frame, body: null, start: code.generatorBody, handling: [] });
    return gen;
  }
  return runFrame(vm, frame);
}

/** What runs `fn`'s code: cached on the code object by the program that compiled it. */
function compiledCodeOf(vm: Vm, fn: PyFunction): CompiledCode {
  const executor = fn.code.executor as CompiledCode | null;
  if (executor !== null && executor.owner === vm) return executor;
  return vm.codes.get(fn.code) as CompiledCode;
}

/** Runs a frame's body to completion; the frame is cleared whether it returns or raises. */
export function runFrame(vm: Vm, frame: Frame): PyObject {
  const rt = vm.runtime;
  if (vm.depth >= vm.recursionLimit) {
    frame.clear(rt);
    throw new PythonError('RecursionError', 'maximum recursion depth exceeded');
  }
  vm.depth++;
  vm.frame = frame;
  const events = rt.events;
  if (events.hasExecutionListeners) events.emitCall(frame.location);
  try {
    const completion = frame.compiled.body(frame);
    if (completion === Completion.return && frame.returnValue !== null) return frame.returnValue;
    return rt.share(rt.none);
  } catch (error) {
    let exception: PyBaseException;
    try {
      exception = toPyException(rt, error);
    } catch {
      // Out of JavaScript stack even for the conversion (V8 can then fail `instanceof` with a
      // TypeError): a shallower frame converts the original error instead.
      throw error;
    }
    addTracebackEntry(vm, exception, frame);
    throw new PyRaise(exception);
  } finally {
    if (events.hasExecutionListeners) events.emitReturn(frame.location);
    vm.depth--;
    vm.frame = frame.back;
    // A frame object outliving the call answers f_lineno with the line it ended on.
    const frameObject = frame.frameObject;
    if (frameObject !== null) frameObject.lineno = frame.lineno;
    frame.clear(rt);
  }
}

/** `initialize_locals`: positional, `*args`, keywords, `**kwargs` and defaults, CPython's errors. */
function bindArguments(vm: Vm, frame: Frame, fn: PyFunction, args: PyObject[], kwargs: Kwargs): void {
  const rt = vm.runtime;
  const { parameters } = frame.compiled;
  const slots = frame.slots;
  const positional = parameters.positional;
  const given = args.length;
  // The common call: exactly the positional parameters, nothing else to bind.
  if (
    kwargs === null &&
    given === positional.length &&
    parameters.varargs === null &&
    parameters.varkeywords === null &&
    parameters.keywordOnly.length === 0
  ) {
    for (let i = 0; i < given; i++) slots[i] = args[i];
    return;
  }
  const name = fn.qualname.value;
  let extra: PyObject[] = [];
  for (let i = 0; i < given; i++) {
    if (i < positional.length) slots[i] = args[i];
    else extra.push(args[i]);
  }
  let next = positional.length;
  if (parameters.varargs !== null) {
    slots[next++] = rt.newTuple(extra);
    extra = [];
  }
  if (extra.length > 0) {
    for (const value of extra) rt.decref(value);
    const plural = positional.length === 1 ? '' : 's';
    throw new PythonError(
      'TypeError',
      `${name}() takes ${positional.length} positional argument${plural} but ${given} ${given === 1 ? 'was' : 'were'} given`,
    );
  }
  const kwOnlyStart = next;
  next += parameters.keywordOnly.length;
  let varkw: PyDict | null = null;
  if (parameters.varkeywords !== null) {
    varkw = rt.newDict();
    slots[next] = varkw;
  }
  if (kwargs !== null) {
    for (const [key, value] of kwargs) {
      let index = positional.indexOf(key);
      if (index >= 0 && index < parameters.posonlyCount) index = -1;
      if (index < 0) {
        const k = parameters.keywordOnly.indexOf(key);
        if (k >= 0) index = kwOnlyStart + k;
      }
      if (index >= 0) {
        if (slots[index] !== null) {
          rt.decref(value);
          throw new PythonError('TypeError', `${name}() got multiple values for argument '${key}'`);
        }
        slots[index] = value;
      } else if (varkw !== null) {
        varkw.set(rt, rt.newStr(key), value);
      } else {
        rt.decref(value);
        throw new PythonError('TypeError', `${name}() got an unexpected keyword argument '${key}'`);
      }
    }
  }
  const defaults = fn.defaults?.items ?? [];
  const firstDefault = positional.length - defaults.length;
  const missing: string[] = [];
  for (let i = given; i < positional.length; i++) {
    if (slots[i] !== null) continue;
    if (i >= firstDefault) slots[i] = rt.share(defaults[i - firstDefault]);
    else missing.push(positional[i]);
  }
  if (missing.length > 0) throw missingArguments(name, missing, 'positional');
  const kwMissing: string[] = [];
  parameters.keywordOnly.forEach((key, k) => {
    const index = kwOnlyStart + k;
    if (slots[index] !== null) return;
    const fallback = fn.kwdefaults?.getByName(key) ?? null;
    if (fallback !== null) slots[index] = rt.share(fallback);
    else kwMissing.push(key);
  });
  if (kwMissing.length > 0) throw missingArguments(name, kwMissing, 'keyword-only');
}

function missingArguments(name: string, missing: string[], kind: string): PythonError {
  const quoted = missing.map((m) => `'${m}'`);
  const list =
    quoted.length === 1
      ? quoted[0]
      : `${quoted.slice(0, -1).join(', ')}${quoted.length > 2 ? ',' : ''} and ${quoted[quoted.length - 1]}`;
  const plural = missing.length === 1 ? '' : 's';
  return new PythonError(
    'TypeError',
    `${name}() missing ${missing.length} required ${kind} argument${plural}: ${list}`,
  );
}

/** `MAKE_CELL` for cell variables (wrapping a parameter's value) and `COPY_FREE_VARS`. */
export function prepareCells(vm: Vm, frame: Frame, fn: PyFunction): void {
  const rt = vm.runtime;
  const slots = frame.slots;
  for (const slot of frame.compiled.cellSlots) slots[slot] = rt.newCell(slots[slot]);
  const closure = fn.closure as PyTuple | null;
  frame.compiled.freeSlots.forEach((slot, i) => {
    const cell = closure?.items[i];
    if (cell instanceof PyCell) slots[slot] = rt.share(cell);
  });
}

/** The str of a keyword name, for building kwargs maps. */
export function keywordName(key: PyObject): string {
  return key instanceof PyStr ? key.value : String(key);
}
