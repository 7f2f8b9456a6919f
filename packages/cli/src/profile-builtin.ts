import type { Interpreter } from '@memkit/interpreter';
import { MemkitError, type PyDict, type PyObject } from '@memkit/runtime';

/**
 * What `python -m memory_profiler` does around a script: one `memory_profiler.LineProfiler` put
 * into builtins as `profile`, and `show_results(prof, precision=…)` once the script has ended
 * (also when it raised). Returns the function printing the results.
 */
export function installProfileBuiltin(interpreter: Interpreter, precision: number): () => void {
  const rt = interpreter.runtime;
  const module = interpreter.vm.importModule('memory_profiler');
  const attribute = (name: string): PyObject => {
    const value = (module.dict as PyDict).getByName(name);
    if (value === null)
      throw new MemkitError('MEMKIT_NO_ATTRIBUTE', `module 'memory_profiler' has no attribute '${name}'`);
    return value;
  };
  const profiler = rt.call(attribute('LineProfiler'), []);
  interpreter.vm.builtins.set(rt, rt.intern('profile'), rt.share(profiler));
  return () => {
    const kwargs = new Map([['precision', rt.newInt(precision)]]);
    try {
      rt.decref(rt.call(attribute('show_results'), [profiler], kwargs));
    } finally {
      for (const value of kwargs.values()) rt.decref(value);
      rt.decref(profiler);
      rt.decref(module);
    }
  };
}
