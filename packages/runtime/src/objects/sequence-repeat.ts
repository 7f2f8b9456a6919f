import { CPYTHON_311 } from '../cpython-311';
import { PythonError } from '../errors';
import { MAX_BLOCK_SIZE } from '../memory';
import type { PyObject } from '../object';
import type { Runtime } from '../runtime';
import { PyByteArray } from './bytearray';
import { PyBytes } from './bytes';
import type { IntValue } from './int';
import type { PyList } from './list';
import { PyStr } from './str';
import { PyTuple } from './tuple';

/** `PY_SSIZE_T_MAX` on a 64-bit build: the largest length or count CPython accepts. */
const PY_SSIZE_T_MAX = 2n ** 63n - 1n;

/** A sequence `seq * n` can repeat. */
export type RepeatableSequence = PyStr | PyBytes | PyByteArray | PyList | PyTuple;

/**
 * `seq * n` for str, bytes, bytearray, list and tuple (`unicode_repeat`, `bytes_repeat`,
 * `bytearray_repeat`, `list_repeat`, `tuple_repeat`): a new reference. Sizes are checked with
 * CPython's overflow rules first and against the model's `MAX_BLOCK_SIZE` before any JavaScript
 * string or array is built, so `[0] * 10**12` raises `MemoryError` instead of exhausting the
 * host's heap. Like CPython, an exact str, bytes or tuple repeated once is returned itself.
 */
export function repeatSequence(runtime: Runtime, seq: RepeatableSequence, count: IntValue): PyObject {
  const n = repeatCount(count);
  if (seq instanceof PyStr) return repeatStr(runtime, seq, n);
  if (seq instanceof PyBytes) return repeatBytes(runtime, seq, n);
  if (seq instanceof PyByteArray) return repeatByteArray(runtime, seq, n);
  return repeatItems(runtime, seq, n);
}

/**
 * `bytes(n)` / `bytearray(n)`: `n` zero bytes, refused with CPython's errors (`ValueError` for a
 * negative count, `OverflowError` past `PY_SSIZE_T_MAX`) and with `MemoryError` past the model's
 * block limit before any buffer is made.
 */
export function newZeroBytes(runtime: Runtime, count: IntValue, mutable: boolean): PyBytes | PyByteArray {
  const n = BigInt(count);
  if (n > PY_SSIZE_T_MAX) throw indexOverflow();
  if (n < 0n) throw new PythonError('ValueError', 'negative count');
  requireBlock(mutable ? n + 1n : BigInt(CPYTHON_311.basicsize.bytes) + n);
  const size = Number(n);
  if (!mutable) return runtime.newBytes(new Uint8Array(size));
  const array = runtime.newByteArray();
  if (size > 0) array.resize(runtime, size);
  return array;
}

/** `PyNumber_AsSsize_t(n, PyExc_OverflowError)` then clamped at 0, as `sq_repeat` callers do. */
function repeatCount(count: IntValue): bigint {
  const n = BigInt(count);
  if (n > PY_SSIZE_T_MAX || n < -PY_SSIZE_T_MAX - 1n) throw indexOverflow();
  return n < 0n ? 0n : n;
}

function repeatStr(runtime: Runtime, str: PyStr, n: bigint): PyObject {
  if (n === 1n && str.type === runtime.types.str) return runtime.share(str);
  if (str.length === 0 || n === 0n) return runtime.newStr('');
  if (BigInt(str.length) * n > PY_SSIZE_T_MAX)
    throw new PythonError('OverflowError', 'repeated string is too long');
  const kind = BigInt(str.isAscii ? 1 : str.kind);
  requireBlock(BigInt(str.sizeof()) + kind * BigInt(str.length) * (n - 1n));
  return runtime.newStr(str.value.repeat(Number(n)));
}

function repeatBytes(runtime: Runtime, bytes: PyBytes, n: bigint): PyObject {
  if (n === 1n && bytes.type === runtime.types.bytes) return runtime.share(bytes);
  const size = BigInt(bytes.value.length);
  if (size * n > PY_SSIZE_T_MAX) throw new PythonError('OverflowError', 'repeated bytes are too long');
  requireBlock(BigInt(CPYTHON_311.basicsize.bytes) + size * n);
  return runtime.newBytes(fillRepeated(bytes.value, Number(n)));
}

function repeatByteArray(runtime: Runtime, array: PyByteArray, n: bigint): PyObject {
  const size = BigInt(array.size);
  if (size * n > PY_SSIZE_T_MAX) throw new PythonError('MemoryError', '');
  requireBlock(size * n + 1n);
  return runtime.newByteArray(fillRepeated(array.bytes(), Number(n)));
}

function repeatItems(runtime: Runtime, seq: PyList | PyTuple, n: bigint): PyObject {
  const isTuple = seq instanceof PyTuple;
  const size = seq.items.length;
  if (isTuple && (size === 0 || n === 1n) && seq.type === runtime.types.tuple) return runtime.share(seq);
  // list_repeat and tuple_repeat: `if (input_size > PY_SSIZE_T_MAX / n) return PyErr_NoMemory();`
  if (BigInt(size) * n > PY_SSIZE_T_MAX) throw new PythonError('MemoryError', '');
  const type = isTuple ? runtime.types.tuple : runtime.types.list;
  const slots = BigInt(size) * n;
  requireBlock(
    isTuple ? BigInt(type.basicsize + type.preheader) + BigInt(type.itemsize) * slots : 8n * slots,
  );
  const total = Number(slots);
  const items: PyObject[] = new Array(total);
  for (let i = 0; i < total; i++) items[i] = runtime.share(seq.items[i % size]);
  return isTuple ? runtime.newTuple(items) : runtime.newList(items);
}

function fillRepeated(value: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(value.length * n);
  for (let i = 0; i < n; i++) out.set(value, i * value.length);
  return out;
}

/** Refuses a block the model will not hold, before the JavaScript value behind it is built. */
function requireBlock(size: bigint): void {
  if (size > BigInt(MAX_BLOCK_SIZE)) throw new PythonError('MemoryError', '');
}

function indexOverflow(): PythonError {
  return new PythonError('OverflowError', "cannot fit 'int' into an index-sized integer");
}
