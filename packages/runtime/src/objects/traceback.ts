import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyFrame } from './frame';
import type { PyType } from './type';

/**
 * A traceback entry (`PyTracebackObject`, 40 bytes + 16 GC head): the frame an exception passed
 * through, the instruction and line, and the next (deeper) entry. Tracked from creation. Holding
 * the frame keeps the whole call's locals alive — the reason `err = e` in a function leaves a
 * frame ↔ traceback ↔ exception cycle.
 */
export class PyTraceback extends PyObject {
  next: PyTraceback | null;
  frame: PyFrame | null;
  /** `tb_lasti`: byte offset of the instruction that raised. */
  readonly lasti: number;
  readonly lineno: number;

  constructor(type: PyType, next: PyTraceback | null, frame: PyFrame, lasti: number, lineno: number) {
    super(type);
    this.next = next;
    this.frame = frame;
    this.lasti = lasti;
    this.lineno = lineno;
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.traceback;
  }

  override traverse(visit: Visitor): void {
    if (this.next !== null) visit(this.next);
    if (this.frame !== null) visit(this.frame);
  }

  /** `tb_clear`, and `tb_dealloc` before freeing: tb_next, then tb_frame. */
  override clear(runtime: Runtime): void {
    const { next, frame } = this;
    this.next = null;
    this.frame = null;
    if (next !== null) runtime.decref(next);
    if (frame !== null) runtime.decref(frame);
  }

  dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
