import { readFileSync } from 'node:fs';
import type { Interpreter } from '@memkit/interpreter';
import { formatLineTable, profilerOf } from '@memkit/line-profiler';
import { MemkitError, type PyDict, PyInstance, type PyModule, type PyObject } from '@memkit/runtime';
import { fileProblem } from './bad-input';
import type { ScriptIO } from './run-script';
import { writeFileAtomic } from './write-file-atomic';

/** How `memkit profile` shows its tables (`python -m memory_profiler --precision N -o FILE`). */
export interface ProfileOutput {
  precision: number;
  /** Append the tables to this file instead of printing them (memory_profiler's `-o`). */
  output?: string;
}

/** A memory_profiler module attribute, for the builtins the CLI injects. */
export function memoryProfilerAttribute(module: PyModule, name: string): PyObject {
  const value = (module.dict as PyDict).getByName(name);
  if (value === null)
    throw new MemkitError('MEMKIT_NO_ATTRIBUTE', `module 'memory_profiler' has no attribute '${name}'`);
  return value;
}

/** The TypeScript object behind a memory_profiler Python object's `_c` handle. */
export function handleOf(obj: PyObject): PyObject {
  const handle = obj instanceof PyInstance ? obj.getAttribute('_c') : null;
  if (handle === null)
    throw new MemkitError('MEMKIT_NO_ATTRIBUTE', `${obj.type.name} object has no handle '_c'`);
  return handle;
}

/**
 * What `python -m memory_profiler` does around a script: one `memory_profiler.LineProfiler` put
 * into builtins as `profile`, and its tables shown once the script has ended (also when it
 * raised): printed, or appended to `output` as `-o` does. Returns the function showing the
 * results, which returns an exit status when the file cannot be written.
 */
export function installProfileBuiltin(
  interpreter: Interpreter,
  options: ProfileOutput,
  io: ScriptIO,
): () => number | null {
  const rt = interpreter.runtime;
  const module = interpreter.importModule('memory_profiler');
  const profiler = rt.call(memoryProfilerAttribute(module, 'LineProfiler'), []);
  interpreter.setBuiltin('profile', profiler);
  return () => {
    try {
      const lines = formatLineTable(profilerOf(handleOf(profiler)).stats, { precision: options.precision });
      const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
      if (options.output === undefined) {
        io.stdout(text);
        return null;
      }
      try {
        writeFileAtomic(options.output, previousText(options.output) + text);
      } catch (error) {
        io.stderr(`memkit profile: cannot write '${options.output}': ${fileProblem(error)}\n`);
        return 2;
      }
      return null;
    } finally {
      rt.decref(profiler);
      rt.decref(module);
    }
  };
}

/** The file's text to append to: empty when it does not exist yet. */
function previousText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
