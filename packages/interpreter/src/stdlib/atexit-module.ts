import { type ModuleDefinition, type PyObject, PythonError } from '@memkit/runtime';
import { callObject, isCallable } from '../eval/calls';
import { equals } from '../eval/operators';
import { repr } from '../eval/text';
import type { Vm } from '../eval/vm';

/** One `atexit.register(func, *args, **kwargs)`: the references it owns. */
interface ExitCallback {
  readonly func: PyObject;
  readonly args: readonly PyObject[];
  readonly kwargs: ReadonlyMap<string, PyObject> | null;
}

/**
 * The callbacks a program registered with `atexit`, run when its script ends (CPython's
 * `Py_FinalizeEx` calls them after the main module, also after an uncaught exception): what
 * makes `weakref.finalize` objects fire at exit.
 */
export class ExitCallbacks {
  private callbacks: ExitCallback[] = [];

  constructor(private readonly vm: Vm) {}

  /** Takes new references to everything in `callback`. */
  register(callback: ExitCallback): void {
    const rt = this.vm.runtime;
    this.callbacks.push({
      func: rt.share(callback.func),
      args: callback.args.map((a) => rt.share(a)),
      kwargs:
        callback.kwargs === null ? null : new Map([...callback.kwargs].map(([k, v]) => [k, rt.share(v)])),
    });
  }

  /**
   * Drops every registration whose function `== func` (atexit_unregister's
   * `PyObject_RichCompareBool`, registered function on the left); an `__eq__` that raises stops
   * the scan with the registrations before it already gone, as in CPython.
   */
  unregister(func: PyObject): void {
    let i = 0;
    while (i < this.callbacks.length) {
      const callback = this.callbacks[i];
      if (equals(this.vm, callback.func, func)) {
        this.callbacks.splice(i, 1);
        this.release(callback);
      } else {
        i++;
      }
    }
  }

  get count(): number {
    return this.callbacks.length;
  }

  /**
   * `atexit._run_exitfuncs`: last registered first; a callback that raises is reported as
   * atexit_callfuncs does ("Exception ignored in atexit callback: …") and the rest still run.
   */
  run(): void {
    const rt = this.vm.runtime;
    while (this.callbacks.length > 0) {
      const callback = this.callbacks.pop() as ExitCallback;
      try {
        const args = callback.args.map((a) => rt.share(a));
        const kwargs =
          callback.kwargs === null ? null : new Map([...callback.kwargs].map(([k, v]) => [k, rt.share(v)]));
        rt.decref(callObject(this.vm, callback.func, args, kwargs));
      } catch (error) {
        rt.writeStderr(
          `Exception ignored in atexit callback: ${repr(this.vm, callback.func)}\n${rt.formatException(error)}`,
        );
      } finally {
        this.release(callback);
      }
    }
  }

  private release(callback: ExitCallback): void {
    const rt = this.vm.runtime;
    rt.decref(callback.func);
    for (const arg of callback.args) rt.decref(arg);
    if (callback.kwargs !== null) for (const value of callback.kwargs.values()) rt.decref(value);
  }
}

/** `atexit`: register, unregister and the private helpers CPython's module has. */
export function atexitModule(callbacks: ExitCallbacks): ModuleDefinition {
  return {
    name: 'atexit',
    doc: 'allow programmer to define multiple exit functions to be executed\nupon normal program termination.\n\nTwo public functions, register and unregister, are defined.\n',
    functions: {
      register: {
        fn: (rt, args, kwargs) => {
          if (args.length === 0)
            throw new PythonError('TypeError', 'register() takes at least 1 argument (0 given)');
          if (!isCallable(args[0])) throw new PythonError('TypeError', 'the first argument must be callable');
          callbacks.register({ func: args[0], args: args.slice(1), kwargs });
          return rt.share(args[0]);
        },
      },
      unregister: {
        fn: (rt, args) => {
          if (args.length !== 1)
            throw new PythonError(
              'TypeError',
              `atexit.unregister() takes exactly one argument (${args.length} given)`,
            );
          callbacks.unregister(args[0]);
          return rt.share(rt.none);
        },
      },
      _run_exitfuncs: {
        fn: (rt) => {
          callbacks.run();
          return rt.share(rt.none);
        },
      },
      _ncallbacks: { fn: (rt) => rt.newInt(callbacks.count) },
    },
  };
}
