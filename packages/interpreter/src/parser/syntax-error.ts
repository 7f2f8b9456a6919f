/** Python exception class a syntax error is raised as. */
export type SyntaxErrorType = 'SyntaxError' | 'IndentationError' | 'TabError';

/**
 * Where an error came from, which decides whether a tokenizer error further on replaces it (as
 * CPython's `_PyPegen_tokenize_full_source_to_check_for_errors` does after a parser error):
 * `parser` errors can be replaced; `indent` ("unexpected indent/unindent") cannot. Of tokenizer
 * errors, `raised` ones (bad string, number, character, bracket) always win; `unclosed` (end of
 * file inside brackets) wins if the bracket opened on a line before the one the parser reached;
 * `state` ones (bad dedent, tabs, backslash) never replace anything.
 */
export type SyntaxErrorOrigin = 'parser' | 'indent' | 'raised' | 'unclosed' | 'state';

/** Fields of a {@link PySyntaxError}, in CPython's SyntaxError attribute order. */
export interface SyntaxErrorInit {
  type: SyntaxErrorType;
  msg: string;
  filename: string;
  lineno: number;
  /**
   * 1-based offset into `text`, as `SyntaxError.offset`; 0 or less means none. It counts UTF-8
   * bytes for errors found by the parser and characters for the tokenizer's own, because that is
   * what `python3 file.py` reports (CPython converts parser offsets to characters only for
   * string input, as with `compile()`).
   */
  offset: number;
  endLineno: number;
  /** 1-based offset one past the end, in the same unit; 0 or -1 when CPython has no end. */
  endOffset: number;
  /** The offending source line (CPython keeps its trailing newline for parser errors). */
  text: string | null;
  origin?: SyntaxErrorOrigin;
  unsupported?: boolean;
}

/**
 * A Python SyntaxError (or IndentationError/TabError) found while parsing, carrying the same
 * attributes CPython's exception has. `format()` gives the exact text CPython 3.11 prints on
 * stderr when the error is uncaught.
 */
export class PySyntaxError extends Error {
  /** `MEMKIT_UNSUPPORTED_SYNTAX` for valid Python that memkit refuses to run (`match`, `async`…). */
  readonly code: 'MEMKIT_SYNTAX_ERROR' | 'MEMKIT_UNSUPPORTED_SYNTAX';
  readonly type: SyntaxErrorType;
  readonly msg: string;
  readonly filename: string;
  readonly lineno: number;
  readonly offset: number;
  readonly endLineno: number;
  readonly endOffset: number;
  readonly text: string | null;
  readonly origin: SyntaxErrorOrigin;

  constructor(init: SyntaxErrorInit) {
    super(`${init.msg} (${init.filename}, line ${init.lineno})`);
    this.name = 'PySyntaxError';
    this.code = init.unsupported ? 'MEMKIT_UNSUPPORTED_SYNTAX' : 'MEMKIT_SYNTAX_ERROR';
    this.type = init.type;
    this.msg = init.msg;
    this.filename = init.filename;
    this.lineno = init.lineno;
    this.offset = init.offset;
    this.endLineno = init.endLineno;
    this.endOffset = init.endOffset;
    this.text = init.text;
    this.origin = init.origin ?? 'parser';
  }

  /** The error as CPython 3.11 prints it uncaught: file line, source line, carets, message. */
  format(): string {
    let out = `  File "${this.filename}", line ${this.lineno}\n`;
    if (this.text !== null) {
      // pythonrun.c parse_syntax_error: only SyntaxError itself has an end; subclasses get -1.
      const exact = this.type === 'SyntaxError';
      let endOffset = exact ? this.endOffset : -1;
      const endLineno = exact ? this.endLineno : this.lineno;
      const lineSize = utf8Length(this.text);
      if (endLineno > this.lineno) endOffset = lineSize;
      if (endOffset > lineSize + 1) endOffset = lineSize + 1;
      out += formatErrorText(this.offset, endOffset, this.text);
    }
    return `${out}${this.type}: ${this.msg}\n`;
  }
}

/**
 * The source line and caret line, as pythonrun.c's `print_error_text` writes them. It mixes
 * units the way the C code does: offsets count characters while line lengths count UTF-8 bytes.
 */
function formatErrorText(offsetIn: number, endOffset: number, textIn: string): string {
  const caretRepetitions = endOffset > 0 && endOffset > offsetIn ? endOffset - offsetIn : 1;
  let offset = offsetIn - 1;
  let start = 0;
  while (start < textIn.length) {
    const c = textIn.charCodeAt(start);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0c) break;
    start++;
    offset--;
  }
  let text = textIn.slice(start);
  let len = utf8Length(text);
  if (len > 0 && text.endsWith('\n')) len--;
  if (offset > len) offset = len;
  for (;;) {
    const nl = text.indexOf('\n');
    if (nl < 0) break;
    let inl = utf8Length(text.slice(0, nl));
    if (inl >= offset) break;
    inl += 1;
    text = text.slice(nl + 1);
    len -= inl;
    offset -= inl;
  }
  let out = `    ${text}`;
  if (!text.endsWith('\n')) out += '\n';
  if (offset < 0) return out;
  return `${out}    ${' '.repeat(offset)}${'^'.repeat(caretRepetitions)}\n`;
}

/** Length of `text` encoded as UTF-8 (lone surrogates count 3 bytes, as with surrogatepass). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * CPython's `_PyPegen_byte_offset_to_character_offset`: the number of characters in the first
 * `byteOffset` bytes of `line` (a character cut in half still counts, as "replace" decoding does).
 */
export function byteOffsetToCharOffset(line: string, byteOffset: number): number {
  const size = utf8Length(line);
  const limit = Math.min(byteOffset, size + 1);
  let bytes = 0;
  let chars = 0;
  for (let i = 0; i < line.length && bytes < limit; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
    chars++;
  }
  // Past the end of the text (the caret may sit one after the last byte): one column per byte.
  return bytes < limit ? chars + (limit - bytes) : chars;
}
