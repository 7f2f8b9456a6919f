/**
 * A SyntaxWarning the tokenizer emits for valid but suspicious source (in CPython 3.11: a number
 * run into a keyword, as in `1if x else 2`).
 */
export class PySyntaxWarning {
  readonly category = 'SyntaxWarning';
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
  /** The source line as `linecache` gives it, or null when there is no file to read it from. */
  readonly line: string | null;

  constructor(message: string, filename: string, lineno: number, line: string | null) {
    this.message = message;
    this.filename = filename;
    this.lineno = lineno;
    this.line = line;
  }

  /** The text CPython prints on stderr for it (`warnings.formatwarning`). */
  format(): string {
    const head = `${this.filename}:${this.lineno}: ${this.category}: ${this.message}\n`;
    const line = this.line?.trim() ?? '';
    return line === '' ? head : `${head}  ${line}\n`;
  }
}
