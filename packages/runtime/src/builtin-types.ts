import { CPYTHON_311 } from './cpython-311';
import { ObjectFlags, type PyObject } from './object';
import { hashPointer } from './objects/hashing';
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
  getsetDescriptor: PyType;
  weakref: PyType;
  weakproxy: PyType;
  weakcallableproxy: PyType;
}

const SPECS: Record<Exclude<keyof BuiltinTypes, 'type'>, TypeSpec> = {
  object: { name: 'object', basicsize: size.object, flags: baseType },
  NoneType: { name: 'NoneType', basicsize: size.none, flags: 0 },
  bool: { name: 'bool', basicsize: size.int, flags: 0 },
  int: { name: 'int', basicsize: size.int, flags: baseType },
  float: { name: 'float', basicsize: size.float, flags: baseType },
  complex: { name: 'complex', basicsize: size.complex, flags: baseType },
  str: { name: 'str', basicsize: size.asciiStr, flags: baseType },
  bytes: { name: 'bytes', basicsize: size.bytes, flags: baseType },
  bytearray: { name: 'bytearray', basicsize: size.bytearray, flags: baseType },
  tuple: { name: 'tuple', basicsize: size.tuple, itemsize: 8, flags: baseType | haveGc },
  list: { name: 'list', basicsize: size.list, flags: baseType | haveGc },
  dict: { name: 'dict', basicsize: size.dict, flags: baseType | haveGc },
  set: { name: 'set', basicsize: size.set, flags: baseType | haveGc, weakrefable: true },
  frozenset: { name: 'frozenset', basicsize: size.set, flags: baseType | haveGc, weakrefable: true },
  range: { name: 'range', basicsize: size.range, flags: 0 },
  getsetDescriptor: { name: 'getset_descriptor', basicsize: 48, flags: haveGc },
  weakref: { name: 'ReferenceType', module: 'weakref', basicsize: size.weakref, flags: baseType | haveGc },
  weakproxy: { name: 'ProxyType', module: 'weakref', basicsize: size.weakref, flags: haveGc },
  weakcallableproxy: { name: 'CallableProxyType', module: 'weakref', basicsize: size.weakref, flags: haveGc },
};

/** Hashable by identity (`object.__hash__`); list, dict, set and bytearray are not hashable. */
const UNHASHABLE = new Set(['list', 'dict', 'set', 'bytearray']);

/**
 * Creates the builtin type objects. They are statically allocated in CPython: they never go
 * through the allocator and their counts start high enough never to reach zero.
 */
export function createBuiltinTypes(staticAddress: () => number): BuiltinTypes {
  const type = new PyType(null, { name: 'type', basicsize: size.staticType, flags: baseType | haveGc });
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
  for (const t of Object.values(types)) if (t !== types.object) t.base = types.object;
  return types;
}
