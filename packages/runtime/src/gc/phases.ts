/**
 * The phases of one collection, each a function named after its counterpart in CPython 3.11's
 * `Modules/gcmodule.c` (called in order by `Collector.collectGeneration`, which mirrors
 * `gc_collect_main`).
 *
 * Objects of the generation being collected carry `ObjectFlags.collecting` from `updateRefs`
 * until they are found reachable; `ObjectFlags.unreachable` marks membership of the unreachable
 * list during `moveUnreachable` only.
 */
import { type GcLink, ObjectFlags, type PyObject } from '../object';
import { PyTuple } from '../objects/tuple';
import type { PyType } from '../objects/type';
import { PyWeakref } from '../objects/weakref';
import type { Runtime } from '../runtime';
import { callWeakrefCallback } from '../weakref-lists';
import { GcList } from './gc-list';

const { collecting, unreachable: unreachableFlag, finalized, tracked, frozen } = ObjectFlags;

/**
 * `update_refs`: each object's `gc_refs` starts as its reference count. Like CPython it is kept
 * in the `gcPrev` field (the list is singly linked until `moveUnreachable` relinks it).
 */
export function updateRefs(containers: GcList): void {
  for (let link = containers.gcNext; link !== containers; link = link.gcNext as GcLink) {
    const obj = link as PyObject;
    obj.gcPrev = obj.refcnt;
    obj.flags |= collecting;
  }
}

function visitDecref(referent: PyObject): void {
  if (referent.flags & collecting) (referent.gcPrev as number)--;
}

/**
 * `subtract_refs`: removes the references held inside the set, leaving in `gc_refs` the
 * references from outside it.
 */
export function subtractRefs(containers: GcList): void {
  for (let link = containers.gcNext; link !== containers; link = link.gcNext as GcLink) {
    (link as PyObject).traverse(visitDecref);
  }
}

/**
 * `update_refs` and `subtract_refs` in one pass, for a full collection only: there the set being
 * collected is every tracked object outside the permanent generation, so a referent's membership
 * is in its own flags and its `gc_refs` can be started (from its count) the first time anything
 * reaches it, ahead of the scan. Same `gc_refs` as the two passes; one walk of the list less,
 * which on a large heap is most of the cost (each walk misses the cache on every object).
 */
export function updateAndSubtractRefs(containers: GcList): void {
  for (let link = containers.gcNext; link !== containers; link = link.gcNext as GcLink) {
    const obj = link as PyObject;
    const flags = obj.flags;
    if (!(flags & collecting)) {
      obj.gcPrev = obj.refcnt;
      obj.flags = flags | collecting;
    }
    obj.traverse(visitDecrefInHeap);
  }
}

function visitDecrefInHeap(referent: PyObject): void {
  const flags = referent.flags;
  if (flags & collecting) (referent.gcPrev as number)--;
  else if ((flags & (tracked | frozen)) === tracked) {
    referent.gcPrev = referent.refcnt - 1;
    referent.flags = flags | collecting;
  }
}

/**
 * How `moveUnreachable` untracks what it finds reachable, when it runs for `gc_collect_main`
 * rather than for `handle_resurrected_objects`.
 */
export interface Untracking {
  /** `untrack_tuples`: the exact tuple type. */
  readonly tuple: PyType;
  /** `untrack_dicts` (full collections only): the exact dict type; dicts are collected into `dicts`. */
  readonly dict: PyType | null;
  /** Reachable dicts, in young's final order, for `untrackDicts`. */
  readonly dicts: PyObject[];
}

/**
 * `move_unreachable`: scans `young` in order; an object with outside references is reachable
 * and marks what it references reachable (moving it back from `unreachable` to the end of
 * `young` if the scan had already put it there). Everything else goes to `unreachable`, in scan
 * order — the order finalizers later run in. As in CPython, `gcPrev` holds `gc_refs` ahead of the
 * scan and is relinked behind it.
 *
 * With `untracking`, `untrack_tuples` runs inside the scan, which saves a pass over every
 * survivor: young's final order is the order in which the scan finds objects reachable, so each
 * tuple is judged with exactly the tuples before it already untracked, as the separate pass
 * would. Dicts are only gathered: `untrack_dicts` must see every tuple's final state.
 * Returns how many objects stay in `young` (CPython's `gc_list_size` after `untrack_tuples`).
 */
export function moveUnreachable(
  young: GcList,
  unreachable: GcList,
  untracking: Untracking | null = null,
): number {
  const visitReachable = (referent: PyObject): void => {
    if (!(referent.flags & collecting)) return;
    if (referent.flags & unreachableFlag) {
      referent.flags &= ~unreachableFlag;
      GcList.unlink(referent);
      young.append(referent);
      referent.gcPrev = 1;
    } else if (referent.gcPrev === 0) {
      referent.gcPrev = 1;
    }
  };
  const tuple = untracking === null ? null : untracking.tuple;
  const dict = untracking === null ? null : untracking.dict;
  let remaining = 0;
  let prev: GcLink = young;
  let link = young.gcNext as GcLink;
  while (link !== young) {
    const obj = link as PyObject;
    if ((obj.gcPrev as number) > 0) {
      obj.traverse(visitReachable);
      obj.flags &= ~collecting;
      const type = obj.type;
      if (type === tuple && holdsOnlyAtomics(obj)) {
        // _PyObject_GC_UNTRACK, with the list's links behind the scan held in `prev`.
        obj.flags &= ~tracked;
        prev.gcNext = obj.gcNext;
        obj.gcPrev = null;
        link = obj.gcNext as GcLink;
        obj.gcNext = null;
        continue;
      }
      if (type === dict) (untracking as Untracking).dicts.push(obj);
      obj.gcPrev = prev;
      prev = obj;
      remaining++;
      link = obj.gcNext as GcLink;
    } else {
      link = obj.gcNext as GcLink;
      prev.gcNext = link;
      unreachable.append(obj);
      obj.flags |= unreachableFlag;
    }
  }
  // The last object may have left: the tail and the links behind it are whole again.
  young.gcPrev = prev;
  prev.gcNext = young;
  return remaining;
}

/**
 * `deduce_unreachable`: splits `base` into what is reachable from outside and `unreachable`;
 * returns how many objects stay in `base` (see `moveUnreachable` for `untracking`). `wholeHeap`:
 * `base` is every tracked object outside the permanent generation (a full collection).
 */
export function deduceUnreachable(
  base: GcList,
  unreachable: GcList,
  untracking: Untracking | null = null,
  wholeHeap = false,
): number {
  if (wholeHeap) updateAndSubtractRefs(base);
  else {
    updateRefs(base);
    subtractRefs(base);
  }
  return moveUnreachable(base, unreachable, untracking);
}

let onlyAtomics = true;

/** `_PyObject_GC_MAY_BE_TRACKED`: could this referent ever be part of a cycle? */
function visitAtomic(referent: PyObject): void {
  if (referent.type.isGc && (!(referent instanceof PyTuple) || referent.flags & tracked)) onlyAtomics = false;
}

/** True when `obj` references nothing that could ever be part of a cycle. */
function holdsOnlyAtomics(obj: PyObject): boolean {
  onlyAtomics = true;
  obj.traverse(visitAtomic);
  return onlyAtomics;
}

/**
 * `untrack_dicts` (full collections only) over the dicts `moveUnreachable` gathered, in young's
 * order: dicts of atomic keys and values are untracked. Returns how many it untracked.
 */
export function untrackDicts(runtime: Runtime, dicts: readonly PyObject[]): number {
  let untracked = 0;
  for (const dict of dicts) {
    if (holdsOnlyAtomics(dict)) {
      runtime.gc.untrack(dict);
      untracked++;
    }
  }
  return untracked;
}

/**
 * `move_legacy_finalizers`: unreachable objects whose type has a legacy `tp_del` cannot be
 * freed safely; they go to `finalizers`. Also drops the unreachable marks.
 */
export function moveLegacyFinalizers(unreachable: GcList, finalizers: GcList): void {
  // A plain walk (the list's generator costs more than the loop body); next is read first.
  let link = unreachable.gcNext;
  while (link !== unreachable) {
    const obj = link as PyObject;
    link = obj.gcNext as GcLink;
    obj.flags &= ~unreachableFlag;
    if (obj.type.hasLegacyFinalizer) {
      obj.flags &= ~collecting;
      GcList.unlink(obj);
      finalizers.append(obj);
    }
  }
}

/**
 * How many objects `unreachable` holds when `handle_weakrefs` and `finalize_garbage` would run no
 * code over it — no weakref in it or to anything in it, no `__del__` left to run — else -1.
 * Then nothing can be resurrected: `handle_resurrected_objects` would find every object still
 * unreachable (none has a reference from outside the list), in the same order, with the same
 * flags, so the caller can skip those three phases and their five walks of the list.
 */
export function quietGarbageCount(unreachable: GcList): number {
  let count = 0;
  for (let link = unreachable.gcNext; link !== unreachable; link = link.gcNext as GcLink) {
    const obj = link as PyObject;
    if (obj.flags & ObjectFlags.weaklyReferenced || obj instanceof PyWeakref) return -1;
    if (obj.type.finalizer !== null && !(obj.flags & finalized)) return -1;
    count++;
  }
  return count;
}

/** `move_legacy_finalizer_reachable`: what those objects reference is uncollectable too. */
export function moveLegacyFinalizerReachable(finalizers: GcList): void {
  const visitMove = (referent: PyObject): void => {
    if (!(referent.flags & collecting)) return;
    referent.flags &= ~collecting;
    GcList.unlink(referent);
    finalizers.append(referent);
  };
  // The next link is read after each traverse, so objects appended meanwhile are visited too.
  for (let link = finalizers.gcNext; link !== finalizers; link = link.gcNext as GcLink) {
    (link as PyObject).traverse(visitMove);
  }
}

/**
 * `handle_weakrefs`: clears every weakref to an unreachable object (and unreachable weakrefs
 * themselves), then calls the callbacks of the weakrefs that are still reachable — before any
 * `__del__` runs. Returns how many of those weakrefs their callback's completion freed.
 */
export function handleWeakrefs(runtime: Runtime, unreachable: GcList, old: GcList): number {
  const toCall = new GcList();
  for (const obj of unreachable) {
    // bpo-38006: an unreachable weakref must not fire from inside delete_garbage.
    if (obj instanceof PyWeakref) runtime.weakrefs.detach(obj);
    if (!(obj.flags & ObjectFlags.weaklyReferenced)) continue;
    for (const wr of [...runtime.weakrefs.of(obj)]) {
      runtime.weakrefs.detach(wr);
      if (wr.callback === null || wr.flags & collecting) continue;
      runtime.incref(wr);
      GcList.unlink(wr);
      toCall.append(wr);
    }
  }
  let freed = 0;
  while (!toCall.isEmpty) {
    const wr = toCall.gcNext as PyWeakref;
    callWeakrefCallback(runtime, wr, wr.callback as PyObject);
    runtime.decref(wr);
    if (toCall.gcNext === wr) {
      GcList.unlink(wr);
      old.append(wr);
    } else {
      freed++;
    }
  }
  return freed;
}

/**
 * `finalize_garbage`: runs `__del__` once per object (PEP 442). A finalizer may free objects of
 * the list or resurrect them, so each object is moved to `seen` before its finalizer runs.
 */
export function finalizeGarbage(runtime: Runtime, collectable: GcList): void {
  const seen = new GcList();
  while (!collectable.isEmpty) {
    const obj = collectable.gcNext as PyObject;
    GcList.unlink(obj);
    seen.append(obj);
    if (obj.type.finalizer === null || obj.flags & finalized) continue;
    runtime.incref(obj);
    runtime.runFinalizer(obj);
    runtime.decref(obj);
  }
  seen.mergeInto(collectable);
}

/**
 * `handle_resurrected_objects`: reachability is computed again over what is left; objects a
 * finalizer made reachable (and what they reach) survive into `old`.
 */
export function handleResurrectedObjects(unreachable: GcList, stillUnreachable: GcList, old: GcList): void {
  for (const obj of unreachable) obj.flags &= ~collecting;
  deduceUnreachable(unreachable, stillUnreachable);
  for (const obj of stillUnreachable) obj.flags &= ~unreachableFlag;
  unreachable.mergeInto(old);
}

/**
 * `delete_garbage`: breaks the cycles with `tp_clear` (or, with DEBUG_SAVEALL, appends every
 * object to `gc.garbage` instead). An object that survives its clear moves to `old`.
 */
export function deleteGarbage(
  runtime: Runtime,
  collectable: GcList,
  old: GcList,
  saveTo: ((obj: PyObject) => void) | null,
): void {
  while (!collectable.isEmpty) {
    const obj = collectable.gcNext as PyObject;
    if (saveTo !== null) saveTo(obj);
    else {
      runtime.incref(obj);
      obj.clear(runtime);
      runtime.decref(obj);
    }
    if (collectable.gcNext === obj) {
      obj.flags &= ~collecting;
      GcList.unlink(obj);
      old.append(obj);
    }
  }
}
