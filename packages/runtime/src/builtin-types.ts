import { CPYTHON_311 } from './cpython-311';
import { ObjectFlags, type PyObject } from './object';
import { hashFrozenSet, hashPointer } from './objects/hashing';
import { PySet } from './objects/set';
import { PyType, TypeFlags, type TypeSpec } from './objects/type';

const { haveGc, baseType } = TypeFlags;
const size = CPYTHON_311.basicsize;

/** The static builtin types a runtime starts with. */
export interface BuiltinTypes {
  type: PyType;
  object: PyType;
  NoneType: PyType;
  bool: PyType;
  int: PyType;
  float: PyType;
  complex: PyType;
  str: PyType;
  bytes: PyType;
  bytearray: PyType;
  tuple: PyType;
  list: PyType;
  dict: PyType;
  set: PyType;
  frozenset: PyType;
  range: PyType;
  capsule: PyType;
  getsetDescriptor: PyType;
  memberDescriptor: PyType;
  weakref: PyType;
  weakproxy: PyType;
  weakcallableproxy: PyType;
  function: PyType;
  cell: PyType;
  method: PyType;
  builtinFunction: PyType;
  module: PyType;
  slice: PyType;
  staticmethod: PyType;
  classmethod: PyType;
  property: PyType;
  code: PyType;
  frame: PyType;
  generator: PyType;
  traceback: PyType;
  listIterator: PyType;
  tupleIterator: PyType;
  strAsciiIterator: PyType;
  strIterator: PyType;
  bytesIterator: PyType;
  rangeIterator: PyType;
  dictKeyIterator: PyType;
  dictValueIterator: PyType;
  dictItemIterator: PyType;
  setIterator: PyType;
  BaseException: PyType;
  Exception: PyType;
  ArithmeticError: PyType;
  AssertionError: PyType;
  AttributeError: PyType;
  GeneratorExit: PyType;
  ImportError: PyType;
  ModuleNotFoundError: PyType;
  IndexError: PyType;
  KeyError: PyType;
  KeyboardInterrupt: PyType;
  LookupError: PyType;
  MemoryError: PyType;
  NameError: PyType;
  UnboundLocalError: PyType;
  NotImplementedError: PyType;
  OSError: PyType;
  FileNotFoundError: PyType;
  PermissionError: PyType;
  IsADirectoryError: PyType;
  NotADirectoryError: PyType;
  OverflowError: PyType;
  RecursionError: PyType;
  ReferenceError: PyType;
  RuntimeError: PyType;
  StopIteration: PyType;
  SyntaxError: PyType;
  TypeError: PyType;
  ValueError: PyType;
  ZeroDivisionError: PyType;
  SystemExit: PyType;
  EOFError: PyType;
  UnicodeError: PyType;
  BlockingIOError: PyType;
  ChildProcessError: PyType;
  ConnectionError: PyType;
  BrokenPipeError: PyType;
  ConnectionAbortedError: PyType;
  ConnectionRefusedError: PyType;
  ConnectionResetError: PyType;
  FileExistsError: PyType;
  InterruptedError: PyType;
  ProcessLookupError: PyType;
  TimeoutError: PyType;
  BufferError: PyType;
  FloatingPointError: PyType;
  SystemError: PyType;
  StopAsyncIteration: PyType;
  IndentationError: PyType;
  TabError: PyType;
  Warning: PyType;
  UserWarning: PyType;
  DeprecationWarning: PyType;
  PendingDeprecationWarning: PyType;
  SyntaxWarning: PyType;
  RuntimeWarning: PyType;
  FutureWarning: PyType;
  ImportWarning: PyType;
  UnicodeWarning: PyType;
  BytesWarning: PyType;
  ResourceWarning: PyType;
  EncodingWarning: PyType;
}

type ExceptionName = keyof typeof CPYTHON_311.exceptionLayouts;

/** A builtin exception type; `layout` names the type whose C struct it shares. */
function exception(name: string, layout?: ExceptionName): TypeSpec {
  const basicsize = layout === undefined ? size.exception : CPYTHON_311.exceptionLayouts[layout].basicsize;
  return { name, basicsize, flags: baseType | haveGc };
}

const SPECS: Record<Exclude<keyof BuiltinTypes, 'type'>, TypeSpec> = {
  object: { name: 'object', basicsize: size.object, flags: baseType },
  NoneType: { name: 'NoneType', basicsize: size.none, flags: 0 },
  bool: { name: 'bool', basicsize: size.int, itemsize: 4, flags: 0 },
  int: { name: 'int', basicsize: size.int, itemsize: 4, flags: baseType },
  float: { name: 'float', basicsize: size.float, flags: baseType },
  complex: { name: 'complex', basicsize: size.complex, flags: baseType },
  str: { name: 'str', basicsize: size.unicodeObject, flags: baseType },
  bytes: { name: 'bytes', basicsize: size.bytes, flags: baseType },
  bytearray: { name: 'bytearray', basicsize: size.bytearray, flags: baseType },
  tuple: { name: 'tuple', basicsize: size.tuple, itemsize: 8, flags: baseType | haveGc },
  list: { name: 'list', basicsize: size.list, flags: baseType | haveGc },
  dict: { name: 'dict', basicsize: size.dict, flags: baseType | haveGc },
  set: { name: 'set', basicsize: size.set, flags: baseType | haveGc, weakrefable: true },
  frozenset: { name: 'frozenset', basicsize: size.set, flags: baseType | haveGc, weakrefable: true },
  range: { name: 'range', basicsize: size.range, flags: 0 },
  capsule: { name: 'PyCapsule', basicsize: size.capsule, flags: 0 },
  getsetDescriptor: { name: 'getset_descriptor', basicsize: 48, flags: haveGc },
  memberDescriptor: { name: 'member_descriptor', basicsize: 48, flags: haveGc },
  weakref: { name: 'ReferenceType', module: 'weakref', basicsize: size.weakref, flags: baseType | haveGc },
  weakproxy: { name: 'ProxyType', module: 'weakref', basicsize: size.weakref, flags: haveGc },
  weakcallableproxy: { name: 'CallableProxyType', module: 'weakref', basicsize: size.weakref, flags: haveGc },
  function: { name: 'function', basicsize: size.function, flags: haveGc, weakrefable: true },
  cell: { name: 'cell', basicsize: size.cell, flags: haveGc },
  method: { name: 'method', basicsize: size.method, flags: haveGc, weakrefable: true },
  builtinFunction: {
    name: 'builtin_function_or_method',
    basicsize: size.builtinFunction,
    flags: haveGc,
    weakrefable: true,
  },
  module: { name: 'module', basicsize: size.module, flags: baseType | haveGc, weakrefable: true },
  slice: { name: 'slice', basicsize: size.slice, flags: haveGc },
  staticmethod: { name: 'staticmethod', basicsize: size.functionWrapper, flags: baseType | haveGc },
  classmethod: { name: 'classmethod', basicsize: size.functionWrapper, flags: baseType | haveGc },
  property: { name: 'property', basicsize: size.property, flags: baseType | haveGc },
  // Not a GC type in 3.11: code objects are never tracked.
  code: { name: 'code', basicsize: size.code, itemsize: 2, flags: 0, weakrefable: true },
  frame: { name: 'frame', basicsize: size.frame, itemsize: 8, flags: haveGc },
  generator: { name: 'generator', basicsize: size.generator, itemsize: 8, flags: haveGc, weakrefable: true },
  traceback: { name: 'traceback', basicsize: size.traceback, flags: haveGc },
  listIterator: { name: 'list_iterator', basicsize: 32, flags: haveGc },
  tupleIterator: { name: 'tuple_iterator', basicsize: 32, flags: haveGc },
  strAsciiIterator: { name: 'str_ascii_iterator', basicsize: 32, flags: haveGc },
  strIterator: { name: 'str_iterator', basicsize: 32, flags: haveGc },
  bytesIterator: { name: 'bytes_iterator', basicsize: 32, flags: haveGc },
  rangeIterator: { name: 'range_iterator', basicsize: 48, flags: 0 },
  dictKeyIterator: { name: 'dict_keyiterator', basicsize: 56, flags: haveGc },
  dictValueIterator: { name: 'dict_valueiterator', basicsize: 56, flags: haveGc },
  dictItemIterator: { name: 'dict_itemiterator', basicsize: 56, flags: haveGc },
  setIterator: { name: 'set_iterator', basicsize: 48, flags: haveGc },
  BaseException: exception('BaseException'),
  Exception: exception('Exception'),
  ArithmeticError: exception('ArithmeticError'),
  AssertionError: exception('AssertionError'),
  AttributeError: exception('AttributeError', 'AttributeError'),
  GeneratorExit: exception('GeneratorExit'),
  ImportError: exception('ImportError', 'ImportError'),
  ModuleNotFoundError: exception('ModuleNotFoundError', 'ImportError'),
  IndexError: exception('IndexError'),
  KeyError: exception('KeyError'),
  KeyboardInterrupt: exception('KeyboardInterrupt'),
  LookupError: exception('LookupError'),
  MemoryError: exception('MemoryError'),
  NameError: exception('NameError', 'NameError'),
  UnboundLocalError: exception('UnboundLocalError', 'NameError'),
  NotImplementedError: exception('NotImplementedError'),
  OSError: exception('OSError', 'OSError'),
  FileNotFoundError: exception('FileNotFoundError', 'OSError'),
  PermissionError: exception('PermissionError', 'OSError'),
  IsADirectoryError: exception('IsADirectoryError', 'OSError'),
  NotADirectoryError: exception('NotADirectoryError', 'OSError'),
  OverflowError: exception('OverflowError'),
  RecursionError: exception('RecursionError'),
  ReferenceError: exception('ReferenceError'),
  RuntimeError: exception('RuntimeError'),
  StopIteration: exception('StopIteration', 'StopIteration'),
  SyntaxError: exception('SyntaxError', 'SyntaxError'),
  TypeError: exception('TypeError'),
  ValueError: exception('ValueError'),
  ZeroDivisionError: exception('ZeroDivisionError'),
  SystemExit: exception('SystemExit', 'SystemExit'),
  EOFError: exception('EOFError'),
  UnicodeError: exception('UnicodeError'),
  BlockingIOError: exception('BlockingIOError', 'OSError'),
  ChildProcessError: exception('ChildProcessError', 'OSError'),
  ConnectionError: exception('ConnectionError', 'OSError'),
  BrokenPipeError: exception('BrokenPipeError', 'OSError'),
  ConnectionAbortedError: exception('ConnectionAbortedError', 'OSError'),
  ConnectionRefusedError: exception('ConnectionRefusedError', 'OSError'),
  ConnectionResetError: exception('ConnectionResetError', 'OSError'),
  FileExistsError: exception('FileExistsError', 'OSError'),
  InterruptedError: exception('InterruptedError', 'OSError'),
  ProcessLookupError: exception('ProcessLookupError', 'OSError'),
  TimeoutError: exception('TimeoutError', 'OSError'),
  BufferError: exception('BufferError'),
  FloatingPointError: exception('FloatingPointError'),
  SystemError: exception('SystemError'),
  StopAsyncIteration: exception('StopAsyncIteration'),
  IndentationError: exception('IndentationError', 'SyntaxError'),
  TabError: exception('TabError', 'SyntaxError'),
  Warning: exception('Warning'),
  UserWarning: exception('UserWarning'),
  DeprecationWarning: exception('DeprecationWarning'),
  PendingDeprecationWarning: exception('PendingDeprecationWarning'),
  SyntaxWarning: exception('SyntaxWarning'),
  RuntimeWarning: exception('RuntimeWarning'),
  FutureWarning: exception('FutureWarning'),
  ImportWarning: exception('ImportWarning'),
  UnicodeWarning: exception('UnicodeWarning'),
  BytesWarning: exception('BytesWarning'),
  ResourceWarning: exception('ResourceWarning'),
  EncodingWarning: exception('EncodingWarning'),
};

/** `tp_base` of the builtin types whose base is not `object`. */
const BASES: Partial<Record<keyof typeof SPECS, keyof typeof SPECS>> = {
  Exception: 'BaseException',
  GeneratorExit: 'BaseException',
  KeyboardInterrupt: 'BaseException',
  ArithmeticError: 'Exception',
  AssertionError: 'Exception',
  AttributeError: 'Exception',
  ImportError: 'Exception',
  LookupError: 'Exception',
  MemoryError: 'Exception',
  NameError: 'Exception',
  OSError: 'Exception',
  ReferenceError: 'Exception',
  RuntimeError: 'Exception',
  StopIteration: 'Exception',
  SyntaxError: 'Exception',
  TypeError: 'Exception',
  ValueError: 'Exception',
  OverflowError: 'ArithmeticError',
  ZeroDivisionError: 'ArithmeticError',
  IndexError: 'LookupError',
  KeyError: 'LookupError',
  ModuleNotFoundError: 'ImportError',
  UnboundLocalError: 'NameError',
  FileNotFoundError: 'OSError',
  PermissionError: 'OSError',
  IsADirectoryError: 'OSError',
  NotADirectoryError: 'OSError',
  NotImplementedError: 'RuntimeError',
  RecursionError: 'RuntimeError',
  SystemExit: 'BaseException',
  EOFError: 'Exception',
  UnicodeError: 'ValueError',
  BlockingIOError: 'OSError',
  ChildProcessError: 'OSError',
  ConnectionError: 'OSError',
  BrokenPipeError: 'ConnectionError',
  ConnectionAbortedError: 'ConnectionError',
  ConnectionRefusedError: 'ConnectionError',
  ConnectionResetError: 'ConnectionError',
  FileExistsError: 'OSError',
  InterruptedError: 'OSError',
  ProcessLookupError: 'OSError',
  TimeoutError: 'OSError',
  BufferError: 'Exception',
  FloatingPointError: 'ArithmeticError',
  SystemError: 'Exception',
  StopAsyncIteration: 'Exception',
  IndentationError: 'SyntaxError',
  TabError: 'IndentationError',
  Warning: 'Exception',
  UserWarning: 'Warning',
  DeprecationWarning: 'Warning',
  PendingDeprecationWarning: 'Warning',
  SyntaxWarning: 'Warning',
  RuntimeWarning: 'Warning',
  FutureWarning: 'Warning',
  ImportWarning: 'Warning',
  UnicodeWarning: 'Warning',
  BytesWarning: 'Warning',
  ResourceWarning: 'Warning',
  EncodingWarning: 'Warning',
};

/**
 * Hashable by identity (`object.__hash__`); list, dict, set, bytearray, cell and (until 3.12)
 * slice are not hashable. Bound methods and code objects hash by value in CPython; identity
 * stands in here.
 */
const UNHASHABLE = new Set(['list', 'dict', 'set', 'bytearray', 'cell', 'slice']);

/**
 * Creates the builtin type objects. They are statically allocated in CPython: they never go
 * through the allocator and their counts start high enough never to reach zero.
 */
export function createBuiltinTypes(staticAddress: () => number): BuiltinTypes {
  // Types are weakly referenceable (`tp_weaklist`): every base's `tp_subclasses` holds weakrefs.
  const type = new PyType(null, {
    name: 'type',
    basicsize: size.staticType,
    flags: baseType | haveGc,
    weakrefable: true,
  });
  const types = { type } as BuiltinTypes;
  for (const [key, spec] of Object.entries(SPECS)) {
    types[key as keyof typeof SPECS] = new PyType(type, spec);
  }
  for (const t of Object.values(types)) {
    t.address = staticAddress();
    t.flags |= ObjectFlags.static;
    t.refcnt = CPYTHON_311.staticObjectRefcount;
    if (!UNHASHABLE.has(t.name)) t.hash = (obj: PyObject) => hashPointer(obj.id);
  }
  for (const [key, t] of Object.entries(types)) {
    if (t !== types.object) t.base = types[BASES[key as keyof typeof SPECS] ?? 'object'];
  }
  // frozenset_hash and set_richcompare's `==`, for frozensets as dict keys and set members.
  types.frozenset.hash = (obj: PyObject) => hashFrozenSet((obj as PySet).table.activeHashes());
  types.frozenset.equals = (a: PyObject, b: PyObject) =>
    b instanceof PySet && (a as PySet).size === b.size && [...(a as PySet).table].every((key) => b.has(key));
  return types;
}
