import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { mayBeTracked, type PyDict } from './dict';
import type { InstanceValues } from './instance-values';
import type { SharedKeys } from './shared-keys';
import type { PyStr } from './str';

/**
 * An instance of a Python class. A plain class (3.11 `Py_TPFLAGS_MANAGED_DICT`) keeps attribute
 * values in a separately allocated values array laid out by the class's shared keys; no dict
 * object exists until `__dict__` is asked for (or a name no longer fits the shared keys). A class
 * with `__slots__` keeps one pointer per slot inside the object.
 */
export class PyInstance extends PyObject {
  values: InstanceValues | null = null;
  dict: PyDict | null = null;
  slots: (PyObject | null)[] | null = null;

  sizeof(): number {
    return this.type.basicsize;
  }

  /** The attribute stored under `name` in the instance's own storage (borrowed), or null. */
  getAttribute(name: string): PyObject | null {
    if (this.dict !== null) return this.dict.getByName(name);
    if (this.values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name);
      return slot < 0 || slot >= this.values.capacity ? null : this.values.slots[slot];
    }
    return null;
  }

  /**
   * Stores an attribute (`_PyObject_StoreInstanceAttribute`); steals `value`, borrows `name`.
   * A name that no longer fits the shared keys materializes the dict and stores there.
   */
  setAttribute(runtime: Runtime, name: PyStr, value: PyObject): void {
    if (this.dict === null && this.values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).insert(runtime, name);
      if (slot >= 0) {
        const old = this.values.set(slot, value);
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
    if (this.dict === null && this.values !== null) {
      const slot = (this.type.sharedKeys as SharedKeys).find(name.value);
      const old = slot < 0 || slot >= this.values.capacity ? null : this.values.delete(slot);
      if (old === null) {
        throw new PythonError(
          'AttributeError',
          `'${this.type.name}' object has no attribute '${name.value}'`,
        );
      }
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
    const values = this.values;
    const shared = this.type.sharedKeys;
    if (values !== null && shared !== null) {
      dict.shared = shared;
      shared.refs++;
      dict.values = values;
      dict.used = values.used;
      this.values = null;
      if (values.slots.some((value) => value !== null && mayBeTracked(value))) runtime.gc.track(dict);
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
    else if (this.values !== null) {
      const values = this.values.slots;
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
    const { dict, values } = this;
    this.dict = null;
    this.values = null;
    if (dict !== null) runtime.decref(dict);
    else if (values !== null) values.free(runtime);
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
