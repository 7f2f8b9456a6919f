import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { FrameOwner, type InterpreterFrame } from './interpreter-frame';
import type { PyType } from './type';

/**
 * A Python-visible frame object (`PyFrameObject`): 48 bytes, then room for a copy of its
 * interpreter frame — 72 bytes of specials and one slot per local and stack entry — so
 * `sys.getsizeof` is `120 + 8 * (nlocalsplus + co_stacksize) + 16`.
 *
 * While its call runs (or its generator lives) the data belongs to the thread (or generator)
 * and the frame object is untracked and shows no referents but `f_back`/`f_trace`; once it
 * outlives the call it owns the data and is tracked.
 */
export class PyFrame extends PyObject {
  /** `f_frame`: the data, wherever it lives. */
  readonly frame: InterpreterFrame;
  back: PyFrame | null = null;
  trace: PyObject | null = null;
  lineno = 0;
  /** `nlocalsplus + co_stacksize` of the code the frame was made for. */
  readonly slots: number;

  constructor(type: PyType, frame: InterpreterFrame, slots: number) {
    super(type);
    this.frame = frame;
    this.slots = slots;
  }

  get ownsData(): boolean {
    return this.frame.owner === FrameOwner.frameObject;
  }

  /** `frame_sizeof`. */
  sizeof(): number {
    return frameObjectSize(this.slots);
  }

  /** `frame_traverse`: f_back, f_trace, then the data when the frame object owns it. */
  override traverse(visit: Visitor): void {
    if (this.back !== null) visit(this.back);
    if (this.trace !== null) visit(this.trace);
    if (this.ownsData) this.frame.traverse(visit);
  }

  /** `frame_tp_clear` (3.11): f_trace and the slots in use; f_locals, function and code stay. */
  override clear(runtime: Runtime): void {
    const trace = this.trace;
    this.trace = null;
    if (trace !== null) runtime.decref(trace);
    this.frame.clearSlots(runtime);
  }

  /**
   * `frame_dealloc`: an owned frame's function, f_locals and slots, then f_back and f_trace;
   * the code is released last, after the block is freed.
   */
  dealloc(runtime: Runtime): void {
    const frame = this.frame;
    let code: PyObject | null = null;
    if (this.ownsData) {
      code = frame.code;
      frame.code = null;
      const { func, locals } = frame;
      frame.func = null;
      if (func !== null) runtime.decref(func);
      frame.locals = null;
      if (locals !== null) runtime.decref(locals);
      frame.clearSlots(runtime);
    }
    const { back, trace } = this;
    this.back = null;
    this.trace = null;
    if (back !== null) runtime.decref(back);
    if (trace !== null) runtime.decref(trace);
    runtime.freeObject(this);
    if (code !== null) runtime.decref(code);
  }
}

/** `sizeof` of a frame object whose code needs `slots` locals and stack entries. */
export function frameObjectSize(slots: number): number {
  return CPYTHON_311.basicsize.frame + CPYTHON_311.pointerSize * slots;
}
