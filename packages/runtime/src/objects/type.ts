import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import { type PyDict, typeLookupEpoch } from './dict';
import type { HashValue } from './hashing';
import type { SharedKeys } from './shared-keys';
import type { PyTuple } from './tuple';

/** Bits of `PyType.typeFlags`, with CPython's `Py_TPFLAGS_*` values. */
export const TypeFlags = {
  managedDict: 1 << 4,
  heapType: 1 << 9,
  baseType: 1 << 10,
  haveGc: 1 << 14,
} as const;

/** A call through a type slot: arguments borrowed, result a new reference. */
export type CallSlot = (
  runtime: Runtime,
  callable: PyObject,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
) => PyObject;

/** Called when an object's `__del__` should run (PEP 442 `tp_finalize`). */
export type Finalizer = (runtime: Runtime, object: PyObject) => void;

/** Properties of a type, as given when it is created. */
export interface TypeSpec {
  name: string;
  module?: string;
  basicsize: number;
  itemsize?: number;
  flags: number;
  weakrefable?: boolean;
}

/**
 * A Python type object (`PyTypeObject` / `PyHeapTypeObject`).
 *
 * Behaviour lives in the TypeScript class of each object; the type carries what Python code
 * can see and what sizes depend on: flags, basic size, pre-headers, `__mro__`, the class
 * dict, `__slots__`, the shared keys of its instances' dicts, and its `__del__`.
 */
export class PyType extends PyObject {
  readonly name: string;
  readonly module: string;
  readonly typeFlags: number;
  readonly basicsize: number;
  readonly itemsize: number;
  /** Bytes placed before each instance: the GC head and the managed-dict pointers. */
  readonly preheader: number;
  readonly weakrefable: boolean;
  base: PyType | null = null;
  bases: PyTuple | null = null;
  mro: PyTuple | null = null;
  dict: PyDict | null = null;
  /**
   * `tp_subclasses`: `{int(id(subclass)): weakref.ref(subclass)}`, made by a base's first
   * subclass (`add_subclass`) and freed when its last one dies. Not traversed: weakrefs cannot
   * form cycles (type_traverse skips it too).
   */
  subclasses: PyDict | null = null;
  /**
   * `_PyType_Lookup`'s method cache for this type (name → found value, borrowed, or null), valid
   * while `lookupCacheEpoch` equals `typeLookupEpoch.value`: any change to a dict on a cached MRO
   * or a type being cleared moves the epoch and empties every type's cache.
   */
  lookupCache: Map<string, PyObject | null> | null = null;
  lookupCacheEpoch = -1;
  /** `__slots__` names of a class that declares them (not counting `__dict__`/`__weakref__`). */
  slotNames: readonly string[] | null = null;
  /**
   * Instances keep a `__dict__` pointer after their items (`tp_dictoffset < 0`: a subclass of a
   * variable-size type such as tuple), not a managed dict; subclasses inherit it.
   */
  varDict = false;
  /** Keys shared by the `__dict__` of every instance (3.11 managed dicts). */
  sharedKeys: SharedKeys | null = null;
  /** `__del__`, when the class defines one. */
  finalizer: Finalizer | null = null;
  /**
   * A legacy `tp_del` (C extension types only since PEP 442): the collector leaves unreachable
   * instances uncollectable in `gc.garbage`.
   */
  hasLegacyFinalizer = false;
  /** `tp_call` of instances: `callable(*args, **kwargs)` (arguments borrowed) → new reference. */
  call: CallSlot | null = null;
  /** `tp_new` + `tp_init`: what calling the type itself makes (`weakref.ref(o)`, `A()`). */
  construct: CallSlot | null = null;
  /** `__hash__` of instances; null when they are unhashable. Builtin value types hash natively. */
  hash: ((obj: PyObject) => HashValue) | null = null;
  /** `__eq__` of instances used for dict and set keys; null compares by identity. */
  equals: ((a: PyObject, b: PyObject) => boolean) | null = null;

  constructor(metatype: PyType | null, spec: TypeSpec) {
    // `type` is its own type; every other type passes the metatype.
    super(metatype as PyType);
    if (metatype === null) this.type = this;
    this.name = spec.name;
    this.module = spec.module ?? 'builtins';
    this.typeFlags = spec.flags;
    this.basicsize = spec.basicsize;
    this.itemsize = spec.itemsize ?? 0;
    this.weakrefable = spec.weakrefable ?? false;
    this.preheader =
      (spec.flags & TypeFlags.haveGc ? CPYTHON_311.gcHeader : 0) +
      (spec.flags & TypeFlags.managedDict ? CPYTHON_311.managedDictHeader : 0);
  }

  get isHeapType(): boolean {
    return (this.typeFlags & TypeFlags.heapType) !== 0;
  }

  get isGc(): boolean {
    return (this.typeFlags & TypeFlags.haveGc) !== 0;
  }

  get hasManagedDict(): boolean {
    return (this.typeFlags & TypeFlags.managedDict) !== 0;
  }

  /** `type.__sizeof__`: a heap class counts its cached shared-keys object too. */
  sizeof(): number {
    if (!this.isHeapType) return CPYTHON_311.basicsize.staticType;
    return CPYTHON_311.basicsize.heapType + (this.sharedKeys?.byteSize ?? 0);
  }

  /** `type_traverse`: dict, cache, mro, bases, base (Objects/typeobject.c). */
  override traverse(visit: Visitor): void {
    if (!this.isHeapType) return;
    if (this.dict !== null) visit(this.dict);
    if (this.mro !== null) visit(this.mro);
    if (this.bases !== null) visit(this.bases);
    if (this.base !== null) visit(this.base);
  }

  override clear(runtime: Runtime): void {
    const { dict, mro } = this;
    typeLookupEpoch.value++;
    this.dict = null;
    this.mro = null;
    if (dict !== null) runtime.decref(dict);
    if (mro !== null) runtime.decref(mro);
  }

  dealloc(runtime: Runtime): void {
    // type_dealloc_common: leave every base's `tp_subclasses` first.
    runtime.removeSubclass(this);
    const { dict, mro, bases, base, subclasses } = this;
    this.subclasses = null;
    typeLookupEpoch.value++;
    this.dict = null;
    this.mro = null;
    this.bases = null;
    this.base = null;
    if (base !== null) runtime.decref(base);
    if (bases !== null) runtime.decref(bases);
    if (mro !== null) runtime.decref(mro);
    if (dict !== null) runtime.decref(dict);
    if (subclasses !== null) runtime.decref(subclasses);
    if (this.sharedKeys !== null) this.sharedKeys.release(runtime);
    runtime.freeObject(this);
  }

  /** True when `this` is `other` or derives from it. */
  isSubtypeOf(other: PyType): boolean {
    if (this === other) return true;
    // With multiple inheritance only the MRO lists every ancestor (`PyType_IsSubtype`). A plain
    // loop, not \`includes\`: this runs on most calls and attribute lookups, and the builtin call
    // cost more than the two or three comparisons.
    const mro = this.mro;
    if (mro !== null) {
      const items = mro.items;
      for (let i = 0; i < items.length; i++) if (items[i] === other) return true;
      return false;
    }
    for (let t: PyType | null = this; t !== null; t = t.base) if (t === other) return true;
    return false;
  }
}
