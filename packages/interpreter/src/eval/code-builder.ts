import type { PyObject, PySet, PyStr, PyTuple } from '@memkit/runtime';
import { PythonError } from '@memkit/runtime';
import { type ConstantValue, ELLIPSIS, ImaginaryLiteral } from '../parser/ast';
import { ConstFrozenSet, ConstTuple, type Folded } from './constant-folding';
import type { Scope } from './symtable';
import type { Vm } from './vm';

/** Strings made only of name characters are interned by CPython's compiler (`all_name_chars`). */
const NAME_CHARS = /^[A-Za-z0-9_]*$/;

/**
 * Constants shared by every code object of one compilation (CPython's `c_const_cache`), and
 * the parse arena's references to the objects the parser made for each literal.
 */
export class ConstantPool {
  private readonly cache = new Map<string, PyObject>();
  private readonly built: PyObject[] = [];
  /** The key each canonical object was registered under, for keying the tuples holding it. */
  private readonly keys = new Map<PyObject, string>();
  private readonly ids = new Map<PyObject, number>();
  /** The folded value of each item object of a frozenset `fold_iter` made, for merging its items. */
  private readonly members = new Map<PyObject, Map<PyObject, Folded>>();
  private readonly vm: Vm;
  /** The arena's objects (one per literal occurrence) when the compiled source is the main script. */
  private readonly arena: PyObject[] | null;

  constructor(vm: Vm, arena: PyObject[] | null) {
    this.vm = vm;
    this.arena = arena;
  }

  /**
   * The canonical object of a constant, borrowed: the pool holds it until `release` (the end of
   * compilation), code objects' `co_consts` hold it after. The object made for this occurrence
   * also stays in the arena, when there is one: the parser's for a literal, `make_const`'s for a
   * value the optimizer folded. Those objects are not interned (the parser and `make_const` make
   * plain strs); the first one of a name-like str is interned in place as `co_consts` takes it
   * (`intern_string_constants`), so a later equal literal's arena object stays a separate str.
   */
  constant(value: ConstantValue): PyObject {
    return this.merge(this.parsed(value), value);
  }

  /**
   * `merge_consts_recursive`: the first object registered with a value's key is the canonical
   * one (the cache holds it); a tuple registered first has its items replaced in place by their
   * canonical objects, so `(1, 2) + (3,)` and a later `(1, 2, 3)` are the first tuple.
   */
  merge(obj: PyObject, value: Folded): PyObject {
    const rt = this.vm.runtime;
    const key = constantKey(value);
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let canonical = rt.share(obj);
    if (typeof value === 'string' && NAME_CHARS.test(value)) {
      const interned = rt.internObject(canonical as PyStr);
      rt.decref(canonical);
      canonical = interned;
    }
    if (value instanceof ConstFrozenSet) canonical = this.mergeFrozenSet(canonical as PySet);
    this.cache.set(key, canonical);
    this.keys.set(canonical, key);
    if (value instanceof ConstTuple) {
      const items = (canonical as PyTuple).items;
      value.items.forEach((itemValue, i) => {
        const item = items[i] as PyObject;
        const merged = this.merge(item, itemValue);
        if (merged !== item) {
          items[i] = rt.share(merged);
          rt.decref(item);
        }
      });
    }
    return canonical;
  }

  /**
   * `fold_iter` on a set display of constants: `PyFrozenSet_New` of the tuple `make_const_tuple`
   * builds from the items' objects (the tuple then freed), held by the arena; borrowed.
   */
  frozenSet(items: readonly PyObject[], values: readonly Folded[]): PySet {
    const rt = this.vm.runtime;
    const tuple = rt.newTuple(items.map((i) => rt.share(i)));
    const set = rt.newSet(
      tuple.items.map((i) => rt.share(i)),
      true,
    );
    rt.decref(tuple);
    const members = new Map<PyObject, Folded>();
    items.forEach((item, i) => {
      if (!members.has(item)) members.set(item, values[i] as Folded);
    });
    this.members.set(set, members);
    return this.hold(set);
  }

  /**
   * `merge_consts_recursive` on a frozenset: a new frozenset of its items' canonical objects
   * (the arena keeps the one `fold_iter` made). Takes and returns a new reference.
   */
  private mergeFrozenSet(set: PySet): PySet {
    const rt = this.vm.runtime;
    const members = this.members.get(set);
    const items = [...set.table].map((item) => {
      const value = members?.get(item);
      return rt.share(value === undefined ? item : this.merge(item, value));
    });
    rt.decref(set);
    return rt.newSet(items, true);
  }

  /**
   * A code object's `co_consts`, merged as `makecode` merges it (`merge_const_one`): functions
   * with equal constants share one tuple. Items are canonical constants or code objects (keyed
   * by identity, as `_PyCode_ConstantKey` keys a code object). Returns a new reference.
   */
  codeConsts(items: readonly PyObject[]): PyTuple {
    const rt = this.vm.runtime;
    const key = `tuple:${JSON.stringify(items.map((i) => this.keys.get(i) ?? `id:${this.identity(i)}`))}`;
    const known = this.cache.get(key);
    if (known !== undefined) return rt.share(known as PyTuple);
    const tuple = rt.newTuple(items.map((i) => rt.share(i)));
    this.cache.set(key, rt.share(tuple));
    this.keys.set(tuple, key);
    return tuple;
  }

  private identity(obj: PyObject): number {
    let id = this.ids.get(obj);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(obj, id);
    }
    return id;
  }

  /** The object the parser (or `make_const`) made for one occurrence, held by the arena; borrowed. */
  parsed(value: ConstantValue): PyObject {
    return this.hold(this.make(value));
  }

  /** The arena takes an object ast_opt made (the pool does when there is no arena); borrowed. */
  hold<T extends PyObject>(obj: T): T {
    if (this.arena !== null) this.arena.push(obj);
    else this.built.push(obj);
    return obj;
  }

  /** An object only the arena holds: a literal the optimizer folded away, or an intermediate result. */
  parsedOnly(value: ConstantValue): void {
    if (this.arena === null) return;
    this.arena.push(this.make(value));
  }

  /** Holds a constant the compiler built (a folded tuple) until compilation is done; returns it. */
  keep<T extends PyObject>(obj: T): T {
    this.built.push(obj);
    return obj;
  }

  /** Drops the pool's references once compilation is done (CPython frees `c_const_cache`). */
  release(): void {
    for (const obj of this.cache.values()) this.vm.runtime.decref(obj);
    for (const obj of this.built.splice(0)) this.vm.runtime.decref(obj);
    this.cache.clear();
    this.keys.clear();
    this.ids.clear();
    this.members.clear();
  }

  private make(value: ConstantValue): PyObject {
    const rt = this.vm.runtime;
    if (value === null) return rt.share(rt.none);
    if (typeof value === 'boolean') return rt.newBool(value);
    if (typeof value === 'bigint') {
      const small = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
      return rt.newInt(small ? Number(value) : value);
    }
    if (typeof value === 'number') return rt.newFloat(value);
    if (typeof value === 'string') return rt.newStr(value);
    if (value instanceof Uint8Array) return rt.newBytes(value);
    if (value instanceof ImaginaryLiteral) return rt.newComplex(0, value.imag);
    if (value === ELLIPSIS) return rt.share(this.vm.ellipsis);
    throw new PythonError('SystemError', 'unknown constant');
  }
}

function constantKey(value: Folded): string {
  if (value instanceof ConstTuple) return `tuple:${JSON.stringify(value.items.map(constantKey))}`;
  // _PyCode_ConstantKey keys a frozenset by the frozenset of its items' keys: order-free.
  if (value instanceof ConstFrozenSet)
    return `frozenset:${JSON.stringify([...new Set(value.items.map(constantKey))].sort())}`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return `bool:${value}`;
  if (typeof value === 'bigint') return `int:${value}`;
  if (typeof value === 'number') return `float:${Object.is(value, -0) ? '-0' : value}`;
  if (typeof value === 'string') return `str:${value}`;
  if (value instanceof Uint8Array) return `bytes:${Array.from(value).join(',')}`;
  if (value instanceof ImaginaryLiteral) return `complex:${value.imag}`;
  return 'Ellipsis';
}

/** What the compiler collects for one code object: its scope, constants and names. */
export class CodeUnit {
  readonly scope: Scope;
  readonly qualname: string;
  readonly consts: PyObject[] = [];
  /** Code objects of nested scopes, owned until this unit's `co_consts` holds them. */
  readonly childCodes: PyObject[] = [];
  readonly nameObjects = new Map<string, PyStr>();
  /** A rough `len(co_code)`: CPython emits about 2 code units per node. */
  nodes = 0;

  constructor(scope: Scope, qualname: string) {
    this.scope = scope;
    this.qualname = qualname;
  }

  /** Adds a constant (borrowed) to `co_consts` once. */
  addConst(obj: PyObject): PyObject {
    if (!this.consts.includes(obj)) this.consts.push(obj);
    return obj;
  }

  /** Records a global or attribute name in `co_names`; the unit owns the interned str until `finish`. */
  addName(vm: Vm, name: string): PyStr {
    let obj = this.nameObjects.get(name);
    if (obj === undefined) {
      obj = vm.runtime.intern(name);
      this.nameObjects.set(name, obj);
    }
    return obj;
  }
}
