import { decodeAddress, encodeAddress } from '../allocator/compact-address';
import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import { exactCapacity, resizedCapacity } from './list-growth';

const ITEM_SIZE = CPYTHON_311.listItemSize;

/**
 * The `items` of every list with no items block (`allocated === 0`): an empty list costs no JS
 * array of its own (32 bytes each, a third of a list). Frozen, so a write that skipped
 * `resize` throws instead of giving every empty list an item; `setCapacity` replaces it with the
 * list's own array before anything can be stored.
 */
const NO_ITEMS = Object.freeze([]) as unknown as PyObject[];

/**
 * A Python list: a 40-byte object (+16 GC head) and a separately allocated items block of
 * `8 * allocated` bytes, resized by `list_resize`. Methods that take items steal the caller's
 * references; methods that return items hand theirs over.
 */
export class PyList extends PyObject {
  /** The items; `NO_ITEMS` (shared) only while no items block is allocated. */
  items: PyObject[] = NO_ITEMS;
  allocated = 0;
  /** `itemsAddress` packed as a Smi (see `encodeAddress`): a plain field boxes every list's. */
  private itemsAddressCode = 0;
  /** The `__dict__` of an instance of a list subclass (behind its managed-dict pointer), on demand. */
  instanceDict: PyDict | null = null;

  /** Address of the items block; 0 while none is allocated. */
  get itemsAddress(): number {
    return decodeAddress(this.itemsAddressCode);
  }

  set itemsAddress(address: number) {
    this.itemsAddressCode = encodeAddress(address);
  }

  get size(): number {
    return this.items.length;
  }

  sizeof(): number {
    // list___sizeof__ starts from the object's own type: a subclass adds its weakref pointer.
    return this.type.basicsize + ITEM_SIZE * this.allocated;
  }

  /** subtype_traverse (a subclass instance's `__dict__`, then its class), then `list_traverse`. */
  override traverse(visit: Visitor): void {
    if (this.type.isHeapType) {
      if (this.instanceDict !== null) visit(this.instanceDict);
      visit(this.type);
    }
    const items = this.items;
    // list_traverse walks from the end (Py_VISIT in a `for (i = Py_SIZE(o); --i >= 0;)` loop).
    for (let i = items.length - 1; i >= 0; i--) visit(items[i]);
  }

  /** Sets the capacity for a new length, as `list_resize` (the caller adjusts `items`). */
  resize(runtime: Runtime, newsize: number): void {
    const capacity = resizedCapacity(this.allocated, this.items.length, newsize);
    if (capacity !== this.allocated) this.setCapacity(runtime, capacity);
  }

  /** Gives an empty, unallocated list exactly `n` slots (even-rounded), as `list_preallocate_exact`. */
  preallocateExact(runtime: Runtime, n: number): void {
    this.setCapacity(runtime, exactCapacity(n));
  }

  /** Gives an empty, unallocated list exactly `n` slots, as `PyList_New(n)` does. */
  allocateExact(runtime: Runtime, n: number): void {
    this.setCapacity(runtime, n);
  }

  private setCapacity(runtime: Runtime, capacity: number): void {
    if (this.items === NO_ITEMS && capacity > 0) this.items = [];
    const { memory } = runtime;
    const bytes = capacity * ITEM_SIZE;
    if (this.itemsAddress === 0) {
      if (capacity > 0) this.itemsAddress = memory.malloc(bytes);
    } else {
      // list_resize reallocs even to 0 bytes, which leaves a 0-byte block behind.
      this.itemsAddress = memory.realloc(this.itemsAddress, bytes);
    }
    this.allocated = capacity;
  }

  append(runtime: Runtime, item: PyObject): void {
    this.resize(runtime, this.items.length + 1);
    this.items.push(item);
  }

  insert(runtime: Runtime, index: number, item: PyObject): void {
    const n = this.items.length;
    let where = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    if (where > n) where = n;
    this.resize(runtime, n + 1);
    this.items.splice(where, 0, item);
  }

  /** `list.extend` with a list or tuple (the fast-sequence path). */
  extendExact(runtime: Runtime, items: readonly PyObject[]): void {
    if (items.length === 0) return;
    if (this.itemsAddress === 0 && this.items.length === 0) this.preallocateExact(runtime, items.length);
    else this.resize(runtime, this.items.length + items.length);
    for (const item of items) this.items.push(item);
  }

  /**
   * `list.extend` with any other iterable: preallocate its length hint, append each item, and
   * shrink to fit at the end.
   */
  extendIter(runtime: Runtime, items: Iterable<PyObject>, lengthHint = 8): void {
    const size = this.items.length;
    if (lengthHint > 0) {
      if (this.itemsAddress === 0 && size === 0) this.preallocateExact(runtime, lengthHint);
      else {
        this.resize(runtime, size + lengthHint);
      }
    }
    for (const item of items) {
      if (this.items.length < this.allocated) this.items.push(item);
      else this.append(runtime, item);
    }
    if (this.items.length < this.allocated) this.resize(runtime, this.items.length);
  }

  /** Replaces the item at `index` (already bounds-checked), releasing the old one. */
  setItem(runtime: Runtime, index: number, item: PyObject): void {
    const old = this.items[index];
    this.items[index] = item;
    runtime.decref(old);
  }

  /** Removes and returns the item at `index` (already bounds-checked). */
  pop(runtime: Runtime, index: number = this.items.length - 1): PyObject {
    const item = this.items[index];
    this.items.splice(index, 1);
    this.resize(runtime, this.items.length);
    return item;
  }

  /** `del l[lo:hi]` (bounds already clipped): resize first, then release the removed items last to first. */
  deleteSlice(runtime: Runtime, lo: number, hi: number): void {
    if (hi <= lo) return;
    const removed = this.items.splice(lo, hi - lo);
    this.resize(runtime, this.items.length);
    for (let i = removed.length - 1; i >= 0; i--) runtime.decref(removed[i]);
  }

  /** `list.clear()`: drop the items last to first, then the items block. */
  clearItems(runtime: Runtime): void {
    const { items, itemsAddress } = this;
    this.items = NO_ITEMS;
    this.allocated = 0;
    this.itemsAddress = 0;
    for (let i = items.length - 1; i >= 0; i--) runtime.decref(items[i]);
    if (itemsAddress !== 0) runtime.memory.free(itemsAddress);
  }

  /** `subtype_clear` (a subclass instance's `__dict__`), then `_list_clear`. */
  override clear(runtime: Runtime): void {
    this.releaseInstanceDict(runtime);
    this.clearItems(runtime);
  }

  private releaseInstanceDict(runtime: Runtime): void {
    const dict = this.instanceDict;
    if (dict === null) return;
    this.instanceDict = null;
    runtime.decref(dict);
  }

  /**
   * Takes `items` (references stolen) as the list's items, sharing `NO_ITEMS` instead of an empty
   * array when there is no items block.
   */
  adoptItems(items: PyObject[]): void {
    this.items = items.length === 0 && this.allocated === 0 ? NO_ITEMS : items;
  }

  /** `subtype_dealloc` (the instance's `__dict__`), then `list_dealloc`. */
  dealloc(runtime: Runtime): void {
    this.releaseInstanceDict(runtime);
    this.clearItems(runtime);
    // Only exact lists go to the free list.
    if (this.type !== runtime.types.list || !runtime.freeLists.pushList(this)) runtime.freeObject(this);
  }
}
