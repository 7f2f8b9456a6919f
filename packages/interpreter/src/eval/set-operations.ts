import { PyDict, type PyObject, PySet } from '@memkit/runtime';
import type * as ast from '../parser/ast';
import { iterate } from './iteration';
import { updateSet } from './set-construction';
import type { Vm } from './vm';

/*
 * The set algebra of Objects/setobject.c (3.11), step for step: which operand is copied, which
 * is iterated and which table each key lands in decide the result's element order and size
 * (sys.getsizeof), so each function follows its C counterpart's branches.
 */

/** `make_new_set_basetype(Py_TYPE(so), iterable)`: a plain set or frozenset, subclasses dropped. */
function newBaseSet(vm: Vm, like: PySet, source: PyObject | null): PySet {
  const rt = vm.runtime;
  const result = rt.newSet([], !like.type.isSubtypeOf(rt.types.set));
  if (source === null) return result;
  try {
    updateSet(vm, result, source);
  } catch (error) {
    rt.decref(result);
    throw error;
  }
  return result;
}

/** `set_copy`. */
export function copySet(vm: Vm, so: PySet): PySet {
  return newBaseSet(vm, so, so);
}

/** Runs `body` on a new set, releasing it when body raises. */
function building(vm: Vm, result: PySet, body: (result: PySet) => void): PySet {
  try {
    body(result);
  } catch (error) {
    vm.runtime.decref(result);
    throw error;
  }
  return result;
}

/** `set_or` / `set_union`: a copy of the left, then each other merged in. */
export function union(vm: Vm, so: PySet, others: readonly PyObject[]): PySet {
  return building(vm, copySet(vm, so), (result) => {
    for (const other of others) if (other !== so) updateSet(vm, result, other);
  });
}

/**
 * `set_intersection`: between sets the smaller is iterated and probed in the larger; any other
 * iterable is walked, each item probed in so, until every key of so has been found. Matches
 * are added to a new empty set.
 */
export function intersection(vm: Vm, so: PySet, other: PyObject): PySet {
  const rt = vm.runtime;
  if (other === so) return copySet(vm, so);
  return building(vm, newBaseSet(vm, so, null), (result) => {
    if (other instanceof PySet) {
      const [big, small] = other.size > so.size ? [other, so] : [so, other];
      for (const key of [...small.table]) if (big.has(key)) result.add(rt, rt.share(key));
      return;
    }
    for (const item of iterate(vm, other)) {
      let found = false;
      try {
        found = so.has(item);
        if (found) result.add(rt, rt.share(item));
      } finally {
        rt.decref(item);
      }
      // Checked after each match only: every key of so found leaves the rest unread.
      if (found && result.size >= so.size) break;
    }
  });
}

/** `set_intersection_multi`: a copy without arguments, else intersected with each in turn. */
export function intersectionMulti(vm: Vm, so: PySet, others: readonly PyObject[]): PySet {
  const rt = vm.runtime;
  if (others.length === 0) return copySet(vm, so);
  let result: PySet = rt.share(so);
  for (const other of others) {
    try {
      const next = intersection(vm, result, other);
      rt.decref(result);
      result = next;
    } catch (error) {
      rt.decref(result);
      throw error;
    }
  }
  return result;
}

/** `set_intersection_update(_multi)`: the intersection built aside, then its body swapped in. */
export function intersectionUpdate(vm: Vm, so: PySet, others: readonly PyObject[]): void {
  const tmp = intersectionMulti(vm, so, others);
  so.swapBodies(tmp);
  vm.runtime.decref(tmp);
}

/**
 * `set_difference_update_internal`: discards other's keys (a set more than 8 times larger is
 * first cut down to the intersection), then drops the dummies if they are over a quarter.
 */
export function differenceUpdate(vm: Vm, so: PySet, other: PyObject): void {
  const rt = vm.runtime;
  if (other === so) {
    so.clearAll(rt);
    return;
  }
  if (other instanceof PySet) {
    const source = other.size >> 3 > so.size ? intersection(vm, so, other) : rt.share(other);
    try {
      for (const key of [...source.table]) so.discard(rt, key);
    } finally {
      rt.decref(source);
    }
  } else {
    for (const item of iterate(vm, other)) {
      try {
        so.discard(rt, item);
      } finally {
        rt.decref(item);
      }
    }
  }
  so.compactAfterRemovals(rt);
}

/**
 * `set_difference`: a copy-then-discard when other is not a set or dict, or when so is more
 * than four times its size; otherwise so's keys not in other added to a new set.
 */
export function difference(vm: Vm, so: PySet, other: PyObject): PySet {
  const rt = vm.runtime;
  const otherSize =
    other instanceof PySet
      ? other.size
      : other instanceof PyDict && other.type === rt.types.dict
        ? other.used
        : -1;
  if (otherSize < 0 || so.size >> 2 > otherSize)
    return building(vm, copySet(vm, so), (result) => differenceUpdate(vm, result, other));
  return building(vm, newBaseSet(vm, so, null), (result) => {
    for (const key of [...so.table]) {
      const present = other instanceof PySet ? other.has(key) : (other as PyDict).get(key) !== null;
      if (!present) result.add(rt, rt.share(key));
    }
  });
}

/** `set_difference_multi`: the difference with the first, then the others discarded in place. */
export function differenceMulti(vm: Vm, so: PySet, others: readonly PyObject[]): PySet {
  if (others.length === 0) return copySet(vm, so);
  return building(vm, difference(vm, so, others[0]), (result) => {
    for (const other of others.slice(1)) differenceUpdate(vm, result, other);
  });
}

/**
 * `set_symmetric_difference_update`: each key of other (a dict's keys, a set, or a set made of
 * the iterable) is discarded from so, or added when it was absent.
 */
export function symmetricDifferenceUpdate(vm: Vm, so: PySet, other: PyObject): void {
  const rt = vm.runtime;
  if (other === so) {
    so.clearAll(rt);
    return;
  }
  const toggle = (key: PyObject): void => {
    if (!so.discard(rt, key)) so.add(rt, rt.share(key));
  };
  if (other instanceof PyDict && other.type === rt.types.dict) {
    for (const [key] of [...other.entries()]) toggle(key);
    return;
  }
  const source = other instanceof PySet ? rt.share(other) : newBaseSet(vm, so, other);
  try {
    for (const key of [...source.table]) toggle(key);
  } finally {
    rt.decref(source);
  }
}

/** `set_symmetric_difference`: a set made of OTHER, updated with so (so CPython orders it). */
export function symmetricDifference(vm: Vm, so: PySet, other: PyObject): PySet {
  return building(vm, newBaseSet(vm, so, other), (result) => symmetricDifferenceUpdate(vm, result, so));
}

/** `set_issubset`: a non-set is first made a set (read to its end); so's keys are probed in it. */
export function isSubset(vm: Vm, so: PySet, other: PyObject): boolean {
  if (!(other instanceof PySet)) {
    const rt = vm.runtime;
    const whole = building(vm, rt.newSet(), (result) => updateSet(vm, result, other));
    try {
      return isSubset(vm, so, whole);
    } finally {
      rt.decref(whole);
    }
  }
  if (so.size > other.size) return false;
  for (const key of so.table) if (!other.has(key)) return false;
  return true;
}

/** `set_issuperset`: a set reverses to issubset; any other iterable is probed item by item. */
export function isSuperset(vm: Vm, so: PySet, other: PyObject): boolean {
  if (other instanceof PySet) return isSubset(vm, other, so);
  const rt = vm.runtime;
  for (const item of iterate(vm, other)) {
    try {
      if (!so.has(item)) return false;
    } finally {
      rt.decref(item);
    }
  }
  return true;
}

/** `set_isdisjoint`: the smaller exact set is iterated; any other iterable item by item. */
export function isDisjoint(vm: Vm, so: PySet, other: PyObject): boolean {
  const rt = vm.runtime;
  if (other === so) return so.size === 0;
  if (other instanceof PySet && (other.type === rt.types.set || other.type === rt.types.frozenset)) {
    const [big, small] = other.size > so.size ? [other, so] : [so, other];
    for (const key of small.table) if (big.has(key)) return false;
    return true;
  }
  for (const item of iterate(vm, other)) {
    try {
      if (so.has(item)) return false;
    } finally {
      rt.decref(item);
    }
  }
  return true;
}

/** `set_or`, `set_and`, `set_sub`, `set_xor` between two sets or frozensets; null for other operators. */
export function setBinaryOp(vm: Vm, op: ast.Operator, a: PySet, b: PySet): PyObject | null {
  switch (op) {
    case 'BitOr':
      return union(vm, a, [b]);
    case 'BitAnd':
      return intersection(vm, a, b);
    case 'Sub':
      return difference(vm, a, b);
    case 'BitXor':
      return symmetricDifference(vm, a, b);
    default:
      return null;
  }
}

/**
 * `set_ior`, `set_iand`, `set_isub`, `set_ixor` of a (mutable) set with another set: the set
 * itself updated and returned (a new reference); null when the slot returns NotImplemented.
 */
export function setInplaceOp(vm: Vm, op: ast.Operator, so: PySet, other: PyObject): PyObject | null {
  if (!(other instanceof PySet)) return null;
  switch (op) {
    case 'BitOr':
      updateSet(vm, so, other);
      break;
    case 'BitAnd':
      intersectionUpdate(vm, so, [other]);
      break;
    case 'Sub':
      differenceUpdate(vm, so, other);
      break;
    case 'BitXor':
      symmetricDifferenceUpdate(vm, so, other);
      break;
    default:
      return null;
  }
  return vm.runtime.share(so);
}
