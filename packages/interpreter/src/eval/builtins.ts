import {
  hashObject,
  type ModuleDefinition,
  type NativeFunctionSpec,
  newZeroBytes,
  PyByteArray,
  PyBytes,
  PyDict,
  PyFloat,
  PyGenerator,
  PyInstance,
  PyInt,
  PyList,
  type PyObject,
  PyStr,
  PyTuple,
  PyType,
  PythonError,
} from '@memkit/runtime';
import { deleteAttribute, findAttribute, getAttribute, setAttribute } from './attributes';
import { callObject, fillList, isCallable } from './calls';
import { typeFromNamespace } from './classes';
import { dictUpdateArg } from './dict-merge';
import { byteValues, encodeText } from './encodings';
import { execSource, sourceText } from './exec';
import { formatValue } from './format';
import { stepGenerator, stopIteration } from './generators';
import { getIterator, iterate, nextItem } from './iteration';
import { length } from './lengths';
import { NativeIterator } from './native-iterators';
import { binaryOp, compareBool, sortItems, truthy } from './operators';
import { PyRaise, toPyException } from './raise';
import { constructRange } from './range-object';
import { initSet, newFrozenSetInstance } from './set-construction';
import { constructSlice } from './slice-object';
import { callSpecial } from './special-methods';
import { asciiRepr, repr, str } from './text';
import { PyTextStream, writeToFile } from './text-stream';
import type { Vm } from './vm';

type Args = readonly PyObject[];
type Kw = ReadonlyMap<string, PyObject> | null;

function arity(name: string, args: Args, min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  if (min === max && min === 1) {
    throw new PythonError('TypeError', `${name}() takes exactly one argument (${args.length} given)`);
  }
  if (args.length < min) {
    throw new PythonError(
      'TypeError',
      `${name} expected ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
  throw new PythonError(
    'TypeError',
    `${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`,
  );
}

function toInt(value: PyObject): number | bigint {
  if (value instanceof PyInt) return value.value;
  throw new PythonError('TypeError', `'${value.type.name}' object cannot be interpreted as an integer`);
}

function parseIntText(text: string, base: number): number | bigint {
  const clean = text.trim().replace(/_/g, '');
  const valid = base === 10 ? /^[+-]?\d+$/ : /^[+-]?[0-9a-z]+$/i;
  if (!valid.test(clean)) {
    throw new PythonError(
      'ValueError',
      `invalid literal for int() with base ${base}: ${JSON.stringify(text).replace(/"/g, "'")}`,
    );
  }
  const negative = clean.startsWith('-');
  const digits = clean.replace(/^[+-]/, '');
  let value = 0n;
  for (const ch of digits) value = value * BigInt(base) + BigInt(Number.parseInt(ch, base));
  if (negative) value = -value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function parseFloatText(text: string): number {
  const clean = text.trim().toLowerCase();
  if (clean === 'inf' || clean === '+inf' || clean === 'infinity') return Number.POSITIVE_INFINITY;
  if (clean === '-inf' || clean === '-infinity') return Number.NEGATIVE_INFINITY;
  if (clean === 'nan' || clean === '+nan' || clean === '-nan') return Number.NaN;
  const value = Number(clean.replace(/_/g, ''));
  if (clean === '' || Number.isNaN(value))
    throw new PythonError('ValueError', `could not convert string to float: '${text}'`);
  return value;
}

/** The builtin types' constructors (`tp_new`), installed on the runtime's static types. */
function installConstructors(vm: Vm): void {
  const rt = vm.runtime;
  const t = rt.types;
  t.int.construct = (_rt, _cls, args) => {
    arity('int', args, 0, 2);
    if (args.length === 0) return rt.newInt(0);
    const [x, base] = args;
    if (x instanceof PyStr)
      return rt.newInt(parseIntText(x.value, base === undefined ? 10 : Number(toInt(base))));
    if (x instanceof PyInt) return rt.newInt(x.value);
    if (x instanceof PyFloat) {
      if (!Number.isFinite(x.value))
        throw new PythonError('OverflowError', 'cannot convert float infinity to integer');
      const truncated = BigInt(Math.trunc(x.value));
      return rt.newInt(Number.isSafeInteger(Number(truncated)) ? Number(truncated) : truncated);
    }
    throw new PythonError(
      'TypeError',
      `int() argument must be a string, a bytes-like object or a real number, not '${x.type.name}'`,
    );
  };
  t.float.construct = (_rt, _cls, args) => {
    arity('float', args, 0, 1);
    if (args.length === 0) return rt.newFloat(0);
    const [x] = args;
    // PyNumber_Float: an exact float itself, a float subclass's value as an exact float.
    if (x instanceof PyFloat) return x.type === rt.types.float ? rt.share(x) : rt.newFloat(x.value);
    if (x instanceof PyInt) return rt.newFloat(Number(x.value));
    if (x instanceof PyStr) return rt.newFloat(parseFloatText(x.value));
    throw new PythonError(
      'TypeError',
      `float() argument must be a string or a real number, not '${x.type.name}'`,
    );
  };
  t.complex.construct = (_rt, _cls, args) => {
    const [re, im] = args.map((a) => (a instanceof PyFloat || a instanceof PyInt ? Number(a.value) : 0));
    return rt.newComplex(re ?? 0, im ?? 0);
  };
  t.str.construct = (_rt, _cls, args) => {
    arity('str', args, 0, 3);
    return args.length === 0
      ? rt.newStr('')
      : args[0] instanceof PyStr && args[0].type === rt.types.str
        ? rt.share(args[0])
        : args[0] instanceof PyInt && args[0].type === rt.types.int
          ? rt.newStrUnshared(String(args[0].value)) // long_to_decimal_string: never a singleton
          : rt.newStr(str(vm, args[0]));
  };
  t.bool.construct = (_rt, _cls, args) => rt.newBool(args.length > 0 && truthy(vm, args[0]));
  t.list.construct = (_rt, _cls, args) => {
    arity('list', args, 0, 1);
    const list = rt.newList();
    if (args.length > 0) fillList(vm, list, args[0]);
    return list;
  };
  t.tuple.construct = (_rt, _cls, args) => {
    arity('tuple', args, 0, 1);
    if (args.length === 0) return rt.share(rt.emptyTuple);
    if (args[0] instanceof PyTuple) return rt.share(args[0]);
    return rt.newTuple([...iterate(vm, args[0])]);
  };
  t.set.construct = (_rt, _cls, args) => {
    const set = rt.newSet();
    initSet(
      vm,
      set,
      args.map((a) => rt.share(a)),
    );
    return set;
  };
  t.frozenset.construct = (_rt, _cls, args) => newFrozenSetInstance(vm, rt.types.frozenset, args);
  t.dict.construct = (_rt, _cls, args, kwargs) => {
    if (args.length > 1)
      throw new PythonError('TypeError', `dict expected at most 1 argument, got ${args.length}`);
    const dict = rt.newDict();
    try {
      if (args[0] !== undefined) dictUpdateArg(vm, dict, args[0]);
    } catch (error) {
      rt.decref(dict);
      throw error;
    }
    for (const [k, v] of kwargs ?? []) dict.set(rt, rt.newStr(k), rt.share(v));
    return dict;
  };
  t.range.construct = (_rt, _cls, args) => constructRange(vm, args);
  t.slice.construct = (_rt, _cls, args) => constructSlice(rt, args);
  // bytes_new / bytearray_init: a str needs an encoding, an int gives zeros, other iterables
  // give their ints (each in range(256)).
  const stringArgument = (x: PyObject | undefined, encoding: PyObject | undefined): Uint8Array | null => {
    if (x instanceof PyStr) {
      if (encoding === undefined) throw new PythonError('TypeError', 'string argument without an encoding');
      return encodeText(x.value, encoding);
    }
    if (encoding !== undefined) throw new PythonError('TypeError', 'encoding without a string argument');
    return null;
  };
  t.bytes.construct = (_rt, _cls, args) => {
    const [x, encoding] = args;
    if (x === undefined) return rt.newBytes(new Uint8Array(0));
    const encoded = stringArgument(x, encoding);
    if (encoded !== null) return rt.newBytes(encoded);
    if (x instanceof PyInt) return newZeroBytes(rt, x.value, false);
    if (x instanceof PyBytes) return rt.share(x);
    if (x instanceof PyByteArray) return rt.newBytes(x.bytes().slice());
    return rt.newBytes(byteValues(vm, x, 'bytes'));
  };
  t.bytearray.construct = (_rt, _cls, args) => {
    const [x, encoding] = args;
    if (x === undefined) return rt.newByteArray();
    const encoded = stringArgument(x, encoding);
    if (encoded !== null) return rt.newByteArray(encoded);
    if (x instanceof PyInt) return newZeroBytes(rt, x.value, true);
    if (x instanceof PyBytes) return rt.newByteArray(x.value);
    if (x instanceof PyByteArray) return rt.newByteArray(x.bytes());
    // 3.11's fast path sizes the buffer for an exact list or tuple of ints at once; any other
    // iterable grows it a byte at a time.
    const values = byteValues(vm, x, 'byte');
    if (x.type === t.list || x.type === t.tuple) return rt.newByteArray(values);
    const grown = rt.newByteArray();
    for (const value of values) grown.append(rt, value);
    return grown;
  };
  t.object.construct = (_rt, _cls, args) => {
    arity('object', args, 0, 0);
    return rt.newInstance(t.object);
  };
  t.type.construct = (_rt, _cls, args) => {
    if (args.length === 1) return rt.share(args[0].type);
    if (args.length === 3) return typeFromNamespace(vm, args);
    throw new PythonError('TypeError', 'type() takes 1 or 3 arguments');
  };
  t.module.construct = (_rt, _cls, args) => {
    const name = args[0];
    if (!(name instanceof PyStr))
      throw new PythonError('TypeError', 'module.__init__() argument 1 must be str');
    return rt.newModule(rt.share(name), args[1] === undefined ? null : rt.share(args[1]));
  };
  t.staticmethod.construct = (_rt, _cls, args) => rt.newStaticMethod(rt.share(args[0]));
  t.classmethod.construct = (_rt, _cls, args) => rt.newClassMethod(rt.share(args[0]));
  t.property.construct = (_rt, _cls, args, kwargs) => {
    const pick = (i: number, name: string) => {
      const v = args[i] ?? kwargs?.get(name) ?? null;
      return v === null ? null : rt.share(v);
    };
    return rt.newProperty(pick(0, 'fget'), pick(1, 'fset'), pick(2, 'fdel'), pick(3, 'doc'));
  };
  const exceptionConstruct = (_r: unknown, cls: PyObject, args: Args) =>
    rt.newException(cls as PyType, rt.newTuple(args.map((a) => rt.share(a))));
  for (const type of Object.values(t)) {
    if (type.isSubtypeOf(t.BaseException)) type.construct = exceptionConstruct;
  }
}

/** A lazy builtin iterator object over `held` stepped by `step`. */
function lazy(
  vm: Vm,
  type: PyType,
  held: PyObject[],
  step: (vm: Vm, held: readonly PyObject[]) => PyObject | null,
): PyObject {
  return vm.runtime.adopt(new NativeIterator(type, held, step));
}

/** The `builtins` module: functions, types and exceptions, bound to one program. */
export function builtinsDefinition(vm: Vm): ModuleDefinition {
  const rt = vm.runtime;
  installConstructors(vm);
  const fn = (body: (args: Args, kwargs: Kw) => PyObject): NativeFunctionSpec => ({
    fn: (_rt, args, kwargs) => body(args, kwargs),
  });
  const functions: Record<string, NativeFunctionSpec> = {
    print: fn((args, kwargs) => {
      const sep = kwargs?.get('sep');
      const end = kwargs?.get('end');
      const file = kwargs?.get('file');
      const sepText = sep === undefined || sep === rt.none ? ' ' : str(vm, sep);
      const endText = end === undefined || end === rt.none ? '\n' : str(vm, end);
      if (file === undefined || file === rt.none || file instanceof PyTextStream) {
        const text = args.map((a) => str(vm, a)).join(sepText) + endText;
        if (file instanceof PyTextStream) file.sink(text);
        else vm.io.stdout(text);
        return rt.share(rt.none);
      }
      // Any other file gets one write() per argument, separator and end, as print() does.
      for (let i = 0; i < args.length; i++) {
        if (i > 0) writeToFile(vm, file, sepText);
        writeToFile(vm, file, str(vm, args[i]));
      }
      writeToFile(vm, file, endText);
      return rt.share(rt.none);
    }),
    len: fn((args) => {
      arity('len', args, 1, 1);
      return rt.newInt(length(vm, args[0]));
    }),
    repr: fn((args) => rt.newStr(repr(vm, args[0]))),
    ascii: fn((args) => rt.newStr(asciiRepr(vm, args[0]))),
    id: fn((args) => rt.newInt(args[0].id)),
    hash: fn((args) => {
      const value = hashObject(args[0]);
      return rt.newInt(value);
    }),
    isinstance: fn((args) => {
      arity('isinstance', args, 2, 2);
      const [obj, cls] = args;
      const classes = cls instanceof PyTuple ? cls.items : [cls];
      return rt.newBool(classes.some((c) => c instanceof PyType && obj.type.isSubtypeOf(c)));
    }),
    issubclass: fn((args) => {
      const [a, cls] = args;
      const classes = cls instanceof PyTuple ? cls.items : [cls];
      return rt.newBool(a instanceof PyType && classes.some((c) => c instanceof PyType && a.isSubtypeOf(c)));
    }),
    callable: fn((args) => rt.newBool(isCallable(args[0]))),
    abs: fn((args) => {
      const x = args[0];
      if (x instanceof PyFloat) return rt.newFloat(Math.abs(x.value));
      if (x instanceof PyInt) return rt.newInt(BigInt(x.value) < 0n ? -BigInt(x.value) : BigInt(x.value));
      return callSpecial(vm, x, '__abs__', []);
    }),
    min: fn((args, kwargs) => extreme(vm, args, kwargs, 'Lt', 'min')),
    max: fn((args, kwargs) => extreme(vm, args, kwargs, 'Gt', 'max')),
    sum: fn((args) => {
      let total: PyObject = args[1] === undefined ? rt.newInt(0) : rt.share(args[1]);
      for (const item of iterate(vm, args[0])) {
        const next = binaryOp(vm, 'Add', total, item);
        rt.decref(total);
        rt.decref(item);
        total = next;
      }
      return total;
    }),
    sorted: fn((args, kwargs) => {
      const items = [...iterate(vm, args[0])];
      const list = rt.newList();
      list.extendExact(
        rt,
        sortItems(vm, items, kwargs?.get('key') ?? null, kwargs?.get('reverse') === rt.true),
      );
      return list;
    }),
    any: fn((args) => {
      for (const item of iterate(vm, args[0])) {
        const yes = truthy(vm, item);
        rt.decref(item);
        if (yes) return rt.newBool(true);
      }
      return rt.newBool(false);
    }),
    all: fn((args) => {
      for (const item of iterate(vm, args[0])) {
        const yes = truthy(vm, item);
        rt.decref(item);
        if (!yes) return rt.newBool(false);
      }
      return rt.newBool(true);
    }),
    iter: fn((args) => getIterator(vm, args[0])),
    next: fn((args) => {
      const it = args[0];
      if (it instanceof PyGenerator) {
        // A generator's return value travels in the StopIteration (unless a default is given).
        const step = stepGenerator(vm, it, null);
        if (!step.done) return step.value;
        if (args.length > 1) {
          rt.decref(step.value);
          return rt.share(args[1]);
        }
        throw stopIteration(vm, step.value);
      }
      const item = nextItem(vm, it);
      if (item !== null) return item;
      if (args.length > 1) return rt.share(args[1]);
      throw new PythonError('StopIteration', '');
    }),
    getattr: fn((args) => {
      const name = (args[1] as PyStr).value;
      if (args.length <= 2) return getAttribute(vm, args[0], name);
      return lookupAttribute(vm, args[0], name) ?? rt.share(args[2]);
    }),
    setattr: fn((args) => {
      setAttribute(vm, args[0], rt.share(args[1] as PyStr), rt.share(args[2]));
      return rt.share(rt.none);
    }),
    delattr: fn((args) => {
      deleteAttribute(vm, args[0], args[1] as PyStr);
      return rt.share(rt.none);
    }),
    hasattr: fn((args) => {
      const found = lookupAttribute(vm, args[0], (args[1] as PyStr).value);
      if (found !== null) rt.decref(found);
      return rt.newBool(found !== null);
    }),
    vars: fn((args) => getAttribute(vm, args[0], '__dict__')),
    chr: fn((args) => rt.newStr(String.fromCodePoint(Number(toInt(args[0]))))),
    ord: fn((args) => rt.newInt((args[0] as PyStr).value.codePointAt(0) ?? 0)),
    round: fn((args) => {
      const x = args[0];
      const digits = args[1] === undefined || args[1] === rt.none ? null : Number(toInt(args[1]));
      const value = x instanceof PyFloat ? x.value : Number(toInt(x));
      if (digits === null) return rt.newInt(roundHalfEven(value));
      const scale = 10 ** digits;
      return rt.newFloat(roundHalfEven(value * scale) / scale);
    }),
    divmod: fn((args) =>
      rt.newTuple([binaryOp(vm, 'FloorDiv', args[0], args[1]), binaryOp(vm, 'Mod', args[0], args[1])]),
    ),
    pow: fn((args) => binaryOp(vm, 'Pow', args[0], args[1])),
    format: fn((args) =>
      rt.newStr(formatValue(vm, args[0], args[1] === undefined ? '' : (args[1] as PyStr).value)),
    ),
    hex: fn((args) => rt.newStr(formatSigned(toInt(args[0]), 16, '0x'))),
    oct: fn((args) => rt.newStr(formatSigned(toInt(args[0]), 8, '0o'))),
    bin: fn((args) => rt.newStr(formatSigned(toInt(args[0]), 2, '0b'))),
    globals: fn(() => rt.share((vm.frame as NonNullable<Vm['frame']>).globals)),
    locals: fn(() => {
      const frame = vm.frame as NonNullable<Vm['frame']>;
      if (frame.locals !== null) return rt.share(frame.locals);
      const dict = rt.newDict();
      frame.compiled.scope.slots.forEach((name, i) => {
        const value = frame.slots[i];
        if (value !== null && !frame.compiled.cellSlots.includes(i))
          dict.set(rt, rt.intern(name), rt.share(value));
      });
      return dict;
    }),
    enumerate: fn((args) => {
      const iterator = getIterator(vm, args[0]);
      const start = rt.newInt(args[1] === undefined ? 0 : toInt(args[1]));
      return lazy(vm, vm.types.enumerate, [iterator, start], (_vm, held) => {
        const item = nextItem(vm, held[0]);
        if (item === null) return null;
        const index = held[1];
        (held as PyObject[])[1] = binaryOp(vm, 'Add', index, rt.newInt(1));
        return rt.newTuple([index, item]);
      });
    }),
    zip: fn((args) => {
      const iterators = args.map((a) => getIterator(vm, a));
      return lazy(vm, vm.types.zip, iterators, (_vm, held) => {
        const items: PyObject[] = [];
        for (const it of held) {
          const item = nextItem(vm, it);
          if (item === null) {
            for (const i of items) rt.decref(i);
            return null;
          }
          items.push(item);
        }
        return rt.newTuple(items);
      });
    }),
    map: fn((args) => {
      const iterators = args.slice(1).map((a) => getIterator(vm, a));
      return lazy(vm, vm.types.map, [rt.share(args[0]), ...iterators], (_vm, held) => {
        const items: PyObject[] = [];
        for (const it of held.slice(1)) {
          const item = nextItem(vm, it);
          if (item === null) {
            for (const i of items) rt.decref(i);
            return null;
          }
          items.push(item);
        }
        return callObject(vm, held[0], items, null);
      });
    }),
    filter: fn((args) => {
      const iterator = getIterator(vm, args[1]);
      return lazy(vm, vm.types.filter, [rt.share(args[0]), iterator], (_vm, held) => {
        for (let item = nextItem(vm, held[1]); item !== null; item = nextItem(vm, held[1])) {
          let keep: boolean;
          if (held[0] === rt.none) keep = truthy(vm, item);
          else {
            const verdict = callObject(vm, held[0], [rt.share(item)], null);
            keep = truthy(vm, verdict);
            rt.decref(verdict);
          }
          if (keep) return item;
          rt.decref(item);
        }
        return null;
      });
    }),
    reversed: fn((args) => {
      const source = args[0];
      const items =
        source instanceof PyList || source instanceof PyTuple
          ? [...source.items].reverse()
          : [...iterate(vm, source)].reverse();
      const list = rt.newList(
        items.map((i) => (source instanceof PyList || source instanceof PyTuple ? rt.share(i) : i)),
      );
      const iterator = getIterator(vm, list);
      rt.decref(list);
      return lazy(vm, vm.types.reversed, [iterator], (_vm, held) => nextItem(vm, held[0]));
    }),
    super: fn(() => vm.makeSuper()),
    exec: fn((args) => {
      const globals =
        args[1] === undefined || args[1] === rt.none
          ? (vm.frame as NonNullable<Vm['frame']>).globals
          : args[1];
      if (!(globals instanceof PyDict))
        throw new PythonError('TypeError', `exec() globals must be a dict, not ${globals.type.name}`);
      execSource(vm, sourceText(args[0]), '<string>', globals, false);
      return rt.share(rt.none);
    }),
    __build_class__: fn(() => {
      throw new PythonError('NotImplementedError', 'memkit builds classes from class statements only');
    }),
    input: fn(() => {
      throw new PythonError('EOFError', 'EOF when reading a line');
    }),
    exit: fn((args) => {
      throw systemExit(vm, args);
    }),
    quit: fn((args) => {
      throw systemExit(vm, args);
    }),
  };
  return {
    name: 'builtins',
    doc: 'Built-in functions, types, exceptions, and other objects.',
    functions,
    attributes: () => {
      const t = rt.types;
      const attributes: Record<string, PyObject> = {};
      const exposed: Record<string, PyType> = {
        int: t.int,
        float: t.float,
        complex: t.complex,
        str: t.str,
        bool: t.bool,
        list: t.list,
        tuple: t.tuple,
        dict: t.dict,
        set: t.set,
        frozenset: t.frozenset,
        range: t.range,
        slice: t.slice,
        bytes: t.bytes,
        bytearray: t.bytearray,
        object: t.object,
        type: t.type,
        staticmethod: t.staticmethod,
        classmethod: t.classmethod,
        property: t.property,
      };
      for (const [name, type] of Object.entries(exposed)) attributes[name] = rt.share(type);
      for (const type of Object.values(t)) {
        if (type.isSubtypeOf(t.BaseException)) attributes[type.name] = rt.share(type);
      }
      // Names CPython keeps for OSError since PEP 3151 merged them into it.
      attributes.EnvironmentError = rt.share(t.OSError);
      attributes.IOError = rt.share(t.OSError);
      attributes.None = rt.share(rt.none);
      attributes.True = rt.share(rt.true);
      attributes.False = rt.share(rt.false);
      attributes.Ellipsis = rt.share(vm.ellipsis);
      attributes.NotImplemented = rt.share(vm.notImplemented);
      return attributes;
    },
  };
}

/**
 * `_PyObject_LookupAttr`: the attribute (a new reference), or null when it is missing — also
 * when looking it up raised AttributeError (an unset slot, a property giving up).
 */
function lookupAttribute(vm: Vm, obj: PyObject, name: string): PyObject | null {
  const rt = vm.runtime;
  try {
    return findAttribute(vm, obj, name);
  } catch (error) {
    const exception = toPyException(rt, error);
    if (exception.type.isSubtypeOf(rt.types.AttributeError)) {
      rt.decref(exception);
      return null;
    }
    throw new PyRaise(exception);
  }
}

/** `exit(code)` / `sys.exit(code)`: SystemExit carrying the code object itself (an int is the status). */
export function systemExit(vm: Vm, args: readonly PyObject[]): PyRaise {
  const rt = vm.runtime;
  const items = args.length === 0 ? [] : [rt.share(args[0])];
  return new PyRaise(rt.newException(rt.types.SystemExit, rt.newTuple(items)));
}

function extreme(vm: Vm, args: Args, kwargs: Kw, op: 'Lt' | 'Gt', name: string): PyObject {
  const rt = vm.runtime;
  const items = args.length === 1 ? [...iterate(vm, args[0])] : args.map((a) => rt.share(a));
  const key = kwargs?.get('key') ?? null;
  if (items.length === 0) {
    const fallback = kwargs?.get('default');
    if (fallback !== undefined) return rt.share(fallback);
    throw new PythonError('ValueError', `${name}() arg is an empty sequence`);
  }
  const keyOf = (item: PyObject) =>
    key === null ? rt.share(item) : callObject(vm, key, [rt.share(item)], null);
  let best = items[0];
  let bestKey = keyOf(best);
  for (const item of items.slice(1)) {
    const k = keyOf(item);
    if (compareBool(vm, op, k, bestKey)) {
      rt.decref(bestKey);
      bestKey = k;
      best = item;
    } else {
      rt.decref(k);
    }
  }
  rt.decref(bestKey);
  rt.incref(best);
  for (const item of items) rt.decref(item);
  return best;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function formatSigned(value: number | bigint, base: number, prefix: string): string {
  const v = BigInt(value);
  return v < 0n ? `-${prefix}${(-v).toString(base)}` : `${prefix}${v.toString(base)}`;
}

export { PyInstance };
