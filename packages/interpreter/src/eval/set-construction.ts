import { PyDict, type PyObject, PySet, type PyType, PythonError } from '@memkit/runtime';
import { iterate } from './iteration';
import type { Vm } from './vm';

/**
 * `set_update_internal`: a set or dict source is merged with one presize for all its keys
 * (`set_merge`: `set(set(range(100)))` is 4312 bytes, not the 8408 adding one by one gives),
 * any other iterable added item by item.
 */
export function updateSet(vm: Vm, set: PySet, source: PyObject): void {
  const rt = vm.runtime;
  if (source instanceof PySet) {
    set.merge(rt, source);
    return;
  }
  // PyDict_CheckExact: a dict subclass may iterate otherwise (its own __iter__).
  if (source instanceof PyDict && source.type === rt.types.dict) {
    const keys = [...source.entries()].map(([key]) => key);
    set.reserveForMerge(rt, keys.length);
    for (const key of keys) set.add(rt, rt.share(key));
    return;
  }
  for (const item of iterate(vm, source)) addToSet(rt, set, item);
}

/** `SET_ADD` / `set_add_key`, releasing the item when it is unhashable (`set.add` raises before taking it). */
export function addToSet(rt: Vm['runtime'], set: PySet, item: PyObject): void {
  try {
    set.add(rt, item);
  } catch (error) {
    rt.decref(item);
    throw error;
  }
}

/**
 * `set.__init__(self, iterable=())` (`set_init`): empties the set, then adds the iterable's
 * items. Steals `args`.
 */
export function initSet(vm: Vm, set: PySet, args: PyObject[]): void {
  const rt = vm.runtime;
  try {
    if (args.length > 1)
      throw new PythonError('TypeError', `${set.type.name} expected at most 1 argument, got ${args.length}`);
    if (set.table.fill > 0) set.clearAll(rt);
    if (args.length === 1) updateSet(vm, set, args[0]);
  } finally {
    for (const arg of args) rt.decref(arg);
  }
}

/**
 * `frozenset.__new__(cls, iterable=())` for a subclass (`make_new_set(type, iterable)`): an
 * instance of cls holding the iterable's items. Borrows `args`.
 */
export function newFrozenSetInstance(vm: Vm, cls: PyType, args: readonly PyObject[]): PySet {
  const rt = vm.runtime;
  if (args.length > 1)
    throw new PythonError('TypeError', `${cls.name} expected at most 1 argument, got ${args.length}`);
  const exact = cls === rt.types.frozenset;
  // frozenset_vectorcall: an exact frozenset argument is the result itself.
  if (exact && args.length === 1 && args[0].type === rt.types.frozenset) return rt.share(args[0] as PySet);
  const set = exact ? rt.newSet([], true) : rt.newSetOfType(cls);
  try {
    if (args.length === 1) updateSet(vm, set, args[0]);
  } catch (error) {
    rt.decref(set);
    throw error;
  }
  return set;
}

/** `set.__new__(cls)` (`make_new_set(type, NULL)`): an empty instance of cls, filled by `__init__`. */
export function newSetInstance(vm: Vm, cls: PyType): PySet {
  const rt = vm.runtime;
  return cls === rt.types.set ? rt.newSet() : rt.newSetOfType(cls);
}
