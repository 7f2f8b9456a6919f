import type { HeapView, PyObject } from '@memkit/runtime';

/**
 * `gc.get_referrers` for every object at once: the tracked objects holding each object, in
 * `heap.objects()` order and each holder once, as `HeapView.referrers` returns them. Built in one
 * pass over the heap into CSR arrays (offsets by counting sort), so a backrefs BFS costs one heap
 * scan instead of one per visited node.
 */
export class ReferrerIndex {
  private readonly holders: PyObject[];
  private readonly targetIndex: Map<PyObject, number>;
  private readonly offsets: Int32Array;
  private readonly sources: Int32Array;

  private constructor(
    holders: PyObject[],
    targetIndex: Map<PyObject, number>,
    offsets: Int32Array,
    sources: Int32Array,
  ) {
    this.holders = holders;
    this.targetIndex = targetIndex;
    this.offsets = offsets;
    this.sources = sources;
  }

  static build(heap: HeapView): ReferrerIndex {
    const holders = Array.from(heap.objects());
    const targetIndex = new Map<PyObject, number>();
    // Phase 1: one (target, holder) pair per distinct reference, holders in heap order.
    const edgeTargets: number[] = [];
    const edgeHolders: number[] = [];
    const lastHolder: number[] = [];
    for (let h = 0; h < holders.length; h++) {
      for (const referent of heap.referents(holders[h])) {
        let t = targetIndex.get(referent);
        if (t === undefined) {
          t = targetIndex.size;
          targetIndex.set(referent, t);
          lastHolder.push(-1);
        }
        if (lastHolder[t] === h) continue;
        lastHolder[t] = h;
        edgeTargets.push(t);
        edgeHolders.push(h);
      }
    }
    // Phase 2: counting sort by target; a stable fill keeps each target's holders in heap order.
    const offsets = new Int32Array(targetIndex.size + 1);
    for (const t of edgeTargets) offsets[t + 1]++;
    for (let t = 0; t < targetIndex.size; t++) offsets[t + 1] += offsets[t];
    const cursor = offsets.slice(0, targetIndex.size);
    const sources = new Int32Array(edgeTargets.length);
    for (let e = 0; e < edgeTargets.length; e++) sources[cursor[edgeTargets[e]]++] = edgeHolders[e];
    return new ReferrerIndex(holders, targetIndex, offsets, sources);
  }

  /** The tracked objects holding `obj`. */
  referrers(obj: PyObject): PyObject[] {
    const t = this.targetIndex.get(obj);
    if (t === undefined) return [];
    const out: PyObject[] = [];
    for (let e = this.offsets[t]; e < this.offsets[t + 1]; e++) out.push(this.holders[this.sources[e]]);
    return out;
  }
}
