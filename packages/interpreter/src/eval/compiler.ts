import {
  type PyBaseException,
  PyBuiltinFunction,
  type PyCell,
  type PyCode,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyMethod,
  PyModule,
  type PyObject,
  type PySet,
  PyStr,
  PyTuple,
  type PyType,
  PythonError,
  typeLookupEpoch,
} from '@memkit/runtime';
import type * as ast from '../parser/ast';
import { attributeHook, deleteAttribute, getAttribute, setAttribute, storesPlainly } from './attributes';
import {
  callFunction,
  callFunctionWithSelf,
  callObject,
  constructInstance,
  type Kwargs,
  plainConstructorInit,
} from './calls';
import { buildClass } from './classes';
import { CodeUnit, type ConstantPool } from './code-builder';
import {
  type CompiledCode,
  Completion,
  type CompletionValue,
  type Expr,
  type ParameterSpec,
  type Stmt,
} from './compiled-code';
import { ConstFrozenSet, ConstTuple, type Folded, foldConstant, foldItems } from './constant-folding';
import { compileDictDisplay, STACK_USE_GUIDELINE } from './dict-display';
import { formatValue } from './format';
import type { Frame } from './frame';
import { GeneratorCompiler, type StatementCompiler, TEMP_PREFIX } from './generator-compiler';
import type { GenStmt } from './generators';
import { nextItem, takeIterator, unpackInto } from './iteration';
import { NATIVE_CLASS_METHODS, type NativeMethod, nativeMethod } from './methods';
import { binaryOp, compareBool, compareObjects, inplaceOp, truthy, unaryOp } from './operators';
import { clauseMatches, PyRaise, raisedWhileHandling, toPyException } from './raise';
import { attributePosition } from './source-position';
import { lookupSpecial } from './special-methods';
import { bodyStackDepth, expressionDepth, generatorExpressionDepth } from './stack-depth';
import { starredDisplay } from './starred-display';
import { deleteSubscript, getSubscript, setSubscript } from './subscripts';
import type { Scope } from './symtable';
import { repr, str } from './text';
import { addTracebackEntry } from './tracebacks';
import type { Vm } from './vm';

const { normal, break: BREAK, continue: CONTINUE, return: RETURN } = Completion;

/** Compiles a module's AST into code objects whose bodies are closures over frames. */
export class Compiler implements StatementCompiler {
  private readonly vm: Vm;
  private readonly filename: string;
  private readonly pool: ConstantPool;
  private unit!: CodeUnit;
  private readonly generators: GeneratorCompiler;

  constructor(vm: Vm, filename: string, pool: ConstantPool) {
    this.vm = vm;
    this.filename = filename;
    this.pool = pool;
    this.generators = new GeneratorCompiler(vm, this);
  }

  /** Counts a node toward the code object's size (`co_code` grows with the code compiled). */
  countNode(): void {
    this.unit.nodes++;
  }

  compileModule(module: ast.Module, scope: Scope): CompiledCode {
    const stack = bodyStackDepth(module.body, false);
    return this.compileUnit(scope, '<module>', '<module>', 1, noParameters(), stack, () =>
      this.block(module.body),
    );
  }

  // --- Code units ---------------------------------------------------------------------------

  private compileUnit(
    scope: Scope,
    name: string,
    qualname: string,
    firstLineno: number,
    parameters: ParameterSpec,
    stackSize: number,
    body: () => Stmt,
    generatorBody: (() => GenStmt) | null = null,
  ): CompiledCode {
    const outer = this.unit;
    this.unit = new CodeUnit(scope, qualname);
    try {
      const compiledGenerator = generatorBody === null ? null : generatorBody();
      const compiledBody = compiledGenerator === null ? body() : () => normal;
      const code = this.makeCode(name, qualname, firstLineno, parameters, scope, stackSize);
      const cellSlots = [...scope.cells].map((cell) => scope.slotOf(cell));
      const freeSlots = scope.frees.map((free) => scope.slotOf(free));
      const compiled: CompiledCode = {
        owner: this.vm,
        code,
        scope,
        name,
        qualname,
        filename: this.filename,
        firstLineno,
        parameters,
        exactArity: exactArity(parameters),
        body: compiledBody,
        cellSlots,
        freeSlots,
        hasCells: cellSlots.length > 0 || freeSlots.length > 0,
        isGenerator: scope.isGenerator,
        generatorBody: compiledGenerator,
      };
      this.vm.codes.set(code, compiled);
      code.executor = compiled;
      // The enclosing code's co_consts will hold the nested code; this reference is dropped then.
      outer?.childCodes.push(code);
      return compiled;
    } finally {
      this.unit = outer;
    }
  }

  private makeCode(
    name: string,
    qualname: string,
    firstLineno: number,
    parameters: ParameterSpec,
    scope: Scope,
    stackSize: number,
  ): PyCode {
    const rt = this.vm.runtime;
    const unit = this.unit;
    const slotNames = scope.kind === 'function' ? scope.slots : scope.frees;
    const code = rt.newCode({
      name: rt.intern(name),
      qualname: rt.newStr(qualname),
      filename: rt.newStr(this.filename),
      firstlineno: firstLineno,
      consts: this.pool.codeConsts(unit.consts),
      names: rt.newTuple([...unit.nameObjects.values()]),
      localsplusnames: rt.newTuple(slotNames.map((n) => rt.intern(n))),
      argcount: parameters.positional.length,
      posonlyargcount: parameters.posonlyCount,
      kwonlyargcount: parameters.keywordOnly.length,
      ncellvars: [...scope.cells].filter((c) => !scope.params.includes(c)).length,
      nfreevars: scope.frees.length,
      stacksize: stackSize,
      codeBytes: Math.max(2, unit.nodes * 4),
    });
    for (const child of unit.childCodes) rt.decref(child);
    return code;
  }

  // --- Statements ---------------------------------------------------------------------------

  private block(body: readonly ast.StmtNode[]): Stmt {
    const stmts = body.map((s) => this.statement(s));
    if (stmts.length === 1) return stmts[0];
    // Short blocks (most function bodies) without the loop.
    if (stmts.length === 2) {
      const [first, second] = stmts;
      return (f) => {
        const c = first(f);
        return c !== normal ? c : second(f);
      };
    }
    if (stmts.length === 3) {
      const [first, second, third] = stmts;
      return (f) => {
        let c = first(f);
        if (c !== normal) return c;
        c = second(f);
        return c !== normal ? c : third(f);
      };
    }
    return (f) => {
      for (let i = 0; i < stmts.length; i++) {
        const c = stmts[i](f);
        if (c !== normal) return c;
      }
      return normal;
    };
  }

  statement(node: ast.StmtNode): Stmt {
    this.unit.nodes++;
    const fused = this.fusedStatement(node);
    if (fused !== null) return fused;
    const inner = this.statementBody(node);
    const line = node.lineno;
    const events = this.vm.runtime.events;
    return (f) => {
      f.lineno = line;
      f.at = node;
      // A 'line' event per statement, for sys.settrace-style tools (the line profiler).
      if (events.hasExecutionListeners) events.emitLine(f.location);
      return inner(f);
    };
  }

  /**
   * The commonest statements — an expression statement, `local = expr` — compiled into one
   * closure with the per-statement line bookkeeping, instead of a wrapper calling the statement
   * calling its target (the same steps in the same order, two closure calls fewer).
   */
  private fusedStatement(node: ast.StmtNode): Stmt | null {
    const rt = this.vm.runtime;
    const line = node.lineno;
    const events = rt.events;
    if (node.nodeType === 'Expr') {
      const value = this.expression(node.value);
      return (f) => {
        f.lineno = line;
        f.at = node;
        if (events.hasExecutionListeners) events.emitLine(f.location);
        rt.decref(value(f));
        return normal;
      };
    }
    if (node.nodeType === 'Return') {
      const value = node.value === null ? null : this.expression(node.value);
      return (f) => {
        f.lineno = line;
        f.at = node;
        if (events.hasExecutionListeners) events.emitLine(f.location);
        f.returnValue = value === null ? rt.share(rt.none) : value(f);
        return RETURN;
      };
    }
    if (node.nodeType !== 'Assign' || node.targets.length !== 1) return null;
    const target = node.targets[0];
    const binding = target.nodeType === 'Name' ? this.unit.scope.binding(target.id) : null;
    const value = this.expression(node.value);
    // Compiled for what it records (the name in co_names), as the general path does.
    const store = this.store(target);
    if (binding === null || binding.kind !== 'fast') {
      return (f) => {
        f.lineno = line;
        f.at = node;
        if (events.hasExecutionListeners) events.emitLine(f.location);
        store(f, value(f));
        return normal;
      };
    }
    const i = binding.index;
    return (f) => {
      f.lineno = line;
      f.at = node;
      if (events.hasExecutionListeners) events.emitLine(f.location);
      const v = value(f);
      const slots = f.slots;
      const old = slots[i];
      slots[i] = v;
      if (old !== null) rt.decref(old);
      return normal;
    };
  }

  private statementBody(node: ast.StmtNode): Stmt {
    const rt = this.vm.runtime;
    switch (node.nodeType) {
      case 'Expr': {
        const value = this.expression(node.value);
        return (f) => {
          rt.decref(value(f));
          return normal;
        };
      }
      case 'Assign': {
        const value = this.expression(node.value);
        const targets = node.targets.map((t) => this.store(t));
        if (targets.length === 1) {
          const [target] = targets;
          return (f) => {
            target(f, value(f));
            return normal;
          };
        }
        return (f) => {
          const v = value(f);
          for (let i = 0; i < targets.length - 1; i++) targets[i](f, rt.share(v));
          targets[targets.length - 1](f, v);
          return normal;
        };
      }
      case 'AugAssign':
        return this.augAssign(node);
      case 'AnnAssign': {
        if (node.value === null) return () => normal;
        const value = this.expression(node.value);
        const target = this.store(node.target);
        return (f) => {
          target(f, value(f));
          return normal;
        };
      }
      case 'Pass':
      case 'Global':
      case 'Nonlocal':
        return () => normal;
      case 'Break':
        return () => BREAK;
      case 'Continue':
        return () => CONTINUE;
      case 'Return': {
        const value = node.value === null ? null : this.expression(node.value);
        return (f) => {
          f.returnValue = value === null ? rt.share(rt.none) : value(f);
          return RETURN;
        };
      }
      case 'If': {
        const test = this.condition(node.test);
        const body = this.block(node.body);
        const orelse = node.orelse.length > 0 ? this.block(node.orelse) : null;
        return (f) => (test(f) ? body(f) : orelse === null ? normal : orelse(f));
      }
      case 'While':
        return this.whileLoop(node);
      case 'For':
        return this.forLoop(node);
      case 'Delete': {
        const targets = node.targets.map((t) => this.deleter(t));
        return (f) => {
          for (const t of targets) t(f);
          return normal;
        };
      }
      case 'FunctionDef': {
        // co_firstlineno of a decorated function is its first decorator's line (3.8+).
        const firstLine = node.decorator_list[0]?.lineno ?? node.lineno;
        const make = this.functionMaker(node.name, node.args, node.body, firstLine, node, false);
        const decorators = node.decorator_list.map((d) => this.expression(d));
        const target = this.storeName(node.name);
        return (f) => {
          const decorated = decorators.map((d) => d(f));
          let fn: PyObject = make(f);
          for (let i = decorated.length - 1; i >= 0; i--) {
            const next = callObject(this.vm, decorated[i], [fn], null);
            rt.decref(decorated[i]);
            fn = next;
          }
          target(f, fn);
          return normal;
        };
      }
      case 'ClassDef':
        return this.classDef(node);
      case 'Import':
        return this.importStatement(node);
      case 'ImportFrom':
        return this.importFrom(node);
      case 'Raise':
        return this.raiseStatement(node);
      case 'Try':
        return this.tryStatement(node);
      case 'Assert': {
        const test = this.condition(node.test);
        const msg = node.msg === null ? null : this.expression(node.msg);
        return (f) => {
          if (test(f)) return normal;
          const args = msg === null ? [] : [msg(f)];
          f.at = node.test;
          throw new PyRaise(rt.newException(rt.types.AssertionError, rt.newTuple(args)));
        };
      }
      case 'With':
        return this.withStatement(node);
    }
  }

  private augAssign(node: ast.AugAssign): Stmt {
    const rt = this.vm.runtime;
    const value = this.expression(node.value);
    const op = node.op;
    const inplace = (f: Frame, current: PyObject, operand: PyObject): PyObject => {
      f.at = node;
      return inplaceOp(this.vm, op, current, operand);
    };
    const target = node.target;
    if (target.nodeType === 'Name') {
      const load = this.loadName(target.id, target);
      const store = this.storeName(target.id);
      return (f) => {
        const current = load(f);
        const operand = value(f);
        try {
          store(f, inplace(f, current, operand));
        } finally {
          rt.decref(current);
          rt.decref(operand);
        }
        return normal;
      };
    }
    if (target.nodeType === 'Attribute') {
      const obj = this.expression(target.value);
      const name = this.unit.addName(this.vm, target.attr);
      const attrAt = attributePosition(target, target);
      return (f) => {
        const o = obj(f);
        try {
          f.at = attrAt;
          const current = getAttribute(this.vm, o, target.attr);
          const operand = value(f);
          try {
            setAttribute(this.vm, o, name, inplace(f, current, operand));
          } finally {
            rt.decref(current);
            rt.decref(operand);
          }
        } finally {
          rt.decref(o);
        }
        return normal;
      };
    }
    const container = this.expression(target.value);
    const key = this.expression(target.slice);
    return (f) => {
      const c = container(f);
      const k = key(f);
      try {
        f.at = target;
        const current = getSubscript(this.vm, c, k);
        const operand = value(f);
        try {
          setSubscript(this.vm, c, k, inplace(f, current, operand));
        } finally {
          rt.decref(current);
          rt.decref(operand);
        }
      } finally {
        rt.decref(k);
        rt.decref(c);
      }
      return normal;
    };
  }

  private whileLoop(node: ast.While): Stmt {
    const test = this.condition(node.test);
    const body = this.block(node.body);
    const orelse = node.orelse.length > 0 ? this.block(node.orelse) : null;
    const line = node.lineno;
    const events = this.vm.runtime.events;
    return (f) => {
      while (test(f)) {
        const c = body(f);
        if (c === BREAK) return normal;
        if (c === RETURN) return c;
        // The test runs again on the `while` line: tracers see that line once more.
        f.lineno = line;
        if (events.hasExecutionListeners) events.emitLine(f.location);
      }
      return orelse === null ? normal : orelse(f);
    };
  }

  private forLoop(node: ast.For): Stmt {
    const rt = this.vm.runtime;
    const iterable = this.iterated(node.iter);
    const target = this.store(node.target);
    const body = this.block(node.body);
    const orelse = node.orelse.length > 0 ? this.block(node.orelse) : null;
    const vm = this.vm;
    const line = node.lineno;
    const events = rt.events;
    return (f) => {
      const iterable_ = iterable(f);
      // GET_ITER and FOR_ITER carry the whole `for` statement's position.
      f.at = node;
      const iterator = takeIterator(vm, iterable_);
      try {
        for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
          target(f, item);
          const c = body(f);
          if (c === BREAK) return normal;
          if (c === RETURN) return c;
          // FOR_ITER runs again on the `for` line: tracers see that line once more per item.
          f.lineno = line;
          f.at = node;
          if (events.hasExecutionListeners) events.emitLine(f.location);
        }
      } finally {
        rt.decref(iterator);
      }
      return orelse === null ? normal : orelse(f);
    };
  }

  private classDef(node: ast.ClassDef): Stmt {
    const rt = this.vm.runtime;
    if (node.keywords.length > 0) {
      // A metaclass or __init_subclass__ arguments would change what the class is: refused
      // when the statement runs, rather than a class built as if they were not there.
      const given = node.keywords.map((k) => (k.arg === null ? '**' : `${k.arg}=`)).join(', ');
      const message = `memkit does not support keyword arguments in a class statement (${given} in class ${node.name}): metaclasses and __init_subclass__ arguments are not modelled`;
      return () => {
        throw new PythonError('NotImplementedError', message);
      };
    }
    const scope = this.childScope(node);
    const qualname = this.childQualname(node.name);
    const stack = Math.max(1, bodyStackDepth(node.body, false));
    const firstLine = node.decorator_list[0]?.lineno ?? node.lineno;
    const bodyCode = this.compileUnit(scope, node.name, qualname, firstLine, noParameters(), stack, () => {
      const moduleName = this.unit.addName(this.vm, '__module__');
      const qualnameName = this.unit.addName(this.vm, '__qualname__');
      const nameKey = this.unit.addName(this.vm, '__name__');
      const qualnameConst = this.unit.addConst(this.pool.constant(qualname));
      const body = this.block(node.body);
      return (f) => {
        const locals = f.locals as PyDict;
        const module = f.globals.get(nameKey);
        if (module !== null) locals.set(rt, rt.share(moduleName), rt.share(module));
        locals.set(rt, rt.share(qualnameName), rt.share(qualnameConst));
        return body(f);
      };
    });
    this.unit.addConst(bodyCode.code);
    const bases = node.bases.map((b) => this.expression(b));
    const decorators = node.decorator_list.map((d) => this.expression(d));
    const closure = this.closureOf(scope);
    const target = this.storeName(node.name);
    return (f) => {
      const decorated = decorators.map((d) => d(f));
      const baseObjects = bases.map((b) => b(f));
      let cls: PyObject = buildClass(this.vm, f, bodyCode, closure(f), node.name, baseObjects);
      for (let i = decorated.length - 1; i >= 0; i--) {
        const next = callObject(this.vm, decorated[i], [cls], null);
        rt.decref(decorated[i]);
        cls = next;
      }
      target(f, cls);
      return normal;
    };
  }

  private importStatement(node: ast.Import): Stmt {
    const targets = node.names.map((alias) => {
      const top = alias.name.split('.')[0];
      return { name: alias.name, store: this.storeName(alias.asname ?? top), whole: alias.asname === null };
    });
    return (f) => {
      for (const t of targets) {
        const module = this.vm.importModule(t.name);
        t.store(f, module);
      }
      return normal;
    };
  }

  private importFrom(node: ast.ImportFrom): Stmt {
    const rt = this.vm.runtime;
    if (node.level > 0 || node.module === null) {
      throw new PythonError('NotImplementedError', 'memkit does not support relative imports');
    }
    const moduleName = node.module;
    const targets = node.names.map((alias) => {
      if (alias.name === '*')
        throw new PythonError('NotImplementedError', "memkit does not support 'from … import *'");
      return { name: alias.name, store: this.storeName(alias.asname ?? alias.name) };
    });
    return (f) => {
      const module = this.vm.importModule(moduleName);
      try {
        for (const t of targets) {
          let value: PyObject;
          try {
            value = getAttribute(this.vm, module, t.name);
          } catch {
            throw new PythonError('ImportError', `cannot import name '${t.name}' from '${moduleName}'`);
          }
          t.store(f, value);
        }
      } finally {
        rt.decref(module);
      }
      return normal;
    };
  }

  private raiseStatement(node: ast.Raise): Stmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const exc = node.exc === null ? null : this.expression(node.exc);
    const cause = node.cause === null ? null : this.expression(node.cause);
    return (f) => {
      if (exc === null) {
        const active = vm.handling[vm.handling.length - 1];
        if (active === undefined) throw new PythonError('RuntimeError', 'No active exception to reraise');
        throw new PyRaise(rt.share(active));
      }
      const exception = makeException(vm, exc(f));
      if (cause !== null) {
        const c = cause(f);
        const causeException = c === rt.none ? null : makeException(vm, c);
        const old = exception.cause;
        exception.cause = causeException;
        exception.suppressContext = true;
        if (old !== null) rt.decref(old);
        if (c === rt.none) rt.decref(c);
      }
      f.at = node;
      throw new PyRaise(exception);
    };
  }

  private tryStatement(node: ast.Try): Stmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const body = this.block(node.body);
    const handlers = node.handlers.map((h) => ({
      clause: h,
      type: h.type === null ? null : this.expression(h.type),
      store: h.name === null ? null : this.storeName(h.name),
      unbind: h.name === null ? null : this.deleteName(h.name),
      body: this.block(h.body),
    }));
    const orelse = node.orelse.length > 0 ? this.block(node.orelse) : null;
    const finalbody = node.finalbody.length > 0 ? this.block(node.finalbody) : null;
    const handle = (f: Frame, error: unknown): CompletionValue => {
      const exception = toPyException(rt, error);
      addTracebackEntry(vm, exception, f);
      const context = vm.handling[vm.handling.length - 1];
      if (context !== undefined && exception.context === null && context !== exception) {
        exception.context = rt.share(context);
      }
      for (const h of handlers) {
        if (h.type !== null) {
          let matches: boolean;
          try {
            const type = h.type(f);
            f.at = h.clause;
            matches = clauseMatches(rt, exception, type);
          } catch (error) {
            // An error in the clause's type (or a type that is no exception class) is raised
            // while the exception is being handled: it becomes the new one's context.
            const raised = raisedWhileHandling(rt, error, exception);
            rt.decref(exception);
            throw raised;
          }
          if (!matches) continue;
        }
        vm.handling.push(exception);
        try {
          if (h.store !== null) h.store(f, rt.share(exception));
          return h.body(f);
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
    const tryExcept: Stmt =
      handlers.length === 0
        ? body
        : (f) => {
            let completion: CompletionValue;
            try {
              completion = body(f);
            } catch (error) {
              return handle(f, error);
            }
            return orelse === null || completion !== normal ? completion : orelse(f);
          };
    if (finalbody === null) return tryExcept;
    return (f) => {
      let completion: CompletionValue;
      try {
        completion = tryExcept(f);
      } catch (error) {
        const exception = toPyException(rt, error);
        addTracebackEntry(vm, exception, f);
        const c = finalbody(f);
        if (c !== normal) {
          rt.decref(exception);
          return c;
        }
        throw new PyRaise(exception);
      }
      const pending = completion === RETURN ? f.returnValue : null;
      const c = finalbody(f);
      if (c !== normal) {
        if (pending !== null && c === RETURN && f.returnValue !== pending) rt.decref(pending);
        return c;
      }
      return completion;
    };
  }

  private withStatement(node: ast.With): Stmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    if (node.items.length !== 1) {
      const [first, ...rest] = node.items;
      return this.withStatement({ ...node, items: [first], body: [{ ...node, items: rest }] });
    }
    const [item] = node.items;
    const manager = this.expression(item.context_expr);
    const target = item.optional_vars === null ? null : this.store(item.optional_vars);
    const body = this.block(node.body);
    return (f) => {
      const m = manager(f);
      f.at = node;
      try {
        const entered = callMethodByName(vm, rt.share(m), '__enter__', [], null);
        if (target !== null) target(f, entered);
        else rt.decref(entered);
        let completion: CompletionValue;
        try {
          completion = body(f);
        } catch (error) {
          const exception = toPyException(rt, error);
          addTracebackEntry(vm, exception, f);
          f.at = node;
          const args = [
            rt.share(exception.type),
            rt.share(exception),
            rt.share(exception.traceback ?? rt.none),
          ];
          const suppress = callMethodByName(vm, rt.share(m), '__exit__', args, null);
          const swallow = truthy(vm, suppress);
          rt.decref(suppress);
          if (swallow) {
            rt.decref(exception);
            return normal;
          }
          throw new PyRaise(exception);
        }
        const none = rt.none;
        f.at = node;
        rt.decref(
          callMethodByName(
            vm,
            rt.share(m),
            '__exit__',
            [rt.share(none), rt.share(none), rt.share(none)],
            null,
          ),
        );
        return completion;
      } finally {
        rt.decref(m);
      }
    };
  }

  // --- Functions ----------------------------------------------------------------------------

  private childScope(node: ast.AstNode): Scope {
    const scope = this.unit.scope.children.get(node);
    if (scope === undefined) throw new PythonError('SystemError', 'scope not found');
    return scope;
  }

  private childQualname(name: string): string {
    const parent = this.unit.qualname;
    if (this.unit.scope.kind === 'module') return name;
    return this.unit.scope.kind === 'function' ? `${parent}.<locals>.${name}` : `${parent}.${name}`;
  }

  /** The closure tuple for a nested scope: the current frame's cells for its free variables. */
  private closureOf(scope: Scope): (f: Frame) => PyTuple | null {
    const rt = this.vm.runtime;
    if (scope.frees.length === 0) return () => null;
    const outer = this.unit.scope;
    const slots = scope.frees.map((name) => outer.slotOf(name));
    return (f) => rt.newTuple(slots.map((slot) => rt.share(f.slots[slot] as PyObject)));
  }

  /** `MAKE_FUNCTION` for a def or lambda: defaults, keyword defaults and closure evaluated now. */
  private functionMaker(
    name: string,
    args: ast.Arguments,
    body: readonly ast.StmtNode[] | ast.ExprNode,
    lineno: number,
    node: ast.AstNode,
    isLambda: boolean,
  ): (f: Frame) => PyFunction {
    const rt = this.vm.runtime;
    const scope = this.childScope(node);
    const qualname = this.childQualname(name);
    const parameters: ParameterSpec = {
      positional: [...args.posonlyargs, ...args.args].map((a) => a.arg),
      posonlyCount: args.posonlyargs.length,
      varargs: args.vararg?.arg ?? null,
      keywordOnly: args.kwonlyargs.map((a) => a.arg),
      varkeywords: args.kwarg?.arg ?? null,
    };
    const stack = isLambda
      ? expressionDepth(body as ast.ExprNode)
      : bodyStackDepth(body as readonly ast.StmtNode[], scope.isGenerator);
    const compiled = this.compileUnit(
      scope,
      name,
      qualname,
      lineno,
      parameters,
      stack,
      () => {
        if (isLambda) {
          const value = this.expression(body as ast.ExprNode);
          return (f) => {
            f.returnValue = value(f);
            return RETURN;
          };
        }
        return this.block(this.functionBody(body as readonly ast.StmtNode[]));
      },
      scope.isGenerator && !isLambda
        ? () => this.generators.block(this.functionBody(body as readonly ast.StmtNode[]))
        : null,
    );
    this.unit.addConst(compiled.code);
    const defaults = args.defaults.map((d) => this.expression(d));
    const kwDefaults = args.kwonlyargs.map((a, i) => ({ name: a.arg, value: args.kw_defaults[i] }));
    const kwValues = kwDefaults.map((k) => (k.value === null ? null : this.expression(k.value)));
    const closure = this.closureOf(scope);
    const qualnameObj = this.pool.constant(qualname);
    this.unit.addConst(qualnameObj);
    return (f) => {
      const defaultTuple = defaults.length === 0 ? null : rt.newTuple(defaults.map((d) => d(f)));
      let kwdefaults: PyDict | null = null;
      kwValues.forEach((v, i) => {
        if (v === null) return;
        kwdefaults ??= rt.newDict();
        kwdefaults.set(rt, rt.intern(kwDefaults[i].name), v(f));
      });
      return rt.newFunction(rt.share(compiled.code), rt.share(f.globals), rt.share(f.builtins), {
        qualname: rt.share(qualnameObj as PyStr),
        defaults: defaultTuple,
        kwdefaults,
        closure: closure(f),
      });
    };
  }

  /** A def's statements, after recording its docstring (or None) as `co_consts[0]`. */
  private functionBody(stmts: readonly ast.StmtNode[]): readonly ast.StmtNode[] {
    const first = stmts[0];
    if (
      first?.nodeType === 'Expr' &&
      first.value.nodeType === 'Constant' &&
      typeof first.value.value === 'string'
    ) {
      this.unit.addConst(this.pool.constant(first.value.value));
    } else {
      this.unit.addConst(this.pool.constant(null));
    }
    return stmts;
  }

  /**
   * The `for … if …` clauses of a comprehension: each loop's iterator (the first one is the
   * `.0` argument, the others are evaluated in the comprehension's frame), target and conditions.
   */
  private comprehensionLoops(generators: readonly ast.Comprehension[]) {
    const rt = this.vm.runtime;
    const vm = this.vm;
    return generators.map((gen, i) => {
      const iterable = i === 0 ? null : this.iterated(gen.iter);
      return {
        iterator: (f: Frame): PyObject =>
          iterable === null ? rt.share(f.slots[0] as PyObject) : takeIterator(vm, iterable(f)),
        target: this.store(gen.target),
        ifs: gen.ifs.map((c) => this.condition(c)),
      };
    });
  }

  /** A generator expression's body: the nested loops, yielding each element. */
  private generatorExpressionBody(node: ast.GeneratorExp): GenStmt {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const elt = this.expression(node.elt);
    const loops = this.comprehensionLoops(node.generators);
    const run = function* (f: Frame, level: number): Generator<PyObject, void, PyObject> {
      const loop = loops[level];
      const iterator = loop.iterator(f);
      try {
        for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
          loop.target(f, item);
          if (!allTrue(loop.ifs, f)) continue;
          if (level + 1 < loops.length) yield* run(f, level + 1);
          else rt.decref(yield elt(f));
        }
      } finally {
        rt.decref(iterator);
      }
    };
    return function* (f) {
      yield* run(f, 0);
      return normal;
    };
  }

  /** A comprehension: a nested function called with the iterator of its first `for`. */
  private comprehension(node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp): Expr {
    const {
      makeFunction,
      call,
      iterable: outermost,
    } = this.comprehensionParts(node, () => this.iterated(node.generators[0].iter));
    return (f) => {
      const fn = makeFunction(f);
      try {
        return call(f, fn, outermost(f));
      } finally {
        this.vm.runtime.decref(fn);
      }
    };
  }

  /**
   * A comprehension's two halves, as CPython runs them: `MAKE_FUNCTION` (before the first
   * iterable is evaluated), then `GET_ITER` of that iterable and the call. Apart so a generator
   * can suspend between them, at a `yield` in the iterable. `compileIterable` compiles that
   * iterable in between, where its constants belong in `co_consts`. `call` borrows `fn`.
   */
  comprehensionParts<T>(
    node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
    compileIterable: () => T,
  ): {
    makeFunction: (f: Frame) => PyFunction;
    call: (f: Frame, fn: PyFunction, iterable: PyObject) => PyObject;
    iterable: T;
  } {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const scope = this.childScope(node);
    const names = {
      ListComp: '<listcomp>',
      SetComp: '<setcomp>',
      DictComp: '<dictcomp>',
      GeneratorExp: '<genexpr>',
    };
    const name = names[node.nodeType];
    const qualname = this.childQualname(name);
    const parameters: ParameterSpec = {
      positional: ['.0'],
      posonlyCount: 0,
      varargs: null,
      keywordOnly: [],
      varkeywords: null,
    };
    const generatorBody = node.nodeType === 'GeneratorExp' ? () => this.generatorExpressionBody(node) : null;
    const element =
      node.nodeType === 'DictComp' ? 1 + expressionDepth(node.value) : expressionDepth(node.elt);
    const stack =
      node.nodeType === 'GeneratorExp' ? generatorExpressionDepth(node) : 2 + Math.max(1, element);
    const compiled = this.compileUnit(
      scope,
      name,
      qualname,
      node.lineno,
      parameters,
      stack,
      () => {
        if (node.nodeType === 'GeneratorExp') return () => normal;
        const make = (): PyObject =>
          node.nodeType === 'ListComp'
            ? rt.newList()
            : node.nodeType === 'SetComp'
              ? rt.newSet()
              : rt.newDict();
        const add =
          node.nodeType === 'DictComp'
            ? (() => {
                const key = this.expression(node.key);
                const value = this.expression(node.value);
                return (f: Frame, result: PyObject) => {
                  const k = key(f);
                  (result as PyDict).set(rt, k, value(f));
                };
              })()
            : (() => {
                const elt = this.expression(node.elt);
                return (f: Frame, result: PyObject) => {
                  if (result instanceof PyList) result.append(rt, elt(f));
                  else (result as PySet).add(rt, elt(f));
                };
              })();
        const loops = this.comprehensionLoops(node.generators);
        const run = (f: Frame, level: number, result: PyObject): void => {
          const loop = loops[level];
          const iterator = loop.iterator(f);
          try {
            for (let item = nextItem(vm, iterator); item !== null; item = nextItem(vm, iterator)) {
              loop.target(f, item);
              if (!allTrue(loop.ifs, f)) continue;
              if (level + 1 < loops.length) run(f, level + 1, result);
              else add(f, result);
            }
          } finally {
            rt.decref(iterator);
          }
        };
        return (f) => {
          const result = make();
          try {
            run(f, 0, result);
          } catch (error) {
            rt.decref(result);
            throw error;
          }
          f.returnValue = result;
          return RETURN;
        };
      },
      generatorBody,
    );
    this.unit.addConst(compiled.code);
    const iterable = compileIterable();
    const closure = this.closureOf(scope);
    const qualnameObj = this.pool.constant(qualname);
    this.unit.addConst(qualnameObj);
    return {
      makeFunction: (f) =>
        rt.newFunction(rt.share(compiled.code), rt.share(f.globals), rt.share(f.builtins), {
          qualname: rt.share(qualnameObj as PyStr),
          closure: closure(f),
        }),
      call: (f, fn, iterable) => {
        f.at = node;
        const iterator = takeIterator(vm, iterable);
        return callFunction(vm, fn, [iterator], null);
      },
      iterable,
    };
  }

  // --- Names --------------------------------------------------------------------------------

  /** Loads a name; `at` is the `Name` node, where a NameError points. */
  loadName(name: string, at: ast.Located): Expr {
    const rt = this.vm.runtime;
    const binding = this.unit.scope.binding(name);
    const key = this.unit.addName(this.vm, name);
    switch (binding.kind) {
      case 'fast': {
        const i = binding.index;
        return (f) => {
          const v = f.slots[i];
          if (v === null) {
            f.at = at;
            throw new PythonError(
              'UnboundLocalError',
              `cannot access local variable '${name}' where it is not associated with a value`,
            );
          }
          rt.incref(v);
          return v;
        };
      }
      case 'deref':
      case 'classderef': {
        const i = binding.index;
        const classderef = binding.kind === 'classderef';
        return (f) => {
          if (classderef) {
            const local = (f.locals as PyDict).get(key);
            if (local !== null) return rt.share(local);
          }
          const v = (f.slots[i] as PyCell).contents;
          if (v === null) {
            f.at = at;
            throw new PythonError(
              'NameError',
              `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
            );
          }
          return rt.share(v);
        };
      }
      case 'global': {
        // LOAD_GLOBAL's inline cache: the value found, valid while neither the globals nor the
        // builtins dict has changed since (same dicts, same `version`s).
        let cachedGlobals: PyDict | null = null;
        let cachedBuiltins: PyDict | null = null;
        let globalsVersion = 0;
        let builtinsVersion = 0;
        let cached: PyObject | null = null;
        return (f) => {
          const globals = f.globals;
          const builtins = f.builtins;
          if (
            globals === cachedGlobals &&
            builtins === cachedBuiltins &&
            globals.version === globalsVersion &&
            builtins.version === builtinsVersion
          ) {
            rt.incref(cached as PyObject);
            return cached as PyObject;
          }
          const v = globals.get(key) ?? builtins.get(key);
          if (v === null) {
            f.at = at;
            throw new PythonError('NameError', `name '${name}' is not defined`);
          }
          // Split dicts (an instance's __dict__ passed to exec) change without a new version.
          if (globals.values === null && builtins.values === null) {
            cachedGlobals = globals;
            cachedBuiltins = builtins;
            globalsVersion = globals.version;
            builtinsVersion = builtins.version;
            cached = v;
          }
          return rt.share(v);
        };
      }
      case 'name':
        return (f) => {
          const v = (f.locals as PyDict).get(key) ?? f.globals.get(key) ?? f.builtins.get(key);
          if (v === null) {
            f.at = at;
            throw new PythonError('NameError', `name '${name}' is not defined`);
          }
          return rt.share(v);
        };
    }
  }

  storeName(name: string): (f: Frame, value: PyObject) => void {
    const rt = this.vm.runtime;
    const binding = this.unit.scope.binding(name);
    const key = this.unit.addName(this.vm, name);
    switch (binding.kind) {
      case 'fast': {
        const i = binding.index;
        return (f, value) => {
          const slots = f.slots;
          const old = slots[i];
          slots[i] = value;
          if (old !== null) rt.decref(old);
        };
      }
      case 'deref':
      case 'classderef': {
        const i = binding.index;
        return (f, value) => {
          const cell = f.slots[i] as PyCell;
          const old = cell.contents;
          cell.contents = value;
          if (old !== null) rt.decref(old);
        };
      }
      case 'global':
        return (f, value) => f.globals.set(rt, rt.share(key), value);
      case 'name':
        return (f, value) => (f.locals as PyDict).set(rt, rt.share(key), value);
    }
  }

  deleteName(name: string): (f: Frame) => void {
    const rt = this.vm.runtime;
    const binding = this.unit.scope.binding(name);
    const key = this.unit.addName(this.vm, name);
    switch (binding.kind) {
      case 'fast': {
        const i = binding.index;
        return (f) => {
          const old = f.slots[i];
          if (old === null) {
            throw new PythonError(
              'UnboundLocalError',
              `cannot access local variable '${name}' where it is not associated with a value`,
            );
          }
          f.slots[i] = null;
          rt.decref(old);
        };
      }
      case 'deref':
      case 'classderef': {
        const i = binding.index;
        return (f) => {
          const cell = f.slots[i] as PyCell;
          const old = cell.contents;
          if (old === null) throw new PythonError('NameError', `name '${name}' is not defined`);
          cell.contents = null;
          rt.decref(old);
        };
      }
      case 'global':
      case 'name':
        return (f) => {
          const dict = binding.kind === 'global' ? f.globals : (f.locals as PyDict);
          if (dict.get(key) === null) throw new PythonError('NameError', `name '${name}' is not defined`);
          dict.delete(rt, key);
        };
    }
  }

  // --- Targets ------------------------------------------------------------------------------

  /** A store into a target; the value is stolen. */
  store(node: ast.ExprNode): (f: Frame, value: PyObject) => void {
    const rt = this.vm.runtime;
    switch (node.nodeType) {
      case 'Name':
        if (node.id.startsWith(TEMP_PREFIX)) {
          // An unpacked item the generator compiler stores on, once its target's `yield` ran.
          const index = Number(node.id.slice(TEMP_PREFIX.length));
          return (f, value) => {
            (f.temps as (PyObject | null)[])[index] = value;
          };
        }
        return this.storeName(node.id);
      case 'Attribute': {
        const obj = this.expression(node.value);
        const name = this.unit.addName(this.vm, node.attr);
        const at = attributePosition(node, node);
        const vm = this.vm;
        // An inline cache: the class of the last instance stored to here, when setAttribute
        // would store straight into the instance's attributes, valid while no class dict changed.
        let plainType: PyType | null = null;
        let plainEpoch = -1;
        return (f, value) => {
          let o: PyObject;
          try {
            o = obj(f);
          } catch (error) {
            rt.decref(value);
            throw error;
          }
          f.at = at;
          try {
            if (o instanceof PyInstance && o.type === plainType && plainEpoch === typeLookupEpoch.value) {
              o.setAttribute(rt, name, value);
              return;
            }
            plainType = o instanceof PyInstance && storesPlainly(o.type, node.attr) ? o.type : null;
            plainEpoch = typeLookupEpoch.value;
            setAttribute(vm, o, name, value);
          } finally {
            rt.decref(o);
          }
        };
      }
      case 'Subscript': {
        const container = this.expression(node.value);
        const key = this.expression(node.slice);
        return (f, value) => {
          const c = container(f);
          const k = key(f);
          f.at = node;
          try {
            setSubscript(this.vm, c, k, value);
          } finally {
            rt.decref(k);
            rt.decref(c);
          }
        };
      }
      case 'Tuple':
      case 'List':
        return this.unpack(node);
      case 'Starred':
        return this.store(node.value);
      default:
        throw new PythonError('SyntaxError', `cannot assign to ${node.nodeType}`);
    }
  }

  /** `UNPACK_SEQUENCE` / `UNPACK_EX`. */
  private unpack(node: ast.Tuple | ast.List): (f: Frame, value: PyObject) => void {
    const rt = this.vm.runtime;
    const elts = node.elts;
    const starAt = elts.findIndex((e) => e.nodeType === 'Starred');
    const targets = elts.map((e) => this.store(e));
    return (f, value) => {
      f.at = node;
      let items: PyObject[] = [];
      if ((value instanceof PyTuple || value instanceof PyList) && starAt < 0) {
        items = value.items.map((i) => rt.share(i));
        rt.decref(value);
      } else {
        unpackInto(this.vm, value, items, (name) => `cannot unpack non-iterable ${name} object`);
      }
      if (starAt < 0 && items.length !== targets.length) {
        for (const i of items) rt.decref(i);
        if (items.length > targets.length) {
          throw new PythonError('ValueError', `too many values to unpack (expected ${targets.length})`);
        }
        throw new PythonError(
          'ValueError',
          `not enough values to unpack (expected ${targets.length}, got ${items.length})`,
        );
      }
      if (starAt >= 0) {
        const after = targets.length - starAt - 1;
        if (items.length < targets.length - 1) {
          for (const i of items) rt.decref(i);
          throw new PythonError(
            'ValueError',
            `not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`,
          );
        }
        const starred = rt.newList(items.slice(starAt, items.length - after));
        items = [...items.slice(0, starAt), starred, ...items.slice(items.length - after)];
      }
      for (let i = 0; i < targets.length; i++) targets[i](f, items[i]);
    };
  }

  private deleter(node: ast.ExprNode): (f: Frame) => void {
    const rt = this.vm.runtime;
    switch (node.nodeType) {
      case 'Name': {
        const del = this.deleteName(node.id);
        return (f) => {
          f.at = node;
          del(f);
        };
      }
      case 'Attribute': {
        const obj = this.expression(node.value);
        const name = this.unit.addName(this.vm, node.attr);
        const at = attributePosition(node, node);
        return (f) => {
          const o = obj(f);
          f.at = at;
          try {
            deleteAttribute(this.vm, o, name);
          } finally {
            rt.decref(o);
          }
        };
      }
      case 'Subscript': {
        const container = this.expression(node.value);
        const key = this.expression(node.slice);
        return (f) => {
          const c = container(f);
          const k = key(f);
          f.at = node;
          try {
            deleteSubscript(this.vm, c, k);
          } finally {
            rt.decref(k);
            rt.decref(c);
          }
        };
      }
      case 'Tuple':
      case 'List': {
        const parts = node.elts.map((e) => this.deleter(e));
        return (f) => {
          for (const p of parts) p(f);
        };
      }
      default:
        throw new PythonError('SyntaxError', `cannot delete ${node.nodeType}`);
    }
  }

  // --- Expressions --------------------------------------------------------------------------

  /** A condition as a JS boolean (`POP_JUMP_IF_FALSE`). */
  condition(node: ast.ExprNode): (f: Frame) => boolean {
    const rt = this.vm.runtime;
    if (node.nodeType === 'Compare' && node.ops.length === 1) {
      const left = this.expression(node.left);
      const right = this.expression(node.comparators[0]);
      const op = node.ops[0];
      return (f) => {
        const a = left(f);
        try {
          const b = right(f);
          f.at = node;
          try {
            return compareBool(this.vm, op, a, b);
          } finally {
            rt.decref(b);
          }
        } finally {
          rt.decref(a);
        }
      };
    }
    const value = this.expression(node);
    return (f) => {
      const v = value(f);
      try {
        return truthy(this.vm, v);
      } finally {
        rt.decref(v);
      }
    };
  }

  expression(node: ast.ExprNode): Expr {
    this.unit.nodes++;
    const rt = this.vm.runtime;
    const vm = this.vm;
    switch (node.nodeType) {
      case 'Constant': {
        const obj = this.unit.addConst(this.pool.constant(node.value));
        return () => {
          rt.incref(obj);
          return obj;
        };
      }
      case 'Name': {
        if (node.id.startsWith(TEMP_PREFIX)) {
          // An operand the generator compiler already evaluated (a `yield` was among them).
          const index = Number(node.id.slice(TEMP_PREFIX.length));
          return (f) => {
            const temps = f.temps as (PyObject | null)[];
            const value = temps[index] as PyObject;
            temps[index] = null;
            return value;
          };
        }
        return this.loadName(node.id, node);
      }
      case 'BinOp': {
        const folded = this.folded(node);
        if (folded !== null) return folded;
        const left = this.expression(node.left);
        const right = this.expression(node.right);
        const op = node.op;
        return (f) => {
          const a = left(f);
          let b: PyObject;
          try {
            b = right(f);
          } catch (error) {
            rt.decref(a);
            throw error;
          }
          f.at = node;
          try {
            return binaryOp(vm, op, a, b);
          } finally {
            rt.decref(a);
            rt.decref(b);
          }
        };
      }
      case 'UnaryOp': {
        const folded = this.folded(node);
        if (folded !== null) return folded;
        const operand = this.expression(node.operand);
        const op = node.op;
        return (f) => {
          const v = operand(f);
          f.at = node;
          try {
            return unaryOp(vm, op, v);
          } finally {
            rt.decref(v);
          }
        };
      }
      case 'BoolOp': {
        const values = node.values.map((v) => this.expression(v));
        const isAnd = node.op === 'And';
        return (f) => {
          let result = values[0](f);
          for (let i = 1; i < values.length; i++) {
            if (truthy(vm, result) !== isAnd) return result;
            rt.decref(result);
            result = values[i](f);
          }
          return result;
        };
      }
      case 'Compare':
        return this.compare(node);
      case 'IfExp': {
        const test = this.condition(node.test);
        const body = this.expression(node.body);
        const orelse = this.expression(node.orelse);
        return (f) => (test(f) ? body(f) : orelse(f));
      }
      case 'Call':
        return this.call(node);
      case 'Attribute': {
        const obj = this.expression(node.value);
        const name = node.attr;
        this.unit.addName(vm, name);
        const at = attributePosition(node, node);
        return (f) => {
          const o = obj(f);
          f.at = at;
          try {
            return getAttribute(vm, o, name);
          } finally {
            rt.decref(o);
          }
        };
      }
      case 'Subscript': {
        const folded = this.folded(node);
        if (folded !== null) return folded;
        const container = this.expression(node.value);
        const key = this.expression(node.slice);
        return (f) => {
          const c = container(f);
          try {
            const k = key(f);
            f.at = node;
            try {
              return getSubscript(vm, c, k);
            } finally {
              rt.decref(k);
            }
          } finally {
            rt.decref(c);
          }
        };
      }
      case 'Slice': {
        const part = (e: ast.ExprNode | null): Expr =>
          e === null ? () => rt.share(rt.none) : this.expression(e);
        const [lower, upper, step] = [part(node.lower), part(node.upper), part(node.step)];
        return (f) => rt.newSlice(lower(f), upper(f), step(f));
      }
      case 'List':
      case 'Tuple':
      case 'Set':
        return this.display(node);
      case 'Dict':
        return compileDictDisplay(vm, node, (n) => this.expression(n));
      case 'JoinedStr': {
        const parts = node.values.map((v) => this.expression(v));
        return (f) => {
          let text = '';
          for (const p of parts) {
            const v = p(f);
            text += (v as PyStr).value;
            rt.decref(v);
          }
          return rt.newStr(text);
        };
      }
      case 'FormattedValue': {
        const value = this.expression(node.value);
        const spec = node.format_spec === null ? null : this.expression(node.format_spec);
        const conversion = node.conversion;
        return (f) => {
          const v = value(f);
          try {
            const specText = spec === null ? '' : takeStr(rt, spec(f));
            if (conversion === 114) return rt.newStr(formatText(repr(vm, v), specText));
            if (conversion === 115) return rt.newStr(formatText(str(vm, v), specText));
            return rt.newStr(formatValue(vm, v, specText));
          } finally {
            rt.decref(v);
          }
        };
      }
      case 'Lambda': {
        const make = this.functionMaker('<lambda>', node.args, node.body, node.lineno, node, true);
        return make;
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp':
        return this.comprehension(node);
      case 'NamedExpr': {
        const value = this.expression(node.value);
        const store = this.storeName(node.target.id);
        return (f) => {
          const v = value(f);
          store(f, rt.share(v));
          return v;
        };
      }
      case 'Starred':
        throw new PythonError('SyntaxError', "can't use starred expression here");
      case 'Yield':
      case 'YieldFrom':
        throw new PythonError(
          'NotImplementedError',
          "memkit runs 'yield' only as a statement or an assignment's value",
        );
    }
  }

  /**
   * An operator on constants, folded at compile time as CPython's AST optimizer does, or null.
   * `make_const` puts each folded value into the parse arena, beside the parser's literals, so
   * the arena holds the leaves, every intermediate result and the final one: a folded `'a b' * 2`
   * has the same refcount as the literal `'a ba b'` (the arena's, `co_consts`' and the names').
   * A tuple display of constants is one such value (`fold_tuple`), merged with equal ones.
   */
  private folded(node: ast.BinOp | ast.UnaryOp | ast.Tuple | ast.Subscript): Expr | null {
    const value = foldConstant(node);
    if (value === undefined) return null;
    const rt = this.vm.runtime;
    const obj = this.unit.addConst(this.pool.merge(this.optimized(node, value), value));
    return () => rt.share(obj);
  }

  /**
   * The objects ast_opt makes for a foldable node, bottom-up, each held by the arena: the
   * parser's literals, each folded tuple (holding its items' objects) and operator result.
   * Returns the node's own object, borrowed.
   */
  private optimized(node: ast.ExprNode, value: Folded): PyObject {
    const rt = this.vm.runtime;
    if (node.nodeType === 'Constant') return this.pool.parsed(node.value);
    if (node.nodeType === 'Tuple' && value instanceof ConstTuple) {
      const items = node.elts.map((e, i) => rt.share(this.optimized(e, value.items[i] as Folded)));
      return this.pool.hold(rt.newTuple(items));
    }
    if (node.nodeType === 'Subscript') {
      // fold_subscr (PyObject_GetItem): a tuple's item is that item object itself, which
      // make_const adds to the arena once more.
      const container = this.optimized(node.value, foldConstant(node.value) as Folded);
      this.optimized(node.slice, foldConstant(node.slice) as Folded);
      if (container instanceof PyTuple) {
        const index = Number(foldConstant(node.slice) as bigint | boolean);
        return this.pool.hold(rt.share(container.items[index < 0 ? index + container.items.length : index]));
      }
    }
    if (node.nodeType === 'UnaryOp') this.optimized(node.operand, foldConstant(node.operand) as Folded);
    if (node.nodeType === 'BinOp') {
      const left = this.optimized(node.left, foldConstant(node.left) as Folded);
      const right = this.optimized(node.right, foldConstant(node.right) as Folded);
      if (value instanceof ConstTuple) {
        // PyNumber_Add / PyNumber_Multiply: the result shares the operands' item objects.
        let items: PyObject[];
        if (node.op === 'Add') items = [...(left as PyTuple).items, ...(right as PyTuple).items];
        else {
          const seq = (left instanceof PyTuple ? left : right) as PyTuple;
          items = [];
          while (items.length < value.items.length) items.push(...seq.items);
        }
        return this.pool.hold(rt.newTuple(items.map((i) => rt.share(i))));
      }
    }
    return this.pool.parsed(value as ast.ConstantValue);
  }

  /**
   * `fold_iter`: what a `for` or comprehension iterates over, or `in`/`not in` looks into. A set
   * display of constants is a frozenset constant (no set is built at run time, merged with equal
   * ones); a list display is a tuple display (see `iteratedDisplay`).
   */
  private iterated(node: ast.ExprNode): Expr {
    if (node.nodeType === 'Set') {
      const tuple = foldItems(node.elts);
      if (tuple !== undefined) {
        const rt = this.vm.runtime;
        const items = node.elts.map((e, i) => this.optimized(e, tuple.items[i] as Folded));
        const value = new ConstFrozenSet(tuple.items);
        const obj = this.unit.addConst(this.pool.merge(this.pool.frozenSet(items, tuple.items), value));
        return () => rt.share(obj);
      }
    }
    return this.expression(iteratedDisplay(node));
  }

  private compare(node: ast.Compare): Expr {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const left = this.expression(node.left);
    const ops = node.ops;
    const last = ops.length - 1;
    // fold_compare: the list display `in`/`not in` looks into is a tuple (a constant one if it can).
    const rights = node.comparators.map((c, i) =>
      i === last && (ops[i] === 'In' || ops[i] === 'NotIn') ? this.iterated(c) : this.expression(c),
    );
    if (ops.length === 1) {
      const [right] = rights;
      const [op] = ops;
      return (f) => {
        const a = left(f);
        try {
          const b = right(f);
          f.at = node;
          try {
            return compareObjects(vm, op, a, b);
          } finally {
            rt.decref(b);
          }
        } finally {
          rt.decref(a);
        }
      };
    }
    return (f) => {
      let a = left(f);
      try {
        for (let i = 0; i < ops.length; i++) {
          const b = rights[i](f);
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

  private display(node: ast.List | ast.Tuple | ast.Set): Expr {
    const rt = this.vm.runtime;
    const vm = this.vm;
    if (node.nodeType === 'Tuple') {
      const folded = this.folded(node);
      if (folded !== null) return folded;
    }
    const parts = node.elts.map((e) => ({
      starred: e.nodeType === 'Starred',
      value: this.expression(e.nodeType === 'Starred' ? e.value : e),
    }));
    if (
      node.nodeType !== 'Tuple' &&
      node.elts.length > 2 &&
      node.elts.every((e) => e.nodeType === 'Constant')
    ) {
      // `[1, 2, 3]` compiles to BUILD_LIST 0 + LIST_EXTEND of a constant tuple (a frozenset and
      // SET_UPDATE for sets): the container grows as extend/update size it, not exactly.
      const items = node.elts.map((e) => rt.share(this.pool.constant((e as ast.Constant).value)));
      const folded = this.unit.addConst(
        this.pool.keep(node.nodeType === 'List' ? rt.newTuple(items) : rt.newSet(items, true)),
      );
      if (node.nodeType === 'List') {
        return () => {
          const list = rt.newList();
          list.extendExact(
            rt,
            (folded as PyTuple).items.map((i) => rt.share(i)),
          );
          return list;
        };
      }
      return () => {
        const set = rt.newSet();
        const source = [...(folded as PySet).table];
        set.reserveForMerge(rt, source.length);
        for (const item of source) set.add(rt, rt.share(item));
        return set;
      };
    }
    if (parts.some((p) => p.starred) || parts.length > STACK_USE_GUIDELINE) {
      return starredDisplay(vm, node, parts);
    }
    const notIterable =
      node.nodeType === 'Set'
        ? undefined
        : (name: string) => `Value after * must be an iterable, not ${name}`;
    return (f) => {
      const items: PyObject[] = [];
      try {
        for (const p of parts) {
          const v = p.value(f);
          f.at = node;
          if (p.starred) unpackInto(vm, v, items, notIterable);
          else items.push(v);
        }
      } catch (error) {
        for (const i of items) rt.decref(i);
        throw error;
      }
      if (node.nodeType === 'List') return rt.newList(items);
      if (node.nodeType === 'Tuple') return rt.newTuple(items);
      return rt.newSet(items);
    };
  }

  /**
   * Does CPython 3.11's compiler call `obj.name(...)` with LOAD_METHOD (maybe_optimize_method_call)?
   * Not with `*args` or `**kwargs`, nor on a name a module-level import binds (`os.getcwd()`):
   * those load a bound attribute (LOAD_ATTR) and call it.
   */
  private loadsMethod(node: ast.Call): boolean {
    const func = node.func as ast.Attribute;
    if (node.args.some((a) => a.nodeType === 'Starred')) return false;
    if (node.keywords.some((k) => k.arg === null)) return false;
    if (func.value.nodeType !== 'Name') return true;
    let top = this.unit.scope;
    while (top.parent !== null) top = top.parent;
    return !top.imported.has(func.value.id);
  }

  private call(node: ast.Call): Expr {
    const rt = this.vm.runtime;
    const vm = this.vm;
    const args = node.args.map((a) => ({
      starred: a.nodeType === 'Starred',
      value: this.expression(a.nodeType === 'Starred' ? a.value : a),
    }));
    const keywords = node.keywords.map((k) => ({ name: k.arg, value: this.expression(k.value) }));
    // `describe` names the callee for check_args_iterable's message, on that error path only.
    const evaluateArgs = (f: Frame, describe: () => string): [PyObject[], Kwargs] => {
      const values: PyObject[] = [];
      let kwargs: Kwargs = null;
      try {
        for (const a of args) {
          const v = a.value(f);
          if (a.starred) {
            f.at = node;
            unpackInto(
              vm,
              v,
              values,
              (type) => `${describe()} argument after * must be an iterable, not ${type}`,
            );
          } else values.push(v);
        }
        for (const k of keywords) {
          const v = k.value(f);
          kwargs ??= new Map();
          if (k.name !== null) {
            kwargs.set(k.name, v);
            continue;
          }
          try {
            if (!(v instanceof PyDict)) {
              f.at = node;
              throw new PythonError(
                'TypeError',
                `${describe()} argument after ** must be a mapping, not ${v.type.name}`,
              );
            }
            for (const [key, value] of v.entries()) kwargs.set((key as PyStr).value, rt.share(value));
          } finally {
            rt.decref(v);
          }
        }
      } catch (error) {
        for (const v of values) rt.decref(v);
        if (kwargs !== null) for (const v of kwargs.values()) rt.decref(v);
        throw error;
      }
      return [values, kwargs];
    };
    // The common call: positional arguments only, evaluated without the general path's tuple,
    // error-message closure and keyword map.
    const positionalOnly = keywords.length === 0 && args.every((a) => !a.starred);
    const argValues = args.map((a) => a.value);
    // The arguments, or (one raised) the evaluated ones and the references the call site held
    // (callable, self; null when absent) released before the error propagates.
    const evaluatePositional = (f: Frame, held: PyObject | null, alsoHeld: PyObject | null): PyObject[] => {
      const values: PyObject[] = [];
      try {
        for (let i = 0; i < argValues.length; i++) values.push(argValues[i](f));
      } catch (error) {
        for (const v of values) rt.decref(v);
        if (held !== null) rt.decref(held);
        if (alsoHeld !== null) rt.decref(alsoHeld);
        throw error;
      }
      return values;
    };
    if (node.func.nodeType === 'Attribute' && this.loadsMethod(node)) {
      // LOAD_METHOD before the arguments, as 3.11 evaluates them: `obj.missing(f())` fails
      // without calling f, and the method is held while they are evaluated.
      const obj = this.expression(node.func.value);
      const name = node.func.attr;
      this.unit.addName(vm, name);
      // LOAD_METHOD points at `obj.name`, CALL at the whole call.
      const lookupAt = attributePosition(node.func, node.func);
      const callAt = attributePosition(node, node.func);
      if (positionalOnly) {
        // An inline cache: what LOAD_METHOD found on the class of the last object called here,
        // valid while no class dict has changed (a function still defers to an instance attribute).
        let cachedType: PyType | null = null;
        let cachedEpoch = -1;
        let cached: PyFunction | NativeMethod | null = null;
        return (f) => {
          const o = obj(f);
          f.at = lookupAt;
          if (o.type !== cachedType || cachedEpoch !== typeLookupEpoch.value) {
            cached = classMethod(vm, o.type, name);
            cachedType = o.type;
            cachedEpoch = typeLookupEpoch.value;
          }
          const found = cached;
          if (found instanceof PyFunction && !hasOwnAttribute(o, name)) {
            const fn = rt.share(found);
            const values = evaluatePositional(f, fn, o);
            f.at = callAt;
            return callStolen(vm, fn, o, values, null);
          }
          if (typeof found === 'function') {
            const values = evaluatePositional(f, o, null);
            f.at = callAt;
            try {
              return found(vm, o, values, null);
            } finally {
              for (const a of values) rt.decref(a);
              rt.decref(o);
            }
          }
          const method = loadMethod(vm, o, name);
          const values = evaluatePositional(f, method.fn, method.self);
          f.at = callAt;
          return callLoadedMethod(vm, method, values, null);
        };
      }
      return (f) => {
        const o = obj(f);
        f.at = lookupAt;
        const method = loadMethod(vm, o, name);
        let evaluated: [PyObject[], Kwargs];
        try {
          evaluated = evaluateArgs(f, () => describeMethod(vm, method, name));
        } catch (error) {
          releaseMethod(vm, method);
          throw error;
        }
        f.at = callAt;
        return callLoadedMethod(vm, method, evaluated[0], evaluated[1]);
      };
    }
    const func = this.expression(node.func);
    if (positionalOnly) {
      // An inline cache for `Class(...)`: the class last called here, when instantiate's common
      // case applies to it, with its __init__, valid while no class dict has changed.
      let plainClass: PyObject | null = null;
      let plainInit: PyFunction | null = null;
      let plainEpoch = -1;
      return (f) => {
        const fn = func(f);
        const values = evaluatePositional(f, fn, null);
        f.at = node;
        if (fn !== plainClass || plainEpoch !== typeLookupEpoch.value) {
          const init = plainConstructorInit(vm, fn);
          plainClass = init === undefined ? null : fn;
          plainInit = init ?? null;
          plainEpoch = typeLookupEpoch.value;
          if (init === undefined) return callStolen(vm, fn, null, values, null);
        }
        try {
          return constructInstance(vm, fn as PyType, plainInit, values);
        } finally {
          rt.decref(fn);
        }
      };
    }
    return (f) => {
      const fn = func(f);
      let evaluated: [PyObject[], Kwargs];
      try {
        evaluated = evaluateArgs(f, () => functionString(vm, fn));
      } catch (error) {
        rt.decref(fn);
        throw error;
      }
      f.at = node;
      return callStolen(vm, fn, null, evaluated[0], evaluated[1]);
    };
  }
}

/** A comprehension's `if` clauses, in order, stopping at the first false one. */
function allTrue(conditions: readonly ((f: Frame) => boolean)[], f: Frame): boolean {
  for (let i = 0; i < conditions.length; i++) if (!conditions[i](f)) return false;
  return true;
}

/** `CompiledCode.exactArity`: the positional count when nothing else binds, else -1. */
function exactArity(parameters: ParameterSpec): number {
  const simple =
    parameters.varargs === null && parameters.varkeywords === null && parameters.keywordOnly.length === 0;
  return simple ? parameters.positional.length : -1;
}

function noParameters(): ParameterSpec {
  return { positional: [], posonlyCount: 0, varargs: null, keywordOnly: [], varkeywords: null };
}

function takeStr(rt: Vm['runtime'], obj: PyObject): string {
  const text = obj instanceof PyStr ? obj.value : '';
  rt.decref(obj);
  return text;
}

function formatText(text: string, spec: string): string {
  if (spec === '') return text;
  const match = /^(.?[<>^])?(\d+)?$/.exec(spec);
  if (match === null) return text;
  const width = Number(match[2] ?? 0);
  const align = match[1]?.slice(-1) ?? '<';
  const fill = match[1] && match[1].length === 2 ? match[1][0] : ' ';
  if (align === '>') return text.padStart(width, fill);
  if (align === '^') {
    const total = Math.max(0, width - text.length);
    const left = Math.floor(total / 2);
    return fill.repeat(left) + text + fill.repeat(total - left);
  }
  return text.padEnd(width, fill);
}

/**
 * What 3.11's LOAD_METHOD leaves on the stack: a function found on the class (`fn`, a new
 * reference) or a builtin type's native method, to be called with `self` without making a bound
 * method; otherwise the attribute itself in `fn` and `self` null. References owned.
 */
export interface LoadedMethod {
  fn: PyObject | null;
  native: NativeMethod | null;
  self: PyObject | null;
}

/** LOAD_METHOD: `obj` is stolen. */
export function loadMethod(vm: Vm, obj: PyObject, name: string): LoadedMethod {
  const rt = vm.runtime;
  const found = classMethod(vm, obj.type, name);
  if (found instanceof PyFunction) {
    if (!hasOwnAttribute(obj, name)) return { fn: rt.share(found), native: null, self: obj };
  } else if (found !== null) return { fn: null, native: found, self: obj };
  try {
    return { fn: getAttribute(vm, obj, name), native: null, self: null };
  } finally {
    rt.decref(obj);
  }
}

/**
 * What LOAD_METHOD calls without a bound method for instances of `type`: a function in the
 * class (borrowed; unless the instance has its own attribute of that name) or, with nothing in
 * the class, a builtin type's native method; else null — also for a builtin classmethod
 * (`{}.fromkeys` binds to the class; calling it with the instance once raised "'dict' object is
 * not callable") and for a class with its own `__getattribute__` (LOAD_METHOD's shortcut needs
 * the generic lookup). It depends only on the type and the class dicts (`typeLookupEpoch`).
 */
function classMethod(vm: Vm, type: PyType, name: string): PyFunction | NativeMethod | null {
  const rt = vm.runtime;
  // Classes, modules and super() objects find methods through their own attribute rules.
  const isClassOrModule =
    type === rt.types.type ||
    type.name === 'module' ||
    type === vm.types.super ||
    type.isSubtypeOf(rt.types.type);
  if (isClassOrModule || attributeHook(type, '__getattribute__') !== null) return null;
  const descriptor = lookupSpecial(type, name);
  if (descriptor instanceof PyFunction) return descriptor;
  if (descriptor !== null) return null;
  const native = nativeMethod(vm, type, name);
  return native !== null && NATIVE_CLASS_METHODS.has(native) ? null : native;
}

/** Drops what `loadMethod` holds, when the call does not happen (an argument raised). */
function releaseMethod(vm: Vm, method: LoadedMethod): void {
  const rt = vm.runtime;
  if (method.fn !== null) rt.decref(method.fn);
  if (method.self !== null) rt.decref(method.self);
}

/** CALL after LOAD_METHOD: the method and the arguments are stolen. */
export function callLoadedMethod(vm: Vm, method: LoadedMethod, args: PyObject[], kwargs: Kwargs): PyObject {
  const rt = vm.runtime;
  const { fn, native, self } = method;
  if (native !== null) {
    const obj = self as PyObject;
    try {
      return native(vm, obj, args, kwargs);
    } finally {
      for (const a of args) rt.decref(a);
      if (kwargs !== null) for (const v of kwargs.values()) rt.decref(v);
      rt.decref(obj);
    }
  }
  return callStolen(vm, fn as PyObject, self, args, kwargs);
}

/**
 * CALL with the callable's stack reference stolen. A Python function's reference moves into the
 * new frame, as _PyEvalFramePushAndInit consumes it (so `sys.getrefcount` of a running function
 * counts the frame once): the frame takes its own before any Python code runs, so the stack's goes
 * first unless it is the last (the function was dropped while the arguments were evaluated).
 */
function callStolen(
  vm: Vm,
  callable: PyObject,
  self: PyObject | null,
  args: PyObject[],
  kwargs: Kwargs,
): PyObject {
  const rt = vm.runtime;
  if (callable instanceof PyFunction) {
    const last = callable.refcnt === 1;
    if (!last) rt.decref(callable);
    try {
      return callFunctionWithSelf(vm, callable, self, args, kwargs);
    } finally {
      if (last) rt.decref(callable);
    }
  }
  try {
    return callObject(vm, callable, args, kwargs);
  } finally {
    rt.decref(callable);
  }
}

/** `obj.name(*args)` as 3.11's LOAD_METHOD + CALL. `obj` and the arguments are stolen. */
export function callMethodByName(
  vm: Vm,
  obj: PyObject,
  name: string,
  args: PyObject[],
  kwargs: Kwargs,
): PyObject {
  const rt = vm.runtime;
  let method: LoadedMethod;
  try {
    method = loadMethod(vm, obj, name);
  } catch (error) {
    for (const a of args) rt.decref(a);
    if (kwargs !== null) for (const v of kwargs.values()) rt.decref(v);
    throw error;
  }
  return callLoadedMethod(vm, method, args, kwargs);
}

/** How check_args_iterable names a loaded method (`C.m()`, `list.extend()`…). */
function describeMethod(vm: Vm, method: LoadedMethod, name: string): string {
  const rt = vm.runtime;
  if (method.self === null) return functionString(vm, method.fn as PyObject);
  if (method.native !== null) return `${builtinOwner(method.self.type)}.${name}()`;
  const bound = getAttribute(vm, method.self, name);
  try {
    return functionString(vm, bound);
  } finally {
    rt.decref(bound);
  }
}

/** The builtin type a native method comes from, as its descriptor's __qualname__ names it (`list`). */
function builtinOwner(type: PyType): string {
  let cls: PyType | null = type;
  while (cls !== null && cls.module !== 'builtins') cls = cls.base;
  return (cls ?? type).name;
}

/** `_PyObject_FunctionStr`: how argument errors name a callable (`mod.qualname()`). */
function functionString(vm: Vm, callable: PyObject): string {
  const rt = vm.runtime;
  const fn = callable instanceof PyMethod ? callable.func : callable;
  if (fn instanceof PyBuiltinFunction) {
    const self = fn.self;
    if (self !== null && !(self instanceof PyModule)) return `${builtinOwner(self.type)}.${fn.name}()`;
    const module = fn.module instanceof PyStr ? fn.module.value : 'builtins';
    return module === 'builtins' ? `${fn.name}()` : `${module}.${fn.name}()`;
  }
  const text = (name: string): string | null => {
    try {
      const value = getAttribute(vm, fn, name);
      const result = value instanceof PyStr ? value.value : null;
      rt.decref(value);
      return result;
    } catch (error) {
      rt.decref(toPyException(rt, error));
      return null;
    }
  };
  const qualname = text('__qualname__');
  if (qualname === null) return str(vm, fn);
  const module = text('__module__');
  return module === null || module === 'builtins' ? `${qualname}()` : `${module}.${qualname}()`;
}

function hasOwnAttribute(obj: PyObject, name: string): boolean {
  const storage = obj as { getAttribute?: (n: string) => PyObject | null };
  return typeof storage.getAttribute === 'function' && storage.getAttribute(name) !== null;
}

/** `raise X`: an exception class is instantiated; an instance is used as is. Steals `value`. */
function makeException(vm: Vm, value: PyObject): PyBaseException {
  const rt = vm.runtime;
  const base = rt.types.BaseException;
  if (value.type === rt.types.type || value.type.isSubtypeOf(rt.types.type)) {
    const cls = value as PyType;
    if (cls.isSubtypeOf(base)) {
      try {
        return callObject(vm, cls, [], null) as PyBaseException;
      } finally {
        rt.decref(value);
      }
    }
  } else if (value.type.isSubtypeOf(base)) {
    return value as PyBaseException;
  }
  rt.decref(value);
  throw new PythonError('TypeError', 'exceptions must derive from BaseException');
}

export { toPyException };

/**
 * `fold_iter`: a list display a `for` (or comprehension) iterates over, or `in` looks into, is
 * compiled as a tuple display (no list is built), a constant one when its items are constants.
 */
export function iteratedDisplay(node: ast.ExprNode): ast.ExprNode {
  if (node.nodeType !== 'List' || node.elts.some((e) => e.nodeType === 'Starred')) return node;
  return { ...node, nodeType: 'Tuple' } as ast.ExprNode;
}
