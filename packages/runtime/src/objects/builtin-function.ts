import { CPYTHON_311 } from '../cpython-311';
import type { NativeFunctionSpec } from '../modules/native-module';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { PyModule } from './module';
import type { PyType } from './type';

/**
 * A function or method implemented in C (`PyCFunctionObject`, 56 bytes + 16 GC head), tracked
 * from creation. Its name and docstring live in a static `PyMethodDef`, not in objects; it holds
 * `self` — the module for a module function (`len` → `builtins`), the bound object for a method
 * (`[].append` → the list) — and the module name (`__module__`) of module functions.
 */
export class PyBuiltinFunction extends PyObject {
  /** `ml_name`. */
  readonly name: string;
  /** `ml_doc`. */
  readonly doc: string | null;
  readonly self: PyObject | null;
  readonly module: PyObject | null;
  /** What a call runs, for functions defined in TypeScript (`ModuleDefinition`). */
  implementation: NativeFunctionSpec | null = null;

  constructor(
    type: PyType,
    name: string,
    doc: string | null,
    self: PyObject | null,
    module: PyObject | null,
  ) {
    super(type);
    this.name = name;
    this.doc = doc;
    this.self = self;
    this.module = module;
  }

  /** True for a method bound to an object (`[].append`), false for a module function (`len`). */
  get isBoundMethod(): boolean {
    return this.self !== null && !(this.self instanceof PyModule);
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.builtinFunction;
  }

  /** `meth_traverse`: self, then the module name. */
  override traverse(visit: Visitor): void {
    if (this.self !== null) visit(this.self);
    if (this.module !== null) visit(this.module);
  }

  dealloc(runtime: Runtime): void {
    if (this.self !== null) runtime.decref(this.self);
    if (this.module !== null) runtime.decref(this.module);
    runtime.freeObject(this);
  }
}
