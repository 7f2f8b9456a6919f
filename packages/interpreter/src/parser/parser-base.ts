import type { Located } from './ast';
import type { SourceText } from './source-text';
import type { SyntaxErrorOrigin, SyntaxErrorType } from './syntax-error';
import { byteOffsetToCharOffset, PySyntaxError } from './syntax-error';
import type { Token, TokenKind } from './token';
import { Tok } from './token';

/** Where the parser pulls tokens from: the file's tokenizer, or an f-string field's. */
export interface TokenSource {
  next(): Token;
}

/** A syntax error found while speculating: cheap, never shown, always caught. */
class SpeculationFailed extends Error {}
const SPECULATION_FAILED = new SpeculationFailed('speculation failed');

/**
 * Token stream and error reporting shared by the expression and statement parsers.
 *
 * Errors mirror CPython's pegen: the generic "invalid syntax" points at the last token read
 * (`_PyPegen_set_syntax_error`), after which the rest of the source is tokenized so that a
 * tokenizer error (bad string, unclosed bracket) takes precedence as in
 * `_PyPegen_tokenize_full_source_to_check_for_errors`. The specific messages CPython's second,
 * "invalid rules" pass produces are raised where this parser detects the same situation; when a
 * rule needs to look at the input a second way, the parser re-reads it speculatively (`attempt`),
 * which only ever happens on an error path or for a rare construct.
 */
export class ParserBase {
  protected readonly source: SourceText;
  protected readonly src: string;
  private readonly lexer: TokenSource;
  /**
   * Tokens read and not yet dropped: `tokens[i]` is token number `base + i`. Statements drop the
   * tokens before them (`dropConsumed`), so a large file is never held as one token array.
   */
  private tokens: Token[] = [];
  private base = 0;
  /** Number (absolute index) of the current token. */
  protected pos = 0;
  /** Nesting of `attempt` and `probe`: tokens must be kept while a rewind is possible. */
  private speculating = 0;
  /** The current (next unconsumed) token. */
  protected tok: Token;
  /** The last consumed token other than NEWLINE/INDENT/DEDENT: where a node ends (pegen's EXTRA). */
  protected prev: Token;
  /** False while speculating: CPython's `call_invalid_rules` off. */
  protected invalidRules = true;
  /** True while speculating: a syntax error is a cheap failure, not a report. */
  protected quiet = false;
  /** Refused constructs noted so far (speculation drops those it rewinds past). */
  private deferred: PySyntaxError[] = [];
  /** Nesting of `probe`: what it reads does not count as reached by the first pass. */
  private errorPath = 0;
  /**
   * Furthest token the first pass looked at, whose position pegen gives a generic error (its
   * `p->tokens[p->fill - 1]`), even when the alternative that read it was abandoned.
   */
  private reached = 0;

  constructor(source: SourceText, lexer: TokenSource) {
    this.source = source;
    this.src = source.text;
    this.lexer = lexer;
    const first = lexer.next();
    this.tokens.push(first);
    this.tok = first;
    this.prev = first;
  }

  // -------------------------------------------------------------------------------------------
  // Token stream

  protected advance(): Token {
    const t = this.tok;
    const k = t.kind;
    if (k !== Tok.Newline && k !== Tok.Indent && k !== Tok.Dedent && k !== Tok.EndMarker) this.prev = t;
    const pos = ++this.pos;
    const next = pos - this.base;
    if (next === this.tokens.length) this.tokens.push(this.lexer.next());
    this.tok = this.tokens[next];
    if (pos > this.reached && this.errorPath === 0) this.reached = pos;
    return t;
  }

  /** The token `k` places ahead of the current one. */
  protected peek(k: number): Token {
    return this.tokenAt(this.pos + k);
  }

  /** Forgets the tokens before the current one, unless a speculation may still rewind to them. */
  protected dropConsumed(): void {
    const consumed = this.pos - this.base;
    if (consumed < 256 || this.speculating > 0) return;
    this.tokens = this.tokens.slice(consumed);
    this.base = this.pos;
  }

  protected expect(kind: TokenKind): Token {
    if (this.tok.kind !== kind) this.failGeneric();
    return this.advance();
  }

  /** pegen's forced token (`&&':'`): a missing one is "expected ':'" right there. */
  protected expectForced(kind: TokenKind, text: string): Token {
    if (this.tok.kind !== kind) throw this.errorAtToken(this.tok, `expected '${text}'`);
    return this.advance();
  }

  /**
   * Runs `parse` as a first-pass PEG alternative (quiet, no invalid rules): on a syntax error or
   * a null result, rewinds and returns null; otherwise the tokens stay consumed unless `rewind`
   * is set. Tokens it looks at count as reached (see failGeneric).
   */
  protected attempt<T>(parse: () => T, rewind = false): T | null {
    const mark = this.pos;
    const prev = this.prev;
    const invalidRules = this.invalidRules;
    const quiet = this.quiet;
    const deferred = this.deferred.length;
    this.invalidRules = false;
    this.quiet = true;
    this.speculating++;
    try {
      const result = parse();
      if (rewind || result === null) {
        this.rewind(mark, prev);
        this.deferred.length = deferred;
      }
      return result;
    } catch (e) {
      if (e !== SPECULATION_FAILED && !(e instanceof PySyntaxError && e.origin === 'parser')) throw e;
      this.rewind(mark, prev);
      this.deferred.length = deferred;
      return null;
    } finally {
      this.invalidRules = invalidRules;
      this.quiet = quiet;
      this.speculating--;
    }
  }

  /**
   * Runs `parse` from token index `at` as one of CPython's invalid rules reads the input: its
   * nested invalid rules stay on unless `invalidRules` is false (`expression_without_invalid`)
   * and their specific errors are thrown, while a plain failure only returns null. The position
   * is always restored, and nothing read here counts as reached by the first pass.
   */
  protected probe<T>(parse: () => T | null, at = this.pos, invalidRules = true): T | null {
    const pos = this.pos;
    const prev = this.prev;
    const savedInvalidRules = this.invalidRules;
    const quiet = this.quiet;
    const deferred = this.deferred.length;
    this.rewindTo(at);
    this.invalidRules = invalidRules && savedInvalidRules;
    this.quiet = true;
    this.speculating++;
    this.errorPath++;
    try {
      return parse();
    } catch (e) {
      if (e === SPECULATION_FAILED) return null;
      if (!this.invalidRules && e instanceof PySyntaxError && e.origin === 'parser') return null;
      throw e;
    } finally {
      this.invalidRules = savedInvalidRules;
      this.quiet = quiet;
      this.speculating--;
      this.errorPath--;
      this.rewind(pos, prev);
      this.deferred.length = deferred;
    }
  }

  /**
   * Runs `parse`; when failing quietly, rewinds and returns null instead, as a PEG alternative
   * that does not match (so `f[x y` can be read as just `f`).
   */
  protected backtrackable<T>(parse: () => T): T | null {
    if (!this.quiet) return parse();
    const mark = this.pos;
    const prev = this.prev;
    const deferred = this.deferred.length;
    try {
      return parse();
    } catch (e) {
      if (e !== SPECULATION_FAILED) throw e;
      this.rewind(mark, prev);
      this.deferred.length = deferred;
      return null;
    }
  }

  /** The line of the furthest token read: where CPython's tokenizer stands. */
  private reachedLine(): number {
    return this.tokens[this.tokens.length - 1].endLineno;
  }

  /** Index of the current token, for `probe` and `tokenAt`. */
  protected get mark(): number {
    return this.pos;
  }

  /** Token number `index` (absolute), reading ahead as needed. */
  protected tokenAt(index: number): Token {
    if (index > this.reached && this.errorPath === 0) this.reached = index;
    const i = index - this.base;
    while (this.tokens.length <= i) this.tokens.push(this.lexer.next());
    return this.tokens[i];
  }

  protected rewindTo(mark: number): void {
    this.pos = mark;
    this.tok = this.tokens[mark - this.base];
  }

  private rewind(mark: number, prev: Token): void {
    this.pos = mark;
    this.tok = this.tokens[mark - this.base];
    this.prev = prev;
  }

  // -------------------------------------------------------------------------------------------
  // Errors

  /**
   * The generic error: "invalid syntax" at the current token, or "unexpected indent/unindent"
   * when that token is an INDENT/DEDENT (`_PyPegen_set_syntax_error`).
   */
  protected failGeneric(): never {
    if (this.quiet) throw SPECULATION_FAILED;
    // pegen reports where its first pass got furthest, which may be inside an alternative it
    // abandoned (`with (a as b c as d):` fails at the second `as`).
    const t = this.reached > this.pos ? this.tokenAt(this.reached) : this.tok;
    if (t.kind === Tok.Indent || t.kind === Tok.Dedent) {
      const error = this.errorNoLocation(
        t.kind === Tok.Indent ? 'unexpected indent' : 'unexpected unindent',
        'IndentationError',
      );
      throw withOrigin(error, 'indent');
    }
    throw this.errorAtToken(t, 'invalid syntax');
  }

  /**
   * After a parser error, tokenize to the end: a tokenizer error there replaces it, as in
   * `_PyPegen_tokenize_full_source_to_check_for_errors` (see SyntaxErrorOrigin).
   */
  protected checkRestOfSource(error: PySyntaxError): PySyntaxError {
    if (error.origin !== 'parser' || error.code === 'MEMKIT_UNSUPPORTED_SYNTAX') return error;
    const reachedLine = this.reachedLine();
    try {
      for (let t = this.lexer.next(); t.kind !== Tok.EndMarker; t = this.lexer.next()) {
        // Only looking for errors.
      }
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
      if (e.origin === 'raised') return e;
      if (e.origin === 'unclosed' && reachedLine > e.lineno) return e;
    }
    return error;
  }

  /** Fails the current parse: an error (normal mode) or a cheap rewind (speculating). */
  protected fail(error: () => PySyntaxError): never {
    if (!this.invalidRules && this.quiet) throw SPECULATION_FAILED;
    throw error();
  }

  /**
   * An error at a known range, as pegen's RAISE_ERROR_KNOWN_LOCATION: 0-based byte columns in,
   * 1-based offsets out (bytes for a file, characters for a string; see SourceInput).
   */
  protected errorAt(
    msg: string,
    lineno: number,
    col: number,
    endLineno: number,
    endCol: number,
    type: SyntaxErrorType = 'SyntaxError',
  ): PySyntaxError {
    const source = this.source;
    const text = source.errorText(lineno, this.reachedLine());
    return new PySyntaxError({
      type,
      msg,
      filename: source.filename,
      lineno,
      offset: source.reportedOffset(text, col + 1),
      endLineno,
      endOffset: source.reportedOffset(text, endCol + 1),
      text,
    });
  }

  /** RAISE_SYNTAX_ERROR_KNOWN_LOCATION on a token (INDENT/DEDENT/ENDMARKER have no column). */
  protected errorAtToken(t: Token, msg: string, type: SyntaxErrorType = 'SyntaxError'): PySyntaxError {
    if (isColumnless(t)) return this.errorAt(msg, t.lineno, -1, t.endLineno, -1, type);
    return this.errorAt(msg, t.lineno, t.col, t.endLineno, t.endCol, type);
  }

  /** RAISE_SYNTAX_ERROR_KNOWN_LOCATION / _KNOWN_RANGE on nodes. */
  protected errorAtNodes(msg: string, a: Located, b: Located = a): PySyntaxError {
    return this.errorAt(msg, a.lineno, a.col_offset, b.end_lineno, b.end_col_offset);
  }

  /** RAISE_SYNTAX_ERROR_STARTING_FROM: from (lineno, col) to the end of `last`, the last token read. */
  protected errorFrom(msg: string, last: Token, lineno: number, col: number): PySyntaxError {
    return this.errorAt(msg, lineno, col, last.endLineno, last.endCol - 1);
  }

  /**
   * RAISE_SYNTAX_ERROR / RAISE_INDENTATION_ERROR: at the last token read; one without a column
   * (INDENT, DEDENT, ENDMARKER) is placed where the tokenizer stands, without the usual +1.
   */
  protected errorNoLocation(msg: string, type: SyntaxErrorType = 'SyntaxError'): PySyntaxError {
    const t = this.tok;
    const source = this.source;
    if (isColumnless(t)) {
      const text = source.errorText(t.lineno, this.reachedLine());
      return new PySyntaxError({
        type,
        msg,
        filename: source.filename,
        lineno: t.lineno,
        offset: source.reportedOffset(text, t.col),
        endLineno: t.endLineno,
        endOffset: -1,
        text,
      });
    }
    return this.errorAt(msg, t.lineno, t.col, t.endLineno, t.endCol, type);
  }

  /** An error shown on a text other than the source line (an f-string field's buffer). */
  protected fieldError(
    msg: string,
    type: SyntaxErrorType,
    lineno: number,
    text: string,
    offsetBytes: number,
    endLineno: number,
    endOffsetBytes: number,
  ): PySyntaxError {
    return new PySyntaxError({
      type,
      msg,
      filename: this.source.filename,
      lineno,
      offset: offsetBytes > 0 ? byteOffsetToCharOffset(text, offsetBytes) : offsetBytes,
      endLineno,
      endOffset: endOffsetBytes > 0 ? byteOffsetToCharOffset(text, endOffsetBytes) : endOffsetBytes,
      text,
    });
  }

  /**
   * Notes a construct memkit refuses, at `t`; parsing goes on, so that a real syntax error
   * anywhere in the file is still reported first, as CPython would (it accepts the construct).
   * `unsupportedFound()` lists them once the whole input has parsed.
   */
  protected unsupported(t: Token, what: string): void {
    const error = this.errorAtToken(t, `memkit does not support ${what}`);
    this.deferred.push(new PySyntaxError({ ...error, unsupported: true }));
  }

  /** The refused constructs noted (see `unsupported`), in the order met. */
  protected unsupportedFound(): PySyntaxError[] {
    return this.deferred;
  }
}

function withOrigin(e: PySyntaxError, origin: SyntaxErrorOrigin): PySyntaxError {
  return new PySyntaxError({ ...e, origin, unsupported: e.code === 'MEMKIT_UNSUPPORTED_SYNTAX' });
}

function isColumnless(t: Token): boolean {
  return t.kind === Tok.Indent || t.kind === Tok.Dedent || t.kind === Tok.EndMarker;
}
