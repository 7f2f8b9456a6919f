import type { ExprContext, ExprNode } from './ast';
import { ELLIPSIS } from './ast';

/** What a target is for, which changes what is invalid (CPython's TARGETS_TYPE). */
export type TargetsType = 'star' | 'del' | 'for';

/**
 * The expression's name in CPython's error messages ("cannot assign to function call"), after
 * `_PyPegen_get_expr_name`.
 */
export function exprName(e: ExprNode): string {
  switch (e.nodeType) {
    case 'Attribute':
      return 'attribute';
    case 'Subscript':
      return 'subscript';
    case 'Starred':
      return 'starred';
    case 'Name':
      return 'name';
    case 'List':
      return 'list';
    case 'Tuple':
      return 'tuple';
    case 'Lambda':
      return 'lambda';
    case 'Call':
      return 'function call';
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp':
      return 'expression';
    case 'GeneratorExp':
      return 'generator expression';
    case 'Yield':
    case 'YieldFrom':
      return 'yield expression';
    case 'ListComp':
      return 'list comprehension';
    case 'SetComp':
      return 'set comprehension';
    case 'DictComp':
      return 'dict comprehension';
    case 'Dict':
      return 'dict literal';
    case 'Set':
      return 'set display';
    case 'JoinedStr':
    case 'FormattedValue':
      return 'f-string expression';
    case 'Constant':
      if (e.value === null) return 'None';
      if (e.value === false) return 'False';
      if (e.value === true) return 'True';
      if (e.value === ELLIPSIS) return 'ellipsis';
      return 'literal';
    case 'Compare':
      return 'comparison';
    case 'IfExp':
      return 'conditional expression';
    case 'NamedExpr':
      return 'named expression';
    case 'Slice':
      return 'slice';
  }
}

/**
 * The first part of `e` that cannot be a target, or null when all of it can, after CPython's
 * `_PyPegen_get_invalid_target`. Only lists and tuples are searched: any other container is
 * itself the invalid part.
 */
export function invalidTarget(e: ExprNode, type: TargetsType): ExprNode | null {
  switch (e.nodeType) {
    case 'List':
    case 'Tuple':
      for (const elt of e.elts) {
        const child = invalidTarget(elt, type);
        if (child !== null) return child;
      }
      return null;
    case 'Starred':
      return type === 'del' ? e : invalidTarget(e.value, type);
    case 'Compare':
      // `for a in b` reaches here parsed as the comparison `a in b`: look at its left side.
      if (type === 'for') return e.ops[0] === 'In' ? invalidTarget(e.left, type) : null;
      return e;
    case 'Name':
    case 'Subscript':
    case 'Attribute':
      return null;
    default:
      return e;
  }
}

/** Marks a (valid) target and everything it unpacks into as Store or Del. */
export function setContext(e: ExprNode, ctx: ExprContext): void {
  switch (e.nodeType) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      e.ctx = ctx;
      return;
    case 'Starred':
      e.ctx = ctx;
      setContext(e.value, ctx);
      return;
    case 'List':
    case 'Tuple':
      e.ctx = ctx;
      for (const elt of e.elts) setContext(elt, ctx);
      return;
    default:
      return;
  }
}
