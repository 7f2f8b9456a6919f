import { type PyType, type Runtime, TypeFlags } from '@memkit/runtime';

/** The builtin types the interpreter adds to the runtime's: dict views and lazy iterators. */
export interface InterpreterTypes {
  dictKeys: PyType;
  dictValues: PyType;
  dictItems: PyType;
  enumerate: PyType;
  zip: PyType;
  map: PyType;
  filter: PyType;
  reversed: PyType;
  super: PyType;
  ellipsis: PyType;
  notImplemented: PyType;
  /** `_io.TextIOWrapper`, the type of `sys.stdout` and `sys.stderr`. */
  textStream: PyType;
}

/**
 * Creates them with CPython 3.11's sizes (`sys.getsizeof`: views 40, enumerate 72, zip 64, map 48,
 * `...` and `NotImplemented` 16, `sys.stdout` 208).
 */
export function createInterpreterTypes(runtime: Runtime): InterpreterTypes {
  const gc = TypeFlags.haveGc;
  const base = TypeFlags.baseType | gc;
  return {
    dictKeys: runtime.newStaticType({ name: 'dict_keys', basicsize: 24, flags: gc }),
    dictValues: runtime.newStaticType({ name: 'dict_values', basicsize: 24, flags: gc }),
    dictItems: runtime.newStaticType({ name: 'dict_items', basicsize: 24, flags: gc }),
    enumerate: runtime.newStaticType({ name: 'enumerate', basicsize: 56, flags: base }),
    zip: runtime.newStaticType({ name: 'zip', basicsize: 48, flags: base }),
    map: runtime.newStaticType({ name: 'map', basicsize: 32, flags: base }),
    filter: runtime.newStaticType({ name: 'filter', basicsize: 32, flags: base }),
    reversed: runtime.newStaticType({ name: 'reversed', basicsize: 32, flags: base }),
    super: runtime.newStaticType({ name: 'super', basicsize: 32, flags: base }),
    ellipsis: runtime.newStaticType({ name: 'ellipsis', basicsize: 16, flags: 0 }),
    notImplemented: runtime.newStaticType({ name: 'NotImplementedType', basicsize: 16, flags: 0 }),
    textStream: runtime.newStaticType({ name: 'TextIOWrapper', module: '_io', basicsize: 192, flags: base }),
  };
}
