import { decodeAddress, encodeAddress } from './allocator/compact-address';
import type { PyType } from './objects/type';
import type { Runtime } from './runtime';

/** Callback given each referent of an object, in CPython's `tp_traverse` order. */
export type Visitor = (referent: PyObject) => void;

/** Bits of `PyObject.flags`. */
export const ObjectFlags = {
  /** In one of the collector's generation lists (`gc.is_tracked`). */
  tracked: 1,
  /** `__del__` already ran (PEP 442: a finalizer runs at most once per object). */
  finalized: 2,
  /** Memory returned to the allocator (or to a free list): any further use is an error. */
  freed: 4,
  /** Statically allocated in CPython (small ints, 1-char latin-1 strs, `()`, …): never freed. */
  static: 8,
  /** Set on the objects of the generation being collected (`PREV_MASK_COLLECTING`). */
  collecting: 16,
  /** In the collector's unreachable list (`NEXT_MASK_UNREACHABLE`). */
  unreachable: 32,
  /** Weak references to the object exist: its death must clear them and run their callbacks. */
  weaklyReferenced: 64,
  /**
   * In the permanent generation (`gc.freeze()`). With it, "tracked and not frozen" says an object
   * takes part in a full collection without looking at which list holds it (see `updateAndSubtractRefs`).
   */
  frozen: 128,
} as const;

/**
 * A link in a doubly linked generation list (CPython's `PyGC_Head`). As in CPython, `gcPrev`
 * holds a number instead of a link while a collection computes reachability (`gc_refs`, from
 * `update_refs` until `move_unreachable` relinks the list): the count needs no field of its own.
 */
export interface GcLink {
  gcPrev: GcLink | number | null;
  gcNext: GcLink | null;
}

/**
 * A Python object living in the modelled heap.
 *
 * Fixed-shape on purpose (V8 keeps one hidden class per subclass): every field is declared
 * here, including the collector's links, so tracking an object never reshapes it.
 */
export abstract class PyObject implements GcLink {
  /** `ob_type`. Instances of heap types hold a strong reference to it. */
  type: PyType;
  /** `ob_refcnt`. */
  refcnt = 1;
  /**
   * `address` packed as a Smi (`encodeAddress`): a plain field would box it in a HeapNumber.
   * Written directly by `Runtime.allocate`: the `address` setter on an object of any class is a
   * megamorphic accessor call on the hottest path of the heap.
   */
  addressCode = 0;
  flags = 0;
  /** Previous link, or during a collection the object's `gc_refs` (see `GcLink`). */
  gcPrev: GcLink | number | null = null;
  gcNext: GcLink | null = null;

  constructor(type: PyType) {
    this.type = type;
  }

  /** Address of the object's memory block, pre-headers included (`id()` is `address + preheader`). */
  get address(): number {
    return decodeAddress(this.addressCode);
  }

  set address(address: number) {
    this.addressCode = encodeAddress(address);
  }

  /** `type(o).__sizeof__(o)`: the object's own bytes, without the GC and managed-dict pre-headers. */
  abstract sizeof(): number;

  /** Visits the objects this one holds strong references to, in `tp_traverse` order. */
  traverse(_visit: Visitor): void {}

  /**
   * Releases what the object owns (references and auxiliary memory blocks) in CPython's
   * `tp_dealloc` order, then returns the object block to the allocator or a free list through
   * `runtime.freeObject` / the type's free list. Called once, when the count reached zero.
   */
  abstract dealloc(runtime: Runtime): void;

  /** `tp_clear`: drops the references that can form cycles, leaving the object valid but empty. */
  clear(_runtime: Runtime): void {}

  get isTracked(): boolean {
    return (this.flags & ObjectFlags.tracked) !== 0;
  }

  get isFreed(): boolean {
    return (this.flags & ObjectFlags.freed) !== 0;
  }

  /** `id(o)`: the address of the `PyObject` itself, after the pre-headers. */
  get id(): number {
    return this.address + this.type.preheader;
  }
}
