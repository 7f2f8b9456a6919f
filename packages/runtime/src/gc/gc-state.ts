import { CPYTHON_311 } from '../cpython-311';
import { ObjectFlags, type PyObject } from '../object';
import { GcList } from './gc-list';

/**
 * The collector's bookkeeping (CPython's `GCState`): three generation lists plus the permanent
 * generation of `gc.freeze()`, the allocation counters and thresholds.
 *
 * `count[0]` is the net number of GC-object allocations since the last collection
 * (`_PyObject_GC_Link` adds one, `PyObject_GC_Del` takes one away while positive); objects
 * recycled through free lists touch neither. `count[1]`/`count[2]` count collections of the
 * generation below.
 */
export class GcState {
  readonly generations: readonly GcList[];
  readonly permanent = new GcList();
  readonly count: number[] = [0, 0, 0];
  readonly thresholds: number[] = [...CPYTHON_311.gcThresholds];
  enabled = true;
  collecting = false;
  /**
   * Called when `count[0]` passes threshold 0 on an allocation; the cycle collector installs
   * itself here. Without one, counts accumulate and nothing is collected.
   */
  onThreshold: (() => void) | null = null;

  constructor() {
    this.generations = Array.from({ length: CPYTHON_311.gcGenerations }, () => new GcList());
  }

  /** `_PyObject_GC_Link`: a GC object is being allocated (not taken from a free list). */
  link(): void {
    this.count[0]++;
    if (
      this.count[0] > this.thresholds[0] &&
      this.thresholds[0] !== 0 &&
      this.enabled &&
      !this.collecting &&
      this.onThreshold !== null
    ) {
      this.onThreshold();
    }
  }

  /** `PyObject_GC_Del`: a GC object's memory is being freed. */
  unlink(): void {
    if (this.count[0] > 0) this.count[0]--;
  }

  /** `_PyObject_GC_TRACK`: the object joins the youngest generation. */
  track(obj: PyObject): void {
    if (obj.flags & ObjectFlags.tracked) return;
    obj.flags |= ObjectFlags.tracked;
    this.generations[0].append(obj);
  }

  /** `gc.freeze()`: every tracked object moves to the permanent generation, ignored from then on. */
  freeze(): void {
    for (const generation of this.generations) {
      for (const obj of generation) obj.flags |= ObjectFlags.frozen;
      generation.mergeInto(this.permanent);
    }
    this.count[0] = 0;
  }

  /** `gc.unfreeze()`: the permanent generation goes back into the oldest one. */
  unfreeze(): void {
    for (const obj of this.permanent) obj.flags &= ~ObjectFlags.frozen;
    this.permanent.mergeInto(this.generations[this.generations.length - 1]);
  }

  /** `_PyObject_GC_UNTRACK`. */
  untrack(obj: PyObject): void {
    if (!(obj.flags & ObjectFlags.tracked)) return;
    obj.flags &= ~(ObjectFlags.tracked | ObjectFlags.frozen);
    GcList.unlink(obj);
  }
}
