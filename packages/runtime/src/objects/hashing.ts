import { PythonError } from '../errors';
import type { PyObject } from '../object';
import { PyBytes } from './bytes';
import { PyFloat } from './float';
import { PyInt } from './int';
import { PyStr } from './str';
import { PyTuple } from './tuple';

/** A Python hash value: a number while it is a safe integer, else a bigint (always in int64 range). */
export type HashValue = number | bigint;

/** `_PyHASH_MODULUS` = 2**61 - 1 (Python/pyhash.c). */
const MODULUS = (1n << 61n) - 1n;
const HASH_BITS = 61n;
const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;
const U64 = (1n << 64n) - 1n;

function toHashValue(h: bigint): HashValue {
  const signed = BigInt.asIntN(64, h);
  return signed >= -BigInt(Number.MAX_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : signed;
}

/** `long_hash`: the value reduced modulo 2**61 - 1, keeping the sign; -1 becomes -2. */
export function hashInt(value: number | bigint): HashValue {
  if (typeof value === 'number' && Math.abs(value) < 2 ** 52) return value === -1 ? -2 : value;
  const big = BigInt(value);
  const magnitude = (big < 0n ? -big : big) % MODULUS;
  const h = big < 0n ? -magnitude : magnitude;
  return h === -1n ? -2 : toHashValue(h);
}

/** `_Py_HashDouble`: equal to the int hash for integral values, so `hash(1.0) == hash(1)`. */
export function hashFloat(value: number): HashValue {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 0 : value > 0 ? 314159 : -314159;
  if (Number.isInteger(value)) return hashInt(Number.isSafeInteger(value) ? value : BigInt(value));
  let m = Math.abs(value);
  let e = Math.floor(Math.log2(m)) + 1;
  m /= 2 ** e;
  if (m >= 1) {
    m /= 2;
    e++;
  } else if (m < 0.5) {
    m *= 2;
    e--;
  }
  let x = 0n;
  while (m !== 0) {
    x = ((x << 28n) & MODULUS) | (x >> (HASH_BITS - 28n));
    m *= 268435456;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    x += BigInt(y);
    if (x >= MODULUS) x -= MODULUS;
  }
  const shift = BigInt(e >= 0 ? e % 61 : 60 - ((-1 - e) % 61));
  x = ((x << shift) & MODULUS) | (x >> (HASH_BITS - shift));
  const h = value < 0 ? -x : x;
  return h === -1n ? -2 : toHashValue(h);
}

/**
 * Hash of a str. CPython randomizes str hashes per process (SipHash with a random key), so no
 * program output can depend on them; this is a deterministic FNV-1a, kept in 52 bits.
 */
export function hashString(value: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const h = (h1 >>> 0) * 2 ** 20 + ((h2 >>> 0) & 0xfffff);
  return h === 0 ? 1 : h;
}

/** `tuplehash` (3.11): xxHash's combination of the items' hashes. */
export function hashTuple(itemHashes: readonly HashValue[]): HashValue {
  let acc = XXPRIME_5;
  for (const lane of itemHashes) {
    acc = (acc + (BigInt(lane) & U64) * XXPRIME_2) & U64;
    acc = ((acc << 31n) | (acc >> 33n)) & U64;
    acc = (acc * XXPRIME_1) & U64;
  }
  acc = (acc + (BigInt(itemHashes.length) ^ (XXPRIME_5 ^ 3527539n))) & U64;
  if (acc === U64) return 1546275796;
  return toHashValue(acc);
}

/** `_shuffle_bits` of setobject.c, on 64-bit unsigned hashes. */
function shuffleBits(h: bigint): bigint {
  return ((h ^ 89869747n ^ ((h << 16n) & U64)) * 3644798167n) & U64;
}

/**
 * `frozenset_hash`: the shuffled entry hashes xor-ed (order-independent; the null and dummy
 * slots CPython also folds in cancel out), the size mixed in, then dispersed.
 */
export function hashFrozenSet(entryHashes: readonly HashValue[]): HashValue {
  let hash = 0n;
  for (const h of entryHashes) hash ^= shuffleBits(BigInt(h) & U64);
  hash ^= ((BigInt(entryHashes.length) + 1n) * 1927868237n) & U64;
  hash ^= (hash >> 11n) ^ (hash >> 25n);
  hash = (hash * 69069n + 907133923n) & U64;
  if (hash === U64) hash = 590923713n;
  return toHashValue(hash);
}

/** Identity hash of objects without `__hash__`: the address rotated by 4 bits (`_Py_HashPointer`). */
export function hashPointer(address: number): HashValue {
  const rotated = (BigInt(address) >> 4n) | ((BigInt(address) & 15n) << 60n);
  return toHashValue(rotated);
}

/** `==` between two int/float values, exact even beyond 2**53. */
function numbersEqual(x: number | bigint, y: number | bigint): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  if (typeof x === 'number' && !Number.isInteger(x)) return false;
  if (typeof y === 'number' && !Number.isInteger(y)) return false;
  return BigInt(x) === BigInt(y);
}

/** Python equality of two dict/set keys: identity, or equal values of the builtin hashable types. */
export function keysEqual(a: PyObject, b: PyObject): boolean {
  if (a === b) return true;
  if (a instanceof PyStr) return b instanceof PyStr && a.value === b.value;
  if (a instanceof PyInt || a instanceof PyFloat) {
    if (!(b instanceof PyInt || b instanceof PyFloat)) return false;
    return numbersEqual(a.value, b.value);
  }
  if (a instanceof PyTuple) {
    if (!(b instanceof PyTuple) || a.items.length !== b.items.length) return false;
    return a.items.every((item, i) => keysEqual(item, b.items[i]));
  }
  if (a instanceof PyBytes) {
    return (
      b instanceof PyBytes && a.value.length === b.value.length && a.value.every((x, i) => x === b.value[i])
    );
  }
  const hook = a.type.equals;
  return hook?.(a, b) ?? false;
}

/**
 * `hash(obj)` for the builtin hashable types; identity for everything else that is hashable.
 * Unhashable builtins (list, dict, set, bytearray) raise CPython's `TypeError`.
 */
export function hashObject(obj: PyObject): HashValue {
  if (obj instanceof PyStr) {
    if (obj.hashCache === 0) obj.hashCache = hashString(obj.value);
    return obj.hashCache;
  }
  if (obj instanceof PyInt) return hashInt(obj.value);
  if (obj instanceof PyFloat) return hashFloat(obj.value);
  if (obj instanceof PyTuple) return hashTuple(obj.items.map(hashObject));
  if (obj instanceof PyBytes) return hashString(String.fromCharCode(...obj.value));
  const hook = obj.type.hash;
  if (hook !== null) return hook(obj);
  throw new PythonError('TypeError', `unhashable type: '${obj.type.name}'`);
}
