import * as ast from '../parser/ast';
import { PySyntaxWarning } from '../parser/syntax-warning';
import { foldConstant } from './constant-folding';

/** Any AST node: what the walk below visits (statements, expressions and their helpers). */
type Node = { nodeType: string } & Record<string, unknown>;

/**
 * The SyntaxWarnings CPython's compiler emits for a module (Python/compile.c `check_compare`):
 * `x is 1`, `x is not "a"` — an identity test against a literal, after the AST optimizer has
 * folded constants (so `x is "a" * 3` warns too). Visited in the compiler's order: a function's
 * decorators, defaults and annotations before its body, a class's body before its bases, an
 * assignment's value before its targets, a comprehension's outermost iterable last.
 */
export function compileWarnings(
  module: ast.Module,
  filename: string,
  lines: readonly string[] | undefined,
): PySyntaxWarning[] {
  const warnings: PySyntaxWarning[] = [];
  const warn = (message: string, lineno: number) =>
    warnings.push(new PySyntaxWarning(message, filename, lineno, lines?.[lineno - 1] ?? null));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object' || !('nodeType' in value)) return;
    const node = value as Node;
    switch (node.nodeType) {
      case 'Compare':
        checkCompare(node as unknown as ast.Compare, warn);
        break;
      case 'FunctionDef':
      case 'AsyncFunctionDef':
      case 'Lambda': {
        const args = node.args as ast.Arguments;
        visit(node.decorator_list);
        visit(args.defaults);
        visit(args.kw_defaults);
        for (const arg of [...args.posonlyargs, ...args.args, args.vararg, ...args.kwonlyargs, args.kwarg])
          if (arg !== null) visit(arg.annotation);
        visit(node.returns);
        visit(node.body);
        return;
      }
      case 'ClassDef':
        visit(node.decorator_list);
        visit(node.body);
        visit(node.bases);
        visit(node.keywords);
        return;
      case 'Assign':
        visit(node.value);
        visit(node.targets);
        return;
      case 'ListComp':
      case 'SetComp':
      case 'GeneratorExp':
      case 'DictComp': {
        const [outer, ...inner] = node.generators as ast.Comprehension[];
        visit(outer.target);
        visit(outer.ifs);
        for (const generator of inner) {
          visit(generator.iter);
          visit(generator.target);
          visit(generator.ifs);
        }
        visit(node.elt);
        visit(node.key);
        visit(node.value);
        visit(outer.iter);
        return;
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'nodeType') visit(child);
  };
  visit(module.body);
  return warnings;
}

/** `check_is_arg`: false for an operand that folds to a constant other than None, bools and `...`. */
function isIdentityOperand(node: ast.ExprNode): boolean {
  const value = foldConstant(node);
  return value === undefined || value === null || typeof value === 'boolean' || value === ast.ELLIPSIS;
}

function checkCompare(node: ast.Compare, warn: (message: string, lineno: number) => void): void {
  // One warning per comparison chain: check_compare returns after the first.
  let left = isIdentityOperand(node.left);
  for (let i = 0; i < node.ops.length; i++) {
    const op = node.ops[i];
    const right = isIdentityOperand(node.comparators[i]);
    if ((op === 'Is' || op === 'IsNot') && (!left || !right)) {
      warn(
        op === 'Is'
          ? '"is" with a literal. Did you mean "=="?'
          : '"is not" with a literal. Did you mean "!="?',
        node.lineno,
      );
      return;
    }
    left = right;
  }
}
