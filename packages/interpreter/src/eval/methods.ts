import {
  asCInt,
  bitLength,
  estimatedLog2Keysize,
  GeneratorState,
  type PyBaseException,
  PyByteArray,
  PyBytes,
  PyDict,
  type PyGenerator,
  PyInt,
  PyList,
  type PyObject,
  type PyProperty,
  type PySet,
  PyStr,
  PyTraceback,
  PyTuple,
  PyType,
  PythonError,
  parseOptionalArgs,
  resizedCapacity,
} from '@memkit/runtime';
import {
  callObject,
  initDict,
  initList,
  newFloatInstance,
  newIntInstance,
  newListInstance,
  newStrInstance,
  newTupleInstance,
} from './calls';
import { dictUpdateArg } from './dict-merge';
import { newDictView } from './dict-views';
import { bytesOf, encodeText } from './encodings';
import { formatString } from './format-string';
import { closeGenerator, stepGenerator, stopIteration } from './generators';
import { iterate } from './iteration';
import { lengthHint } from './lengths';
import { equals, sortItems, truthy } from './operators';
import { keyError } from './raise';
import { initSet, newFrozenSetInstance, newSetInstance, updateSet } from './set-construction';
import {
  copySet,
  differenceMulti,
  differenceUpdate,
  intersectionMulti,
  intersectionUpdate,
  isDisjoint,
  isSubset,
  isSuperset,
  symmetricDifference,
  symmetricDifferenceUpdate,
  union,
} from './set-operations';
import { dictItem, sequenceItem, setSubscript } from './subscripts';
import { builtinRepr, str } from './text';
import { streamWrite } from './text-stream';
import type { Vm } from './vm';

/** A method of a builtin type: `self` and the arguments borrowed, the result a new reference. */
export type NativeMethod = (
  vm: Vm,
  self: PyObject,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
) => PyObject;

function none(vm: Vm): PyObject {
  return vm.runtime.share(vm.runtime.none);
}

function arity(name: string, args: readonly PyObject[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const what =
      min === max
        ? `takes exactly one argument (${args.length} given)`
        : `expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`;
    throw new PythonError(
      'TypeError',
      min === max && min === 0 ? `${name}() takes no arguments (${args.length} given)` : `${name}() ${what}`,
    );
  }
}

function index(value: PyObject): number {
  if (!(value instanceof PyInt)) {
    throw new PythonError('TypeError', `'${value.type.name}' object cannot be interpreted as an integer`);
  }
  return Number(value.value);
}

const LIST: Record<string, NativeMethod> = {
  /** `list.__new__(cls, *args)`: an empty instance of cls (filled by `__init__`). */
  __new__: (vm, cls) => newListInstance(vm, requireSubtype(vm, cls, vm.runtime.types.list, 'list')),
  /** `list.__init__(self, iterable=())`, for a subclass's `super().__init__(...)`. */
  __init__: (vm, self, args) => {
    initList(
      vm,
      self as PyList,
      args.map((a) => vm.runtime.share(a)),
    );
    return none(vm);
  },
  __repr__: (vm, self) => vm.runtime.newStr(builtinRepr(vm, self)),
  __getitem__: (vm, self, args) => sequenceItem(vm, self as PyList, args[0]),
  __len__: (vm, self) => vm.runtime.newInt((self as PyList).items.length),
  append: (vm, self, args) => {
    arity('list.append', args, 1, 1);
    (self as PyList).append(vm.runtime, vm.runtime.share(args[0]));
    return none(vm);
  },
  extend: (vm, self, args) => {
    arity('list.extend', args, 1, 1);
    const list = self as PyList;
    const source = args[0];
    if (source instanceof PyList || source instanceof PyTuple) {
      list.extendExact(
        vm.runtime,
        source.items.map((i) => vm.runtime.share(i)),
      );
    } else {
      list.extendIter(vm.runtime, iterate(vm, source), lengthHint(vm, source));
    }
    return none(vm);
  },
  insert: (vm, self, args) => {
    arity('list.insert', args, 2, 2);
    const list = self as PyList;
    let at = index(args[0]);
    if (at < 0) at = Math.max(0, at + list.size);
    list.insert(vm.runtime, Math.min(at, list.size), vm.runtime.share(args[1]));
    return none(vm);
  },
  pop: (vm, self, args) => {
    arity('pop', args, 0, 1);
    const list = self as PyList;
    if (list.size === 0) throw new PythonError('IndexError', 'pop from empty list');
    let at = args.length === 0 ? list.size - 1 : index(args[0]);
    if (at < 0) at += list.size;
    if (at < 0 || at >= list.size) throw new PythonError('IndexError', 'pop index out of range');
    return list.pop(vm.runtime, at);
  },
  clear: (vm, self) => {
    (self as PyList).clearItems(vm.runtime);
    return none(vm);
  },
  remove: (vm, self, args) => {
    arity('list.remove', args, 1, 1);
    const list = self as PyList;
    const at = list.items.findIndex((item) => equals(vm, item, args[0]));
    if (at < 0) throw new PythonError('ValueError', 'list.remove(x): x not in list');
    vm.runtime.decref(list.pop(vm.runtime, at));
    return none(vm);
  },
  index: (vm, self, args) => {
    const at = (self as PyList).items.findIndex((item) => equals(vm, item, args[0]));
    if (at < 0) throw new PythonError('ValueError', `${str(vm, args[0])} is not in list`);
    return vm.runtime.newInt(at);
  },
  count: (vm, self, args) =>
    vm.runtime.newInt((self as PyList).items.filter((i) => equals(vm, i, args[0])).length),
  copy: (vm, self) => vm.runtime.newList((self as PyList).items.map((i) => vm.runtime.share(i))),
  reverse: (vm, self) => {
    (self as PyList).items.reverse();
    return none(vm);
  },
  sort: (vm, self, _args, kwargs) => {
    const list = self as PyList;
    list.items = sortItems(
      vm,
      list.items,
      kwargs?.get('key') ?? null,
      kwargs?.get('reverse') === vm.runtime.true,
    );
    return none(vm);
  },
};

/**
 * Native methods that are classmethods (`dict.fromkeys`, `int.from_bytes`): looked up on a
 * class or an instance, they receive the class as `self`.
 */
export const NATIVE_CLASS_METHODS = new WeakSet<NativeMethod>();

function classMethod(method: NativeMethod): NativeMethod {
  NATIVE_CLASS_METHODS.add(method);
  return method;
}

/**
 * `_PyDict_FromKeys`: `cls()`, then each key set to `value`. An exact empty dict built from an
 * exact dict or set is first resized for its size (a set's keys are not treated as all-str).
 */
function dictFromKeys(vm: Vm, cls: PyObject, args: readonly PyObject[]): PyObject {
  arity('fromkeys', args, 1, 2);
  const rt = vm.runtime;
  const [iterable] = args;
  const value = args[1] ?? rt.none;
  const result = callObject(vm, cls, [], null);
  try {
    const exact = result instanceof PyDict && result.type === rt.types.dict;
    if (exact && result.used === 0) {
      if (iterable instanceof PyDict && iterable.type === rt.types.dict)
        result.resize(rt, estimatedLog2Keysize(iterable.used), iterable.keys?.unicode ?? true);
      else if (iterable.type === rt.types.set || iterable.type === rt.types.frozenset)
        result.resize(rt, estimatedLog2Keysize((iterable as PySet).size), false);
    }
    for (const key of iterate(vm, iterable)) {
      if (exact) result.set(rt, key, rt.share(value));
      else {
        try {
          setSubscript(vm, result, key, rt.share(value));
        } finally {
          rt.decref(key);
        }
      }
    }
  } catch (error) {
    rt.decref(result);
    throw error;
  }
  return result;
}

const DICT: Record<string, NativeMethod> = {
  fromkeys: classMethod((vm, cls, args) => dictFromKeys(vm, cls, args)),
  /** `dict.__new__(cls)`: an empty instance of cls (filled by `__init__`). */
  __new__: (vm, cls) => {
    const type = requireSubtype(vm, cls, vm.runtime.types.dict, 'dict');
    return type === vm.runtime.types.dict ? vm.runtime.newDict() : vm.runtime.newDictOfType(type);
  },
  __repr__: (vm, self) => vm.runtime.newStr(builtinRepr(vm, self)),
  // The builtin operations themselves, for a subclass calling past its own overrides.
  __getitem__: (vm, self, args) => dictItem(vm, self as PyDict, args[0]),
  __setitem__: (vm, self, args) => {
    (self as PyDict).set(vm.runtime, vm.runtime.share(args[0]), vm.runtime.share(args[1]));
    return none(vm);
  },
  __delitem__: (vm, self, args) => {
    const dict = self as PyDict;
    if (dict.get(args[0]) === null) throw keyError(vm.runtime, args[0]);
    dict.delete(vm.runtime, args[0]);
    return none(vm);
  },
  __contains__: (vm, self, args) => vm.runtime.newBool((self as PyDict).get(args[0]) !== null),
  __len__: (vm, self) => vm.runtime.newInt((self as PyDict).used),
  __init__: (vm, self, args, kwargs) => {
    const rt = vm.runtime;
    const shared = kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, rt.share(v)] as const));
    initDict(
      vm,
      self as PyDict,
      args.map((a) => rt.share(a)),
      shared,
    );
    return none(vm);
  },
  get: (vm, self, args) => {
    arity('get', args, 1, 2);
    const found = (self as PyDict).get(args[0]);
    return vm.runtime.share(found ?? args[1] ?? vm.runtime.none);
  },
  keys: (vm, self) => newDictView(vm, self as PyDict, 'keys'),
  values: (vm, self) => newDictView(vm, self as PyDict, 'values'),
  items: (vm, self) => newDictView(vm, self as PyDict, 'items'),
  clear: (vm, self) => {
    (self as PyDict).clearAll(vm.runtime);
    return none(vm);
  },
  pop: (vm, self, args) => {
    arity('pop', args, 1, 2);
    const dict = self as PyDict;
    const found = dict.get(args[0]);
    if (found === null) {
      if (args.length === 2) return vm.runtime.share(args[1]);
      throw keyError(vm.runtime, args[0]);
    }
    vm.runtime.incref(found);
    dict.delete(vm.runtime, args[0]);
    return found;
  },
  setdefault: (vm, self, args) => {
    const dict = self as PyDict;
    const found = dict.get(args[0]);
    if (found !== null) return vm.runtime.share(found);
    const value = args[1] ?? vm.runtime.none;
    dict.set(vm.runtime, vm.runtime.share(args[0]), vm.runtime.share(value));
    return vm.runtime.share(value);
  },
  update: (vm, self, args, kwargs) => {
    const dict = self as PyDict;
    const rt = vm.runtime;
    arity('update', args, 0, 1);
    if (args[0] !== undefined) dictUpdateArg(vm, dict, args[0]);
    for (const [k, v] of kwargs ?? []) dict.set(rt, rt.newStr(k), rt.share(v));
    return none(vm);
  },
  copy: (vm, self) => {
    const rt = vm.runtime;
    return rt.newDict([...(self as PyDict).entries()].map(([k, v]) => [rt.share(k), rt.share(v)] as const));
  },
};

/** The class a set method is defined on, as METH_O's arity error names it. */
function setKind(vm: Vm, self: PyObject): string {
  return self.type.isSubtypeOf(vm.runtime.types.set) ? 'set' : 'frozenset';
}

/** Methods frozenset shares with set (`frozenset_methods`): none of them mutates `self`. */
const SET_QUERIES: Record<string, NativeMethod> = {
  union: (vm, self, args) => union(vm, self as PySet, args),
  intersection: (vm, self, args) => intersectionMulti(vm, self as PySet, args),
  difference: (vm, self, args) => differenceMulti(vm, self as PySet, args),
  symmetric_difference: (vm, self, args) => {
    arity(`${setKind(vm, self)}.symmetric_difference`, args, 1, 1);
    return symmetricDifference(vm, self as PySet, args[0]);
  },
  issubset: (vm, self, args) => {
    arity(`${setKind(vm, self)}.issubset`, args, 1, 1);
    return vm.runtime.newBool(isSubset(vm, self as PySet, args[0]));
  },
  issuperset: (vm, self, args) => {
    arity(`${setKind(vm, self)}.issuperset`, args, 1, 1);
    return vm.runtime.newBool(isSuperset(vm, self as PySet, args[0]));
  },
  isdisjoint: (vm, self, args) => {
    arity(`${setKind(vm, self)}.isdisjoint`, args, 1, 1);
    return vm.runtime.newBool(isDisjoint(vm, self as PySet, args[0]));
  },
};

const FROZENSET: Record<string, NativeMethod> = {
  /** `frozenset.__new__(cls, iterable=())`. */
  __new__: (vm, cls, args) => {
    const type = requireSubtype(vm, cls, vm.runtime.types.frozenset, 'frozenset');
    return newFrozenSetInstance(vm, type, args);
  },
  ...SET_QUERIES,
  /** `frozenset_copy`: an exact frozenset is its own copy. */
  copy: (vm, self) =>
    self.type === vm.runtime.types.frozenset ? vm.runtime.share(self) : copySet(vm, self as PySet),
};

const SET: Record<string, NativeMethod> = {
  ...SET_QUERIES,
  copy: (vm, self) => copySet(vm, self as PySet),
  update: (vm, self, args) => {
    for (const other of args) updateSet(vm, self as PySet, other);
    return none(vm);
  },
  intersection_update: (vm, self, args) => {
    intersectionUpdate(vm, self as PySet, args);
    return none(vm);
  },
  difference_update: (vm, self, args) => {
    for (const other of args) differenceUpdate(vm, self as PySet, other);
    return none(vm);
  },
  symmetric_difference_update: (vm, self, args) => {
    arity(`${setKind(vm, self)}.symmetric_difference_update`, args, 1, 1);
    symmetricDifferenceUpdate(vm, self as PySet, args[0]);
    return none(vm);
  },
  /** `set.__new__(cls)` (empty, filled by `__init__`) / `frozenset.__new__(cls, iterable=())`. */
  __new__: (vm, cls, args) => {
    const type = requireSubtype(vm, cls, vm.runtime.types.object, 'set');
    return type.isSubtypeOf(vm.runtime.types.frozenset)
      ? newFrozenSetInstance(vm, type, args)
      : newSetInstance(vm, requireSubtype(vm, cls, vm.runtime.types.set, 'set'));
  },
  /** `set.__init__(self, iterable=())`, for a subclass's `super().__init__(...)`. */
  __init__: (vm, self, args) => {
    if (self.type.isSubtypeOf(vm.runtime.types.set)) {
      initSet(
        vm,
        self as PySet,
        args.map((a) => vm.runtime.share(a)),
      );
    }
    return none(vm);
  },
  add: (vm, self, args) => {
    (self as PySet).add(vm.runtime, vm.runtime.share(args[0]));
    return none(vm);
  },
  discard: (vm, self, args) => {
    (self as PySet).discard(vm.runtime, args[0]);
    return none(vm);
  },
  remove: (vm, self, args) => {
    if (!(self as PySet).discard(vm.runtime, args[0])) throw keyError(vm.runtime, args[0]);
    return none(vm);
  },
  pop: (_vm, self, args) => {
    arity('set.pop', args, 0, 0);
    return (self as PySet).pop();
  },
  clear: (vm, self) => {
    (self as PySet).clearAll(vm.runtime);
    return none(vm);
  },
};

function strSelf(self: PyObject): string {
  return (self as PyStr).value;
}

function strArg(_vm: Vm, value: PyObject, method: string): string {
  if (!(value instanceof PyStr)) {
    throw new PythonError('TypeError', `${method} arg must be None or str`);
  }
  return value.value;
}

const STR: Record<string, NativeMethod> = {
  encode: (vm, self, args, kwargs) => {
    const [encoding] = parseOptionalArgs('encode', ['encoding', 'errors'], args, kwargs);
    return vm.runtime.newBytes(encodeText((self as PyStr).value, encoding ?? undefined));
  },
  /** `str.__new__(cls, object='')`, for a subclass's `super().__new__(cls, value)`. */
  __new__: (vm, cls, args, kwargs) =>
    newStrInstance(vm, requireSubtype(vm, cls, vm.runtime.types.str, 'str'), args, kwargs),
  /** `str.__repr__(self)`, for a subclass's own `__repr__` to build on. */
  __repr__: (vm, self) => vm.runtime.newStr(builtinRepr(vm, self)),
  join: (vm, self, args) => {
    const parts: string[] = [];
    let i = 0;
    for (const item of iterate(vm, args[0])) {
      try {
        if (!(item instanceof PyStr)) {
          throw new PythonError(
            'TypeError',
            `sequence item ${i}: expected str instance, ${item.type.name} found`,
          );
        }
        parts.push(item.value);
      } finally {
        vm.runtime.decref(item);
      }
      i++;
    }
    return vm.runtime.newStr(parts.join(strSelf(self)));
  },
  upper: (vm, self) => vm.runtime.newStr(strSelf(self).toUpperCase()),
  lower: (vm, self) => vm.runtime.newStr(strSelf(self).toLowerCase()),
  strip: (vm, self, args) =>
    vm.runtime.newStr(
      args.length > 0 ? trimChars(strSelf(self), strArg(vm, args[0], 'strip'), 3) : strSelf(self).trim(),
    ),
  lstrip: (vm, self, args) =>
    vm.runtime.newStr(
      args.length > 0
        ? trimChars(strSelf(self), strArg(vm, args[0], 'lstrip'), 1)
        : strSelf(self).trimStart(),
    ),
  rstrip: (vm, self, args) =>
    vm.runtime.newStr(
      args.length > 0 ? trimChars(strSelf(self), strArg(vm, args[0], 'rstrip'), 2) : strSelf(self).trimEnd(),
    ),
  startswith: (vm, self, args) =>
    vm.runtime.newBool(strSelf(self).startsWith(strArg(vm, args[0], 'startswith'))),
  endswith: (vm, self, args) => vm.runtime.newBool(strSelf(self).endsWith(strArg(vm, args[0], 'endswith'))),
  replace: (vm, self, args) =>
    vm.runtime.newStr(
      strSelf(self)
        .split(strArg(vm, args[0], 'replace'))
        .join(strArg(vm, args[1], 'replace')),
    ),
  find: (vm, self, args) => vm.runtime.newInt(strSelf(self).indexOf(strArg(vm, args[0], 'find'))),
  count: (vm, self, args) => vm.runtime.newInt(strSelf(self).split(strArg(vm, args[0], 'count')).length - 1),
  split: (vm, self, args, kwargs) => splitMethod(vm, self, args, kwargs, 'split'),
  rsplit: (vm, self, args, kwargs) => splitMethod(vm, self, args, kwargs, 'rsplit'),
  isdigit: (vm, self) => vm.runtime.newBool(/^\d+$/.test(strSelf(self))),
  isalpha: (vm, self) => vm.runtime.newBool(/^\p{L}+$/u.test(strSelf(self))),
  format: (vm, self, args, kwargs) => vm.runtime.newStr(formatString(vm, strSelf(self), args, kwargs)),
};

/** CPython's `MAX_PREALLOC`: `split` preallocates at most 12 slots, then appends. */
const SPLIT_PREALLOC = 12;

/**
 * `str.split(sep=None, maxsplit=-1)` / `str.rsplit`: the parts in a list preallocated as
 * CPython's `PREALLOC_SIZE(maxsplit)` and grown by appends past it; a str that is not split
 * comes back as itself.
 */
function splitMethod(
  vm: Vm,
  self: PyObject,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
  name: 'split' | 'rsplit',
): PyObject {
  const rt = vm.runtime;
  const [sepArg, maxArg] = parseOptionalArgs(name, ['sep', 'maxsplit'], args, kwargs);
  const text = strSelf(self);
  const sep = sepArg === null || sepArg === rt.none ? null : strArg(vm, sepArg, name);
  if (sep === '') throw new PythonError('ValueError', 'empty separator');
  let maxsplit = maxArg === null ? -1 : asCInt(maxArg);
  if (maxsplit < 0) maxsplit = Number.MAX_SAFE_INTEGER;
  const parts = splitText(text, sep, maxsplit, name === 'rsplit');
  const prealloc = maxsplit >= SPLIT_PREALLOC ? SPLIT_PREALLOC : maxsplit + 1;
  let capacity = prealloc;
  for (let n = prealloc; n < parts.length; n++) capacity = resizedCapacity(capacity, n, n + 1);
  const items = parts.map((p) => (parts.length === 1 && p === text ? rt.share(self) : rt.newStr(p)));
  return rt.newList(items, capacity);
}

function splitText(text: string, sep: string | null, maxsplit: number, fromRight: boolean): string[] {
  if (sep === null) {
    const words = text.split(/\s+/).filter((p) => p !== '');
    if (words.length <= maxsplit + 1) return words;
    // The rest keeps its whitespace, except what borders the split words.
    const pattern = fromRight ? /\s*(\S+)\s*$/ : /^\s*(\S+)\s*/;
    const taken: string[] = [];
    let rest = text;
    for (let i = 0; i < maxsplit; i++) {
      const match = pattern.exec(rest) as RegExpExecArray;
      taken.push(match[1]);
      rest = fromRight ? rest.slice(0, match.index) : rest.slice(match[0].length);
    }
    return fromRight ? [rest, ...taken.reverse()] : [...taken, rest];
  }
  const all = text.split(sep);
  if (all.length <= maxsplit + 1) return all;
  if (fromRight) return [all.slice(0, all.length - maxsplit).join(sep), ...all.slice(all.length - maxsplit)];
  return [...all.slice(0, maxsplit), all.slice(maxsplit).join(sep)];
}

function trimChars(text: string, chars: string, sides: number): string {
  let start = 0;
  let end = text.length;
  if (sides & 1) while (start < end && chars.includes(text[start])) start++;
  if (sides & 2) while (end > start && chars.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

const FLOAT: Record<string, NativeMethod> = {
  /** `float.__new__(cls, x=0.0)`, for a subclass's `super().__new__(cls, value)`. */
  __new__: (vm, cls, args, kwargs) =>
    newFloatInstance(vm, requireSubtype(vm, cls, vm.runtime.types.float, 'float'), args, kwargs),
};

const INT: Record<string, NativeMethod> = {
  /** `int.__new__(cls, x=0, base=10)`, for a subclass's `super().__new__(cls, value)`. */
  __new__: (vm, cls, args, kwargs) =>
    newIntInstance(vm, requireSubtype(vm, cls, vm.runtime.types.int, 'int'), args, kwargs),
  to_bytes: (vm, self, args, kwargs) => {
    const [length, order, signed] = parseOptionalArgs(
      'to_bytes',
      ['length', 'byteorder', 'signed'],
      args,
      kwargs,
    );
    // Argument Clinic's `signed: bool` converts with PyObject_IsTrue while parsing.
    const isSigned = signed !== null && truthy(vm, signed);
    const n = length === null ? 1 : Number((length as PyInt).value);
    if (n < 0) throw new PythonError('ValueError', 'length argument must be non-negative');
    return vm.runtime.newBytes(intToBytes(BigInt((self as PyInt).value), n, byteOrder(order), isSigned));
  },
  from_bytes: classMethod((vm, cls, args, kwargs) => {
    const [source, order, signed] = parseOptionalArgs(
      'from_bytes',
      ['bytes', 'byteorder', 'signed'],
      args,
      kwargs,
    );
    if (source === null)
      throw new PythonError('TypeError', "from_bytes() missing required argument 'bytes' (pos 1)");
    const isSigned = signed !== null && truthy(vm, signed);
    const endianness = byteOrder(order);
    const bytes = Array.from(bytesOf(vm, source));
    const ordered = endianness === 'big' ? bytes : bytes.reverse();
    let value = 0n;
    for (const b of ordered) value = (value << 8n) | BigInt(b);
    if (isSigned && ordered.length > 0 && ordered[0] >= 0x80) value -= 1n << BigInt(8 * ordered.length);
    if (cls !== vm.runtime.types.int) return callObject(vm, cls, [vm.runtime.newInt(value)], null);
    return vm.runtime.newInt(value);
  }),
  bit_length: (vm, self) => {
    return vm.runtime.newInt(bitLength(BigInt((self as PyInt).value)));
  },
};

/** `int.to_bytes`/`int.from_bytes`' `byteorder` (3.11 defaults it to 'big'). */
function byteOrder(value: PyObject | null): 'big' | 'little' {
  if (value === null) return 'big';
  const order = value instanceof PyStr ? value.value : '';
  if (order !== 'big' && order !== 'little')
    throw new PythonError('ValueError', "byteorder must be either 'little' or 'big'");
  return order;
}

/** The bytes an int needs in two's complement (`signed`) or unsigned. */
function intToBytes(value: bigint, length: number, order: 'big' | 'little', signed: boolean): Uint8Array {
  if (value < 0n && !signed) throw new PythonError('OverflowError', "can't convert negative int to unsigned");
  const limit = 1n << BigInt(8 * length);
  const fits = signed ? value >= -(limit >> 1n) && value < limit >> 1n : value < limit;
  if (!fits) throw new PythonError('OverflowError', 'int too big to convert');
  let rest = value < 0n ? value + limit : value;
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return order === 'big' ? out : out.reverse();
}

const TUPLE: Record<string, NativeMethod> = {
  __getitem__: (vm, self, args) => sequenceItem(vm, self as PyTuple, args[0]),
  __len__: (vm, self) => vm.runtime.newInt((self as PyTuple).items.length),
  /** `tuple.__new__(cls, iterable=())`. */
  __new__: (vm, cls, args) => {
    const type = requireSubtype(vm, cls, vm.runtime.types.tuple, 'tuple');
    return newTupleInstance(vm, type, args, false);
  },
  count: (vm, self, args) =>
    vm.runtime.newInt((self as PyTuple).items.filter((i) => equals(vm, i, args[0])).length),
  index: (vm, self, args) => {
    const at = (self as PyTuple).items.findIndex((i) => equals(vm, i, args[0]));
    if (at < 0) throw new PythonError('ValueError', 'tuple.index(x): x not in tuple');
    return vm.runtime.newInt(at);
  },
};

const BYTES: Record<string, NativeMethod> = {
  /** `sep.join(iterable)`: every item must be bytes-like (bytes or bytearray). */
  join: (vm, self, args) => {
    arity('join', args, 1, 1);
    const rt = vm.runtime;
    const parts: Uint8Array[] = [];
    let index = 0;
    for (const item of iterate(vm, args[0])) {
      const bytes =
        item instanceof PyBytes
          ? item.value
          : item instanceof PyByteArray
            ? item.data.subarray(0, item.size)
            : null;
      rt.decref(item);
      if (bytes === null)
        throw new PythonError(
          'TypeError',
          `sequence item ${index}: expected a bytes-like object, ${item.type.name} found`,
        );
      parts.push(bytes);
      index++;
    }
    const sep = (self as PyBytes).value;
    const total = parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1);
    const out = new Uint8Array(total);
    let at = 0;
    parts.forEach((p, i) => {
      if (i > 0) {
        out.set(sep, at);
        at += sep.length;
      }
      out.set(p, at);
      at += p.length;
    });
    return rt.newBytes(out);
  },
};

const BYTEARRAY: Record<string, NativeMethod> = {
  append: (vm, self, args) => {
    arity('bytearray.append', args, 1, 1);
    const byte = index(args[0]);
    if (byte < 0 || byte > 255) throw new PythonError('ValueError', 'byte must be in range(0, 256)');
    (self as PyByteArray).append(vm.runtime, byte);
    return none(vm);
  },
};

/**
 * `property_copy`: `@x.setter` and friends make a new property with one accessor replaced. A
 * docstring the old one took from its getter is taken again from the (new) getter.
 */
function copyProperty(vm: Vm, self: PyObject, accessor: 'fget' | 'fset' | 'fdel', value: PyObject): PyObject {
  const rt = vm.runtime;
  const old = self as PyProperty;
  const pick = (field: 'fget' | 'fset' | 'fdel') => {
    const chosen = field === accessor ? value : old[field];
    return chosen === null ? null : rt.share(chosen);
  };
  const fget = pick('fget');
  const doc = old.getterDoc && fget !== null && fget !== rt.none ? null : old.doc;
  const copy = rt.newProperty(fget, pick('fset'), pick('fdel'), doc === null ? null : rt.share(doc));
  if (old.name !== null) copy.name = rt.share(old.name);
  return copy;
}

const PROPERTY: Record<string, NativeMethod> = {
  getter: (vm, self, args) => {
    arity('getter', args, 1, 1);
    return copyProperty(vm, self, 'fget', args[0]);
  },
  setter: (vm, self, args) => {
    arity('setter', args, 1, 1);
    return copyProperty(vm, self, 'fset', args[0]);
  },
  deleter: (vm, self, args) => {
    arity('deleter', args, 1, 1);
    return copyProperty(vm, self, 'fdel', args[0]);
  },
};

const EXCEPTION: Record<string, NativeMethod> = {
  /** `exc.with_traceback(tb)`: sets `__traceback__` and returns the exception itself. */
  with_traceback: (vm, self, args) => {
    arity('with_traceback', args, 1, 1);
    const rt = vm.runtime;
    const tb = args[0];
    if (tb !== rt.none && !(tb instanceof PyTraceback))
      throw new PythonError('TypeError', '__traceback__ must be a traceback or None');
    (self as PyBaseException).setTraceback(rt, tb === rt.none ? null : rt.share(tb));
    return rt.share(self);
  },
};

const GENERATOR: Record<string, NativeMethod> = {
  send: (vm, self, args) => {
    arity('send', args, 1, 1);
    const gen = self as PyGenerator;
    if (gen.state === GeneratorState.created && args[0] !== vm.runtime.none) {
      throw new PythonError('TypeError', "can't send non-None value to a just-started generator");
    }
    const step = stepGenerator(vm, gen, vm.runtime.share(args[0]));
    if (step.done) throw stopIteration(vm, step.value);
    return step.value;
  },
  __next__: (vm, self) => {
    const step = stepGenerator(vm, self as PyGenerator, null);
    if (step.done) throw stopIteration(vm, step.value);
    return step.value;
  },
  throw: (vm, self, args) => {
    arity('throw', args, 1, 3);
    const step = stepGenerator(vm, self as PyGenerator, null, thrownException(vm, args));
    if (step.done) throw stopIteration(vm, step.value);
    return step.value;
  },
  close: (vm, self) => {
    closeGenerator(vm, self as PyGenerator);
    return none(vm);
  },
};

/**
 * `gen.throw(type[, value[, tb]])` / `gen.throw(instance)`: the exception to raise at the
 * paused `yield` (a new reference), with `_gen_throw`'s argument errors.
 */
function thrownException(vm: Vm, args: readonly PyObject[]): PyBaseException {
  const rt = vm.runtime;
  const [type, value] = args;
  const given = value !== undefined && value !== rt.none ? value : null;
  if (type instanceof PyType && type.isSubtypeOf(rt.types.BaseException)) {
    if (given?.type.isSubtypeOf(type)) return rt.share(given) as PyBaseException;
    const made = rt.call(type, given === null ? [] : given instanceof PyTuple ? given.items : [given]);
    return made as PyBaseException;
  }
  if (type.type.isSubtypeOf(rt.types.BaseException)) {
    if (given !== null)
      throw new PythonError('TypeError', 'instance exception may not have a separate value');
    return rt.share(type) as PyBaseException;
  }
  throw new PythonError(
    'TypeError',
    `exceptions must be classes or instances deriving from BaseException, not ${type.type.name}`,
  );
}

/** Methods every object has (`object`'s). */
/** The class a builtin `__new__` was called with, checked as CPython's `tp_new` wrappers do. */
function requireSubtype(vm: Vm, cls: PyObject, base: PyType, name: string): PyType {
  if (!(cls instanceof PyType))
    throw new PythonError('TypeError', `${name}.__new__(X): X is not a type object (${cls.type.name})`);
  if (!cls.isSubtypeOf(base))
    throw new PythonError(
      'TypeError',
      `${name}.__new__(${cls.name}): ${cls.name} is not a subtype of ${name}`,
    );
  void vm;
  return cls;
}

const OBJECT: Record<string, NativeMethod> = {
  /** `object.__new__(cls)`: a plain instance; builtin layouts need their own `__new__`. */
  __new__: (vm, cls) => {
    const rt = vm.runtime;
    const type = requireSubtype(vm, cls, rt.types.object, 'object');
    for (const base of [rt.types.tuple, rt.types.dict])
      if (type.isSubtypeOf(base))
        throw new PythonError(
          'TypeError',
          `object.__new__(${type.name}) is not safe, use ${base.name}.__new__()`,
        );
    return rt.newInstance(type);
  },
  __sizeof__: (vm, self) => vm.runtime.newInt(self.sizeof()),
};

const TEXT_STREAM: Record<string, NativeMethod> = {
  write: (vm, self, args) => streamWrite(vm, self, args),
  // The sinks are unbuffered: there is nothing to flush.
  flush: (vm, _self, args) => {
    arity('flush', args, 0, 0);
    return none(vm);
  },
};

const tablesByRuntime = new WeakMap<object, Map<PyType, Record<string, NativeMethod>>>();

/** Each builtin type's method table, per runtime (the types are per runtime). */
function methodTables(vm: Vm): Map<PyType, Record<string, NativeMethod>> {
  let tables = tablesByRuntime.get(vm.runtime);
  if (tables === undefined) {
    const t = vm.runtime.types;
    tables = new Map<PyType, Record<string, NativeMethod>>([
      [t.list, LIST],
      [t.dict, DICT],
      [t.set, SET],
      [t.frozenset, FROZENSET],
      [t.str, STR],
      [t.int, INT],
      [t.float, FLOAT],
      [t.tuple, TUPLE],
      [t.bytearray, BYTEARRAY],
      [t.bytes, BYTES],
      [t.generator, GENERATOR],
      [t.property, PROPERTY],
      [t.BaseException, EXCEPTION],
      [vm.types.textStream, TEXT_STREAM],
    ]);
    tablesByRuntime.set(vm.runtime, tables);
  }
  return tables;
}

/** The native method `name` of a builtin type (walking its bases), or null. */
export function nativeMethod(vm: Vm, type: PyType, name: string): NativeMethod | null {
  const tables = methodTables(vm);
  for (let cls: PyType | null = type; cls !== null; cls = cls.base) {
    const table = tables.get(cls);
    if (table !== undefined && Object.hasOwn(table, name)) return table[name];
  }
  return Object.hasOwn(OBJECT, name) ? OBJECT[name] : null;
}
