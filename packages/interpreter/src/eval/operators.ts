import {
  digitCount,
  PyByteArray,
  PyBytes,
  PyDict,
  PyFloat,
  PyInt,
  PyList,
  PyMethod,
  type PyObject,
  PySet,
  PySlice,
  PyStr,
  PyTuple,
  type PyType,
  PythonError,
  repeatSequence,
} from '@memkit/runtime';
import type * as ast from '../parser/ast';
import { callObject } from './calls';
import { formatValue } from './format';
import { iterate } from './iteration';
import { nativeMethod } from './methods';
import { setBinaryOp, setInplaceOp } from './set-operations';
import { callSpecial, lookupSpecial } from './special-methods';
import { enterRecursiveCall, repr, str } from './text';
import type { Vm } from './vm';

/** `PyObject_IsTrue`. */
export function truthy(vm: Vm, obj: PyObject): boolean {
  const rt = vm.runtime;
  if (obj === rt.true) return true;
  if (obj === rt.false || obj === rt.none) return false;
  if (obj instanceof PyInt) return obj.value !== 0 && obj.value !== 0n;
  if (obj instanceof PyFloat) return obj.value !== 0;
  if (obj instanceof PyStr) return obj.value.length > 0;
  if (obj instanceof PyList || obj instanceof PyTuple) return obj.items.length > 0;
  if (obj instanceof PyDict) return obj.used > 0;
  if (obj instanceof PySet) return obj.table.used > 0;
  if (obj.type.isHeapType) {
    if (lookupSpecial(obj.type, '__bool__') !== null)
      return resultTruth(vm, callSpecial(vm, obj, '__bool__', []));
    if (lookupSpecial(obj.type, '__len__') !== null)
      return resultTruth(vm, callSpecial(vm, obj, '__len__', []));
  }
  return true;
}

function resultTruth(vm: Vm, result: PyObject): boolean {
  const value = truthy(vm, result);
  vm.runtime.decref(result);
  return value;
}

type Numeric = number | bigint;

function numeric(obj: PyObject): Numeric | null {
  if (obj instanceof PyInt) return obj.value;
  if (obj instanceof PyFloat) return obj.value;
  return null;
}

function isFloat(obj: PyObject): boolean {
  return obj instanceof PyFloat;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An int result: a JS number while it is a safe integer, a bigint beyond. */
function intValue(value: bigint): Numeric {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/**
 * `x // y` or `x % y` of safe integers with Python's flooring, exactly: `%` of integers is
 * exact in doubles, and so is dividing out the remainder (a quotient of a float division could
 * round). The result, no larger than `|x|`, is safe; it is allocated as intBinary's would be.
 */
function safeFloorDivMod(op: 'FloorDiv' | 'Mod', x: number, y: number): number {
  const r = x % y;
  const floors = r !== 0 && r < 0 !== y < 0;
  if (op === 'Mod') return floors ? r + y : r + 0;
  const q = (x - r) / y;
  return (floors ? q - 1 : q) + 0;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

const DIGIT_BITS = 30n;
const MEDIUM_LIMIT = 1n << DIGIT_BITS;

/** A 0- or 1-digit int, which `long_add`/`long_mul` compute in C integers. */
function isMedium(x: bigint): boolean {
  return x < MEDIUM_LIMIT && x > -MEDIUM_LIMIT;
}

/** 30-bit digits of a safe integer's magnitude (at most 2). */
function safeDigits(magnitude: number): number {
  return magnitude === 0 ? 0 : magnitude < 2 ** 30 ? 1 : 2;
}

/** `addDigits` / the product's `bigDigits` sum for safe-integer operands, without BigInt. */
function safeDigitsAllocated(op: ast.Operator, x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const da = safeDigits(ax);
  const db = safeDigits(ay);
  if (op === 'Mult') return da + db;
  const subtract = op === 'Add' ? x < 0 !== y < 0 : x < 0 === y < 0;
  if (!subtract) return Math.max(da, db) + 1;
  if (da !== db) return Math.max(da, db);
  // Equal lengths (two digits each): up to the highest digit where they differ.
  if (Math.floor(ax / 2 ** 30) !== Math.floor(ay / 2 ** 30)) return 2;
  return ax % 2 ** 30 !== ay % 2 ** 30 ? 1 : 0;
}

/**
 * Digits CPython allocates for `x ± y` beyond the medium fast path: `x_add` takes one more than
 * the longer operand; `x_sub` (operands of opposite effective signs) the longer operand's, or
 * for equal lengths only up to the highest digit where they differ. Undefined: medium path.
 */
function addDigits(x: bigint, y: bigint, subtract: boolean): number | undefined {
  if (isMedium(x) && isMedium(y)) return undefined;
  const da = digitCount(x);
  const db = digitCount(y);
  if (!subtract) return Math.max(da, db) + 1;
  if (da !== db) return Math.max(da, db);
  const a = x < 0n ? -x : x;
  const b = y < 0n ? -y : y;
  return digitCount(a ^ b);
}

function intBinary(vm: Vm, op: ast.Operator, x: bigint, y: bigint): PyObject {
  const rt = vm.runtime;
  switch (op) {
    case 'Add':
      return rt.newInt(intValue(x + y), addDigits(x, y, x < 0n !== y < 0n));
    case 'Sub':
      return rt.newInt(intValue(x - y), addDigits(x, y, x < 0n === y < 0n));
    case 'Mult':
      return rt.newInt(
        intValue(x * y),
        isMedium(x) && isMedium(y) ? undefined : digitCount(x) + digitCount(y),
      );
    case 'FloorDiv':
      if (y === 0n) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
      return rt.newInt(intValue(floorDiv(x, y)));
    case 'Mod':
      if (y === 0n) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
      return rt.newInt(intValue(floorMod(x, y)));
    case 'Div':
      if (y === 0n) throw new PythonError('ZeroDivisionError', 'division by zero');
      return rt.newFloat(Number(x) / Number(y));
    case 'Pow':
      if (y < 0n) return rt.newFloat(Number(x) ** Number(y));
      return rt.newInt(intValue(x ** y));
    case 'LShift':
      if (y < 0n) throw new PythonError('ValueError', 'negative shift count');
      return rt.newInt(intValue(x << y));
    case 'RShift':
      if (y < 0n) throw new PythonError('ValueError', 'negative shift count');
      return rt.newInt(intValue(x >> y));
    case 'BitAnd':
      return rt.newInt(intValue(x & y));
    case 'BitOr':
      return rt.newInt(intValue(x | y));
    case 'BitXor':
      return rt.newInt(intValue(x ^ y));
    default:
      throw unsupported(op, 'int', 'int');
  }
}

function floatBinary(vm: Vm, op: ast.Operator, x: number, y: number): PyObject {
  const rt = vm.runtime;
  switch (op) {
    case 'Add':
      return rt.newFloat(x + y);
    case 'Sub':
      return rt.newFloat(x - y);
    case 'Mult':
      return rt.newFloat(x * y);
    case 'Div':
      if (y === 0) throw new PythonError('ZeroDivisionError', 'float division by zero');
      return rt.newFloat(x / y);
    case 'FloorDiv':
      if (y === 0) throw new PythonError('ZeroDivisionError', 'float floor division by zero');
      return rt.newFloat(Math.floor(x / y));
    case 'Mod': {
      if (y === 0) throw new PythonError('ZeroDivisionError', 'float modulo');
      const r = x % y;
      return rt.newFloat(r !== 0 && r < 0 !== y < 0 ? r + y : r);
    }
    case 'Pow':
      return rt.newFloat(x ** y);
    default:
      throw unsupported(op, 'float', 'float');
  }
}

const SYMBOLS: Record<ast.Operator, string> = {
  Add: '+',
  Sub: '-',
  Mult: '*',
  MatMult: '@',
  Div: '/',
  Mod: '%',
  Pow: '** or pow()',
  LShift: '<<',
  RShift: '>>',
  BitOr: '|',
  BitXor: '^',
  BitAnd: '&',
  FloorDiv: '//',
};

const DUNDERS: Record<ast.Operator, string> = {
  Add: 'add',
  Sub: 'sub',
  Mult: 'mul',
  MatMult: 'matmul',
  Div: 'truediv',
  Mod: 'mod',
  Pow: 'pow',
  LShift: 'lshift',
  RShift: 'rshift',
  BitOr: 'or',
  BitXor: 'xor',
  BitAnd: 'and',
  FloorDiv: 'floordiv',
};

function unsupported(op: ast.Operator, left: string, right: string, inplace = false): PythonError {
  const symbol = inplace ? (op === 'Pow' ? '**=' : `${SYMBOLS[op]}=`) : SYMBOLS[op];
  return new PythonError('TypeError', `unsupported operand type(s) for ${symbol}: '${left}' and '${right}'`);
}

/** `a <op> b` (`PyNumber_*`, sequence concatenation and repetition); a new reference. */
export function binaryOp(vm: Vm, op: ast.Operator, a: PyObject, b: PyObject, inplace = false): PyObject {
  const rt = vm.runtime;
  // A Python class (an int or str subclass too) gets its methods before any builtin fast path.
  if (a.type.isHeapType || b.type.isHeapType) {
    const dunder = DUNDERS[op];
    const result = dispatchToClasses(vm, a, b, `__${dunder}__`, `__r${dunder}__`);
    if (result !== null) return result;
  }
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null && y !== null) {
    if (isFloat(a) || isFloat(b)) return floatBinary(vm, op, Number(x), Number(y));
    if (typeof x === 'number' && typeof y === 'number') {
      const fast = op === 'Add' ? x + y : op === 'Sub' ? x - y : op === 'Mult' ? x * y : Number.NaN;
      if (Number.isSafeInteger(fast)) {
        // Medium ints (one digit): CPython's C-integer fast path. Larger operands still within
        // doubles skip BigInt but allocate what x_add/x_sub/k_mul allocate (`addDigits`).
        if (Math.abs(x) < 2 ** 30 && Math.abs(y) < 2 ** 30) return rt.newInt(fast);
        return rt.newInt(fast, safeDigitsAllocated(op, x, y));
      }
      if ((op === 'FloorDiv' || op === 'Mod') && y !== 0) return rt.newInt(safeFloorDivMod(op, x, y));
    }
    return intBinary(vm, op, BigInt(x), BigInt(y));
  }
  if (a instanceof PyStr && b instanceof PyStr && op === 'Add') return rt.newStr(a.value + b.value);
  if (a instanceof PyStr && op === 'Mod') return rt.newStr(percentFormat(vm, a.value, b));
  if (op === 'Mult' && (a instanceof PyInt || b instanceof PyInt)) {
    const [seq, count] = a instanceof PyInt ? [b, a.value] : [a, (b as PyInt).value];
    // Sized and refused (OverflowError/MemoryError) before any JS string or array is built.
    if (
      seq instanceof PyStr ||
      seq instanceof PyList ||
      seq instanceof PyTuple ||
      seq instanceof PyBytes ||
      seq instanceof PyByteArray
    )
      return repeatSequence(rt, seq, count);
  }
  if (op === 'Add' && a instanceof PyList && b instanceof PyList) {
    return rt.newList([...a.items, ...b.items].map((i) => rt.share(i)));
  }
  if (op === 'Add' && a instanceof PyTuple && b instanceof PyTuple) {
    return rt.newTuple([...a.items, ...b.items].map((i) => rt.share(i)));
  }
  if (op === 'Add' && (a instanceof PyBytes || a instanceof PyByteArray)) {
    // bytes_concat / bytearray_concat: any bytes-like right operand; the result has the left's type.
    const left = a instanceof PyBytes ? a.value : a.bytes();
    const right = b instanceof PyBytes ? b.value : b instanceof PyByteArray ? b.bytes() : null;
    if (right !== null) {
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      return a instanceof PyBytes ? rt.newBytes(joined) : rt.newByteArray(joined);
    }
  }
  if (a instanceof PySet && b instanceof PySet) {
    const result = setBinaryOp(vm, op, a, b);
    if (result !== null) return result;
  }
  // The sequence slots' own errors (sq_concat, sq_repeat) come before the generic one.
  const sequence = a instanceof PyStr || a instanceof PyList || a instanceof PyTuple;
  if (op === 'Add' && sequence) {
    throw new PythonError(
      'TypeError',
      `can only concatenate ${a.type.name} (not "${b.type.name}") to ${a.type.name}`,
    );
  }
  if (op === 'Mult' && (sequence || b instanceof PyStr || b instanceof PyList || b instanceof PyTuple)) {
    const other = sequence ? b : a;
    if (numeric(other) === null || isFloat(other))
      throw new PythonError('TypeError', `can't multiply sequence by non-int of type '${other.type.name}'`);
  }
  throw unsupported(op, a.type.name, b.type.name, inplace);
}

/**
 * binary_op1's and do_richcompare's order over Python classes' methods: the right operand's
 * reflected method first when its class is a proper subclass of the left's, then the left's
 * method, then the right's. Null when neither class defines one or every one returned
 * NotImplemented (the builtin behaviour of their bases applies then). Returns a new reference.
 */
function dispatchToClasses(
  vm: Vm,
  a: PyObject,
  b: PyObject,
  name: string,
  reflected: string,
): PyObject | null {
  const rt = vm.runtime;
  const left = a.type.isHeapType && lookupSpecial(a.type, name) !== null;
  const right = b.type !== a.type && b.type.isHeapType && lookupSpecial(b.type, reflected) !== null;
  const rightFirst = right && b.type.isSubtypeOf(a.type);
  const attempt = (self: PyObject, method: string, other: PyObject): PyObject | null => {
    const result = callSpecial(vm, self, method, [rt.share(other)]);
    if (result !== vm.notImplemented) return result;
    rt.decref(result);
    return null;
  };
  if (rightFirst) {
    const result = attempt(b, reflected, a);
    if (result !== null) return result;
  }
  if (left) {
    const result = attempt(a, name, b);
    if (result !== null) return result;
  }
  if (right && !rightFirst) return attempt(b, reflected, a);
  return null;
}

/**
 * `a <op>= b` (`PyNumber_InPlace*`): a list extends itself, a Python class's `__i<op>__` runs,
 * anything else falls back to the binary operation. Borrows both; returns a new reference.
 */
export function inplaceOp(vm: Vm, op: ast.Operator, current: PyObject, operand: PyObject): PyObject {
  const rt = vm.runtime;
  if (op === 'Add' && current instanceof PyList) {
    const method = nativeMethod(vm, current.type, 'extend');
    if (method !== null) rt.decref(method(vm, current, [operand], null));
    return rt.share(current);
  }
  if (op === 'Add' && current instanceof PyByteArray && current.type === rt.types.bytearray) {
    // bytearray_iconcat: one resize of the buffer, then the operand's bytes copied in.
    const extra =
      operand instanceof PyBytes
        ? operand.value
        : operand instanceof PyByteArray
          ? operand.bytes().slice()
          : null;
    if (extra === null) throw new PythonError('TypeError', `can't concat ${operand.type.name} to bytearray`);
    const size = current.size;
    current.resize(rt, size + extra.length);
    current.data.set(extra, size);
    return rt.share(current);
  }
  const hook = current.type.isHeapType ? lookupSpecial(current.type, `__i${DUNDERS[op]}__`) : null;
  if (hook !== null) return callObject(vm, hook, [rt.share(current), rt.share(operand)], null);
  if (current instanceof PySet && current.type.isSubtypeOf(rt.types.set)) {
    const result = setInplaceOp(vm, op, current, operand);
    if (result !== null) return result;
  }
  return binaryOp(vm, op, current, operand, true);
}

/** `-x`, `+x`, `~x`, `not x`; a new reference. */
export function unaryOp(vm: Vm, op: ast.UnaryOperator, value: PyObject): PyObject {
  const rt = vm.runtime;
  if (op === 'Not') return rt.newBool(!truthy(vm, value));
  const n = numeric(value);
  if (n !== null) {
    if (value instanceof PyFloat) {
      if (op === 'USub') return rt.newFloat(-value.value);
      if (op === 'UAdd') return rt.newFloat(value.value);
    } else {
      const x = BigInt(n);
      if (op === 'USub') return rt.newInt(intValue(-x));
      if (op === 'UAdd') return rt.newInt(intValue(x));
      if (op === 'Invert') return rt.newInt(intValue(~x));
    }
  }
  const dunder = { USub: '__neg__', UAdd: '__pos__', Invert: '__invert__' }[op];
  if (value.type.isHeapType && lookupSpecial(value.type, dunder) !== null)
    return callSpecial(vm, value, dunder, []);
  const symbol = { USub: '-', UAdd: '+', Invert: '~' }[op];
  throw new PythonError('TypeError', `bad operand type for unary ${symbol}: '${value.type.name}'`);
}

/** `a == b` as a JS boolean (identity first, as `PyObject_RichCompareBool` does). */
export function equals(vm: Vm, a: PyObject, b: PyObject): boolean {
  if (a === b) return true;
  return compareBool(vm, 'Eq', a, b);
}

function compareValues(x: Numeric | string, y: Numeric | string, op: ast.CmpOperator): boolean {
  switch (op) {
    case 'Eq':
      return x === y || (typeof x !== 'string' && typeof y !== 'string' && numericEqual(x, y));
    case 'NotEq':
      return !compareValues(x, y, 'Eq');
    case 'Lt':
      return x < y;
    case 'LtE':
      return x <= y;
    case 'Gt':
      return x > y;
    case 'GtE':
      return x >= y;
    default:
      return false;
  }
}

/** `1 == 1.0 == 1n`: ints and floats compare by value across representations. */
function numericEqual(x: Numeric, y: Numeric): boolean {
  if (typeof x === typeof y) return x === y;
  const [big, other] = typeof x === 'bigint' ? [x, y as number] : [y as bigint, x as number];
  return Number.isInteger(other) && BigInt(other) === big;
}

const COMPARE_DUNDERS: Partial<Record<ast.CmpOperator, string>> = {
  Eq: '__eq__',
  NotEq: '__ne__',
  Lt: '__lt__',
  LtE: '__le__',
  Gt: '__gt__',
  GtE: '__ge__',
};

const COMPARE_SYMBOLS: Partial<Record<ast.CmpOperator, string>> = { Lt: '<', LtE: '<=', Gt: '>', GtE: '>=' };

/** A rich comparison as a JS boolean. */
export function compareBool(vm: Vm, op: ast.CmpOperator, a: PyObject, b: PyObject): boolean {
  switch (op) {
    case 'Is':
      return a === b;
    case 'IsNot':
      return a !== b;
    case 'In':
      return contains(vm, b, a);
    case 'NotIn':
      return !contains(vm, b, a);
  }
  if (a.type.isHeapType || b.type.isHeapType) return resultTruth(vm, richCompare(vm, op, a, b));
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null && y !== null) return compareValues(x, y, op);
  if (a instanceof PyStr && b instanceof PyStr) return compareValues(a.value, b.value, op);
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    enterRecursiveCall(vm, ' in comparison');
    try {
      return compareSequences(vm, op, a.items, b.items);
    } finally {
      vm.depth--;
    }
  }
  if (a instanceof PySet && b instanceof PySet) return compareSets(op, a, b);
  // slice_richcompare: (start, stop, step) compared as 3-tuples, so slices also order.
  if (a instanceof PySlice && b instanceof PySlice)
    return compareSequences(vm, op, [a.start, a.stop, a.step], [b.start, b.stop, b.step]);
  if (op === 'Eq' && a instanceof PyDict && b instanceof PyDict && a !== b) {
    enterRecursiveCall(vm, ' in comparison');
    try {
      return dictsEqual(vm, a, b);
    } finally {
      vm.depth--;
    }
  }
  // method_richcompare: a bound method made afresh on each `obj.m` equals the others for the
  // same function and the same `self` (atexit.unregister(obj.m) relies on it).
  if (op === 'Eq' && a instanceof PyMethod && b instanceof PyMethod)
    return equals(vm, a.func, b.func) && a.self === b.self;
  if (op === 'Eq') return a === b;
  if (op === 'NotEq') return !compareBool(vm, 'Eq', a, b);
  throw new PythonError(
    'TypeError',
    `'${COMPARE_SYMBOLS[op]}' not supported between instances of '${a.type.name}' and '${b.type.name}'`,
  );
}

function dictsEqual(vm: Vm, a: PyDict, b: PyDict): boolean {
  if (a.used !== b.used) return false;
  for (const [key, value] of a.entries()) {
    const other = b.get(key);
    if (other === null || !equals(vm, value, other)) return false;
  }
  return true;
}

/**
 * set_richcompare, for sets and frozensets alike: equality and the subset/superset orders,
 * sizes first (as CPython does) and then membership by hash.
 */
function compareSets(op: ast.CmpOperator, a: PySet, b: PySet): boolean {
  const subset = (x: PySet, y: PySet): boolean => {
    if (x.size > y.size) return false;
    for (const key of x.table) if (!y.has(key)) return false;
    return true;
  };
  switch (op) {
    case 'Eq':
      return a.size === b.size && subset(a, b);
    case 'NotEq':
      return !(a.size === b.size && subset(a, b));
    case 'LtE':
      return subset(a, b);
    case 'Lt':
      return a.size < b.size && subset(a, b);
    case 'GtE':
      return subset(b, a);
    default:
      return a.size > b.size && subset(b, a);
  }
}

function compareSequences(vm: Vm, op: ast.CmpOperator, a: PyObject[], b: PyObject[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (equals(vm, a[i], b[i])) continue;
    if (op === 'Eq') return false;
    if (op === 'NotEq') return true;
    return compareBool(vm, op, a[i], b[i]);
  }
  return compareValues(a.length, b.length, op);
}

/** A comparison's result object (bool, or whatever `__eq__`… returned); a new reference. */
export function compareObjects(vm: Vm, op: ast.CmpOperator, a: PyObject, b: PyObject): PyObject {
  if (COMPARE_DUNDERS[op] !== undefined && (a.type.isHeapType || b.type.isHeapType)) {
    return richCompare(vm, op, a, b);
  }
  return vm.runtime.newBool(compareBool(vm, op, a, b));
}

/**
 * `do_richcompare` when a Python class takes part: the right operand's slot first if its type
 * is a proper subtype of the left's, then the left's, then the right's (even of the same type),
 * each with NotImplemented meaning "try the next"; then `==`/`!=` fall back to identity. A new
 * reference.
 */
function richCompare(vm: Vm, op: ast.CmpOperator, a: PyObject, b: PyObject): PyObject {
  const rt = vm.runtime;
  const swapped = SWAPPED_COMPARE[op] as ast.CmpOperator;
  const attempt = (self: PyObject, other: PyObject, o: ast.CmpOperator): PyObject | null => {
    const result = compareSlot(vm, self, other, o);
    if (result !== vm.notImplemented) return result;
    rt.decref(result);
    return null;
  };
  const reverseFirst = a.type !== b.type && b.type.isSubtypeOf(a.type);
  const result =
    (reverseFirst ? attempt(b, a, swapped) : null) ??
    attempt(a, b, op) ??
    (reverseFirst ? null : attempt(b, a, swapped));
  if (result !== null) return result;
  if (op === 'Eq') return rt.newBool(a === b);
  if (op === 'NotEq') return rt.newBool(a !== b);
  throw new PythonError(
    'TypeError',
    `'${COMPARE_SYMBOLS[op]}' not supported between instances of '${a.type.name}' and '${b.type.name}'`,
  );
}

/** `a < b` tried on the right operand is `b > a`. */
const SWAPPED_COMPARE: Partial<Record<ast.CmpOperator, ast.CmpOperator>> = {
  Eq: 'Eq',
  NotEq: 'NotEq',
  Lt: 'Gt',
  LtE: 'GtE',
  Gt: 'Lt',
  GtE: 'LtE',
};

/**
 * One type's `tp_richcompare` on `self`: a Python class's `slot_tp_richcompare` calls the
 * method its MRO finds first, which may be a builtin base's own (dict's `__ne__` for a dict
 * subclass defining only `__eq__`). A new reference, possibly NotImplemented.
 */
function compareSlot(vm: Vm, self: PyObject, other: PyObject, op: ast.CmpOperator): PyObject {
  const rt = vm.runtime;
  const name = COMPARE_DUNDERS[op] as string;
  for (const entry of self.type.mro?.items ?? [self.type]) {
    const cls = entry as PyType;
    if (cls.isHeapType) {
      const method = cls.dict?.getByName(name) ?? null;
      if (method !== null) return callSpecial(vm, self, name, [rt.share(other)]);
    } else if (
      cls === rt.types.dict ||
      cls === rt.types.tuple ||
      cls === rt.types.list ||
      cls === rt.types.int ||
      cls === rt.types.float ||
      cls === rt.types.set ||
      cls === rt.types.frozenset ||
      cls === rt.types.str
    ) {
      break;
    }
  }
  return builtinCompareSlot(vm, self, other, op);
}

/**
 * The builtin `tp_richcompare` a Python class inherits: dict's (`==`/`!=` between dicts only),
 * tuple's and list's (between instances of the same kind), else `object_richcompare`: `==` is
 * identity or NotImplemented, `!=` inverts the type's own `==` unless that is NotImplemented.
 */
function builtinCompareSlot(vm: Vm, self: PyObject, other: PyObject, op: ast.CmpOperator): PyObject {
  const rt = vm.runtime;
  if (self instanceof PyDict) {
    if (!(other instanceof PyDict) || (op !== 'Eq' && op !== 'NotEq')) return rt.share(vm.notImplemented);
    enterRecursiveCall(vm, ' in comparison');
    try {
      const equal = self === other || dictsEqual(vm, self, other);
      return rt.newBool(op === 'Eq' ? equal : !equal);
    } finally {
      vm.depth--;
    }
  }
  if (
    (self instanceof PyTuple && other instanceof PyTuple) ||
    (self instanceof PyList && other instanceof PyList)
  ) {
    enterRecursiveCall(vm, ' in comparison');
    try {
      return rt.newBool(compareSequences(vm, op, self.items, other.items));
    } finally {
      vm.depth--;
    }
  }
  if (self instanceof PyTuple || self instanceof PyList) return rt.share(vm.notImplemented);
  // set_richcompare: subset relations between sets and frozensets only.
  if (self instanceof PySet) {
    return other instanceof PySet ? rt.newBool(compareSets(op, self, other)) : rt.share(vm.notImplemented);
  }
  // long_richcompare / float_richcompare for an int or float subclass, against ints and floats.
  const x = self instanceof PyInt || self instanceof PyFloat ? self.value : null;
  const y = numeric(other);
  if (x !== null && y !== null) return rt.newBool(compareValues(x, y, op));
  // PyUnicode_RichCompare for a str subclass: strs on both sides, else NotImplemented.
  if (self instanceof PyStr)
    return other instanceof PyStr
      ? rt.newBool(compareValues(self.value, other.value, op))
      : rt.share(vm.notImplemented);
  // Numbers, strs and the rest answer NotImplemented to an instance of a Python class, as
  // object_richcompare does to anything but itself.
  if (op === 'Eq') return self === other ? rt.newBool(true) : rt.share(vm.notImplemented);
  if (op !== 'NotEq') return rt.share(vm.notImplemented);
  const equal = compareSlot(vm, self, other, 'Eq');
  if (equal === vm.notImplemented) return equal;
  return rt.newBool(!resultTruth(vm, equal));
}

/** `item in container`. */
export function contains(vm: Vm, container: PyObject, item: PyObject): boolean {
  if (container instanceof PyDict) return container.get(item) !== null;
  if (container instanceof PySet) return container.has(item);
  if (container instanceof PyStr) {
    if (!(item instanceof PyStr)) {
      throw new PythonError(
        'TypeError',
        `'in <string>' requires string as left operand, not ${item.type.name}`,
      );
    }
    return container.value.includes(item.value);
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    return container.items.some((x) => equals(vm, x, item));
  }
  if (container.type.isHeapType && lookupSpecial(container.type, '__contains__') !== null) {
    return resultTruth(vm, callSpecial(vm, container, '__contains__', [vm.runtime.share(item)]));
  }
  for (const x of iterate(vm, container)) {
    const found = equals(vm, x, item);
    vm.runtime.decref(x);
    if (found) return true;
  }
  return false;
}

/** `sorted()` / `list.sort()`: a stable sort by `key`, the items array reordered (references unchanged). */
export function sortItems(vm: Vm, items: PyObject[], key: PyObject | null, reverse: boolean): PyObject[] {
  const rt = vm.runtime;
  const keyed = items.map((item) => ({
    item,
    key: key === null || key === rt.none ? item : callObject(vm, key, [rt.share(item)], null),
  }));
  try {
    keyed.sort((p, q) => {
      if (compareBool(vm, 'Lt', p.key, q.key)) return reverse ? 1 : -1;
      if (compareBool(vm, 'Lt', q.key, p.key)) return reverse ? -1 : 1;
      return 0;
    });
  } finally {
    if (key !== null && key !== rt.none) for (const k of keyed) rt.decref(k.key);
  }
  return keyed.map((k) => k.item);
}

/**
 * `'%s: %d' % args` for the common conversions: s, r, d, i, u, x, X, o, e, E, f, F, g, G and %%.
 * Numbers go through the format-spec mini-language (the flags map onto it), so `'%#010x' % 255`
 * pads after the prefix as `format()` does.
 */
function percentFormat(vm: Vm, format: string, args: PyObject): string {
  const values = args instanceof PyTuple ? args.items : [args];
  let next = 0;
  const text = format.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdiurxXoeEfFgG%])/g,
    (_m, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const value = values[next++];
      if (value === undefined) throw new PythonError('TypeError', 'not enough arguments for format string');
      const left = flags.includes('-');
      if (conv === 's' || conv === 'r') {
        let out = conv === 's' ? str(vm, value) : repr(vm, value);
        if (precision !== undefined) out = Array.from(out).slice(0, Number(precision)).join('');
        const size = width === undefined ? 0 : Number(width);
        return left ? out.padEnd(size) : out.padStart(size);
      }
      const spec =
        (left ? '<' : '') +
        (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') +
        (flags.includes('#') && 'xXo'.includes(conv) ? '#' : '') +
        (flags.includes('0') && !left ? '0' : '') +
        (width ?? '') +
        (precision !== undefined && 'eEfFgG'.includes(conv) ? `.${precision}` : '') +
        ('diu'.includes(conv) ? 'd' : conv);
      const number = percentOperand(vm, value, conv);
      try {
        return formatValue(vm, number, spec);
      } finally {
        vm.runtime.decref(number);
      }
    },
  );
  if (next < values.length && args instanceof PyTuple) {
    throw new PythonError('TypeError', 'not all arguments converted during string formatting');
  }
  return text;
}

/** The number a `%` conversion formats (a new reference): `%d` truncates a float, `%x` wants an int. */
function percentOperand(vm: Vm, value: PyObject, conv: string): PyObject {
  const rt = vm.runtime;
  if ('eEfFgG'.includes(conv)) {
    if (value instanceof PyFloat || value instanceof PyInt) return rt.share(value);
    throw new PythonError('TypeError', `must be real number, not ${value.type.name}`);
  }
  if (value instanceof PyInt) return rt.share(value);
  if (value instanceof PyFloat && 'diu'.includes(conv)) {
    if (Number.isNaN(value.value)) throw new PythonError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(value.value))
      throw new PythonError('OverflowError', 'cannot convert float infinity to integer');
    return rt.newInt(BigInt(Math.trunc(value.value)));
  }
  const wanted = 'diu'.includes(conv) ? 'a real number' : 'an integer';
  throw new PythonError('TypeError', `%${conv} format: ${wanted} is required, not ${value.type.name}`);
}
