import {
  asCInt,
  type ModuleDefinition,
  type NativeFunction,
  type NativeFunctionSpec,
  PyCapsule,
  PyDict,
  PyFloat,
  PyFunction,
  PyGenerator,
  PyInt,
  type PyObject,
  PyStr,
  PyTuple,
  PythonError,
  type Runtime,
} from '@memkit/runtime';
import { formatLineTable } from './format-line-table';
import { LineProfiler } from './line-profiler';
import { MEMORY_BACKENDS, type MemoryBackend, memoryMib } from './memory-backend';
import { memoryUsage, wallClock } from './memory-usage';
import { formatMprofData } from './mprof-data';
import { MEMORY_PROFILER_SOURCE } from './python-source';
import { NO_SOURCE_FILES, type SourceFiles } from './source-files';
import { type OpenCall, TimeStamper } from './time-stamper';

/** Host services the Python module needs; optional, so the module runs in a browser. */
export interface MemoryProfilerModuleOptions {
  /** Source of the profiled files (`new NodeSourceFiles()` in Node), like `linecache`. */
  sources?: SourceFiles;
}

const CAPSULE_NAME = 'memory_profiler._handle';
const STAMPER_NAME = 'memory_profiler._stamper';
const CALL_NAME = 'memory_profiler._call';

/**
 * The `memory_profiler` module for Python code run on a runtime: `profile`, `LineProfiler` and
 * `show_results` in Python over natives that hold a TypeScript `LineProfiler` in a capsule and
 * return the table text `formatLineTable` makes.
 */
export function memoryProfilerModule(options: MemoryProfilerModuleOptions = {}): ModuleDefinition {
  const sources = options.sources ?? NO_SOURCE_FILES;
  const fixed = (name: string, count: number, body: NativeFunction): NativeFunctionSpec => ({
    fn: (rt, args, kwargs) => {
      if (args.length !== count || (kwargs !== null && kwargs.size > 0)) {
        throw new PythonError(
          'TypeError',
          `${name}() takes exactly ${count} arguments (${args.length} given)`,
        );
      }
      return body(rt, args, kwargs);
    },
  });
  const none = (rt: Runtime): PyObject => rt.share(rt.none);

  const functions: Record<string, NativeFunctionSpec> = {
    _new: fixed('_new', 1, (rt, [backend]) =>
      rt.newCapsule(new LineProfiler(rt, { backend: backendOf(rt, backend), sources }), CAPSULE_NAME),
    ),
    _add_function: fixed('_add_function', 2, (rt, [c, func]) => {
      // memory_profiler warns "Could not extract a code object" and profiles nothing.
      if (func instanceof PyFunction && func.code.filename !== null) {
        profilerOf(c).addFunction(func.code.filename.value, func.code.firstlineno);
      }
      return none(rt);
    }),
    _made_by: fixed('_made_by', 2, (rt, [result, func]) =>
      rt.share(
        result instanceof PyGenerator && func instanceof PyFunction && result.code === func.code
          ? rt.true
          : rt.false,
      ),
    ),
    _sample: fixed('_sample', 7, (rt, [f, args, kw, interval, timeout, maxIterations, backend]) => {
      // memory_profiler may call the function several times: only the last result is kept.
      let last: PyObject | null = null;
      const call = () => {
        const returned = rt.call(f, positional, keywords);
        if (last !== null) rt.decref(last);
        last = returned;
        return returned;
      };
      const positional = args instanceof PyTuple ? args.items : [];
      const keywords = new Map<string, PyObject>();
      if (kw instanceof PyDict) {
        for (const [key, value] of kw.entries()) if (key instanceof PyStr) keywords.set(key.value, value);
      }
      const usage = memoryUsage(rt, f === rt.none ? -1 : call, {
        interval: seconds(interval, 'interval'),
        timeout: timeout === rt.none ? null : seconds(timeout, 'timeout'),
        maxIterations: maxIterations === rt.none ? null : asCInt(maxIterations),
        backend: backendOf(rt, backend),
      });
      const samples = rt.newList(
        usage.samples.map(({ mib, time }) => rt.newTuple([rt.newFloat(mib), rt.newFloat(time)])),
      );
      return rt.newTuple([samples, usage.returned ?? rt.share(rt.none)]);
    }),
    _new_stamper: fixed('_new_stamper', 1, (rt, [backend]) => {
      const memory = backendOf(rt, backend);
      return rt.newCapsule(
        new TimeStamper(() => ({ mib: memoryMib(rt.memory, memory), time: wallClock() })),
        STAMPER_NAME,
      );
    }),
    _stamper_add: fixed('_stamper_add', 2, (rt, [c, name]) => {
      timeStamperOf(c).addFunction(strOf(name));
      return none(rt);
    }),
    _stamper_enter: fixed('_stamper_enter', 2, (rt, [c, name]) =>
      rt.newCapsule(timeStamperOf(c).enter(strOf(name)), CALL_NAME),
    ),
    _stamper_exit: fixed('_stamper_exit', 2, (rt, [c, call]) => {
      if (!(call instanceof PyCapsule && call.name === CALL_NAME)) {
        throw new PythonError('TypeError', `expected a TimeStamper call, not ${call.type.name}`);
      }
      timeStamperOf(c).exit(call.value as OpenCall);
      return none(rt);
    }),
    _stamper_format: fixed('_stamper_format', 1, (rt, [c]) => {
      const lines = formatMprofData({ cmdline: null, samples: [], functions: timeStamperOf(c).functions });
      return rt.newStr(lines.map((line) => `${line}\n`).join(''));
    }),
    _enable: fixed('_enable', 1, (rt, [c]) => {
      profilerOf(c).enableByCount();
      return none(rt);
    }),
    _disable: fixed('_disable', 1, (rt, [c]) => {
      profilerOf(c).disableByCount();
      return none(rt);
    }),
    _format: fixed('_format', 2, (rt, [c, precision]) => {
      const lines = formatLineTable(profilerOf(c).stats, { precision: asCInt(precision) });
      return rt.newStr(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    }),
  };

  return {
    name: 'memory_profiler',
    doc: 'Profile the memory usage of a Python program line by line.',
    functions,
    source: MEMORY_PROFILER_SOURCE,
  };
}

/** The TypeScript profiler behind a `memory_profiler.LineProfiler`'s `_c` handle. */
export function profilerOf(obj: PyObject): LineProfiler {
  if (obj instanceof PyCapsule && obj.name === CAPSULE_NAME && obj.value instanceof LineProfiler) {
    return obj.value;
  }
  throw new PythonError('TypeError', `expected a memory_profiler handle, not ${obj.type.name}`);
}

/** The TypeScript `TimeStamper` behind a `memory_profiler.TimeStamper`'s `_c` handle. */
export function timeStamperOf(obj: PyObject): TimeStamper {
  if (obj instanceof PyCapsule && obj.name === STAMPER_NAME && obj.value instanceof TimeStamper) {
    return obj.value;
  }
  throw new PythonError('TypeError', `expected a memory_profiler TimeStamper handle, not ${obj.type.name}`);
}

function strOf(obj: PyObject): string {
  if (obj instanceof PyStr) return obj.value;
  throw new PythonError('TypeError', `expected str, not ${obj.type.name}`);
}

/** `choose_backend`: the named backend; `None` is the default (psutil, the RSS model). */
function backendOf(rt: Runtime, obj: PyObject): MemoryBackend {
  if (obj === rt.none) return 'psutil';
  if (obj instanceof PyStr && (MEMORY_BACKENDS as readonly string[]).includes(obj.value)) {
    return obj.value as MemoryBackend;
  }
  throw new PythonError('KeyError', obj instanceof PyStr ? `'${obj.value}'` : rt.repr(obj));
}

/** A number of seconds given as a Python int or float. */
function seconds(obj: PyObject, what: string): number {
  if (obj instanceof PyFloat) return obj.value;
  if (obj instanceof PyInt) return Number(obj.value);
  throw new PythonError('TypeError', `${what} must be a number, not ${obj.type.name}`);
}
