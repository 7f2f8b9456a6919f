import {
  type HeapView,
  PyBytes,
  PyDict,
  PyFloat,
  PyInt,
  PyList,
  type PyObject,
  PySet,
  PyStr,
  PyTuple,
  type Runtime,
  RuntimeHeapView,
} from '@memkit/runtime';

/**
 * What objgraph needs from the program it inspects: the read-only heap, plus the few Python
 * operations its labels and culling call (`repr`, truth, `sys.modules`) and the `gc.collect()`
 * it runs before counting. The Python module passes the interpreter's versions (which call
 * `__repr__` and `__bool__`); TypeScript callers get the runtime's defaults from `runtimeHost`.
 */
export interface ObjgraphHost {
  readonly heap: HeapView;
  /** `gc.collect()`, run where objgraph runs it: growth, new ids, leaks, chains and graphs. */
  readonly collect: () => void;
  /** `repr(obj)`; a thrown error makes objgraph label the object `(unrepresentable)`. */
  readonly repr: (obj: PyObject) => string;
  /** `bool(obj)`, for the "(bound)" mark of bound methods. */
  readonly isTrue: (obj: PyObject) => boolean;
  /** `sys.modules.get(name)`, which decides `is_proper_module`. */
  readonly sysModule: (name: string) => PyObject | null;
}

/**
 * The host for a `Runtime` used from TypeScript: its heap view, its collector, its builtin
 * `repr`, builtin truth values, and no `sys.modules` (the interpreter owns that table, so no
 * module counts as proper until a `sysModule` lookup is passed in `overrides`).
 */
export function runtimeHost(runtime: Runtime, overrides: Partial<ObjgraphHost> = {}): ObjgraphHost {
  return {
    heap: new RuntimeHeapView(runtime),
    collect: () => {
      runtime.collector.collect();
    },
    repr: (obj) => runtime.repr(obj),
    isTrue: builtinTruth,
    sysModule: () => null,
    ...overrides,
  };
}

/** `bool(obj)` for the builtin types; every other object is true, as without `__bool__`/`__len__`. */
export function builtinTruth(obj: PyObject): boolean {
  if (obj.type.name === 'NoneType' && obj.type.module === 'builtins') return false;
  if (obj instanceof PyInt) return obj.value !== 0 && obj.value !== 0n;
  if (obj instanceof PyFloat) return obj.value !== 0;
  if (obj instanceof PyStr) return obj.value.length > 0;
  if (obj instanceof PyBytes) return obj.value.length > 0;
  if (obj instanceof PyList || obj instanceof PyTuple) return obj.size > 0;
  if (obj instanceof PyDict) return obj.used > 0;
  if (obj instanceof PySet) return obj.size > 0;
  return true;
}
