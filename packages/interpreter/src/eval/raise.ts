import {
  type PyBaseException,
  type PyObject,
  PyTuple,
  PyType,
  PythonError,
  type Runtime,
} from '@memkit/runtime';

/**
 * A Python exception in flight through TypeScript frames: the exception object it carries is
 * owned by the throw (one reference), handed to whoever catches it.
 */
export class PyRaise extends Error {
  readonly exception: PyBaseException;

  constructor(exception: PyBaseException) {
    super(exception.type.name);
    this.exception = exception;
  }
}

/** `KeyError(key)`: the key itself is the argument (its repr is what `str(e)` shows). */
export function keyError(runtime: Runtime, key: PyObject): PyRaise {
  return new PyRaise(runtime.newException(runtime.types.KeyError, runtime.newTuple([runtime.share(key)])));
}

/**
 * `_PyErr_SetObject`'s implicit chaining: an exception raised while `handled` is being handled
 * gets it as `__context__` (replacing an older one), unless that would make a cycle.
 */
export function chainContext(runtime: Runtime, raised: PyBaseException, handled: PyBaseException): void {
  if (raised === handled || raised.context === handled) return;
  for (let o = handled.context; o !== null; o = (o as PyBaseException).context ?? null) {
    if (o === raised) return;
  }
  const old = raised.context;
  raised.context = runtime.share(handled);
  if (old !== null) runtime.decref(old);
}

/** An error raised while `handled` is being handled: re-raised with `handled` as its context. */
export function raisedWhileHandling(runtime: Runtime, error: unknown, handled: PyBaseException): PyRaise {
  const raised = toPyException(runtime, error);
  chainContext(runtime, raised, handled);
  return new PyRaise(raised);
}

/** `raise T(message)` of a builtin exception type, by name (`TypeError`, `KeyError`, …). */
export function exceptionType(runtime: Runtime, name: string): PyType {
  const type = (runtime.types as unknown as Record<string, PyType | undefined>)[name];
  return type ?? runtime.types.RuntimeError;
}

/**
 * Turns anything thrown while running Python code into a Python exception object (a new
 * reference): a `PyRaise` gives up its exception, a runtime `PythonError` becomes an instance of
 * the named builtin type, a JavaScript stack overflow becomes `RecursionError`.
 */
export function toPyException(runtime: Runtime, error: unknown): PyBaseException {
  if (error instanceof PyRaise) return error.exception;
  if (error instanceof PythonError) {
    const args = error.message === '' ? [] : [runtime.newStr(error.message)];
    return runtime.newException(exceptionType(runtime, error.pyType), runtime.newTuple(args));
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    const message = runtime.newStr('maximum recursion depth exceeded');
    return runtime.newException(runtime.types.RecursionError, runtime.newTuple([message]));
  }
  throw error;
}

/** Does an except clause's `type` (a new reference, released here) match `exception`? */
export function clauseMatches(rt: Runtime, exception: PyObject, type: PyObject): boolean {
  try {
    return exceptionMatches(rt, exception, type);
  } finally {
    rt.decref(type);
  }
}

/**
 * Is `exception` an instance of `type` (or of one of the types in a tuple)? As CPython's
 * `check_except_type_valid`, anything but BaseException subclasses there is a TypeError.
 */
export function exceptionMatches(rt: Runtime, exception: PyObject, type: PyObject): boolean {
  const items = type instanceof PyTuple ? type.items : [type];
  for (const t of items) {
    if (!(t instanceof PyType && t.isSubtypeOf(rt.types.BaseException))) {
      throw new PythonError(
        'TypeError',
        'catching classes that do not inherit from BaseException is not allowed',
      );
    }
  }
  return items.some((t) => exception.type.isSubtypeOf(t as PyType));
}
