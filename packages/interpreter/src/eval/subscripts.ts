import {
  PyDict,
  PyInstance,
  PyInt,
  PyList,
  type PyObject,
  PySlice,
  PyStr,
  PyTuple,
  PythonError,
} from '@memkit/runtime';
import { iterate } from './iteration';
import { keyError } from './raise';
import { callSpecial, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

function sequenceIndex(key: PyObject, length: number, what: string): number {
  if (!(key instanceof PyInt)) {
    throw new PythonError('TypeError', `${what} indices must be integers or slices, not ${key.type.name}`);
  }
  const i = Number(key.value);
  const index = i < 0 ? i + length : i;
  if (index < 0 || index >= length) throw new PythonError('IndexError', `${what} index out of range`);
  return index;
}

function sliceBound(value: PyObject, fallback: number): number {
  if (value instanceof PyInt) return Number(value.value);
  if (value.type.name === 'NoneType') return fallback;
  throw new PythonError('TypeError', 'slice indices must be integers or None or have an __index__ method');
}

/**
 * `PySlice_Unpack` + `PySlice_AdjustIndices` without the length: the bounds clamped to a sequence
 * of `length` (what `slice.indices(length)` returns). A negative step clamps to -1 … length-1.
 */
export function sliceBounds(slice: PySlice, length: number): { start: number; stop: number; step: number } {
  const step = sliceBound(slice.step, 1);
  if (step === 0) throw new PythonError('ValueError', 'slice step cannot be zero');
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + length : v, lo), hi);
  if (step > 0) {
    const start = clamp(sliceBound(slice.start, 0), 0, length);
    const stop = clamp(sliceBound(slice.stop, length), 0, length);
    return { start, stop, step };
  }
  const start = clamp(sliceBound(slice.start, length - 1), -1, length - 1);
  const stop = clamp(sliceBound(slice.stop, -length - 1), -1, length - 1);
  return { start, stop, step };
}

/** `PySlice_GetIndicesEx`: the indices a slice selects from a sequence of `length`. */
export function sliceIndices(slice: PySlice, length: number): number[] {
  const { start, stop, step } = sliceBounds(slice, length);
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** `list.__getitem__` / `tuple.__getitem__`: an item or a slice (a plain list/tuple). */
export function sequenceItem(vm: Vm, container: PyList | PyTuple, key: PyObject): PyObject {
  const rt = vm.runtime;
  const what = container instanceof PyList ? 'list' : 'tuple';
  if (key instanceof PySlice) {
    const items = sliceIndices(key, container.items.length).map((i) => rt.share(container.items[i]));
    return container instanceof PyList ? rt.newList(items) : rt.newTuple(items);
  }
  return rt.share(container.items[sequenceIndex(key, container.items.length, what)]);
}

/** `dict.__getitem__` (`dict_subscript`): a subclass's `__missing__` supplies absent keys. */
export function dictItem(vm: Vm, dict: PyDict, key: PyObject): PyObject {
  const rt = vm.runtime;
  const value = dict.get(key);
  if (value !== null) return rt.share(value);
  if (dict.type.isHeapType && lookupSpecial(dict.type, '__missing__') !== null)
    return callSpecial(vm, dict, '__missing__', [rt.share(key)]);
  throw keyError(rt, key);
}

/** `container[key]`; a new reference. */
export function getSubscript(vm: Vm, container: PyObject, key: PyObject): PyObject {
  const rt = vm.runtime;
  // A subclass of a builtin container may override the builtin's own `__getitem__`.
  if (
    container.type.isHeapType &&
    !(container instanceof PyInstance) &&
    lookupSpecial(container.type, '__getitem__') !== null
  )
    return callSpecial(vm, container, '__getitem__', [rt.share(key)]);
  if (container instanceof PyList || container instanceof PyTuple) return sequenceItem(vm, container, key);
  if (container instanceof PyDict) return dictItem(vm, container, key);
  if (container instanceof PyStr) {
    const chars = Array.from(container.value);
    if (key instanceof PySlice)
      return rt.newStr(
        sliceIndices(key, chars.length)
          .map((i) => chars[i])
          .join(''),
      );
    return rt.newStr(chars[sequenceIndex(key, chars.length, 'string')]);
  }
  if (container.type.isHeapType && lookupSpecial(container.type, '__getitem__') !== null) {
    return callSpecial(vm, container, '__getitem__', [rt.share(key)]);
  }
  throw new PythonError('TypeError', `'${container.type.name}' object is not subscriptable`);
}

/** `container[key] = value`; steals `value`. */
export function setSubscript(vm: Vm, container: PyObject, key: PyObject, value: PyObject): void {
  const rt = vm.runtime;
  if (container instanceof PyList && !(key instanceof PySlice)) {
    try {
      const index = sequenceIndex(key, container.items.length, 'list assignment');
      container.setItem(rt, index, value);
    } catch (error) {
      rt.decref(value);
      throw error;
    }
    return;
  }
  if (container instanceof PyList && key instanceof PySlice) {
    assignListSlice(vm, container, key, value);
    return;
  }
  if (
    container instanceof PyDict &&
    !(container.type.isHeapType && lookupSpecial(container.type, '__setitem__') !== null)
  ) {
    container.set(rt, rt.share(key), value);
    return;
  }
  if (container.type.isHeapType && lookupSpecial(container.type, '__setitem__') !== null) {
    rt.decref(callSpecial(vm, container, '__setitem__', [rt.share(key), value]));
    return;
  }
  rt.decref(value);
  throw new PythonError('TypeError', `'${container.type.name}' object does not support item assignment`);
}

/** `del container[key]`. */
export function deleteSubscript(vm: Vm, container: PyObject, key: PyObject): void {
  const rt = vm.runtime;
  if (container instanceof PyList) {
    if (key instanceof PySlice) {
      const indices = sliceIndices(key, container.items.length);
      if (indices.length > 0 && sliceBound(key.step, 1) === 1)
        container.deleteSlice(rt, indices[0], indices[indices.length - 1] + 1);
      else for (const i of indices.sort((a, b) => b - a)) rt.decref(container.pop(rt, i));
      return;
    }
    rt.decref(container.pop(rt, sequenceIndex(key, container.items.length, 'list assignment')));
    return;
  }
  if (container instanceof PyDict) {
    if (container.get(key) === null) throw keyError(rt, key);
    container.delete(rt, key);
    return;
  }
  if (container.type.isHeapType && lookupSpecial(container.type, '__delitem__') !== null) {
    rt.decref(callSpecial(vm, container, '__delitem__', [rt.share(key)]));
    return;
  }
  throw new PythonError('TypeError', `'${container.type.name}' object doesn't support item deletion`);
}

/**
 * `list[lo:hi] = iterable` (`list_ass_slice`): the list is resized around the gap, emptied
 * outright when nothing is left, and the replaced items released last to first. Steals `value`.
 */
function assignListSlice(vm: Vm, list: PyList, slice: PySlice, value: PyObject): void {
  const rt = vm.runtime;
  let values: PyObject[];
  try {
    values =
      value instanceof PyList || value instanceof PyTuple
        ? value.items.map((i) => rt.share(i))
        : [...iterate(vm, value)];
  } finally {
    rt.decref(value);
  }
  const indices = sliceIndices(slice, list.items.length);
  const step = sliceBound(slice.step, 1);
  if (step !== 1) {
    if (values.length !== indices.length) {
      for (const v of values) rt.decref(v);
      throw new PythonError(
        'ValueError',
        `attempt to assign sequence of size ${values.length} to extended slice of size ${indices.length}`,
      );
    }
    indices.forEach((index, i) => {
      list.setItem(rt, index, values[i]);
    });
    return;
  }
  const size = list.items.length;
  const lo = Math.min(
    Math.max(
      sliceBound(slice.start, 0) < 0 ? sliceBound(slice.start, 0) + size : sliceBound(slice.start, 0),
      0,
    ),
    size,
  );
  const hi = Math.max(lo, indices.length > 0 ? indices[indices.length - 1] + 1 : lo);
  if (size + values.length - (hi - lo) === 0) {
    list.clearItems(rt);
    return;
  }
  list.resize(rt, size + values.length - (hi - lo));
  const removed = list.items.splice(lo, hi - lo, ...values);
  for (let i = removed.length - 1; i >= 0; i--) rt.decref(removed[i]);
}
