import {
  CPYTHON_311,
  type ModuleDefinition,
  type PyDict,
  type PyFunction,
  type PyGenerator,
  PyInt,
  type PyModule,
  type PyObject,
  PyStr,
  PythonError,
  Runtime,
} from '@memkit/runtime';
import { builtinsDefinition, systemExit } from './eval/builtins';
import { callFunction, callObject, runFrame } from './eval/calls';
import { ConstantPool } from './eval/code-builder';
import { compileWarnings } from './eval/compile-warnings';
import { Compiler } from './eval/compiler';
import { Frame } from './eval/frame';
import { closeGenerator } from './eval/generators';
import { createInterpreterTypes } from './eval/interpreter-types';
import { PythonFrames } from './eval/python-frames';
import { PyRaise, toPyException } from './eval/raise';
import { buildScopes } from './eval/symtable';
import { PyTextStream } from './eval/text-stream';
import { addTracebackEntry, formatException } from './eval/tracebacks';
import { type ProgramIO, Vm } from './eval/vm';
import { parse } from './parser/parser';
import { PySyntaxError } from './parser/syntax-error';
import { atexitModule, ExitCallbacks } from './stdlib/atexit-module';
import { collectionsNativeModule } from './stdlib/collections-native';
import { mathModule } from './stdlib/math-module';
import { randomModule } from './stdlib/random-module';
import { sysGetsizeof } from './stdlib/sys-getsizeof';
import { timeModule } from './stdlib/time-module';
import { tracebackModule } from './stdlib/traceback-module';
import { reopenFinalizeAfterExit } from './stdlib/weakref-module';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Compiling nesting deeper than the host stack fails as CPython's compiler does past its limit. */
function compileOrRecursionError<T>(compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (isStackOverflow(error))
      throw new PythonError('RecursionError', 'maximum recursion depth exceeded during compilation');
    throw error;
  }
}

/** How a program is run. */
export interface RunOptions {
  /** The runtime to run on (default: a fresh one). */
  runtime?: Runtime;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** `sys.argv` (default: the filename alone). */
  argv?: readonly string[];
  /** Modules defined outside the interpreter (the tools' `tracemalloc`, …), importable by name. */
  modules?: readonly ModuleDefinition[];
}

/** What a run ended with: the exit status `python3` would give. */
export interface RunResult {
  exitCode: number;
}

/**
 * Runs Python source as `python3 file.py` does: stdout and stderr through the given writers, an
 * uncaught exception printed as a traceback with exit status 1, a syntax error with its caret.
 */
export class Interpreter {
  readonly runtime: Runtime;
  readonly vm: Vm;
  private readonly ownsRuntime: boolean;
  /** The first script ran (startup objects were promoted to the oldest generation). */
  private started = false;
  /** What `atexit.register` collected: run when a script ends. */
  private readonly exitCallbacks: ExitCallbacks;

  constructor(options: RunOptions = {}) {
    const io: ProgramIO = {
      stdout: options.stdout ?? ((text) => process.stdout.write(text)),
      stderr: options.stderr ?? ((text) => process.stderr.write(text)),
    };
    this.ownsRuntime = options.runtime === undefined;
    this.runtime = options.runtime ?? new Runtime({ stderr: io.stderr });
    this.vm = new Vm(this.runtime, io);
    this.runtime.events.frameSource = new PythonFrames(this.vm);
    this.exitCallbacks = new ExitCallbacks(this.vm);
    this.boot(options.argv ?? [], options.modules ?? []);
  }

  private boot(argv: readonly string[], modules: readonly ModuleDefinition[]): void {
    const vm = this.vm;
    const rt = this.runtime;
    vm.types = createInterpreterTypes(rt);
    vm.ellipsis = rt.newStaticSingleton(vm.types.ellipsis);
    vm.notImplemented = rt.newStaticSingleton(vm.types.notImplemented);
    rt.modules.define(builtinsDefinition(vm));
    for (const definition of [
      atexitModule(this.exitCallbacks),
      timeModule(),
      mathModule(),
      randomModule(),
      tracebackModule(vm),
      collectionsNativeModule(vm),
      ...modules,
    ]) {
      if (!rt.modules.has(definition.name)) rt.modules.define(definition);
    }
    vm.builtinsModule = rt.modules.import(rt, 'builtins');
    vm.builtins = vm.builtinsModule.dict as PyDict;
    vm.modules = rt.newDict();
    vm.modules.set(rt, rt.intern('builtins'), rt.share(vm.builtinsModule));
    // Only unraisable exceptions ("Exception ignored in") are formatted here: like
    // PyErr_WriteUnraisable, one without a traceback gets the running frame's entry.
    rt.formatException = (error) => {
      const exception = toPyException(rt, error);
      if (exception.traceback === null && vm.frame !== null) addTracebackEntry(vm, exception, vm.frame);
      try {
        return formatException(vm, exception);
      } finally {
        rt.decref(exception);
      }
    };
    const sys = vm.importModule('sys');
    const dict = sys.dict as PyDict;
    const set = (name: string, value: PyObject) => dict.set(rt, rt.intern(name), value);
    set('modules', rt.share(vm.modules));
    set('argv', rt.newList(argv.map((a) => rt.newStr(a))));
    // sys.stdout is sys.__stdout__ (and likewise stderr): one object, two references.
    const stdout = rt.adopt(new PyTextStream(vm.types.textStream, '<stdout>', (text) => vm.io.stdout(text)));
    const stderr = rt.adopt(new PyTextStream(vm.types.textStream, '<stderr>', (text) => vm.io.stderr(text)));
    set('stdout', stdout);
    set('__stdout__', rt.share(stdout));
    set('stderr', stderr);
    set('__stderr__', rt.share(stderr));
    const native = (name: string, fn: (args: readonly PyObject[]) => PyObject) => {
      const f = rt.newBuiltinFunction(name, rt.share(sys), rt.intern('sys'));
      f.implementation = { fn: (_rt, args) => fn(args) };
      set(name, f);
    };
    native('getrecursionlimit', () => rt.newInt(vm.recursionLimit));
    const getsizeof = rt.newBuiltinFunction('getsizeof', rt.share(sys), rt.intern('sys'));
    getsizeof.implementation = sysGetsizeof(vm);
    set('getsizeof', getsizeof);
    native('exit', (args) => {
      throw systemExit(vm, args);
    });
    native('setrecursionlimit', (args) => {
      const limit = args[0];
      if (!(limit instanceof PyInt))
        throw new PythonError('TypeError', `'${limit.type.name}' object cannot be interpreted as an integer`);
      if (Number(limit.value) < 1)
        throw new PythonError('ValueError', 'recursion limit must be greater or equal than 1');
      vm.recursionLimit = Number(limit.value);
      return rt.share(rt.none);
    });
    native('_getframe', (args) => {
      const depth = args[0] instanceof PyInt ? Number(args[0].value) : 0;
      let frame = vm.frame;
      for (let i = 0; i < depth && frame !== null; i++) frame = frame.back;
      if (frame === null) throw new PythonError('ValueError', 'call stack is not deep enough');
      return rt.share(rt.frameObjectOf(frame));
    });
    rt.decref(sys);
    // Python callables called from the runtime (weakref and gc callbacks, finalizers).
    const shareArgs = (args: readonly PyObject[]) => args.map((a) => rt.share(a));
    const shareKwargs = (kwargs: ReadonlyMap<string, PyObject> | null) =>
      kwargs === null ? null : new Map([...kwargs].map(([k, v]) => [k, rt.share(v)] as const));
    rt.types.function.call = (_rt, fn, args, kwargs) =>
      callFunction(vm, fn as PyFunction, shareArgs(args), shareKwargs(kwargs));
    rt.types.method.call = (_rt, method, args, kwargs) =>
      callObject(vm, method, shareArgs(args), shareKwargs(kwargs));
    rt.types.generator.finalizer = (_rt, gen) => closeGenerator(vm, gen as PyGenerator);
    // A script starts with what CPython's startup leaves on the free lists (only on a runtime
    // of our own: an embedder's runtime keeps its state).
    if (this.ownsRuntime) {
      rt.seedStartupSubclasses();
      rt.seedFreeLists();
    }
  }

  /**
   * Puts `value` into the `builtins` module as `name`, so every script run afterwards sees it
   * (as `python -m memory_profiler` injects `profile`). Takes a new reference to `value`; a
   * previous binding of the name is released.
   */
  setBuiltin(name: string, value: PyObject): void {
    const rt = this.runtime;
    this.vm.builtins.set(rt, rt.intern(name), rt.share(value));
  }

  /** `import name` as a script would do it: the module object (a new reference). */
  importModule(name: string): PyModule {
    return this.vm.importModule(name);
  }

  /** Runs a script; returns the exit status. */
  run(source: string, filename: string): RunResult {
    const vm = this.vm;
    const rt = this.runtime;
    vm.sources.set(filename, source.split(/\r\n|\r|\n/));
    let module: ReturnType<typeof parse>;
    try {
      module = parse(source, filename, { onWarning: (warning) => vm.io.stderr(warning.format()) });
    } catch (error) {
      if (error instanceof PySyntaxError) {
        vm.io.stderr(error.format());
        return { exitCode: 1 };
      }
      // Nesting deeper than the host stack: CPython's parser gives up with a bare MemoryError.
      if (isStackOverflow(error)) return { exitCode: this.report(new PythonError('MemoryError', '')) };
      throw error;
    }
    // A tree too deep for the walk is left to the compiler, which refuses it with RecursionError.
    try {
      for (const warning of compileWarnings(module, filename, vm.sources.get(filename)))
        vm.io.stderr(warning.format());
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
    }
    const main = this.mainModule(filename);
    const globals = main.dict as PyDict;
    if (this.ownsRuntime && !this.started) this.promoteStartupObjects();
    const pool = new ConstantPool(vm, vm.arena);
    let exitCode = 0;
    try {
      const code = compileOrRecursionError(() =>
        new Compiler(vm, filename, pool).compileModule(module, buildScopes(module)),
      );
      pool.release();
      const fn = rt.newFunction(code.code, rt.share(globals), rt.share(vm.builtins), {
        docFromConsts: false,
      });
      rt.decref(runFrame(vm, new Frame(vm, fn, rt.share(globals), code, null)));
    } catch (error) {
      exitCode = this.report(error);
    } finally {
      for (const obj of vm.arena.splice(0)) rt.decref(obj);
    }
    this.exitCallbacks.run();
    reopenFinalizeAfterExit(vm);
    return { exitCode };
  }

  /** Prints an uncaught exception like CPython; `SystemExit` sets the status instead. */
  private report(error: unknown): number {
    const rt = this.runtime;
    const vm = this.vm;
    if (error instanceof PySyntaxError) {
      vm.io.stderr(error.format());
      return 1;
    }
    const exception =
      error instanceof PyRaise || error instanceof PythonError ? toPyException(rt, error) : null;
    if (exception === null) throw error;
    try {
      if (exception.type === rt.types.SystemExit) {
        const code = exception.args?.items[0];
        if (code === undefined || code === rt.none) return 0;
        if (code instanceof PyInt) return Number(code.value);
        vm.io.stderr(`${code instanceof PyStr ? code.value : rt.repr(code)}\n`);
        return 1;
      }
      vm.io.stderr(formatException(vm, exception));
      return 1;
    } finally {
      rt.decref(exception);
    }
  }

  /**
   * CPython's startup runs collections of the young generations that leave every object made
   * while starting — builtins, sys, the `__main__` module and its dict — in the oldest one, so a
   * script's `gc.get_referrers(globals())` lists its functions before the module and
   * `gc.get_objects(generation=2)` holds them. Done once, on a runtime of our own; the counts
   * are left as they are.
   */
  private promoteStartupObjects(): void {
    this.started = true;
    const generations = this.runtime.gc.generations;
    const oldest = generations[generations.length - 1];
    for (const generation of generations) if (generation !== oldest) generation.mergeInto(oldest);
    const count = this.runtime.gc.count;
    CPYTHON_311.startupGcCount.forEach((n, i) => {
      count[i] = n;
    });
  }

  private mainModule(filename: string): PyModule {
    const rt = this.runtime;
    const vm = this.vm;
    const main = rt.newModule(rt.intern('__main__'));
    const globals = main.dict as PyDict;
    // pylifecycle's add_main_module: `__annotations__` first, then `__builtins__`.
    globals.set(rt, rt.intern('__annotations__'), rt.newDict());
    globals.set(rt, rt.intern('__builtins__'), rt.share(vm.builtinsModule));
    globals.set(rt, rt.intern('__file__'), rt.newStr(filename));
    globals.set(rt, rt.intern('__cached__'), rt.share(rt.none));
    vm.modules.set(rt, rt.intern('__main__'), main);
    return main;
  }
}
