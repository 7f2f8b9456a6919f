import { CPYTHON_311 } from '../cpython-311';
import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyDict } from './dict';
import { clearSubtypeDict, traverseSubtypeDict } from './subtype-dict';
import type { PyType } from './type';

const { intDigitBits, intDigitSize } = CPYTHON_311;
const DIGIT_BASE = 2 ** intDigitBits;

/** A Python int value: a JS number while it is a safe integer, a bigint beyond. */
export type IntValue = number | bigint;

/** Normalizes an int value: safe integers become numbers, everything else stays bigint. */
export function normalizeInt(value: IntValue): IntValue {
  if (typeof value === 'number') return value;
  return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * `int.bit_length()` of a bigint: bits in its magnitude, 0 for zero. Up to 64 bits by shifting
 * off 32-bit words (the common case, and twice as fast as building a string); beyond, from the
 * hex digits, a quarter of the string `toString(2)` would build.
 */
export function bitLength(value: bigint): number {
  let magnitude = value < 0n ? -value : value;
  if (magnitude >> 64n === 0n) {
    let bits = 0;
    while (magnitude > 0xffffffffn) {
      magnitude >>= 32n;
      bits += 32;
    }
    return bits + 32 - Math.clz32(Number(magnitude));
  }
  const hex = magnitude.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0], 16)));
}

/** Number of 30-bit digits CPython stores for `value` (0 for zero). */
export function digitCount(value: IntValue): number {
  if (typeof value === 'number') {
    // Safe integers are below 2**53: at most two 30-bit digits.
    const magnitude = Math.abs(value);
    return magnitude === 0 ? 0 : magnitude < DIGIT_BASE ? 1 : 2;
  }
  return Math.ceil(bitLength(value) / intDigitBits);
}

/**
 * Bytes CPython allocates for an int object: `_PyLong_FromMedium` takes `sizeof(PyLongObject)`
 * (32) for any 1-digit value; `_PyLong_New(n)` takes `24 + 4*max(1, n)`. Arithmetic may pass
 * more digits than the result keeps (x_add allocates one extra), hence `allocDigits`.
 */
export function intAllocSize(value: IntValue, allocDigits?: number): number {
  const digits = allocDigits ?? digitCount(value);
  if (allocDigits === undefined && digits <= 1) return CPYTHON_311.mediumIntAlloc;
  return CPYTHON_311.basicsize.int + intDigitSize * Math.max(1, digits);
}

/** A Python int (also the representation of `True` and `False`, whose type is `bool`). */
export class PyInt extends PyObject {
  readonly value: IntValue;
  readonly digits: number;

  constructor(type: PyType, value: IntValue) {
    super(type);
    this.value = normalizeInt(value);
    this.digits = digitCount(this.value);
  }

  sizeof(): number {
    return CPYTHON_311.basicsize.int + intDigitSize * Math.max(1, this.digits);
  }

  dealloc(runtime: Runtime): void {
    runtime.freeObject(this);
  }
}

/**
 * An instance of an int subclass (`class Flag(int)`): `long_subtype_new` copies the digits into
 * an object of the class's size (32 + 4n, its `__dict__` pointer at the end), tracked by the
 * collector. A class of its own so exact ints carry no `__dict__` field.
 */
export class PyIntSubclassInstance extends PyInt {
  /** The instance's `__dict__`, made on first store. */
  instanceDict: PyDict | null = null;

  override traverse(visit: Visitor): void {
    traverseSubtypeDict(this, visit);
  }

  override clear(runtime: Runtime): void {
    clearSubtypeDict(this, runtime);
  }

  override dealloc(runtime: Runtime): void {
    this.clear(runtime);
    runtime.freeObject(this);
  }
}
