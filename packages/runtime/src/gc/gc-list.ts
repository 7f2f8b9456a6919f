import type { GcLink, PyObject } from '../object';

/**
 * A circular doubly linked list of GC-tracked objects with a sentinel head, like a CPython
 * generation list: O(1) append, unlink and whole-list merge, in allocation order.
 */
export class GcList implements GcLink {
  gcPrev: GcLink;
  gcNext: GcLink;

  constructor() {
    this.gcPrev = this;
    this.gcNext = this;
  }

  get isEmpty(): boolean {
    return this.gcNext === this;
  }

  append(obj: PyObject): void {
    const last = this.gcPrev;
    obj.gcPrev = last;
    obj.gcNext = this;
    last.gcNext = obj;
    this.gcPrev = obj;
  }

  /** Removes `obj` from whichever list holds it. */
  static unlink(obj: PyObject): void {
    const prev = obj.gcPrev as GcLink;
    const next = obj.gcNext as GcLink;
    prev.gcNext = next;
    next.gcPrev = prev;
    obj.gcPrev = null;
    obj.gcNext = null;
  }

  /** Moves every object of `this` to the end of `target` (`gc_list_merge`). */
  mergeInto(target: GcList): void {
    if (this.isEmpty) return;
    const first = this.gcNext;
    const last = this.gcPrev;
    const tail = target.gcPrev;
    tail.gcNext = first;
    first.gcPrev = tail;
    last.gcNext = target;
    target.gcPrev = last;
    this.gcNext = this;
    this.gcPrev = this;
  }

  get length(): number {
    let n = 0;
    for (let link = this.gcNext; link !== this; link = link.gcNext as GcLink) n++;
    return n;
  }

  *[Symbol.iterator](): Generator<PyObject> {
    let link = this.gcNext;
    while (link !== this) {
      const next = link.gcNext as GcLink;
      yield link as PyObject;
      link = next;
    }
  }
}
