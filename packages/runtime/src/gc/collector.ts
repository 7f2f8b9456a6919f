import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import type { PyObject } from '../object';
import type { PyList } from '../objects/list';
import type { Runtime } from '../runtime';
import { GcList } from './gc-list';
import {
  deduceUnreachable,
  deleteGarbage,
  finalizeGarbage,
  handleResurrectedObjects,
  handleWeakrefs,
  moveLegacyFinalizerReachable,
  moveLegacyFinalizers,
  quietGarbageCount,
  type Untracking,
  untrackDicts,
} from './phases';

/** `gc.DEBUG_*` flags. */
export const GcDebug = {
  stats: 1,
  collectable: 2,
  uncollectable: 4,
  saveAll: 32,
  leak: 38,
} as const;

/** One generation's totals (`gc.get_stats()` entry). */
export interface GenerationStats {
  collections: number;
  collected: number;
  uncollectable: number;
}

/** What one collection found: `collect()` returns their sum. */
export interface CollectionResult {
  collected: number;
  uncollectable: number;
}

const GENERATIONS = CPYTHON_311.gcGenerations;
const OLDEST = GENERATIONS - 1;

/**
 * CPython 3.11's generational cycle collector over the runtime's generation lists.
 *
 * Automatic collections run inside the allocation that pushes `count[0]` past threshold 0
 * (`_PyObject_GC_Link`), choosing the oldest generation over its threshold, with the
 * long-lived damping rule for the oldest one (issue #4074). `gc.callbacks`, `gc.garbage`, the
 * debug flags and the per-generation stats live here too.
 */
export class Collector {
  debug = 0;
  readonly stats: GenerationStats[] = Array.from({ length: GENERATIONS }, () => ({
    collections: 0,
    collected: 0,
    uncollectable: 0,
  }));
  /** Objects that survived full collections (`long_lived_total`). */
  private longLivedTotal = 0;
  /** Objects promoted into the oldest generation since the last full collection. */
  private longLivedPending = 0;
  private garbageList: PyList | null = null;
  private callbackList: PyList | null = null;
  private readonly runtime: Runtime;

  constructor(runtime: Runtime) {
    this.runtime = runtime;
    runtime.gc.onThreshold = () => this.collectAutomatically();
  }

  /** `gc.garbage` (borrowed): uncollectable objects, or everything found with DEBUG_SAVEALL. */
  get garbage(): PyList {
    this.garbageList ??= this.runtime.newList();
    return this.garbageList;
  }

  /** `gc.callbacks` (borrowed): callables run as `cb(phase, info)` around each collection. */
  get callbacks(): PyList {
    this.callbackList ??= this.runtime.newList();
    return this.callbackList;
  }

  /**
   * `gc.collect(generation)`: collects `generation` and every younger one; returns the number
   * of unreachable objects found (collected + uncollectable). 0 while a collection is running.
   */
  collect(generation: number = OLDEST): number {
    if (!Number.isInteger(generation) || generation < 0 || generation >= GENERATIONS) {
      throw new PythonError('ValueError', 'invalid generation');
    }
    const state = this.runtime.gc;
    if (state.collecting) return 0;
    state.collecting = true;
    try {
      return this.collectWithCallbacks(generation);
    } finally {
      state.collecting = false;
    }
  }

  /** `gc_collect_generations`, entered from an allocation. */
  private collectAutomatically(): void {
    const state = this.runtime.gc;
    state.collecting = true;
    try {
      for (let i = OLDEST; i >= 0; i--) {
        if (state.count[i] <= state.thresholds[i]) continue;
        if (i === OLDEST && this.longLivedPending < this.longLivedTotal / 4) continue;
        this.collectWithCallbacks(i);
        break;
      }
    } finally {
      state.collecting = false;
    }
  }

  /** `gc_collect_with_callback`. */
  private collectWithCallbacks(generation: number): number {
    const events = this.runtime.events;
    this.invokeCallbacks('start', generation, { collected: 0, uncollectable: 0 });
    events.emitGcStart(generation);
    const result = this.collectGeneration(generation);
    events.emitGcStop(generation, result.collected, result.uncollectable);
    this.invokeCallbacks('stop', generation, result);
    return result.collected + result.uncollectable;
  }

  /** `gc_collect_main`: one collection of `generation` and the younger ones, phase by phase. */
  collectGeneration(generation: number): CollectionResult {
    const runtime = this.runtime;
    const state = runtime.gc;
    const started = this.debug & GcDebug.stats ? this.printStart(generation) : 0;

    // Update the collection and allocation counters, then merge the younger generations.
    if (generation + 1 < GENERATIONS) state.count[generation + 1]++;
    for (let i = 0; i <= generation; i++) state.count[i] = 0;
    for (let i = 0; i < generation; i++) state.generations[i].mergeInto(state.generations[generation]);
    const young = state.generations[generation];
    const old = generation < OLDEST ? state.generations[generation + 1] : young;

    const unreachable = new GcList();
    // untrack_tuples runs inside move_unreachable's scan; dicts are untracked only in full
    // collections, to avoid quadratic dict build-up (issue #14775).
    const untracking: Untracking = {
      tuple: runtime.types.tuple,
      dict: young === old ? runtime.types.dict : null,
      dicts: [],
    };
    const survivors = deduceUnreachable(young, unreachable, untracking, young === old);
    if (young !== old) {
      if (generation === OLDEST - 1) this.longLivedPending += survivors;
      young.mergeInto(old);
    } else {
      this.longLivedPending = 0;
      this.longLivedTotal = survivors - untrackDicts(runtime, untracking.dicts);
    }

    const finalizers = new GcList();
    moveLegacyFinalizers(unreachable, finalizers);
    moveLegacyFinalizerReachable(finalizers);
    if (this.debug & GcDebug.collectable) {
      for (const obj of unreachable) this.printObject('collectable', obj);
    }

    const stillUnreachable = new GcList();
    let collected = quietGarbageCount(unreachable);
    if (collected >= 0) {
      // No weakref or finalizer to handle: nothing can be resurrected (see quietGarbageCount).
      unreachable.mergeInto(stillUnreachable);
    } else {
      collected = handleWeakrefs(runtime, unreachable, old);
      finalizeGarbage(runtime, unreachable);
      handleResurrectedObjects(unreachable, stillUnreachable, old);
      collected += stillUnreachable.length;
    }
    const saveAll = this.debug & GcDebug.saveAll ? (obj: PyObject) => this.saveGarbage(obj) : null;
    deleteGarbage(runtime, stillUnreachable, old, saveAll);

    let uncollectable = 0;
    for (const obj of finalizers) {
      uncollectable++;
      if (this.debug & GcDebug.uncollectable) this.printObject('uncollectable', obj);
    }
    if (this.debug & GcDebug.stats) {
      const elapsed = (performance.now() - started) / 1000;
      runtime.writeStderr(
        `gc: done, ${collected + uncollectable} unreachable, ${uncollectable} uncollectable, ${elapsed.toFixed(4)}s elapsed\n`,
      );
    }
    // handle_legacy_finalizers: the uncollectable objects go to gc.garbage and stay alive.
    for (const obj of finalizers) {
      if (this.debug & GcDebug.saveAll || obj.type.hasLegacyFinalizer) this.saveGarbage(obj);
    }
    finalizers.mergeInto(old);

    if (generation === OLDEST) runtime.freeLists.clear(runtime);
    const stats = this.stats[generation];
    stats.collections++;
    stats.collected += collected;
    stats.uncollectable += uncollectable;
    return { collected, uncollectable };
  }

  private saveGarbage(obj: PyObject): void {
    this.garbage.append(this.runtime, this.runtime.share(obj));
  }

  /** The DEBUG_STATS header; returns the start time. */
  private printStart(generation: number): number {
    const state = this.runtime.gc;
    const sizes = state.generations.map((g) => ` ${g.length}`).join('');
    this.runtime.writeStderr(
      `gc: collecting generation ${generation}...\n` +
        `gc: objects in each generation:${sizes}\n` +
        `gc: objects in permanent generation: ${state.permanent.length}\n`,
    );
    return performance.now();
  }

  /** `debug_cycle`. */
  private printObject(message: string, obj: PyObject): void {
    this.runtime.writeStderr(`gc: ${message} <${obj.type.name} 0x${obj.id.toString(16)}>\n`);
  }

  /**
   * `invoke_gc_callback`: each entry of `gc.callbacks` is called with the phase and an info
   * dict; an exception is reported and the collection goes on.
   */
  private invokeCallbacks(phase: 'start' | 'stop', generation: number, result: CollectionResult): void {
    const list = this.callbackList;
    if (list === null || list.size === 0) return;
    const runtime = this.runtime;
    // Py_BuildValue("{sisnsn}"): a fresh dict with fresh (not interned) str keys.
    const info = runtime.newDictObject();
    info.set(runtime, runtime.newStr('generation'), runtime.newInt(generation));
    info.set(runtime, runtime.newStr('collected'), runtime.newInt(result.collected));
    info.set(runtime, runtime.newStr('uncollectable'), runtime.newInt(result.uncollectable));
    for (let i = 0; i < list.size; i++) {
      const callback = runtime.share(list.items[i]);
      const phaseStr = runtime.newStr(phase);
      try {
        runtime.decref(runtime.call(callback, [phaseStr, info]));
      } catch (error) {
        runtime.reportUnraisable(error, runtime.repr(callback));
      }
      runtime.decref(phaseStr);
      runtime.decref(callback);
    }
    runtime.decref(info);
  }
}
