import { PythonError } from '@memkit/runtime';
import type * as ast from '../parser/ast';

/** Where a name lives at run time, decided once per scope (CPython's `symtable.c`). */
export type Binding =
  /** A fast local: slot `index` of the frame. */
  | { kind: 'fast'; index: number }
  /** A cell or free variable: the cell in slot `index`. */
  | { kind: 'deref'; index: number }
  /** Module globals, then builtins (`LOAD_GLOBAL`). */
  | { kind: 'global' }
  /** The frame's locals mapping, then globals, then builtins (module and class bodies). */
  | { kind: 'name' }
  /** A class body reading a variable of an enclosing function (`LOAD_CLASSDEREF`). */
  | { kind: 'classderef'; index: number };

export type ScopeKind = 'module' | 'function' | 'class';

/**
 * One scope of a program: the module, a function, lambda or comprehension, or a class body.
 * Names are collected by `buildScopes`, then `resolve` decides each one's binding.
 */
export class Scope {
  readonly kind: ScopeKind;
  readonly name: string;
  readonly parent: Scope | null;
  readonly children = new Map<ast.AstNode, Scope>();
  /** Parameters in slot order (positional, `*args`, keyword-only, `**kwargs`). */
  readonly params: string[] = [];
  readonly assigned = new Set<string>();
  readonly used = new Set<string>();
  readonly declaredGlobal = new Set<string>();
  readonly declaredNonlocal = new Set<string>();
  /** Names an import statement binds here (CPython's DEF_IMPORT). */
  readonly imported = new Set<string>();
  /** Contains `yield`: calling it makes a generator. */
  isGenerator = false;
  /** Slot layout, filled by `resolve`: locals, then cells that are not locals, then free variables. */
  readonly slots: string[] = [];
  readonly cells = new Set<string>();
  readonly frees: string[] = [];
  private readonly bindings = new Map<string, Binding>();

  constructor(kind: ScopeKind, name: string, parent: Scope | null) {
    this.kind = kind;
    this.name = name;
    this.parent = parent;
  }

  get isFunction(): boolean {
    return this.kind === 'function';
  }

  /** Is `name` a local of this function scope (bound here and not declared elsewhere)? */
  bindsLocally(name: string): boolean {
    if (this.declaredGlobal.has(name) || this.declaredNonlocal.has(name)) return false;
    return this.assigned.has(name) || this.params.includes(name);
  }

  binding(name: string): Binding {
    const known = this.bindings.get(name);
    if (known !== undefined) return known;
    const binding = this.decide(name);
    this.bindings.set(name, binding);
    return binding;
  }

  /** Index of the slot holding `name`'s cell or local. */
  slotOf(name: string): number {
    return this.slots.indexOf(name);
  }

  private decide(name: string): Binding {
    if (this.kind === 'module') return { kind: 'name' };
    if (this.declaredGlobal.has(name)) return { kind: 'global' };
    if (this.kind === 'class') {
      if (this.assigned.has(name)) return { kind: 'name' };
      const free = this.frees.indexOf(name);
      return free >= 0 ? { kind: 'classderef', index: this.slots.indexOf(name) } : { kind: 'name' };
    }
    if (this.cells.has(name) || this.frees.includes(name)) return { kind: 'deref', index: this.slotOf(name) };
    if (this.bindsLocally(name)) return { kind: 'fast', index: this.slotOf(name) };
    return { kind: 'global' };
  }

  /**
   * Resolves free variables bottom-up: a name used but not bound here, bound by an enclosing
   * function, becomes free here (and in every scope between) and a cell there.
   */
  resolve(): void {
    for (const child of this.children.values()) child.resolve();
    if (this.kind === 'function') {
      for (const p of this.params) this.slots.push(p);
      for (const name of this.assigned) {
        if (this.bindsLocally(name) && !this.slots.includes(name)) this.slots.push(name);
      }
    }
    const wanted = new Set<string>(this.declaredNonlocal);
    for (const name of this.used) {
      if (this.kind === 'module' || this.declaredGlobal.has(name)) continue;
      if (this.kind === 'function' && this.bindsLocally(name)) continue;
      if (this.kind === 'class' && this.assigned.has(name)) continue;
      wanted.add(name);
    }
    for (const child of this.children.values()) for (const name of child.frees) wanted.add(name);
    for (const name of wanted) this.captureFromEnclosing(name);
  }

  private captureFromEnclosing(name: string): void {
    // A child needing this function's own local makes it a cell here (assignCells), not free.
    if (this.kind === 'function' && this.bindsLocally(name)) return;
    if (this.kind === 'class' && this.assigned.has(name) && !this.declaredNonlocal.has(name)) return;
    for (let scope = this.parent; scope !== null; scope = scope.parent) {
      if (scope.kind === 'module') return;
      if (scope.kind === 'class') continue;
      if (scope.bindsLocally(name) || scope.declaredNonlocal.has(name)) {
        this.addFree(name);
        return;
      }
      if (scope.declaredGlobal.has(name)) return;
    }
  }

  private addFree(name: string): void {
    if (this.frees.includes(name)) return;
    this.frees.push(name);
  }

  /** Second pass (top-down): names that children capture from here become cells. */
  assignCells(): void {
    if (this.kind === 'function') {
      for (const child of this.allDescendantsCapturing()) {
        for (const name of child.frees) if (this.bindsLocally(name)) this.cells.add(name);
      }
      for (const name of this.cells) if (!this.slots.includes(name)) this.slots.push(name);
    }
    for (const name of this.frees) if (!this.slots.includes(name)) this.slots.push(name);
    for (const child of this.children.values()) child.assignCells();
  }

  /** Children, and the children of class bodies (which capture through the class). */
  private allDescendantsCapturing(): Scope[] {
    const out: Scope[] = [];
    const walk = (scope: Scope) => {
      for (const child of scope.children.values()) {
        out.push(child);
        if (child.kind === 'class') walk(child);
      }
    };
    walk(this);
    return out;
  }
}

/** Builds the scope tree of a module and resolves every name. */
export function buildScopes(module: ast.Module): Scope {
  const root = new Scope('module', '<module>', null);
  const builder = new ScopeBuilder();
  builder.statements(root, module.body);
  root.resolve();
  root.assignCells();
  return root;
}

/**
 * symtable.c's nesting limit: `sys.getrecursionlimit()` × `COMPILER_STACK_FRAME_SCALE` (3)
 * statements and expressions deep, past which a script fails to compile.
 */
const NESTING_LIMIT = 1000 * 3;

class ScopeBuilder {
  private depth = 0;

  statements(scope: Scope, body: readonly ast.StmtNode[]): void {
    for (const stmt of body) this.statement(scope, stmt);
  }

  private enter(): void {
    if (++this.depth > NESTING_LIMIT) {
      throw new PythonError('RecursionError', 'maximum recursion depth exceeded during compilation');
    }
  }

  // No try/finally: an error abandons the whole build (and each JS frame counts here).
  private statement(scope: Scope, node: ast.StmtNode): void {
    this.enter();
    this.statementChildren(scope, node);
    this.depth--;
  }

  private statementChildren(scope: Scope, node: ast.StmtNode): void {
    switch (node.nodeType) {
      case 'FunctionDef': {
        for (const d of node.decorator_list) this.expression(scope, d);
        this.argumentDefaults(scope, node.args);
        if (node.returns !== null) this.expression(scope, node.returns);
        scope.assigned.add(node.name);
        const child = this.functionScope(scope, node, node.name, node.args);
        this.statements(child, node.body);
        return;
      }
      case 'ClassDef': {
        for (const d of node.decorator_list) this.expression(scope, d);
        for (const b of node.bases) this.expression(scope, b);
        for (const k of node.keywords) this.expression(scope, k.value);
        scope.assigned.add(node.name);
        const child = new Scope('class', node.name, scope);
        scope.children.set(node, child);
        this.statements(child, node.body);
        return;
      }
      case 'Global':
        for (const n of node.names) scope.declaredGlobal.add(n);
        return;
      case 'Nonlocal':
        for (const n of node.names) scope.declaredNonlocal.add(n);
        return;
      case 'Import':
      case 'ImportFrom':
        for (const alias of node.names) {
          if (alias.name === '*') continue;
          const bound = alias.asname ?? alias.name.split('.')[0];
          scope.assigned.add(bound);
          scope.imported.add(bound);
        }
        return;
      case 'Try':
        this.statements(scope, node.body);
        for (const handler of node.handlers) {
          if (handler.type !== null) this.expression(scope, handler.type);
          if (handler.name !== null) scope.assigned.add(handler.name);
          this.statements(scope, handler.body);
        }
        this.statements(scope, node.orelse);
        this.statements(scope, node.finalbody);
        return;
      default:
        this.children(scope, node);
    }
  }

  private functionScope(scope: Scope, node: ast.AstNode, name: string, args: ast.Arguments): Scope {
    const child = new Scope('function', name, scope);
    scope.children.set(node, child);
    for (const a of [...args.posonlyargs, ...args.args]) child.params.push(a.arg);
    if (args.vararg !== null) child.params.push(args.vararg.arg);
    for (const a of args.kwonlyargs) child.params.push(a.arg);
    if (args.kwarg !== null) child.params.push(args.kwarg.arg);
    const annotations = [...args.posonlyargs, ...args.args, ...args.kwonlyargs, args.vararg, args.kwarg];
    for (const a of annotations) if (a?.annotation) this.expression(scope, a.annotation);
    return child;
  }

  private argumentDefaults(scope: Scope, args: ast.Arguments): void {
    for (const d of args.defaults) this.expression(scope, d);
    for (const d of args.kw_defaults) if (d !== null) this.expression(scope, d);
  }

  expression(scope: Scope, node: ast.ExprNode): void {
    this.enter();
    this.expressionChildren(scope, node);
    this.depth--;
  }

  private expressionChildren(scope: Scope, node: ast.ExprNode): void {
    switch (node.nodeType) {
      case 'Name':
        if (node.ctx === 'Load') scope.used.add(node.id);
        else scope.assigned.add(node.id);
        return;
      case 'NamedExpr': {
        // The target binds in the nearest enclosing non-comprehension function (PEP 572).
        this.expression(scope, node.value);
        let target = scope;
        while (target.name.startsWith('<') && target.name.endsWith('comp>') && target.parent !== null) {
          target = target.parent;
        }
        target.assigned.add(node.target.id);
        if (target !== scope) scope.declaredNonlocal.add(node.target.id);
        return;
      }
      case 'Lambda': {
        this.argumentDefaults(scope, node.args);
        const child = this.functionScope(scope, node, '<lambda>', node.args);
        this.expression(child, node.body);
        return;
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp': {
        const [first, ...rest] = node.generators;
        this.expression(scope, first.iter);
        const names = {
          ListComp: '<listcomp>',
          SetComp: '<setcomp>',
          DictComp: '<dictcomp>',
          GeneratorExp: '<genexpr>',
        };
        const child = new Scope('function', names[node.nodeType], scope);
        scope.children.set(node, child);
        child.params.push('.0');
        if (node.nodeType === 'GeneratorExp') child.isGenerator = true;
        this.expression(child, first.target);
        for (const cond of first.ifs) this.expression(child, cond);
        for (const gen of rest) {
          this.expression(child, gen.iter);
          this.expression(child, gen.target);
          for (const cond of gen.ifs) this.expression(child, cond);
        }
        if (node.nodeType === 'DictComp') {
          this.expression(child, node.key);
          this.expression(child, node.value);
        } else {
          this.expression(child, node.elt);
        }
        return;
      }
      case 'Yield':
      case 'YieldFrom':
        scope.isGenerator = true;
        this.children(scope, node);
        return;
      default:
        this.children(scope, node);
    }
  }

  /** Visits every child node in field order, statements and expressions alike. */
  private children(scope: Scope, node: ast.AstNode): void {
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) this.child(scope, item);
      } else {
        this.child(scope, value);
      }
    }
  }

  private child(scope: Scope, value: unknown): void {
    if (value === null || typeof value !== 'object' || !('nodeType' in value)) return;
    const node = value as ast.AstNode;
    if (isStatement(node)) this.statement(scope, node);
    else if (isExpression(node)) this.expression(scope, node);
    else this.children(scope, node);
  }
}

const STATEMENTS = new Set([
  'FunctionDef',
  'ClassDef',
  'Return',
  'Delete',
  'Assign',
  'AugAssign',
  'AnnAssign',
  'For',
  'While',
  'If',
  'With',
  'Raise',
  'Try',
  'Assert',
  'Import',
  'ImportFrom',
  'Global',
  'Nonlocal',
  'Expr',
  'Pass',
  'Break',
  'Continue',
]);

function isStatement(node: ast.AstNode): node is ast.StmtNode {
  return STATEMENTS.has(node.nodeType);
}

function isExpression(node: ast.AstNode): node is ast.ExprNode {
  return (
    !STATEMENTS.has(node.nodeType) &&
    node.nodeType[0] >= 'A' &&
    node.nodeType[0] <= 'Z' &&
    node.nodeType !== 'Module' &&
    node.nodeType !== 'ExceptHandler'
  );
}
