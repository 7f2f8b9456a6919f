import type { InterpreterFrame, PyDict, PyObject } from '@memkit/runtime';
import type { CompiledCode } from './compiled-code';
import type { SourcePosition } from './source-position';
import type { Vm } from './vm';

/**
 * One running call: the runtime's interpreter frame (which owns the locals, the function and
 * the code, exactly as CPython's `_PyInterpreterFrame` does) plus what the evaluator tracks.
 */
export class Frame {
  readonly vm: Vm;
  readonly data: InterpreterFrame;
  readonly code: CompiledCode;
  readonly globals: PyDict;
  readonly builtins: PyDict;
  /** The namespace of module and class bodies (`f_locals`), borrowed from `data`. */
  readonly locals: PyDict | null;
  /** The calling frame (a generator's changes with each resumption). */
  back: Frame | null;
  lineno: number;
  /** The instruction running (or that last ran), for tracebacks: its position in the source. */
  at: SourcePosition | null = null;
  /** Operands evaluated ahead of an operation that had a `yield` among them (generator code). */
  temps: (PyObject | null)[] | null = null;
  returnValue: PyObject | null = null;

  constructor(vm: Vm, data: InterpreterFrame, code: CompiledCode, back: Frame | null) {
    this.vm = vm;
    this.data = data;
    this.code = code;
    this.globals = data.globals as PyDict;
    this.builtins = data.builtins as PyDict;
    this.locals = data.locals as PyDict | null;
    this.back = back;
    this.lineno = code.firstLineno;
  }

  get slots(): (PyObject | null)[] {
    return this.data.localsplus;
  }

  /** Where this frame is, as execution events and tracebacks describe it. */
  get location(): { filename: string; lineno: number; name: string } {
    return { filename: this.code.filename, lineno: this.lineno, name: this.code.name };
  }
}
