import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyCode } from './code';
import { PyDict } from './dict';
import type { PyStr } from './str';
import { PyTuple } from './tuple';
import type { PyType } from './type';

/** What `MAKE_FUNCTION` adds to a new function; every object is a reference the function takes over. */
export interface FunctionOptions {
  /** Default: the code's `co_qualname`. */
  qualname?: PyStr;
  defaults?: PyTuple | null;
  kwdefaults?: PyDict | null;
  /** A tuple of cells, one per free variable of the code. */
  closure?: PyTuple | null;
  /** The `(name, value, …)` tuple `MAKE_FUNCTION` builds, or a dict. */
  annotations?: PyObject | null;
  /**
   * Take the docstring from `co_consts[0]` (`PyFunction_New`, default). False for the function
   * `PyEval_EvalCode` wraps module code in, whose `__doc__` is None.
   */
  docFromConsts?: boolean;
}

/**
 * A Python function (`PyFunctionObject`, 136 bytes + 16 GC head), tracked from creation.
 *
 * Its name, qualname and docstring are shared with its code object; defaults, keyword
 * defaults, the closure (a tuple of cells) and annotations are set by `MAKE_FUNCTION`. The
 * `__dict__` exists only once an attribute is stored, which is why `def f(): pass; f.me = f`
 * leaves two objects to the collector. Annotations stay the tuple `MAKE_FUNCTION` built until
 * `__annotations__` is read.
 */
export class PyFunction extends PyObject {
  code: PyCode;
  globals: PyDict | null;
  builtins: PyDict | null;
  name: PyStr;
  qualname: PyStr;
  defaults: PyTuple | null = null;
  kwdefaults: PyDict | null = null;
  closure: PyTuple | null = null;
  doc: PyObject | null;
  module: PyObject | null;
  /** A `(name, value, …)` tuple from `MAKE_FUNCTION`, or the dict `__annotations__` made of it. */
  annotations: PyObject | null = null;
  dict: PyDict | null = null;

  constructor(
    type: PyType,
    code: PyCode,
    globals: PyDict,
    builtins: PyDict,
    name: PyStr,
    qualname: PyStr,
    doc: PyObject,
    module: PyObject | null,
  ) {
    super(type);
    this.code = code;
    this.globals = globals;
    this.builtins = builtins;
    this.name = name;
    this.qualname = qualname;
    this.doc = doc;
    this.module = module;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.function;
  }

  /** `f.__dict__`, made on first use (borrowed). */
  getDict(runtime: Runtime): PyDict {
    if (this.dict === null) this.dict = runtime.newDictObject();
    return this.dict;
  }

  /** `f.name = value`: stores in `__dict__`, making it if needed; steals `value`, borrows `name`. */
  setAttribute(runtime: Runtime, name: PyStr, value: PyObject): void {
    const dict = this.getDict(runtime);
    runtime.incref(name);
    dict.set(runtime, name, value);
  }

  /**
   * `f.__annotations__` (`func_get_annotations`, borrowed): an empty dict made on first read
   * when the function has none, or the `MAKE_FUNCTION` tuple turned into a dict.
   */
  annotationsDict(runtime: Runtime): PyDict {
    const current = this.annotations;
    if (current instanceof PyDict) return current;
    const dict = runtime.newDict();
    if (current instanceof PyTuple) {
      const items = current.items;
      for (let i = 0; i + 1 < items.length; i += 2) {
        dict.set(runtime, runtime.share(items[i]), runtime.share(items[i + 1]));
      }
    }
    this.annotations = dict;
    if (current !== null) runtime.decref(current);
    return dict;
  }

  /** `func_traverse`. */
  override traverse(visit: Visitor): void {
    visit(this.code);
    if (this.globals !== null) visit(this.globals);
    if (this.builtins !== null) visit(this.builtins);
    if (this.module !== null) visit(this.module);
    if (this.defaults !== null) visit(this.defaults);
    if (this.kwdefaults !== null) visit(this.kwdefaults);
    if (this.doc !== null) visit(this.doc);
    visit(this.name);
    if (this.dict !== null) visit(this.dict);
    if (this.closure !== null) visit(this.closure);
    if (this.annotations !== null) visit(this.annotations);
    visit(this.qualname);
  }

  /**
   * `func_clear`: everything but the code, and the name and qualname are replaced by `''`
   * rather than cleared (3.11 assumes they are never NULL).
   */
  override clear(runtime: Runtime): void {
    const { globals, builtins, module, defaults, kwdefaults, doc, dict, closure, annotations } = this;
    this.globals = null;
    this.builtins = null;
    this.module = null;
    this.defaults = null;
    this.kwdefaults = null;
    this.doc = null;
    this.dict = null;
    this.closure = null;
    this.annotations = null;
    for (const obj of [globals, builtins, module, defaults, kwdefaults, doc, dict, closure, annotations]) {
      if (obj !== null) runtime.decref(obj);
    }
    const { name, qualname } = this;
    this.name = runtime.newStr('');
    runtime.decref(name);
    this.qualname = runtime.newStr('');
    runtime.decref(qualname);
  }

  /** `func_dealloc`: `func_clear`, then the code, name and qualname it left. */
  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.decref(this.code);
    runtime.decref(this.name);
    runtime.decref(this.qualname);
    runtime.freeObject(this);
  }
}
