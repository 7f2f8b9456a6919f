import { PyObject, type Runtime, type Visitor } from '@memkit/runtime';
import type { Vm } from './vm';

/**
 * The lazy iterators of builtins (`enumerate`, `zip`, `map`, `filter`, `reversed`): objects of
 * CPython's sizes owning their sources, with the stepping done by a TypeScript function.
 */
export class NativeIterator extends PyObject {
  /** What the iterator holds (its source iterators, the function…), released at exhaustion or death. */
  held: PyObject[];
  private readonly step: (vm: Vm, held: readonly PyObject[]) => PyObject | null;

  constructor(
    type: PyObject['type'],
    held: PyObject[],
    step: (vm: Vm, held: readonly PyObject[]) => PyObject | null,
  ) {
    super(type);
    this.held = held;
    this.step = step;
  }

  sizeof(): number {
    return this.type.basicsize;
  }

  /** The next item (a new reference), or null when exhausted. */
  next(vm: Vm): PyObject | null {
    if (this.held.length === 0) return null;
    return this.step(vm, this.held);
  }

  override traverse(visit: Visitor): void {
    for (const obj of this.held) visit(obj);
  }

  dealloc(runtime: Runtime): void {
    const held = this.held;
    this.held = [];
    for (const obj of held) runtime.decref(obj);
    runtime.freeObject(this);
  }
}
