import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';
import type { PyBytes } from './bytes';
import type { PyStr } from './str';
import type { PyTuple } from './tuple';
import type { PyType } from './type';

/** `co_flags` bits the runtime looks at (Include/cpython/code.h). */
export const CodeFlags = {
  optimized: 0x1,
  newLocals: 0x2,
  varargs: 0x4,
  varkeywords: 0x8,
  nested: 0x10,
  generator: 0x20,
  coroutine: 0x100,
  asyncGenerator: 0x200,
} as const;

/** Kinds of `co_localspluskinds` entries (Include/internal/pycore_code.h). */
export const LocalKind = {
  local: 0x20,
  cell: 0x40,
  free: 0x80,
} as const;

/** What a code object is made from. Every object is a reference the code object takes over. */
export interface CodeSpec {
  name: PyStr;
  qualname: PyStr;
  filename: PyStr;
  firstlineno: number;
  /** `co_consts`; a str first item is a function's docstring. */
  consts: PyTuple;
  /** `co_names`: global and attribute names. */
  names: PyTuple;
  /** Names of the arguments, other locals, cell and free variables, in frame slot order. */
  localsplusnames: PyTuple;
  /** One `LocalKind` byte per local; made from the counts below when omitted. */
  localspluskinds?: PyBytes;
  /** `co_linetable` (default `b''`). */
  linetable?: PyBytes;
  /** `co_exceptiontable` (default `b''`). */
  exceptiontable?: PyBytes;
  argcount?: number;
  posonlyargcount?: number;
  kwonlyargcount?: number;
  /** Cell variables that are not also arguments, placed after the plain locals. */
  ncellvars?: number;
  nfreevars?: number;
  stacksize: number;
  flags?: number;
  /** `len(co_code)`: 2 bytes per code unit, inline caches included. */
  codeBytes: number;
}

/**
 * A code object (`PyCodeObject`): 184 bytes plus the bytecode itself (2 bytes per code unit,
 * inline caches included) in one block, rounded up to 8. Not a GC type in 3.11 — it cannot be
 * part of a cycle — so it is never tracked and `gc.get_referents` of it is empty, although it
 * owns its constants, names and tables.
 */
export class PyCode extends PyObject {
  name: PyStr | null;
  qualname: PyStr | null;
  filename: PyStr | null;
  consts: PyTuple | null;
  names: PyTuple | null;
  localsplusnames: PyTuple | null;
  localspluskinds: PyBytes | null;
  linetable: PyBytes | null;
  exceptiontable: PyBytes | null;
  /** `_co_code`: the `bytes` made the first time `co_code` is read, cached. */
  cachedCode: PyBytes | null = null;
  readonly firstlineno: number;
  readonly argcount: number;
  readonly posonlyargcount: number;
  readonly kwonlyargcount: number;
  readonly stacksize: number;
  /** `co_flags` (`CodeFlags`); `flags` is the object header's. */
  readonly coFlags: number;
  readonly nlocalsplus: number;
  readonly ncellvars: number;
  readonly nfreevars: number;
  readonly codeBytes: number;
  /**
   * `ce_size` of the `co_extra` block a PEP 523 tool attached with `_PyCode_SetExtra`
   * (0: none): the number of extra indices registered when the block was made.
   */
  private extraSlots = 0;
  private extraAddress = 0;
  /**
   * What the interpreter that compiled this code runs it with (its closure tree), so a call
   * finds it from the function without a map lookup. Not modelled memory: CPython keeps its
   * specialised bytecode inside the code object, which `codeBytes` already counts. Opaque to the
   * runtime; the owner checks it is its own (several interpreters may share a runtime).
   */
  executor: unknown = null;
  /** A frame's slots before the call binds anything (all unbound): copied for each new frame. */
  readonly unboundSlots: readonly null[];

  constructor(
    type: PyType,
    spec: CodeSpec & { localspluskinds: PyBytes; linetable: PyBytes; exceptiontable: PyBytes },
  ) {
    super(type);
    this.name = spec.name;
    this.qualname = spec.qualname;
    this.filename = spec.filename;
    this.consts = spec.consts;
    this.names = spec.names;
    this.localsplusnames = spec.localsplusnames;
    this.localspluskinds = spec.localspluskinds;
    this.linetable = spec.linetable;
    this.exceptiontable = spec.exceptiontable;
    this.firstlineno = spec.firstlineno;
    this.argcount = spec.argcount ?? 0;
    this.posonlyargcount = spec.posonlyargcount ?? 0;
    this.kwonlyargcount = spec.kwonlyargcount ?? 0;
    this.stacksize = spec.stacksize;
    this.coFlags = spec.flags ?? CodeFlags.optimized | CodeFlags.newLocals;
    this.nlocalsplus = spec.localsplusnames.items.length;
    this.ncellvars = spec.ncellvars ?? 0;
    this.nfreevars = spec.nfreevars ?? 0;
    this.codeBytes = spec.codeBytes;
    // Filled by push: a packed array (`new Array(n)` starts holey and stays so after fill).
    const slots: null[] = [];
    for (let i = this.nlocalsplus + this.stacksize; i > 0; i--) slots.push(null);
    this.unboundSlots = slots;
  }

  /** Slots a frame running this code needs after its specials: locals, cells, frees and the stack. */
  get frameSlots(): number {
    return this.nlocalsplus + this.stacksize;
  }

  /**
   * `code_sizeof`: `_PyObject_VAR_SIZE` (184 + 2 per code unit, aligned to 8), plus the
   * `co_extra` block (`sizeof(_PyCodeObjectExtra)` + 8 per further slot) when one exists.
   */
  sizeof(): number {
    return codeObjectSize(this.codeBytes) + codeExtraSize(this.extraSlots);
  }

  /** The block `PyCode_New` allocates: the object and its bytecode, without `co_extra`. */
  get allocSize(): number {
    return codeObjectSize(this.codeBytes);
  }

  /**
   * Gives the code object a `co_extra` block of `slots` entries, as the first
   * `_PyCode_SetExtra` call does when `slots` extra indices are registered.
   */
  attachExtra(runtime: Runtime, slots: number): void {
    if (this.extraAddress !== 0 || slots <= 0) return;
    this.extraAddress = runtime.memory.malloc(codeExtraSize(slots));
    this.extraSlots = slots;
  }

  /** `code_dealloc`: co_extra, then the owned objects in field order, then the block. */
  dealloc(runtime: Runtime): void {
    if (this.extraAddress !== 0) runtime.memory.free(this.extraAddress);
    this.extraAddress = 0;
    const owned = [
      this.consts,
      this.names,
      this.localsplusnames,
      this.localspluskinds,
      this.filename,
      this.name,
      this.qualname,
      this.linetable,
      this.exceptiontable,
      this.cachedCode,
    ];
    this.consts = null;
    this.names = null;
    this.localsplusnames = null;
    this.localspluskinds = null;
    this.filename = null;
    this.name = null;
    this.qualname = null;
    this.linetable = null;
    this.exceptiontable = null;
    this.cachedCode = null;
    for (const obj of owned) if (obj !== null) runtime.decref(obj);
    runtime.freeObject(this);
  }
}

/** `_PyObject_VAR_SIZE(&PyCode_Type, n)` for `codeBytes / 2` code units. */
export function codeObjectSize(codeBytes: number): number {
  const raw = CPYTHON_311.basicsize.code + codeBytes;
  return Math.ceil(raw / 8) * 8;
}

/** Bytes `code_sizeof` adds for a `co_extra` block of `slots` entries (0: no block). */
export function codeExtraSize(slots: number): number {
  return slots === 0 ? 0 : CPYTHON_311.pointerSize * (slots + 1);
}

/**
 * `co_localspluskinds` for `n` locals whose last `nfree` are free variables and the `ncell`
 * before them cells (the compiler also marks arguments, which changes no size or reference).
 */
export function defaultLocalKinds(n: number, ncell: number, nfree: number): Uint8Array {
  const kinds = new Uint8Array(n).fill(LocalKind.local);
  kinds.fill(LocalKind.cell, n - nfree - ncell, n - nfree);
  kinds.fill(LocalKind.free, n - nfree);
  return kinds;
}
