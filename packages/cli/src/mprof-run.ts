import type { Interpreter } from '@memkit/interpreter';
import { formatMprofData, MemoryTimeline, timeStamperOf } from '@memkit/line-profiler';
import { fileProblem } from './bad-input';
import { handleOf, memoryProfilerAttribute } from './profile-builtin';
import type { ScriptIO } from './run-script';
import { writeFileAtomic } from './write-file-atomic';

/** How `memkit mprof run` records a script (serializable: it crosses to the script's worker). */
export interface MprofRunOptions {
  /** The `.dat` file to write. */
  output: string;
  /** Seconds between samples (`-T/--interval`). */
  interval: number;
  /** The command line recorded as `CMDLINE` (the plot's default title). */
  cmdline: string;
}

/**
 * What `mprof run script.py` does (it runs `python -m memory_profiler --timestamp -o <dat>` and
 * samples the process): memory_profiler's `TimeStamper` put into builtins as `profile`, so each
 * `@profile` call becomes a `FUNC` bracket, and the runtime's resident bytes sampled every
 * `interval` seconds of wall-clock time. Returns the function that ends the recording and writes
 * the `.dat` file (atomically), returning an exit status when it cannot be written.
 */
export function installMprofRecorder(
  interpreter: Interpreter,
  options: MprofRunOptions,
  io: ScriptIO,
): () => number | null {
  const rt = interpreter.runtime;
  const module = interpreter.importModule('memory_profiler');
  const stamper = rt.call(memoryProfilerAttribute(module, 'TimeStamper'), []);
  interpreter.setBuiltin('profile', stamper);
  const timeline = new MemoryTimeline(rt, { interval: options.interval });
  io.stdout(`mprof: Sampling memory every ${options.interval}s\n`);
  timeline.start();
  return () => {
    timeline.stop();
    try {
      const functions = timeStamperOf(handleOf(stamper)).functions;
      const lines = formatMprofData({ cmdline: options.cmdline, samples: timeline.samples, functions });
      writeFileAtomic(options.output, `${lines.join('\n')}\n`);
      return null;
    } catch (error) {
      io.stderr(`memkit mprof run: cannot write '${options.output}': ${fileProblem(error)}\n`);
      return 2;
    } finally {
      rt.decref(stamper);
      rt.decref(module);
    }
  };
}
