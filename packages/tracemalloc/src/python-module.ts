import {
  asCInt,
  CPYTHON_311,
  expectNoArgs,
  expectOneArg,
  type ModuleDefinition,
  type NativeFunction,
  type NativeFunctionSpec,
  PyCapsule,
  PyInt,
  PyList,
  type PyObject,
  PySlice,
  PyStr,
  PyTuple,
  PyType,
  PythonError,
  type Runtime,
  toPythonOSError,
} from '@memkit/runtime';
import { SnapshotFileError } from './errors';
import { DomainFilter, Filter, normalizeFilename } from './filter';
import { Frame } from './frame';
import type { KeyType } from './grouping';
import { TRACEMALLOC_SOURCE } from './python-source';
import { type RawFrame, type RawTrace, Snapshot } from './snapshot';
import type { SnapshotIO } from './snapshot-io';
import { NO_SOURCE, type SourceReader } from './source-reader';
import { Statistic, StatisticDiff } from './statistic';
import { Trace } from './trace';
import type { TraceFilter } from './trace-filter';
import { Traceback } from './traceback';
import { Tracer } from './tracer';
import { Traces } from './traces';

/** Host services the Python module needs; both optional, so the module runs in a browser. */
export interface TracemallocModuleOptions {
  /** File access for `Snapshot.dump` / `Snapshot.load` (`nodeSnapshotIO` in Node). */
  io?: SnapshotIO;
  /** Source lines for `Traceback.format` (`NodeSourceReader` in Node, like `linecache`). */
  source?: SourceReader;
}

/** A TypeScript value a capsule can hold. */
type Held = Snapshot | Traces | Trace | Traceback | Frame | Statistic | StatisticDiff;

const CAPSULE_NAME = 'tracemalloc._handle';

/**
 * The `tracemalloc` module for Python code run on a runtime: natives over one `Tracer` per
 * runtime (CPython's `_tracemalloc`), and Python classes (`Snapshot`, `Statistic`, `Trace`,
 * `Traceback`, `Frame`, `Filter`, …) that hold capsules of this package's TypeScript objects
 * and delegate every string, comparison and computation to them, so the Python module prints
 * exactly what the TypeScript API prints.
 */
export function tracemallocModule(options: TracemallocModuleOptions = {}): ModuleDefinition {
  const tracers = new WeakMap<Runtime, Tracer>();
  const tracerOf = (rt: Runtime): Tracer => {
    let tracer = tracers.get(rt);
    if (tracer === undefined) {
      tracer = new Tracer(rt.events);
      tracers.set(rt, tracer);
    }
    return tracer;
  };
  const source = options.source ?? NO_SOURCE;
  const io = (): SnapshotIO => {
    if (options.io === undefined) {
      throw new PythonError(
        'OSError',
        'this host gives tracemalloc no file access (no SnapshotIO was given)',
      );
    }
    return options.io;
  };

  const noArgs = (name: string, body: (rt: Runtime) => PyObject): NativeFunctionSpec => ({
    fn: (rt, args, kwargs) => {
      expectNoArgs(name, args, kwargs);
      return body(rt);
    },
  });
  const none = (rt: Runtime): PyObject => rt.share(rt.none);
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

  const functions: Record<string, NativeFunctionSpec> = {
    start: {
      fn: (rt, args, kwargs) => {
        if (kwargs !== null && kwargs.size > 0) {
          throw new PythonError('TypeError', 'start() takes no keyword arguments');
        }
        if (args.length > 1) {
          throw new PythonError('TypeError', `start expected at most 1 argument, got ${args.length}`);
        }
        tracerOf(rt).start(args.length === 0 ? 1 : asCInt(args[0]));
        return none(rt);
      },
    },
    stop: noArgs('stop', (rt) => {
      tracerOf(rt).stop();
      return none(rt);
    }),
    is_tracing: noArgs('is_tracing', (rt) => rt.newBool(tracerOf(rt).isTracing())),
    clear_traces: noArgs('clear_traces', (rt) => {
      tracerOf(rt).clearTraces();
      return none(rt);
    }),
    get_traced_memory: noArgs('get_traced_memory', (rt) => {
      const [current, peak] = tracerOf(rt).getTracedMemory();
      return rt.newTuple([rt.newInt(current), rt.newInt(peak)]);
    }),
    reset_peak: noArgs('reset_peak', (rt) => {
      tracerOf(rt).resetPeak();
      return none(rt);
    }),
    get_tracemalloc_memory: noArgs('get_tracemalloc_memory', (rt) =>
      rt.newInt(tracerOf(rt).getTracemallocMemory()),
    ),
    get_traceback_limit: noArgs('get_traceback_limit', (rt) => rt.newInt(tracerOf(rt).getTracebackLimit())),
    _take_snapshot: noArgs('_take_snapshot', (rt) => hold(rt, tracerOf(rt).takeSnapshot())),
    _get_object_traceback: {
      fn: (rt, args, kwargs) => {
        const obj = expectOneArg('_get_object_traceback', args, kwargs);
        const traceback = tracerOf(rt).getObjectTraceback(obj);
        return traceback === null ? none(rt) : hold(rt, traceback);
      },
    },
    // --- Python wrappers over capsules ----------------------------------------------------
    _new: fixed('_new', 1, (rt, [cls]) => {
      if (!(cls instanceof PyType)) throw new PythonError('TypeError', '_new() needs a class');
      return rt.newInstance(cls);
    }),
    _str: fixed('_str', 1, (rt, [c]) => rt.newStr(String(held(c)))),
    _repr: fixed('_repr', 1, (rt, [c]) => {
      const value = held(c);
      return rt.newStr(value instanceof Traces || value instanceof Snapshot ? String(value) : value.repr());
    }),
    _get: fixed('_get', 2, (rt, [c, name]) => attribute(rt, held(c), text(name))),
    _len: fixed('_len', 1, (rt, [c]) => rt.newInt(sequenceOf(held(c)).length)),
    _item: fixed('_item', 2, (rt, [c, index]) => item(rt, sequenceOf(held(c)), index)),
    _items: fixed('_items', 1, (rt, [c]) => {
      const sequence = sequenceOf(held(c));
      const items: PyObject[] = [];
      for (let i = 0; i < sequence.length; i++) items.push(hold(rt, sequence.at(i) as Held));
      return rt.newList(items);
    }),
    _contains: fixed('_contains', 2, (rt, [c, x]) => {
      const value = held(c);
      const needle = x instanceof PyCapsule ? held(x) : null;
      if (value instanceof Traceback) return rt.newBool(needle instanceof Frame && value.includes(needle));
      if (value instanceof Traces) return rt.newBool(needle instanceof Trace && value.includes(needle));
      throw new PythonError('TypeError', `argument of type '${kindOf(value)}' is not iterable`);
    }),
    _eq: fixed('_eq', 2, (rt, [a, b]) => rt.newBool(equal(held(a), held(b)))),
    _lt: fixed('_lt', 2, (rt, [a, b]) => rt.newBool(compare(held(a), held(b)) < 0)),
    _hash: fixed('_hash', 1, (rt, [c]) => rt.newInt(hashText(keyOf(held(c))))),
    _format: fixed('_format', 3, (rt, [c, limit, mostRecentFirst]) => {
      const traceback = expect(held(c), Traceback);
      const lines = traceback.format(
        limit === rt.none ? null : asCInt(limit),
        truthy(rt, mostRecentFirst),
        source,
      );
      return rt.newList(lines.map((line) => rt.newStr(line)));
    }),
    _normalize_filename: fixed('_normalize_filename', 1, (rt, [name]) =>
      rt.newStr(normalizeFilename(text(name))),
    ),
    _statistics: fixed('_statistics', 3, (rt, [c, keyType, cumulative]) => {
      const stats = expect(held(c), Snapshot).statistics(keyTypeOf(keyType), truthy(rt, cumulative));
      return rt.newList(stats.map((s) => hold(rt, s)));
    }),
    _compare_to: fixed('_compare_to', 4, (rt, [c, old, keyType, cumulative]) => {
      const older = old instanceof PyCapsule ? held(old) : null;
      if (!(older instanceof Snapshot)) {
        throw new PythonError('TypeError', `old_snapshot must be a Snapshot, not ${old.type.name}`);
      }
      const diffs = expect(held(c), Snapshot).compareTo(older, keyTypeOf(keyType), truthy(rt, cumulative));
      return rt.newList(diffs.map((d) => hold(rt, d)));
    }),
    _filter_traces: fixed('_filter_traces', 2, (rt, [c, specs]) => {
      const filters = itemsOf(specs).map((spec) => filterOf(rt, spec));
      return hold(rt, expect(held(c), Snapshot).filterTraces(filters));
    }),
    _dump: fixed('_dump', 2, (rt, [c, filename]) => {
      const path = text(filename);
      try {
        expect(held(c), Snapshot).dump(path, io());
      } catch (error) {
        // A missing or read-only folder is the OSError open() raises in CPython, not a host error.
        throw toPythonOSError(error, path);
      }
      return none(rt);
    }),
    _load: fixed('_load', 1, (rt, [filename]) => {
      const path = text(filename);
      try {
        return hold(rt, Snapshot.load(path, io()));
      } catch (error) {
        // CPython's pickle raises UnpicklingError for a damaged file; memkit's format is not a
        // pickle and Python code has no pickle module here, so its coded error is a ValueError.
        if (error instanceof SnapshotFileError) throw new PythonError('ValueError', error.message);
        throw toPythonOSError(error, path);
      }
    }),
    // --- Constructors called from Python ----------------------------------------------------
    _frame_new: fixed('_frame_new', 1, (rt, [frame]) => {
      const [filename, lineno] = rawFrameOf(frame);
      return hold(rt, new Frame(filename, lineno));
    }),
    _traceback_new: fixed('_traceback_new', 2, (rt, [frames, total]) => {
      const list = itemsOf(frames).map((f) => {
        const [filename, lineno] = rawFrameOf(f);
        return new Frame(filename, lineno);
      });
      return hold(rt, Traceback.fromMostRecentFirst(list, total === rt.none ? null : asCInt(total)));
    }),
    _trace_new: fixed('_trace_new', 1, (rt, [trace]) => {
      const [domain, size, frames, total] = rawTraceOf(rt, trace);
      const traceback = Traceback.fromMostRecentFirst(
        frames.map(([filename, lineno]) => new Frame(filename, lineno)),
        total ?? null,
      );
      return hold(rt, new Trace(domain, size, traceback));
    }),
    _statistic_new: fixed('_statistic_new', 3, (rt, [tb, size, count]) =>
      hold(rt, new Statistic(expect(held(tb), Traceback), intOf(size), intOf(count))),
    ),
    _statistic_diff_new: fixed('_statistic_diff_new', 5, (rt, [tb, size, sizeDiff, count, countDiff]) =>
      hold(
        rt,
        new StatisticDiff(
          expect(held(tb), Traceback),
          intOf(size),
          intOf(sizeDiff),
          intOf(count),
          intOf(countDiff),
        ),
      ),
    ),
    _snapshot_new: fixed('_snapshot_new', 2, (rt, [traces, limit]) =>
      hold(
        rt,
        Snapshot.fromRawTraces(
          itemsOf(traces).map((t) => rawTraceOf(rt, t)),
          asCInt(limit),
        ),
      ),
    ),
  };

  return {
    name: 'tracemalloc',
    doc: 'Debug module to trace memory blocks allocated by Python.',
    functions,
    source: TRACEMALLOC_SOURCE,
    // A tuple the script makes right after the import then comes from the free list, untraced,
    // as in CPython.
    importFreeListChange: CPYTHON_311.tracemallocImportFreeListChange,
  };
}

function hold(rt: Runtime, value: Held): PyCapsule {
  return rt.newCapsule(value, CAPSULE_NAME);
}

function held(obj: PyObject): Held {
  if (obj instanceof PyCapsule && obj.name === CAPSULE_NAME) return obj.value as Held;
  throw new PythonError('TypeError', `expected a tracemalloc handle, not ${obj.type.name}`);
}

function expect<T extends Held>(value: Held, cls: abstract new (...args: never[]) => T): T {
  if (value instanceof cls) return value;
  throw new PythonError('TypeError', `expected ${cls.name}, not ${kindOf(value)}`);
}

function kindOf(value: Held): string {
  return value.constructor.name;
}

/** The attributes the Python classes read through `_get`. */
function attribute(rt: Runtime, value: Held, name: string): PyObject {
  const int = (n: number | null) => (n === null ? rt.share(rt.none) : rt.newInt(n));
  if (value instanceof Frame) {
    if (name === 'filename') return rt.newStr(value.filename);
    if (name === 'lineno') return int(value.lineno);
  } else if (value instanceof Traceback) {
    if (name === 'total_nframe') return int(value.totalNframe);
  } else if (value instanceof Trace) {
    if (name === 'domain') return int(value.domain);
    if (name === 'size') return int(value.size);
    if (name === 'traceback') return hold(rt, value.traceback);
  } else if (value instanceof Statistic || value instanceof StatisticDiff) {
    if (name === 'traceback') return hold(rt, value.traceback);
    if (name === 'size') return int(value.size);
    if (name === 'count') return int(value.count);
    if (value instanceof StatisticDiff && name === 'size_diff') return int(value.sizeDiff);
    if (value instanceof StatisticDiff && name === 'count_diff') return int(value.countDiff);
  } else if (value instanceof Snapshot) {
    if (name === 'traces') return hold(rt, value.traces);
    if (name === 'traceback_limit') return int(value.tracebackLimit);
  }
  throw new PythonError('AttributeError', `'${kindOf(value)}' object has no attribute '${name}'`);
}

/** The sequences the Python classes index: a traceback's frames, a snapshot's traces. */
function sequenceOf(value: Held): { readonly length: number; at(index: number): Held | undefined } {
  if (value instanceof Traceback || value instanceof Traces) return value;
  throw new PythonError('TypeError', `object of type '${kindOf(value)}' has no len()`);
}

/** `seq[index]`: a handle, or a list of handles for a slice. */
function item(
  rt: Runtime,
  sequence: { readonly length: number; at(index: number): Held | undefined },
  index: PyObject,
): PyObject {
  if (index instanceof PySlice) {
    const items: PyObject[] = [];
    for (const i of sliceIndices(rt, index, sequence.length)) items.push(hold(rt, sequence.at(i) as Held));
    return rt.newList(items);
  }
  const i = asCInt(index);
  const found = i < -sequence.length || i >= sequence.length ? undefined : sequence.at(i);
  if (found === undefined) throw new PythonError('IndexError', 'tuple index out of range');
  return hold(rt, found);
}

/** `slice.indices(length)` as the list of selected positions. */
function sliceIndices(rt: Runtime, slice: PySlice, length: number): number[] {
  const step = slice.step === rt.none ? 1 : asCInt(slice.step);
  if (step === 0) throw new PythonError('ValueError', 'slice step cannot be zero');
  const clamp = (obj: PyObject, fallback: number): number => {
    if (obj === rt.none) return fallback;
    let n = asCInt(obj);
    if (n < 0) n = Math.max(n + length, step < 0 ? -1 : 0);
    else n = Math.min(n, step < 0 ? length - 1 : length);
    return n;
  };
  const start = clamp(slice.start, step < 0 ? length - 1 : 0);
  const stop = clamp(slice.stop, step < 0 ? -1 : length);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function equal(a: Held, b: Held): boolean {
  if (a instanceof Frame && b instanceof Frame) return a.equals(b);
  if (a instanceof Traceback && b instanceof Traceback) return a.equals(b);
  if (a instanceof Trace && b instanceof Trace) return a.equals(b);
  if (a instanceof Statistic && b instanceof Statistic) return a.equals(b);
  if (a instanceof StatisticDiff && b instanceof StatisticDiff) return a.equals(b);
  if (a instanceof Traces && b instanceof Traces) return a.equals(b);
  if (a instanceof Snapshot && b instanceof Snapshot) return a.equals(b);
  return false;
}

function compare(a: Held, b: Held): number {
  if (a instanceof Frame && b instanceof Frame) return a.compare(b);
  if (a instanceof Traceback && b instanceof Traceback) return a.compare(b);
  throw new PythonError(
    'TypeError',
    `'<' not supported between instances of '${kindOf(a)}' and '${kindOf(b)}'`,
  );
}

/** What equal values share, for `__hash__`. */
function keyOf(value: Held): string {
  if (value instanceof Frame || value instanceof Traceback) return value.key;
  if (value instanceof Trace) return `${value.domain}|${value.size}|${value.traceback.key}`;
  if (value instanceof Statistic) return `${value.size}|${value.count}|${value.traceback.key}`;
  if (value instanceof StatisticDiff) {
    return `${value.size}|${value.sizeDiff}|${value.count}|${value.countDiff}|${value.traceback.key}`;
  }
  throw new PythonError('TypeError', `unhashable type: '${kindOf(value)}'`);
}

/** FNV-1a over the UTF-16 units: a deterministic hash that fits a Py_hash_t. */
function hashText(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h === 0xffffffff ? 0xfffffffe : h;
}

function keyTypeOf(obj: PyObject): KeyType {
  // The TypeScript grouping rejects unknown names with CPython's message.
  if (obj instanceof PyStr) return obj.value as KeyType;
  throw new PythonError('ValueError', `unknown key_type: ${obj.type.name} object`);
}

/** A `Filter` from `(inclusive, pattern, lineno, all_frames, domain)`, a `DomainFilter` from `(inclusive, domain)`. */
function filterOf(rt: Runtime, spec: PyObject): TraceFilter {
  const items = itemsOf(spec);
  const optionalInt = (obj: PyObject) => (obj === rt.none ? null : intOf(obj));
  if (items.length === 2) return new DomainFilter(truthy(rt, items[0]), intOf(items[1]));
  if (items.length === 5) {
    return new Filter(
      truthy(rt, items[0]),
      text(items[1]),
      optionalInt(items[2]),
      truthy(rt, items[3]),
      optionalInt(items[4]),
    );
  }
  throw new PythonError('TypeError', 'filters must be Filter or DomainFilter objects');
}

function rawFrameOf(obj: PyObject): RawFrame {
  const items = itemsOf(obj);
  if (items.length !== 2) throw new PythonError('TypeError', 'a frame is a (filename, lineno) tuple');
  return [text(items[0]), intOf(items[1])];
}

function rawTraceOf(rt: Runtime, obj: PyObject): RawTrace {
  const items = itemsOf(obj);
  if (items.length !== 3 && items.length !== 4) {
    throw new PythonError('TypeError', 'a trace is a (domain, size, frames, total_nframe) tuple');
  }
  const total = items.length === 4 && items[3] !== rt.none ? intOf(items[3]) : null;
  return [intOf(items[0]), intOf(items[1]), itemsOf(items[2]).map(rawFrameOf), total];
}

function itemsOf(obj: PyObject): readonly PyObject[] {
  if (obj instanceof PyTuple || obj instanceof PyList) return obj.items;
  throw new PythonError('TypeError', `expected a tuple or a list, not ${obj.type.name}`);
}

function text(obj: PyObject): string {
  if (obj instanceof PyStr) return obj.value;
  throw new PythonError('TypeError', `expected str, not ${obj.type.name}`);
}

function intOf(obj: PyObject): number {
  if (obj instanceof PyInt) return Number(obj.value);
  throw new PythonError('TypeError', `'${obj.type.name}' object cannot be interpreted as an integer`);
}

function truthy(rt: Runtime, obj: PyObject): boolean {
  if (obj === rt.none) return false;
  if (obj instanceof PyInt) return obj.value !== 0 && obj.value !== 0n;
  return true;
}
