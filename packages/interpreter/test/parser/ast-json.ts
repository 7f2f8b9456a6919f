import type { AstNode, ConstantValue } from '../../src/parser/ast';
import { ELLIPSIS, ImaginaryLiteral } from '../../src/parser/ast';

/** JSON as written by scripts/ast-golden.py (see its docstring for the shape). */
export type AstJson = null | boolean | number | string | AstJson[] | { [key: string]: AstJson };

const POSITION_FIELDS = new Set(['lineno', 'col_offset', 'end_lineno', 'end_col_offset']);

function encodeFloat(v: number): number | string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  return v;
}

function encodeConstant(v: ConstantValue): AstJson {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: encodeFloat(v) };
  if (v instanceof ImaginaryLiteral) return { complex: encodeFloat(v.imag) };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (v === ELLIPSIS) return { ellipsis: true };
  throw new TypeError(`unexpected constant ${String(v)}`);
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'nodeType' in value;
}

/** memkit's AST in the golden JSON shape, for comparison with CPython's. */
export function astToJson(value: unknown): AstJson {
  if (Array.isArray(value)) return value.map(astToJson);
  if (!isNode(value)) {
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return value;
    }
    throw new TypeError(`unexpected AST value ${String(value)}`);
  }
  const out: { [key: string]: AstJson } = { _type: value.nodeType };
  for (const [key, field] of Object.entries(value)) {
    if (key === 'nodeType' || POSITION_FIELDS.has(key)) continue;
    out[key] =
      value.nodeType === 'Constant' && key === 'value'
        ? encodeConstant(field as ConstantValue)
        : astToJson(field);
  }
  if ('lineno' in value) out._pos = [value.lineno, value.col_offset, value.end_lineno, value.end_col_offset];
  return out;
}
