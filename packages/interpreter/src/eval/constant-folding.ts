import { bitLength } from '@memkit/runtime';
import type * as ast from '../parser/ast';

/**
 * CPython 3.11's AST optimizer (`Python/ast_opt.c`): operators on constants are computed at
 * compile time, within its safety limits, so `999 + 1` and `'ab' * 3` become single constants
 * (shared with equal literals of the same compilation).
 */
const MAX_INT_SIZE = 128;
const MAX_COLLECTION_SIZE = 256;
const MAX_STR_SIZE = 4096;
const MAX_TOTAL_ITEMS = 1024;

/**
 * A tuple constant: `fold_tuple` makes a tuple display of constants one (`(1, 2)`, nested ones
 * too), `fold_iter` the list display a `for` or `in` iterates over, and `+`/`*` on them fold.
 */
export class ConstTuple {
  readonly items: readonly Folded[];

  constructor(items: readonly Folded[]) {
    this.items = items;
  }
}

/**
 * A frozenset constant: `fold_iter` makes a set display of constants that `in`/`not in` looks
 * into or a `for` iterates over one (`PyFrozenSet_New` of `make_const_tuple`), so no set is
 * built at run time. Never the operand of a fold: it exists only in those two places.
 */
export class ConstFrozenSet {
  readonly items: readonly Folded[];

  constructor(items: readonly Folded[]) {
    this.items = items;
  }
}

/** What ast_opt can turn a node into: a scalar constant, a tuple of them, or a frozenset. */
export type Folded = ast.ConstantValue | ConstTuple | ConstFrozenSet;

/** A folded constant, or undefined when CPython would leave the expression to run time. */
export function foldConstant(node: ast.ExprNode): Folded | undefined {
  switch (node.nodeType) {
    case 'Constant':
      return node.value;
    case 'Tuple':
      return node.ctx === 'Load' ? foldItems(node.elts) : undefined;
    case 'UnaryOp': {
      const v = foldConstant(node.operand);
      return v === undefined ? undefined : foldUnary(node.op, v);
    }
    case 'BinOp': {
      const left = foldConstant(node.left);
      if (left === undefined) return undefined;
      const right = foldConstant(node.right);
      return right === undefined ? undefined : foldBinary(node.op, left, right);
    }
    case 'Subscript': {
      // `fold_subscr`: both sides constants (a slice is a Slice node, never folded).
      if (node.ctx !== 'Load') return undefined;
      const container = foldConstant(node.value);
      if (container === undefined) return undefined;
      const index = foldConstant(node.slice);
      return index === undefined ? undefined : foldSubscript(container, index);
    }
    default:
      return undefined;
  }
}

/**
 * `PyObject_GetItem` on constants, for `fold_subscr`: a tuple's item, a str's character or a
 * bytes' int at an int index. Undefined where it would raise (CPython then leaves the
 * expression to run time, to raise there) or for containers the optimizer never sees.
 */
function foldSubscript(container: Folded, index: Folded): Folded | undefined {
  if (!isInt(index)) return undefined;
  const at = (length: number): number | undefined => {
    let i = Number(toBig(index));
    if (i < 0) i += length;
    return i >= 0 && i < length ? i : undefined;
  };
  if (container instanceof ConstTuple) {
    const i = at(container.items.length);
    return i === undefined ? undefined : container.items[i];
  }
  if (typeof container === 'string') {
    const chars = Array.from(container);
    const i = at(chars.length);
    return i === undefined ? undefined : chars[i];
  }
  if (container instanceof Uint8Array) {
    const i = at(container.length);
    return i === undefined ? undefined : BigInt(container[i]);
  }
  return undefined;
}

/** `make_const_tuple`: a tuple of the items when every one is a constant (no starred item). */
export function foldItems(elts: readonly ast.ExprNode[]): ConstTuple | undefined {
  const items: Folded[] = [];
  for (const e of elts) {
    const v = foldConstant(e);
    if (v === undefined) return undefined;
    items.push(v);
  }
  return new ConstTuple(items);
}

/** `check_complexity`: the total items of nested tuples, within `limit`. */
function complexity(t: ConstTuple, limit: number): number {
  let left = limit;
  for (const item of t.items) {
    if (item instanceof ConstTuple) {
      left = complexity(item, left);
      if (left < 0) return left;
    }
  }
  return left - t.items.length;
}

type Num = bigint | number;

function isInt(v: Folded): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}

function toBig(v: bigint | boolean): bigint {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

function isNumber(v: Folded): v is bigint | boolean | number {
  return isInt(v) || typeof v === 'number';
}

function foldUnary(op: ast.UnaryOperator, v: Folded): Folded | undefined {
  if (op === 'Not') return !truthy(v);
  if (!isNumber(v)) return undefined;
  if (typeof v === 'number') return op === 'USub' ? -v : op === 'UAdd' ? v : undefined;
  const x = toBig(v);
  return op === 'USub' ? -x : op === 'UAdd' ? x : ~x;
}

function truthy(v: Folded): boolean {
  if (v instanceof ConstTuple || v instanceof ConstFrozenSet) return v.items.length > 0;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  return true;
}

function foldBinary(op: ast.Operator, a: Folded, b: Folded): Folded | undefined {
  if (isNumber(a) && isNumber(b)) return foldNumbers(op, a, b);
  if (a instanceof ConstTuple && b instanceof ConstTuple && op === 'Add') {
    return new ConstTuple([...a.items, ...b.items]);
  }
  if (typeof a === 'string' && typeof b === 'string' && op === 'Add') {
    return a.length + b.length <= MAX_STR_SIZE ? a + b : undefined;
  }
  if (op === 'Mult') {
    const [seq, n] = isInt(a) ? [b, toBig(a)] : isInt(b) ? [a, toBig(b)] : [null, 0n];
    if (typeof seq === 'string') {
      const size = [...seq].length;
      if (size > 0 && (n < 0n || n > BigInt(Math.floor(MAX_STR_SIZE / size)))) return undefined;
      return n <= 0n ? '' : seq.repeat(Number(n));
    }
    if (seq instanceof ConstTuple) {
      // safe_multiply: at most 256 items, and 1024 counting nested tuples.
      const size = seq.items.length;
      if (size > 0) {
        if (n < 0n || n > BigInt(Math.floor(MAX_COLLECTION_SIZE / size))) return undefined;
        if (n > 0n && complexity(seq, Math.floor(MAX_TOTAL_ITEMS / Number(n))) < 0) return undefined;
      }
      const items: Folded[] = [];
      for (let i = 0n; i < n; i++) items.push(...seq.items);
      return new ConstTuple(items);
    }
  }
  return undefined;
}

function foldNumbers(op: ast.Operator, a: Num | boolean, b: Num | boolean): ast.ConstantValue | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : Number(toBig(a));
    const y = typeof b === 'number' ? b : Number(toBig(b));
    switch (op) {
      case 'Add':
        return x + y;
      case 'Sub':
        return x - y;
      case 'Mult':
        return x * y;
      case 'Div':
        return y === 0 ? undefined : x / y;
      case 'Pow':
        return x === 0 && y < 0 ? undefined : x ** y;
      default:
        return undefined;
    }
  }
  const x = toBig(a);
  const y = toBig(b);
  switch (op) {
    case 'Add':
      return x + y;
    case 'Sub':
      return x - y;
    case 'Mult':
      return bitLength(x) + bitLength(y) > MAX_INT_SIZE ? undefined : x * y;
    case 'Div':
      return y === 0n ? undefined : Number(x) / Number(y);
    case 'FloorDiv': {
      if (y === 0n) return undefined;
      const q = x / y;
      return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
    }
    case 'Mod': {
      if (y === 0n) return undefined;
      const r = x % y;
      return r !== 0n && r < 0n !== y < 0n ? r + y : r;
    }
    case 'Pow':
      if (y < 0n) return x === 0n ? undefined : Number(x) ** Number(y);
      return bitLength(x) * Number(y) > MAX_INT_SIZE ? undefined : x ** y;
    case 'LShift':
      if (y < 0n || y > BigInt(MAX_INT_SIZE) || bitLength(x) > MAX_INT_SIZE - Number(y)) return undefined;
      return x << y;
    case 'RShift':
      return y < 0n ? undefined : x >> y;
    case 'BitAnd':
      return x & y;
    case 'BitOr':
      return x | y;
    case 'BitXor':
      return x ^ y;
    default:
      return undefined;
  }
}

export { MAX_COLLECTION_SIZE };
