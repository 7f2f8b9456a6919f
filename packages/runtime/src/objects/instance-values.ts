import { decodeAddress, encodeAddress } from '../allocator/compact-address';
import { CPYTHON_311 } from '../cpython-311';
import type { PyObject } from '../object';
import type { Runtime } from '../runtime';

/** Bytes of a values array of `capacity` slots: an 8-aligned prefix (capacity, order) and the slots. */
export function valuesArraySize(capacity: number): number {
  const prefix = Math.ceil((capacity + 2) / 8) * 8;
  return prefix + CPYTHON_311.pointerSize * capacity;
}

/**
 * The attribute values of a split dict, indexed by shared-keys slot, with the per-instance
 * insertion order CPython keeps in the array's prefix. An instance without a dict holds the same
 * four fields inline (`PyInstance.valueSlots` …) and hands them over here when its `__dict__` is
 * made: the modelled block is the same one, moved, not copied.
 */
export class InstanceValues {
  readonly slots: (PyObject | null)[];
  /**
   * Slots in insertion order, or null while that order is 0, 1, …, used - 1: attributes first set
   * in slot order, as nearly every instance sets them (the class's first instance laid the shared
   * keys out in its own order), so most instances never allocate one (see `orderWith`).
   */
  private order: number[] | null;
  /** Set slots (the split dict's `ma_used`). */
  used: number;
  /** The array's block address, packed as a Smi (see `encodeAddress`). */
  private readonly addressCode: number;

  /** Takes over a values array: its slots, insertion order, count and block (`addressCode`). */
  constructor(slots: (PyObject | null)[], order: number[] | null, used: number, addressCode: number) {
    this.slots = slots;
    this.order = order;
    this.used = used;
    this.addressCode = addressCode;
  }

  /** A new empty values array of `capacity` slots, its block allocated now. */
  static allocate(runtime: Runtime, capacity: number): InstanceValues {
    return new InstanceValues(emptySlots(capacity), null, 0, allocateValuesBlock(runtime, capacity));
  }

  get address(): number {
    return decodeAddress(this.addressCode);
  }

  get capacity(): number {
    return this.slots.length;
  }

  /** The slot inserted `position`-th (0 ≤ position < used). */
  slotAt(position: number): number {
    return this.order === null ? position : this.order[position];
  }

  /** Stores `value` (stolen) in `slot`, returning the previous value for the caller to release. */
  set(slot: number, value: PyObject): PyObject | null {
    const old = this.slots[slot];
    if (old === null) {
      this.order = orderWith(this.order, this.used, slot);
      this.used++;
    }
    this.slots[slot] = value;
    return old;
  }

  /** Empties `slot`, returning its value for the caller to release. */
  delete(slot: number): PyObject | null {
    const old = this.slots[slot];
    if (old === null) return null;
    this.slots[slot] = null;
    this.order = orderWithout(this.order, this.used, slot);
    this.used--;
    return old;
  }

  /** Releases the values in slot order (`_PyObject_FreeInstanceAttributes`), then the array. */
  free(runtime: Runtime): void {
    this.order = null;
    this.used = 0;
    freeValues(runtime, this.slots, this.addressCode);
  }
}

/** One all-null array per capacity, copied by `emptySlots`. */
const emptyTemplates: (PyObject | null)[][] = [];

/**
 * `capacity` empty slots: a copy of a cached all-null array, about 5× faster than
 * `new Array(capacity).fill(null)` (and a packed array, not a holey one).
 */
export function emptySlots(capacity: number): (PyObject | null)[] {
  let template = emptyTemplates[capacity];
  if (template === undefined) {
    template = [];
    for (let i = 0; i < capacity; i++) template.push(null);
    emptyTemplates[capacity] = template;
  }
  return template.slice();
}

/** Allocates the block of a values array of `capacity` slots, returning its address code. */
export function allocateValuesBlock(runtime: Runtime, capacity: number): number {
  return encodeAddress(runtime.memory.malloc(valuesArraySize(capacity)));
}

/**
 * The insertion order after `slot` is first set in values with `used` set slots in `order`
 * (null: the identity order). Stays null while slots are set in slot order.
 */
export function orderWith(order: number[] | null, used: number, slot: number): number[] | null {
  if (order !== null) return appended(order, slot);
  return slot === used ? null : appended(identityOrder(used), slot);
}

/** The insertion order after `slot` (set) is emptied, in values with `used` set slots. */
export function orderWithout(order: number[] | null, used: number, slot: number): number[] {
  const next = order ?? identityOrder(used);
  next.splice(next.indexOf(slot), 1);
  return next;
}

/** Releases the values in slot order (`_PyObject_FreeInstanceAttributes`), then the array's block. */
export function freeValues(runtime: Runtime, slots: (PyObject | null)[], addressCode: number): void {
  for (let i = 0; i < slots.length; i++) {
    const value = slots[i];
    if (value !== null) {
      slots[i] = null;
      runtime.decref(value);
    }
  }
  runtime.memory.free(decodeAddress(addressCode));
}

function identityOrder(used: number): number[] {
  const order = new Array<number>(used);
  for (let i = 0; i < used; i++) order[i] = i;
  return order;
}

/**
 * `order` followed by `slot`, in an array of exactly that length. Literals for the common short
 * orders; `concat` would do the same but, being generic (`Symbol.isConcatSpreadable`), took 8%
 * of a loop creating instances.
 */
function appended(order: readonly number[], slot: number): number[] {
  const n = order.length;
  if (n === 0) return [slot];
  if (n === 1) return [order[0], slot];
  if (n === 2) return [order[0], order[1], slot];
  const next = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) next[i] = order[i];
  next[n] = slot;
  return next;
}
