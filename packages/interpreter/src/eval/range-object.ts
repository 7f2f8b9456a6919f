import { PyInt, type PyObject, type PyRange, PythonError } from '@memkit/runtime';
import { callSpecial, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

/**
 * `range(...)` (`range_from_array`): the range holds its arguments themselves when they are
 * exact ints (`PyNumber_Index` returns them unchanged), so `r = range(n)` adds a reference to
 * `n` and allocates no copy of it; 0 and 1 fill in a missing start and step.
 */
export function constructRange(vm: Vm, args: readonly PyObject[]): PyRange {
  const rt = vm.runtime;
  if (args.length === 0) throw new PythonError('TypeError', 'range expected at least 1 argument, got 0');
  if (args.length > 3)
    throw new PythonError('TypeError', `range expected at most 3 arguments, got ${args.length}`);
  if (args.length === 1) {
    const stop = numberIndex(vm, args[0]);
    return rt.newRangeOf(rt.newInt(0), stop, rt.newInt(1));
  }
  const start = numberIndex(vm, args[0]);
  let stop: PyInt;
  try {
    stop = numberIndex(vm, args[1]);
  } catch (error) {
    rt.decref(start);
    throw error;
  }
  let step: PyInt;
  try {
    // validate_step
    step = args.length === 3 ? numberIndex(vm, args[2]) : rt.newInt(1);
    if (step.value === 0 || step.value === 0n) {
      rt.decref(step);
      throw new PythonError('ValueError', 'range() arg 3 must not be zero');
    }
  } catch (error) {
    rt.decref(start);
    rt.decref(stop);
    throw error;
  }
  return rt.newRangeOf(start, stop, step);
}

/**
 * `PyNumber_Index`: an exact int itself (a new reference), a copy of an int subclass's value
 * (bool included), or what a class's `__index__` returns.
 */
function numberIndex(vm: Vm, obj: PyObject): PyInt {
  const rt = vm.runtime;
  if (obj instanceof PyInt) return obj.type === rt.types.int ? rt.share(obj) : rt.newInt(obj.value);
  if (obj.type.isHeapType && lookupSpecial(obj.type, '__index__') !== null) {
    const result = callSpecial(vm, obj, '__index__', []);
    if (!(result instanceof PyInt)) {
      rt.decref(result);
      throw new PythonError('TypeError', `__index__ returned non-int (type ${result.type.name})`);
    }
    if (result.type === rt.types.int) return result;
    const copy = rt.newInt(result.value);
    rt.decref(result);
    return copy;
  }
  throw new PythonError('TypeError', `'${obj.type.name}' object cannot be interpreted as an integer`);
}

/** `range`'s read-only members (`range_members`): start, stop and step, or null. */
export function rangeAttribute(vm: Vm, range: PyRange, name: string): PyObject | null {
  const rt = vm.runtime;
  if (name === 'start') return rt.share(range.start);
  if (name === 'stop') return rt.share(range.stop);
  if (name === 'step') return rt.share(range.step);
  return null;
}
