import type {
  PyBaseException,
  PyCode,
  PyDict,
  PyModule,
  PyObject,
  PyTraceback,
  Runtime,
} from '@memkit/runtime';
import { PythonError } from '@memkit/runtime';
import { COLLECTIONS_SOURCE } from '../stdlib/collections-module';
import { CONTEXTLIB_SOURCE } from '../stdlib/contextlib-module';
import { FUNCTOOLS_SOURCE } from '../stdlib/functools-module';
import { ITERTOOLS_SOURCE } from '../stdlib/itertools-module';
import { TYPES_SOURCE } from '../stdlib/types-module';
import { WEAKREF_SOURCE } from '../stdlib/weakref-module';
import type { CompiledCode } from './compiled-code';
import { execSource } from './exec';
import type { Frame } from './frame';
import type { InterpreterTypes } from './interpreter-types';
import { importQuietly, STARTUP_MODULES } from './quiet-import';
import type { SourcePosition } from './source-position';
import { makeSuper } from './super-object';

/** Standard-library modules the interpreter runs from Python source. */
const SOURCE_MODULES: Record<string, string> = {
  weakref: WEAKREF_SOURCE,
  types: TYPES_SOURCE,
  collections: COLLECTIONS_SOURCE,
  functools: FUNCTOOLS_SOURCE,
  itertools: ITERTOOLS_SOURCE,
  contextlib: CONTEXTLIB_SOURCE,
};

/** Where a running program's output goes. */
export interface ProgramIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The state of one running Python program: its runtime, builtins, imported modules, the
 * current frame and the compiled form of every code object it made.
 */
export class Vm {
  readonly runtime: Runtime;
  readonly io: ProgramIO;
  types!: InterpreterTypes;
  /** The `Ellipsis` (`...`) and `NotImplemented` singletons. */
  ellipsis!: PyObject;
  notImplemented!: PyObject;
  builtins!: PyDict;
  builtinsModule!: PyModule;
  /** `sys.modules`. */
  modules!: PyDict;
  frame: Frame | null = null;
  depth = 0;
  recursionLimit = 1000;
  /** Exceptions being handled (innermost last): what a bare `raise` re-raises. */
  readonly handling: PyBaseException[] = [];
  readonly codes = new WeakMap<PyCode, CompiledCode>();
  /**
   * Objects the parser made for the main script's constants: CPython's AST arena holds one
   * reference to each until the script ends, which `sys.getrefcount` shows.
   */
  readonly arena: PyObject[] = [];
  /** Source text of each file run, for traceback lines. */
  readonly sources = new Map<string, string[]>();

  constructor(runtime: Runtime, io: ProgramIO) {
    this.runtime = runtime;
    this.io = io;
  }

  /** Where each traceback entry's instruction is, for the position carets under its line. */
  readonly tracebackPositions = new WeakMap<PyTraceback, SourcePosition>();

  /** Line `lineno` of a file run by this program, unstripped. */
  sourceLine(filename: string, lineno: number): string | null {
    return this.sources.get(filename)?.[lineno - 1] ?? null;
  }

  /** `import name`: the module from `sys.modules`, or a builtin module made on first import. */
  importModule(name: string): PyModule {
    const rt = this.runtime;
    const key = rt.intern(name);
    try {
      const known = this.modules.get(key);
      if (known !== null) return rt.share(known) as PyModule;
      const source = SOURCE_MODULES[name];
      if (source !== undefined) return importQuietly(rt, () => this.importSource(name, source, key));
      const definition = rt.modules.definition(name);
      if (definition === undefined) throw new PythonError('ModuleNotFoundError', `No module named '${name}'`);
      const load = (): PyModule => {
        const module = rt.modules.import(rt, name);
        this.modules.set(rt, rt.share(key), rt.share(module));
        if (definition.source !== undefined) this.runModuleSource(name, definition.source, module, key);
        return module;
      };
      // A module CPython's startup imported, or a tool's Python half: see quiet-import.ts.
      if (STARTUP_MODULES.has(name) || definition.source !== undefined) {
        return importQuietly(rt, load, definition.importFreeListChange);
      }
      return load();
    } finally {
      rt.decref(key);
    }
  }

  /** A standard-library module written in Python: a new module object, its source run in it. */
  private importSource(name: string, source: string, key: PyObject): PyModule {
    const rt = this.runtime;
    const module = rt.newModule(rt.intern(name));
    this.modules.set(rt, rt.share(key), rt.share(module));
    try {
      execSource(this, source, `<frozen ${name}>`, module.dict as PyDict, false);
    } catch (error) {
      this.modules.delete(rt, key);
      rt.decref(module);
      throw error;
    }
    return module;
  }

  /**
   * The Python half of a module defined in TypeScript, run once in its namespace on first
   * import; a failure unregisters the module from `sys.modules`, as a failed import does.
   */
  private runModuleSource(name: string, source: string, module: PyModule, key: PyObject): void {
    const rt = this.runtime;
    try {
      execSource(this, source, `<frozen ${name}>`, module.dict as PyDict, false);
    } catch (error) {
      this.modules.delete(rt, key);
      rt.decref(module);
      throw error;
    }
  }

  makeSuper(): PyObject {
    return makeSuper(this, this.types.super);
  }
}
