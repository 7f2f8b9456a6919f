import { byteOffsetToCharOffset } from './syntax-error';
import type { PySyntaxWarning } from './syntax-warning';

/**
 * Where source text comes from, which changes how CPython reports syntax error columns:
 * `'file'` as `python3 script.py` (parser errors in UTF-8 bytes, end of file at column 0),
 * `'string'` as `compile()`/`exec()` of a str (in characters, end of file after the last line).
 */
export type SourceInput = 'file' | 'string';

/**
 * Python source as the tokenizer reads it: newlines translated (`\r\n` and `\r` become `\n`, as
 * CPython's universal-newline reading does), a leading BOM dropped, and a final newline added when
 * the file lacks one (CPython's tokenizer does the same). Remembers the original last line so
 * error text matches what CPython reads back from the file.
 */
export class SourceText {
  readonly text: string;
  readonly filename: string;
  readonly input: SourceInput;
  /** True when every character is ASCII, so byte columns equal character columns. */
  readonly ascii: boolean;
  private readonly addedFinalNewline: boolean;
  private lineStarts: number[] | null = null;

  /** Receives the SyntaxWarnings found while tokenizing (CPython prints them on stderr). */
  readonly onWarning: ((warning: PySyntaxWarning) => void) | null;

  constructor(
    source: string,
    filename: string,
    input: SourceInput = 'file',
    onWarning: ((warning: PySyntaxWarning) => void) | null = null,
  ) {
    this.input = input;
    this.onWarning = onWarning;
    // A BOM is the file's encoding mark; in a str it is a character (and an invalid one).
    let text = input === 'file' && source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    this.addedFinalNewline = text.length > 0 && !text.endsWith('\n');
    this.text = this.addedFinalNewline ? `${text}\n` : text;
    this.filename = filename;
    // One native scan; the tokenizer then skips all byte-column arithmetic for ASCII files.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
    this.ascii = !/[^\x00-\x7f]/.test(this.text);
  }

  /** Index of the first character of line `lineno` (1-based). */
  lineStart(lineno: number): number {
    const starts = this.starts();
    return lineno - 1 < starts.length ? starts[lineno - 1] : this.text.length;
  }

  /**
   * Line `lineno` as CPython reads it back for an error message: with its newline, except a last
   * line that had none in the file. `withNewline: false` gives the tokenizer's view (no newline).
   */
  line(lineno: number, withNewline = true): string {
    const start = this.lineStart(lineno);
    let end = this.text.indexOf('\n', start);
    if (end < 0) end = this.text.length;
    else if (withNewline && !(this.addedFinalNewline && end === this.text.length - 1)) end++;
    return this.text.slice(start, end);
  }

  /**
   * The text of line `lineno` for a parser error: as read back from the file, or for a string,
   * from CPython's tokenizer buffers (with a newline only if the tokenizer has not read past it).
   */
  errorText(lineno: number, reachedLine: number): string {
    if (this.input === 'file') return this.line(lineno);
    const bare = this.line(lineno, false);
    return lineno >= reachedLine ? `${bare}\n` : bare;
  }

  /**
   * A 1-based error offset given in bytes, as CPython reports it for this input: unchanged for a
   * file, in characters of the error's `text` (clamped to one past its end) for a string.
   */
  reportedOffset(text: string, bytes: number): number {
    if (this.input === 'file' || bytes <= 0) return bytes;
    return byteOffsetToCharOffset(text, bytes);
  }

  /** UTF-8 byte column of source index `pos`, on the line starting at index `lineStart`. */
  byteCol(lineStart: number, pos: number): number {
    if (this.ascii) return pos - lineStart;
    let bytes = 0;
    const text = this.text;
    for (let i = lineStart; i < pos; i++) {
      const c = text.charCodeAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    }
    return bytes;
  }

  private starts(): number[] {
    if (this.lineStarts === null) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i >= 0 && i + 1 <= text.length; i = text.indexOf('\n', i + 1)) {
        starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
