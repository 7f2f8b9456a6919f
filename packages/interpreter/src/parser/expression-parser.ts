import type {
  Arg,
  Arguments,
  Call,
  CmpOperator,
  Comprehension,
  Constant,
  ExprNode,
  JoinedStr,
  Keyword,
  Lambda,
  Located,
  Name,
  Operator,
  Yield,
  YieldFrom,
} from './ast';
import { ELLIPSIS } from './ast';
import { numberValue } from './number-literal';
import type { TokenSource } from './parser-base';
import { ParserBase } from './parser-base';
import type { SourceText } from './source-text';
import type { FieldExpression, StringHost } from './strings';
import { StringConcatenation } from './strings';
import type { PySyntaxError } from './syntax-error';
import { exprName, invalidTarget, setContext } from './targets';
import type { TokenKind } from './token';
import { Tok, Token } from './token';
import { Tokenizer } from './tokenizer';

/** Precedence of the binary operators from `bitwise_or` down to `term` (0: not one). */
const BINARY_PRECEDENCE = new Uint8Array(128);
const BINARY_OPERATOR: Operator[] = [];
for (const [kind, precedence, op] of [
  [Tok.VBar, 1, 'BitOr'],
  [Tok.Circumflex, 2, 'BitXor'],
  [Tok.Amper, 3, 'BitAnd'],
  [Tok.LeftShift, 4, 'LShift'],
  [Tok.RightShift, 4, 'RShift'],
  [Tok.Plus, 5, 'Add'],
  [Tok.Minus, 5, 'Sub'],
  [Tok.Star, 6, 'Mult'],
  [Tok.Slash, 6, 'Div'],
  [Tok.DoubleSlash, 6, 'FloorDiv'],
  [Tok.Percent, 6, 'Mod'],
  [Tok.At, 6, 'MatMult'],
] as const) {
  BINARY_PRECEDENCE[kind] = precedence;
  BINARY_OPERATOR[kind] = op;
}

/** Tokens that can begin an expression (CPython's `expression` rule). */
const EXPRESSION_START = new Uint8Array(128);
for (const kind of [
  Tok.Name,
  Tok.Number,
  Tok.String,
  Tok.LPar,
  Tok.LSqb,
  Tok.LBrace,
  Tok.Minus,
  Tok.Plus,
  Tok.Tilde,
  Tok.Not,
  Tok.Lambda,
  Tok.Ellipsis,
  Tok.True,
  Tok.False,
  Tok.None,
  Tok.Await,
]) {
  EXPRESSION_START[kind] = 1;
}

const SOFT_KEYWORDS = new Set(['match', 'case', '_']);

/** Line and byte column of a source index inside a string token. */
interface TokenPoint {
  lineno: number;
  lineStart: number;
  col: number;
}

/** How errors inside an f-string field are shown: against CPython's "(expr)" buffer. */
interface FieldErrorContext {
  lines: string[];
  firstLine: number;
  startingCol: number;
}

/**
 * Expressions, after the expression rules of CPython 3.11's `Grammar/python.gram`: one method per
 * rule, binary operators by precedence climbing, positions taken from the first and last token of
 * each rule as pegen's EXTRA does (so `(a) + b` starts at the parenthesis).
 */
export class ExpressionParser extends ParserBase {
  private fieldContext: FieldErrorContext | null = null;
  private stringHost: StringHost | null = null;

  constructor(source: SourceText, lexer: TokenSource) {
    super(source, lexer);
  }

  // -------------------------------------------------------------------------------------------
  // Lists of expressions

  /** `star_expressions`: one expression, or an unparenthesized tuple (trailing comma included). */
  protected parseStarExpressions(): ExprNode {
    const s = this.tok;
    const first = this.parseStarExpression();
    if (this.tok.kind !== Tok.Comma) return first;
    const elts = [first];
    while (this.tok.kind === Tok.Comma) {
      this.advance();
      if (!startsStarExpression(this.tok.kind)) break;
      elts.push(this.parseStarExpression());
    }
    return {
      nodeType: 'Tuple',
      elts,
      ctx: 'Load',
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `star_expression`: `*bitwise_or` or an expression. */
  protected parseStarExpression(): ExprNode {
    if (this.tok.kind === Tok.Star) {
      const s = this.advance();
      const value = this.parseBitOr();
      return {
        nodeType: 'Starred',
        value,
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    return this.parseExpression();
  }

  /** `star_named_expression`: `*bitwise_or` or a named expression. */
  protected parseStarNamedExpression(): ExprNode {
    if (this.tok.kind === Tok.Star) {
      const s = this.advance();
      const value = this.parseBitOr();
      return {
        nodeType: 'Starred',
        value,
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    return this.parseNamedExpression();
  }

  /** `named_expression`: `NAME := expression`, or an expression. */
  protected parseNamedExpression(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Name && this.peek(1).kind === Tok.ColonEqual) {
      const target: Name = {
        nodeType: 'Name',
        id: this.identifier(s),
        ctx: 'Store',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: s.endLineno,
        end_col_offset: s.endCol,
      };
      this.advance();
      this.advance();
      const value = this.parseExpression();
      return {
        nodeType: 'NamedExpr',
        target,
        value,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const mark = this.mark;
    const e = this.parseExpression();
    if (this.invalidRules) {
      if (this.tok.kind === Tok.ColonEqual) this.checkWalrusTarget(e);
      if (this.tok.kind === Tok.Equal) this.checkMistakenAssignment(mark, e);
    }
    return e;
  }

  /** `invalid_named_expression`: `a.b := value`, when a value follows. */
  protected checkWalrusTarget(e: ExprNode): void {
    const value = this.probe(() => {
      this.advance();
      return this.parseExpression();
    });
    if (value !== null) throw this.errorAtNodes(`cannot use assignment expressions with ${exprName(e)}`, e);
  }

  /**
   * `invalid_named_expression`: `x = 1` where a value is expected ("Maybe you meant '=='…").
   * `mark` is the token index where the expression `e` started.
   */
  protected checkMistakenAssignment(mark: number, e: ExprNode): void {
    const start = this.tokenAt(mark);
    if (e.nodeType === 'Name' && this.prev === start) {
      const value = this.probe(() => {
        this.advance();
        const b = this.parseBitOr();
        return this.tok.kind === Tok.Equal || this.tok.kind === Tok.ColonEqual ? null : b;
      });
      if (value !== null) {
        throw this.errorAtNodes("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", e, value);
      }
    }
    this.checkAssignmentToValue(mark);
  }

  /**
   * `invalid_named_expression`'s last alternative, shared with assignment statements: from token
   * `mark`, `bitwise_or '=' bitwise_or` not followed by another `=`, where the left side is not a
   * list, tuple, generator or True/False/None.
   */
  protected checkAssignmentToValue(mark: number): void {
    const start = this.tokenAt(mark);
    if (start.kind === Tok.True || start.kind === Tok.False || start.kind === Tok.None) return;
    const target = this.probe(() => {
      if (start.kind === Tok.LSqb || start.kind === Tok.LPar) {
        const atom = this.parseAtom();
        const t = atom.nodeType;
        if (t === 'List' || t === 'Tuple' || t === 'GeneratorExp') return null;
        this.rewindTo(mark);
      }
      const a = this.parseBitOr();
      if (this.tok.kind !== Tok.Equal) return null;
      this.advance();
      this.parseBitOr();
      return this.tok.kind === Tok.Equal || this.tok.kind === Tok.ColonEqual ? null : a;
    }, mark);
    if (target !== null) {
      throw this.errorAtNodes(
        `cannot assign to ${exprName(target)} here. Maybe you meant '==' instead of '='?`,
        target,
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // expression, lambda, boolean operators, comparisons

  /** `expression`: conditional expression, disjunction or lambda. */
  protected parseExpression(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Lambda) return this.parseLambda();
    const mark = this.mark;
    const body = this.parseDisjunction();
    const kind = this.tok.kind;
    if (kind === Tok.If) {
      this.advance();
      const test = this.parseDisjunction();
      if (this.tok.kind !== Tok.Else) {
        if (this.invalidRules && this.tok.kind !== Tok.Colon) {
          throw this.errorAtNodes("expected 'else' after 'if' expression", body, test);
        }
        this.failGeneric();
      }
      this.advance();
      const orelse = this.parseExpression();
      return {
        nodeType: 'IfExp',
        test,
        body,
        orelse,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    if (kind < 128 && EXPRESSION_START[kind] === 1 && this.invalidRules) this.checkJuxtaposed(mark, body);
    return body;
  }

  /**
   * An expression directly followed by another: CPython's `invalid_expression` ("Perhaps you
   * forgot a comma?", inside brackets only) and `invalid_legacy_expression` (`print x`).
   */
  private checkJuxtaposed(mark: number, a: ExprNode): void {
    const s = this.tokenAt(mark);
    const singleName = a.nodeType === 'Name' && this.prev === s;
    const legacy = singleName && (a.id === 'print' || a.id === 'exec');
    const excluded =
      s.kind === Tok.Name && (SOFT_KEYWORDS.has(s.text) || this.tokenAt(mark + 1).kind === Tok.String);
    if (!legacy && !excluded) {
      // `expression_without_invalid`: no invalid rules inside.
      const b = this.probe(
        () => {
          const e = this.parseExpression();
          return this.prev.level > 0 ? e : null;
        },
        this.mark,
        false,
      );
      if (b !== null) throw this.errorAtNodes('invalid syntax. Perhaps you forgot a comma?', a, b);
    }
    if (singleName) {
      // invalid_legacy_expression reads what follows any name, with invalid rules on, before
      // checking whether the name is print or exec.
      const b = this.probe(() => this.parseStarExpressions());
      if (b !== null && legacy && a.nodeType === 'Name') {
        throw this.errorAtNodes(`Missing parentheses in call to '${a.id}'. Did you mean ${a.id}(...)?`, a, b);
      }
    }
  }

  protected parseLambda(): Lambda {
    const s = this.advance();
    const args = this.tok.kind === Tok.Colon ? emptyArguments() : this.parseParameters(Tok.Colon, false);
    this.expect(Tok.Colon);
    const body = this.parseExpression();
    return {
      nodeType: 'Lambda',
      args,
      body,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  protected parseDisjunction(): ExprNode {
    return this.parseBoolOp('Or', Tok.Or, () => this.parseConjunction());
  }

  private parseConjunction(): ExprNode {
    return this.parseBoolOp('And', Tok.And, () => this.parseInversion());
  }

  /** `a or b or …` / `a and b and …`: one BoolOp holding every operand, as CPython's grammar builds it. */
  private parseBoolOp(op: 'Or' | 'And', token: TokenKind, operand: () => ExprNode): ExprNode {
    const s = this.tok;
    const first = operand();
    if (this.tok.kind !== token) return first;
    const values = [first];
    while (this.tok.kind === token) {
      const next = this.operandAfterOperator(operand);
      if (next === null) break;
      values.push(next);
    }
    if (values.length === 1) return first;
    return {
      nodeType: 'BoolOp',
      op,
      values,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseInversion(): ExprNode {
    if (this.tok.kind === Tok.Not) {
      const s = this.advance();
      const operand = this.parseInversion();
      return {
        nodeType: 'UnaryOp',
        op: 'Not',
        operand,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    return this.parseComparison();
  }

  private parseComparison(): ExprNode {
    const s = this.tok;
    const left = this.parseBitOr();
    const ops: CmpOperator[] = [];
    const comparators: ExprNode[] = [];
    for (;;) {
      if (this.quiet) {
        // A PEG repetition: a pair that does not parse ends the comparison before its operator.
        const pair = this.backtrackable(() => {
          const op = this.comparisonOperator();
          return op === null ? null : { op, comparator: this.parseBitOr() };
        });
        if (pair === null) break;
        ops.push(pair.op);
        comparators.push(pair.comparator);
      } else {
        const op = this.comparisonOperator();
        if (op === null) break;
        ops.push(op);
        comparators.push(this.parseBitOr());
      }
    }
    if (ops.length === 0) return left;
    return {
      nodeType: 'Compare',
      left,
      ops,
      comparators,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /**
   * Consumes a binary operator's token and parses the operand `operand` reads after it. While
   * speculating, an operand that does not parse gives null with the operator left unconsumed, as
   * a PEG repetition stops (so `"k" and:` is the expression `"k"` followed by `and`).
   */
  private operandAfterOperator(operand: () => ExprNode): ExprNode | null {
    if (!this.quiet) {
      this.advance();
      return operand();
    }
    return this.backtrackable(() => {
      this.advance();
      return operand();
    });
  }

  /** Consumes a comparison operator (`not in`, `is not` are two tokens) and names it. */
  private comparisonOperator(): CmpOperator | null {
    let op: CmpOperator;
    switch (this.tok.kind) {
      case Tok.EqEqual:
        op = 'Eq';
        break;
      case Tok.NotEqual:
        op = 'NotEq';
        break;
      case Tok.Less:
        op = 'Lt';
        break;
      case Tok.LessEqual:
        op = 'LtE';
        break;
      case Tok.Greater:
        op = 'Gt';
        break;
      case Tok.GreaterEqual:
        op = 'GtE';
        break;
      case Tok.In:
        op = 'In';
        break;
      case Tok.Is:
        this.advance();
        if (this.tok.kind === Tok.Not) {
          this.advance();
          return 'IsNot';
        }
        return 'Is';
      case Tok.Not:
        if (this.peek(1).kind !== Tok.In) return null;
        this.advance();
        this.advance();
        return 'NotIn';
      default:
        return null;
    }
    this.advance();
    return op;
  }

  // -------------------------------------------------------------------------------------------
  // Arithmetic

  /** `bitwise_or` down to `term`, by precedence climbing (all left-associative). */
  protected parseBitOr(): ExprNode {
    return this.parseBinary(1);
  }

  private parseBinary(minPrecedence: number): ExprNode {
    const s = this.tok;
    let left = this.parseFactor();
    for (;;) {
      const kind = this.tok.kind;
      const precedence = kind < 128 ? BINARY_PRECEDENCE[kind] : 0;
      if (precedence === 0 || precedence < minPrecedence) return left;
      const right = this.operandAfterOperator(() => this.parseBinary(precedence + 1));
      if (right === null) return left;
      left = {
        nodeType: 'BinOp',
        left,
        op: BINARY_OPERATOR[kind],
        right,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
  }

  /** `factor`: unary `+ - ~`, then `power`. */
  private parseFactor(): ExprNode {
    const s = this.tok;
    const kind = s.kind;
    if (kind === Tok.Minus || kind === Tok.Plus || kind === Tok.Tilde) {
      this.advance();
      const operand = this.parseFactor();
      const op = kind === Tok.Minus ? 'USub' : kind === Tok.Plus ? 'UAdd' : 'Invert';
      return {
        nodeType: 'UnaryOp',
        op,
        operand,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const base = this.parsePrimary();
    if (this.tok.kind !== Tok.DoubleStar) return base;
    const right = this.operandAfterOperator(() => this.parseFactor());
    if (right === null) return base;
    return {
      nodeType: 'BinOp',
      left: base,
      op: 'Pow',
      right,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Primaries and atoms

  /** `primary`: an atom followed by attribute, call and subscript trailers. */
  protected parsePrimary(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Await) {
      // `await primary`: noted, and the awaited primary parsed as if alone.
      this.unsupported(s, "'await' expressions");
      this.advance();
      return this.parsePrimary();
    }
    let node = this.parseAtom();
    for (;;) {
      // While speculating, a trailer that does not parse is left off, as a PEG alternative.
      const next = this.quiet
        ? this.backtrackable(() => this.parseTrailer(node, s))
        : this.parseTrailer(node, s);
      if (next === null) return node;
      node = next;
    }
  }

  /** One `.name`, call or subscript applied to `node` (which began at `s`), or null if none. */
  private parseTrailer(node: ExprNode, s: Token): ExprNode | null {
    switch (this.tok.kind) {
      case Tok.Dot: {
        this.advance();
        if (this.tok.kind !== Tok.Name) this.failGeneric();
        const attr = this.identifier(this.advance());
        return {
          nodeType: 'Attribute',
          value: node,
          attr,
          ctx: 'Load',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.LPar:
        return this.parseCall(node, s);
      case Tok.LSqb: {
        this.advance();
        const slice = this.parseSlices();
        this.expect(Tok.RSqb);
        return {
          nodeType: 'Subscript',
          value: node,
          slice,
          ctx: 'Load',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      default:
        return null;
    }
  }

  protected parseAtom(): ExprNode {
    const t = this.tok;
    switch (t.kind) {
      case Tok.Name:
        this.advance();
        return {
          nodeType: 'Name',
          id: this.identifier(t),
          ctx: 'Load',
          lineno: t.lineno,
          col_offset: t.col,
          end_lineno: t.endLineno,
          end_col_offset: t.endCol,
        };
      case Tok.Number:
        this.advance();
        return this.constant(numberValue(t.text), t);
      case Tok.String:
        return this.parseStrings();
      case Tok.True:
        this.advance();
        return this.constant(true, t);
      case Tok.False:
        this.advance();
        return this.constant(false, t);
      case Tok.None:
        this.advance();
        return this.constant(null, t);
      case Tok.Ellipsis:
        this.advance();
        return this.constant(ELLIPSIS, t);
      case Tok.LPar:
        return this.parseParenthesized();
      case Tok.LSqb:
        return this.parseListDisplay();
      case Tok.LBrace:
        return this.parseBraceDisplay();
      default:
        return this.failGeneric();
    }
  }

  private constant(value: Constant['value'], t: Token): Constant {
    return {
      nodeType: 'Constant',
      value,
      kind: null,
      lineno: t.lineno,
      col_offset: t.col,
      end_lineno: t.endLineno,
      end_col_offset: t.endCol,
    };
  }

  /** `tuple`, `group` or `genexp`. */
  private parseParenthesized(): ExprNode {
    const s = this.advance();
    const kind = this.tok.kind;
    if (kind === Tok.RPar) {
      this.advance();
      return {
        nodeType: 'Tuple',
        elts: [],
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    if (kind === Tok.Yield) {
      const value = this.parseYield();
      this.expect(Tok.RPar);
      return value;
    }
    if (kind === Tok.DoubleStar && this.invalidRules) {
      const star = this.tok;
      if (
        this.probe(() => {
          this.advance();
          this.parseExpression();
          return this.expect(Tok.RPar);
        }) !== null
      ) {
        throw this.errorAtToken(star, 'cannot use double starred expression here');
      }
    }
    const first = this.parseStarNamedExpression();
    switch (this.atComprehension() ? Tok.For : this.tok.kind) {
      case Tok.For: {
        this.checkComprehensionElement(first);
        const generators = this.parseComprehensions();
        this.expect(Tok.RPar);
        return {
          nodeType: 'GeneratorExp',
          elt: first,
          generators,
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.Comma: {
        const elts = [first];
        while (this.tok.kind === Tok.Comma) {
          this.advance();
          if (this.tok.kind === Tok.RPar) break;
          elts.push(this.parseStarNamedExpression());
        }
        this.expect(Tok.RPar);
        return {
          nodeType: 'Tuple',
          elts,
          ctx: 'Load',
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      case Tok.RPar:
        this.advance();
        if (first.nodeType === 'Starred') {
          this.fail(() => this.errorAtNodes('cannot use starred expression here', first));
        }
        return first;
      default:
        return this.failGeneric();
    }
  }

  /** `list` or `listcomp`. */
  private parseListDisplay(): ExprNode {
    const s = this.advance();
    if (this.tok.kind === Tok.RSqb) {
      this.advance();
      return {
        nodeType: 'List',
        elts: [],
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const first = this.parseStarNamedExpression();
    if (this.atComprehension()) {
      this.checkComprehensionElement(first);
      const generators = this.parseComprehensions();
      this.expect(Tok.RSqb);
      return {
        nodeType: 'ListComp',
        elt: first,
        generators,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const elts = this.parseDisplayRest(first, Tok.RSqb);
    return {
      nodeType: 'List',
      elts,
      ctx: 'Load',
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** The elements after the first of a list or set display, up to and including its bracket. */
  private parseDisplayRest(first: ExprNode, closing: TokenKind): ExprNode[] {
    const elts = [first];
    let comma: Token | null = null;
    while (this.tok.kind === Tok.Comma) {
      comma = this.advance();
      if (this.tok.kind === closing || this.atComprehension()) break;
      elts.push(this.parseStarNamedExpression());
    }
    if (this.atComprehension() && this.invalidRules && comma !== null) {
      // invalid_comprehension: `[a, b for …]` or `[a, for …]`.
      const last = elts.length > 1 ? elts[elts.length - 1] : null;
      const end: Located = last ?? tokenLocation(comma);
      throw this.errorAtNodes('did you forget parentheses around the comprehension target?', first, end);
    }
    this.expect(closing);
    return elts;
  }

  /** `dict`, `set`, `dictcomp` or `setcomp`. */
  private parseBraceDisplay(): ExprNode {
    const s = this.advance();
    if (this.tok.kind === Tok.RBrace) {
      this.advance();
      return {
        nodeType: 'Dict',
        keys: [],
        values: [],
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    if (this.tok.kind === Tok.DoubleStar) {
      const doubleStar = this.advance();
      const value = this.parseBitOr();
      if (this.atComprehension() && this.invalidRules) {
        throw this.errorAtToken(doubleStar, 'dict unpacking cannot be used in dict comprehension');
      }
      return this.parseDictRest(s, [null], [value]);
    }
    const first = this.parseStarNamedExpression();
    if (this.tok.kind === Tok.Colon && first.nodeType !== 'Starred') {
      const colon = this.advance();
      const value = this.parseDictValue(colon);
      if (this.atComprehension()) {
        const generators = this.parseComprehensions();
        this.expect(Tok.RBrace);
        return {
          nodeType: 'DictComp',
          key: first,
          value,
          generators,
          lineno: s.lineno,
          col_offset: s.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        };
      }
      return this.parseDictRest(s, [first], [value]);
    }
    if (this.atComprehension()) {
      this.checkComprehensionElement(first);
      const generators = this.parseComprehensions();
      this.expect(Tok.RBrace);
      return {
        nodeType: 'SetComp',
        elt: first,
        generators,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const elts = this.parseDisplayRest(first, Tok.RBrace);
    return {
      nodeType: 'Set',
      elts,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** A dictionary value after its `:`, with CPython's two specific errors for a bad one. */
  private parseDictValue(colon: Token): ExprNode {
    if (this.invalidRules) {
      const kind = this.tok.kind;
      if (kind === Tok.RBrace || kind === Tok.Comma) {
        throw this.errorAtToken(colon, "expression expected after dictionary key and ':'");
      }
      if (kind === Tok.Star) {
        const star = this.tok;
        const end = this.probe(() => {
          this.advance();
          this.parseBitOr();
          return this.tok;
        });
        if (end !== null) {
          throw this.errorFrom(
            'cannot use a starred expression in a dictionary value',
            end,
            star.lineno,
            star.col,
          );
        }
      }
    }
    return this.parseExpression();
  }

  private parseDictRest(s: Token, keys: (ExprNode | null)[], values: ExprNode[]): ExprNode {
    while (this.tok.kind === Tok.Comma) {
      this.advance();
      if (this.tok.kind === Tok.RBrace) break;
      if (this.tok.kind === Tok.DoubleStar) {
        this.advance();
        keys.push(null);
        values.push(this.parseBitOr());
        continue;
      }
      // CPython reports a later key followed by something else as a missing ':', not a missing
      // comma: the key is read without the juxtaposition check (which only an error path needs).
      const key = this.attempt(() => this.parseExpression()) ?? this.parseExpression();
      if (this.tok.kind !== Tok.Colon) {
        this.fail(() =>
          this.errorAt(
            "':' expected after dictionary key",
            key.lineno,
            key.end_col_offset - 1,
            key.end_lineno,
            -1,
          ),
        );
      }
      keys.push(key);
      values.push(this.parseDictValue(this.advance()));
    }
    this.expect(Tok.RBrace);
    return {
      nodeType: 'Dict',
      keys,
      values,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `invalid_comprehension`: `[*a for …]`. */
  private checkComprehensionElement(elt: ExprNode): void {
    if (elt.nodeType === 'Starred') {
      this.fail(() => this.errorAtNodes('iterable unpacking cannot be used in comprehension', elt));
    }
  }

  /** True at a comprehension's `for`; an `async for` one is noted as refused and read as `for`. */
  private atComprehension(): boolean {
    const kind = this.tok.kind;
    if (kind === Tok.Async && this.peek(1).kind === Tok.For) {
      this.unsupported(this.tok, 'asynchronous comprehensions');
      this.advance();
      return true;
    }
    return kind === Tok.For;
  }

  /** `for_if_clauses`. */
  protected parseComprehensions(): Comprehension[] {
    const generators: Comprehension[] = [];
    while (this.atComprehension()) {
      this.advance();
      const target = this.parseForTarget();
      this.advance(); // 'in'
      const iter = this.parseDisjunction();
      const ifs: ExprNode[] = [];
      while (this.tok.kind === Tok.If) {
        this.advance();
        ifs.push(this.parseDisjunction());
      }
      generators.push({ nodeType: 'comprehension', target, iter, ifs, is_async: 0 });
    }
    return generators;
  }

  // -------------------------------------------------------------------------------------------
  // Calls and subscripts

  /** A call's arguments, from its `(`. */
  private parseCall(func: ExprNode, s: Token): Call {
    const { args, keywords } = this.parseArgumentList(true);
    return {
      nodeType: 'Call',
      func,
      args,
      keywords,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /**
   * From `(` to `)`: positional and `*` arguments in `args`, `name=` and `**` in `keywords`. A
   * lone generator expression argument is allowed in a call (it then spans the call's
   * parentheses) but not in a class header.
   */
  protected parseArgumentList(allowGenexp: boolean): { args: ExprNode[]; keywords: Keyword[] } {
    const lpar = this.advance();
    const args: ExprNode[] = [];
    const keywords: Keyword[] = [];
    let keywordSeen = false;
    let doubleStarSeen = false;
    let misplaced: string | null = null;
    while (this.tok.kind !== Tok.RPar) {
      const t = this.tok;
      const kind = t.kind;
      if (kind === Tok.Star) {
        this.advance();
        const value = this.parseExpression();
        if (doubleStarSeen) {
          this.fail(() =>
            this.errorAtToken(t, 'iterable argument unpacking follows keyword argument unpacking'),
          );
        }
        args.push({
          nodeType: 'Starred',
          value,
          ctx: 'Load',
          lineno: t.lineno,
          col_offset: t.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        });
      } else if (kind === Tok.DoubleStar) {
        this.advance();
        const value = this.parseExpression();
        keywords.push({
          nodeType: 'keyword',
          arg: null,
          value,
          lineno: t.lineno,
          col_offset: t.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        });
        doubleStarSeen = true;
      } else if (kind === Tok.Name && this.peek(1).kind === Tok.Equal) {
        const arg = this.identifier(t);
        this.advance();
        const equal = this.advance();
        const value = this.parseExpression();
        if (this.atComprehension() && this.invalidRules) {
          throw this.errorAt(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            t.lineno,
            t.col,
            equal.endLineno,
            equal.endCol,
          );
        }
        keywords.push({
          nodeType: 'keyword',
          arg,
          value,
          lineno: t.lineno,
          col_offset: t.col,
          end_lineno: this.prev.endLineno,
          end_col_offset: this.prev.endCol,
        });
        keywordSeen = true;
      } else if (
        (kind === Tok.True || kind === Tok.False || kind === Tok.None) &&
        this.peek(1).kind === Tok.Equal &&
        this.invalidRules
      ) {
        const equal = this.peek(1);
        throw this.errorAt(`cannot assign to ${t.text}`, t.lineno, t.col, equal.endLineno, equal.endCol);
      } else {
        const value = this.parseNamedExpressionArgument();
        if (this.atComprehension()) {
          const lone = args.length === 0 && keywords.length === 0;
          if (!allowGenexp && lone) return this.failGeneric();
          // Only a lone generator argument is part of the grammar; after other arguments it is
          // read by invalid_arguments alone, so a bad one is a plain error at its `for`.
          const generators = lone ? this.parseComprehensions() : this.probe(() => this.parseComprehensions());
          if (generators === null) return this.failGeneric();
          if (lone && this.tok.kind === Tok.RPar) {
            this.advance();
            const genexp: ExprNode = {
              nodeType: 'GeneratorExp',
              elt: value,
              generators,
              lineno: lpar.lineno,
              col_offset: lpar.col,
              end_lineno: this.prev.endLineno,
              end_col_offset: this.prev.endCol,
            };
            return { args: [genexp], keywords };
          }
          const last = generators[generators.length - 1];
          const end = last.ifs.length > 0 ? last.ifs[last.ifs.length - 1] : last.iter;
          this.fail(() => this.errorAtNodes('Generator expression must be parenthesized', value, end));
        }
        if (this.tok.kind === Tok.Equal && this.invalidRules && value.nodeType !== 'NamedExpr') {
          const equal = this.tok;
          throw this.errorAt(
            'expression cannot contain assignment, perhaps you meant "=="?',
            value.lineno,
            value.col_offset,
            equal.endLineno,
            equal.endCol,
          );
        }
        if ((keywordSeen || doubleStarSeen) && misplaced === null) {
          misplaced = doubleStarSeen
            ? 'positional argument follows keyword argument unpacking'
            : 'positional argument follows keyword argument';
        }
        args.push(value);
      }
      if (this.tok.kind !== Tok.Comma) break;
      this.advance();
    }
    // CPython reports a misplaced positional argument once it has read all the arguments
    // (`_PyPegen_arguments_parsing_error`, at the last token read).
    if (misplaced !== null) {
      const msg = misplaced;
      this.fail(() => this.errorNoLocation(msg));
    }
    this.expect(Tok.RPar);
    return { args, keywords };
  }

  /** A positional argument: `assignment_expression | expression !':='`. */
  private parseNamedExpressionArgument(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Name && this.peek(1).kind === Tok.ColonEqual) return this.parseNamedExpression();
    const e = this.parseExpression();
    // `f(a.b := 1)`: arguments have no invalid rule for this; it is a plain syntax error.
    if (this.tok.kind === Tok.ColonEqual) this.failGeneric();
    return e;
  }

  /** `slices`: one slice, or a tuple of slices and starred expressions. */
  private parseSlices(): ExprNode {
    const s = this.tok;
    const first = this.parseSlice();
    // A starred item is no `slice`: even alone it makes a tuple (`a[*b]`).
    if (this.tok.kind !== Tok.Comma && first.nodeType !== 'Starred') return first;
    const elts = [first];
    while (this.tok.kind === Tok.Comma) {
      this.advance();
      if (this.tok.kind === Tok.RSqb) break;
      elts.push(this.parseSlice());
    }
    return {
      nodeType: 'Tuple',
      elts,
      ctx: 'Load',
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  private parseSlice(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Star) {
      this.advance();
      const value = this.parseExpression();
      return {
        nodeType: 'Starred',
        value,
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    let lower: ExprNode | null = null;
    if (s.kind !== Tok.Colon) {
      lower = this.parseNamedExpression();
      if (this.tok.kind !== Tok.Colon) return lower;
    }
    this.advance();
    const upper = startsExpression(this.tok.kind) ? this.parseExpression() : null;
    let step: ExprNode | null = null;
    if (this.tok.kind === Tok.Colon) {
      this.advance();
      if (startsExpression(this.tok.kind)) step = this.parseExpression();
    }
    return {
      nodeType: 'Slice',
      lower,
      upper,
      step,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Targets

  /**
   * The `star_targets` of a `for` loop or comprehension, up to its `in` (left current). An
   * invalid one is reported as CPython's `invalid_for_target` does: the text up to the colon
   * read as expressions, and its first part that cannot be assigned to named.
   */
  protected parseForTarget(): ExprNode {
    const mark = this.mark;
    const target = this.attempt(() => this.parseStarTargets());
    if (target !== null && this.tok.kind === Tok.In && invalidTarget(target, 'for') === null) {
      setContext(target, 'Store');
      return target;
    }
    if (this.invalidRules) {
      const asExpressions = this.probe(() => this.parseStarExpressions(), mark);
      const invalid = asExpressions === null ? null : invalidTarget(asExpressions, 'for');
      if (invalid !== null) throw this.errorAtNodes(`cannot assign to ${exprName(invalid)}`, invalid);
    }
    if (target === null) this.parseStarTargets();
    return this.failGeneric();
  }

  /** `star_targets`: targets (not yet marked Store), an unparenthesized tuple for several. */
  protected parseStarTargets(): ExprNode {
    const s = this.tok;
    const first = this.parseStarTarget();
    if (this.tok.kind !== Tok.Comma) return first;
    const elts = [first];
    while (this.tok.kind === Tok.Comma) {
      this.advance();
      if (!startsTarget(this.tok.kind)) break;
      elts.push(this.parseStarTarget());
    }
    return {
      nodeType: 'Tuple',
      elts,
      ctx: 'Load',
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `star_target`: `*target`, a bracketed target list, or a primary (name, attribute, subscript). */
  protected parseStarTarget(): ExprNode {
    const s = this.tok;
    if (s.kind === Tok.Star) {
      this.advance();
      if (this.tok.kind === Tok.Star) this.failGeneric();
      const value = this.parseStarTarget();
      return {
        nodeType: 'Starred',
        value,
        ctx: 'Load',
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    if (s.kind === Tok.LPar || s.kind === Tok.LSqb) {
      const closing = s.kind === Tok.LPar ? Tok.RPar : Tok.RSqb;
      const mark = this.mark;
      // A bracketed target list, unless it is really an atom with trailers (`(a).b`, `[x][0]`).
      const list = this.attempt(() => {
        this.advance();
        const elts: ExprNode[] = [];
        let comma = false;
        while (this.tok.kind !== closing) {
          elts.push(this.parseStarTarget());
          if (this.tok.kind !== Tok.Comma) break;
          this.advance();
          comma = true;
        }
        this.expect(closing);
        const next = this.tok.kind;
        if (next === Tok.Dot || next === Tok.LPar || next === Tok.LSqb) return null;
        return { elts, comma };
      });
      if (list !== null) {
        const { elts, comma } = list;
        if (closing === Tok.RSqb)
          return {
            nodeType: 'List',
            elts,
            ctx: 'Load',
            lineno: s.lineno,
            col_offset: s.col,
            end_lineno: this.prev.endLineno,
            end_col_offset: this.prev.endCol,
          };
        if (comma || elts.length === 0)
          return {
            nodeType: 'Tuple',
            elts,
            ctx: 'Load',
            lineno: s.lineno,
            col_offset: s.col,
            end_lineno: this.prev.endLineno,
            end_col_offset: this.prev.endCol,
          };
        if (elts[0].nodeType !== 'Starred') return elts[0];
        this.rewindTo(mark);
      }
    }
    return this.parsePrimary();
  }

  // -------------------------------------------------------------------------------------------
  // Parameters

  /**
   * Parameters of a `def` (up to `)`) or a `lambda` (up to `:`), with CPython's messages for
   * misplaced `/`, `*`, `**` and defaults. The closing token is left for the caller.
   */
  protected parseParameters(closing: TokenKind, annotations: boolean): Arguments {
    let args: Arg[] = [];
    let posonlyargs: Arg[] = [];
    const defaults: ExprNode[] = [];
    const kwonlyargs: Arg[] = [];
    const kwDefaults: (ExprNode | null)[] = [];
    let vararg: Arg | null = null;
    let kwarg: Arg | null = null;
    let slashSeen = false;
    let starSeen = false;
    let defaultSeen = false;
    const failAt = (t: Token, msg: string): never => this.fail(() => this.errorAtToken(t, msg));
    while (this.tok.kind !== closing) {
      const t = this.tok;
      if (t.kind === Tok.Slash) {
        if (slashSeen) failAt(t, '/ may appear only once');
        if (starSeen) failAt(t, '/ must be ahead of *');
        if (args.length === 0) {
          // invalid_parameters' `"/" ','` is a second-pass look, not where the first pass got.
          const comma = this.probe(() => {
            this.advance();
            return this.tok.kind === Tok.Comma ? true : null;
          });
          if (comma !== null) failAt(t, 'at least one argument must precede /');
          this.failGeneric();
        }
        posonlyargs = args;
        args = [];
        slashSeen = true;
        this.advance();
      } else if (t.kind === Tok.Star) {
        if (starSeen) failAt(t, '* argument may appear only once');
        starSeen = true;
        this.advance();
        // A `def` reports a bare `*` at the star; a lambda (invalid_lambda_star_etc, no location)
        // at the last token read.
        const bareStar = (last: Token): never =>
          failAt(closing === Tok.RPar ? t : last, 'named arguments must follow bare *');
        if (this.tok.kind === Tok.Comma) {
          const after = this.peek(1);
          if (after.kind === closing || after.kind === Tok.DoubleStar) bareStar(after);
        } else if (this.tok.kind === closing) {
          bareStar(this.tok);
        } else {
          vararg = this.parseParameter(annotations, true);
          if (this.tok.kind === Tok.Equal)
            failAt(this.tok, 'var-positional argument cannot have default value');
        }
      } else if (t.kind === Tok.DoubleStar) {
        this.advance();
        kwarg = this.parseParameter(annotations, false);
        if (this.tok.kind === Tok.Equal) failAt(this.tok, 'var-keyword argument cannot have default value');
        if (this.tok.kind === Tok.Comma) {
          const after = this.peek(1);
          const k = after.kind;
          if (k === Tok.Name || k === Tok.Star || k === Tok.DoubleStar || k === Tok.Slash) {
            failAt(after, 'arguments cannot follow var-keyword argument');
          }
          this.advance();
        }
        break;
      } else {
        const param = this.parseParameter(annotations, false);
        if (this.tok.kind === Tok.Equal) {
          const equal = this.advance();
          const next = this.tok.kind;
          if (next === Tok.Comma || next === closing) failAt(equal, 'expected default value expression');
          const value = this.parseExpression();
          if (starSeen) {
            kwonlyargs.push(param);
            kwDefaults.push(value);
          } else {
            args.push(param);
            defaults.push(value);
            defaultSeen = true;
          }
        } else if (starSeen) {
          kwonlyargs.push(param);
          kwDefaults.push(null);
        } else {
          if (defaultSeen)
            this.fail(() => this.errorAtNodes('non-default argument follows default argument', param));
          args.push(param);
        }
      }
      if (this.tok.kind !== Tok.Comma) break;
      this.advance();
    }
    return {
      nodeType: 'arguments',
      posonlyargs,
      args,
      vararg,
      kwonlyargs,
      kw_defaults: kwDefaults,
      kwarg,
      defaults,
    };
  }

  /** `param`: NAME with an optional annotation (`*args: *Ts` allows a starred one). */
  private parseParameter(annotations: boolean, starAnnotation: boolean): Arg {
    const s = this.tok;
    if (s.kind !== Tok.Name) this.failGeneric();
    this.advance();
    let annotation: ExprNode | null = null;
    if (annotations && this.tok.kind === Tok.Colon) {
      this.advance();
      annotation = starAnnotation ? this.parseStarExpression() : this.parseExpression();
    }
    return {
      nodeType: 'arg',
      arg: this.identifier(s),
      annotation,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  // -------------------------------------------------------------------------------------------
  // yield, strings

  /** `yield_expr`. */
  protected parseYield(): Yield | YieldFrom {
    const s = this.advance();
    if (this.tok.kind === Tok.From) {
      this.advance();
      const value = this.parseExpression();
      return {
        nodeType: 'YieldFrom',
        value,
        lineno: s.lineno,
        col_offset: s.col,
        end_lineno: this.prev.endLineno,
        end_col_offset: this.prev.endCol,
      };
    }
    const value = startsStarExpression(this.tok.kind) ? this.parseStarExpressions() : null;
    return {
      nodeType: 'Yield',
      value,
      lineno: s.lineno,
      col_offset: s.col,
      end_lineno: this.prev.endLineno,
      end_col_offset: this.prev.endCol,
    };
  }

  /** `strings`: adjacent string literals, f-strings included, as one Constant or JoinedStr. */
  private parseStrings(): Constant | JoinedStr {
    const tokens: Token[] = [];
    while (this.tok.kind === Tok.String) tokens.push(this.advance());
    this.stringHost ??= {
      source: this.source,
      parseField: (field) => this.parseField(field),
      errorAfterStrings: (msg) => this.errorNoLocation(msg),
      errorAtToken: (t, msg) => this.errorAtToken(t, msg),
      unsupportedAfterStrings: (what) => this.unsupported(this.tok, what),
    };
    return new StringConcatenation(this.stringHost, tokens).build(tokens);
  }

  /**
   * Parses an f-string field's expression as CPython 3.11 does: tokenized on its own and read as
   * `(expr)`, the parentheses placed at the `{` and at the character ending the expression.
   */
  private parseField(field: FieldExpression): ExprNode {
    const t = field.token;
    const brace = this.pointIn(t, field.start - 1);
    const end = this.pointIn(t, field.end);
    // fstring_find_expr_location: a `{` followed only by blanks up to a newline is placed at
    // the start of its line (or of the string token on the token's first line).
    let newlineAfterBrace = false;
    for (let i = field.start; i < field.end; i++) {
      const c = this.src.charCodeAt(i);
      if (c === 10) {
        newlineAfterBrace = true;
        break;
      }
      if (c !== 32 && c !== 9 && c !== 12) break;
    }
    // CPython measures a brace on the token's first line from the token's recorded column, which
    // is off for a multi-line string nested in another f-string's field; the shift carries on.
    const braceOnFirstLine = brace.lineno === t.lineno;
    const lparCol = newlineAfterBrace
      ? braceOnFirstLine
        ? t.col
        : 0
      : braceOnFirstLine
        ? t.col + this.source.byteCol(t.start, field.start - 1)
        : brace.col;
    const lpar = new Token(
      Tok.LPar,
      '(',
      field.start - 1,
      field.start,
      brace.lineno,
      lparCol,
      brace.lineno,
      lparCol + 1,
      1,
    );
    const shift = lparCol - brace.col;
    const rparCol = end.lineno === brace.lineno ? end.col + shift : end.col;
    const rpar = new Token(
      Tok.RPar,
      ')',
      field.end,
      field.end + 1,
      end.lineno,
      rparCol,
      end.lineno,
      rparCol + 1,
      0,
    );
    const tokenizer = new Tokenizer(
      this.source,
      {},
      {
        start: field.start,
        end: field.end,
        lineno: brace.lineno,
        lineStart: brace.lineStart,
      },
    );
    const parser = new ExpressionParser(
      this.source,
      new FieldTokens(lpar, tokenizer, rpar, brace.lineno, brace.col, shift),
    );
    parser.fieldContext = {
      lines: `(${this.src.slice(field.start, field.end)})`.split('\n'),
      firstLine: brace.lineno,
      startingCol: lparCol,
    };
    const value = parser.parseFieldExpression();
    this.unsupportedFound().push(...parser.unsupportedFound());
    return value;
  }

  private parseFieldExpression(): ExprNode {
    const value = this.parseStarExpressions();
    if (this.tok.kind !== Tok.EndMarker) this.failGeneric();
    return value;
  }

  /** Line, line start and byte column of source index `pos` inside string token `t`. */
  private pointIn(t: Token, pos: number): TokenPoint {
    let lineno = t.lineno;
    let lineStart = -1;
    for (let i = this.src.indexOf('\n', t.start); i >= 0 && i < pos; i = this.src.indexOf('\n', i + 1)) {
      lineno++;
      lineStart = i + 1;
    }
    if (lineStart < 0) lineStart = this.source.lineStart(t.lineno);
    return { lineno, lineStart, col: this.source.byteCol(lineStart, pos) };
  }

  /** Inside an f-string field, errors read as CPython shows them: on its "(expr)" buffer. */
  protected override errorAt(
    msg: string,
    lineno: number,
    col: number,
    endLineno: number,
    endCol: number,
    type: 'SyntaxError' | 'IndentationError' | 'TabError' = 'SyntaxError',
  ): PySyntaxError {
    const field = this.fieldContext;
    if (field === null) return super.errorAt(msg, lineno, col, endLineno, endCol, type);
    const index = Math.min(Math.max(lineno - field.firstLine, 0), field.lines.length - 1);
    const text = `${field.lines[index]}\n`;
    const offset = col - field.startingCol + 1;
    const endOffset = endCol - field.startingCol + 1;
    return this.fieldError(`f-string: ${msg}`, type, lineno, text, offset, endLineno, endOffset);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** A NAME token's identifier, NFKC-normalized as CPython stores it. */
  protected identifier(t: Token): string {
    return this.source.ascii ? t.text : t.text.normalize('NFKC');
  }
}

/** Replacement-field tokens: a synthetic `(`, the field's own tokens, a synthetic `)`, ENDMARKER. */
/**
 * Replacement-field tokens: a synthetic `(`, the field's own tokens, a synthetic `)`, ENDMARKER.
 * Columns follow CPython's sub-parser, which adds its starting column only to tokens that end on
 * the field's first line: a string starting there and ending on a later line keeps its column in
 * the "(expr)" buffer.
 */
class FieldTokens implements TokenSource {
  private state = 0;
  private readonly lpar: Token;
  private readonly tokenizer: Tokenizer;
  private readonly rpar: Token;
  private readonly firstLine: number;
  private readonly braceCol: number;
  private readonly shift: number;

  constructor(
    lpar: Token,
    tokenizer: Tokenizer,
    rpar: Token,
    firstLine: number,
    braceCol: number,
    shift: number,
  ) {
    this.lpar = lpar;
    this.tokenizer = tokenizer;
    this.rpar = rpar;
    this.firstLine = firstLine;
    this.braceCol = braceCol;
    this.shift = shift;
  }

  next(): Token {
    if (this.state === 0) {
      this.state = 1;
      return this.lpar;
    }
    if (this.state === 1) {
      const t = this.tokenizer.next();
      if (t.kind === Tok.EndMarker) {
        this.state = 2;
        return this.rpar;
      }
      if (t.endLineno === this.firstLine) {
        if (this.shift === 0) return t;
        return new Token(
          t.kind,
          t.text,
          t.start,
          t.end,
          t.lineno,
          t.col + this.shift,
          t.endLineno,
          t.endCol + this.shift,
          t.level,
        );
      }
      if (t.lineno === this.firstLine) {
        return new Token(
          t.kind,
          t.text,
          t.start,
          t.end,
          t.lineno,
          t.col - this.braceCol,
          t.endLineno,
          t.endCol,
          t.level,
        );
      }
      return t;
    }
    const r = this.rpar;
    return new Token(Tok.EndMarker, '', r.end, r.end, r.endLineno, r.endCol, r.endLineno, r.endCol, 0);
  }
}

function emptyArguments(): Arguments {
  return {
    nodeType: 'arguments',
    posonlyargs: [],
    args: [],
    vararg: null,
    kwonlyargs: [],
    kw_defaults: [],
    kwarg: null,
    defaults: [],
  };
}

function startsExpression(kind: TokenKind): boolean {
  return kind < 128 && EXPRESSION_START[kind] === 1;
}

function startsStarExpression(kind: TokenKind): boolean {
  return kind === Tok.Star || (kind < 128 && EXPRESSION_START[kind] === 1);
}

function startsTarget(kind: TokenKind): boolean {
  return kind === Tok.Name || kind === Tok.LPar || kind === Tok.LSqb || kind === Tok.Star;
}

function tokenLocation(t: Token): Located {
  return { lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
}
