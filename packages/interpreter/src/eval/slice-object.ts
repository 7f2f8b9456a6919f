import { PyInt, type PyObject, type PySlice, PythonError, type Runtime } from '@memkit/runtime';
import { sliceBounds } from './subscripts';
import type { Vm } from './vm';

/** `slice`'s read-only members (`slice_members`, `READONLY`): a store raises this. */
export const SLICE_MEMBERS: readonly string[] = ['start', 'stop', 'step'];

/**
 * `slice_new`: `slice(stop)` or `slice(start, stop[, step])`, built by `PySlice_New` so the
 * interpreter's one-slot slice cache supplies the block when it holds one, as for `x[i:j]`.
 */
export function constructSlice(rt: Runtime, args: readonly PyObject[]): PySlice {
  if (args.length === 0) throw new PythonError('TypeError', 'slice expected at least 1 argument, got 0');
  if (args.length > 3)
    throw new PythonError('TypeError', `slice expected at most 3 arguments, got ${args.length}`);
  const none = rt.none;
  const [start, stop, step] = args.length === 1 ? [none, args[0], none] : [args[0], args[1], args[2] ?? none];
  return rt.newSlice(rt.share(start), rt.share(stop), rt.share(step));
}

/** A slice's member `name` (a new reference), its bound `indices` method, or null. */
export function sliceAttribute(vm: Vm, slice: PySlice, name: string): PyObject | null {
  const rt = vm.runtime;
  if (name === 'start') return rt.share(slice.start);
  if (name === 'stop') return rt.share(slice.stop);
  if (name === 'step') return rt.share(slice.step);
  if (name !== 'indices') return null;
  const method = rt.newBuiltinFunction(name, rt.share(slice));
  method.implementation = { fn: (runtime, args) => sliceIndicesMethod(runtime, slice, args) };
  return method;
}

/** `slice.indices(length)` (`slice_indices`): the clamped (start, stop, step) for a sequence of `length`. */
function sliceIndicesMethod(rt: Runtime, slice: PySlice, args: readonly PyObject[]): PyObject {
  if (args.length !== 1)
    throw new PythonError('TypeError', `slice.indices() takes exactly one argument (${args.length} given)`);
  const [length] = args;
  if (!(length instanceof PyInt))
    throw new PythonError('TypeError', `'${length.type.name}' object cannot be interpreted as an integer`);
  const n = Number(length.value);
  if (n < 0) throw new PythonError('ValueError', 'length should not be negative');
  const { start, stop, step } = sliceBounds(slice, n);
  return rt.newTuple([rt.newInt(start), rt.newInt(stop), rt.newInt(step)]);
}
