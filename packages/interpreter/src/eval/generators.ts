import {
  GeneratorState,
  type PyBaseException,
  type PyGenerator,
  type PyObject,
  PythonError,
} from '@memkit/runtime';
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
  /**
   * `gi_exc_state`: exceptions the body was handling when it last yielded (an `except` clause
   * suspended mid-way), taken off the program's stack while the caller runs and put back on
   * resumption, so a bare `raise` or an exception's `__context__` sees the right one.
   */
  handling: PyBaseException[];
}

const runs = new WeakMap<PyGenerator, GeneratorRun>();

export function attachRun(gen: PyGenerator, run: GeneratorRun): void {
  runs.set(gen, run);
}

/** One step of a generator: a yielded value, or the value it returned (both new references). */
export interface GeneratorStep {
  done: boolean;
  value: PyObject;
}

/**
 * `gen_send_ex2`: resumes the body with `sent` (stolen; null means None) or, when `thrown` is
 * given (stolen), raises it at the paused `yield`. A body that raises StopIteration raises
 * RuntimeError instead (PEP 479). A finished generator yields nothing: `done` with None, or
 * `thrown` raised as is.
 */
export function stepGenerator(
  vm: Vm,
  gen: PyGenerator,
  sent: PyObject | null,
  thrown: PyBaseException | null = null,
): GeneratorStep {
  const rt = vm.runtime;
  const run = runs.get(gen);
  if (run === undefined || gen.state === GeneratorState.completed || gen.state === GeneratorState.cleared) {
    if (sent !== null) rt.decref(sent);
    if (thrown !== null) throw new PyRaise(thrown);
    return { done: true, value: rt.share(rt.none) };
  }
  if (gen.state === GeneratorState.executing) {
    if (sent !== null) rt.decref(sent);
    if (thrown !== null) rt.decref(thrown);
    throw new PythonError('ValueError', 'generator already executing');
  }
  const frame = run.frame;
  frame.back = vm.frame;
  vm.frame = frame;
  vm.depth++;
  gen.state = GeneratorState.executing;
  const handlingBase = vm.handling.length;
  if (run.handling.length > 0) vm.handling.push(...run.handling.splice(0));
  const events = rt.events;
  if (events.hasExecutionListeners) events.emitCall(frame.location);
  try {
    run.body ??= run.start(frame);
    const step =
      thrown !== null ? run.body.throw(new PyRaise(thrown)) : run.body.next(sent ?? rt.share(rt.none));
    if (!step.done) {
      gen.state = GeneratorState.suspended;
      if (vm.handling.length > handlingBase) run.handling = vm.handling.splice(handlingBase);
      return { done: false, value: step.value };
    }
    const returned = step.value === 3 && frame.returnValue !== null ? frame.returnValue : rt.share(rt.none);
    finish(vm, gen, run);
    return { done: true, value: returned };
  } catch (error) {
    vm.handling.length = handlingBase;
    const exception = toPyException(rt, error);
    addTracebackEntry(vm, exception, frame);
    finish(vm, gen, run);
    if (exception.type.isSubtypeOf(rt.types.StopIteration)) {
      const replacement = rt.newException(
        rt.types.RuntimeError,
        rt.newTuple([rt.newStr('generator raised StopIteration')]),
      );
      replacement.cause = exception;
      replacement.context = rt.share(exception);
      replacement.suppressContext = true;
      throw new PyRaise(replacement);
    }
    throw new PyRaise(exception);
  } finally {
    if (events.hasExecutionListeners) events.emitReturn(frame.location);
    vm.depth--;
    vm.frame = frame.back;
  }
}

/**
 * `gen.send(value)` / `next(gen)` for consumers that ignore the return value (for loops):
 * the yielded value (a new reference) or null when the body finished.
 */
export function resume(vm: Vm, gen: PyGenerator, sent: PyObject | null): PyObject | null {
  const step = stepGenerator(vm, gen, sent);
  if (!step.done) return step.value;
  vm.runtime.decref(step.value);
  return null;
}

/** `StopIteration(value)` as `gen.send()` raises it when the body returns; steals `value`. */
export function stopIteration(vm: Vm, value: PyObject): PyRaise {
  const rt = vm.runtime;
  const args = value === rt.none ? rt.share(rt.emptyTuple) : rt.newTuple([rt.share(value)]);
  rt.decref(value);
  return new PyRaise(rt.newException(rt.types.StopIteration, args));
}

function finish(vm: Vm, gen: PyGenerator, run: GeneratorRun): void {
  run.body = null;
  runs.delete(gen);
  run.handling = [];
  run.frame.clear(vm.runtime);
  // FRAME_CLEARED, as gen_send_ex2 leaves it: the generator no longer traverses or clears the
  // frame data, which a traceback's frame object may now own (clearing it again would lose the
  // code that traceback names).
  gen.state = GeneratorState.cleared;
}

/**
 * `gen.close()` / `_PyGen_Finalize`: GeneratorExit is raised at the paused `yield`, so
 * `finally` clauses and `except GeneratorExit` handlers run; a body that yields again is an error.
 */
export function closeGenerator(vm: Vm, gen: PyGenerator): void {
  const rt = vm.runtime;
  const run = runs.get(gen);
  if (run === undefined) return;
  if (run.body === null || gen.state !== GeneratorState.suspended) {
    // Never started: nothing to run (gen_close marks it finished).
    finish(vm, gen, run);
    return;
  }
  const exit = rt.newException(rt.types.GeneratorExit);
  let step: GeneratorStep;
  try {
    step = stepGenerator(vm, gen, null, exit);
  } catch (error) {
    const exception = toPyException(rt, error);
    if (
      exception.type.isSubtypeOf(rt.types.GeneratorExit) ||
      exception.type.isSubtypeOf(rt.types.StopIteration)
    ) {
      rt.decref(exception);
      return;
    }
    throw new PyRaise(exception);
  }
  rt.decref(step.value);
  if (!step.done) throw new PythonError('RuntimeError', 'generator ignored GeneratorExit');
}
