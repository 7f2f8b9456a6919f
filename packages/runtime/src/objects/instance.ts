import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { mayBeTracked, type PyDict } from './dict';
import {
  allocateValuesBlock,
  emptySlots,
  freeValues,
  InstanceValues,
  orderWith,
  orderWithout,
} from './instance-values';
import type { SharedKeys } from './shared-keys';
import type { PyStr } from './str';

/**
 * An instance of a Python class. A plain class (3.11 `Py_TPFLAGS_MANAGED_DICT`) keeps attribute
 * values in a separately allocated values array laid out by the class's shared keys; no dict
 * object exists until `__dict__` is asked for (or a name no longer fits the shared keys). A class
 * with `__slots__` keeps one pointer per slot inside the object.
 *
 * The values array's fields are the instance's own (not an `InstanceValues` object, which only a
 * materialized dict gets): one JS object less per instance, and the collector reaches the values
 * in two loads instead of four.
 */
export class PyInstance extends PyObject {
  /** The values array's slots (indexed by shared-keys slot), or null: no values array (any more). */
  valueSlots: (PyObject | null)[] | null = null;
  /** The values' insertion order, null while it is the slot order (see `orderWith`). */
  private valuesOrder: number[] | null = null;
  /** The values array's block address, packed as a Smi (see `encodeAddress`). */
  private valuesAddressCode = 0;
  dict: PyDict | null = null;
  slots: (PyObject | null)[] | null = null;

  sizeof(): number {
    return this.type.basicsize;
  }

  /** Gives the instance a new empty values array of `capacity` slots (`init_inline_values`). */
  allocateValues(runtime: Runtime, capacity: number): void {
    this.valueSlots = emptySlots(capacity);
    this.valuesAddressCode = allocateValuesBlock(runtime, capacity);
  }

  /** The attribute stored under `name` in the instance's own storage (borrowed), or null. */
  getAttribute(name: string): PyObject | null {
    if (this.dict !== null) return this.dict.getByName(name);
    const values = this.valueSlots;
    if (values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name);
      return slot < 0 || slot >= values.length ? null : values[slot];
    }
    return null;
  }

  /**
   * Stores an attribute (`_PyObject_StoreInstanceAttribute`); steals `value`, borrows `name`.
   * A name that no longer fits the shared keys materializes the dict and stores there.
   */
  setAttribute(runtime: Runtime, name: PyStr, value: PyObject): void {
    const values = this.valueSlots;
    if (this.dict === null && values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).insert(runtime, name);
      if (slot >= 0) {
        const old = values[slot];
        if (old === null) {
          this.valuesOrder = orderWith(this.valuesOrder, this.valuesUsed(values), slot);
        }
        values[slot] = value;
        if (old !== null) runtime.decref(old);
        return;
      }
      this.materializeDict(runtime);
    }
    if (this.dict === null && this.type.hasManagedDict) this.materializeDict(runtime);
    if (this.dict === null) {
      throw new PythonError('AttributeError', `'${this.type.name}' object has no attribute '${name.value}'`);
    }
    runtime.incref(name);
    this.dict.set(runtime, name, value);
  }

  /** Removes an attribute; `AttributeError` when it is not set. */
  deleteAttribute(runtime: Runtime, name: PyStr): void {
    const values = this.valueSlots;
    if (this.dict === null && values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name.value);
      const old = slot < 0 || slot >= values.length ? null : values[slot];
      if (old === null) {
        throw new PythonError(
          'AttributeError',
          `'${this.type.name}' object has no attribute '${name.value}'`,
        );
      }
      this.valuesOrder = orderWithout(this.valuesOrder, this.valuesUsed(values), slot);
      values[slot] = null;
      runtime.decref(old);
      return;
    }
    if (this.dict === null || this.dict.get(name) === null) {
      throw new PythonError('AttributeError', `'${this.type.name}' object has no attribute '${name.value}'`);
    }
    this.dict.delete(runtime, name);
  }

  /**
   * `obj.__dict__` (`_PyObject_GetManagedDict` / `make_dict_from_instance_attributes`): a split
   * dict taking over the values array; tracked if any value may be. Returns it borrowed.
   */
  materializeDict(runtime: Runtime): PyDict {
    if (this.dict !== null) return this.dict;
    const dict = runtime.newDictObject();
    const slots = this.valueSlots;
    const shared = this.type.sharedKeys;
    if (slots !== null && shared !== null) {
      dict.shared = shared;
      shared.refs++;
      const used = this.valuesUsed(slots);
      dict.values = new InstanceValues(slots, this.valuesOrder, used, this.valuesAddressCode);
      dict.used = used;
      this.dropValues();
      if (slots.some((value) => value !== null && mayBeTracked(value))) runtime.gc.track(dict);
    }
    this.dict = dict;
    return dict;
  }

  /**
   * `subtype_traverse`: slots, then the dict or the inline values (only the shared keys' entries,
   * `dk_nentries`, not the whole array), then the (heap) type.
   */
  override traverse(visit: Visitor): void {
    const slots = this.slots;
    if (slots !== null) {
      for (let i = 0; i < slots.length; i++) {
        const value = slots[i];
        if (value !== null) visit(value);
      }
    }
    const values = this.valueSlots;
    if (this.dict !== null) visit(this.dict);
    else if (values !== null) {
      const entries = Math.min(values.length, (this.type.sharedKeys as SharedKeys).names.length);
      for (let i = 0; i < entries; i++) {
        const value = values[i];
        if (value !== null) visit(value);
      }
    }
    if (this.type.isHeapType) visit(this.type);
  }

  /** `subtype_clear`: drops slots and the dict or inline values. */
  override clear(runtime: Runtime): void {
    this.releaseStorage(runtime);
  }

  private releaseStorage(runtime: Runtime): void {
    const slots = this.slots;
    if (slots !== null) {
      for (let i = 0; i < slots.length; i++) {
        const value = slots[i];
        slots[i] = null;
        if (value !== null) runtime.decref(value);
      }
    }
    const { dict, valueSlots, valuesAddressCode } = this;
    this.dict = null;
    this.dropValues();
    if (dict !== null) runtime.decref(dict);
    else if (valueSlots !== null) freeValues(runtime, valueSlots, valuesAddressCode);
  }

  /**
   * Set value slots (the split dict's `ma_used`), counted rather than kept in a field (8 bytes
   * per instance): the insertion order's length, or while that order is the slot order, the set
   * slots' prefix of `values`.
   */
  private valuesUsed(values: readonly (PyObject | null)[]): number {
    if (this.valuesOrder !== null) return this.valuesOrder.length;
    let used = 0;
    while (used < values.length && values[used] !== null) used++;
    return used;
  }

  /** Forgets the values array (freed, or handed to a dict). */
  private dropValues(): void {
    this.valueSlots = null;
    this.valuesOrder = null;
    this.valuesAddressCode = 0;
  }

  /** `subtype_dealloc`: slots, then dict or values, then the object, then the type reference. */
  dealloc(runtime: Runtime): void {
    this.releaseStorage(runtime);
    runtime.freeObject(this);
  }
}

/** Bytes of an instance of a class with `n` slots (object header + one pointer each). */
export function slotsInstanceSize(n: number): number {
  return CPYTHON_311.basicsize.slotsInstance + CPYTHON_311.pointerSize * n;
}
