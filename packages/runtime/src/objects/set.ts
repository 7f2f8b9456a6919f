import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import { hashObject } from './hashing';
import { SetTable } from './set-table';
import { clearSubtypeDict, traverseSubtypeDict } from './subtype-dict';

const { setMinSize, setEntrySize, setLinearGrowthThreshold } = CPYTHON_311;

/**
 * A Python set or frozenset (`PySetObject`, 200 bytes with its inline 8-slot table, +16 GC
 * head). A larger table is a separate block of 16 bytes per slot. Mutators steal the
 * references they store.
 */
export class PySet extends PyObject {
  readonly table = new SetTable();
  /** Address of the separately allocated table, 0 while the inline smalltable is used. */
  tableAddress = 0;

  /** `finger`: where `set.pop` resumes its scan (kept across clears and resizes, as in C). */
  private finger = 0;

  get size(): number {
    return this.table.used;
  }

  sizeof(): number {
    const slots = this.table.size;
    return CPYTHON_311.basicsize.set + (slots > setMinSize ? setEntrySize * slots : 0);
  }

  has(key: PyObject): boolean {
    return this.table.find(key, hashObject(key)) >= 0;
  }

  /** `set.add` (`set_add_entry`): grows the table when `fill*5 >= mask*3`. */
  add(runtime: Runtime, key: PyObject): void {
    const hash = hashObject(key);
    if (this.table.find(key, hash) >= 0) {
      runtime.decref(key);
      return;
    }
    const grewFill = this.table.insertNew(key, hash);
    if (grewFill && this.table.fill * 5 >= this.table.mask * 3) {
      const used = this.table.used;
      this.resize(runtime, used > setLinearGrowthThreshold ? used * 2 : used * 4);
    }
  }

  /**
   * Presizes for merging `incoming` more keys, as `set_merge` and the dict branch of
   * `set_update_internal` do before adding them.
   */
  reserveForMerge(runtime: Runtime, incoming: number): void {
    if ((this.table.fill + incoming) * 5 >= this.table.mask * 3) {
      this.resize(runtime, (this.table.used + incoming) * 2);
    }
  }

  /**
   * `set_merge`: presize for the other set's keys, then copy its slots when this table is empty,
   * the same size and the other has no dummies; otherwise add its keys in table order.
   */
  merge(runtime: Runtime, other: PySet): void {
    if (other === this || other.table.used === 0) return;
    this.reserveForMerge(runtime, other.table.used);
    const source = other.table;
    if (this.table.fill === 0 && this.table.mask === source.mask && source.fill === source.used) {
      for (const key of source) runtime.share(key);
      this.table.copySlotsFrom(source);
      return;
    }
    for (const key of [...source]) this.add(runtime, runtime.share(key));
  }

  /**
   * The end of `set_difference_update_internal`: when more than a quarter of the slots are
   * dummies, the table is rebuilt (`used*4`, or `used*2` past the linear-growth threshold).
   */
  compactAfterRemovals(runtime: Runtime): void {
    const table = this.table;
    if (table.fill - table.used <= Math.floor(table.mask / 4)) return;
    const used = table.used;
    this.resize(runtime, used > setLinearGrowthThreshold ? used * 2 : used * 4);
  }

  /** `set_swap_bodies` (minus the hash, which sets do not cache here): tables and their blocks. */
  swapBodies(other: PySet): void {
    this.table.swapWith(other.table);
    [this.tableAddress, other.tableAddress] = [other.tableAddress, this.tableAddress];
  }

  /**
   * `set_pop`: the first active slot from the finger on (wrapping), left as a dummy; the finger
   * moves past it. Returns the key's reference to the caller.
   */
  pop(): PyObject {
    const table = this.table;
    if (table.used === 0) throw new PythonError('KeyError', 'pop from an empty set');
    let i = this.finger & table.mask;
    while (!table.isActive(i)) i = i + 1 > table.mask ? 0 : i + 1;
    this.finger = i + 1;
    return table.remove(i);
  }

  /** `set.discard`: returns whether the key was present. */
  discard(runtime: Runtime, key: PyObject): boolean {
    const i = this.table.find(key, hashObject(key));
    if (i < 0) return false;
    runtime.decref(this.table.remove(i));
    return true;
  }

  /** `set.remove`: like discard, but `KeyError` when absent. */
  remove(runtime: Runtime, key: PyObject): void {
    if (!this.discard(runtime, key)) throw new PythonError('KeyError', runtime.repr(key));
  }

  private resize(runtime: Runtime, minused: number): void {
    const oldAddress = this.tableAddress;
    const size = this.table.resize(minused);
    this.tableAddress = size > setMinSize ? runtime.memory.malloc(size * setEntrySize) : 0;
    if (oldAddress !== 0) runtime.memory.free(oldAddress);
  }

  /** `set_clear_internal`: back to the smalltable, then release the old keys in table order. */
  clearAll(runtime: Runtime): void {
    const keys = this.table.reset();
    const oldAddress = this.tableAddress;
    this.tableAddress = 0;
    if (oldAddress !== 0) runtime.memory.free(oldAddress);
    for (const key of keys) runtime.decref(key);
  }

  override traverse(visit: Visitor): void {
    for (const key of this.table) visit(key);
  }

  override clear(runtime: Runtime): void {
    this.clearAll(runtime);
  }

  /** `set_dealloc`: keys released in table order, then the table, then the object (no free list). */
  dealloc(runtime: Runtime): void {
    const keys = this.table.reset();
    for (const key of keys) runtime.decref(key);
    if (this.tableAddress !== 0) runtime.memory.free(this.tableAddress);
    this.tableAddress = 0;
    runtime.freeObject(this);
  }
}

/**
 * An instance of a set or frozenset subclass (`class Tags(set)`): the class's size (`type_new`'s
 * layout: 200 bytes, `__weakref__` included, the `__dict__` managed before the object),
 * tracked. A class of its own so exact sets carry no `__dict__` field.
 */
export class PySetSubclassInstance extends PySet {
  /** The instance's `__dict__`, made on first store. */
  instanceDict: PyDict | null = null;

  override sizeof(): number {
    const slots = this.table.size;
    return this.type.basicsize + (slots > setMinSize ? setEntrySize * slots : 0);
  }

  /** subtype_traverse: the `__dict__`, the class, then set_traverse's keys. */
  override traverse(visit: Visitor): void {
    traverseSubtypeDict(this, visit);
    super.traverse(visit);
  }

  /** subtype_clear drops the `__dict__`, then set_clear the keys. */
  override clear(runtime: Runtime): void {
    clearSubtypeDict(this, runtime);
    super.clear(runtime);
  }

  /** subtype_dealloc: the `__dict__` first, then set_dealloc. */
  override dealloc(runtime: Runtime): void {
    clearSubtypeDict(this, runtime);
    super.dealloc(runtime);
  }
}
