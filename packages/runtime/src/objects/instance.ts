import { decodeAddress } from '../allocator/compact-address';
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

/** Values arrays of up to this many slots live in the instance's own fields (`v0` … `v4`). */
const INLINE_VALUES = 5;
/** `valuesCapacity` of an instance without a values array. */
const NO_VALUES = -1;

/**
 * An instance of a Python class. A plain class (3.11 `Py_TPFLAGS_MANAGED_DICT`) keeps attribute
 * values in a separately allocated values array laid out by the class's shared keys; no dict
 * object exists until `__dict__` is asked for (or a name no longer fits the shared keys). A class
 * with `__slots__` keeps one pointer per slot inside the object.
 *
 * The values array's fields are the instance's own (not an `InstanceValues` object, which only a
 * materialized dict gets), and so are its slots while there are at most `INLINE_VALUES` of them:
 * a class's shared keys leave each new instance one slot of headroom past the names it has, so
 * from about its 30th instance on, a class with up to four attributes needs no JS array per
 * instance. That is two JS objects (array and backing store, 88 bytes) less per instance, fewer
 * cache misses for the collector's traversals and less for V8's own collector to trace.
 */
export class PyInstance extends PyObject {
  // Fields in the order `traverse` reads them, right after PyObject's: fewer cache lines per
  // instance in a collection.
  slots: (PyObject | null)[] | null = null;
  dict: PyDict | null = null;
  /** Slots of the values array (`valuesCapacity` of them), or `NO_VALUES`: no values array (any more). */
  private valuesCapacity = NO_VALUES;
  /** The values array's slots when there are more than `INLINE_VALUES`, else null. */
  private valuesOverflow: (PyObject | null)[] | null = null;
  /** Values array slots 0..4 while `valuesCapacity <= INLINE_VALUES`. */
  private v0: PyObject | null = null;
  private v1: PyObject | null = null;
  private v2: PyObject | null = null;
  private v3: PyObject | null = null;
  private v4: PyObject | null = null;
  /** The values' insertion order, null while it is the slot order (see `orderWith`). */
  private valuesOrder: number[] | null = null;
  /** The values array's block address, packed as a Smi (see `encodeAddress`). */
  private valuesAddressCode = 0;

  sizeof(): number {
    return this.type.basicsize;
  }

  /** Gives the instance a new empty values array of `capacity` slots (`init_inline_values`). */
  allocateValues(runtime: Runtime, capacity: number): void {
    this.valuesCapacity = capacity;
    if (capacity > INLINE_VALUES) this.valuesOverflow = emptySlots(capacity);
    this.valuesAddressCode = allocateValuesBlock(runtime, capacity);
  }

  /** Whether the instance has a values array (no dict made from it yet). */
  private get hasValues(): boolean {
    return this.valuesCapacity !== NO_VALUES;
  }

  /** Values array slot `i` (0 ≤ i < valuesCapacity). */
  private valueAt(i: number): PyObject | null {
    const overflow = this.valuesOverflow;
    if (overflow !== null) return overflow[i];
    switch (i) {
      case 0:
        return this.v0;
      case 1:
        return this.v1;
      case 2:
        return this.v2;
      case 3:
        return this.v3;
      default:
        return this.v4;
    }
  }

  /** Stores `value` in values array slot `i` (0 ≤ i < valuesCapacity). */
  private storeValue(i: number, value: PyObject | null): void {
    const overflow = this.valuesOverflow;
    if (overflow !== null) overflow[i] = value;
    else if (i === 0) this.v0 = value;
    else if (i === 1) this.v1 = value;
    else if (i === 2) this.v2 = value;
    else if (i === 3) this.v3 = value;
    else this.v4 = value;
  }

  /** The values array's slots as one array of `valuesCapacity` (the overflow array itself, or a copy). */
  private valuesArray(): (PyObject | null)[] {
    if (this.valuesOverflow !== null) return this.valuesOverflow;
    const slots: (PyObject | null)[] = [];
    for (let i = 0; i < this.valuesCapacity; i++) slots.push(this.valueAt(i));
    return slots;
  }

  /** The attribute stored under `name` in the instance's own storage (borrowed), or null. */
  getAttribute(name: string): PyObject | null {
    if (this.dict !== null) return this.dict.getByName(name);
    if (this.hasValues) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name);
      return slot < 0 || slot >= this.valuesCapacity ? null : this.valueAt(slot);
    }
    return null;
  }

  /**
   * Stores an attribute (`_PyObject_StoreInstanceAttribute`); steals `value`, borrows `name`.
   * A name that no longer fits the shared keys materializes the dict and stores there.
   */
  setAttribute(runtime: Runtime, name: PyStr, value: PyObject): void {
    if (this.dict === null && this.hasValues) {
      const slot = (this.type.sharedKeys as SharedKeys).insert(runtime, name);
      if (slot >= 0) {
        const old = this.valueAt(slot);
        if (old === null) {
          this.valuesOrder = orderWith(this.valuesOrder, this.valuesUsed(), slot);
        }
        this.storeValue(slot, value);
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
    if (this.dict === null && this.hasValues) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name.value);
      const old = slot < 0 || slot >= this.valuesCapacity ? null : this.valueAt(slot);
      if (old === null) {
        throw new PythonError(
          'AttributeError',
          `'${this.type.name}' object has no attribute '${name.value}'`,
        );
      }
      this.valuesOrder = orderWithout(this.valuesOrder, this.valuesUsed(), slot);
      this.storeValue(slot, null);
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
    const shared = this.type.sharedKeys;
    if (this.hasValues && shared !== null) {
      const slots = this.valuesArray();
      dict.shared = shared;
      shared.refs++;
      const used = this.valuesUsed();
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
    if (this.dict !== null) visit(this.dict);
    else if (this.hasValues) {
      const entries = Math.min(this.valuesCapacity, (this.type.sharedKeys as SharedKeys).names.length);
      const overflow = this.valuesOverflow;
      if (overflow !== null) {
        for (let i = 0; i < entries; i++) {
          const value = overflow[i];
          if (value !== null) visit(value);
        }
      } else if (entries > 0) {
        // Unrolled slot order: the collector's traversals run this for every instance.
        if (this.v0 !== null) visit(this.v0);
        if (entries > 1 && this.v1 !== null) visit(this.v1);
        if (entries > 2 && this.v2 !== null) visit(this.v2);
        if (entries > 3 && this.v3 !== null) visit(this.v3);
        if (entries > 4 && this.v4 !== null) visit(this.v4);
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
    const { dict, valuesCapacity, valuesOverflow, valuesAddressCode } = this;
    if (dict !== null) {
      this.dict = null;
      this.dropValues();
      runtime.decref(dict);
    } else if (valuesOverflow !== null) {
      this.dropValues();
      freeValues(runtime, valuesOverflow, valuesAddressCode);
    } else if (valuesCapacity !== NO_VALUES) {
      // As freeValues: the instance lets go of the values first, then releases them in slot order.
      const { v0, v1, v2, v3, v4 } = this;
      this.dropValues();
      if (v0 !== null) runtime.decref(v0);
      if (v1 !== null) runtime.decref(v1);
      if (v2 !== null) runtime.decref(v2);
      if (v3 !== null) runtime.decref(v3);
      if (v4 !== null) runtime.decref(v4);
      runtime.memory.free(decodeAddress(valuesAddressCode));
    }
  }

  /**
   * Set value slots (the split dict's `ma_used`), counted rather than kept in a field (8 bytes
   * per instance): the insertion order's length, or while that order is the slot order, the set
   * slots' prefix of `values`.
   */
  private valuesUsed(): number {
    if (this.valuesOrder !== null) return this.valuesOrder.length;
    let used = 0;
    while (used < this.valuesCapacity && this.valueAt(used) !== null) used++;
    return used;
  }

  /** Forgets the values array (freed, or handed to a dict). */
  private dropValues(): void {
    this.valuesCapacity = NO_VALUES;
    this.v0 = null;
    this.v1 = null;
    this.v2 = null;
    this.v3 = null;
    this.v4 = null;
    this.valuesOverflow = null;
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
