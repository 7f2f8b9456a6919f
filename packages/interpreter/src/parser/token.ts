/**
 * Token kinds. Every operator and keyword has its own kind, so the parser dispatches on one small
 * integer instead of comparing strings. Soft keywords (`match`, `case`, `_`) are plain names.
 */
const TOKEN_KINDS = {
  EndMarker: 0,
  Name: 1,
  Number: 2,
  String: 3,
  Newline: 4,
  Indent: 5,
  Dedent: 6,
  /** Newline that does not end a logical line (blank line, or inside brackets); trivia only. */
  NL: 7,
  /** Comment; trivia only. */
  Comment: 8,
  /** A character that is no token (`$`, `?`, a lone `!`): the parser reports "invalid syntax" on it. */
  ErrorToken: 9,

  LPar: 10,
  RPar: 11,
  LSqb: 12,
  RSqb: 13,
  LBrace: 14,
  RBrace: 15,
  Colon: 16,
  Comma: 17,
  Semi: 18,
  Dot: 19,
  Ellipsis: 20,
  RArrow: 21,
  ColonEqual: 22,
  At: 23,
  Equal: 24,

  // Binary and unary operators.
  Plus: 30,
  Minus: 31,
  Star: 32,
  Slash: 33,
  DoubleSlash: 34,
  Percent: 35,
  DoubleStar: 36,
  VBar: 37,
  Amper: 38,
  Circumflex: 39,
  LeftShift: 40,
  RightShift: 41,
  Tilde: 42,

  // Comparisons.
  Less: 50,
  Greater: 51,
  EqEqual: 52,
  NotEqual: 53,
  LessEqual: 54,
  GreaterEqual: 55,

  // Augmented assignments.
  PlusEqual: 60,
  MinEqual: 61,
  StarEqual: 62,
  SlashEqual: 63,
  DoubleSlashEqual: 64,
  PercentEqual: 65,
  DoubleStarEqual: 66,
  VBarEqual: 67,
  AmperEqual: 68,
  CircumflexEqual: 69,
  LeftShiftEqual: 70,
  RightShiftEqual: 71,
  AtEqual: 72,

  // Keywords.
  False: 80,
  None: 81,
  True: 82,
  And: 83,
  As: 84,
  Assert: 85,
  Async: 86,
  Await: 87,
  Break: 88,
  Class: 89,
  Continue: 90,
  Def: 91,
  Del: 92,
  Elif: 93,
  Else: 94,
  Except: 95,
  Finally: 96,
  For: 97,
  From: 98,
  Global: 99,
  If: 100,
  Import: 101,
  In: 102,
  Is: 103,
  Lambda: 104,
  Nonlocal: 105,
  Not: 106,
  Or: 107,
  Pass: 108,
  Raise: 109,
  Return: 110,
  Try: 111,
  While: 112,
  With: 113,
  Yield: 114,
} as const;

/**
 * A token kind: one of the numbers in {@link Tok}. Typed as plain number so that comparing the
 * current token's kind again after consuming it does not trip TypeScript's narrowing.
 */
export type TokenKind = number;

export const Tok: { readonly [K in keyof typeof TOKEN_KINDS]: TokenKind } = TOKEN_KINDS;

/** Python 3.11's hard keywords. */
export const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['False', Tok.False],
  ['None', Tok.None],
  ['True', Tok.True],
  ['and', Tok.And],
  ['as', Tok.As],
  ['assert', Tok.Assert],
  ['async', Tok.Async],
  ['await', Tok.Await],
  ['break', Tok.Break],
  ['class', Tok.Class],
  ['continue', Tok.Continue],
  ['def', Tok.Def],
  ['del', Tok.Del],
  ['elif', Tok.Elif],
  ['else', Tok.Else],
  ['except', Tok.Except],
  ['finally', Tok.Finally],
  ['for', Tok.For],
  ['from', Tok.From],
  ['global', Tok.Global],
  ['if', Tok.If],
  ['import', Tok.Import],
  ['in', Tok.In],
  ['is', Tok.Is],
  ['lambda', Tok.Lambda],
  ['nonlocal', Tok.Nonlocal],
  ['not', Tok.Not],
  ['or', Tok.Or],
  ['pass', Tok.Pass],
  ['raise', Tok.Raise],
  ['return', Tok.Return],
  ['try', Tok.Try],
  ['while', Tok.While],
  ['with', Tok.With],
  ['yield', Tok.Yield],
]);

/**
 * One token. Positions are CPython's: 1-based lines, 0-based UTF-8 byte columns; `start`/`end`
 * index the (newline-normalized) source string. A NEWLINE token is zero-width at its `\n`, as
 * in CPython's tokenizer; INDENT/DEDENT sit at the first non-blank character of their line.
 */
export class Token {
  readonly kind: TokenKind;
  /** Source text of the token (a NEWLINE's is `'\n'`; INDENT/DEDENT/ENDMARKER have `''`). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly lineno: number;
  readonly col: number;
  readonly endLineno: number;
  readonly endCol: number;
  /** Bracket depth after this token, as CPython's `token->level` (`(` is at 1, its `)` at 0). */
  readonly level: number;

  constructor(
    kind: TokenKind,
    text: string,
    start: number,
    end: number,
    lineno: number,
    col: number,
    endLineno: number,
    endCol: number,
    level: number,
  ) {
    this.kind = kind;
    this.text = text;
    this.start = start;
    this.end = end;
    this.lineno = lineno;
    this.col = col;
    this.endLineno = endLineno;
    this.endCol = endCol;
    this.level = level;
  }
}
