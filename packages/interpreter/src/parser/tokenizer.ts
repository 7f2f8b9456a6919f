import type { SourceText } from './source-text';
import type { SyntaxErrorOrigin, SyntaxErrorType } from './syntax-error';
import { PySyntaxError, utf8Length } from './syntax-error';
import { PySyntaxWarning } from './syntax-warning';
import type { TokenKind } from './token';
import { KEYWORDS, Tok, Token } from './token';

/** Options of a {@link Tokenizer}. */
export interface TokenizerOptions {
  /** Also produce NL and COMMENT tokens, as Python's `tokenize` module does. */
  trivia?: boolean;
}

/**
 * A slice of the source tokenized on its own, for an f-string replacement field: it starts in the
 * middle of a line, is implicitly inside brackets (newlines are insignificant, no INDENT/DEDENT),
 * and ends with ENDMARKER where the field's expression ends.
 */
export interface TokenizerRange {
  start: number;
  end: number;
  lineno: number;
  lineStart: number;
}

const TABSIZE = 8;
const MAX_INDENT = 100;
const MAX_LEVEL = 200;

// Character codes used by the scanner.
const NL = 10;
const SPACE = 32;
const TAB = 9;
const FORMFEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const QUOTE = 39;
const DQUOTE = 34;
const UNDERSCORE = 95;
const DOT = 46;

/** Characters allowed in the ASCII part of an identifier (CPython's is_potential_identifier_char). */
const IDENT_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isIdent = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === UNDERSCORE;
  IDENT_CHAR[c] = isIdent ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** CPython's is_potential_identifier_start: ASCII letters, `_`, and every non-ASCII character. */
function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c >= 128;
}

function isIdentifierChar(c: number): boolean {
  // Past the end charCodeAt gives NaN, which indexes to undefined: not an identifier character.
  return c >= 128 || IDENT_CHAR[c] === 1;
}

const XID_START = /^[\p{XID_Start}_]$/u;
const XID_CONTINUE = /^\p{XID_Continue}$/u;
// Python's str.isprintable(): not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except space).
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function isPrintable(ch: string): boolean {
  return ch === ' ' || !NON_PRINTABLE.test(ch);
}

function hex4(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Python 3.11's tokenizer, after CPython's `Parser/tokenizer.c` (`tok_get`): INDENT/DEDENT from an
 * indentation stack with the tab-consistency check, NEWLINE only at bracket depth 0, line
 * continuations, every string prefix, numbers with `_`, and CPython's tokenizer error messages and
 * positions. Tokens are produced on demand, so an error late in the file is only reported once
 * the parser gets there — the order in which CPython reports errors.
 *
 * Strings are not decoded here: a STRING token is the raw literal, prefix and quotes included;
 * the parser decodes it (escapes, f-string fields).
 */
export class Tokenizer {
  private readonly source: SourceText;
  private readonly src: string;
  private readonly trivia: boolean;
  private readonly end: number;
  private readonly inRange: boolean;
  private pos: number;
  private lineno: number;
  private lineStart: number;
  /**
   * Start of CPython's file buffer: the line where the current logical line began when it was
   * continued by a backslash or a multi-line string (one error column counts from there).
   */
  private bufStart: number;
  private atBol: boolean;
  /** Pending INDENT (>0) or DEDENT (<0) tokens. */
  private pending = 0;
  private readonly indentStack: number[] = [0];
  private readonly altIndentStack: number[] = [0];
  /** Open brackets: character code, line and byte column of each. */
  private readonly parenStack: number[] = [];
  private readonly parenLines: number[] = [];
  private readonly parenCols: number[] = [];
  private blankLine = false;
  private done = false;
  // Cache for byte columns on non-ASCII lines: the last (lineStart, pos) → byte count computed.
  private cacheLineStart = -1;
  private cachePos = 0;
  private cacheBytes = 0;

  constructor(source: SourceText, options: TokenizerOptions = {}, range?: TokenizerRange) {
    this.source = source;
    this.src = source.text;
    this.trivia = options.trivia ?? false;
    if (range) {
      this.pos = range.start;
      this.end = range.end;
      this.lineno = range.lineno;
      this.lineStart = range.lineStart;
      this.bufStart = range.lineStart;
      this.atBol = false;
      this.inRange = true;
      // The field is parsed as if parenthesized, as CPython 3.11 does with "(" + expr + ")".
      this.parenStack.push(40);
      this.parenLines.push(range.lineno);
      this.parenCols.push(0);
    } else {
      this.pos = 0;
      this.end = this.src.length;
      this.lineno = 1;
      this.lineStart = 0;
      this.bufStart = 0;
      this.atBol = true;
      this.inRange = false;
    }
  }

  /** Current bracket depth. */
  get level(): number {
    return this.parenStack.length;
  }

  /** The next token; after ENDMARKER, ENDMARKER again. Throws a PySyntaxError on bad input. */
  next(): Token {
    const src = this.src;
    if (this.done) return this.endMarker();
    for (;;) {
      if (this.atBol) {
        this.atBol = false;
        const token = this.indentation();
        if (token !== null) return token;
      }
      if (this.pending !== 0) return this.pendingIndent();

      // Skip blanks; then the token starts here.
      let pos = this.pos;
      let c = src.charCodeAt(pos);
      while (c === SPACE || c === TAB || c === FORMFEED) c = src.charCodeAt(++pos);
      this.pos = pos;
      const start = pos;

      // A NEWLINE after a comment starts where the comment does (CPython keeps tok->start).
      let newlineStart = -1;
      if (c === HASH) {
        let p = src.indexOf('\n', pos);
        if (p < 0 || p > this.end) p = this.end;
        this.pos = p;
        if (this.trivia) return this.make(Tok.Comment, start, p);
        newlineStart = start;
        pos = p;
        c = src.charCodeAt(pos);
      }

      if (pos >= this.end) return this.endOfInput();

      if (isIdentifierStart(c)) return this.nameOrString(start, c);

      if (c === NL) {
        this.pos = pos + 1;
        const blank = this.blankLine || this.parenStack.length > 0;
        const token = blank
          ? this.trivia
            ? this.make(Tok.NL, pos, pos + 1)
            : null
          : new Token(
              Tok.Newline,
              '\n',
              newlineStart < 0 ? pos : newlineStart,
              pos,
              this.lineno,
              this.byteCol(newlineStart < 0 ? pos : newlineStart),
              this.lineno,
              this.byteCol(pos),
              0,
            );
        this.newLine(pos + 1);
        this.atBol = true;
        if (token !== null) return token;
        continue;
      }

      if (c === DOT) {
        const c2 = src.charCodeAt(pos + 1);
        if (isDigit(c2)) return this.number(start);
        if (c2 === DOT && src.charCodeAt(pos + 2) === DOT) {
          this.pos = pos + 3;
          return this.make(Tok.Ellipsis, start, pos + 3);
        }
        this.pos = pos + 1;
        return this.make(Tok.Dot, start, pos + 1);
      }

      if (isDigit(c)) return this.number(start);

      if (c === QUOTE || c === DQUOTE) return this.string(start, pos);

      if (c === BACKSLASH) {
        // Line continuation: only a newline may follow the backslash.
        if (src.charCodeAt(pos + 1) !== NL || pos + 1 >= this.end) {
          this.pos = pos + 2;
          throw this.stateError('unexpected character after line continuation character', pos + 2, 'line');
        }
        this.pos = pos + 2;
        this.newLine(pos + 2, true);
        if (this.pos >= this.end) {
          if (this.parenStack.length > 0) return this.endOfInput();
          // CPython reports it on the continued line, past its end.
          this.lineno--;
          this.lineStart = this.source.lineStart(this.lineno);
          throw this.stateError('unexpected EOF while parsing', pos + 2, 'eof-in-line');
        }
        continue;
      }

      return this.operator(start, c);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Lines and indentation

  private newLine(nextLineStart: number, insideToken = false): void {
    this.lineno++;
    this.lineStart = nextLineStart;
    if (!insideToken) this.bufStart = nextLineStart;
  }

  /**
   * Measure the indentation of a new line, as tok_get's `atbol` block does: tabs to multiples of
   * 8 (and, for the consistency check, to 1), form feed resets. Blank and comment-only lines do
   * not count. Queues INDENT/DEDENT tokens; returns a trivia NL for a blank line when asked.
   */
  private indentation(): Token | null {
    const src = this.src;
    let col = 0;
    let altcol = 0;
    // Indentation cannot continue over a backslash: the first one found fixes the level.
    let contLineCol = 0;
    let pos = this.pos;
    for (;;) {
      const c = src.charCodeAt(pos);
      if (c === SPACE) {
        col++;
        altcol++;
      } else if (c === TAB) {
        col = (Math.floor(col / TABSIZE) + 1) * TABSIZE;
        altcol++;
      } else if (c === FORMFEED) {
        col = altcol = 0;
      } else if (c === BACKSLASH && pos < this.end) {
        contLineCol = contLineCol || col;
        if (src.charCodeAt(pos + 1) !== NL) {
          this.pos = pos + 2;
          throw this.stateError('unexpected character after line continuation character', pos + 2, 'line');
        }
        pos += 2;
        this.newLine(pos);
        if (pos >= this.end) {
          this.lineno--;
          throw this.stateError('unexpected EOF while parsing', pos, 'eof');
        }
        continue;
      } else break;
      pos++;
    }
    if (contLineCol !== 0) col = altcol = contLineCol;
    this.pos = pos;
    const c = pos < this.end ? src.charCodeAt(pos) : -1;
    this.blankLine = c === HASH || c === NL;
    if (this.blankLine || this.parenStack.length > 0) return null;
    const stack = this.indentStack;
    const altStack = this.altIndentStack;
    let top = stack.length - 1;
    if (col === stack[top]) {
      if (altcol !== altStack[top]) throw this.tabError();
    } else if (col > stack[top]) {
      if (stack.length >= MAX_INDENT) {
        throw this.raise('IndentationError', 'too many levels of indentation', this.lineno, 1, 0, 'state');
      }
      if (altcol <= altStack[top]) throw this.tabError();
      stack.push(col);
      altStack.push(altcol);
      this.pending++;
    } else {
      while (top > 0 && col < stack[top]) {
        this.pending--;
        stack.pop();
        altStack.pop();
        top--;
      }
      if (col !== stack[top]) {
        // CPython moves to the end of the line before reporting (tok->cur = tok->inp).
        let lineEnd = src.indexOf('\n', pos);
        lineEnd = lineEnd < 0 ? this.end : lineEnd + 1;
        const offset = this.source.reportedOffset(this.source.line(this.lineno), this.byteCol(lineEnd));
        throw this.raise(
          'IndentationError',
          'unindent does not match any outer indentation level',
          this.lineno,
          offset,
          -1,
          'state',
        );
      }
      if (altcol !== altStack[top]) throw this.tabError();
    }
    return null;
  }

  private pendingIndent(): Token {
    const { lineno, col } =
      this.pos >= this.end ? this.endPosition() : { lineno: this.lineno, col: this.byteCol(this.pos) };
    if (this.pending < 0) {
      this.pending++;
      return new Token(Tok.Dedent, '', this.pos, this.pos, lineno, col, lineno, col, 0);
    }
    this.pending--;
    return new Token(Tok.Indent, '', this.pos, this.pos, lineno, col, lineno, col, 0);
  }

  private endOfInput(): Token {
    this.pos = this.end;
    if (this.inRange) {
      this.done = true;
      return this.endMarker();
    }
    if (this.parenStack.length > 0) {
      const top = this.parenStack.length - 1;
      const lineno = this.parenLines[top];
      const opening = String.fromCharCode(this.parenStack[top]);
      const text = this.source.errorText(lineno, this.lineno - 1);
      throw new PySyntaxError({
        type: 'SyntaxError',
        msg: `'${opening}' was never closed`,
        filename: this.source.filename,
        lineno,
        offset: this.source.reportedOffset(text, this.parenCols[top] + 1),
        endLineno: lineno,
        endOffset: 0,
        text,
        origin: 'unclosed',
      });
    }
    // At end of input every open block is closed: DEDENTs first, then ENDMARKER.
    if (this.indentStack.length > 1) {
      this.indentStack.pop();
      this.altIndentStack.pop();
      const { lineno, col } = this.endPosition();
      return new Token(Tok.Dedent, '', this.end, this.end, lineno, col, lineno, col, 0);
    }
    this.done = true;
    return this.endMarker();
  }

  /**
   * Where CPython's tokenizer stands at end of input, on the last line read: column 0 for a file
   * (its buffer is empty there), past the line's newline for a string. INDENT/DEDENT/ENDMARKER
   * have no position of their own in CPython; errors reported on them use the tokenizer's.
   */
  private endPosition(): { lineno: number; col: number } {
    if (this.inRange) return { lineno: this.lineno, col: this.byteCol(this.end) };
    const lineno = Math.max(this.lineno - 1, 1);
    if (this.source.input === 'file' || this.end === 0) return { lineno, col: 0 };
    return { lineno, col: this.byteColFrom(this.source.lineStart(lineno), this.end) };
  }

  private endMarker(): Token {
    const { lineno, col } = this.endPosition();
    return new Token(Tok.EndMarker, '', this.end, this.end, lineno, col, lineno, col, 0);
  }

  // -------------------------------------------------------------------------------------------
  // Names and strings

  private nameOrString(start: number, first: number): Token {
    const src = this.src;
    let pos = start;
    let c = first;
    // String prefixes: any case of b, r, u, f, rb/br, fr/rf (tok_get's saw_b/saw_r/saw_u/saw_f).
    let sawB = false;
    let sawR = false;
    let sawU = false;
    let sawF = false;
    for (;;) {
      if (!(sawB || sawU || sawF) && (c === 98 || c === 66)) sawB = true;
      else if (!(sawB || sawU || sawR || sawF) && (c === 117 || c === 85)) sawU = true;
      else if (!(sawR || sawU) && (c === 114 || c === 82)) sawR = true;
      else if (!(sawF || sawB || sawU) && (c === 102 || c === 70)) sawF = true;
      else break;
      c = src.charCodeAt(++pos);
      if (c === QUOTE || c === DQUOTE) return this.string(start, pos);
    }
    let nonAscii = false;
    while (pos < this.end && isIdentifierChar(c)) {
      if (c >= 128) nonAscii = true;
      c = src.charCodeAt(++pos);
    }
    if (nonAscii) this.verifyIdentifier(start, pos);
    this.pos = pos;
    const text = src.slice(start, pos);
    const kind = KEYWORDS.get(text) ?? Tok.Name;
    return this.make(kind, start, pos, text);
  }

  /** CPython's verify_identifier: XID_Start then XID_Continue, else "invalid character". */
  private verifyIdentifier(start: number, end: number): void {
    const text = this.src.slice(start, end);
    let first = true;
    for (const ch of text) {
      const ok = first ? XID_START.test(ch) : XID_CONTINUE.test(ch);
      first = false;
      if (!ok) {
        const at = start + text.indexOf(ch);
        const cp = ch.codePointAt(0) ?? 0;
        const msg = isPrintable(ch)
          ? `invalid character '${ch}' (U+${hex4(cp)})`
          : `invalid non-printable character U+${hex4(cp)}`;
        throw this.errorAtCursor(msg, at + ch.length);
      }
    }
  }

  /** A string literal from its first character (`start`, the prefix) and its opening quote. */
  private string(start: number, quotePos: number): Token {
    const src = this.src;
    const quote = src.charCodeAt(quotePos);
    let pos = quotePos + 1;
    let quoteSize = 1;
    if (src.charCodeAt(pos) === quote && src.charCodeAt(pos + 1) === quote) {
      quoteSize = 3;
      pos += 2;
    }
    const firstLine = this.lineno;
    const firstLineStart = this.lineStart;
    let endQuoteSize = 0;
    // An empty '' or "" ends right away.
    if (quoteSize === 1 && src.charCodeAt(pos) === quote) {
      endQuoteSize = 1;
      pos++;
    }
    while (endQuoteSize !== quoteSize) {
      if (pos >= this.end) return this.unterminatedString(start, quoteSize, firstLine, firstLineStart, true);
      const c = src.charCodeAt(pos++);
      if (c === NL) {
        if (quoteSize === 1) return this.unterminatedString(start, 1, firstLine, firstLineStart, false);
        this.newLine(pos, true);
        endQuoteSize = 0;
      } else if (c === quote) {
        endQuoteSize++;
      } else {
        endQuoteSize = 0;
        if (c === BACKSLASH) {
          if (pos >= this.end) continue;
          if (src.charCodeAt(pos) === NL) this.newLine(pos + 1, true);
          pos++;
        }
      }
    }
    this.pos = pos;
    const col = this.byteColFrom(firstLineStart, start);
    return new Token(
      Tok.String,
      src.slice(start, pos),
      start,
      pos,
      firstLine,
      col,
      this.lineno,
      this.byteCol(pos),
      this.parenStack.length,
    );
  }

  private unterminatedString(
    start: number,
    quoteSize: number,
    firstLine: number,
    firstLineStart: number,
    atEof: boolean,
  ): never {
    // Reported from the string's first character; "detected at" the line the tokenizer was on
    // (at end of file that is the last line, not the empty one after the final newline).
    const detected = atEof && !this.inRange && this.lineStart === this.end ? this.lineno - 1 : this.lineno;
    const what =
      quoteSize === 3 ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
    this.lineno = firstLine;
    this.lineStart = firstLineStart;
    throw this.errorAtCursor(`${what} (detected at line ${detected})`, start + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Numbers

  /** A number, following tok_get's number states and verify_end_of_number. */
  private number(start: number): Token {
    const src = this.src;
    let pos = start;
    let c = src.charCodeAt(pos);
    const finish = (end: number): Token => {
      this.pos = end;
      return this.make(Tok.Number, start, end);
    };
    if (c === DOT) {
      // ".5": the fraction state.
      pos = this.decimalTail(pos + 1);
      return finish(this.exponentAndImaginary(pos, src.charCodeAt(pos)));
    }
    if (c === 48) {
      c = src.charCodeAt(++pos);
      if (c === 120 || c === 88) return finish(this.radixNumber(pos + 1, 16));
      if (c === 111 || c === 79) return finish(this.radixNumber(pos + 1, 8));
      if (c === 98 || c === 66) return finish(this.radixNumber(pos + 1, 2));
      // "0", "00", "0_0", or an old-style octal / a float starting with 0.
      let nonzero = false;
      for (;;) {
        if (c === UNDERSCORE) {
          c = src.charCodeAt(++pos);
          if (!isDigit(c)) throw this.errorAtCursor('invalid decimal literal', pos);
        }
        if (c !== 48) break;
        c = src.charCodeAt(++pos);
      }
      const zerosEnd = pos;
      if (isDigit(c)) {
        nonzero = true;
        pos = this.decimalTail(pos);
        c = src.charCodeAt(pos);
      }
      if (c === DOT || c === 101 || c === 69 || c === 106 || c === 74) {
        return finish(this.fractionOnwards(pos, c));
      }
      if (nonzero) {
        const lineno = this.lineno;
        throw this.raise(
          'SyntaxError',
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          lineno,
          this.byteCol(start) + 1,
          this.byteCol(zerosEnd) + 1,
          'raised',
          false,
        );
      }
      this.verifyEndOfNumber(pos, 'decimal');
      return finish(pos);
    }
    pos = this.decimalTail(pos);
    c = src.charCodeAt(pos);
    return finish(this.fractionOnwards(pos, c));
  }

  /** After the integer part: optional fraction, exponent, imaginary suffix; returns the end. */
  private fractionOnwards(posIn: number, cIn: number): number {
    let pos = posIn;
    let c = cIn;
    if (c === DOT) {
      c = this.src.charCodeAt(++pos);
      if (isDigit(c)) {
        pos = this.decimalTail(pos);
        c = this.src.charCodeAt(pos);
      }
    }
    return this.exponentAndImaginary(pos, c);
  }

  private exponentAndImaginary(posIn: number, cIn: number): number {
    const src = this.src;
    let pos = posIn;
    let c = cIn;
    if (c === 101 || c === 69) {
      const ePos = pos;
      c = src.charCodeAt(++pos);
      if (c === 43 || c === 45) {
        c = src.charCodeAt(++pos);
        if (!isDigit(c)) throw this.errorAtCursor('invalid decimal literal', pos);
      } else if (!isDigit(c)) {
        // "1else": the 'e' starts the next token.
        this.verifyEndOfNumber(ePos, 'decimal');
        return ePos;
      }
      pos = this.decimalTail(pos);
      c = src.charCodeAt(pos);
    }
    if (c === 106 || c === 74) {
      pos++;
      this.verifyEndOfNumber(pos, 'imaginary');
      return pos;
    }
    this.verifyEndOfNumber(pos, 'decimal');
    return pos;
  }

  /** Digits with single underscores between them, from `pos` (a digit); returns the end. */
  private decimalTail(posIn: number): number {
    const src = this.src;
    let pos = posIn;
    for (;;) {
      let c = src.charCodeAt(pos);
      while (isDigit(c)) c = src.charCodeAt(++pos);
      if (c !== UNDERSCORE) return pos;
      c = src.charCodeAt(++pos);
      if (!isDigit(c)) throw this.errorAtCursor('invalid decimal literal', pos);
    }
  }

  private radixNumber(posIn: number, radix: 16 | 8 | 2): number {
    const src = this.src;
    const kind = radix === 16 ? 'hexadecimal' : radix === 8 ? 'octal' : 'binary';
    const isRadixDigit = (c: number): boolean =>
      radix === 16 ? isHexDigit(c) : radix === 8 ? c >= 48 && c <= 55 : c === 48 || c === 49;
    let pos = posIn;
    let c = src.charCodeAt(pos);
    do {
      if (c === UNDERSCORE) c = src.charCodeAt(++pos);
      if (!isRadixDigit(c)) {
        if (radix !== 16 && isDigit(c)) {
          throw this.errorAtCursor(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`, pos + 1);
        }
        throw this.errorAtCursor(`invalid ${kind} literal`, pos);
      }
      do c = src.charCodeAt(++pos);
      while (isRadixDigit(c));
    } while (c === UNDERSCORE);
    if (radix !== 16 && isDigit(c)) {
      throw this.errorAtCursor(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`, pos + 1);
    }
    this.verifyEndOfNumber(pos, kind);
    return pos;
  }

  /**
   * CPython's verify_end_of_number: a letter right after a number is an error, except the start
   * of `and else for if in is not or` (a SyntaxWarning in CPython, which memkit does not print).
   */
  private verifyEndOfNumber(pos: number, kind: string): void {
    const src = this.src;
    const c = src.charCodeAt(pos);
    // Only ASCII letters, digits and `_` count here: `1é` is a number then a name.
    if (pos >= this.end || c >= 128 || !isIdentifierChar(c)) return;
    // tokenizer.c's lookahead(): the whole keyword, not followed by an identifier character;
    // for `if`/`in`/`is` only the two letters are checked.
    const word = (w: string): boolean =>
      src.startsWith(w, pos) &&
      (pos + w.length >= this.end || !isIdentifierChar(src.charCodeAt(pos + w.length)));
    const c2 = src.charCodeAt(pos + 1);
    const keywordFollows =
      word('and') ||
      word('else') ||
      word('for') ||
      word('or') ||
      word('not') ||
      (c === 105 && (c2 === 102 || c2 === 110 || c2 === 115));
    if (keywordFollows) {
      const warn = this.source.onWarning;
      if (warn !== null && !this.inRange) {
        const line = this.source.input === 'file' ? this.source.line(this.lineno) : null;
        warn(new PySyntaxWarning(`invalid ${kind} literal`, this.source.filename, this.lineno, line));
      }
      return;
    }
    throw this.errorAtCursor(`invalid ${kind} literal`, pos);
  }

  // -------------------------------------------------------------------------------------------
  // Operators

  private operator(start: number, c: number): Token {
    const src = this.src;
    // Never combine with a character past the end of an f-string field ("{a+=}" is "a+" then "=").
    const c2 = start + 1 < this.end ? src.charCodeAt(start + 1) : -1;
    const c3 = start + 2 < this.end ? src.charCodeAt(start + 2) : -1;
    let kind: TokenKind;
    let len = 1;
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: // {
        return this.openBracket(start, c);
      case 41: // )
      case 93: // ]
      case 125: // }
        return this.closeBracket(start, c);
      case 58: // :
        if (c2 === 61) [kind, len] = [Tok.ColonEqual, 2];
        else kind = Tok.Colon;
        break;
      case 44:
        kind = Tok.Comma;
        break;
      case 59:
        kind = Tok.Semi;
        break;
      case 43: // +
        if (c2 === 61) [kind, len] = [Tok.PlusEqual, 2];
        else kind = Tok.Plus;
        break;
      case 45: // -
        if (c2 === 61) [kind, len] = [Tok.MinEqual, 2];
        else if (c2 === 62) [kind, len] = [Tok.RArrow, 2];
        else kind = Tok.Minus;
        break;
      case 42: // *
        if (c2 === 42) {
          if (c3 === 61) [kind, len] = [Tok.DoubleStarEqual, 3];
          else [kind, len] = [Tok.DoubleStar, 2];
        } else if (c2 === 61) [kind, len] = [Tok.StarEqual, 2];
        else kind = Tok.Star;
        break;
      case 47: // /
        if (c2 === 47) {
          if (c3 === 61) [kind, len] = [Tok.DoubleSlashEqual, 3];
          else [kind, len] = [Tok.DoubleSlash, 2];
        } else if (c2 === 61) [kind, len] = [Tok.SlashEqual, 2];
        else kind = Tok.Slash;
        break;
      case 37: // %
        if (c2 === 61) [kind, len] = [Tok.PercentEqual, 2];
        else kind = Tok.Percent;
        break;
      case 124: // |
        if (c2 === 61) [kind, len] = [Tok.VBarEqual, 2];
        else kind = Tok.VBar;
        break;
      case 38: // &
        if (c2 === 61) [kind, len] = [Tok.AmperEqual, 2];
        else kind = Tok.Amper;
        break;
      case 94: // ^
        if (c2 === 61) [kind, len] = [Tok.CircumflexEqual, 2];
        else kind = Tok.Circumflex;
        break;
      case 126:
        kind = Tok.Tilde;
        break;
      case 64: // @
        if (c2 === 61) [kind, len] = [Tok.AtEqual, 2];
        else kind = Tok.At;
        break;
      case 61: // =
        if (c2 === 61) [kind, len] = [Tok.EqEqual, 2];
        else kind = Tok.Equal;
        break;
      case 33: // !
        if (c2 === 61) [kind, len] = [Tok.NotEqual, 2];
        else kind = Tok.ErrorToken;
        break;
      case 60: // <
        if (c2 === 60) {
          if (c3 === 61) [kind, len] = [Tok.LeftShiftEqual, 3];
          else [kind, len] = [Tok.LeftShift, 2];
        } else if (c2 === 61) [kind, len] = [Tok.LessEqual, 2];
        else if (c2 === 62)
          [kind, len] = [Tok.ErrorToken, 2]; // "<>" is only valid under barry_as_FLUFL
        else kind = Tok.Less;
        break;
      case 62: // >
        if (c2 === 62) {
          if (c3 === 61) [kind, len] = [Tok.RightShiftEqual, 3];
          else [kind, len] = [Tok.RightShift, 2];
        } else if (c2 === 61) [kind, len] = [Tok.GreaterEqual, 2];
        else kind = Tok.Greater;
        break;
      default: {
        const ch = String.fromCodePoint(src.codePointAt(start) ?? c);
        if (!isPrintable(ch)) {
          throw this.errorAtCursor(
            `invalid non-printable character U+${hex4(ch.codePointAt(0) ?? c)}`,
            start + 1,
          );
        }
        kind = Tok.ErrorToken;
        len = ch.length;
      }
    }
    this.pos = start + len;
    return this.make(kind, start, start + len);
  }

  private openBracket(start: number, c: number): Token {
    if (this.parenStack.length >= MAX_LEVEL)
      throw this.errorAtCursor('too many nested parentheses', start + 1);
    this.parenStack.push(c);
    this.parenLines.push(this.lineno);
    this.parenCols.push(this.byteCol(start));
    this.pos = start + 1;
    const kind = c === 40 ? Tok.LPar : c === 91 ? Tok.LSqb : Tok.LBrace;
    return this.make(kind, start, start + 1);
  }

  private closeBracket(start: number, c: number): Token {
    const ch = String.fromCharCode(c);
    // In an f-string field, the implicit "(" is not the tokenizer's to close.
    if (this.parenStack.length === (this.inRange ? 1 : 0)) {
      throw this.errorAtCursor(`unmatched '${ch}'`, start + 1);
    }
    const opening = this.parenStack.pop() ?? 0;
    const openLine = this.parenLines.pop() ?? 0;
    this.parenCols.pop();
    const matches =
      (opening === 40 && c === 41) || (opening === 91 && c === 93) || (opening === 123 && c === 125);
    if (!matches) {
      const open = String.fromCharCode(opening);
      const msg =
        openLine !== this.lineno
          ? `closing parenthesis '${ch}' does not match opening parenthesis '${open}' on line ${openLine}`
          : `closing parenthesis '${ch}' does not match opening parenthesis '${open}'`;
      throw this.errorAtCursor(msg, start + 1);
    }
    this.pos = start + 1;
    const kind = c === 41 ? Tok.RPar : c === 93 ? Tok.RSqb : Tok.RBrace;
    return this.make(kind, start, start + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Positions and errors

  private make(kind: TokenKind, start: number, end: number, text?: string): Token {
    const col = this.byteCol(start);
    const endCol = this.byteCol(end);
    return new Token(
      kind,
      text ?? this.src.slice(start, end),
      start,
      end,
      this.lineno,
      col,
      this.lineno,
      endCol,
      this.parenStack.length,
    );
  }

  /** UTF-8 byte column of `pos` on the current line. */
  private byteCol(pos: number): number {
    if (this.source.ascii) return pos - this.lineStart;
    return this.byteColFrom(this.lineStart, pos);
  }

  private byteColFrom(lineStart: number, pos: number): number {
    if (this.source.ascii) return pos - lineStart;
    let from = lineStart;
    let bytes = 0;
    if (this.cacheLineStart === lineStart && this.cachePos <= pos) {
      from = this.cachePos;
      bytes = this.cacheBytes;
    }
    const src = this.src;
    for (let i = from; i < pos; i++) {
      const c = src.charCodeAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    }
    this.cacheLineStart = lineStart;
    this.cachePos = pos;
    this.cacheBytes = bytes;
    return bytes;
  }

  /** Number of characters (code points) from the current line's start to `pos`. */
  private charsFromLineStart(pos: number): number {
    let n = 0;
    const src = this.src;
    for (let i = this.lineStart; i < pos; i++) {
      const c = src.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > this.lineStart) {
        const prev = src.charCodeAt(i - 1);
        if (prev >= 0xd800 && prev <= 0xdbff) continue;
      }
      n++;
    }
    return n;
  }

  /**
   * A tokenizer SyntaxError as tokenizer.c's `syntaxerror()` builds it: the offset counts the
   * characters from the line start up to the cursor, so the caret sits on the character just
   * before it; the text is the line without its newline.
   */
  private errorAtCursor(msg: string, cursor: number): PySyntaxError {
    const offset = this.charsFromLineStart(cursor);
    return this.raise('SyntaxError', msg, this.lineno, offset, offset, 'raised', false);
  }

  /** Errors the parser raises from a tokenizer state (tokenizer_error in pegen_errors.c). */
  private stateError(msg: string, cursor: number, what: 'line' | 'eof' | 'eof-in-line'): PySyntaxError {
    if (what === 'eof-in-line') {
      const line = this.source.line(this.lineno);
      return this.raise(
        'SyntaxError',
        msg,
        this.lineno,
        this.source.reportedOffset(line, utf8Length(line)),
        -1,
        'state',
      );
    }
    if (what === 'eof') {
      // At end of a file CPython's tokenizer buffer is empty: column 0; in a string, the
      // tokenizer stands past the line.
      const offset =
        this.source.input === 'file'
          ? 0
          : this.source.reportedOffset(
              this.source.line(this.lineno),
              utf8Length(this.source.line(this.lineno)),
            );
      return this.raise('SyntaxError', msg, this.lineno, offset, -1, 'state');
    }
    // CPython counts from its buffer's start: the logical line's first line for a file, the
    // whole source for a string.
    const bufStart = this.source.input === 'file' ? this.bufStart : 0;
    const offset = this.source.reportedOffset(
      this.source.line(this.lineno),
      this.source.byteCol(bufStart, cursor),
    );
    return this.raise('SyntaxError', msg, this.lineno, offset, 0, 'state');
  }

  private tabError(): PySyntaxError {
    return this.raise(
      'TabError',
      'inconsistent use of tabs and spaces in indentation',
      this.lineno,
      1,
      0,
      'state',
    );
  }

  private raise(
    type: SyntaxErrorType,
    msg: string,
    lineno: number,
    offset: number,
    endOffset: number,
    origin: SyntaxErrorOrigin,
    withNewline = true,
  ): PySyntaxError {
    return new PySyntaxError({
      type,
      msg,
      filename: this.source.filename,
      lineno,
      offset,
      endLineno: lineno,
      endOffset,
      text: this.source.line(lineno, withNewline),
      origin,
    });
  }
}

/** All tokens of `source`, ENDMARKER included. Throws a PySyntaxError on bad input. */
export function tokenize(source: SourceText, options: TokenizerOptions = {}): Token[] {
  const tokenizer = new Tokenizer(source, options);
  const tokens: Token[] = [];
  for (;;) {
    const token = tokenizer.next();
    tokens.push(token);
    if (token.kind === Tok.EndMarker) return tokens;
  }
}
