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
 * The attribute values of an instance (or of a split dict), indexed by shared-keys slot, with
 * the per-instance insertion order CPython keeps in the array's prefix.
 */
export class InstanceValues {
  readonly slots: (PyObject | null)[];
  /**
   * Slots in insertion order, or null while that order is 0, 1, …, used - 1: attributes first set
   * in slot order, as nearly every instance sets them (the class's first instance laid the shared
   * keys out in its own order), so most instances never allocate one. When present it is replaced
   * by a copy one longer on each insertion (`appended`): `push` would give the first value room
   * for 16 more (V8's growth rule), ~150 bytes per instance.
   */
  private order: number[] | null = null;
  /** Set slots (the split dict's `ma_used`). */
  used = 0;
  /** The array's block address, packed as a Smi (see `encodeAddress`). */
  private readonly addressCode: number;

  constructor(runtime: Runtime, capacity: number) {
    this.slots = new Array<PyObject | null>(capacity).fill(null);
    this.addressCode = encodeAddress(runtime.memory.malloc(valuesArraySize(capacity)));
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
      if (this.order !== null) this.order = appended(this.order, slot);
      else if (slot !== this.used) this.order = appended(this.identityOrder(), slot);
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
    const order = this.order ?? this.identityOrder();
    order.splice(order.indexOf(slot), 1);
    this.order = order;
    this.used--;
    return old;
  }

  private identityOrder(): number[] {
    const order = new Array<number>(this.used);
    for (let i = 0; i < this.used; i++) order[i] = i;
    return order;
  }

  /** Releases the values in slot order (`_PyObject_FreeInstanceAttributes`), then the array. */
  free(runtime: Runtime): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const value = slots[i];
      if (value !== null) {
        slots[i] = null;
        runtime.decref(value);
      }
    }
    this.order = null;
    this.used = 0;
    runtime.memory.free(this.address);
  }
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
