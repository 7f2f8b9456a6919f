import type { SourceBlock } from './source-block';

/** A `{…}` block of TypeScript source: where it opens and closes (1-based lines). */
interface BraceBlock {
  readonly openLine: number;
  /** Offset of the `{` in the joined source. */
  readonly openOffset: number;
  readonly closeLine: number;
}

const CONTROL_HEADER = /^(?:\}\s*)?(?:if|else|for|while|do|switch|try|catch|finally|with)\b/;

/**
 * The lines of the TypeScript function whose body holds line `lineno`: the innermost brace block
 * around it whose header reads as a function (`function f(…) {`, `(…) => {`, a method `m(…): T {`),
 * from the line where its parameter list opens to its closing brace. The scan skips strings,
 * template literals and comments but not regular-expression literals, so a `{` or `}` inside a
 * regex can mislead it. Null when no block qualifies (an arrow function with an expression body):
 * the caller then shows only the lines it measured.
 */
export function findFunctionBlock(lines: readonly string[], lineno: number): SourceBlock | null {
  const text = lines.join('\n');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const enclosing = braceBlocks(text, lineOf)
    .filter((b) => b.openLine <= lineno && lineno <= b.closeLine)
    .sort((a, b) => b.openOffset - a.openOffset);
  for (const block of enclosing) {
    const start = functionHeaderStart(text, block.openOffset);
    if (start !== null) {
      const firstLine = lineOf(start);
      return { firstLine, defLine: firstLine, lastLine: block.closeLine };
    }
  }
  return null;
}

/** Every balanced brace block, outside strings, template text and comments. */
function braceBlocks(text: string, lineOf: (offset: number) => number): BraceBlock[] {
  const blocks: BraceBlock[] = [];
  const open: number[] = [];
  // Template literals nest through `${…}`: the depth of `open` at which each template resumes.
  const templates: number[] = [];
  let i = 0;
  const skipQuoted = (quote: string) => {
    for (i++; i < text.length && text[i] !== quote && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
  };
  const skipTemplate = () => {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return;
      else if (text[i] === '$' && text[i + 1] === '{') {
        templates.push(open.length);
        open.push(-1); // the `${`, not a block
        i++;
        return;
      }
    }
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === '"' || ch === "'") skipQuoted(ch);
    else if (ch === '`') skipTemplate();
    else if (ch === '{') open.push(i);
    else if (ch === '}') {
      const start = open.pop();
      if (start === undefined) continue;
      if (start === -1 && templates[templates.length - 1] === open.length) {
        templates.pop();
        skipTemplate();
      } else if (start >= 0) {
        blocks.push({ openLine: lineOf(start), openOffset: start, closeLine: lineOf(i) });
      }
    }
  }
  return blocks;
}

/**
 * Where the function whose body opens at `brace` starts (its parameter list's `(`, or a lone
 * arrow parameter), or null when the text before the brace is not a function header.
 */
function functionHeaderStart(text: string, brace: number): number | null {
  let end = brace;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let close = end - 1;
  const arrow = text.slice(0, end).endsWith('=>');
  if (arrow) {
    close = end - 3;
    while (close >= 0 && /\s/.test(text[close])) close--;
  }
  if (text[close] !== ')') {
    // A return type annotation, `): Type {` or `): Type => {`: back to the `)` before the colon.
    const lineStart = text.lastIndexOf('\n', close) + 1;
    const colon = text.lastIndexOf('):', close);
    if (colon >= lineStart) close = colon;
    else if (arrow && /[\w$]/.test(text[close])) {
      // A lone parameter: `x => {`.
      let start = close;
      while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
      return start;
    } else return null;
  }
  if (text[close] !== ')') return null;
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(') depth--;
    if (depth === 0) {
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const before = text.slice(lineStart, i).trim();
      if (CONTROL_HEADER.test(before) || /\b(?:if|for|while|switch|catch|with)\s*$/.test(before)) return null;
      return i;
    }
  }
  return null;
}
