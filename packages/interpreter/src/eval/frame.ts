import { InterpreterFrame, type PyDict, type PyFunction, type PyObject } from '@memkit/runtime';
import type { CompiledCode } from './compiled-code';
import type { SourcePosition } from './source-position';
import type { Vm } from './vm';

/**
 * One running call: the runtime's interpreter frame (which owns the locals, the function and
 * the code, exactly as CPython's `_PyInterpreterFrame` does) extended with what the evaluator
 * tracks — one JavaScript object per call rather than two.
 */
export class Frame extends InterpreterFrame {
  readonly vm: Vm;
  /** What runs: the closure tree of `code`. */
  readonly compiled: CompiledCode;
  declare readonly globals: PyDict;
  declare readonly builtins: PyDict;
  /** The calling frame (a generator's changes with each resumption). */
  back: Frame | null;
  lineno: number;
  /** The instruction running (or that last ran), for tracebacks: its position in the source. */
  at: SourcePosition | null = null;
  /** Operands evaluated ahead of an operation that had a `yield` among them (generator code). */
  temps: (PyObject | null)[] | null = null;
  returnValue: PyObject | null = null;
  /** `localsplus` under the name the compiled closures use. */
  readonly slots: (PyObject | null)[];

  /**
   * `_PyFrame_InitializeSpecials` for a call of `func` (stolen, as is `locals`: the namespace of
   * module and class bodies), called from `back` (also the data's `previous`).
   */
  constructor(vm: Vm, func: PyFunction, locals: PyObject | null, compiled: CompiledCode, back: Frame | null) {
    super(vm.runtime, func, locals);
    this.previous = back;
    this.vm = vm;
    this.compiled = compiled;
    this.back = back;
    this.lineno = compiled.firstLineno;
    this.slots = this.localsplus;
  }

  /** Where this frame is, as execution events and tracebacks describe it. */
  get location(): { filename: string; lineno: number; name: string } {
    return { filename: this.compiled.filename, lineno: this.lineno, name: this.compiled.name };
  }
}
