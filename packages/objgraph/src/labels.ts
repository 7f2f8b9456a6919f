/**
 * What objgraph writes inside graph nodes and on edges: `_obj_label`, `_short_repr`,
 * `_edge_label` and the `__del__` test of objgraph.py, read from the modelled objects without
 * calling (or creating) anything: where CPython's `getattr` would make a `__dict__` or
 * `__annotations__` dict on the fly, the new dict could never be the edge's target anyway.
 */
import {
  PyBuiltinFunction,
  PyDict,
  PyFrame,
  PyFunction,
  PyInstance,
  PyList,
  PyMethod,
  PyModule,
  type PyObject,
  PySet,
  PyStr,
  PyTuple,
  PyType,
} from '@memkit/runtime';
import type { EdgeLabel } from './graph-slice';
import type { ObjgraphHost } from './host';
import { compareCodePoints, pyPrefix } from './python-format';
import { isInstanceOfBuiltin, typenameOf } from './type-names';

/** The Python operations labels call. */
export type LabelHost = Pick<ObjgraphHost, 'repr' | 'isTrue'>;

/** What goes into a node's label besides the type name and short repr. */
export interface NodeLabelOptions {
  shortnames: boolean;
  /** Appends ` [refcount]` to the type name. */
  refcounts: boolean;
  /** A third line, `str(extra_info(obj))`. */
  extraInfo?: ((obj: PyObject) => string) | null;
  /** `sys.getrefcount`-like count shown with `refcounts`. */
  refcount: (obj: PyObject) => number;
}

/**
 * `_obj_label` before quoting: the type name (with the reference count when asked), the short
 * repr and the extra info, one per line.
 *
 * objgraph prints `sys.getrefcount(obj) - 4` to take away its own frames' references; memkit's
 * tools hold no references in the heap, so the count is shown as it is.
 */
export function objLabel(obj: PyObject, host: LabelHost, options: NodeLabelOptions): string {
  let first = typenameOf(obj, options.shortnames);
  if (options.refcounts) first += ` [${options.refcount(obj)}]`;
  const lines = [first, safeRepr(obj, host)];
  if (options.extraInfo) lines.push(options.extraInfo(obj));
  return lines.join('\n');
}

/** `_safe_repr`: the short repr, or `(unrepresentable)` when `repr` raises. */
export function safeRepr(obj: PyObject, host: LabelHost): string {
  try {
    return shortRepr(obj, host);
  } catch {
    return '(unrepresentable)';
  }
}

/** `_short_repr`: names for types, modules and callables, sizes for containers, else 40 chars of repr. */
export function shortRepr(obj: PyObject, host: LabelHost): string {
  if (obj instanceof PyType || obj instanceof PyModule || obj instanceof PyBuiltinFunction) {
    return nameOrRepr(obj, host);
  }
  if (obj instanceof PyMethod) {
    const name = nameOrRepr(obj.func, host);
    return host.isTrue(obj.self) ? `${name} (bound)` : name;
  }
  if (obj instanceof PyFunction && obj.name.value === '<lambda>') {
    const file = obj.code.filename?.value ?? '';
    return `lambda: ${file.slice(file.lastIndexOf('/') + 1)}:${obj.code.firstlineno}`;
  }
  if (obj instanceof PyFrame) {
    return `${obj.frame.code?.filename?.value ?? ''}:${obj.lineno}`;
  }
  const size = containerSize(obj);
  if (size !== null) return `${size} items`;
  return pyPrefix(host.repr(obj), 40);
}

/** `len(obj)` of a tuple, list, dict or set (or a subclass), else null. */
function containerSize(obj: PyObject): number | null {
  if (obj instanceof PyTuple || obj instanceof PyList) return obj.size;
  if (obj instanceof PyDict) return obj.used;
  if (obj instanceof PySet && isInstanceOfBuiltin(obj, 'set')) return obj.size;
  return null;
}

/** `_name_or_repr`: `__name__` when it is a str, else 40 chars of repr. */
function nameOrRepr(obj: PyObject, host: LabelHost): string {
  const name = dunderName(obj);
  return name ?? pyPrefix(host.repr(obj), 40);
}

/** `obj.__name__` when it exists and is a str. */
function dunderName(obj: PyObject): string | null {
  if (obj instanceof PyType || obj instanceof PyBuiltinFunction) return obj.name;
  if (obj instanceof PyFunction) return obj.name.value;
  if (obj instanceof PyModule) return strValue(obj.dict?.getByName('__name__') ?? null);
  if (obj instanceof PyInstance) return strValue(obj.getAttribute('__name__'));
  return null;
}

function strValue(obj: PyObject | null): string | null {
  return obj instanceof PyStr ? obj.value : null;
}

/** `_is_identifier`: `re.match('[a-zA-Z_][a-zA-Z_0-9]*$')`, whose `$` also matches before a final newline. */
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*\n?$/;

/**
 * `_edge_label(source, target)`: how `source` holds `target` — its `__dict__`, a frame's
 * locals or globals, a bound method's parts, a function attribute, or a dict key — or null.
 */
export function edgeLabel(
  source: PyObject,
  target: PyObject,
  host: LabelHost,
  shortnames: boolean,
): EdgeLabel | null {
  if (target instanceof PyDict && target === instanceDict(source)) return { text: '__dict__', weight: 10 };
  if (source instanceof PyFrame) {
    if (target === source.frame.locals) return { text: 'f_locals', weight: 10 };
    if (target === source.frame.globals) return { text: 'f_globals', weight: 10 };
  }
  if (source instanceof PyMethod) {
    if (target === source.self) return { text: '__self__', weight: 10 };
    if (target === source.func) return { text: '__func__', weight: 10 };
  }
  if (source instanceof PyFunction) {
    const name = functionAttributeHolding(source, target);
    if (name !== null) return { text: name, weight: 10 };
  }
  if (source instanceof PyDict) {
    for (const [key, value] of source.entries()) {
      if (value !== target) continue;
      if (key instanceof PyStr && IDENTIFIER.test(key.value)) return { text: key.value, weight: 2 };
      return { text: `${typenameOf(key, shortnames)}\n${safeRepr(key, host)}`, weight: null };
    }
  }
  return null;
}

/** `getattr(obj, '__dict__', None)` when it is the object's own dict (a class's is a mappingproxy). */
function instanceDict(obj: PyObject): PyDict | null {
  if (obj instanceof PyInstance || obj instanceof PyModule || obj instanceof PyFunction) return obj.dict;
  if ('dict' in obj && obj.dict instanceof PyDict && !(obj instanceof PyType)) return obj.dict;
  return null;
}

/** Function attributes that read as None while their slot is empty (`f.__closure__ is None`). */
const READ_AS_NONE = new Set(['__closure__', '__defaults__', '__doc__', '__kwdefaults__', '__module__']);

/**
 * The first name in `dir(func)` (sorted) whose value is `target`: the attributes a 3.11
 * function's `tp_traverse` can reach, plus the names in its `__dict__`. Attributes that
 * `getattr` would create or that hold method wrappers can never be `target` and are left out.
 */
function functionAttributeHolding(func: PyFunction, target: PyObject): string | null {
  const attributes: [string, PyObject | null][] = [
    ['__annotations__', func.annotations instanceof PyDict ? func.annotations : null],
    ['__builtins__', func.builtins],
    ['__closure__', func.closure],
    ['__code__', func.code],
    ['__defaults__', func.defaults],
    ['__dict__', func.dict],
    ['__doc__', func.doc],
    ['__globals__', func.globals],
    ['__kwdefaults__', func.kwdefaults],
    ['__module__', func.module],
    ['__name__', func.name],
    ['__qualname__', func.qualname],
  ];
  const isNone = target.type.name === 'NoneType' && target.type.module === 'builtins';
  const matches: string[] = [];
  for (const [name, value] of attributes) {
    if (value === target || (value === null && isNone && READ_AS_NONE.has(name))) matches.push(name);
  }
  for (const [key, value] of func.dict?.entries() ?? []) {
    if (value === target && key instanceof PyStr) matches.push(key.value);
  }
  if (matches.length === 0) return null;
  return matches.reduce((a, b) => (compareCodePoints(a, b) <= 0 ? a : b));
}
