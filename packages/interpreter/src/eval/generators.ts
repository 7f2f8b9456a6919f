import { GeneratorState, type PyGenerator, type PyObject, PythonError } from '@memkit/runtime';
import type { CompletionValue } from './compiled-code';
import type { Frame } from './frame';
import { PyRaise, toPyException } from './raise';
import { addTracebackEntry } from './tracebacks';
import type { Vm } from './vm';

/** A compiled statement of a generator's body: yields values (new references), receives sent values. */
export type GenStmt = (frame: Frame) => Generator<PyObject, CompletionValue, PyObject>;

/** What runs a generator object: its frame and the suspended body. */
export interface GeneratorRun {
  readonly frame: Frame;
  body: Generator<PyObject, CompletionValue, PyObject> | null;
  readonly start: GenStmt;
}

const runs = new WeakMap<PyGenerator, GeneratorRun>();

export function attachRun(gen: PyGenerator, run: GeneratorRun): void {
  runs.set(gen, run);
}

/**
 * `gen.send(value)` / `next(gen)`: runs the body to its next `yield`. Returns the yielded value
 * (a new reference) or null when the body finished (StopIteration).
 */
export function resume(vm: Vm, gen: PyGenerator, sent: PyObject | null): PyObject | null {
  const rt = vm.runtime;
  const run = runs.get(gen);
  if (run === undefined || gen.state === GeneratorState.completed || gen.state === GeneratorState.cleared) {
    if (sent !== null) rt.decref(sent);
    return null;
  }
  if (gen.state === GeneratorState.executing)
    throw new PythonError('ValueError', 'generator already executing');
  const frame = run.frame;
  frame.back = vm.frame;
  vm.frame = frame;
  vm.depth++;
  gen.state = GeneratorState.executing;
  const events = rt.events;
  if (events.hasExecutionListeners) events.emitCall(frame.location);
  try {
    run.body ??= run.start(frame);
    const step = run.body.next(sent ?? rt.share(rt.none));
    if (!step.done) {
      gen.state = GeneratorState.suspended;
      return step.value;
    }
    if (step.value === 3 && frame.returnValue !== null) rt.decref(frame.returnValue);
    finish(vm, gen, run);
    return null;
  } catch (error) {
    const exception = toPyException(rt, error);
    addTracebackEntry(vm, exception, frame);
    finish(vm, gen, run);
    if (exception.type.isSubtypeOf(rt.types.StopIteration)) {
      rt.decref(exception);
      throw new PythonError('RuntimeError', 'generator raised StopIteration');
    }
    throw new PyRaise(exception);
  } finally {
    if (events.hasExecutionListeners) events.emitReturn(frame.location);
    vm.depth--;
    vm.frame = frame.back;
  }
}

function finish(vm: Vm, gen: PyGenerator, run: GeneratorRun): void {
  run.body = null;
  runs.delete(gen);
  run.frame.data.clear(vm.runtime);
  // FRAME_CLEARED, as gen_send_ex2 leaves it: the generator no longer traverses or clears the
  // frame data, which a traceback's frame object may now own (clearing it again would lose the
  // code that traceback names).
  gen.state = GeneratorState.cleared;
}

/** `gen.close()` / `_PyGen_Finalize`: a suspended body runs its `finally` blocks and ends. */
export function closeGenerator(vm: Vm, gen: PyGenerator): void {
  const run = runs.get(gen);
  if (run === undefined) return;
  if (run.body !== null && gen.state === GeneratorState.suspended) {
    const frame = run.frame;
    frame.back = vm.frame;
    vm.frame = frame;
    try {
      run.body.return(3);
    } finally {
      vm.frame = frame.back;
    }
  }
  finish(vm, gen, run);
}
