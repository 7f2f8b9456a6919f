/**
 * The `gc` module of CPython 3.11 (`Modules/gcmodule.c`): the Python face of the collector, with
 * CPython's argument conventions, error messages and result objects (built in CPython's order,
 * so what they allocate matches too).
 */
import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { GcDebug } from '../gc/collector';
import type { GcList } from '../gc/gc-list';
import { ObjectFlags, type PyObject } from '../object';
import type { PyList } from '../objects/list';
import { PyTuple } from '../objects/tuple';
import type { Runtime } from '../runtime';
import {
  asCInt,
  expectNoArgs,
  expectOneArg,
  type ModuleDefinition,
  parseOptionalArgs,
} from './native-module';

const GENERATIONS = CPYTHON_311.gcGenerations;

function none(rt: Runtime): PyObject {
  return rt.share(rt.none);
}

function intTuple(rt: Runtime, values: readonly number[]): PyTuple {
  // Py_BuildValue("(iii)"): the ints first, then the tuple.
  const items = values.map((v) => rt.newInt(v));
  return rt.newTuple(items);
}

/** `Py_BuildValue("{sn…}")`: a fresh dict with freshly made (not interned) str keys. */
function statsDict(rt: Runtime, entries: readonly (readonly [string, number])[]): PyObject {
  const dict = rt.newDictObject();
  for (const [key, value] of entries) dict.set(rt, rt.newStr(key), rt.newInt(value));
  return dict;
}

/** `append_objects`: the tracked objects of one generation list, skipping the result itself. */
function appendObjects(rt: Runtime, result: PyList, generation: GcList): void {
  for (const obj of generation) if (obj !== result) result.append(rt, rt.share(obj));
}

/** `gc.get_referrers(*objs)`: tracked objects whose traverse reaches one of `objs`. */
function getReferrers(rt: Runtime, args: readonly PyObject[]): PyObject {
  const targets = new Set(args);
  const result = rt.newList();
  let found = false;
  const visit = (referent: PyObject) => {
    if (targets.has(referent)) found = true;
  };
  for (const generation of rt.gc.generations) {
    for (const obj of generation) {
      // The call's own argument tuple and the result list are not referrers.
      if (obj === result || (obj instanceof PyTuple && obj.items === args)) continue;
      found = false;
      obj.traverse(visit);
      if (found) result.append(rt, rt.share(obj));
    }
  }
  return result;
}

/** `gc.get_referents(*objs)`: what `tp_traverse` of each GC object visits. */
function getReferents(rt: Runtime, args: readonly PyObject[]): PyObject {
  const result = rt.newList();
  for (const obj of args) {
    if (!obj.type.isGc) continue;
    obj.traverse((referent) => result.append(rt, rt.share(referent)));
  }
  return result;
}

export const gcModule: ModuleDefinition = {
  name: 'gc',
  doc: 'This module provides access to the garbage collector for reference cycles.',
  functions: {
    enable: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.enable', args, kwargs);
        rt.gc.enabled = true;
        return none(rt);
      },
    },
    disable: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.disable', args, kwargs);
        rt.gc.enabled = false;
        return none(rt);
      },
    },
    isenabled: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.isenabled', args, kwargs);
        return rt.newBool(rt.gc.enabled);
      },
    },
    collect: {
      fn: (rt, args, kwargs) => {
        const [generation] = parseOptionalArgs('collect', ['generation'], args, kwargs);
        return rt.newInt(rt.collector.collect(generation === null ? GENERATIONS - 1 : asCInt(generation)));
      },
    },
    get_count: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.get_count', args, kwargs);
        // The counts are read before the result tuple is allocated (which counts itself).
        return intTuple(rt, [...rt.gc.count]);
      },
    },
    get_threshold: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.get_threshold', args, kwargs);
        return intTuple(rt, [...rt.gc.thresholds]);
      },
    },
    set_threshold: {
      varargs: true,
      fn: (rt, args, kwargs) => {
        if (kwargs !== null && kwargs.size > 0) {
          throw new PythonError('TypeError', 'set_threshold() takes no keyword arguments');
        }
        if (args.length === 0) {
          throw new PythonError('TypeError', 'set_threshold() takes at least 1 argument (0 given)');
        }
        if (args.length > GENERATIONS) {
          throw new PythonError(
            'TypeError',
            `set_threshold() takes at most 3 arguments (${args.length} given)`,
          );
        }
        const values = args.map(asCInt);
        values.forEach((value, i) => {
          rt.gc.thresholds[i] = value;
        });
        return none(rt);
      },
    },
    get_objects: {
      fn: (rt, args, kwargs) => {
        const [arg] = parseOptionalArgs('get_objects', ['generation'], args, kwargs);
        let generation = -1;
        if (arg !== null && arg !== rt.none) {
          if (!(arg.type === rt.types.int || arg.type === rt.types.bool)) {
            throw new PythonError('TypeError', `argument should be integer or None, not '${arg.type.name}'`);
          }
          generation = asCInt(arg);
          if (generation >= GENERATIONS) {
            throw new PythonError(
              'ValueError',
              `generation parameter must be less than the number of available generations (${GENERATIONS})`,
            );
          }
          if (generation < -1) throw new PythonError('ValueError', 'generation parameter cannot be negative');
        }
        const result = rt.newList();
        if (generation !== -1) appendObjects(rt, result, rt.gc.generations[generation]);
        else for (const list of rt.gc.generations) appendObjects(rt, result, list);
        return result;
      },
    },
    get_stats: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.get_stats', args, kwargs);
        // A snapshot first: building the result allocates and could run a collection.
        const snapshot = rt.collector.stats.map((s) => ({ ...s }));
        const result = rt.newList();
        for (const s of snapshot) {
          result.append(
            rt,
            statsDict(rt, [
              ['collections', s.collections],
              ['collected', s.collected],
              ['uncollectable', s.uncollectable],
            ]),
          );
        }
        return result;
      },
    },
    get_referrers: { varargs: true, fn: (rt, args) => getReferrers(rt, args) },
    get_referents: { varargs: true, fn: (rt, args) => getReferents(rt, args) },
    is_tracked: {
      fn: (rt, args, kwargs) => {
        const obj = expectOneArg('gc.is_tracked', args, kwargs);
        return rt.newBool(obj.type.isGc && obj.isTracked);
      },
    },
    is_finalized: {
      fn: (rt, args, kwargs) => {
        const obj = expectOneArg('gc.is_finalized', args, kwargs);
        return rt.newBool(obj.type.isGc && (obj.flags & ObjectFlags.finalized) !== 0);
      },
    },
    freeze: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.freeze', args, kwargs);
        rt.gc.freeze();
        return none(rt);
      },
    },
    unfreeze: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.unfreeze', args, kwargs);
        rt.gc.unfreeze();
        return none(rt);
      },
    },
    get_freeze_count: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.get_freeze_count', args, kwargs);
        return rt.newInt(rt.gc.permanent.length);
      },
    },
    set_debug: {
      fn: (rt, args, kwargs) => {
        const flags = expectOneArg('gc.set_debug', args, kwargs);
        rt.collector.debug = asCInt(flags);
        return none(rt);
      },
    },
    get_debug: {
      fn: (rt, args, kwargs) => {
        expectNoArgs('gc.get_debug', args, kwargs);
        return rt.newInt(rt.collector.debug);
      },
    },
  },
  attributes: (rt) => ({
    garbage: rt.share(rt.collector.garbage),
    callbacks: rt.share(rt.collector.callbacks),
    DEBUG_STATS: rt.newInt(GcDebug.stats),
    DEBUG_COLLECTABLE: rt.newInt(GcDebug.collectable),
    DEBUG_UNCOLLECTABLE: rt.newInt(GcDebug.uncollectable),
    DEBUG_SAVEALL: rt.newInt(GcDebug.saveAll),
    DEBUG_LEAK: rt.newInt(GcDebug.leak),
  }),
};
