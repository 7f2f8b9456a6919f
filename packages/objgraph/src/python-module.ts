import {
  asCInt,
  expectOneArg,
  MemkitError,
  type ModuleDefinition,
  type NativeFunctionSpec,
  PyDict,
  PyInt,
  PyList,
  type PyObject,
  PyStr,
  PyTuple,
  PythonError,
  parseOptionalArgs,
  type Runtime,
  RuntimeHeapView,
} from '@memkit/runtime';
import { RenderError } from './errors';
import type { GraphFiles } from './graph-files';
import type { PeakStats } from './growth';
import type { ObjgraphHost } from './host';
import type { NewIdsSortBy } from './new-ids';
import { Objgraph } from './objgraph';
import { OBJGRAPH_SOURCE } from './python-source';
import type { GraphRenderer } from './renderer';
import type { GraphOptions, ShowGraphResult } from './show-graph';

/** Host services the Python module needs; both optional, so the module runs in a browser. */
export interface ObjgraphModuleOptions {
  /** Where graph files go (`await nodeGraphFiles()` in Node); without it only `output=` works. */
  files?: GraphFiles | null;
  /** The renderer; default: the process renderer once `initRenderer()` has resolved. */
  renderer?: GraphRenderer | null;
  maxRenderNodes?: number;
}

/**
 * The `objgraph` module for Python code run on a runtime: natives over one `Objgraph` per
 * runtime, and Python functions with objgraph's signatures that pass their options on and print
 * the lines the natives return (objgraph prints to `sys.stdout` or `file=`).
 *
 * Labels use the program's own `repr` and `bool` (found in `builtins`), so `__repr__` and
 * `__bool__` run as in objgraph; Python predicates (`filter=`, `highlight=`, …) are called
 * through `Runtime.call`.
 */
export function objgraphModule(options: ObjgraphModuleOptions = {}): ModuleDefinition {
  const instances = new WeakMap<Runtime, Objgraph>();
  const objgraphOf = (rt: Runtime): Objgraph => {
    let og = instances.get(rt);
    if (og === undefined) {
      og = new Objgraph(pythonHost(rt), {
        files: options.files ?? null,
        renderer: options.renderer,
        maxRenderNodes: options.maxRenderNodes,
      });
      instances.set(rt, og);
    }
    return og;
  };

  const withArgs = (
    name: string,
    names: readonly string[],
    body: (rt: Runtime, og: Objgraph, values: (PyObject | null)[]) => PyObject,
  ): NativeFunctionSpec => ({
    fn: (rt, args, kwargs) => body(rt, objgraphOf(rt), parseOptionalArgs(name, names, args, kwargs)),
  });

  const functions: Record<string, NativeFunctionSpec> = {
    is_proper_module: {
      fn: (rt, args, kwargs) =>
        rt.newBool(objgraphOf(rt).isProperModule(expectOneArg('is_proper_module', args, kwargs))),
    },
    _count: withArgs('_count', ['typename', 'objects'], (rt, og, [typename, objects]) =>
      rt.newInt(og.count(text(typename), objectsOf(rt, objects))),
    ),
    _by_type: withArgs('_by_type', ['typename', 'objects'], (rt, og, [typename, objects]) =>
      list(rt, og.byType(text(typename), objectsOf(rt, objects))),
    ),
    _typestats: withArgs(
      '_typestats',
      ['objects', 'shortnames', 'filter'],
      (rt, og, [objects, short, filter]) => {
        const stats = og.typestats({
          objects: objectsOf(rt, objects),
          shortnames: truthy(rt, short, true),
          filter: predicateOf(rt, filter),
        });
        const dict = rt.newDict();
        for (const [name, n] of stats) dict.set(rt, rt.newStr(name), rt.newInt(n));
        return dict;
      },
    ),
    _most_common_types: withArgs(
      '_most_common_types',
      ['limit', 'objects', 'shortnames', 'filter', 'lines'],
      (rt, og, [limit, objects, short, filter, lines]) => {
        const typeOptions = {
          limit: limitOf(rt, limit),
          objects: objectsOf(rt, objects),
          shortnames: truthy(rt, short, true),
          filter: predicateOf(rt, filter),
        };
        if (truthy(rt, lines, false)) return strings(rt, og.showMostCommonTypes(typeOptions));
        return list(
          rt,
          og.mostCommonTypes(typeOptions).map(([name, n]) => rt.newTuple([rt.newStr(name), rt.newInt(n)])),
          false,
        );
      },
    ),
    _growth: withArgs(
      '_growth',
      ['limit', 'peak_stats', 'shortnames', 'filter', 'lines'],
      (rt, og, [limit, peaks, short, filter, lines]) => {
        const growthOptions = {
          limit: limitOf(rt, limit),
          peakStats: peaks === null || peaks === rt.none ? undefined : peakStatsOf(rt, peaks),
          shortnames: truthy(rt, short, true),
          filter: predicateOf(rt, filter),
        };
        if (truthy(rt, lines, false)) return strings(rt, og.showGrowth(growthOptions));
        const rows = og.growth(growthOptions);
        return list(
          rt,
          rows.map((row) => rt.newTuple([rt.newStr(row.name), rt.newInt(row.count), rt.newInt(row.delta)])),
          false,
        );
      },
    ),
    _get_new_ids: withArgs(
      '_get_new_ids',
      ['skip_update', 'limit', 'sortby', 'shortnames'],
      (rt, og, [skip, limit, sortby, short]) => {
        const result = og.getNewIds({
          skipUpdate: truthy(rt, skip, false),
          limit: limit === null ? 10 : limit === rt.none ? null : asCInt(limit),
          sortby: (sortby === null ? 'deltas' : text(sortby)) as NewIdsSortBy,
          shortnames: short === null || short === rt.none ? null : truthy(rt, short, true),
        });
        const ids = rt.newDict();
        for (const [name, set] of result.newIds) {
          ids.set(rt, rt.newStr(name), rt.newSet([...set].map((id) => rt.newInt(id))));
        }
        return rt.newTuple([ids, strings(rt, result.lines)]);
      },
    ),
    _get_leaking_objects: withArgs('_get_leaking_objects', ['objects'], (rt, og, [objects]) =>
      list(rt, og.getLeakingObjects(objectsOf(rt, objects))),
    ),
    at: withArgs('at', ['addr'], (rt, og, [addr]) => {
      if (addr === null)
        throw new PythonError('TypeError', "at() missing 1 required positional argument: 'addr'");
      return rt.share(og.at(intOf(addr)) ?? rt.none);
    }),
    _at_addrs: withArgs('_at_addrs', ['addrs'], (rt, og, [addrs]) =>
      list(rt, og.atAddrs(itemsOf(addrs ?? rt.none).map(intOf))),
    ),
    _find_chain: withArgs(
      '_find_chain',
      ['obj', 'predicate', 'max_depth', 'extra_ignore', 'backrefs'],
      (rt, og, [obj, predicate, maxDepth, ignore, backrefs]) => {
        if (obj === null || predicate === null)
          throw new PythonError('TypeError', '_find_chain() needs obj and predicate');
        const test = predicateOf(rt, predicate) as (obj: PyObject) => boolean;
        const chainOptions = {
          maxDepth: maxDepth === null ? 20 : asCInt(maxDepth),
          extraIgnore: ignore === null ? [] : itemsOf(ignore).map(intOf),
        };
        const chain = truthy(rt, backrefs, false)
          ? og.findBackrefChain(obj, test, chainOptions)
          : og.findRefChain(obj, test, chainOptions);
        return list(rt, chain);
      },
    ),
    _draw: withArgs('_draw', SHOW_GRAPH_ARGS, (rt, og, values) => {
      const [objs, direction, maxDepth, ignore, filter, tooMany, ...rest] = values;
      if (objs === null) throw new PythonError('TypeError', '_draw() needs objs');
      const starts = objs instanceof PyList || objs instanceof PyTuple ? [...objs.items] : [objs];
      const graphOptions = {
        ...outputOptions(rt, rest),
        maxDepth: maxDepth === null ? 3 : asCInt(maxDepth),
        extraIgnore: ignore === null ? [] : itemsOf(ignore).map(intOf),
        filter: predicateOf(rt, filter),
        tooMany: tooMany === null ? 10 : asCInt(tooMany),
      };
      return graphResult(rt, () =>
        direction !== null && text(direction) === 'refs'
          ? og.showRefs(starts, graphOptions)
          : og.showBackrefs(starts, graphOptions),
      );
    }),
    _chain: withArgs('_chain', SHOW_CHAIN_ARGS, (rt, og, [chains, backrefs, ...rest]) => {
      const lists = itemsOf(chains ?? rt.none).map((chain) => [...itemsOf(chain)]);
      return graphResult(rt, () =>
        og.showChain(lists, { ...outputOptions(rt, rest), backrefs: truthy(rt, backrefs, true) }),
      );
    }),
  };

  return {
    name: 'objgraph',
    doc: 'Tools for drawing Python object reference graphs with graphviz.',
    functions,
    source: OBJGRAPH_SOURCE,
  };
}

/** The output options `_draw` and `_chain` share, after their own arguments. */
const OUTPUT_ARGS = [
  'highlight',
  'filename',
  'extra_info',
  'refcounts',
  'shortnames',
  'to_output',
  'extra_node_attrs',
] as const;
const SHOW_GRAPH_ARGS = [
  'objs',
  'direction',
  'max_depth',
  'extra_ignore',
  'filter',
  'too_many',
  ...OUTPUT_ARGS,
];
const SHOW_CHAIN_ARGS = ['chains', 'backrefs', ...OUTPUT_ARGS];

type OutputOptions = Omit<GraphOptions, 'maxDepth' | 'extraIgnore' | 'filter' | 'tooMany'> & {
  filename?: string | null;
  output?: { write(text: string): void } | null;
};

function outputOptions(rt: Runtime, values: (PyObject | null)[]): OutputOptions {
  const [highlight, filename, extraInfo, refcounts, shortnames, toOutput, extraNodeAttrs] = values;
  const info = callableOrNull(rt, extraInfo);
  const attrs = callableOrNull(rt, extraNodeAttrs);
  return {
    highlight: predicateOf(rt, highlight),
    filename: filename === null || filename === rt.none ? null : text(filename),
    extraInfo: info === null ? null : (obj) => callFor(rt, info, obj, (result) => text(result)),
    refcounts: truthy(rt, refcounts, false),
    shortnames: truthy(rt, shortnames, true),
    // The Python side writes the DOT text to its `output` file object.
    output: truthy(rt, toOutput, false) ? { write: () => undefined } : null,
    extraNodeAttrs:
      attrs === null ? null : (obj) => callFor(rt, attrs, obj, (result) => attributesOf(rt, result)),
  };
}

/**
 * `(dot, messages)` of a graph call, for the Python side to write and print. What `dot` would
 * have written to stderr goes to the program's stderr; a graph the renderer cannot take raises
 * `RuntimeError` after the messages printed before it, and a host without files `OSError`.
 */
function graphResult(rt: Runtime, show: () => ShowGraphResult): PyObject {
  try {
    const result = show();
    for (const line of result.errors) rt.writeStderr(`${line}\n`);
    return rt.newTuple([rt.newStr(result.dot), strings(rt, result.messages), rt.share(rt.none)]);
  } catch (error) {
    if (error instanceof MemkitError && error.code === 'MEMKIT_NO_GRAPH_FILES') {
      throw new PythonError('OSError', error.message);
    }
    if (!(error instanceof RenderError)) throw error;
    return rt.newTuple([rt.newStr(''), strings(rt, error.messages), rt.newStr(error.message)]);
  }
}

/**
 * The host for Python programs: the runtime's heap and collector, the program's `repr` and
 * `bool` builtins, and `sys.modules` read from the `sys` module the interpreter fills in.
 */
function pythonHost(rt: Runtime): ObjgraphHost {
  const builtin = (name: string): PyObject => {
    const module = rt.modules.import(rt, 'builtins');
    try {
      const found = module.dict?.getByName(name) ?? null;
      if (found === null) throw new PythonError('RuntimeError', `builtins has no ${name}`);
      return found;
    } finally {
      rt.decref(module);
    }
  };
  const repr = builtin('repr');
  const bool = builtin('bool');
  return {
    heap: new RuntimeHeapView(rt),
    collect: () => {
      rt.collector.collect();
    },
    repr: (obj) => callFor(rt, repr, obj, (result) => text(result)),
    isTrue: (obj) => callFor(rt, bool, obj, (result) => result === rt.true),
    sysModule: (name) => {
      const sys = rt.modules.import(rt, 'sys');
      try {
        const modules = sys.dict?.getByName('modules') ?? null;
        return modules instanceof PyDict ? modules.getByName(name) : null;
      } finally {
        rt.decref(sys);
      }
    },
  };
}

/** `read(callable(obj))`, releasing the call's result. */
function callFor<T>(rt: Runtime, callable: PyObject, obj: PyObject, read: (result: PyObject) => T): T {
  const result = rt.call(callable, [obj]);
  try {
    return read(result);
  } finally {
    rt.decref(result);
  }
}

function callableOrNull(rt: Runtime, obj: PyObject | null): PyObject | null {
  return obj === null || obj === rt.none ? null : obj;
}

/** A Python predicate as a TypeScript one; the Python side passes predicates returning bools. */
function predicateOf(rt: Runtime, obj: PyObject | null): ((obj: PyObject) => boolean) | null {
  const fn = callableOrNull(rt, obj);
  return fn === null ? null : (o) => callFor(rt, fn, o, (result) => result === rt.true);
}

/** `extra_node_attrs(obj)`'s dict, its values already made str (or None) by the Python side. */
function attributesOf(rt: Runtime, obj: PyObject): Record<string, string | null> {
  if (!(obj instanceof PyDict)) {
    throw new PythonError('TypeError', `extra_node_attrs must return a dict, not ${obj.type.name}`);
  }
  const out: Record<string, string | null> = {};
  for (const [key, value] of obj.entries()) out[text(key)] = value === rt.none ? null : text(value);
  return out;
}

/** A Python `PeakStats`: the `peak_stats` dict the caller passed to `growth()`. */
function peakStatsOf(rt: Runtime, obj: PyObject): PeakStats {
  if (!(obj instanceof PyDict)) {
    throw new PythonError('TypeError', `peak_stats must be a dict, not ${obj.type.name}`);
  }
  return {
    get: (name) => {
      const value = obj.getByName(name);
      return value === null ? undefined : intOf(value);
    },
    set: (name, count) => obj.set(rt, rt.newStr(name), rt.newInt(count)),
  };
}

function objectsOf(rt: Runtime, obj: PyObject | null): readonly PyObject[] | null {
  return obj === null || obj === rt.none ? null : itemsOf(obj);
}

function limitOf(rt: Runtime, obj: PyObject | null): number | null | undefined {
  if (obj === null) return undefined;
  return obj === rt.none ? null : asCInt(obj);
}

function list(rt: Runtime, items: readonly PyObject[], borrowed = true): PyList {
  return rt.newList(borrowed ? items.map((item) => rt.share(item)) : [...items]);
}

function strings(rt: Runtime, lines: readonly string[]): PyList {
  return rt.newList(lines.map((line) => rt.newStr(line)));
}

function itemsOf(obj: PyObject): readonly PyObject[] {
  if (obj instanceof PyTuple || obj instanceof PyList) return obj.items;
  throw new PythonError('TypeError', `expected a list or a tuple, not ${obj.type.name}`);
}

function text(obj: PyObject | null): string {
  if (obj instanceof PyStr) return obj.value;
  throw new PythonError('TypeError', `expected str, not ${obj === null ? 'nothing' : obj.type.name}`);
}

function intOf(obj: PyObject): number {
  if (obj instanceof PyInt) return Number(obj.value);
  throw new PythonError('TypeError', `'${obj.type.name}' object cannot be interpreted as an integer`);
}

/** Truth of the flags the Python side passes (bools, or None for the default). */
function truthy(rt: Runtime, obj: PyObject | null, fallback: boolean): boolean {
  if (obj === null || obj === rt.none) return fallback;
  if (obj instanceof PyInt) return obj.value !== 0 && obj.value !== 0n;
  return true;
}
