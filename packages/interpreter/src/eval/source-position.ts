import type * as ast from '../parser/ast';

/**
 * Where an instruction is in the source, as CPython 3.11's code objects record it per
 * instruction (`co_positions()`): lines 1-based, columns UTF-8 byte offsets.
 */
export type SourcePosition = ast.Located;

/**
 * The position 3.11 gives `LOAD_ATTR`/`LOAD_METHOD`/`CALL` of an attribute spanning lines
 * (`update_start_location_to_match_attr`): it starts at the attribute name's line, so a
 * traceback through `(obj\n .method())` points at `method()`, not at `(obj`.
 */
export function attributePosition(node: ast.Located, attribute: ast.Attribute): SourcePosition {
  if (node.lineno === attribute.end_lineno) return node;
  const length = attribute.attr.length;
  const col = length <= attribute.end_col_offset ? attribute.end_col_offset - length : -1;
  const endLineno = Math.max(attribute.end_lineno, node.end_lineno);
  let endCol = col === -1 ? -1 : node.end_col_offset;
  if (attribute.end_lineno === endLineno && endCol !== -1) endCol = Math.max(col, endCol);
  return { lineno: attribute.end_lineno, end_lineno: endLineno, col_offset: col, end_col_offset: endCol };
}
