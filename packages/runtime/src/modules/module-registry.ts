import { PythonError } from '../errors';
import type { PyModule } from '../objects/module';
import type { Runtime } from '../runtime';
import type { ModuleDefinition } from './native-module';

/**
 * The builtin modules a runtime can import: definitions registered by the runtime itself (`sys`,
 * `gc`, `_weakref`) and by tools (`tracemalloc`, `objgraph`, …), each instantiated once, on its
 * first import, as CPython's `PyModule_Create` + `PyModule_AddFunctions` does.
 */
export class ModuleRegistry {
  private readonly definitions = new Map<string, ModuleDefinition>();
  private readonly modules = new Map<string, PyModule>();

  /** Registers a module; a name can be defined once. */
  define(definition: ModuleDefinition): void {
    if (this.definitions.has(definition.name)) {
      throw new PythonError('ImportError', `module '${definition.name}' is already defined`);
    }
    this.definitions.set(definition.name, definition);
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** The definition registered under `name`, or undefined. */
  definition(name: string): ModuleDefinition | undefined {
    return this.definitions.get(name);
  }

  /** The module object (a new reference), created on first use; `ModuleNotFoundError` if unknown. */
  import(runtime: Runtime, name: string): PyModule {
    const existing = this.modules.get(name);
    if (existing !== undefined) return runtime.share(existing);
    const definition = this.definitions.get(name);
    if (definition === undefined) {
      throw new PythonError('ModuleNotFoundError', `No module named '${name}'`);
    }
    const doc = definition.doc === undefined ? null : runtime.newStr(definition.doc);
    const module = runtime.newModule(runtime.intern(name), doc);
    const namespace = module.dict;
    if (namespace === null) throw new Error(`module ${name} was created without a namespace`);
    for (const [functionName, spec] of Object.entries(definition.functions)) {
      const fn = runtime.newBuiltinFunction(functionName, runtime.share(module), runtime.intern(name));
      fn.implementation = spec;
      namespace.set(runtime, runtime.intern(functionName), fn);
    }
    for (const [attribute, value] of Object.entries(definition.attributes?.(runtime) ?? {})) {
      namespace.set(runtime, runtime.intern(attribute), value);
    }
    this.modules.set(name, module);
    return runtime.share(module);
  }
}
