/** The lines of a function's source as `inspect.getsourcelines` finds them (1-based, inclusive). */
export interface SourceBlock {
  /** The first decorator line, or the `def` line of an undecorated function. */
  readonly firstLine: number;
  /** The `def` line, where memkit's interpreter puts `co_firstlineno` and the 'call' event. */
  readonly defLine: number;
  readonly lastLine: number;
}

/**
 * The block of the function whose `co_firstlineno` is `firstlineno`, like `inspect.getblock`:
 * decorators above the `def` (CPython 3.11 puts `co_firstlineno` on the first decorator; memkit's
 * interpreter puts it on the `def`, so decorators directly above are taken in), the header up to
 * its closing `:` with brackets balanced, and the body: every following line indented deeper
 * than the `def`, blank lines and comments between statements, and trailing comments indented
 * at least as deep as the body (as `BlockFinder` keeps them). Strings spanning lines are not
 * tokenized: a line of a triple-quoted string indented no deeper than the `def` ends the block.
 */
export function findSourceBlock(lines: readonly string[], firstlineno: number): SourceBlock {
  const at = (lineno: number) => lines[lineno - 1] ?? '';
  let defLine = firstlineno;
  while (defLine <= lines.length && at(defLine).trimStart().startsWith('@')) defLine++;
  if (defLine > lines.length) return { firstLine: firstlineno, defLine: firstlineno, lastLine: firstlineno };
  const indent = indentOf(at(defLine));
  let firstLine = Math.min(firstlineno, defLine);
  while (firstLine > 1 && isDecorator(at(firstLine - 1), indent)) firstLine--;

  // The header: from the `def` to the line where brackets balance and the colon ends it.
  let headerEnd = defLine;
  let depth = 0;
  for (; headerEnd <= lines.length; headerEnd++) {
    depth += bracketBalance(at(headerEnd));
    if (depth <= 0) break;
  }
  const header = stripComment(at(headerEnd)).trimEnd();
  if (!header.endsWith(':')) return { firstLine, defLine, lastLine: headerEnd }; // one-line body

  let lastLine = headerEnd;
  let bodyIndent: number | null = null;
  for (let lineno = headerEnd + 1; lineno <= lines.length; lineno++) {
    const text = at(lineno);
    const stripped = text.trim();
    if (stripped === '') continue;
    const column = indentOf(text);
    if (stripped.startsWith('#')) {
      if (bodyIndent !== null && column >= bodyIndent) lastLine = lineno;
      continue;
    }
    if (column <= indent) break;
    bodyIndent ??= column;
    lastLine = lineno;
  }
  return { firstLine, defLine, lastLine };
}

function isDecorator(text: string, indent: number): boolean {
  return text.trimStart().startsWith('@') && indentOf(text) === indent;
}

function indentOf(text: string): number {
  let column = 0;
  for (const ch of text) {
    if (ch === ' ') column++;
    else if (ch === '\t') column = (Math.floor(column / 8) + 1) * 8;
    else break;
  }
  return column;
}

/** Opening minus closing brackets outside string literals and comments (single-line strings). */
function bracketBalance(text: string): number {
  let balance = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') break;
    else if ('([{'.includes(ch)) balance++;
    else if (')]}'.includes(ch)) balance--;
  }
  return balance;
}

function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return text.slice(0, i);
  }
  return text;
}
