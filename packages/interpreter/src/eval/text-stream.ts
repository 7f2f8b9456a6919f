import { PyObject, type PyStr, PythonError, type Runtime } from '@memkit/runtime';
import { getAttribute } from './attributes';
import { callObject } from './calls';
import type { Vm } from './vm';

/**
 * `sys.stdout` / `sys.stderr`: an `_io.TextIOWrapper` of CPython's size (208 bytes with its GC
 * head) whose text goes straight to the interpreter's stdout or stderr callback.
 *
 * Not modelled: the buffer and raw `FileIO` objects behind CPython's wrapper, its pending-bytes
 * list and decoder state, and attributes other than `write`/`flush` (`name`, `encoding`, `mode`,
 * `buffer`…); CPython's startup allocates those before the first script line, so they never show
 * in a script's tracemalloc or gc counts.
 */
export class PyTextStream extends PyObject {
  constructor(
    type: PyObject['type'],
    /** `'<stdout>'` or `'<stderr>'`, as the wrapper's `name` and repr say. */
    readonly streamName: string,
    /** Where the text goes. */
    readonly sink: (text: string) => void,
  ) {
    super(type);
  }

  sizeof(): number {
    return this.type.basicsize;
  }

  dealloc(runtime: Runtime): void {
    runtime.freeObject(this);
  }
}

/** `file.write(text)` as print() and the traceback module do it: straight to a stream, else a call. */
export function writeToFile(vm: Vm, file: PyObject, text: string): void {
  if (file instanceof PyTextStream) {
    file.sink(text);
    return;
  }
  const rt = vm.runtime;
  const write = getAttribute(vm, file, 'write');
  try {
    rt.decref(callObject(vm, write, [rt.newStr(text)], null));
  } finally {
    rt.decref(write);
  }
}

/** `TextIOWrapper.write(s)`: the number of characters written, as CPython returns it. */
export function streamWrite(vm: Vm, self: PyObject, args: readonly PyObject[]): PyObject {
  const rt = vm.runtime;
  if (args.length !== 1)
    throw new PythonError('TypeError', `write() takes exactly one argument (${args.length} given)`);
  const text = args[0];
  if (text.type !== rt.types.str && !text.type.isSubtypeOf(rt.types.str))
    throw new PythonError('TypeError', `write() argument must be str, not ${text.type.name}`);
  const value = (text as PyStr).value;
  (self as PyTextStream).sink(value);
  return rt.newInt([...value].length);
}
