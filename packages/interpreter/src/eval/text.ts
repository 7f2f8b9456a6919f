import {
  isOrderedDictType,
  PyDescriptor,
  PyDict,
  PyFloat,
  PyInstance,
  PyInt,
  PyList,
  type PyObject,
  PySet,
  PyStr,
  PyTuple,
  PyType,
  PythonError,
  reprFloat,
  reprStr,
} from '@memkit/runtime';
import { C_COLLECTIONS_TYPES } from '../stdlib/collections-module';
import { DictView } from './dict-views';
import { callSpecial, lookupSpecial } from './special-methods';
import { PyTextStream } from './text-stream';
import type { Vm } from './vm';

/**
 * `ascii(obj)`: the repr with every non-ASCII code point escaped as `\xhh`, `\uhhhh` or
 * `\Uhhhhhhhh` (by code point, so a character outside the BMP is one escape).
 */
export function asciiRepr(vm: Vm, obj: PyObject): string {
  let out = '';
  for (const ch of repr(vm, obj)) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** `repr(obj)` as a JS string, calling `__repr__` of Python classes. */
export function repr(vm: Vm, obj: PyObject): string {
  if (obj instanceof PyStr && !obj.type.isHeapType) return reprStr(obj.value);
  // PyObject_Repr's Py_EnterRecursiveCall: nesting shares the recursion limit with calls.
  enterRecursiveCall(vm, ' while getting the repr of an object');
  try {
    if (obj.type.isHeapType && lookupSpecial(obj.type, '__repr__') !== null) {
      return textResult(vm, callSpecial(vm, obj, '__repr__', []), '__repr__');
    }
    return builtinRepr(vm, obj);
  } finally {
    vm.depth--;
  }
}

/**
 * `_Py_EnterRecursiveCall`: one level more of C recursion, counted with Python calls against
 * `sys.getrecursionlimit()`; the caller decrements `vm.depth` when done.
 */
export function enterRecursiveCall(vm: Vm, where: string): void {
  if (vm.depth >= vm.recursionLimit)
    throw new PythonError('RecursionError', `maximum recursion depth exceeded${where}`);
  vm.depth++;
}

/** The repr a builtin type gives (`dict.__repr__(self)` of a subclass instance included). */
export function builtinRepr(vm: Vm, obj: PyObject): string {
  const rt = vm.runtime;
  if (obj instanceof PyStr) return reprStr(obj.value);
  if (obj instanceof PyList)
    return reprGuarded(vm, obj, () => `[${obj.items.map((i) => repr(vm, i)).join(', ')}]`);
  if (obj instanceof PyTuple) {
    const items = obj.items.map((i) => repr(vm, i));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (obj instanceof PyDict) {
    return reprGuarded(vm, obj, () => {
      const parts: string[] = [];
      for (const [k, v] of obj.entries()) parts.push(`${repr(vm, k)}: ${repr(vm, v)}`);
      return `{${parts.join(', ')}}`;
    });
  }
  if (obj instanceof PySet) {
    // set_repr: braces alone only for an exact set; anything else is named, as `F({1, 2})`.
    const items = [...obj.table].map((i) => repr(vm, i));
    const name = obj.type.name;
    if (items.length === 0) return `${name}()`;
    return obj.type === rt.types.set ? `{${items.join(', ')}}` : `${name}({${items.join(', ')}})`;
  }
  if (obj instanceof PyType) {
    const prefix = obj.module === 'builtins' ? '' : `${obj.module}.`;
    return `<class '${prefix}${obj.name}'>`;
  }
  if (obj instanceof PyFloat) return reprFloat(obj.value);
  if (obj instanceof PyTextStream)
    return `<_io.TextIOWrapper name='${obj.streamName}' mode='w' encoding='utf-8'>`;
  if (obj instanceof PyDescriptor) {
    const kind = obj.type === rt.types.memberDescriptor ? 'member' : 'attribute';
    const owner = obj.owner;
    return `<${kind} '${obj.name.value}' of '${owner === null ? '?' : typeName(owner)}' objects>`;
  }
  if (obj instanceof DictView && obj.dict !== null) {
    // dictview_repr: `dict_keys([...])`; an OrderedDict's views are odict_keys/values/items.
    const dict = obj.dict;
    const prefix = isOrderedDictType(dict.type) ? 'o' : '';
    return reprGuarded(vm, obj, () => {
      const parts: string[] = [];
      for (const [k, v] of dict.entries()) {
        if (obj.kind === 'keys') parts.push(repr(vm, k));
        else if (obj.kind === 'values') parts.push(repr(vm, v));
        else parts.push(`(${repr(vm, k)}, ${repr(vm, v)})`);
      }
      return `${prefix}${obj.type.name}([${parts.join(', ')}])`;
    });
  }
  if (obj === vm.ellipsis) return 'Ellipsis';
  if (obj === vm.notImplemented) return 'NotImplemented';
  return rt.repr(obj);
}

/**
 * A type's `tp_name`: a heap class's bare name, but a C type's dotted path. The `collections`
 * classes CPython writes in C (`collections.defaultdict`) are Python classes here, so they are
 * recognised by module and name.
 */
export function typeName(type: PyType): string {
  if (type.module === 'collections' && C_COLLECTIONS_TYPES.has(type.name)) return `collections.${type.name}`;
  return type.name;
}

/** `str(obj)` as a JS string, calling `__str__` (then `__repr__`) of Python classes. */
export function str(vm: Vm, obj: PyObject): string {
  if (obj instanceof PyStr && !obj.type.isHeapType) return obj.value;
  if (obj.type.isHeapType && lookupSpecial(obj.type, '__str__') !== null) {
    return textResult(vm, callSpecial(vm, obj, '__str__', []), '__str__');
  }
  // unicode_str of a str subclass without its own __str__: its characters.
  if (obj instanceof PyStr) return obj.value;
  if (obj instanceof PyInt && obj.type === vm.runtime.types.int) return String(obj.value);
  if (obj.type.isSubtypeOf(vm.runtime.types.BaseException) && !(obj instanceof PyInstance)) {
    const args = (obj as unknown as { args: PyTuple | null }).args?.items ?? [];
    if (args.length === 0) return '';
    // KeyError_str: a lone key shows as its repr (`KeyError: 'k'`).
    if (args.length === 1 && obj.type.isSubtypeOf(vm.runtime.types.KeyError)) return repr(vm, args[0]);
    if (args.length === 1) return str(vm, args[0]);
    return repr(vm, (obj as unknown as { args: PyTuple }).args);
  }
  return repr(vm, obj);
}

function textResult(vm: Vm, result: PyObject, method: string): string {
  try {
    if (!(result instanceof PyStr)) {
      throw vm.runtime.newStr(`${method} returned non-string (type ${result.type.name})`);
    }
    return result.value;
  } finally {
    vm.runtime.decref(result);
  }
}

const inRepr = new Set<PyObject>();

/** `Py_ReprEnter`: a container that contains itself prints as `[...]` / `{...}`. */
function reprGuarded(_vm: Vm, obj: PyObject, body: () => string): string {
  if (inRepr.has(obj)) return obj instanceof PyList ? '[...]' : obj instanceof DictView ? '...' : '{...}';
  inRepr.add(obj);
  try {
    return body();
  } finally {
    inRepr.delete(obj);
  }
}
