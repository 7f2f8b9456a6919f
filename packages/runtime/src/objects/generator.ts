import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyCode } from './code';
import type { InterpreterFrame } from './interpreter-frame';
import type { PyStr } from './str';
import type { PyType } from './type';

/** `gi_frame_state` values (`enum _framestate`). */
export const GeneratorState = {
  created: -2,
  suspended: -1,
  executing: 0,
  completed: 1,
  cleared: 4,
} as const;

/**
 * A generator (`PyGenObject`): 80 bytes with its interpreter frame embedded after them — 72 bytes
 * of specials and one slot per local and stack entry — so `sys.getsizeof` is
 * `152 + 8 * (nlocalsplus + co_stacksize) + 16` whatever state it is in (`(x for x in range(3))`
 * → 200). Tracked from creation. Until it finishes its frame holds the function, the code and
 * the locals (a generator expression's `.0` iterator); a finished generator keeps only its code,
 * name and qualname.
 */
export class PyGenerator extends PyObject {
  code: PyCode | null;
  name: PyStr | null;
  qualname: PyStr | null;
  /** `gi_iframe`. */
  readonly frame: InterpreterFrame;
  state: number = GeneratorState.created;
  /** `gi_exc_state.exc_value`: the exception being handled when it last yielded. */
  excValue: PyObject | null = null;
  /** `nlocalsplus + co_stacksize` of its code. */
  readonly slots: number;

  constructor(type: PyType, code: PyCode, name: PyStr, qualname: PyStr, frame: InterpreterFrame) {
    super(type);
    this.code = code;
    this.name = name;
    this.qualname = qualname;
    this.frame = frame;
    this.slots = code.frameSlots;
  }

  /** `gen_sizeof`. */
  sizeof(): number {
    return CPYTHON_311.basicsize.generator + CPYTHON_311.pointerSize * this.slots;
  }

  /** `gen_traverse`: code, name, qualname, the frame until it is cleared, the handled exception. */
  override traverse(visit: Visitor): void {
    if (this.code !== null) visit(this.code);
    if (this.name !== null) visit(this.name);
    if (this.qualname !== null) visit(this.qualname);
    if (this.state < GeneratorState.cleared) this.frame.traverse(visit);
    if (this.excValue !== null) visit(this.excValue);
  }

  /**
   * The generator returned or raised (`gen_send_ex2`): the handled exception, then the frame
   * are cleared; the object stays, with its code and names.
   */
  finish(runtime: Runtime): void {
    this.clearExcState(runtime);
    this.clearFrame(runtime);
  }

  /**
   * `gen_dealloc` after the finalizer (`_PyGen_Finalize`, installed by whoever can run
   * Python code) had its chance: the frame, then code, name, qualname and the handled exception.
   */
  dealloc(runtime: Runtime): void {
    this.clearFrame(runtime);
    const { code, name, qualname } = this;
    this.code = null;
    this.name = null;
    this.qualname = null;
    if (code !== null) runtime.decref(code);
    if (name !== null) runtime.decref(name);
    if (qualname !== null) runtime.decref(qualname);
    this.clearExcState(runtime);
    runtime.freeObject(this);
  }

  private clearFrame(runtime: Runtime): void {
    if (this.state >= GeneratorState.cleared) return;
    this.state = GeneratorState.cleared;
    this.frame.previous = null;
    this.frame.clear(runtime);
  }

  private clearExcState(runtime: Runtime): void {
    const exc = this.excValue;
    this.excValue = null;
    if (exc !== null) runtime.decref(exc);
  }
}
