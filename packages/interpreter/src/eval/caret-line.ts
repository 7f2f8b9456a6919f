import type * as ast from '../parser/ast';
import { parse } from '../parser/parser';
import type { SourcePosition } from './source-position';

/** `IS_WHITESPACE` of CPython's traceback.c (newlines are never part of a source line here). */
const isWhitespace = (c: string | number): boolean =>
  c === ' ' || c === '\t' || c === '\f' || c === 0x20 || c === 0x09 || c === 0x0c;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `_PyPegen_byte_offset_to_character_offset`: a UTF-8 column as a count of code points. */
function characterOffset(text: string, byteOffset: number): number {
  const bytes = encoder.encode(text);
  const prefix = bytes.subarray(0, Math.min(byteOffset, bytes.length + 1));
  let count = 0;
  for (const _ of decoder.decode(prefix)) count++;
  return count;
}

interface Anchors {
  /** Code-point offsets into the segment: the secondary (`^`) range is [left, right). */
  left: number;
  right: number;
}

/**
 * `extract_anchors_from_line`: when the failing segment parses as a lone binary operation or
 * subscript, the operator or the `[…]` is marked `^` and the operands `~`. 3.11.7 skips `)` of
 * a parenthesized left operand when looking for the operator, and looks for the brackets.
 */
function extractAnchors(segment: string, style: CaretStyle): Anchors | null {
  let module: ast.Module;
  try {
    module = parse(segment, '<traceback>', { onWarning: () => {} });
  } catch {
    return null;
  }
  if (module.body.length !== 1) return null;
  const statement = module.body[0];
  if (statement.nodeType !== 'Expr') return null;
  const expr = statement.value;
  const bytes = encoder.encode(segment);
  let left = -1;
  let right = -1;
  if (expr.nodeType === 'BinOp' && style === 'python') return pythonBinOpAnchors(segment, expr);
  if (expr.nodeType === 'BinOp') {
    const end = expr.right.col_offset;
    for (let i = expr.left.end_col_offset; i < end; i++) {
      if (isWhitespace(bytes[i]) || bytes[i] === 0x29) continue;
      left = i;
      right = i + 1;
      // A two-character operator (`//`, `**`, …) — or whatever follows the operator unspaced.
      if (i + 1 < end && !isWhitespace(bytes[i + 1])) right++;
      break;
    }
  } else if (expr.nodeType === 'Subscript') {
    left = expr.value.end_col_offset;
    right = expr.slice.end_col_offset + 1;
    while (left < bytes.length && bytes[left] !== 0x5b) left++;
    while (right < bytes.length && bytes[right] !== 0x5d) right++;
    if (right < bytes.length) right++;
  } else {
    return null;
  }
  if (left < 0) return null;
  return { left: characterOffset(segment, left), right: characterOffset(segment, right) };
}

/**
 * Who draws the markers: the interpreter for an uncaught exception (`'c'`, traceback.c) or the
 * `traceback` module (`'python'`, traceback.py), whose 3.11 rules differ in corners: it strips
 * trailing whitespace, and finds a binary operator's extent before skipping `)`.
 */
export type CaretStyle = 'c' | 'python';

/**
 * traceback.py's `_extract_caret_anchors_from_line_segment` for a binary operation: as the C
 * version, except that the two-character test looks past the first non-space character before
 * closing parentheses are skipped, and the operator's offset is counted from a byte column.
 */
function pythonBinOpAnchors(segment: string, expr: ast.BinOp): Anchors {
  const chars = [...segment];
  const operatorStart = characterOffset(segment, expr.left.end_col_offset);
  const operatorEnd = characterOffset(segment, expr.right.col_offset);
  const operator = chars.slice(operatorStart, operatorEnd);
  let offset = 0;
  while (offset < operator.length && /\s/.test(operator[offset])) offset++;
  let left = expr.left.end_col_offset + offset;
  let right = left + 1;
  if (offset + 1 < operator.length && !/\s/.test(operator[offset + 1])) right++;
  while (left < chars.length && (/\s/.test(chars[left]) || chars[left] === ')' || chars[left] === '#')) {
    left++;
    right++;
  }
  return { left: characterOffset(segment, left), right: characterOffset(segment, right) };
}

/**
 * The line of position markers CPython 3.11 prints under a traceback's source line
 * (`tb_displayline`): `^` under the failing instruction's span, or `~` under the operands and
 * `^` under the operator/subscript; `null` when the span is the whole line and nothing finer is
 * known. `line` is the unstripped source line at `position.lineno`.
 */
export function caretLine(line: string, position: SourcePosition, style: CaretStyle = 'c'): string | null {
  if (position.col_offset < 0 || position.end_col_offset < 0) return null;
  if (style === 'python') line = line.replace(/\s+$/, '');
  const chars = [...line];
  let indent = 0;
  while (indent < chars.length && isWhitespace(chars[indent])) indent++;
  const start = characterOffset(line, position.col_offset);
  let end = characterOffset(line, position.end_col_offset);
  let anchors: Anchors | null = null;
  if (position.lineno === position.end_lineno) {
    anchors = extractAnchors(chars.slice(start, end).join(''), style);
    if (anchors !== null) anchors = { left: anchors.left + start, right: anchors.right + start };
  } else {
    // A multi-line instruction is marked to the end of its first line. (CPython counts that
    // end in UTF-8 bytes, not characters.)
    let trimmed = line.length;
    while (trimmed > 0 && isWhitespace(line[trimmed - 1])) trimmed--;
    end =
      style === 'python' ? [...line.slice(0, trimmed)].length : encoder.encode(line.slice(0, trimmed)).length;
  }
  if (end - start === chars.length - indent && anchors === null) return null;
  let text = '    ';
  for (let offset = indent + 1; offset <= end; offset++) {
    if (offset <= start) text += ' ';
    else if (anchors !== null && anchors.left < offset && offset <= anchors.right) text += '^';
    else text += anchors !== null ? '~' : '^';
  }
  return text;
}
