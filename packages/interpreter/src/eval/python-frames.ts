import type { FrameSource, Frame as RuntimeFrame } from '@memkit/runtime';
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
      frames.push({ filename: f.code.filename, lineno: f.lineno, name: f.code.name });
    }
    return frames;
  }
}
