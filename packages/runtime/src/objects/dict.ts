import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { DictKeys, estimatedLog2Keysize, log2KeysizeFor } from './dict-keys';
import { hashObject, hashString } from './hashing';
import { InstanceValues } from './instance-values';
import { isOrderedDictBase, isOrderedDictType, OrderedDictNodes } from './odict-nodes';
import type { SharedKeys } from './shared-keys';
import { PyStr } from './str';
import { PyTuple } from './tuple';
import type { PyType } from './type';

/** `_PyObject_GC_MAY_BE_TRACKED`: storing such an object makes an untracked dict tracked. */
export function mayBeTracked(obj: PyObject): boolean {
  if (!obj.type.isGc) return false;
  return obj instanceof PyTuple ? obj.isTracked : true;
}

/**
 * Version of every class dict that feeds a type's lookup cache (`PyType.lookupCache`), as
 * CPython's type version tags: bumped by any change to such a dict, which drops all caches.
 */
export const typeLookupEpoch = { value: 0 };

/** Source of `PyDict.version` values, as CPython's global `ma_version_tag` counter. */
export const dictVersions = { last: 0 };

/**
 * A Python dict (`PyDictObject`, 48 bytes + 16 GC head). Combined dicts own a `DictKeys`
 * table (none at all while empty: the static empty keys); split dicts — an instance's
 * materialized `__dict__` — use their class's `SharedKeys` plus a values array.
 *
 * Mutators steal the references they are given and release the ones they drop, in CPython's
 * order. Dicts start untracked and become tracked when a container is stored (`MAINTAIN_TRACKING`).
 */
export class PyDict extends PyObject {
  keys: DictKeys | null = null;
  shared: SharedKeys | null = null;
  values: InstanceValues | null = null;
  used = 0;
  /** `__slots__` values of an instance of a dict subclass (`defaultdict.default_factory`). */
  slots: (PyObject | null)[] | null = null;
  /** The `__dict__` of an instance of a dict subclass (its managed-dict pointer), made on demand. */
  instanceDict: PyDict | null = null;
  /** The nodes of a `collections.OrderedDict` (C odict), made with its first key. */
  odict: OrderedDictNodes | null = null;
  /** A class dict some type's lookup cache was filled from: its changes bump `typeLookupEpoch`. */
  feedsTypeLookup = false;
  /**
   * `ma_version_tag`: a new value from `dictVersions` on every insert, replace or delete, so a
   * value cached from this dict (a global or builtin at a load site) is current while it is.
   */
  version = 0;

  get isSplit(): boolean {
    return this.values !== null;
  }

  sizeof(): number {
    // `_PyDict_SizeOf` starts from the object's own type: a subclass's slots count too.
    const base = this.type.basicsize;
    if (this.shared !== null) return base + CPYTHON_311.pointerSize * this.shared.usableSize;
    // odict_sizeof adds the fast-nodes array and the nodes.
    return base + (this.keys === null ? 0 : this.keys.byteSize) + (this.odict?.byteSize ?? 0);
  }

  /** The value for `key` (borrowed), or null. */
  get(key: PyObject): PyObject | null {
    if (this.shared !== null) {
      if (!(key instanceof PyStr)) return null;
      const slot = this.shared.find(key.value);
      return slot < 0 ? null : (this.values as InstanceValues).slots[slot];
    }
    if (this.keys === null) return null;
    const i = this.keys.find(key, hashObject(key));
    return i < 0 ? null : this.keys.values[i];
  }

  /** The value stored under the str key `name` (borrowed), or null — attribute lookups. */
  getByName(name: string): PyObject | null {
    if (this.shared !== null) {
      const slot = this.shared.find(name);
      return slot < 0 ? null : (this.values as InstanceValues).slots[slot];
    }
    if (this.keys === null) return null;
    const i = this.keys.findByName(name, hashString(name));
    return i < 0 ? null : this.keys.values[i];
  }

  /**
   * The entry at iteration position `position` or after it (`dictiter_iternext*`): returns the
   * position of the next live entry, or -1 past the end. Read it with `keyAt`/`valueAt`.
   */
  nextPosition(position: number): number {
    if (this.shared !== null) {
      return position < (this.values as InstanceValues).used ? position : -1;
    }
    const keys = this.keys;
    if (keys === null) return -1;
    for (let i = position; i < keys.keys.length; i++) if (keys.keys[i] !== null) return i;
    return -1;
  }

  /** The key at a live position found by `nextPosition` (borrowed). */
  keyAt(position: number): PyObject {
    if (this.shared !== null) {
      return this.shared.names[(this.values as InstanceValues).slotAt(position)];
    }
    return (this.keys as DictKeys).keys[position] as PyObject;
  }

  /** The value at a live position found by `nextPosition` (borrowed). */
  valueAt(position: number): PyObject {
    if (this.shared !== null) {
      const values = this.values as InstanceValues;
      return values.slots[values.slotAt(position)] as PyObject;
    }
    return (this.keys as DictKeys).values[position] as PyObject;
  }

  /** Key/value pairs in iteration order (borrowed). */
  *entries(): Generator<[PyObject, PyObject]> {
    if (this.shared !== null) {
      const { names } = this.shared;
      const values = this.values as InstanceValues;
      for (let position = 0; position < values.used; position++) {
        const slot = values.slotAt(position);
        yield [names[slot], values.slots[slot] as PyObject];
      }
      return;
    }
    const keys = this.keys;
    if (keys === null) return;
    for (let i = 0; i < keys.keys.length; i++) {
      const key = keys.keys[i];
      if (key !== null) yield [key, keys.values[i] as PyObject];
    }
  }

  /** `d[key] = value` (`insertdict`); steals both references. */
  set(runtime: Runtime, key: PyObject, value: PyObject): void {
    this.version = ++dictVersions.last;
    if (this.feedsTypeLookup) typeLookupEpoch.value++;
    const hash = hashObject(key);
    if (this.shared !== null && !this.setSplit(runtime, key, value)) return;
    if (this.keys === null)
      this.keys = this.newKeys(runtime, CPYTHON_311.dictMinLog2Size, key instanceof PyStr);
    else if (this.keys.unicode && !(key instanceof PyStr))
      this.resize(runtime, log2KeysizeFor(this.used * 3), false);
    const keys = this.keys as DictKeys;
    const i = keys.find(key, hash);
    if (i >= 0) {
      const old = keys.values[i] as PyObject;
      keys.values[i] = value;
      this.maintainTracking(runtime, key, value);
      runtime.decref(old);
      runtime.decref(key);
      return;
    }
    if (keys.usable <= 0) this.resize(runtime, log2KeysizeFor(this.used * 3), true);
    (this.keys as DictKeys).append(key, hash, value);
    this.used++;
    this.maintainTracking(runtime, key, value);
    // PyODict_SetItem: the dict stores the key, then the OrderedDict adds its node.
    if (this.odict !== null || (this.type.isHeapType && isOrderedDictType(this.type))) {
      this.odict ??= new OrderedDictNodes();
      this.odict.added(runtime, this.keys, key);
    }
  }

  /**
   * Stores into a split dict when the key can stay shared; returns false when done, true when
   * the dict was converted to a combined one and the caller must insert there.
   */
  private setSplit(runtime: Runtime, key: PyObject, value: PyObject): boolean {
    const shared = this.shared as SharedKeys;
    if (key instanceof PyStr) {
      const slot = shared.insert(runtime, key);
      if (slot >= 0) {
        const old = (this.values as InstanceValues).set(slot, value);
        if (old === null) this.used++;
        this.maintainTracking(runtime, key, value);
        runtime.decref(key);
        if (old !== null) runtime.decref(old);
        return false;
      }
    }
    this.resize(runtime, log2KeysizeFor(this.used * 3), key instanceof PyStr);
    return true;
  }

  /** `del d[key]`; raises `KeyError` when absent. */
  delete(runtime: Runtime, key: PyObject): void {
    this.version = ++dictVersions.last;
    if (this.feedsTypeLookup) typeLookupEpoch.value++;
    if (this.shared !== null) {
      const slot = key instanceof PyStr ? this.shared.find(key.value) : -1;
      const old = slot < 0 ? null : (this.values as InstanceValues).delete(slot);
      if (old === null) throw new PythonError('KeyError', runtime.repr(key));
      this.used--;
      runtime.decref(old);
      return;
    }
    const i = this.keys === null ? -1 : this.keys.find(key, hashObject(key));
    if (i < 0) throw new PythonError('KeyError', runtime.repr(key));
    // PyODict_DelItem: the node goes first, then the dict's entry.
    if (this.odict !== null)
      this.odict.removed(runtime, this.keys, (this.keys as DictKeys).keys[i] as PyObject);
    const [oldKey, oldValue] = (this.keys as DictKeys).remove(i);
    this.used--;
    runtime.decref(oldKey);
    runtime.decref(oldValue);
  }

  /** `dict.clear()`: back to the static empty keys, then release the old contents. */
  clearAll(runtime: Runtime): void {
    this.version = ++dictVersions.last;
    if (this.feedsTypeLookup) typeLookupEpoch.value++;
    const { keys, shared, values } = this;
    this.keys = null;
    this.shared = null;
    this.values = null;
    this.used = 0;
    if (values !== null) {
      values.free(runtime);
      (shared as SharedKeys).release(runtime);
    } else if (keys !== null) this.freeKeys(runtime, keys);
    // odict_clear / odict_tp_clear: PyDict_Clear, then the nodes.
    this.odict?.clear(runtime);
  }

  /**
   * `OrderedDict.move_to_end(key, last)`: false when `key` is absent. The entry moves within the
   * dict's table (see `OrderedDictNodes`), so iteration, views and copies follow the new order.
   */
  moveToEnd(key: PyObject, last: boolean): boolean {
    const i = this.keys === null ? -1 : this.keys.find(key, hashObject(key));
    if (i < 0) return false;
    if (this.used > 1) (this.keys as DictKeys).moveEntry(i, last);
    return true;
  }

  /** Presizes an empty dict for `n` items, as `_PyDict_NewPresized` / `dict_new_presized`. */
  presize(runtime: Runtime, n: number, unicode: boolean): void {
    if (n <= 5 || this.keys !== null) return;
    this.keys = this.newKeys(runtime, Math.min(estimatedLog2Keysize(n), 17), unicode);
  }

  /**
   * `dictresize`: moves the live entries into a new combined table of `2**log2size` slots,
   * converting a split dict; the new table stays unicode only if asked and the old one was.
   */
  resize(runtime: Runtime, log2size: number, unicode: boolean): void {
    const old = this.keys;
    const wasUnicode = old === null ? true : old.unicode;
    const next = this.newKeys(runtime, log2size, unicode && wasUnicode);
    if (this.shared !== null) {
      const shared = this.shared;
      const values = this.values as InstanceValues;
      for (let position = 0; position < values.used; position++) {
        const slot = values.slotAt(position);
        const name = shared.names[slot];
        runtime.incref(name);
        next.append(name, hashObject(name), values.slots[slot] as PyObject);
        values.slots[slot] = null;
      }
      values.free(runtime);
      this.shared = null;
      this.values = null;
      shared.release(runtime);
    } else if (old !== null) {
      for (let i = 0; i < old.keys.length; i++) {
        const key = old.keys[i];
        if (key !== null) next.append(key, old.hashes[i], old.values[i] as PyObject);
      }
      this.releaseKeysBlock(runtime, old);
    }
    this.keys = next;
  }

  private newKeys(runtime: Runtime, log2size: number, unicode: boolean): DictKeys {
    const keys = new DictKeys(log2size, unicode);
    keys.address = runtime.freeLists.takeDictKeys(keys) || runtime.memory.malloc(keys.byteSize);
    return keys;
  }

  /** `free_keys_object`: releases each entry's key then value, in entry order, then the table. */
  private freeKeys(runtime: Runtime, keys: DictKeys): void {
    const entryKeys = keys.keys;
    const entryValues = keys.values;
    for (let i = 0; i < entryKeys.length; i++) {
      const key = entryKeys[i];
      if (key === null) continue;
      runtime.decref(key);
      runtime.decref(entryValues[i] as PyObject);
    }
    // The table is garbage from here (the dict already dropped it): emptying its arrays would
    // only cost a slow \`length\` store each.
    this.releaseKeysBlock(runtime, keys);
  }

  private releaseKeysBlock(runtime: Runtime, keys: DictKeys): void {
    if (!runtime.freeLists.pushDictKeys(keys)) runtime.memory.free(keys.address);
    keys.address = 0;
  }

  private maintainTracking(runtime: Runtime, key: PyObject, value: PyObject): void {
    if (!this.isTracked && (mayBeTracked(value) || mayBeTracked(key))) runtime.gc.track(this);
  }

  /** `dict_traverse`: values only when all keys are strs, else each key then its value. */
  override traverse(visit: Visitor): void {
    // subtype_traverse: an instance of a dict subclass also references its slots, its own
    // `__dict__` and its class.
    if (this.type.isHeapType) {
      const slots = this.slots;
      if (slots !== null) for (const value of slots) if (value !== null) visit(value);
      if (isOrderedDictType(this.type)) {
        // A subclass's class, then odict_traverse: od_inst_dict and each node's key (the
        // OrderedDict class itself is a static type in CPython: not visited).
        if (!isOrderedDictBase(this.type)) visit(this.type);
        if (this.instanceDict !== null) visit(this.instanceDict);
        if (this.odict !== null && this.keys !== null)
          this.odict.traverse(visit, this.keys.keys as PyObject[]);
      } else {
        if (this.instanceDict !== null) visit(this.instanceDict);
        visit(this.type);
      }
    }
    if (this.values !== null) {
      const slots = this.values.slots;
      for (let i = 0; i < slots.length; i++) {
        const value = slots[i];
        if (value !== null) visit(value);
      }
      return;
    }
    const keys = this.keys;
    if (keys === null) return;
    for (let i = 0; i < keys.keys.length; i++) {
      const key = keys.keys[i];
      if (key === null) continue;
      if (!keys.unicode) visit(key);
      visit(keys.values[i] as PyObject);
    }
  }

  /** `subtype_clear` (the instance's `__dict__`), then `dict_tp_clear`. */
  override clear(runtime: Runtime): void {
    this.releaseInstanceDict(runtime);
    // odict_dealloc: the nodes before the dict's contents.
    this.odict?.clear(runtime);
    this.clearAll(runtime);
  }

  private releaseInstanceDict(runtime: Runtime): void {
    const dict = this.instanceDict;
    if (dict === null) return;
    this.instanceDict = null;
    runtime.decref(dict);
  }

  /** `subtype_dealloc` (slots, then the instance's `__dict__`), then `dict_dealloc`. */
  dealloc(runtime: Runtime): void {
    const slots = this.slots;
    if (slots !== null) {
      this.slots = null;
      for (const value of slots) if (value !== null) runtime.decref(value);
    }
    this.releaseInstanceDict(runtime);
    this.clearAll(runtime);
    this.feedsTypeLookup = false;
    // Only exact dicts go to the free list.
    if (this.type !== runtime.types.dict || !runtime.freeLists.pushDict(this)) runtime.freeObject(this);
  }
}

/**
 * The `__dict__` an attribute store makes for an instance that has none (`_PyObjectDict_SetItem`):
 * split over the class's cached shared keys when it has them (a values array sized by
 * `shared_keys_usable_size`), else an empty combined dict (`PyDict_New`).
 */
export function newInstanceDict(runtime: Runtime, type: PyType): PyDict {
  const dict = runtime.newDictObject();
  const shared = type.sharedKeys;
  if (type.isHeapType && shared !== null) {
    shared.refs++;
    dict.shared = shared;
    dict.values = InstanceValues.allocate(runtime, shared.usableSize);
  }
  return dict;
}
