import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import { clearSubtypeDict, traverseSubtypeDict } from './subtype-dict';
import type { PyType } from './type';

/** Storage width of a compact str: 1 byte (ASCII or latin-1), 2 (UCS-2) or 4 (UCS-4) per char. */
export type StrKind = 1 | 2 | 4;

/** Code-point length, widest code point and storage kind of a JS string. */
export function measureStr(value: string): { length: number; maxChar: number } {
  let length = 0;
  let maxChar = 0;
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code > maxChar) maxChar = code;
    length++;
  }
  return { length, maxChar };
}

/**
 * A Python str in 3.11's compact representation: ASCII strs use `PyASCIIObject` (48 bytes
 * + chars + NUL), others `PyCompactUnicodeObject` (72 bytes + (n+1) chars of the kind).
 */
export class PyStr extends PyObject {
  readonly value: string;
  /** Length in code points (`len(s)`). */
  readonly length: number;
  readonly maxChar: number;
  interned = false;
  /** Cached `hash(s)` (0 until first computed), as CPython caches it in the object. */
  hashCache = 0;

  constructor(type: PyType, value: string) {
    super(type);
    this.value = value;
    // Below the surrogates every UTF-16 unit is one code point: no pairs to join, no object made.
    let maxChar = 0;
    let i = 0;
    for (; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0xd800) break;
      if (code > maxChar) maxChar = code;
    }
    if (i === value.length) {
      this.length = value.length;
      this.maxChar = maxChar;
    } else {
      const measured = measureStr(value);
      this.length = measured.length;
      this.maxChar = measured.maxChar;
    }
  }

  get kind(): StrKind {
    if (this.maxChar < 0x100) return 1;
    return this.maxChar < 0x10000 ? 2 : 4;
  }

  get isAscii(): boolean {
    return this.maxChar < 0x80;
  }

  sizeof(): number {
    if (this.isAscii) return CPYTHON_311.basicsize.asciiStr + this.length + 1;
    return CPYTHON_311.basicsize.compactStr + this.kind * (this.length + 1);
  }

  dealloc(runtime: Runtime): void {
    if (this.interned) runtime.strings.forget(this);
    runtime.freeObject(this);
  }
}

/**
 * An instance of a str subclass (`class Name(str)`): `unicode_subtype_new` makes a legacy,
 * non-compact `PyUnicodeObject` (80 bytes + a `__weakref__` slot, managed `__dict__` pre-header)
 * and copies the characters into a separate `(n + 1) * kind` block, so tracemalloc sees two
 * blocks. Tracked by the collector; a class of its own so exact strs carry no `__dict__` field.
 */
export class PyStrSubclassInstance extends PyStr {
  /** The instance's `__dict__`, made on first store. */
  instanceDict: PyDict | null = null;
  /** Address of the character block (`_PyUnicode_DATA_ANY`). */
  dataAddress = 0;

  /** The character block's size: the length plus a NUL, in the kind's width. */
  get dataSize(): number {
    return this.kind * (this.length + 1);
  }

  /** unicode___sizeof__ for a non-compact str: the struct plus its data (an ASCII one shares it as UTF-8). */
  override sizeof(): number {
    return CPYTHON_311.basicsize.unicodeObject + this.dataSize;
  }

  override traverse(visit: Visitor): void {
    traverseSubtypeDict(this, visit);
  }

  override clear(runtime: Runtime): void {
    clearSubtypeDict(this, runtime);
  }

  /** subtype_dealloc clears the `__dict__`, then unicode_dealloc frees the data block and the object. */
  override dealloc(runtime: Runtime): void {
    this.clear(runtime);
    if (this.dataAddress !== 0) runtime.memory.free(this.dataAddress);
    this.dataAddress = 0;
    runtime.freeObject(this);
  }
}
