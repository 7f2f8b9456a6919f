export type { RunOptions, RunResult } from './interpreter';
export { Interpreter } from './interpreter';
export type {
  Alias,
  AnnAssign,
  Arg,
  Arguments,
  Assert,
  Assign,
  AstNode,
  Attribute,
  AugAssign,
  BinOp,
  BoolOp,
  BoolOperator,
  Break,
  Call,
  ClassDef,
  CmpOperator,
  Compare,
  Comprehension,
  Constant,
  ConstantValue,
  Continue,
  Delete,
  Dict,
  DictComp,
  ExceptHandler,
  Expr,
  ExprContext,
  ExprNode,
  For,
  FormattedValue,
  FunctionDef,
  GeneratorExp,
  Global,
  If,
  IfExp,
  Import,
  ImportFrom,
  JoinedStr,
  Keyword,
  Lambda,
  List,
  ListComp,
  Located,
  Module,
  Name,
  NamedExpr,
  Nonlocal,
  Operator,
  Pass,
  Raise,
  Return,
  Set,
  SetComp,
  Slice,
  Starred,
  StmtNode,
  Subscript,
  Try,
  Tuple,
  UnaryOp,
  UnaryOperator,
  While,
  With,
  WithItem,
  Yield,
  YieldFrom,
} from './parser/ast';
export { ELLIPSIS, ImaginaryLiteral } from './parser/ast';
export type { ParseOptions } from './parser/parser';
export { parse } from './parser/parser';
export type { SourceInput } from './parser/source-text';
export { SourceText } from './parser/source-text';
export type { SyntaxErrorInit, SyntaxErrorOrigin, SyntaxErrorType } from './parser/syntax-error';
export { PySyntaxError } from './parser/syntax-error';
export { PySyntaxWarning } from './parser/syntax-warning';
export type { TokenKind } from './parser/token';
export { Tok, Token } from './parser/token';
export type { TokenizerOptions } from './parser/tokenizer';
export { Tokenizer, tokenize } from './parser/tokenizer';
