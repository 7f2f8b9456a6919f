import { CPYTHON_311, estimatedLog2Keysize, PyDict, type PyObject, PythonError } from '@memkit/runtime';
import { findAttribute } from './attributes';
import { callObject } from './calls';
import { iterate } from './iteration';
import { PyRaise } from './raise';
import { lookupSpecial } from './special-methods';
import { getSubscript } from './subscripts';
import type { Vm } from './vm';

/** `USABLE_FRACTION`: entries a table of `size` slots takes before it grows. */
function usableFraction(size: number): number {
  return Math.floor((size * 2) / 3);
}

/**
 * `dict_update_arg` (what `dict(arg)` and `d.update(arg)` do with their positional argument):
 * a dict is merged as `dict_merge` does it, another object with `keys()` through its keys and
 * `[key]`, anything else as an iterable of key/value pairs (`PyDict_MergeFromSeq2`).
 */
export function dictUpdateArg(vm: Vm, target: PyDict, arg: PyObject): void {
  if (arg instanceof PyDict && (!arg.type.isHeapType || lookupSpecial(arg.type, '__iter__') === null)) {
    mergeDict(vm, target, arg);
    return;
  }
  const keys = findAttribute(vm, arg, 'keys');
  if (keys !== null) {
    mergeMapping(vm, target, arg, keys);
    return;
  }
  mergeFromPairs(vm, target, arg);
}

/**
 * `PyDict_Update` (`dict_merge`), what a display's `**arg` does (`DICT_UPDATE`): a dict is
 * merged, another object through its `keys()` and `[key]`; without `keys` it is a TypeError
 * naming the object as no mapping.
 */
export function dictMerge(vm: Vm, target: PyDict, arg: PyObject): void {
  if (arg instanceof PyDict && (!arg.type.isHeapType || lookupSpecial(arg.type, '__iter__') === null)) {
    mergeDict(vm, target, arg);
    return;
  }
  const keys = findAttribute(vm, arg, 'keys');
  if (keys === null) throw new PythonError('TypeError', `'${arg.type.name}' object is not a mapping`);
  mergeMapping(vm, target, arg, keys);
}

/**
 * `dict_merge` for a dict source: into an empty dict, a combined source without holes that
 * was "just allocated" is cloned (same table size); otherwise the target is resized once for
 * both sizes when the source would not fit (a split source's keys count as all-str), then each
 * entry is inserted. `dict(instance.__dict__)` is 272 bytes, `dict({'x': 1, 'y': 2})` 184.
 */
function mergeDict(vm: Vm, target: PyDict, source: PyDict): void {
  const rt = vm.runtime;
  if (source === target || source.used === 0) return;
  const keys = source.keys;
  const split = source.shared !== null;
  const clone =
    target.used === 0 &&
    !split &&
    keys !== null &&
    source.used === keys.nentries &&
    (keys.log2size === CPYTHON_311.dictMinLog2Size || usableFraction(2 ** keys.log2size / 2) < source.used);
  if (clone && keys !== null) target.resize(rt, keys.log2size, keys.unicode);
  else {
    const size = target.keys === null ? 1 : 2 ** target.keys.log2size;
    if (usableFraction(size) < source.used)
      target.resize(rt, estimatedLog2Keysize(target.used + source.used), split || (keys?.unicode ?? true));
  }
  for (const [key, value] of [...source.entries()]) target.set(rt, rt.share(key), rt.share(value));
}

/** `dict_merge`'s generic path: `for key in arg.keys(): target[key] = arg[key]`. Steals `keys`. */
function mergeMapping(vm: Vm, target: PyDict, arg: PyObject, keys: PyObject): void {
  const rt = vm.runtime;
  let keyList: PyObject;
  try {
    keyList = callObject(vm, keys, [], null);
  } finally {
    rt.decref(keys);
  }
  try {
    for (const key of iterate(vm, keyList)) {
      try {
        target.set(rt, rt.share(key), getSubscript(vm, arg, key));
      } finally {
        rt.decref(key);
      }
    }
  } finally {
    rt.decref(keyList);
  }
}

/** `PyDict_MergeFromSeq2`: each item a 2-item iterable, with CPython's errors naming its index. */
function mergeFromPairs(vm: Vm, target: PyDict, arg: PyObject): void {
  const rt = vm.runtime;
  let index = 0;
  for (const pair of iterate(vm, arg)) {
    try {
      let items: PyObject[];
      try {
        items = [...iterate(vm, pair)];
      } catch (error) {
        const typeError =
          (error instanceof PythonError && error.pyType === 'TypeError') ||
          (error instanceof PyRaise && error.exception.type.isSubtypeOf(rt.types.TypeError));
        if (error instanceof PyRaise && typeError) rt.decref(error.exception);
        if (typeError)
          throw new PythonError(
            'TypeError',
            `cannot convert dictionary update sequence element #${index} to a sequence`,
          );
        throw error;
      }
      if (items.length !== 2) {
        for (const item of items) rt.decref(item);
        throw new PythonError(
          'ValueError',
          `dictionary update sequence element #${index} has length ${items.length}; 2 is required`,
        );
      }
      target.set(rt, items[0], items[1]);
    } finally {
      rt.decref(pair);
    }
    index++;
  }
}
