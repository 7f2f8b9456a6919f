import type * as ast from '../parser/ast';

/**
 * An estimate of `co_stacksize`: the deepest value stack the 3.11 compiler's bytecode for a body
 * needs. It sizes frames and generators (`sys.getsizeof(gen)` is 152 + 8 × (locals + stack) + 16),
 * so it follows the compiler's instruction sequences for the common shapes: a call pushes NULL and
 * the callable before its arguments, a `for` loop keeps its iterator, a method call pushes the
 * object and the method.
 */
export function bodyStackDepth(body: readonly ast.StmtNode[], isGenerator: boolean): number {
  return Math.max(isGenerator ? 1 : 0, block(body, 0));
}

/** The stack a generator expression's body needs: the `.0` iterator, the target, the element. */
export function generatorExpressionDepth(node: ast.GeneratorExp): number {
  let depth = 1;
  let base = 1;
  node.generators.forEach((gen, i) => {
    if (i > 0) depth = Math.max(depth, base + expr(gen.iter));
    base += i > 0 ? 1 : 0;
    depth = Math.max(depth, base + 1, base + target(gen.target), ...gen.ifs.map((c) => base + expr(c)));
  });
  return Math.max(depth, base + expr(node.elt));
}

function block(body: readonly ast.StmtNode[], base: number): number {
  let depth = base;
  for (const s of body) depth = Math.max(depth, stmt(s, base));
  return depth;
}

function target(node: ast.ExprNode): number {
  switch (node.nodeType) {
    case 'Tuple':
    case 'List':
      return Math.max(node.elts.length, ...node.elts.map(target));
    case 'Attribute':
      return 1 + expr(node.value);
    case 'Subscript':
      return 1 + Math.max(expr(node.value), 1 + expr(node.slice));
    default:
      return 1;
  }
}

function stmt(node: ast.StmtNode, base: number): number {
  switch (node.nodeType) {
    case 'Expr':
    case 'Return':
      return base + (node.value === null ? 1 : expr(node.value));
    case 'Assign':
      return base + Math.max(expr(node.value), ...node.targets.map((t) => 1 + target(t) - 1));
    case 'AugAssign':
      return base + 1 + Math.max(target(node.target), expr(node.value));
    case 'AnnAssign':
      return base + (node.value === null ? 0 : Math.max(expr(node.value), target(node.target)));
    case 'For':
      return Math.max(
        base + expr(node.iter),
        base + 1 + target(node.target),
        block(node.body, base + 1),
        block(node.orelse, base),
      );
    case 'While':
      return Math.max(base + expr(node.test), block(node.body, base), block(node.orelse, base));
    case 'If':
      return Math.max(base + expr(node.test), block(node.body, base), block(node.orelse, base));
    case 'With':
      return Math.max(
        ...node.items.map((item) => base + 1 + expr(item.context_expr)),
        block(node.body, base + 1 + node.items.length),
      );
    case 'Try':
      return Math.max(
        block(node.body, base),
        ...node.handlers.map((h) =>
          Math.max(base + 2 + (h.type === null ? 0 : expr(h.type)), block(h.body, base + 1)),
        ),
        block(node.orelse, base),
        block(node.finalbody, base + 1),
      );
    case 'Raise':
      return (
        base +
        Math.max(node.exc === null ? 0 : expr(node.exc), node.cause === null ? 0 : 1 + expr(node.cause))
      );
    case 'Assert':
      return base + Math.max(expr(node.test), 1 + (node.msg === null ? 0 : expr(node.msg)));
    case 'Delete':
      return base + Math.max(0, ...node.targets.map(target));
    case 'FunctionDef':
      return base + 1 + Math.max(0, node.args.defaults.length > 0 ? 1 : 0) + node.decorator_list.length;
    case 'ClassDef':
      return base + 4 + node.bases.length + node.decorator_list.length;
    case 'Import':
    case 'ImportFrom':
      return base + 2;
    default:
      return base;
  }
}

function call(node: ast.Call): number {
  // PUSH_NULL + callable (or object + method for `obj.m(...)`), then the arguments in order.
  const head = node.func.nodeType === 'Attribute' ? expr(node.func.value) + 1 : 1 + expr(node.func);
  let depth = Math.max(2, head);
  const args = [...node.args, ...node.keywords.map((k) => k.value)];
  args.forEach((a, i) => {
    depth = Math.max(depth, 2 + i + expr(a));
  });
  return Math.max(depth, 2 + args.length + (node.keywords.length > 0 ? 1 : 0));
}

/** The stack an expression needs (a lambda's body). */
export function expressionDepth(node: ast.ExprNode): number {
  return expr(node);
}

function expr(node: ast.ExprNode): number {
  switch (node.nodeType) {
    case 'Constant':
    case 'Name':
      return 1;
    case 'BinOp':
      return Math.max(expr(node.left), 1 + expr(node.right));
    case 'UnaryOp':
      return expr(node.operand);
    case 'BoolOp':
      return Math.max(...node.values.map(expr));
    case 'Compare':
      return Math.max(
        expr(node.left),
        ...node.comparators.map((c) => 1 + expr(c)),
        node.ops.length > 1 ? 3 : 0,
      );
    case 'IfExp':
      return Math.max(expr(node.test), expr(node.body), expr(node.orelse));
    case 'Call':
      return call(node);
    case 'Attribute':
      return expr(node.value);
    case 'Subscript':
      return Math.max(expr(node.value), 1 + expr(node.slice));
    case 'Slice':
      return Math.max(
        node.lower === null ? 1 : expr(node.lower),
        1 + (node.upper === null ? 1 : expr(node.upper)),
        node.step === null ? 0 : 2 + expr(node.step),
      );
    case 'List':
    case 'Tuple':
    case 'Set':
      return Math.max(1, node.elts.length, ...node.elts.map((e, i) => i + expr(e)));
    case 'Dict':
      return Math.max(1, 2 * node.keys.length, ...node.values.map((v, i) => 2 * i + 1 + expr(v)));
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
    case 'GeneratorExp':
      // MAKE_FUNCTION, the outermost iterable, GET_ITER, CALL.
      return Math.max(2, 1 + expr(node.generators[0].iter));
    case 'JoinedStr':
      return Math.max(1, node.values.length, ...node.values.map((v, i) => i + expr(v)));
    case 'FormattedValue':
      return expr(node.value) + (node.format_spec === null ? 0 : 1);
    case 'NamedExpr':
      return expr(node.value) + 1;
    case 'Starred':
      return expr(node.value);
    case 'Yield':
      return node.value === null ? 1 : expr(node.value);
    case 'YieldFrom':
      return expr(node.value) + 1;
    case 'Lambda':
      return 1 + (node.args.defaults.length > 0 ? 1 : 0);
  }
}
