import type {
  Alias,
  AnnAssign,
  Assign,
  AugAssign,
  ClassDef,
  ExceptHandler,
  ExprNode,
  For,
  FunctionDef,
  If,
  ImportFrom,
  Keyword,
  Module,
  Operator,
  StmtNode,
  Try,
  While,
  With,
  WithItem,
} from './ast';
import { ExpressionParser } from './expression-parser';
import type { SourceInput } from './source-text';
import { SourceText } from './source-text';
import { PySyntaxError } from './syntax-error';
import type { PySyntaxWarning } from './syntax-warning';
import { exprName, invalidTarget, setContext } from './targets';
import type { Token, TokenKind } from './token';
import { Tok } from './token';
import { Tokenizer } from './tokenizer';

/** Options of {@link parse}. */
export interface ParseOptions {
  /**
   * `'file'` (default) reports syntax errors as `python3 script.py` does; `'string'` as
   * `compile()` and `exec()` of a str do (they differ in error columns only).
   */
  input?: SourceInput;
  /**
   * Receives each SyntaxWarning as the tokenizer finds it, in CPython's order (before any
   * syntax error is raised); `warning.format()` is what CPython prints on stderr.
   */
  onWarning?: (warning: PySyntaxWarning) => void;
}

/**
 * Parses a Python 3.11 module into CPython's AST, or throws the PySyntaxError CPython would
 * raise (see `PySyntaxError.format()` for its stderr text). Constructs memkit does not run
 * (`async`, `await`, `match`, `except*`) are refused with a PySyntaxError naming them
 * (`code === 'MEMKIT_UNSUPPORTED_SYNTAX'`).
 */
export function parse(source: string, filename: string, options: ParseOptions = {}): Module {
  const input = options.input ?? 'file';
  const nul = input === 'file' ? source.indexOf('\0') : -1;
  if (nul >= 0) throw nullBytesError(source, nul, filename, options);
  const text = new SourceText(source, filename, input, options.onWarning ?? null);
  return new Parser(text).parseModule();
}

/**
 * A script holding a NUL byte: CPython's tokenizer refuses the line as it reads it ("source code
 * cannot contain null bytes", the line's text up to the NUL, no caret), so only a tokenizer
 * error on an earlier line is reported instead — a parser error anywhere is replaced, as the
 * rest of the source is tokenized to look for such errors.
 */
function nullBytesError(source: string, nul: number, filename: string, options: ParseOptions): PySyntaxError {
  const before = source.slice(0, nul);
  const breaks = [...before.matchAll(/\r\n|\r|\n/g)];
  const lineno = breaks.length + 1;
  const last = breaks[breaks.length - 1];
  const lineStart = last === undefined ? 0 : (last.index ?? 0) + last[0].length;
  try {
    parse(source.slice(0, lineStart), filename, options);
  } catch (error) {
    if (error instanceof PySyntaxError && error.origin === 'raised') return error;
  }
  return new PySyntaxError({
    type: 'SyntaxError',
    msg: 'source code cannot contain null bytes',
    filename,
    lineno,
    offset: 0,
    endLineno: lineno,
    endOffset: 0,
    text: source.slice(lineStart, nul),
    origin: 'raised',
  });
}

const AUGMENTED: Partial<Record<TokenKind, Operator>> = {
  [Tok.PlusEqual]: 'Add',
  [Tok.MinEqual]: 'Sub',
  [Tok.StarEqual]: 'Mult',
  [Tok.AtEqual]: 'MatMult',
  [Tok.SlashEqual]: 'Div',
  [Tok.PercentEqual]: 'Mod',
  [Tok.AmperEqual]: 'BitAnd',
  [Tok.VBarEqual]: 'BitOr',
  [Tok.CircumflexEqual]: 'BitXor',
  [Tok.LeftShiftEqual]: 'LShift',
  [Tok.RightShiftEqual]: 'RShift',
  [Tok.DoubleStarEqual]: 'Pow',
  [Tok.DoubleSlashEqual]: 'FloorDiv',
};

/** Statements, after the statement rules of CPython 3.11's grammar. */
class Parser extends ExpressionParser {
  constructor(source: SourceText) {
    super(source, new Tokenizer(source));
  }

  parseModule(): Module {
    const body: StmtNode[] = [];
    try {
      while (this.tok.kind !== Tok.EndMarker) this.parseStatement(body);
    } catch (e) {
      if (e instanceof PySyntaxError) throw this.checkRestOfSource(e);
      throw e;
    }
    // Refused constructs are reported only for an otherwise valid file, as CPython would
    // report any syntax error in it first.
    const refused = this.unsupportedFound();
    if (refused.length > 0) throw refused[0];
    return { nodeType: 'Module', body };
  }

  /** One statement line (several simple statements may share it), appended to `out`. */
  private parseStatement(out: StmtNode[]): void {
    this.dropConsumed();
    const t = this.tok;
    switch (t.kind) {
      case Tok.Def:
        out.push(this.parseFunctionDef([]));
        return;
      case Tok.Class:
        out.push(this.parseClassDef([]));
        return;
      case Tok.At:
        out.push(this.parseDecorated());
        return;
      case Tok.If:
        out.push(this.parseIf());
        return;
      case Tok.While:
        out.push(this.parseWhile());
        return;
      case Tok.For:
        out.push(this.parseFor());
        return;
      case Tok.Try:
        out.push(this.parseTry());
        return;
      case Tok.With:
        out.push(this.parseWith());
        return;
      case Tok.Async:
        // Noted as refused, then read as the plain statement.
        this.refuseAsync();
        this.parseStatement(out);
        return;
      case Tok.Name:
        if (t.text === 'match' && this.isMatchStatement()) {
          this.unsupported(t, "'match' statements");
          this.skipMatchStatement();
          return;
        }
        break;
    }
    this.parseSimpleStatements(out);
  }

  /** Notes `async def/for/with` as refused and consumes the `async`; anything else is an error. */
  private refuseAsync(): void {
    const next = this.peek(1).kind;
    if (next === Tok.Def) this.unsupported(this.tok, "'async def' functions");
    else if (next === Tok.For) this.unsupported(this.tok, "'async for' loops");
    else if (next === Tok.With) this.unsupported(this.tok, "'async with' statements");
    else this.failGeneric();
    this.advance();
  }

  /**
   * Consumes a match statement without reading its patterns (memkit refuses it anyway): its
   * header line, then its indented block.
   */
  private skipMatchStatement(): void {
    const line = this.tok.lineno;
    while (this.tok.kind !== Tok.Newline) this.advance();
    this.advance();
    if (this.tok.kind !== Tok.Indent) {
      const msg = `expected an indented block after 'match' statement on line ${line}`;
      this.fail(() => this.errorNoLocation(msg, 'IndentationError'));
    }
    let depth = 0;
    do {
      const kind = this.advance().kind;
      if (kind === Tok.Indent) depth++;
      else if (kind === Tok.Dedent) depth--;
    } while (depth > 0);
  }

  /** `match subject:` followed by a new line: the soft keyword starts a match statement. */
  private isMatchStatement(): boolean {
    const result = this.attempt(() => {
      this.advance();
      this.parseStarNamedExpression();
      while (this.tok.kind === Tok.Comma) {
        this.advance();
        if (this.tok.kind === Tok.Colon) break;
        this.parseStarNamedExpression();
      }
      return this.tok.kind === Tok.Colon && this.peek(1).kind === Tok.Newline;
    }, true);
    return result === true;
  }

  /**
   * A block after a compound statement's colon: an indented suite, or simple statements on the
   * same line. `what` and `lineno` word CPython's IndentationError when the suite is missing.
   */
  private parseBlock(what: string, lineno: number): StmtNode[] {
    const body: StmtNode[] = [];
    if (this.tok.kind !== Tok.Newline) {
      this.parseSimpleStatements(body);
      return body;
    }
    this.advance();
    if (this.tok.kind !== Tok.Indent) {
      this.fail(() =>
        this.errorNoLocation(
          `expected an indented block after ${what} on line ${lineno}`,
          'IndentationError',
        ),
      );
    }
    this.advance();
    while (this.tok.kind !== Tok.Dedent) this.parseStatement(body);
    this.advance();
    return body;
  }

  /** A compound statement's colon; a newline instead is CPython's "expected ':'". */
  private expectColon(): void {
    if (this.tok.kind === Tok.Colon) {
      this.advance();
      return;
    }
    if (this.tok.kind === Tok.Newline) this.fail(() => this.errorNoLocation("expected ':'"));
    this.failGeneric();
  }

  // -------------------------------------------------------------------------------------------
  // Simple statements

  private parseSimpleStatements(out: StmtNode[]): void {
    for (;;) {
      out.push(this.parseSimpleStatement());
      if (this.tok.kind !== Tok.Semi) break;
      this.advance();
      if (this.tok.kind === Tok.Newline) break;
    }
    if (this.tok.kind !== Tok.Newline) this.failGeneric();
    this.advance();
  }

  private parseSimpleStatement(): StmtNode {
    const s = this.tok;
    switch (s.kind) {
      case Tok.Pass:
        this.advance();
        return {
          nodeType: 'Pass',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      case Tok.Break:
        this.advance();
        return {
          nodeType: 'Break',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      case Tok.Continue:
        this.advance();
        return {
          nodeType: 'Continue',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      case Tok.Return: {
        this.advance();
        const value = this.startsValue() ? this.parseStarExpressions() : null;
        return {
          nodeType: 'Return',
          value,
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.Raise: {
        this.advance();
        let exc: ExprNode | null = null;
        let cause: ExprNode | null = null;
        if (this.startsValue()) {
          exc = this.parseExpression();
          if (this.tok.kind === Tok.From) {
            this.advance();
            cause = this.parseExpression();
          }
        }
        return {
          nodeType: 'Raise',
          exc,
          cause,
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.Global:
      case Tok.Nonlocal: {
        this.advance();
        const names = [this.parseName()];
        while (this.tok.kind === Tok.Comma) {
          this.advance();
          names.push(this.parseName());
        }
        return s.kind === Tok.Global
          ? {
              nodeType: 'Global',
              names,
              lineno: s.lineno,
              col_offset: s.col,
              end_lineno: this.prev.endLineno,
              end_col_offset: this.prev.endCol,
            }
          : {
              nodeType: 'Nonlocal',
              names,
              lineno: s.lineno,
              col_offset: s.col,
              end_lineno: this.prev.endLineno,
              end_col_offset: this.prev.endCol,
            };
      }
      case Tok.Del:
        return this.parseDel();
      case Tok.Assert: {
        this.advance();
        const test = this.parseExpression();
        let msg: ExprNode | null = null;
        if (this.tok.kind === Tok.Comma) {
          this.advance();
          msg = this.parseExpression();
        }
        return {
          nodeType: 'Assert',
          test,
          msg,
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.Import:
        return this.parseImport();
      case Tok.From:
        return this.parseImportFrom();
      default:
        return this.parseExpressionStatement();
    }
  }

  /** True when the current token can start the optional value of `return`, `raise`, `yield`. */
  private startsValue(): boolean {
    const k = this.tok.kind;
    return k !== Tok.Newline && k !== Tok.Semi && k !== Tok.EndMarker;
  }

  private parseName(): string {
    if (this.tok.kind !== Tok.Name) this.failGeneric();
    return this.identifier(this.advance());
  }

  /**
   * `del` with its targets read as CPython's `del_targets` (names, attributes, subscripts,
   * bracketed lists of them); anything else is reported as `invalid_del_stmt` does, naming the
   * first part of the text read as expressions that cannot be deleted.
   */
  private parseDel(): StmtNode {
    const s = this.advance();
    const mark = this.mark;
    const targets = this.attempt(() => this.parseDelTargets());
    if (targets === null || targets.some((target) => invalidTarget(target, 'del') !== null)) {
      if (this.invalidRules) {
        const asExpressions = this.probe(() => this.parseStarExpressions(), mark);
        const invalid = asExpressions === null ? null : invalidTarget(asExpressions, 'del');
        if (invalid !== null) throw this.errorAtNodes(`cannot delete ${exprName(invalid)}`, invalid);
      }
      if (targets === null) this.parseDelTargets();
      this.failGeneric();
    }
    for (const target of targets) setContext(target, 'Del');
    return {
      nodeType: 'Delete',
      targets,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `del_targets` followed by the end of the statement; null where that is not what follows. */
  private parseDelTargets(): ExprNode[] | null {
    const targets: ExprNode[] = [];
    for (;;) {
      targets.push(this.parseStarTarget());
      if (this.tok.kind !== Tok.Comma) break;
      this.advance();
      const k = this.tok.kind;
      if (k === Tok.Newline || k === Tok.Semi) break;
    }
    const k = this.tok.kind;
    return k === Tok.Newline || k === Tok.Semi ? targets : null;
  }

  private parseImport(): StmtNode {
    const s = this.advance();
    const names: Alias[] = [];
    for (;;) {
      const start = this.tok;
      const name = this.parseDottedName();
      let asname: string | null = null;
      if (this.tok.kind === Tok.As) {
        this.advance();
        asname = this.parseName();
      }
      names.push({
        nodeType: 'alias',
        name,
        asname,
        lineno: start.lineno,
        col_offset: start.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      });
      if (this.tok.kind !== Tok.Comma) break;
      this.advance();
    }
    return {
      nodeType: 'Import',
      names,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseDottedName(): string {
    let name = this.parseName();
    while (this.tok.kind === Tok.Dot) {
      this.advance();
      name += `.${this.parseName()}`;
    }
    return name;
  }

  private parseImportFrom(): ImportFrom {
    const s = this.advance();
    let level = 0;
    for (;;) {
      if (this.tok.kind === Tok.Dot) level += 1;
      else if (this.tok.kind === Tok.Ellipsis) level += 3;
      else break;
      this.advance();
    }
    const module = this.tok.kind === Tok.Name || level === 0 ? this.parseDottedName() : null;
    this.expect(Tok.Import);
    const names: Alias[] = [];
    if (this.tok.kind === Tok.Star) {
      const star = this.advance();
      names.push({
        nodeType: 'alias',
        name: '*',
        asname: null,
        lineno: star.lineno,
        col_offset: star.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      });
    } else {
      const parenthesized = this.tok.kind === Tok.LPar;
      if (parenthesized) this.advance();
      for (;;) {
        const start = this.tok;
        const name = this.parseName();
        let asname: string | null = null;
        if (this.tok.kind === Tok.As) {
          this.advance();
          asname = this.parseName();
        }
        names.push({
          nodeType: 'alias',
          name,
          asname,
          lineno: start.lineno,
          col_offset: start.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        });
        if (this.tok.kind !== Tok.Comma) break;
        this.advance();
        if (parenthesized && this.tok.kind === Tok.RPar) break;
        if (!parenthesized && this.tok.kind === Tok.Newline) {
          this.fail(() => this.errorNoLocation('trailing comma not allowed without surrounding parentheses'));
        }
      }
      if (parenthesized) this.expect(Tok.RPar);
    }
    return {
      nodeType: 'ImportFrom',
      module,
      names,
      level,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Expression statements and assignments

  private parseExpressionStatement(): StmtNode {
    const s = this.tok;
    const mark = this.mark;
    const lhs = s.kind === Tok.Yield ? this.parseYield() : this.parseStarExpressions();
    const kind = this.tok.kind;
    if (kind === Tok.Equal) return this.parseAssign(s, mark, lhs);
    if (kind === Tok.ColonEqual && this.invalidRules) {
      // invalid_assignment reads the statement's items as named expressions: `a.b := 1`.
      const unparenthesized = lhs.nodeType === 'Tuple' && lhs.col_offset === lhs.elts[0]?.col_offset;
      const item = unparenthesized ? lhs.elts[lhs.elts.length - 1] : lhs;
      if (item.nodeType !== 'Name') this.checkWalrusTarget(item);
    }
    if (kind === Tok.Colon) {
      // Only a name, attribute or subscript takes an annotation; for anything else CPython's
      // first pass stops at the colon, and its invalid rules speak only if an annotation follows.
      const target = lhs.nodeType === 'Name' || lhs.nodeType === 'Attribute' || lhs.nodeType === 'Subscript';
      const annotated =
        target ||
        this.probe(() => {
          this.advance();
          return this.parseExpression();
        }) !== null;
      if (!annotated) this.failGeneric();
      return this.parseAnnAssign(s, lhs);
    }
    const op = AUGMENTED[kind];
    if (op !== undefined) return this.parseAugAssign(s, lhs, op);
    return {
      nodeType: 'Expr',
      value: lhs,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseRightHandSide(): ExprNode {
    return this.tok.kind === Tok.Yield ? this.parseYield() : this.parseStarExpressions();
  }

  /** `a = b = value`, with CPython's messages for what cannot be assigned to. */
  private parseAssign(s: Token, mark: number, lhs: ExprNode): Assign {
    const targets = [lhs];
    let value: ExprNode;
    for (;;) {
      // At each `=`, the target before it must be assignable (CPython's invalid_assignment
      // speaks as soon as it sees `target =`, whatever follows).
      const target = targets[targets.length - 1];
      const isYield = target.nodeType === 'Yield' || target.nodeType === 'YieldFrom';
      const invalid = isYield ? target : invalidTarget(target, 'star');
      if (invalid !== null) this.reportInvalidAssignment(mark, lhs, invalid, isYield);
      this.advance();
      value = this.parseRightHandSide();
      if (this.tok.kind !== Tok.Equal) break;
      targets.push(value);
    }
    for (const target of targets) setContext(target, 'Store');
    return {
      nodeType: 'Assign',
      targets,
      value,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /**
   * CPython's invalid_assignment for `… = <bad target> =`: first the statement's first target is
   * read as named expressions, so `x = 1` at its end is reported as a mistaken `==`; then the
   * first part of the bad target that cannot be assigned to is named.
   */
  private reportInvalidAssignment(mark: number, first: ExprNode, invalid: ExprNode, isYield: boolean): never {
    if (this.invalidRules) {
      const itemMark = this.lastItemMark(mark, first);
      this.probe(() => {
        const e = this.parseExpression();
        if (this.tok.kind === Tok.Equal) this.checkMistakenAssignment(itemMark, e);
        return null;
      }, itemMark);
    }
    if (isYield)
      return this.fail(() => this.errorAtNodes('assignment to yield expression not possible', invalid));
    return this.fail(() => this.errorAtNodes(`cannot assign to ${exprName(invalid)}`, invalid));
  }

  /** Token index where the last item of an unparenthesized tuple target starts (else `mark`). */
  private lastItemMark(mark: number, first: ExprNode): number {
    if (first.nodeType !== 'Tuple' || first.elts.length < 2) return mark;
    if (first.col_offset !== first.elts[0].col_offset || first.lineno !== first.elts[0].lineno) return mark;
    const last = first.elts[first.elts.length - 1];
    for (let i = mark; ; i++) {
      const t = this.tokenAt(i);
      if (t.kind === Tok.EndMarker || t.lineno > last.lineno) return mark;
      if (t.lineno === last.lineno && t.col === last.col_offset) return i;
    }
  }

  private parseAnnAssign(s: Token, lhs: ExprNode): AnnAssign {
    this.advance();
    const annotation = this.parseExpression();
    const kind = lhs.nodeType;
    if (kind !== 'Name' && kind !== 'Attribute' && kind !== 'Subscript') {
      this.fail(() => {
        if (kind === 'Tuple' && lhs.elts.length > 0 && lhs.col_offset === lhs.elts[0].col_offset) {
          return this.errorAtNodes('only single target (not tuple) can be annotated', lhs.elts[0]);
        }
        if (kind === 'Tuple' || kind === 'List') {
          return this.errorAtNodes(`only single target (not ${exprName(lhs)}) can be annotated`, lhs);
        }
        return this.errorAtNodes('illegal target for annotation', lhs);
      });
    }
    let value: ExprNode | null = null;
    if (this.tok.kind === Tok.Equal) {
      this.advance();
      value = this.parseRightHandSide();
    }
    setContext(lhs, 'Store');
    const simple = kind === 'Name' && s.kind !== Tok.LPar ? 1 : 0;
    return {
      nodeType: 'AnnAssign',
      target: lhs,
      annotation,
      value,
      simple,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseAugAssign(s: Token, lhs: ExprNode, op: Operator): AugAssign {
    this.advance();
    const value = this.parseRightHandSide();
    if (lhs.nodeType !== 'Name' && lhs.nodeType !== 'Attribute' && lhs.nodeType !== 'Subscript') {
      return this.fail(() =>
        this.errorAtNodes(`'${exprName(lhs)}' is an illegal expression for augmented assignment`, lhs),
      );
    }
    setContext(lhs, 'Store');
    return {
      nodeType: 'AugAssign',
      target: lhs,
      op,
      value,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Compound statements

  private parseDecorated(): StmtNode {
    const decorators: ExprNode[] = [];
    while (this.tok.kind === Tok.At) {
      this.advance();
      decorators.push(this.parseNamedExpression());
      this.expect(Tok.Newline);
    }
    if (this.tok.kind === Tok.Async && this.peek(1).kind === Tok.Def) this.refuseAsync();
    if (this.tok.kind === Tok.Def) return this.parseFunctionDef(decorators);
    if (this.tok.kind === Tok.Class) return this.parseClassDef(decorators);
    return this.failGeneric();
  }

  private parseFunctionDef(decorators: ExprNode[]): FunctionDef {
    const s = this.advance();
    const name = this.parseName();
    this.expectForced(Tok.LPar, '(');
    const args = this.parseParameters(Tok.RPar, true);
    this.expect(Tok.RPar);
    let returns: ExprNode | null = null;
    if (this.tok.kind === Tok.RArrow) {
      this.advance();
      returns = this.parseExpression();
    }
    this.expectForced(Tok.Colon, ':');
    const body = this.parseBlock('function definition', s.lineno);
    return {
      nodeType: 'FunctionDef',
      name,
      args,
      body,
      decorator_list: decorators,
      returns,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseClassDef(decorators: ExprNode[]): ClassDef {
    const s = this.advance();
    const name = this.parseName();
    let bases: ExprNode[] = [];
    let keywords: Keyword[] = [];
    if (this.tok.kind === Tok.LPar) ({ args: bases, keywords } = this.parseArgumentList(false));
    this.expectColon();
    const body = this.parseBlock('class definition', s.lineno);
    return {
      nodeType: 'ClassDef',
      name,
      bases,
      keywords,
      body,
      decorator_list: decorators,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `if` (or, from an `elif`, the nested If CPython builds for it). */
  private parseIf(): If {
    const s = this.advance();
    const test = this.parseNamedExpression();
    this.expectColon();
    // CPython names the test's line for `if` (its rule rebinds `a`), the keyword's for `elif`.
    const body =
      s.kind === Tok.If
        ? this.parseBlock("'if' statement", test.lineno)
        : this.parseBlock("'elif' statement", s.lineno);
    let orelse: StmtNode[] = [];
    if (this.tok.kind === Tok.Elif) orelse = [this.parseIf()];
    else if (this.tok.kind === Tok.Else) orelse = this.parseElse();
    return {
      nodeType: 'If',
      test,
      body,
      orelse,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseElse(): StmtNode[] {
    const s = this.advance();
    this.expectForced(Tok.Colon, ':');
    return this.parseBlock("'else' statement", s.lineno);
  }

  private parseWhile(): While {
    const s = this.advance();
    const test = this.parseNamedExpression();
    this.expectColon();
    const body = this.parseBlock("'while' statement", s.lineno);
    const orelse = this.tok.kind === Tok.Else ? this.parseElse() : [];
    return {
      nodeType: 'While',
      test,
      body,
      orelse,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseFor(): For {
    const s = this.advance();
    const target = this.parseForTarget();
    this.advance(); // 'in'
    const iter = this.parseStarExpressions();
    this.expectColon();
    const body = this.parseBlock("'for' statement", s.lineno);
    const orelse = this.tok.kind === Tok.Else ? this.parseElse() : [];
    return {
      nodeType: 'For',
      target,
      iter,
      body,
      orelse,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseTry(): Try {
    const s = this.advance();
    this.expectForced(Tok.Colon, ':');
    const body = this.parseBlock("'try' statement", s.lineno);
    const handlers: ExceptHandler[] = [];
    while (this.tok.kind === Tok.Except) handlers.push(this.parseExceptHandler());
    let orelse: StmtNode[] = [];
    let finalbody: StmtNode[] = [];
    if (handlers.length > 0 && this.tok.kind === Tok.Else) orelse = this.parseElse();
    if (this.tok.kind === Tok.Finally) {
      const f = this.advance();
      this.expectForced(Tok.Colon, ':');
      finalbody = this.parseBlock("'finally' statement", f.lineno);
    }
    if (handlers.length === 0 && finalbody.length === 0) {
      this.fail(() => this.errorNoLocation("expected 'except' or 'finally' block"));
    }
    return {
      nodeType: 'Try',
      body,
      handlers,
      orelse,
      finalbody,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseExceptHandler(): ExceptHandler {
    const s = this.advance();
    if (this.tok.kind === Tok.Star) {
      this.unsupported(s, "'except*' clauses");
      this.advance();
    }
    let type: ExprNode | null = null;
    let name: string | null = null;
    if (this.tok.kind !== Tok.Colon && this.tok.kind !== Tok.Newline) {
      type = this.parseExpression();
      if (this.tok.kind === Tok.Comma && this.invalidRules) this.checkUnparenthesizedExceptions(type);
      if (this.tok.kind === Tok.As) {
        this.advance();
        name = this.parseName();
      }
    }
    this.expectColon();
    const body = this.parseBlock("'except' statement", s.lineno);
    return {
      nodeType: 'ExceptHandler',
      type,
      name,
      body,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `except A, B:` — CPython's "multiple exception types must be parenthesized". */
  private checkUnparenthesizedExceptions(first: ExprNode): void {
    const colon = this.probe(() => {
      while (this.tok.kind === Tok.Comma) {
        this.advance();
        this.parseExpression();
      }
      if (this.tok.kind === Tok.As) {
        this.advance();
        this.parseName();
      }
      return this.tok.kind === Tok.Colon ? this.tok : null;
    });
    if (colon !== null) {
      throw this.errorFrom(
        'multiple exception types must be parenthesized',
        colon,
        first.lineno,
        first.col_offset,
      );
    }
  }

  private parseWith(): With {
    const s = this.advance();
    let items: WithItem[] | null = null;
    if (this.tok.kind === Tok.LPar) {
      // Python 3.9+'s parenthesized form, if what follows the `)` is the colon.
      items = this.attempt(() => this.parseParenthesizedWithItems());
      // Its invalid rules (a bad `as` target…) speak before the plain form is tried.
      if (items === null && this.invalidRules) this.probe(() => this.parseParenthesizedWithItems());
    }
    if (items === null) {
      items = [this.parseWithItem()];
      while (this.tok.kind === Tok.Comma) {
        this.advance();
        items.push(this.parseWithItem());
      }
    }
    this.expectColon();
    const body = this.parseBlock("'with' statement", s.lineno);
    return {
      nodeType: 'With',
      items,
      body,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `'(' ','.with_item+ ','? ')'` followed by the colon, or null. */
  private parseParenthesizedWithItems(): WithItem[] | null {
    this.advance();
    const items = [this.parseWithItem()];
    while (this.tok.kind === Tok.Comma) {
      this.advance();
      if (this.tok.kind === Tok.RPar) break;
      items.push(this.parseWithItem());
    }
    this.expect(Tok.RPar);
    return this.tok.kind === Tok.Colon ? items : null;
  }

  private parseWithItem(): WithItem {
    const contextExpr = this.parseExpression();
    let optionalVars: ExprNode | null = null;
    if (this.tok.kind === Tok.As) {
      this.advance();
      const mark = this.mark;
      const target = this.attempt(() => this.parseStarTarget());
      const k = this.tok.kind;
      const followed = k === Tok.Comma || k === Tok.RPar || k === Tok.Colon;
      if (target === null || !followed || invalidTarget(target, 'star') !== null) {
        if (this.invalidRules) {
          const e = this.probe(() => {
            const parsed = this.parseExpression();
            const next = this.tok.kind;
            return next === Tok.Comma || next === Tok.RPar || next === Tok.Colon ? parsed : null;
          }, mark);
          const invalid = e === null ? null : invalidTarget(e, 'star');
          if (invalid !== null) throw this.errorAtNodes(`cannot assign to ${exprName(invalid)}`, invalid);
        }
        if (target === null) this.parseStarTarget();
        this.failGeneric();
      }
      setContext(target, 'Store');
      optionalVars = target;
    }
    return { nodeType: 'withitem', context_expr: contextExpr, optional_vars: optionalVars };
  }
}
