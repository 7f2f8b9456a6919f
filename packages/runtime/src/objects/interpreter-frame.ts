import type { PyObject, Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyCode } from './code';
import type { PyDict } from './dict';
import type { PyFrame } from './frame';
import type { PyFunction } from './function';

/** Who owns an interpreter frame's data (`enum _frameowner`). */
export const FrameOwner = {
  /** On the thread's data stack, while the function runs. */
  thread: 0,
  /** Embedded in a generator object. */
  generator: 1,
  /** Copied into its frame object, which outlived the call (`take_ownership`). */
  frameObject: 2,
} as const;

/**
 * The data of one executing call (`_PyInterpreterFrame`): 72 bytes of specials followed by one
 * slot per local, cell and free variable and the value stack. Not a Python object: it lives on
 * the thread's data stack, inside a generator, or inside a frame object that outlived its call.
 *
 * It owns the function, the code, `f_locals` and whatever the slots hold; globals and builtins
 * are borrowed from the function. A Python-visible `frame` object is made only on demand
 * (`sys._getframe()`, tracebacks) and is owned through `frameObject`.
 */
export class InterpreterFrame {
  func: PyFunction | null;
  code: PyCode | null;
  /** Borrowed from the function. */
  readonly globals: PyDict | null;
  /** Borrowed from the function. */
  readonly builtins: PyDict | null;
  locals: PyObject | null;
  frameObject: PyFrame | null = null;
  /** The calling frame while this one runs. */
  previous: InterpreterFrame | null = null;
  /** Locals, cells and free variables, then the value stack. */
  readonly localsplus: (PyObject | null)[];
  /** Slots in use: the locals plus the current stack depth. */
  stacktop: number;
  owner: number = FrameOwner.thread;
  /** Code unit of the last instruction started (`prev_instr`), -1 before the first. */
  lasti = -1;

  /**
   * `_PyFrame_InitializeSpecials`: takes over `func` and `locals`, takes a new reference to the
   * function's code, and starts with every local unbound and an empty stack.
   */
  constructor(runtime: Runtime, func: PyFunction, locals: PyObject | null = null) {
    const code = runtime.share(func.code);
    this.func = func;
    this.code = code;
    this.globals = func.globals;
    this.builtins = func.builtins;
    this.locals = locals;
    this.localsplus = code.unboundSlots.slice();
    this.stacktop = code.nlocalsplus;
  }

  /** Binds local slot `index`, releasing what it held; steals `value`. */
  setLocal(runtime: Runtime, index: number, value: PyObject | null): void {
    const old = this.localsplus[index];
    this.localsplus[index] = value;
    if (old !== null) runtime.decref(old);
  }

  /** Pushes onto the value stack; steals `value`. */
  push(value: PyObject): void {
    this.localsplus[this.stacktop++] = value;
  }

  /** Pops the value stack, handing the reference to the caller. */
  pop(): PyObject {
    const value = this.localsplus[--this.stacktop] as PyObject;
    this.localsplus[this.stacktop] = null;
    return value;
  }

  /** `_PyFrame_Traverse`: the frame object, f_locals, the function, the code, then each slot in use. */
  traverse(visit: Visitor): void {
    if (this.frameObject !== null) visit(this.frameObject);
    if (this.locals !== null) visit(this.locals);
    if (this.func !== null) visit(this.func);
    if (this.code !== null) visit(this.code);
    const slots = this.localsplus;
    for (let i = 0; i < this.stacktop; i++) {
      const value = slots[i];
      if (value !== null) visit(value);
    }
  }

  /**
   * `_PyFrame_Clear`, when the call ends or its generator dies. A frame object someone else
   * still holds takes the data over (`take_ownership`) — that is how a traceback keeps a
   * finished call's locals alive; otherwise the slots, f_locals, function and code are released.
   */
  clear(runtime: Runtime): void {
    const frameObject = this.frameObject;
    if (frameObject !== null) {
      this.frameObject = null;
      if (frameObject.refcnt > 1) {
        this.takeOwnership(runtime, frameObject);
        runtime.decref(frameObject);
        return;
      }
      runtime.decref(frameObject);
    }
    this.clearSlots(runtime);
    const { locals, func, code } = this;
    this.locals = null;
    this.func = null;
    this.code = null;
    if (locals !== null) runtime.decref(locals);
    if (func !== null) runtime.decref(func);
    if (code !== null) runtime.decref(code);
  }

  /**
   * `take_ownership`: the frame object keeps the data, links `f_back` to the caller's frame
   * object (made if needed) and becomes tracked: from now on it can be part of a cycle.
   */
  private takeOwnership(runtime: Runtime, frameObject: PyFrame): void {
    this.owner = FrameOwner.frameObject;
    const previous = this.previous;
    if (previous !== null) {
      frameObject.back = runtime.share(runtime.frameObjectOf(previous));
      this.previous = null;
    }
    runtime.gc.track(frameObject);
  }

  /** Releases the slots in use and empties the stack (`frame_tp_clear`'s part). */
  clearSlots(runtime: Runtime): void {
    const slots = this.localsplus;
    const top = this.stacktop;
    for (let i = 0; i < top; i++) {
      const value = slots[i];
      slots[i] = null;
      if (value !== null) runtime.decref(value);
    }
    this.stacktop = 0;
  }
}
