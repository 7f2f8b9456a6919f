import { PyGenerator, PyIterator, type PyObject, PythonError } from '@memkit/runtime';
import { DictView } from './dict-views';
import { resume } from './generators';
import { NativeIterator } from './native-iterators';
import { PyRaise, toPyException } from './raise';
import { callSpecial, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

/** What a TypeError says about a value that is not iterable, given its type's name. */
export type NotIterableMessage = (typeName: string) => string;

const notIterable: NotIterableMessage = (name) => `'${name}' object is not iterable`;

/** `iter(obj)` (`PyObject_GetIter`): a new reference to an iterator. */
export function getIterator(vm: Vm, obj: PyObject, message: NotIterableMessage = notIterable): PyObject {
  const rt = vm.runtime;
  if (obj instanceof PyIterator || obj instanceof NativeIterator || obj instanceof PyGenerator)
    return rt.share(obj);
  if (obj instanceof DictView) return obj.iterator(vm);
  // A class's own __iter__ comes before the builtin base's (a list or dict subclass may iterate
  // otherwise: tp_iter is the subclass's slot).
  if (obj.type.isHeapType && lookupSpecial(obj.type, '__iter__') !== null) {
    return callSpecial(vm, obj, '__iter__', []);
  }
  const builtin = rt.newIterator(obj);
  if (builtin !== null) return builtin;
  throw new PythonError('TypeError', message(obj.type.name));
}

/** `GET_ITER` on a value the caller owns: the iterator (a new reference); the value is released. */
export function takeIterator(vm: Vm, source: PyObject): PyObject {
  try {
    return getIterator(vm, source);
  } finally {
    vm.runtime.decref(source);
  }
}

/** `next(it)`: the next item (a new reference) or null when exhausted (StopIteration swallowed). */
export function nextItem(vm: Vm, iterator: PyObject): PyObject | null {
  if (iterator instanceof PyIterator) return iterator.next(vm.runtime);
  if (iterator instanceof NativeIterator) return iterator.next(vm);
  if (iterator instanceof PyGenerator) return resume(vm, iterator, null);
  if (iterator.type.isHeapType && lookupSpecial(iterator.type, '__next__') !== null) {
    try {
      return callSpecial(vm, iterator, '__next__', []);
    } catch (error) {
      const exception = toPyException(vm.runtime, error);
      if (exception.type.isSubtypeOf(vm.runtime.types.StopIteration)) {
        vm.runtime.decref(exception);
        return null;
      }
      throw new PyRaise(exception);
    }
  }
  throw new PythonError('TypeError', `'${iterator.type.name}' object is not an iterator`);
}

/**
 * Iterates `obj` from TypeScript: each item is a new reference the consumer owns. The iterator
 * object is released when the loop ends, however it ends.
 */
export function* iterate(vm: Vm, obj: PyObject): Generator<PyObject> {
  const iterator = getIterator(vm, obj);
  try {
    for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) yield item;
  } finally {
    vm.runtime.decref(iterator);
  }
}

/**
 * `*iterable` in a display, call or unpacking: appends its items (new references) to `out`;
 * steals `source`. `message` is the error each of those sites gives for a non-iterable.
 */
export function unpackInto(
  vm: Vm,
  source: PyObject,
  out: PyObject[],
  message: NotIterableMessage = notIterable,
): void {
  try {
    const iterator = getIterator(vm, source, message);
    try {
      for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) out.push(item);
    } finally {
      vm.runtime.decref(iterator);
    }
  } finally {
    vm.runtime.decref(source);
  }
}
