import {
  type PyBaseException,
  type PyFunction,
  PyGenerator,
  type PyObject,
  PythonError,
} from '@memkit/runtime';
import type * as ast from '../parser/ast';
import { Completion, type CompletionValue, type Expr } from './compiled-code';
import { callMethodByName, iteratedDisplay } from './compiler';
import type { Frame } from './frame';
import { closeGenerator, type GenStmt, stepGenerator } from './generators';
import { nextItem, takeIterator } from './iteration';
import { compareBool, inplaceOp, truthy } from './operators';
import { clauseMatches, PyRaise, raisedWhileHandling, toPyException } from './raise';
import { addTracebackEntry } from './tracebacks';
import type { Vm } from './vm';

const { normal, break: BREAK, return: RETURN } = Completion;

/** An expression that may suspend at a `yield`: returns its value (a new reference). */
export type GenExpr = (frame: Frame) => Generator<PyObject, PyObject, PyObject>;

/** A store into a target that may suspend at a `yield`; it takes the value (a new reference). */
type GenStore = (frame: Frame, value: PyObject) => Generator<PyObject, void, PyObject>;

type Comprehension = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp;

/** What the generator compiler needs from the statement compiler. */
export interface StatementCompiler {
  expression(node: ast.ExprNode): Expr;
  comprehensionParts<T>(
    node: Comprehension,
    compileIterable: () => T,
  ): {
    makeFunction: (f: Frame) => PyFunction;
    call: (f: Frame, fn: PyFunction, iterable: PyObject) => PyObject;
    iterable: T;
  };
  condition(node: ast.ExprNode): (f: Frame) => boolean;
  store(node: ast.ExprNode): (f: Frame, value: PyObject) => void;
  statement(node: ast.StmtNode): (f: Frame) => CompletionValue;
  loadName(name: string, at: ast.Located): Expr;
  storeName(name: string): (f: Frame, value: PyObject) => void;
  deleteName(name: string): (f: Frame) => void;
  countNode(): void;
}

/** Prefix of the names `splitChildren` gives already-evaluated operands; no identifier starts so. */
export const TEMP_PREFIX = '.temp';

/**
 * Compiles a generator's body to JavaScript generators. Only statements and expressions that
 * contain a `yield` are compiled as generator code; the rest run as ordinary closures. An
 * operation with a `yield` among its operands evaluates the operands first (suspending as they
 * do), then runs the ordinary closure of the operation over those values (`f.temps`), so every
 * operation keeps one implementation — and CPython's left-to-right evaluation order.
 */
export class GeneratorCompiler {
  private readonly vm: Vm;
  private readonly c: StatementCompiler;

  constructor(vm: Vm, compiler: StatementCompiler) {
    this.vm = vm;
    this.c = compiler;
  }

  block(body: readonly ast.StmtNode[]): GenStmt {
    const stmts = body.map((s) => this.statement(s));
    return function* (f) {
      for (const stmt of stmts) {
        const c = yield* stmt(f);
        if (c !== normal) return c;
      }
      return normal;
    };
  }

  private statement(node: ast.StmtNode): GenStmt {
    if (!containsYield(node)) {
      const stmt = this.c.statement(node);
      // biome-ignore lint/correctness/useYield: a statement without yield runs in one step.
      return function* (f) {
        return stmt(f);
      };
    }
    this.c.countNode();
    const inner = this.statementBody(node);
    const line = node.lineno;
    const events = this.vm.runtime.events;
    return function* (f) {
      f.lineno = line;
      f.at = node;
      if (events.hasExecutionListeners) events.emitLine(f.location);
      return yield* inner(f);
    };
  }

  private statementBody(node: ast.StmtNode): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    switch (node.nodeType) {
      case 'Expr': {
        const value = this.expression(node.value);
        return function* (f) {
          rt.decref(yield* value(f));
          return normal;
        };
      }
      case 'Assign': {
        const value = this.expression(node.value);
        if (node.targets.some(containsYield)) {
          // The value first, then each target left to right, its operands evaluated as it stores.
          const targets = node.targets.map((t) => this.target(t));
          const last = targets.length - 1;
          return function* (f) {
            const v = yield* value(f);
            try {
              for (let i = 0; i < last; i++) yield* targets[i](f, rt.share(v));
            } catch (error) {
              rt.decref(v);
              throw error;
            }
            yield* targets[last](f, v);
            return normal;
          };
        }
        const targets = node.targets.map((t) => this.c.store(t));
        return function* (f) {
          const v = yield* value(f);
          for (let i = 0; i < targets.length - 1; i++) targets[i](f, rt.share(v));
          targets[targets.length - 1](f, v);
          return normal;
        };
      }
      case 'AnnAssign': {
        if (node.value === null || containsYield(node.target) || containsYield(node.annotation)) break;
        const value = this.expression(node.value);
        const target = this.c.store(node.target);
        return function* (f) {
          target(f, yield* value(f));
          return normal;
        };
      }
      case 'AugAssign': {
        // The target is read before the value is evaluated.
        if (node.target.nodeType === 'Attribute' || node.target.nodeType === 'Subscript') {
          return this.augmentedItem(node, node.target);
        }
        if (node.target.nodeType !== 'Name') break;
        const load = this.c.loadName(node.target.id, node.target);
        const store = this.c.storeName(node.target.id);
        const value = this.expression(node.value);
        const op = node.op;
        return function* (f) {
          const current = load(f);
          let operand: PyObject;
          try {
            operand = yield* value(f);
          } catch (error) {
            rt.decref(current);
            throw error;
          }
          f.at = node;
          try {
            store(f, inplaceOp(vm, op, current, operand));
          } finally {
            rt.decref(current);
            rt.decref(operand);
          }
          return normal;
        };
      }
      case 'Return': {
        const value = node.value === null ? null : this.expression(node.value);
        return function* (f) {
          f.returnValue = value === null ? rt.share(rt.none) : yield* value(f);
          return RETURN;
        };
      }
      case 'If': {
        const test = this.test(node.test);
        const body = this.block(node.body);
        const orelse = this.block(node.orelse);
        return function* (f) {
          return (yield* test(f)) ? yield* body(f) : yield* orelse(f);
        };
      }
      case 'While': {
        const test = this.test(node.test);
        const body = this.block(node.body);
        const orelse = this.block(node.orelse);
        const line = node.lineno;
        const events = rt.events;
        return function* (f) {
          while (yield* test(f)) {
            const c = yield* body(f);
            if (c === BREAK) return normal;
            if (c === RETURN) return c;
            // As in the plain loop: the test runs again on the `while` line, which tracers see.
            f.lineno = line;
            if (events.hasExecutionListeners) events.emitLine(f.location);
          }
          return yield* orelse(f);
        };
      }
      case 'For': {
        if (containsYield(node.target)) return this.forWithYieldingTarget(node);
        const iterable = this.expression(node.iter);
        const target = this.c.store(node.target);
        const body = this.block(node.body);
        const orelse = this.block(node.orelse);
        const line = node.lineno;
        const events = rt.events;
        return function* (f) {
          const source = yield* iterable(f);
          f.at = node;
          const iterator = takeIterator(vm, source);
          try {
            for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
              target(f, item);
              const c = yield* body(f);
              if (c === BREAK) return normal;
              if (c === RETURN) return c;
              // As in the plain loop: FOR_ITER runs again on the `for` line, once more per item,
              // also after the generator was resumed inside the body.
              f.lineno = line;
              f.at = node;
              if (events.hasExecutionListeners) events.emitLine(f.location);
            }
          } finally {
            rt.decref(iterator);
          }
          return yield* orelse(f);
        };
      }
      case 'Try':
        return this.tryStatement(node);
      case 'With':
        return this.withStatement(node);
    }
    throw new PythonError(
      'NotImplementedError',
      `memkit does not run 'yield' inside ${describeStatement(node)} yet`,
    );
  }

  /** A `for` whose target has a `yield` in it: each item is stored as the target suspends. */
  private forWithYieldingTarget(node: ast.For): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const iterable = this.expression(node.iter);
    const target = this.target(node.target);
    const body = this.block(node.body);
    const orelse = this.block(node.orelse);
    const line = node.lineno;
    const events = rt.events;
    return function* (f) {
      const source = yield* iterable(f);
      f.at = node;
      const iterator = takeIterator(vm, source);
      try {
        for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
          yield* target(f, item);
          const c = yield* body(f);
          if (c === BREAK) return normal;
          if (c === RETURN) return c;
          f.lineno = line;
          f.at = node;
          if (events.hasExecutionListeners) events.emitLine(f.location);
        }
      } finally {
        rt.decref(iterator);
      }
      return yield* orelse(f);
    };
  }

  /**
   * `obj.attr op= value` / `obj[key] op= value` as CPython 3.11 runs them: the target's operands
   * first, then the current value is read (`LOAD_ATTR` / `BINARY_SUBSCR` on copies), then the
   * value; across a `yield` in the value the frame holds the operands and the current value.
   */
  private augmentedItem(node: ast.AugAssign, target: ast.Attribute | ast.Subscript): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const { shell, children } = splitTarget(target);
    const operands = children.map((c) => this.expression(c));
    const load = this.c.expression({ ...shell, ctx: 'Load' } as ast.ExprNode);
    const store = this.c.store(shell);
    const value = this.expression(node.value);
    const op = node.op;
    return function* (f) {
      const parts = yield* evaluateAll(rt, operands, f);
      let current: PyObject;
      try {
        current = withTemps(
          rt,
          f,
          parts.map((p) => (p === null ? null : rt.share(p))),
          () => load(f),
        );
      } catch (error) {
        release(rt, parts);
        throw error;
      }
      let result: PyObject;
      try {
        const operand = yield* value(f);
        f.at = node;
        try {
          result = inplaceOp(vm, op, current, operand);
        } finally {
          rt.decref(operand);
        }
      } catch (error) {
        release(rt, parts);
        throw error;
      } finally {
        rt.decref(current);
      }
      withTemps(rt, f, parts, () => store(f, result));
      return normal;
    };
  }

  /**
   * Stores into an assignment target that may contain `yield`. As CPython: the value is already
   * computed; an attribute's or subscript's operands are evaluated when it stores, and a tuple or
   * list target unpacks first, then stores each item in turn.
   */
  private target(node: ast.ExprNode): GenStore {
    const rt = this.vm.runtime;
    if (!containsYield(node)) {
      const store = this.c.store(node);
      // biome-ignore lint/correctness/useYield: a target without yield stores in one step.
      return function* (f, value) {
        store(f, value);
      };
    }
    switch (node.nodeType) {
      case 'Attribute':
      case 'Subscript': {
        const { shell, children } = splitTarget(node);
        const operands = children.map((c) => this.expression(c));
        const store = this.c.store(shell);
        return function* (f, value) {
          let parts: (PyObject | null)[];
          try {
            parts = yield* evaluateAll(rt, operands, f);
          } catch (error) {
            rt.decref(value);
            throw error;
          }
          withTemps(rt, f, parts, () => store(f, value));
        };
      }
      case 'Starred':
        return this.target(node.value);
      case 'Tuple':
      case 'List': {
        // UNPACK_SEQUENCE / UNPACK_EX into temporaries, then each target takes its item.
        const temps = node.elts.map((e, i): ast.ExprNode => {
          const name: ast.Name = {
            ...positionOf(e),
            nodeType: 'Name',
            id: `${TEMP_PREFIX}${i}`,
            ctx: 'Store',
          };
          return e.nodeType === 'Starred' ? { ...e, value: name } : name;
        });
        const unpack = this.c.store({ ...node, elts: temps } as ast.ExprNode);
        const targets = node.elts.map((e) => this.target(e));
        return function* (f, value) {
          const items: (PyObject | null)[] = targets.map(() => null);
          withTemps(rt, f, items, () => unpack(f, value), false);
          for (let i = 0; i < targets.length; i++) {
            const item = items[i] as PyObject;
            items[i] = null;
            try {
              yield* targets[i](f, item);
            } catch (error) {
              release(rt, items);
              throw error;
            }
          }
        };
      }
    }
    throw new PythonError(
      'NotImplementedError',
      `memkit does not run 'yield' inside a ${node.nodeType} target`,
    );
  }

  private tryStatement(node: ast.Try): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const body = this.block(node.body);
    const handlers = node.handlers.map((h) => {
      return {
        clause: h,
        type: h.type === null ? null : this.expression(h.type),
        store: h.name === null ? null : this.c.storeName(h.name),
        unbind: h.name === null ? null : this.c.deleteName(h.name),
        body: this.block(h.body),
      };
    });
    const orelse = node.orelse.length > 0 ? this.block(node.orelse) : null;
    const finalbody = node.finalbody.length > 0 ? this.block(node.finalbody) : null;
    // As the ordinary try statement's handler search, with handler bodies that may yield.
    const handle = function* (f: Frame, error: unknown): Generator<PyObject, CompletionValue, PyObject> {
      const exception = toPyException(rt, error);
      addTracebackEntry(vm, exception, f);
      const context = vm.handling[vm.handling.length - 1];
      if (context !== undefined && exception.context === null && context !== exception) {
        exception.context = rt.share(context);
      }
      for (const h of handlers) {
        if (h.type !== null) {
          // A clause's type is evaluated only when the search reaches it, while the exception is
          // being handled (CPython's PUSH_EXC_INFO comes first), and may suspend at a `yield`.
          let matches: boolean;
          vm.handling.push(exception);
          try {
            const type = yield* h.type(f);
            f.at = h.clause;
            matches = clauseMatches(rt, exception, type);
          } catch (error) {
            const raised = raisedWhileHandling(rt, error, exception);
            rt.decref(exception);
            throw raised;
          } finally {
            vm.handling.pop();
          }
          if (!matches) continue;
        }
        vm.handling.push(exception);
        try {
          if (h.store !== null) h.store(f, rt.share(exception));
          return yield* h.body(f);
        } catch (error) {
          throw raisedWhileHandling(rt, error, exception);
        } finally {
          vm.handling.pop();
          rt.decref(exception);
          if (h.store !== null && h.unbind !== null) {
            h.store(f, rt.share(rt.none));
            h.unbind(f);
          }
        }
      }
      throw new PyRaise(exception);
    };
    const tryExcept: GenStmt =
      handlers.length === 0
        ? body
        : function* (f) {
            let completion: CompletionValue;
            try {
              completion = yield* body(f);
            } catch (error) {
              return yield* handle(f, error);
            }
            return orelse === null || completion !== normal ? completion : yield* orelse(f);
          };
    if (finalbody === null) return tryExcept;
    return function* (f) {
      let completion: CompletionValue;
      try {
        completion = yield* tryExcept(f);
      } catch (error) {
        const exception = toPyException(rt, error);
        addTracebackEntry(vm, exception, f);
        let c: CompletionValue;
        try {
          c = yield* finalbody(f);
        } catch (inner) {
          rt.decref(exception);
          throw inner;
        }
        if (c !== normal) {
          rt.decref(exception);
          return c;
        }
        throw new PyRaise(exception);
      }
      const pending = completion === RETURN ? f.returnValue : null;
      const c = yield* finalbody(f);
      if (c !== normal) {
        if (pending !== null && c === RETURN && f.returnValue !== pending) rt.decref(pending);
        return c;
      }
      return completion;
    };
  }

  private withStatement(node: ast.With): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    if (node.items.length !== 1) {
      const [first, ...rest] = node.items;
      return this.withStatement({ ...node, items: [first], body: [{ ...node, items: rest }] });
    }
    const [item] = node.items;
    const manager = this.expression(item.context_expr);
    const target = item.optional_vars === null ? null : this.target(item.optional_vars);
    const body = this.block(node.body);
    const exit = (m: PyObject, args: PyObject[]): PyObject =>
      callMethodByName(vm, rt.share(m), '__exit__', args, null);
    return function* (f) {
      const m = yield* manager(f);
      f.at = node;
      try {
        const entered = callMethodByName(vm, rt.share(m), '__enter__', [], null);
        let completion: CompletionValue;
        try {
          // As CPython's SETUP_WITH: storing the target is inside the block `__exit__` guards.
          if (target !== null) yield* target(f, entered);
          else rt.decref(entered);
          completion = yield* body(f);
        } catch (error) {
          const exception = toPyException(rt, error);
          addTracebackEntry(vm, exception, f);
          f.at = node;
          const traceback = exception.traceback ?? rt.none;
          const suppress = exit(m, [rt.share(exception.type), rt.share(exception), rt.share(traceback)]);
          const swallow = truthy(vm, suppress);
          rt.decref(suppress);
          if (swallow) {
            rt.decref(exception);
            return normal;
          }
          throw new PyRaise(exception);
        }
        f.at = node;
        const none = rt.none;
        rt.decref(exit(m, [rt.share(none), rt.share(none), rt.share(none)]));
        return completion;
      } finally {
        rt.decref(m);
      }
    };
  }

  /** A condition that may contain `yield`, as a JS boolean. */
  private test(node: ast.ExprNode): (f: Frame) => Generator<PyObject, boolean, PyObject> {
    const rt = this.vm.runtime;
    const vm = this.vm;
    if (!containsYield(node)) {
      const condition = this.c.condition(node);
      // biome-ignore lint/correctness/useYield: a condition without yield runs in one step.
      return function* (f) {
        return condition(f);
      };
    }
    const value = this.expression(node);
    return function* (f) {
      const v = yield* value(f);
      try {
        return truthy(vm, v);
      } finally {
        rt.decref(v);
      }
    };
  }

  // --- Expressions --------------------------------------------------------------------------

  /** An expression that may contain `yield`; returns its value (a new reference). */
  expression(node: ast.ExprNode): GenExpr {
    const rt = this.vm.runtime;
    const vm = this.vm;
    if (!containsYield(node)) {
      const value = this.c.expression(node);
      // biome-ignore lint/correctness/useYield: an expression without yield runs in one step.
      return function* (f) {
        return value(f);
      };
    }
    switch (node.nodeType) {
      case 'Yield': {
        const value = node.value === null ? null : this.expression(node.value);
        return function* (f) {
          const v = value === null ? rt.share(rt.none) : yield* value(f);
          f.at = node;
          return yield v;
        };
      }
      case 'YieldFrom':
        return this.yieldFrom(node);
      case 'BoolOp': {
        const values = node.values.map((v) => this.expression(v));
        const isAnd = node.op === 'And';
        return function* (f) {
          let result = yield* values[0](f);
          for (let i = 1; i < values.length; i++) {
            if (truthy(vm, result) !== isAnd) return result;
            rt.decref(result);
            result = yield* values[i](f);
          }
          return result;
        };
      }
      case 'IfExp': {
        const test = this.test(node.test);
        const body = this.expression(node.body);
        const orelse = this.expression(node.orelse);
        return function* (f) {
          return (yield* test(f)) ? yield* body(f) : yield* orelse(f);
        };
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp':
        return this.comprehension(node);
      case 'Compare': {
        if (node.ops.length === 1) break;
        const left = this.expression(node.left);
        const rights = node.comparators.map((c) => this.expression(c));
        const ops = node.ops;
        return function* (f) {
          let a = yield* left(f);
          try {
            for (let i = 0; i < ops.length; i++) {
              const b = yield* rights[i](f);
              f.at = node;
              const ok = compareBool(vm, ops[i], a, b);
              rt.decref(a);
              a = b;
              if (!ok) return rt.newBool(false);
            }
            return rt.newBool(true);
          } finally {
            rt.decref(a);
          }
        };
      }
    }
    const split = splitChildren(node);
    if (split === null) {
      throw new PythonError('NotImplementedError', `memkit does not run 'yield' inside ${node.nodeType} yet`);
    }
    const operands = split.children.map((c) => this.expression(c));
    const operation = this.c.expression(split.shell);
    return function* (f) {
      const values = yield* evaluateAll(rt, operands, f);
      return withTemps(rt, f, values, () => operation(f));
    };
  }

  /**
   * A comprehension whose first iterable has a `yield`: CPython makes the comprehension's
   * function first (`MAKE_FUNCTION`), so the function is alive across the suspension.
   */
  private comprehension(node: Comprehension): GenExpr {
    const rt = this.vm.runtime;
    const { makeFunction, call, iterable } = this.c.comprehensionParts(node, () =>
      this.expression(iteratedDisplay(node.generators[0].iter)),
    );
    return function* (f) {
      const fn = makeFunction(f);
      try {
        return call(f, fn, yield* iterable(f));
      } finally {
        rt.decref(fn);
      }
    };
  }

  /**
   * `yield from`: values sent and exceptions thrown pass through to a generator being delegated
   * to; its return value is the expression's value. Other iterators are iterated.
   */
  private yieldFrom(node: ast.YieldFrom): GenExpr {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const value = this.expression(node.value);
    return function* (f) {
      const iterator = takeIterator(vm, yield* value(f));
      try {
        if (!(iterator instanceof PyGenerator)) {
          for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
            f.at = node;
            rt.decref(yield item);
          }
          return rt.share(rt.none);
        }
        let sent: PyObject | null = null;
        let thrown: PyBaseException | null = null;
        for (;;) {
          const step = stepGenerator(vm, iterator, sent, thrown);
          if (step.done) return step.value;
          sent = null;
          thrown = null;
          f.at = node;
          try {
            sent = yield step.value;
          } catch (error) {
            const exception = toPyException(rt, error);
            if (exception.type.isSubtypeOf(rt.types.GeneratorExit)) {
              closeGenerator(vm, iterator);
              throw new PyRaise(exception);
            }
            thrown = exception;
          }
        }
      } finally {
        rt.decref(iterator);
      }
    };
  }
}

/**
 * An operation whose operands contain `yield`, split into the operands (in evaluation order)
 * and a copy of the node reading them back as temporaries. Null for nodes not handled.
 */
function splitChildren(node: ast.ExprNode): { shell: ast.ExprNode; children: ast.ExprNode[] } | null {
  const children: ast.ExprNode[] = [];
  const temp = (child: ast.ExprNode): ast.Name => {
    const id = `${TEMP_PREFIX}${children.length}`;
    children.push(child);
    return { ...positionOf(child), nodeType: 'Name', id, ctx: 'Load' };
  };
  const element = (e: ast.ExprNode): ast.ExprNode =>
    e.nodeType === 'Starred' ? { ...e, value: temp(e.value) } : temp(e);
  let shell: ast.ExprNode;
  switch (node.nodeType) {
    case 'BinOp':
      shell = { ...node, left: temp(node.left), right: temp(node.right) };
      break;
    case 'UnaryOp':
      shell = { ...node, operand: temp(node.operand) };
      break;
    case 'Compare':
      shell = { ...node, left: temp(node.left), comparators: node.comparators.map(temp) };
      break;
    case 'Call': {
      const func =
        node.func.nodeType === 'Attribute' ? { ...node.func, value: temp(node.func.value) } : temp(node.func);
      const args = node.args.map(element);
      const keywords = node.keywords.map((k) => ({ ...k, value: temp(k.value) }));
      shell = { ...node, func, args, keywords };
      break;
    }
    case 'Attribute':
      shell = { ...node, value: temp(node.value) };
      break;
    case 'Subscript':
      shell = { ...node, value: temp(node.value), slice: temp(node.slice) };
      break;
    case 'Slice':
      shell = {
        ...node,
        lower: node.lower === null ? null : temp(node.lower),
        upper: node.upper === null ? null : temp(node.upper),
        step: node.step === null ? null : temp(node.step),
      };
      break;
    case 'List':
    case 'Tuple':
    case 'Set':
      shell = { ...node, elts: node.elts.map(element) } as ast.ExprNode;
      break;
    case 'Dict': {
      const keys: (ast.ExprNode | null)[] = [];
      const values: ast.ExprNode[] = [];
      node.keys.forEach((k, i) => {
        keys.push(k === null ? null : temp(k));
        values.push(temp(node.values[i]));
      });
      shell = { ...node, keys, values };
      break;
    }
    case 'JoinedStr': {
      if (
        node.values.some(
          (v) => v.nodeType === 'FormattedValue' && v.format_spec !== null && containsYield(v.format_spec),
        )
      )
        return null;
      const values = node.values.map((v) =>
        v.nodeType === 'FormattedValue' ? { ...v, value: temp(v.value) } : v,
      );
      shell = { ...node, values };
      break;
    }
    case 'FormattedValue':
      shell = { ...node, value: temp(node.value) };
      break;
    case 'NamedExpr':
      shell = { ...node, value: temp(node.value) };
      break;
    default:
      return null;
  }
  return { shell, children };
}

/** An attribute or subscript target with its operands read back as temporaries. */
function splitTarget(node: ast.Attribute | ast.Subscript): { shell: ast.ExprNode; children: ast.ExprNode[] } {
  const children: ast.ExprNode[] = [];
  const temp = (child: ast.ExprNode): ast.Name => {
    const id = `${TEMP_PREFIX}${children.length}`;
    children.push(child);
    return { ...positionOf(child), nodeType: 'Name', id, ctx: 'Load' };
  };
  const shell: ast.ExprNode =
    node.nodeType === 'Attribute'
      ? { ...node, value: temp(node.value) }
      : { ...node, value: temp(node.value), slice: temp(node.slice) };
  return { shell, children };
}

/** Evaluates operands left to right, suspending as they do; on an error the values so far are released. */
function* evaluateAll(
  rt: Vm['runtime'],
  operands: readonly GenExpr[],
  f: Frame,
): Generator<PyObject, (PyObject | null)[], PyObject> {
  const values: (PyObject | null)[] = [];
  try {
    for (const operand of operands) values.push(yield* operand(f));
  } catch (error) {
    release(rt, values);
    throw error;
  }
  return values;
}

/**
 * Runs an operation compiled over temporaries (`.tempN` names) with `values` as them. Values the
 * operation did not take (it raised first) are released, unless `releaseLeft` is false (the
 * temporaries are outputs the caller still reads).
 */
function withTemps<T>(
  rt: Vm['runtime'],
  f: Frame,
  values: (PyObject | null)[],
  operation: () => T,
  releaseLeft = true,
): T {
  f.temps = values;
  try {
    return operation();
  } catch (error) {
    if (!releaseLeft) release(rt, values);
    throw error;
  } finally {
    f.temps = null;
    if (releaseLeft) release(rt, values);
  }
}

function release(rt: Vm['runtime'], values: (PyObject | null)[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null) rt.decref(v);
    values[i] = null;
  }
}

function positionOf(node: ast.Located): ast.Located {
  return {
    lineno: node.lineno,
    col_offset: node.col_offset,
    end_lineno: node.end_lineno,
    end_col_offset: node.end_col_offset,
  };
}

/** Does a statement or expression contain `yield` outside nested functions, classes and comprehensions? */
export function containsYield(node: ast.AstNode): boolean {
  let found = false;
  const visit = (value: unknown): void => {
    if (found || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!('nodeType' in value)) return;
    const n = value as ast.AstNode;
    if (n.nodeType === 'Yield' || n.nodeType === 'YieldFrom') {
      found = true;
      return;
    }
    // A nested scope's body is its own code; a nested def is an ordinary statement here. A
    // comprehension's first iterable is evaluated in the enclosing scope, though.
    if (COMPREHENSIONS.has(n.nodeType)) {
      visit((n as Comprehension).generators[0].iter);
      return;
    }
    if (NESTED_SCOPES.has(n.nodeType)) return;
    for (const child of Object.values(n)) visit(child);
  };
  visit(node);
  return found;
}

const COMPREHENSIONS = new Set(['ListComp', 'SetComp', 'DictComp', 'GeneratorExp']);

const NESTED_SCOPES = new Set([
  'FunctionDef',
  'ClassDef',
  'Lambda',
  'ListComp',
  'SetComp',
  'DictComp',
  'GeneratorExp',
]);

function describeStatement(node: ast.StmtNode): string {
  const names: Record<string, string> = {
    AnnAssign: 'an annotated assignment',
  };
  return names[node.nodeType] ?? `a ${node.nodeType} statement`;
}
