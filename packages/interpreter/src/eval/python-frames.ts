import type { FrameSource, PyFrame, PyObject, Frame as RuntimeFrame } from '@memkit/runtime';
import type { Vm } from './vm';

/**
 * The running program's Python frames as the runtime's allocation tracebacks see them
 * (`tracemalloc`'s `traceback_get_frames`): filename, current line and function name, most
 * recent first, read from the evaluator's frame chain, so a trace points at a script line.
 */
export class PythonFrames implements FrameSource {
  private readonly vm: Vm;

  constructor(vm: Vm) {
    this.vm = vm;
  }

  capture(limit: number): RuntimeFrame[] {
    const frames: RuntimeFrame[] = [];
    for (let f = this.vm.frame; f !== null && frames.length < limit; f = f.back) {
      frames.push({ filename: f.compiled.filename, lineno: f.lineno, name: f.compiled.name });
    }
    return frames;
  }
}

/**
 * `frame.f_lineno`: a running frame's current line (found on the evaluator's chain), else the
 * line it was on when its call ended or its traceback entry was made.
 */
export function frameLineno(vm: Vm, frame: PyFrame): number {
  for (let f = vm.frame; f !== null; f = f.back) if (f === frame.frame) return f.lineno;
  return frame.lineno;
}

/**
 * `frame.f_back` (`PyFrame_GetBack`): the linked caller of a frame that outlived its call, else
 * the running caller's frame object (made if needed), else None — the module frame has none.
 */
export function frameBack(vm: Vm, frame: PyFrame): PyObject {
  const rt = vm.runtime;
  if (frame.back !== null) return rt.share(frame.back);
  const previous = frame.frame.previous;
  return rt.share(previous === null ? rt.none : rt.frameObjectOf(previous));
}
