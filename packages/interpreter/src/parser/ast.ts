/**
 * Python 3.11's abstract syntax tree, node for node as CPython's `ast` module builds it.
 *
 * Every node is a plain object whose `nodeType` is the Python class name (`'FunctionDef'`,
 * `'arguments'`, `'keyword'`…) and whose other fields carry CPython's field names and order
 * (`decorator_list`, `kw_defaults`, `end_col_offset`…), so `ast.dump()` output maps onto it one to
 * one. Optional fields hold `null`, never `undefined`, so every node of a type has one shape.
 *
 * Positions follow CPython exactly: `lineno`/`end_lineno` are 1-based; `col_offset`/
 * `end_col_offset` are 0-based **UTF-8 byte** offsets into the line, not character offsets (so
 * `é = 1` puts `1` at col_offset 5). Tabs count as one byte. Lines are split on `\n`, `\r\n` and `\r`.
 *
 * Left out on purpose: `type_comment` fields and `Module.type_ignores` (memkit never parses type
 * comments), and the node types of constructs memkit refuses (`AsyncFunctionDef`, `Await`, `Match`,
 * `TryStar`…): the parser raises a `PySyntaxError` naming them instead.
 */

/** A node's source span, as CPython's `ast` reports it (columns are UTF-8 byte offsets). */
export interface Located {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

export type ExprContext = 'Load' | 'Store' | 'Del';
export type BoolOperator = 'And' | 'Or';
export type Operator =
  | 'Add'
  | 'Sub'
  | 'Mult'
  | 'MatMult'
  | 'Div'
  | 'Mod'
  | 'Pow'
  | 'LShift'
  | 'RShift'
  | 'BitOr'
  | 'BitXor'
  | 'BitAnd'
  | 'FloorDiv';
export type UnaryOperator = 'Invert' | 'Not' | 'UAdd' | 'USub';
export type CmpOperator = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'Is' | 'IsNot' | 'In' | 'NotIn';

/** The imaginary literal `2j`: CPython's ast holds `complex(0, imag)`. */
export class ImaginaryLiteral {
  constructor(readonly imag: number) {}
}

/** The `...` literal (Python's `Ellipsis` singleton). */
export const ELLIPSIS: unique symbol = Symbol('Ellipsis');

/**
 * The value of a `Constant`: `None` → null, bool → boolean, int → bigint (every int, however
 * small, so an int never looks like a float), float → number, str → string (may hold lone
 * surrogates, as Python's str can), bytes → Uint8Array, complex → ImaginaryLiteral, `...` → ELLIPSIS.
 */
export type ConstantValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | ImaginaryLiteral
  | typeof ELLIPSIS;

// ---------------------------------------------------------------------------------------------
// Module and statements

export interface Module {
  nodeType: 'Module';
  body: StmtNode[];
}

export interface FunctionDef extends Located {
  nodeType: 'FunctionDef';
  name: string;
  args: Arguments;
  body: StmtNode[];
  decorator_list: ExprNode[];
  returns: ExprNode | null;
}

export interface ClassDef extends Located {
  nodeType: 'ClassDef';
  name: string;
  bases: ExprNode[];
  keywords: Keyword[];
  body: StmtNode[];
  decorator_list: ExprNode[];
}

export interface Return extends Located {
  nodeType: 'Return';
  value: ExprNode | null;
}

export interface Delete extends Located {
  nodeType: 'Delete';
  targets: ExprNode[];
}

export interface Assign extends Located {
  nodeType: 'Assign';
  targets: ExprNode[];
  value: ExprNode;
}

export interface AugAssign extends Located {
  nodeType: 'AugAssign';
  target: Name | Attribute | Subscript;
  op: Operator;
  value: ExprNode;
}

export interface AnnAssign extends Located {
  nodeType: 'AnnAssign';
  target: Name | Attribute | Subscript;
  annotation: ExprNode;
  value: ExprNode | null;
  /** 1 for a bare, unparenthesized name (the annotation is stored in `__annotations__`). */
  simple: number;
}

export interface For extends Located {
  nodeType: 'For';
  target: ExprNode;
  iter: ExprNode;
  body: StmtNode[];
  orelse: StmtNode[];
}

export interface While extends Located {
  nodeType: 'While';
  test: ExprNode;
  body: StmtNode[];
  orelse: StmtNode[];
}

export interface If extends Located {
  nodeType: 'If';
  test: ExprNode;
  body: StmtNode[];
  orelse: StmtNode[];
}

export interface With extends Located {
  nodeType: 'With';
  items: WithItem[];
  body: StmtNode[];
}

export interface Raise extends Located {
  nodeType: 'Raise';
  exc: ExprNode | null;
  cause: ExprNode | null;
}

export interface Try extends Located {
  nodeType: 'Try';
  body: StmtNode[];
  handlers: ExceptHandler[];
  orelse: StmtNode[];
  finalbody: StmtNode[];
}

export interface Assert extends Located {
  nodeType: 'Assert';
  test: ExprNode;
  msg: ExprNode | null;
}

export interface Import extends Located {
  nodeType: 'Import';
  names: Alias[];
}

export interface ImportFrom extends Located {
  nodeType: 'ImportFrom';
  module: string | null;
  names: Alias[];
  level: number;
}

export interface Global extends Located {
  nodeType: 'Global';
  names: string[];
}

export interface Nonlocal extends Located {
  nodeType: 'Nonlocal';
  names: string[];
}

/** An expression statement (Python's `ast.Expr`). */
export interface Expr extends Located {
  nodeType: 'Expr';
  value: ExprNode;
}

export interface Pass extends Located {
  nodeType: 'Pass';
}

export interface Break extends Located {
  nodeType: 'Break';
}

export interface Continue extends Located {
  nodeType: 'Continue';
}

/** Any statement (Python's abstract `ast.stmt`). */
export type StmtNode =
  | FunctionDef
  | ClassDef
  | Return
  | Delete
  | Assign
  | AugAssign
  | AnnAssign
  | For
  | While
  | If
  | With
  | Raise
  | Try
  | Assert
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | Expr
  | Pass
  | Break
  | Continue;

// ---------------------------------------------------------------------------------------------
// Expressions

export interface BoolOp extends Located {
  nodeType: 'BoolOp';
  op: BoolOperator;
  values: ExprNode[];
}

export interface NamedExpr extends Located {
  nodeType: 'NamedExpr';
  target: Name;
  value: ExprNode;
}

export interface BinOp extends Located {
  nodeType: 'BinOp';
  left: ExprNode;
  op: Operator;
  right: ExprNode;
}

export interface UnaryOp extends Located {
  nodeType: 'UnaryOp';
  op: UnaryOperator;
  operand: ExprNode;
}

export interface Lambda extends Located {
  nodeType: 'Lambda';
  args: Arguments;
  body: ExprNode;
}

export interface IfExp extends Located {
  nodeType: 'IfExp';
  test: ExprNode;
  body: ExprNode;
  orelse: ExprNode;
}

export interface Dict extends Located {
  nodeType: 'Dict';
  /** `null` where the value is a `**mapping` unpacking. */
  keys: (ExprNode | null)[];
  values: ExprNode[];
}

export interface Set extends Located {
  nodeType: 'Set';
  elts: ExprNode[];
}

export interface ListComp extends Located {
  nodeType: 'ListComp';
  elt: ExprNode;
  generators: Comprehension[];
}

export interface SetComp extends Located {
  nodeType: 'SetComp';
  elt: ExprNode;
  generators: Comprehension[];
}

export interface DictComp extends Located {
  nodeType: 'DictComp';
  key: ExprNode;
  value: ExprNode;
  generators: Comprehension[];
}

export interface GeneratorExp extends Located {
  nodeType: 'GeneratorExp';
  elt: ExprNode;
  generators: Comprehension[];
}

export interface Yield extends Located {
  nodeType: 'Yield';
  value: ExprNode | null;
}

export interface YieldFrom extends Located {
  nodeType: 'YieldFrom';
  value: ExprNode;
}

export interface Compare extends Located {
  nodeType: 'Compare';
  left: ExprNode;
  ops: CmpOperator[];
  comparators: ExprNode[];
}

export interface Call extends Located {
  nodeType: 'Call';
  func: ExprNode;
  args: ExprNode[];
  keywords: Keyword[];
}

export interface FormattedValue extends Located {
  nodeType: 'FormattedValue';
  value: ExprNode;
  /** -1 for none, else the code point of `s`, `r` or `a` (115, 114, 97), as in CPython. */
  conversion: number;
  format_spec: JoinedStr | null;
}

export interface JoinedStr extends Located {
  nodeType: 'JoinedStr';
  values: (Constant | FormattedValue)[];
}

export interface Constant extends Located {
  nodeType: 'Constant';
  value: ConstantValue;
  /** `'u'` for a string whose first part has a lowercase `u` prefix, else null (CPython's rule). */
  kind: 'u' | null;
}

export interface Attribute extends Located {
  nodeType: 'Attribute';
  value: ExprNode;
  attr: string;
  ctx: ExprContext;
}

export interface Subscript extends Located {
  nodeType: 'Subscript';
  value: ExprNode;
  slice: ExprNode;
  ctx: ExprContext;
}

export interface Starred extends Located {
  nodeType: 'Starred';
  value: ExprNode;
  ctx: ExprContext;
}

export interface Name extends Located {
  nodeType: 'Name';
  /** NFKC-normalized, as CPython stores identifiers. */
  id: string;
  ctx: ExprContext;
}

export interface List extends Located {
  nodeType: 'List';
  elts: ExprNode[];
  ctx: ExprContext;
}

export interface Tuple extends Located {
  nodeType: 'Tuple';
  elts: ExprNode[];
  ctx: ExprContext;
}

export interface Slice extends Located {
  nodeType: 'Slice';
  lower: ExprNode | null;
  upper: ExprNode | null;
  step: ExprNode | null;
}

/** Any expression (Python's abstract `ast.expr`). */
export type ExprNode =
  | BoolOp
  | NamedExpr
  | BinOp
  | UnaryOp
  | Lambda
  | IfExp
  | Dict
  | Set
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Yield
  | YieldFrom
  | Compare
  | Call
  | FormattedValue
  | JoinedStr
  | Constant
  | Attribute
  | Subscript
  | Starred
  | Name
  | List
  | Tuple
  | Slice;

// ---------------------------------------------------------------------------------------------
// Helper nodes

/** Comprehension clause `for target in iter if …` (`ast.comprehension`; no position, as in CPython). */
export interface Comprehension {
  nodeType: 'comprehension';
  target: ExprNode;
  iter: ExprNode;
  ifs: ExprNode[];
  is_async: number;
}

export interface ExceptHandler extends Located {
  nodeType: 'ExceptHandler';
  type: ExprNode | null;
  name: string | null;
  body: StmtNode[];
}

/** Parameter list of a function or lambda (`ast.arguments`; no position, as in CPython). */
export interface Arguments {
  nodeType: 'arguments';
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One entry per keyword-only parameter; `null` where it has no default. */
  kw_defaults: (ExprNode | null)[];
  kwarg: Arg | null;
  /** Defaults of the last positional parameters (posonly then regular). */
  defaults: ExprNode[];
}

export interface Arg extends Located {
  nodeType: 'arg';
  arg: string;
  annotation: ExprNode | null;
}

/** Keyword argument `arg=value`, or `**value` when `arg` is null. */
export interface Keyword extends Located {
  nodeType: 'keyword';
  arg: string | null;
  value: ExprNode;
}

export interface Alias extends Located {
  nodeType: 'alias';
  /** Dotted module or attribute name (`'os.path'`), or `'*'`. */
  name: string;
  asname: string | null;
}

/** One `expr as target` of a `with` statement (`ast.withitem`; no position, as in CPython). */
export interface WithItem {
  nodeType: 'withitem';
  context_expr: ExprNode;
  optional_vars: ExprNode | null;
}

/** Any node the parser produces. */
export type AstNode =
  | Module
  | StmtNode
  | ExprNode
  | Comprehension
  | ExceptHandler
  | Arguments
  | Arg
  | Keyword
  | Alias
  | WithItem;
