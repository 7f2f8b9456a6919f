import type { Allocator } from './allocator/allocator';
import { decodeAddress, encodeAddress } from './allocator/compact-address';
import { PymallocAllocator } from './allocator/pymalloc';
import { type BuiltinTypes, createBuiltinTypes } from './builtin-types';
import { CPYTHON_311 } from './cpython-311';
import { PythonError, RefcountUnderflowError, UseAfterFreeError } from './errors';
import { EventHub } from './events';
import { type FreeListSeed, FreeLists } from './free-lists';
import { Collector } from './gc/collector';
import { GcState } from './gc/gc-state';
import { Memory } from './memory';
import { gcModule } from './modules/gc-module';
import { ModuleRegistry } from './modules/module-registry';
import { callNativeFunction } from './modules/native-call';
import { sysModule } from './modules/sys-module';
import { installWeakrefSlots, weakrefModule } from './modules/weakref-module';
import { ObjectFlags, type PyObject } from './object';
import { PyBuiltinFunction } from './objects/builtin-function';
import { PyByteArray } from './objects/bytearray';
import { PyBytes } from './objects/bytes';
import { callableAttribute, WRAPPED_ATTRIBUTES } from './objects/callable-attributes';
import { PyCapsule } from './objects/capsule';
import { PyCell } from './objects/cell';
import { type CodeSpec, defaultLocalKinds, PyCode } from './objects/code';
import { PyComplex } from './objects/complex';
import { PyDescriptor } from './objects/descriptor';
import { PyDict } from './objects/dict';
import { PyBaseException } from './objects/exception';
import { PyFloat, PyFloatSubclassInstance } from './objects/float';
import { PyFrame } from './objects/frame';
import { type FunctionOptions, PyFunction } from './objects/function';
import { PyFunctionWrapper } from './objects/function-wrapper';
import { PyGenerator } from './objects/generator';
import { hashPointer } from './objects/hashing';
import { PyInstance } from './objects/instance';
import { emptySlots } from './objects/instance-values';
import { type IntValue, intAllocSize, PyInt, PyIntSubclassInstance } from './objects/int';
import { FrameOwner, InterpreterFrame } from './objects/interpreter-frame';
import { IteratorKind, type IteratorKindValue, PyIterator, setEntries } from './objects/iterator';
import { PyList } from './objects/list';
import { PyMethod } from './objects/method';
import { PyModule } from './objects/module';
import { c3Mro } from './objects/mro';
import { PySingleton } from './objects/none';
import { PyProperty } from './objects/property';
import { PyRange } from './objects/range';
import { PySet, PySetSubclassInstance } from './objects/set';
import { SharedKeys } from './objects/shared-keys';
import { PySlice } from './objects/slice';
import { PyStr, PyStrSubclassInstance } from './objects/str';
import { PyTraceback } from './objects/traceback';
import { PyTuple } from './objects/tuple';
import { type Finalizer, PyType, TypeFlags, type TypeSpec } from './objects/type';
import { PyWeakref } from './objects/weakref';
import { reprObject } from './repr';
import { StringTable } from './string-table';
import { type FrameSource, TypeScriptFrames } from './traceback';
import { WeakrefLists } from './weakref-lists';

/** `_PyTrash_UNWIND_LEVEL`: deeper deallocations are deferred instead of recursing. */
const TRASHCAN_DEPTH = 50;
/** Where statically allocated objects live (CPython's data segment), apart from the heap. */
const STATIC_BASE = 0x55d3_a0a0_0000;

/** How a runtime is set up. */
export interface RuntimeOptions {
  /** The allocator model (default: pymalloc over a modelled system malloc). */
  allocator?: Allocator;
  /** Where tracebacks of allocations come from (default: TypeScript call sites). */
  frameSource?: FrameSource;
  /** Receives what CPython writes to stderr ("Exception ignored in: …"). */
  stderr?: (text: string) => void;
}

/** Options of a class made with `Runtime.newClass`. */
export interface ClassOptions {
  /** Base class (default `object`). */
  base?: PyType;
  /** All bases, for multiple inheritance (`base` is then the first; default `[base]`). */
  bases?: readonly PyType[];
  /** `__slots__`; a class without it gets 3.11's managed dict. */
  slots?: readonly string[];
  module?: string;
  /** `__del__`. */
  finalizer?: Finalizer;
  /**
   * The layout of a type CPython writes in C (`collections.OrderedDict`): its own `tp_basicsize`,
   * weakrefable, with a `__dict__` pointer inside the object (not a managed dict) when
   * `dictPointer` is set. Replaces the layout `type_new` would derive from the base.
   */
  nativeLayout?: { basicsize: number; dictPointer: boolean };
}

/** Ints a JS number holds exactly, so they take the small-int cache path. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An int value as ints are kept: a number when it is exactly representable, else a bigint. */
function normalizedInt(value: bigint): IntValue {
  return value >= -SAFE && value <= SAFE ? Number(value) : value;
}

/**
 * A modelled CPython 3.11 heap: objects with CPython's sizes and reference counts, the pymalloc
 * allocator model, free lists, the collector's bookkeeping and the events tools subscribe to.
 *
 * Ownership follows the C API: every `new*` method returns a new reference the caller owns;
 * `incref`/`decref` add and release references; an object is freed the moment its count reaches
 * zero, releasing what it holds in CPython's order.
 */
export class Runtime {
  readonly events: EventHub;
  readonly memory: Memory;
  readonly gc = new GcState();
  readonly collector: Collector;
  readonly weakrefs = new WeakrefLists();
  /** Builtin modules importable by name (`sys`, `gc`, `_weakref`, and the tools' modules). */
  readonly modules = new ModuleRegistry();
  readonly freeLists = new FreeLists();
  readonly strings = new StringTable();
  readonly types: BuiltinTypes;
  readonly none: PySingleton;
  readonly true: PyInt;
  readonly false: PyInt;
  readonly emptyTuple: PyTuple;
  private readonly smallInts: PyInt[] = [];
  private readonly latin1Chars: PyStr[] = [];
  private readonly singleBytes: PyBytes[] = [];
  private readonly emptyStr: PyStr;
  private readonly emptyBytes: PyBytes;
  private readonly stderr: (text: string) => void;
  private nextStaticAddress = STATIC_BASE;
  private deallocDepth = 0;
  private readonly deferredDeallocs: PyObject[] = [];

  constructor(options: RuntimeOptions = {}) {
    this.events = new EventHub(options.frameSource ?? new TypeScriptFrames());
    this.memory = new Memory(options.allocator ?? new PymallocAllocator(), this.events);
    this.stderr = options.stderr ?? ((text) => console.error(text.replace(/\n$/, '')));
    this.types = createBuiltinTypes(() => this.staticAddress(CPYTHON_311.basicsize.staticType));
    const t = this.types;
    this.none = this.makeStatic(new PySingleton(t.NoneType));
    this.false = this.makeStatic(new PyInt(t.bool, 0));
    this.true = this.makeStatic(new PyInt(t.bool, 1));
    for (let v = CPYTHON_311.smallIntMin; v <= CPYTHON_311.smallIntMax; v++) {
      this.smallInts.push(this.makeStatic(new PyInt(t.int, v)));
    }
    this.emptyStr = this.makeStatic(new PyStr(t.str, ''));
    for (let c = 0; c < 256; c++)
      this.latin1Chars.push(this.makeStatic(new PyStr(t.str, String.fromCharCode(c))));
    this.emptyBytes = this.makeStatic(new PyBytes(t.bytes, new Uint8Array(0)));
    for (let b = 0; b < 256; b++)
      this.singleBytes.push(this.makeStatic(new PyBytes(t.bytes, Uint8Array.of(b))));
    this.emptyTuple = this.makeStatic(new PyTuple(t.tuple));
    this.collector = new Collector(this);
    t.builtinFunction.call = callNativeFunction;
    t.type.call = (rt, cls, args, kwargs) => {
      const construct = (cls as PyType).construct;
      if (construct === null) {
        throw new PythonError('TypeError', `cannot create '${(cls as PyType).name}' instances`);
      }
      return construct(rt, cls, args, kwargs);
    };
    installWeakrefSlots(this);
    for (const definition of [sysModule, gcModule, weakrefModule]) this.modules.define(definition);
  }

  // --- Reference counting -------------------------------------------------------------------

  incref(obj: PyObject): void {
    // One read of the count: objects of every type pass here, so each property access is a
    // megamorphic lookup.
    const count = obj.refcnt;
    if (count <= 0) throw new UseAfterFreeError(describe(obj));
    obj.refcnt = count + 1;
  }

  decref(obj: PyObject): void {
    const count = --obj.refcnt;
    if (count > 0) return;
    if (count === 0 && !(obj.flags & ObjectFlags.freed)) {
      this.dealloc(obj);
      return;
    }
    obj.refcnt = 0;
    throw obj.flags & ObjectFlags.freed
      ? new UseAfterFreeError(describe(obj))
      : new RefcountUnderflowError(describe(obj));
  }

  /**
   * Destroys an object whose count reached zero: its `__del__` first (PEP 442: once per object;
   * if it stored a new reference the object is resurrected), then untracking and the type's own
   * deallocation. Nesting deeper than the trashcan limit is deferred, as CPython's trashcan does,
   * so a long chain never overflows the stack.
   */
  private dealloc(obj: PyObject): void {
    if (obj.type.finalizer !== null && !(obj.flags & ObjectFlags.finalized)) {
      obj.refcnt = 1;
      this.runFinalizer(obj);
      if (--obj.refcnt > 0) return;
    }
    if (obj.flags & ObjectFlags.tracked) this.gc.untrack(obj);
    if (this.deallocDepth >= TRASHCAN_DEPTH) {
      this.deferredDeallocs.push(obj);
      return;
    }
    this.destroy(obj);
    if (this.deallocDepth === 0) {
      while (this.deferredDeallocs.length > 0) this.destroy(this.deferredDeallocs.pop() as PyObject);
    }
  }

  /** Clears the weakrefs to a dying object (running their callbacks), then deallocates it. */
  private destroy(obj: PyObject): void {
    this.deallocDepth++;
    try {
      if (obj.flags & ObjectFlags.weaklyReferenced) this.weakrefs.clearAll(this, obj);
      obj.dealloc(this);
    } finally {
      this.deallocDepth--;
    }
  }

  /** The last step of a type's dealloc: returns the object block and drops the heap-type reference. */
  freeObject(obj: PyObject): void {
    const type = obj.type;
    this.releaseObjectMemory(obj);
    if (type.isHeapType) this.decref(type);
  }

  /** Returns an object's block to the allocator (`PyObject_GC_Del` / `PyObject_Free`). */
  releaseObjectMemory(obj: PyObject): void {
    if (obj.type.isGc) this.gc.unlink();
    obj.flags |= ObjectFlags.freed;
    obj.refcnt = 0;
    // The packed field, not the `address` accessor: a megamorphic getter call per freed object.
    this.memory.free(decodeAddress(obj.addressCode));
  }

  /**
   * Runs `__del__` (`PyObject_CallFinalizer`): once per object, whether it dies by refcount or
   * in a collection; an exception is reported as CPython does, naming the `__del__` function.
   * The caller holds a reference to `obj` across the call.
   */
  runFinalizer(obj: PyObject): void {
    const finalizer = obj.type.finalizer;
    if (finalizer === null || obj.flags & ObjectFlags.finalized) return;
    obj.flags |= ObjectFlags.finalized;
    try {
      finalizer(this, obj);
    } catch (error) {
      this.reportUnraisable(error, this.describeFinalizer(obj));
    }
  }

  /** What "Exception ignored in:" names for a failing `__del__`: the method, found on the MRO. */
  private describeFinalizer(obj: PyObject): string {
    for (const cls of obj.type.mro?.items ?? [obj.type]) {
      const del = (cls as PyType).dict?.getByName('__del__');
      if (del) return this.repr(del);
    }
    return this.repr(obj);
  }

  /**
   * How an unraisable exception's text is made: the interpreter installs one that prints the
   * Python traceback; the default prints `Type: message`.
   */
  formatException: (error: unknown) => string = (error) =>
    error instanceof PythonError ? `${error.toString()}\n` : `${String(error)}\n`;

  /** Reports an exception that cannot propagate, as CPython's `PyErr_WriteUnraisable`. */
  reportUnraisable(error: unknown, where: string): void {
    this.stderr(`Exception ignored in: ${where}\n${this.formatException(error)}`);
  }

  /** Writes to the program's stderr (the collector's DEBUG_* lines, unraisable exceptions). */
  writeStderr(text: string): void {
    this.stderr(text);
  }

  /**
   * `callable(*args, **kwargs)` through the type's `tp_call`; arguments borrowed, result a new
   * reference.
   */
  call(
    callable: PyObject,
    args: readonly PyObject[],
    kwargs: ReadonlyMap<string, PyObject> | null = null,
  ): PyObject {
    const call = callable.type.call;
    if (call === null) throw new PythonError('TypeError', `'${callable.type.name}' object is not callable`);
    return call(this, callable, args, kwargs);
  }

  // --- Allocation ---------------------------------------------------------------------------

  /**
   * Gives a new object its memory block. For GC types the block is taken first, then counted
   * (`gc_alloc` → `_PyObject_GC_Link`), which may run an automatic collection before the new
   * object is tracked.
   */
  private allocate<T extends PyObject>(obj: T, size: number): T {
    // `type` read once: `obj` is of every class, so each read is a megamorphic load.
    const type = obj.type;
    obj.addressCode = encodeAddress(this.memory.malloc(size));
    if (type.isGc) this.gc.link();
    if (type.isHeapType) this.incref(type);
    return obj;
  }

  private staticAddress(size: number): number {
    const address = this.nextStaticAddress;
    this.nextStaticAddress += Math.ceil(size / 16) * 16;
    return address;
  }

  private makeStatic<T extends PyObject>(obj: T): T {
    obj.address = this.staticAddress(obj.sizeof() + obj.type.preheader);
    obj.refcnt = CPYTHON_311.staticObjectRefcount;
    obj.flags |= ObjectFlags.static;
    return obj;
  }

  private objectSize(type: PyType, items = 0): number {
    return type.basicsize + type.itemsize * items + type.preheader;
  }

  // --- Scalars --------------------------------------------------------------------------------

  /**
   * A Python int. Small ints (-5..256) are shared static objects. `allocDigits` lets arithmetic
   * allocate more digits than the result keeps, as CPython's `x_add` does.
   */
  newInt(value: IntValue, allocDigits?: number): PyInt {
    if (typeof value === 'number' && value >= CPYTHON_311.smallIntMin && value <= CPYTHON_311.smallIntMax) {
      const cached = this.smallInts[value - CPYTHON_311.smallIntMin];
      cached.refcnt++;
      return cached;
    }
    return this.allocate(new PyInt(this.types.int, value), intAllocSize(value, allocDigits));
  }

  /** An instance of an int subclass with `value` (`long_subtype_new`): `basicsize + 4n` bytes, tracked. */
  newIntOfType(type: PyType, value: IntValue): PyIntSubclassInstance {
    const obj = new PyIntSubclassInstance(type, value);
    this.allocate(obj, this.objectSize(type, obj.digits));
    this.gc.track(obj);
    return obj;
  }

  /**
   * An instance of a str subclass with `value` (`unicode_subtype_new`): the object block of the
   * class's size, then a separate block for the characters; tracked.
   */
  newStrOfType(type: PyType, value: string): PyStrSubclassInstance {
    const obj = new PyStrSubclassInstance(type, value);
    this.allocate(obj, this.objectSize(type));
    obj.dataAddress = this.memory.malloc(obj.dataSize);
    this.gc.track(obj);
    return obj;
  }

  newBool(value: boolean): PyInt {
    const result = value ? this.true : this.false;
    result.refcnt++;
    return result;
  }

  newFloat(value: number): PyFloat {
    let obj = this.freeLists.popFloat();
    if (obj === null) obj = this.allocate(new PyFloat(this.types.float), CPYTHON_311.basicsize.float);
    else this.memory.reuse(obj.address);
    obj.value = value;
    return obj;
  }

  /** An instance of a float subclass with `value` (`float_subtype_new`): the class's size, tracked. */
  newFloatOfType(type: PyType, value: number): PyFloatSubclassInstance {
    const obj = new PyFloatSubclassInstance(type);
    obj.value = value;
    this.allocate(obj, this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  newComplex(real: number, imag: number): PyComplex {
    return this.allocate(new PyComplex(this.types.complex, real, imag), CPYTHON_311.basicsize.complex);
  }

  /** A str made at run time: `''` and 1-char latin-1 strs are shared singletons. */
  newStr(value: string): PyStr {
    if (value.length === 0) return this.share(this.emptyStr);
    if (value.length === 1 && value.charCodeAt(0) < 256)
      return this.share(this.latin1Chars[value.charCodeAt(0)]);
    const obj = new PyStr(this.types.str, value);
    return this.allocate(obj, obj.sizeof());
  }

  /**
   * A str written into a new buffer (`PyUnicode_New` then filled, as `str(int)` makes it):
   * unlike `newStr`, a 1-character result is a new object, not the cached latin-1 singleton.
   */
  newStrUnshared(value: string): PyStr {
    if (value.length === 0) return this.share(this.emptyStr);
    const obj = new PyStr(this.types.str, value);
    return this.allocate(obj, obj.sizeof());
  }

  /** `sys.intern`: the canonical str with this value, created if needed. */
  intern(value: string): PyStr {
    const known = this.strings.get(value);
    if (known !== undefined) return this.share(known);
    const obj = this.newStr(value);
    if (!obj.interned) this.strings.add(obj);
    return obj;
  }

  /**
   * `sys.intern(s)` (`PyUnicode_InternInPlace`): the already interned equal str if there is one,
   * else `s` itself, now interned. Returns a new reference.
   */
  internObject(str: PyStr): PyStr {
    const known = this.strings.get(str.value);
    if (known !== undefined) return this.share(known);
    this.strings.add(str);
    return this.share(str);
  }

  newBytes(value: Uint8Array): PyBytes {
    if (value.length === 0) return this.share(this.emptyBytes);
    if (value.length === 1) return this.share(this.singleBytes[value[0]]);
    const obj = new PyBytes(this.types.bytes, value);
    return this.allocate(obj, obj.sizeof());
  }

  /** A bytearray holding a copy of `value`, its buffer sized exactly (`size + 1`). */
  newByteArray(value: Uint8Array = new Uint8Array(0)): PyByteArray {
    const obj = this.allocate(new PyByteArray(this.types.bytearray), CPYTHON_311.basicsize.bytearray);
    if (value.length > 0) {
      obj.resize(this, value.length);
      obj.data.set(value);
    }
    return obj;
  }

  // --- Containers -------------------------------------------------------------------------

  /** A tuple owning `items` (references stolen). `()` is a shared singleton. */
  newTuple(items: PyObject[]): PyTuple {
    if (items.length === 0) return this.share(this.emptyTuple);
    let obj = this.freeLists.popTuple(items.length);
    if (obj === null)
      obj = this.allocate(new PyTuple(this.types.tuple), this.objectSize(this.types.tuple, items.length));
    else this.memory.reuse(obj.address);
    obj.items = items;
    this.gc.track(obj);
    return obj;
  }

  /**
   * A list owning `items` (references stolen) with exactly `capacity` slots (default: one per
   * item), as `PyList_New(n)` / `BUILD_LIST n` make it.
   */
  newList(items: PyObject[] = [], capacity: number = items.length): PyList {
    let obj = this.freeLists.popList();
    if (obj === null) obj = this.allocate(new PyList(this.types.list), this.objectSize(this.types.list));
    else this.memory.reuse(obj.address);
    if (capacity > 0) {
      // Items first, so that allocating the items block finds them and makes no empty array.
      if (items.length > 0) obj.items = items;
      obj.allocateExact(this, Math.max(capacity, items.length));
    }
    obj.adoptItems(items);
    this.gc.track(obj);
    return obj;
  }

  /**
   * Parks objects on the free lists as an interpreter's startup leaves them (default: what
   * CPython 3.11's `python3 script.py` has when the script starts), by making and dropping them.
   */
  seedFreeLists(counts: FreeListSeed = CPYTHON_311.startupFreeLists): void {
    const made: PyObject[] = [];
    for (let i = 0; i < counts.list; i++) made.push(this.newList());
    for (let i = 0; i < counts.dict; i++) made.push(this.newDictObject());
    for (let i = 0; i < counts.float; i++) made.push(this.newFloat(0));
    counts.tuples.forEach((n, index) => {
      for (let i = 0; i < n; i++)
        made.push(this.newTuple(new Array(index + 1).fill(null).map(() => this.share(this.none))));
    });
    if (counts.slice)
      made.push(this.newSlice(this.share(this.none), this.share(this.none), this.share(this.none)));
    for (const obj of made) this.decref(obj);
  }

  /** An empty dict object (no keys table yet, untracked), from the free list when possible. */
  newDictObject(): PyDict {
    const obj = this.freeLists.popDict();
    if (obj === null) return this.allocate(new PyDict(this.types.dict), this.objectSize(this.types.dict));
    this.memory.reuse(obj.address);
    return obj;
  }

  /**
   * An empty instance of a dict subclass (`type.__call__` → `dict_new` of the subtype): sized by
   * the class, with room for its `__slots__`, tracked from the start like every subtype instance.
   */
  newDictOfType(type: PyType): PyDict {
    const obj = this.allocate(new PyDict(type), this.objectSize(type));
    const slots = type.slotNames?.length ?? 0;
    if (slots > 0) obj.slots = emptySlots(slots);
    this.gc.track(obj);
    return obj;
  }

  /** An empty instance of a list subclass (`list_new` of the subtype), tracked; `__init__` fills it. */
  newListOfType(type: PyType): PyList {
    const obj = this.allocate(new PyList(type), this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /** An instance of a tuple subclass holding `items` (stolen), tracked (`tuple_subtype_new`). */
  newTupleOfType(type: PyType, items: PyObject[]): PyTuple {
    const obj = this.allocate(new PyTuple(type), this.objectSize(type, items.length));
    obj.items = items;
    this.gc.track(obj);
    return obj;
  }

  /** A dict filled from `entries` (references stolen) by repeated insertion. */
  newDict(entries: readonly (readonly [PyObject, PyObject])[] = []): PyDict {
    const dict = this.newDictObject();
    for (const [key, value] of entries) dict.set(this, key, value);
    return dict;
  }

  /**
   * A set (or frozenset) filled by repeated `add` (references stolen). As `BUILD_SET`, an item
   * that cannot be added (unhashable) releases it and every later item, then the set.
   */
  newSet(items: readonly PyObject[] = [], frozen = false): PySet {
    const type = frozen ? this.types.frozenset : this.types.set;
    const obj = this.allocate(new PySet(type), this.objectSize(type));
    this.gc.track(obj);
    for (let i = 0; i < items.length; i++) {
      try {
        obj.add(this, items[i]);
      } catch (error) {
        for (let j = i; j < items.length; j++) this.decref(items[j]);
        this.decref(obj);
        throw error;
      }
    }
    return obj;
  }

  /** An empty instance of a set or frozenset subclass (`make_new_set(type, NULL)`): the class's size, tracked. */
  newSetOfType(type: PyType): PySetSubclassInstance {
    const obj = this.allocate(new PySetSubclassInstance(type), this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  newRange(start: IntValue, stop: IntValue, step: IntValue = 1): PyRange {
    if (step === 0 || step === 0n) throw new PythonError('ValueError', 'range() arg 3 must not be zero');
    const int = (value: IntValue) => this.newInt(typeof value === 'bigint' ? normalizedInt(value) : value);
    return this.newRangeOf(int(start), int(stop), int(step));
  }

  /**
   * `make_range_object`: a range holding the int objects it is given (owned references; range()
   * passes its arguments themselves, as `PyNumber_Index` returns an exact int unchanged). Its
   * length is computed first (`compute_range_length`: a new int unless a cached small one), then
   * the range is allocated. The step must not be zero.
   */
  newRangeOf(start: PyInt, stop: PyInt, step: PyInt): PyRange {
    const [b, e, s] = [BigInt(start.value), BigInt(stop.value), BigInt(step.value)];
    const span = s > 0n ? e - b : b - e;
    const stepSize = s > 0n ? s : -s;
    const length = this.newInt(normalizedInt(span <= 0n ? 0n : (span - 1n) / stepSize + 1n));
    const obj = new PyRange(this.types.range, start, stop, step, length);
    return this.allocate(obj, CPYTHON_311.basicsize.range);
  }

  /** A capsule holding a host value (`PyCapsule_New`), for native modules' opaque handles. */
  newCapsule(value: unknown, name: string | null = null): PyCapsule {
    return this.allocate(new PyCapsule(this.types.capsule, value, name), CPYTHON_311.basicsize.capsule);
  }

  // --- Classes and instances ----------------------------------------------------------------

  /**
   * A class (heap type) with 3.11's layout: a managed dict and shared keys unless it has
   * `__slots__`; a namespace dict holding `__module__`, the `__dict__`/`__weakref__` descriptors
   * (each a reference to the class) and `__doc__`; `__mro__` and `__bases__` tuples.
   */
  newClass(name: string, options: ClassOptions = {}): PyType {
    const base = options.base ?? this.types.object;
    const slots = options.slots ?? null;
    // type_new_slots: a class adds a dict and a weakref slot only where its base has none
    // (`__dict__` in __slots__ gives a managed dict too (3.11), with shared keys but no slot);
    // what the base has, the class inherits, with the base's layout before its own slots.
    const native = options.nativeLayout ?? null;
    const baseManaged = (base.typeFlags & TypeFlags.managedDict) !== 0;
    const baseHasDict = baseManaged || base.varDict || native !== null;
    const addDict = !baseHasDict && (slots === null || slots.includes('__dict__'));
    const addWeakref =
      native === null &&
      !base.weakrefable &&
      base.itemsize === 0 &&
      (slots === null || slots.includes('__weakref__'));
    const ownSlots = slots?.filter((s) => s !== '__dict__' && s !== '__weakref__') ?? [];
    const weakrefable = addWeakref || base.weakrefable || native !== null;
    // A variable-size base (tuple) keeps a dict pointer at the end instead of a managed dict.
    const varDict = addDict && base.itemsize !== 0;
    const basicsize =
      native?.basicsize ??
      base.basicsize +
        CPYTHON_311.pointerSize * ownSlots.length +
        (addWeakref ? CPYTHON_311.pointerSize : 0) +
        (varDict ? CPYTHON_311.pointerSize : 0);
    const flags =
      TypeFlags.heapType |
      TypeFlags.baseType |
      TypeFlags.haveGc |
      ((addDict && !varDict) || baseManaged ? TypeFlags.managedDict : 0);
    const cls = new PyType(this.types.type, {
      name,
      module: options.module ?? '__main__',
      basicsize,
      itemsize: base.itemsize,
      flags,
      weakrefable,
    });
    this.allocate(cls, CPYTHON_311.basicsize.heapType + CPYTHON_311.gcHeader);
    cls.finalizer = options.finalizer ?? null;
    // Instances keep the inherited slots first, at the base's offsets: a subclass of a slotted
    // class stores `x` in the base's slot, not in a dict.
    const inherited = base.slotNames ?? [];
    cls.slotNames = slots === null && inherited.length === 0 ? null : [...inherited, ...ownSlots];
    cls.varDict = varDict || base.varDict || (native?.dictPointer ?? false);
    // A subclass of a builtin hashes as its base (dict: unhashable); others by identity.
    cls.hash = base === this.types.object ? (obj) => hashPointer(obj.id) : base.hash;
    cls.equals = base.equals;
    // type_new: cached shared keys for every managed-dict class (`__slots__ = ('__dict__',)` too).
    if ((flags & TypeFlags.managedDict) !== 0) {
      const shared = new SharedKeys();
      shared.address = this.memory.malloc(shared.byteSize);
      cls.sharedKeys = shared;
    }
    const namespace = this.newDict();
    namespace.set(this, this.intern('__module__'), this.intern(cls.module));
    // type_add_members, then type_add_getset: a member_descriptor per slot, each holding the class.
    for (const slot of ownSlots)
      namespace.set(this, this.intern(slot), this.newDescriptor(cls, slot, this.types.memberDescriptor));
    if (addDict || native?.dictPointer)
      namespace.set(this, this.intern('__dict__'), this.newDescriptor(cls, '__dict__'));
    if (addWeakref) namespace.set(this, this.intern('__weakref__'), this.newDescriptor(cls, '__weakref__'));
    namespace.set(this, this.intern('__doc__'), this.share(this.none));
    cls.dict = namespace;
    const bases = options.bases ?? [base];
    cls.base = this.share(base);
    cls.bases = this.newTuple(bases.map((b) => this.share(b)));
    cls.mro = this.newTuple([this.share(cls), ...c3Mro(bases).map((t) => this.share(t))]);
    this.gc.track(cls);
    this.addSubclass(cls);
    return cls;
  }

  /**
   * `type_ready_add_subclasses`: each base's `tp_subclasses` maps `int(id(cls))` to a weakref to
   * `cls` (the one callback-less ref, shared by all bases), made with the base's first subclass.
   * The key and the weakref come before the dict, as in `add_subclass`.
   */
  addSubclass(cls: PyType): void {
    for (const base of cls.bases?.items ?? []) {
      const key = this.newInt(BigInt(cls.id));
      const ref = this.newWeakref(cls);
      const target = base as PyType;
      target.subclasses ??= this.newDict();
      target.subclasses.set(this, key, ref);
    }
  }

  /**
   * `remove_all_subclasses`, when a class dies: its entry leaves each base's `tp_subclasses`,
   * and a dict left empty is freed.
   */
  removeSubclass(cls: PyType): void {
    for (const base of cls.bases?.items ?? []) {
      const subclasses = (base as PyType).subclasses;
      if (subclasses === null) continue;
      const key = this.newInt(BigInt(cls.id));
      if (subclasses.get(key) !== null) subclasses.delete(this, key);
      this.decref(key);
      if (subclasses.used === 0) {
        (base as PyType).subclasses = null;
        this.decref(subclasses);
      }
    }
  }

  /** `type.__subclasses__()`: the live classes in `cls`'s `tp_subclasses`, oldest first. */
  subclassesOf(cls: PyType): PyType[] {
    const found: PyType[] = [];
    for (const [, ref] of cls.subclasses?.entries() ?? []) {
      const referent = (ref as PyWeakref).referent;
      if (referent instanceof PyType) found.push(referent);
    }
    return found;
  }

  /**
   * Gives the builtin types CPython's startup has already subclassed their `tp_subclasses`
   * dict, so a script's first subclass of `object` adds a weakref but no dict, as in CPython.
   */
  seedStartupSubclasses(names = CPYTHON_311.startupSubclassedTypes): void {
    const types: Record<string, PyType | undefined> = { ...this.types };
    for (const name of names) {
      const type = types[name];
      if (type !== undefined && type.subclasses === null) type.subclasses = this.newDict();
    }
  }

  private newDescriptor(
    owner: PyType,
    name: string,
    type: PyType = this.types.getsetDescriptor,
  ): PyDescriptor {
    const obj = new PyDescriptor(type, this.share(owner), this.intern(name));
    this.allocate(obj, this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /** A new instance of `cls`: the object, then (managed-dict classes) its values array. */
  newInstance(cls: PyType): PyInstance {
    const obj = this.allocate(new PyInstance(cls), cls.basicsize + cls.preheader);
    if (cls.slotNames !== null) obj.slots = emptySlots(cls.slotNames.length);
    const shared = cls.sharedKeys;
    if (shared !== null) {
      shared.reserveForInstance();
      obj.allocateValues(this, shared.usableSize);
    }
    this.gc.track(obj);
    return obj;
  }

  // --- Code-shaped objects --------------------------------------------------------------------

  /**
   * A code object made from `spec` (references stolen); omitted tables become `b''` and the
   * local kinds are derived from the counts. One block of `align8(184 + len(co_code))` bytes;
   * never tracked (code is not a GC type in 3.11).
   */
  newCode(spec: CodeSpec): PyCode {
    const n = spec.localsplusnames.items.length;
    const kinds =
      spec.localspluskinds ?? this.newBytes(defaultLocalKinds(n, spec.ncellvars ?? 0, spec.nfreevars ?? 0));
    const obj = new PyCode(this.types.code, {
      ...spec,
      localspluskinds: kinds,
      linetable: spec.linetable ?? this.newBytes(new Uint8Array(0)),
      exceptiontable: spec.exceptiontable ?? this.newBytes(new Uint8Array(0)),
    });
    return this.allocate(obj, obj.allocSize);
  }

  /**
   * `PyFunction_NewWithQualName`, then what `MAKE_FUNCTION` stores: a function running `code`
   * in `globals`. Steals `code`, `globals`, `builtins` and the options' objects; takes its own
   * references to the code's name and qualname, the docstring (`co_consts[0]` when a str, else
   * None) and `globals['__name__']`. Tracked at creation.
   */
  newFunction(code: PyCode, globals: PyDict, builtins: PyDict, options: FunctionOptions = {}): PyFunction {
    const name = this.share(code.name as PyStr);
    const qualname = options.qualname ?? this.share(code.qualname as PyStr);
    const first = options.docFromConsts === false ? null : code.consts?.items[0];
    const doc = this.share(first instanceof PyStr ? first : this.none);
    const moduleName = globals.getByName('__name__');
    const module = moduleName === null ? null : this.share(moduleName);
    const type = this.types.function;
    const func = new PyFunction(type, code, globals, builtins, name, qualname, doc, module);
    this.allocate(func, this.objectSize(type));
    this.gc.track(func);
    func.defaults = options.defaults ?? null;
    func.kwdefaults = options.kwdefaults ?? null;
    func.closure = options.closure ?? null;
    func.annotations = options.annotations ?? null;
    return func;
  }

  /** A closure cell holding `contents` (stolen; null for an empty cell). Tracked. */
  newCell(contents: PyObject | null = null): PyCell {
    const obj = this.allocate(new PyCell(this.types.cell), this.objectSize(this.types.cell));
    obj.contents = contents;
    this.gc.track(obj);
    return obj;
  }

  /** A bound method (`PyMethod_New`): `func` bound to `self`, both stolen. Tracked. */
  newMethod(func: PyObject, self: PyObject): PyMethod {
    const type = this.types.method;
    const obj = this.allocate(new PyMethod(type, func, self), this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /**
   * A builtin function or method (`PyCFunction_NewEx`): `self` is the module of a module
   * function or the object a method is bound to, `module` the module name; both stolen. Tracked.
   */
  newBuiltinFunction(
    name: string,
    self: PyObject | null = null,
    module: PyObject | null = null,
    doc: string | null = null,
  ): PyBuiltinFunction {
    const type = this.types.builtinFunction;
    const obj = this.allocate(new PyBuiltinFunction(type, name, doc, self, module), this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /**
   * A module (`PyModule_NewObject`): the object, then its namespace dict with `__name__`,
   * `__doc__` (default None), `__package__`, `__loader__` and `__spec__`. Steals `name` and
   * `doc`. Tracked.
   */
  newModule(name: PyStr, doc: PyObject | null = null): PyModule {
    const module = this.allocate(new PyModule(this.types.module), this.objectSize(this.types.module));
    const dict = this.newDict();
    dict.set(this, this.intern('__name__'), this.share(name));
    dict.set(this, this.intern('__doc__'), doc ?? this.share(this.none));
    for (const key of ['__package__', '__loader__', '__spec__']) {
      dict.set(this, this.intern(key), this.share(this.none));
    }
    module.dict = dict;
    module.name = name;
    this.gc.track(module);
    return module;
  }

  /**
   * `slice(start, stop, step)` (all stolen; pass None for an omitted bound), reusing the cached
   * slice block when there is one (`PySlice_New`). Tracked whatever it holds.
   */
  newSlice(start: PyObject, stop: PyObject, step: PyObject): PySlice {
    let obj = this.freeLists.popSlice();
    if (obj !== null) {
      this.memory.reuse(obj.address);
      obj.start = start;
      obj.stop = stop;
      obj.step = step;
    } else {
      obj = this.allocate(
        new PySlice(this.types.slice, start, stop, step),
        this.objectSize(this.types.slice),
      );
    }
    this.gc.track(obj);
    return obj;
  }

  /** `staticmethod(callable)` (stolen), with the attributes `functools_wraps` copies. Tracked. */
  newStaticMethod(callable: PyObject): PyFunctionWrapper {
    return this.newFunctionWrapper(this.types.staticmethod, callable);
  }

  /** `classmethod(callable)` (stolen), with the attributes `functools_wraps` copies. Tracked. */
  newClassMethod(callable: PyObject): PyFunctionWrapper {
    return this.newFunctionWrapper(this.types.classmethod, callable);
  }

  /**
   * `sm_init`/`cm_init`: the object, tracked, then each attribute read from the callable and
   * stored in its `__dict__`, made by the first store. Attributes of callables other than
   * functions and builtin functions are the interpreter's to copy.
   */
  private newFunctionWrapper(type: PyType, callable: PyObject): PyFunctionWrapper {
    const obj = this.allocate(new PyFunctionWrapper(type, callable), this.objectSize(type));
    this.gc.track(obj);
    for (const name of WRAPPED_ATTRIBUTES) {
      const value = callableAttribute(this, callable, name);
      if (value !== null) obj.getDict(this).set(this, this.intern(name), value);
    }
    return obj;
  }

  /**
   * `property(fget, fset, fdel, doc)`, all stolen (None counts as absent). Without a docstring
   * the getter's `__doc__` is used, even when it is None (3.11).
   */
  newProperty(
    fget: PyObject | null = null,
    fset: PyObject | null = null,
    fdel: PyObject | null = null,
    doc: PyObject | null = null,
  ): PyProperty {
    const absent = (obj: PyObject | null): PyObject | null => {
      if (obj !== this.none) return obj;
      this.decref(obj);
      return null;
    };
    const [get, set, del] = [absent(fget), absent(fset), absent(fdel)];
    let propDoc = absent(doc);
    let getterDoc = false;
    if (propDoc === null && get !== null) {
      propDoc = callableAttribute(this, get, '__doc__');
      getterDoc = propDoc !== null;
    }
    const type = this.types.property;
    const obj = new PyProperty(type, get, set, del, propDoc, getterDoc);
    this.allocate(obj, this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /**
   * The data of a call to `func` (`_PyFrame_InitializeSpecials`): steals `func` and `locals`,
   * starts with every local unbound. Lives on the modelled thread stack: no allocation.
   */
  newInterpreterFrame(
    func: PyFunction,
    locals: PyObject | null = null,
    previous: InterpreterFrame | null = null,
  ): InterpreterFrame {
    const frame = new InterpreterFrame(this, func, locals);
    frame.previous = previous;
    return frame;
  }

  /**
   * `_PyFrame_GetFrameObject`: the frame object of `frame` (borrowed), made on first request
   * (`sys._getframe()`, a traceback) and untracked while the call runs.
   */
  frameObjectOf(frame: InterpreterFrame): PyFrame {
    if (frame.frameObject !== null) return frame.frameObject;
    const type = this.types.frame;
    const obj = new PyFrame(type, frame, (frame.code as PyCode).frameSlots);
    this.allocate(obj, obj.sizeof() + type.preheader);
    frame.frameObject = obj;
    return obj;
  }

  /**
   * `RETURN_GENERATOR`: a generator taking over `frame` (a call that has not started running, its
   * arguments bound, no frame object yet), with new references to the function's code, name and
   * qualname. Sized by the code's frame slots; tracked.
   */
  newGenerator(frame: InterpreterFrame): PyGenerator {
    const func = frame.func as PyFunction;
    const type = this.types.generator;
    const gen = new PyGenerator(
      type,
      this.share(func.code),
      this.share(func.name),
      this.share(func.qualname),
      frame,
    );
    this.allocate(gen, gen.sizeof() + type.preheader);
    this.gc.track(gen);
    frame.owner = FrameOwner.generator;
    frame.previous = null;
    return gen;
  }

  /**
   * `PyTraceBack_Here`: a traceback entry for `frame` in front of `next` (both stolen), as an
   * exception passes through a frame. Tracked.
   */
  newTraceback(next: PyTraceback | null, frame: PyFrame, lasti: number, lineno: number): PyTraceback {
    const type = this.types.traceback;
    const obj = this.allocate(new PyTraceback(type, next, frame, lasti, lineno), this.objectSize(type));
    this.gc.track(obj);
    return obj;
  }

  /**
   * An instance of exception type `type` (`BaseException_new` + init) with `args` (stolen;
   * default `()`). `StopIteration.value` is `args[0]` or None, `ImportError.msg` and
   * `SyntaxError.msg` are `args[0]`; other layout fields start unset (`setField`). Tracked.
   */
  newException(type: PyType, args: PyTuple = this.share(this.emptyTuple)): PyBaseException {
    const obj = this.allocate(new PyBaseException(type, args), type.basicsize + type.preheader);
    this.gc.track(obj);
    const first = args.items[0];
    if (type.isSubtypeOf(this.types.StopIteration))
      obj.setField(this, 'value', this.share(first ?? this.none));
    const takesMessage = type.isSubtypeOf(this.types.ImportError)
      ? args.size === 1
      : type.isSubtypeOf(this.types.SyntaxError) && args.size >= 1;
    if (takesMessage) obj.setField(this, 'msg', this.share(first));
    return obj;
  }

  /**
   * `class name(base): pass` for an exception base: a heap type sharing the base's C layout plus
   * a `__weakref__` slot, with no managed dict (the instance's `__dict__` is the base's field).
   */
  newExceptionClass(name: string, base: PyType, module = '__main__'): PyType {
    const cls = new PyType(this.types.type, {
      name,
      module,
      basicsize: base.basicsize + CPYTHON_311.pointerSize,
      flags: TypeFlags.heapType | TypeFlags.baseType | TypeFlags.haveGc,
      weakrefable: true,
    });
    this.allocate(cls, CPYTHON_311.basicsize.heapType + CPYTHON_311.gcHeader);
    cls.hash = (obj) => hashPointer(obj.id);
    const namespace = this.newDict();
    namespace.set(this, this.intern('__module__'), this.intern(module));
    namespace.set(this, this.intern('__weakref__'), this.newDescriptor(cls, '__weakref__'));
    namespace.set(this, this.intern('__doc__'), this.share(this.none));
    cls.dict = namespace;
    cls.base = this.share(base);
    cls.bases = this.newTuple([this.share(base)]);
    const chain: PyType[] = [];
    for (let t: PyType | null = base; t !== null; t = t.base) chain.push(t);
    const mro = base.mro?.items ?? chain;
    cls.mro = this.newTuple([this.share(cls), ...mro.map((t) => this.share(t))]);
    this.gc.track(cls);
    this.addSubclass(cls);
    return cls;
  }

  // --- Objects defined outside the runtime ----------------------------------------------------

  /**
   * A static type defined by an embedder (the interpreter's `enumerate`, `dict_keys`, …):
   * statically allocated like the builtin types, never freed.
   */
  newStaticType(spec: TypeSpec): PyType {
    const type = new PyType(this.types.type, spec);
    type.base = this.types.object;
    return this.makeStatic(type);
  }

  /**
   * A statically allocated singleton of an embedder-defined static type (the interpreter's
   * `Ellipsis` and `NotImplemented`), never freed, like `None`.
   */
  newStaticSingleton(type: PyType): PySingleton {
    return this.makeStatic(new PySingleton(type));
  }

  /**
   * Gives an object of an embedder-defined class its memory block (`basicsize + itemsize * n`
   * plus pre-headers, unless `size` says otherwise), counted and, for GC types, tracked.
   */
  adopt<T extends PyObject>(obj: T, size: number = this.objectSize(obj.type)): T {
    this.allocate(obj, size);
    if (obj.type.isGc) this.gc.track(obj);
    return obj;
  }

  // --- Iterators --------------------------------------------------------------------------

  /**
   * `iter(obj)` for the builtin containers (`PyObject_GetIter`), or null when `obj` has no
   * builtin iterator (the interpreter then looks for `__iter__`). Dict views iterate with
   * `newDictIterator`.
   */
  newIterator(obj: PyObject): PyIterator | null {
    const t = this.types;
    if (obj instanceof PyList) return this.sequenceIterator(t.listIterator, IteratorKind.list, obj);
    if (obj instanceof PyTuple) return this.sequenceIterator(t.tupleIterator, IteratorKind.tuple, obj);
    if (obj instanceof PyStr) {
      const type = obj.maxChar < 0x80 ? t.strAsciiIterator : t.strIterator;
      return this.sequenceIterator(type, IteratorKind.str, obj);
    }
    if (obj instanceof PyBytes) return this.sequenceIterator(t.bytesIterator, IteratorKind.bytes, obj);
    if (obj instanceof PyDict) return this.newDictIterator(obj, IteratorKind.dictKeys);
    if (obj instanceof PySet) {
      const it = this.sequenceIterator(t.setIterator, IteratorKind.set, obj);
      it.snapshot = setEntries(obj);
      return it;
    }
    if (obj instanceof PyRange) {
      const it = new PyIterator(t.rangeIterator, IteratorKind.range, null, t.rangeIterator.basicsize);
      it.start = Number((obj.start as PyInt).value);
      it.step = Number((obj.step as PyInt).value);
      it.remaining = Number((obj.length as PyInt).value);
      return this.allocate(it, this.objectSize(t.rangeIterator));
    }
    return null;
  }

  /** `dict.keys()`/`values()`/`items()` iteration (`dictiter_new`); items keep a result tuple. */
  newDictIterator(dict: PyDict, kind: IteratorKindValue): PyIterator {
    const t = this.types;
    const type =
      kind === IteratorKind.dictValues
        ? t.dictValueIterator
        : kind === IteratorKind.dictItems
          ? t.dictItemIterator
          : t.dictKeyIterator;
    const it = this.sequenceIterator(type, kind, dict);
    if (kind === IteratorKind.dictItems) {
      it.result = this.newTuple([this.share(this.none), this.share(this.none)]);
    }
    return it;
  }

  private sequenceIterator(type: PyType, kind: IteratorKindValue, source: PyObject): PyIterator {
    const it = this.allocate(
      new PyIterator(type, kind, this.share(source), type.basicsize),
      this.objectSize(type),
    );
    this.gc.track(it);
    return it;
  }

  // --- Weak references ----------------------------------------------------------------------

  /**
   * `weakref.ref(obj, callback)` or `weakref.proxy(obj, callback)` (callback borrowed). Without
   * a callback the existing plain ref (or proxy) of `obj` is shared, as CPython does.
   */
  newWeakref(referent: PyObject, callback: PyObject | null = null, proxy = false): PyWeakref {
    if (!referent.type.weakrefable) {
      throw new PythonError('TypeError', `cannot create weak reference to '${referent.type.name}' object`);
    }
    if (callback === this.none) callback = null;
    if (callback === null) {
      const shared = this.weakrefs.findBasic(referent, proxy);
      if (shared !== null) return this.share(shared);
    }
    const t = this.types;
    const type = !proxy ? t.weakref : referent.type.call !== null ? t.weakcallableproxy : t.weakproxy;
    const wr = new PyWeakref(type, referent, callback === null ? null : this.share(callback));
    this.allocate(wr, this.objectSize(type));
    this.weakrefs.insert(wr);
    this.gc.track(wr);
    return wr;
  }

  // --- Introspection --------------------------------------------------------------------------

  /** `sys.getsizeof(obj)`: `__sizeof__` plus the GC and managed-dict pre-headers of its type. */
  sizeof(obj: PyObject): number {
    if (obj.flags & ObjectFlags.freed) throw new UseAfterFreeError(describe(obj));
    return obj.sizeof() + obj.type.preheader;
  }

  /** `repr()` for the builtin value types; `<Type object at 0x…>` otherwise. */
  repr(obj: PyObject): string {
    return reprObject(obj);
  }

  /** Returns `obj` with one more reference (for storing a borrowed object). */
  share<T extends PyObject>(obj: T): T {
    this.incref(obj);
    return obj;
  }
}

function describe(obj: PyObject): string {
  return `a '${obj.type.name}' object at 0x${obj.id.toString(16)}`;
}
