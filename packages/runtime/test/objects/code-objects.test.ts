import { describe, expect, it } from 'vitest';
import type { PyObject } from '../../src/object';
import type { PyCode } from '../../src/objects/code';
import type { PyDict } from '../../src/objects/dict';
import type { PyBaseException } from '../../src/objects/exception';
import type { PyFunction } from '../../src/objects/function';
import { GeneratorState } from '../../src/objects/generator';
import type { InterpreterFrame } from '../../src/objects/interpreter-frame';
import type { PyStr } from '../../src/objects/str';
import type { PyType } from '../../src/objects/type';
import { Runtime } from '../../src/runtime';

// Every expected number is what CPython 3.11.7 prints for the one-liner in the comment above it
// (`python3 -c "<one-liner>"`; `exec("def …")` stands for a def statement).

/** `[type(r).__name__ for r in gc.get_referents(obj)]`. */
function referents(obj: PyObject): string[] {
  const out: string[] = [];
  obj.traverse((r) => out.push(r.type.name));
  return out;
}

/** Referents themselves, for identity checks. */
function referentObjects(obj: PyObject): PyObject[] {
  const out: PyObject[] = [];
  obj.traverse((r) => out.push(r));
  return out;
}

interface CodeShape {
  qualname?: string;
  /** Names of the frame's locals, cells and free variables (`co_varnames + co_cellvars + co_freevars`). */
  locals?: string[];
  stacksize?: number;
  /** `len(co_code)`. */
  codeBytes?: number;
  /** `co_consts`; a str first is the docstring. */
  consts?: PyObject[];
  ncellvars?: number;
  nfreevars?: number;
}

/**
 * A module being run: its globals (with `__name__ = '__main__'`), builtins, and the running
 * frame of its code, which calls made by the tests come from.
 */
class Program {
  readonly rt = new Runtime();
  readonly globals: PyDict;
  readonly builtins: PyDict;
  readonly moduleFrame: InterpreterFrame;

  constructor() {
    const rt = this.rt;
    this.globals = rt.newDict([[rt.intern('__name__'), rt.newStr('__main__')]]);
    this.builtins = rt.newDict();
    const moduleFunc = this.def('<module>', { stacksize: 6 });
    this.moduleFrame = rt.newInterpreterFrame(moduleFunc, rt.share(this.globals));
  }

  code(name: string, shape: CodeShape = {}): PyCode {
    const rt = this.rt;
    return rt.newCode({
      name: rt.intern(name),
      qualname: rt.intern(shape.qualname ?? name),
      filename: rt.newStr('/tmp/case.py'),
      firstlineno: 1,
      consts: rt.newTuple(shape.consts ?? [rt.share(rt.none)]),
      names: rt.newTuple([]),
      localsplusnames: rt.newTuple((shape.locals ?? []).map((n) => rt.intern(n))),
      ncellvars: shape.ncellvars,
      nfreevars: shape.nfreevars,
      stacksize: shape.stacksize ?? 1,
      codeBytes: shape.codeBytes ?? 6,
    });
  }

  /** `def name(): …` at module level. */
  def(name: string, shape: CodeShape = {}, options: Parameters<Runtime['newFunction']>[3] = {}): PyFunction {
    const rt = this.rt;
    return rt.newFunction(this.code(name, shape), rt.share(this.globals), rt.share(this.builtins), options);
  }

  /** Calls `func` (borrowed) from the module frame with `args` (stolen) bound to its first locals. */
  call(func: PyFunction, ...args: PyObject[]): InterpreterFrame {
    const frame = this.rt.newInterpreterFrame(this.rt.share(func), null, this.moduleFrame);
    for (const [i, arg] of args.entries()) frame.setLocal(this.rt, i, arg);
    return frame;
  }

  /** `raise type(*args)` inside `frame`: the exception with a traceback entry for the frame. */
  raise(frame: InterpreterFrame, type: PyType, ...args: PyObject[]): PyBaseException {
    const rt = this.rt;
    const exc = rt.newException(type, rt.newTuple(args));
    const tb = rt.newTraceback(null, rt.share(rt.frameObjectOf(frame)), 4, 3);
    exc.setTraceback(rt, tb);
    return exc;
  }
}

describe('function', () => {
  it('is 152 bytes and tracked at creation', () => {
    const p = new Program();
    const f = p.def('f');
    // import sys; print(sys.getsizeof(lambda: 0)) → 152
    expect(p.rt.sizeof(f)).toBe(152);
    // import gc; print(gc.is_tracked(lambda: 0)) → True
    expect(f.isTracked).toBe(true);
    p.rt.decref(f);
  });

  it('traverses code, globals, builtins, module, defaults, kwdefaults, doc, name, dict, closure, annotations, qualname', () => {
    const p = new Program();
    const rt = p.rt;
    // import gc; exec("def f(a, b=1, *, c=2) -> int:\n  'doc'"); print([type(r).__name__ for r in gc.get_referents(f)])
    // → ['code', 'dict', 'dict', 'str', 'tuple', 'dict', 'str', 'str', 'tuple', 'str']
    const f = p.def(
      'f',
      { locals: ['a', 'b', 'c'], consts: [rt.newStr('doc'), rt.share(rt.none)] },
      {
        defaults: rt.newTuple([rt.newInt(1)]),
        kwdefaults: rt.newDict([[rt.intern('c'), rt.newInt(2)]]),
        annotations: rt.newTuple([rt.intern('return'), rt.share(rt.types.int)]),
      },
    );
    expect(referents(f)).toEqual([
      'code',
      'dict',
      'dict',
      'str',
      'tuple',
      'dict',
      'str',
      'str',
      'tuple',
      'str',
    ]);
    expect(referentObjects(f)).toEqual([
      f.code,
      p.globals,
      p.builtins,
      p.globals.getByName('__name__'),
      f.defaults,
      f.kwdefaults,
      f.code.consts?.items[0],
      f.name,
      f.annotations,
      f.qualname,
    ]);
    // … f.attr = 1 → ['code', 'dict', 'dict', 'str', 'tuple', 'dict', 'str', 'str', 'dict', 'tuple', 'str']
    f.setAttribute(rt, rt.intern('attr'), rt.newInt(1));
    expect(referents(f)).toEqual([
      'code',
      'dict',
      'dict',
      'str',
      'tuple',
      'dict',
      'str',
      'str',
      'dict',
      'tuple',
      'str',
    ]);
    rt.decref(f);
  });

  it('a closure: doc None, then name, closure tuple, qualname', () => {
    const p = new Program();
    const rt = p.rt;
    // import gc; f = (lambda x: lambda: x)(1); print([type(r).__name__ for r in gc.get_referents(f)])
    // → ['code', 'dict', 'dict', 'str', 'NoneType', 'str', 'tuple', 'str']
    const closure = rt.newTuple([rt.newCell(rt.newInt(1))]);
    const f = p.def(
      '<lambda>',
      { qualname: '<lambda>.<locals>.<lambda>', locals: ['x'], nfreevars: 1 },
      { closure },
    );
    expect(referents(f)).toEqual(['code', 'dict', 'dict', 'str', 'NoneType', 'str', 'tuple', 'str']);
    expect(rt.repr(f)).toMatch(/^<function <lambda>\.<locals>\.<lambda> at 0x[0-9a-f]+>$/);
    rt.decref(f);
  });

  it('dropping a function frees its defaults, closure cells and what they hold, and nothing twice', () => {
    const p = new Program();
    const rt = p.rt;
    const code = p.code('f', { locals: ['a', 'x'], nfreevars: 1 });
    const tag = rt.intern('tag'); // a name in co_names, interned by the compiler
    rt.freeLists.clear(rt);
    const before = rt.memory.requestedBytes;
    const defaults = rt.newTuple([rt.newInt(1000)]);
    const payload = rt.newList([rt.newStr('a captured value')]);
    const cell = rt.newCell(payload);
    const closure = rt.newTuple([cell]);
    const kwdefaults = rt.newDict([[rt.intern('k'), rt.newFloat(2.5)]]);
    const f = rt.newFunction(rt.share(code), rt.share(p.globals), rt.share(p.builtins), {
      defaults,
      kwdefaults,
      closure,
    });
    f.setAttribute(rt, tag, rt.newStr('function attribute'));
    const dict = f.dict as PyDict;
    const globalsCount = p.globals.refcnt;
    rt.decref(f);
    for (const obj of [f, defaults, closure, cell, payload, kwdefaults, dict]) expect(obj.isFreed).toBe(true);
    expect(p.globals.refcnt).toBe(globalsCount - 1);
    expect(code.isFreed).toBe(false);
    rt.freeLists.clear(rt);
    expect(rt.memory.requestedBytes).toBe(before);
    rt.decref(code);
    rt.decref(tag);
  });

  it('tp_clear keeps the code and replaces name and qualname by the empty str', () => {
    // after calling type(f).tp_clear(f) through ctypes: f.__name__ == '' and f.__code__ is kept
    const p = new Program();
    const f = p.def('f');
    f.clear(p.rt);
    expect([f.name.value, f.qualname.value, f.globals, f.doc]).toEqual(['', '', null, null]);
    expect(referents(f)).toEqual(['code', 'str', 'str']);
    p.rt.decref(f);
  });

  it('def f(): pass; f.me = f; del f → collect() finds 2 (function + __dict__)', () => {
    // import gc; exec("def f(): pass"); f.me = f; del f; print(gc.collect()) → 2
    const p = new Program();
    const rt = p.rt;
    rt.collector.collect();
    const f = p.def('f');
    f.setAttribute(rt, rt.intern('me'), rt.share(f));
    rt.decref(f);
    expect(rt.collector.collect()).toBe(2);
    expect(f.isFreed).toBe(true);
  });
});

describe('code object', () => {
  it('is align8(184 + len(co_code)) bytes, plus a co_extra block; never tracked, no referents', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; c = (lambda: 0).__code__; print(sys.getsizeof(c), len(c.co_code), gc.is_tracked(c), gc.get_referents(c))
    // → 192 6 False []
    // Measured (len(co_code) → size): 6 → 192, 22 → 208, 26 → 216, 46 → 232, 52 → 240, 74 → 264, 806 → 992
    // (806: a def with 200 locals — the number of locals does not enter code_sizeof in 3.11).
    for (const [codeBytes, size] of [
      [6, 192],
      [22, 208],
      [26, 216],
      [46, 232],
      [52, 240],
      [74, 264],
      [806, 992],
    ]) {
      const code = p.code('f', { codeBytes });
      expect([rt.sizeof(code), code.isTracked, referents(code).length]).toEqual([size, false, 0]);
      rt.decref(code);
    }
    // ctypes: _PyEval_RequestCodeExtraIndex once, _PyCode_SetExtra → 208; with 3 indices → 224
    for (const [slots, size] of [
      [1, 208],
      [3, 224],
    ]) {
      const code = p.code('f');
      code.attachExtra(rt, slots);
      expect(rt.sizeof(code)).toBe(size);
      rt.decref(code);
    }
  });

  it('releases its constants, names and tables, and shows as <code object …>', () => {
    const p = new Program();
    const rt = p.rt;
    rt.freeLists.clear(rt);
    const before = rt.memory.requestedBytes;
    const code = p.code('g', {
      consts: [rt.newStr('a docstring constant'), rt.newInt(10 ** 6)],
      locals: ['a'],
    });
    expect(rt.repr(code)).toMatch(/^<code object g at 0x[0-9a-f]+, file "\/tmp\/case\.py", line 1>$/);
    const consts = code.consts as PyObject;
    rt.decref(code);
    expect(consts.isFreed).toBe(true);
    rt.freeLists.clear(rt);
    expect(rt.memory.requestedBytes).toBe(before);
  });
});

describe('cell', () => {
  it('is 40 bytes, tracked, and holds its contents', () => {
    const rt = new Runtime();
    // import sys, gc, types; c = types.CellType([]); print(sys.getsizeof(c), gc.is_tracked(c),
    //   [type(r).__name__ for r in gc.get_referents(c)], gc.get_referents(types.CellType())) → 40 True ['list'] []
    const cell = rt.newCell(rt.newList());
    expect([rt.sizeof(cell), cell.isTracked, referents(cell)]).toEqual([40, true, ['list']]);
    const empty = rt.newCell();
    expect(referents(empty)).toEqual([]);
    expect(rt.repr(cell)).toMatch(/^<cell at 0x[0-9a-f]+: list object at 0x[0-9a-f]+>$/);
    expect(rt.repr(empty)).toMatch(/^<cell at 0x[0-9a-f]+: empty>$/);
    const list = cell.contents as PyObject;
    rt.decref(cell);
    expect(list.isFreed).toBe(true);
    rt.decref(empty);
  });
});

describe('bound method', () => {
  it('is 64 bytes, tracked, and traverses function then self', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; exec("class A:\n  def m(self): pass"); m = A().m; print(sys.getsizeof(m), gc.is_tracked(m),
    //   [type(r).__name__ for r in gc.get_referents(m)]) → 64 True ['function', 'A']
    const A = rt.newClass('A');
    const m = rt.newMethod(p.def('m', { qualname: 'A.m', locals: ['self'] }), rt.newInstance(A));
    expect([rt.sizeof(m), m.isTracked, referents(m)]).toEqual([64, true, ['function', 'A']]);
    expect(rt.repr(m)).toMatch(/^<bound method A\.m of <__main__\.A object at 0x[0-9a-f]+>>$/);
    const [func, self] = [m.func, m.self];
    rt.decref(m);
    expect(func.isFreed && self.isFreed).toBe(true);
    rt.decref(A);
  });
});

describe('builtin function', () => {
  it('is 72 bytes, tracked; a module function holds its module and module name, a method its object', () => {
    const rt = new Runtime();
    // import sys, gc; print(sys.getsizeof(len), gc.is_tracked(len), [type(r).__name__ for r in gc.get_referents(len)],
    //   [type(r).__name__ for r in gc.get_referents([].append)]) → 72 True ['module', 'str'] ['list']
    const builtins = rt.newModule(rt.newStr('builtins'));
    const len = rt.newBuiltinFunction('len', rt.share(builtins), rt.newStr('builtins'));
    expect([rt.sizeof(len), len.isTracked, referents(len)]).toEqual([72, true, ['module', 'str']]);
    const append = rt.newBuiltinFunction('append', rt.newList());
    expect(referents(append)).toEqual(['list']);
    expect(rt.repr(len)).toBe('<built-in function len>');
    expect(rt.repr(append)).toMatch(/^<built-in method append of list object at 0x[0-9a-f]+>$/);
    rt.decref(len);
    rt.decref(append);
    expect(builtins.isFreed).toBe(false);
    rt.decref(builtins);
    expect(builtins.isFreed).toBe(true);
  });
});

describe('module', () => {
  it("is 72 bytes, tracked, traverses only its dict (184 bytes, untracked, five keys); repr <module 'mymodule'>", () => {
    const rt = new Runtime();
    // import sys, gc, types; m = types.ModuleType('mymodule'); print(sys.getsizeof(m), gc.is_tracked(m),
    //   [type(r).__name__ for r in gc.get_referents(m)], sys.getsizeof(m.__dict__), gc.is_tracked(m.__dict__),
    //   list(m.__dict__)) → 72 True ['dict'] 184 False ['__name__', '__doc__', '__package__', '__loader__', '__spec__']
    const m = rt.newModule(rt.newStr('mymodule'));
    const dict = m.dict as PyDict;
    expect([rt.sizeof(m), m.isTracked, referents(m)]).toEqual([72, true, ['dict']]);
    expect([rt.sizeof(dict), dict.isTracked]).toEqual([184, false]);
    expect([...dict.entries()].map(([k]) => (k as PyStr).value)).toEqual([
      '__name__',
      '__doc__',
      '__package__',
      '__loader__',
      '__spec__',
    ]);
    expect(dict.getByName('__name__')).toBe(m.name);
    expect(rt.repr(m)).toBe("<module 'mymodule'>");
    const name = m.name as PyStr;
    rt.decref(m);
    expect(dict.isFreed && name.isFreed).toBe(true);
  });
});

describe('slice', () => {
  it('is 56 bytes, tracked whatever it holds, traverses start, stop, step', () => {
    const rt = new Runtime();
    // import sys, gc; s = slice(1, 'a', None); print(sys.getsizeof(s), gc.is_tracked(s), gc.is_tracked(slice(1, 2, 3)),
    //   gc.get_referents(s)) → 56 True True [1, 'a', None]
    const s = rt.newSlice(rt.newInt(1), rt.newStr('a'), rt.share(rt.none));
    expect([rt.sizeof(s), s.isTracked, referents(s)]).toEqual([56, true, ['int', 'str', 'NoneType']]);
    expect(rt.repr(s)).toBe("slice(1, 'a', None)");
    rt.decref(s);
  });

  it('keeps one freed slice for reuse, even across a full collection', () => {
    // import gc; s = slice(1, 2); a = id(s); del s; gc.collect(); print(id(slice(3, 4)) == a) → True
    const rt = new Runtime();
    const none = () => rt.share(rt.none);
    const s = rt.newSlice(rt.newInt(1), rt.newInt(2), none());
    const id = s.id;
    const requested = rt.memory.requestedBytes;
    rt.decref(s);
    expect(rt.memory.requestedBytes).toBe(requested);
    rt.collector.collect();
    const again = rt.newSlice(rt.newInt(3), rt.newInt(4), none());
    expect(again.id).toBe(id);
    expect(again.isTracked).toBe(true);
    const other = rt.newSlice(none(), none(), none());
    expect(other.id).not.toBe(id);
    rt.decref(again);
    rt.decref(other);
    expect(rt.memory.requestedBytes).toBe(requested);
  });
});

describe('staticmethod and classmethod', () => {
  it('are 48 bytes, tracked, with the dict functools_wraps fills at creation', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; f = lambda: 0; sm = staticmethod(f); print(sys.getsizeof(sm), sys.getsizeof(classmethod(f)),
    //   gc.is_tracked(sm), [type(r).__name__ for r in gc.get_referents(sm)], list(sm.__dict__),
    //   [type(r).__name__ for r in gc.get_referents(f)])
    // → 48 48 True ['function', 'dict'] ['__module__', '__name__', '__qualname__', '__doc__', '__annotations__']
    //   ['code', 'dict', 'dict', 'str', 'NoneType', 'str', 'dict', 'str']
    const f = p.def('<lambda>');
    const sm = rt.newStaticMethod(rt.share(f));
    const cm = rt.newClassMethod(rt.share(f));
    expect([rt.sizeof(sm), rt.sizeof(cm), sm.isTracked, referents(sm)]).toEqual([
      48,
      48,
      true,
      ['function', 'dict'],
    ]);
    const dict = sm.dict as PyDict;
    expect([...dict.entries()].map(([k]) => (k as PyStr).value)).toEqual([
      '__module__',
      '__name__',
      '__qualname__',
      '__doc__',
      '__annotations__',
    ]);
    expect(dict.isTracked).toBe(true);
    expect(referents(f)).toEqual(['code', 'dict', 'dict', 'str', 'NoneType', 'str', 'dict', 'str']);
    expect(rt.repr(sm)).toMatch(/^<staticmethod\(<function <lambda> at 0x[0-9a-f]+>\)>$/);
    rt.decref(sm);
    rt.decref(cm);
    expect(dict.isFreed).toBe(true);
    rt.decref(f);
  });

  it('staticmethod(len) copies four attributes (no __annotations__)', () => {
    // import gc; print(list(staticmethod(len).__dict__.items()))
    // → [('__module__', 'builtins'), ('__name__', 'len'), ('__qualname__', 'len'), ('__doc__', 'Return the number of items in a container.')]
    const rt = new Runtime();
    const doc = 'Return the number of items in a container.';
    const len = rt.newBuiltinFunction('len', null, rt.newStr('builtins'), doc);
    const sm = rt.newStaticMethod(len);
    const items = [...(sm.dict as PyDict).entries()].map(([k, v]) => [
      (k as PyStr).value,
      (v as PyStr).value,
    ]);
    expect(items).toEqual([
      ['__module__', 'builtins'],
      ['__name__', 'len'],
      ['__qualname__', 'len'],
      ['__doc__', doc],
    ]);
    rt.decref(sm);
  });
});

describe('property', () => {
  it("is 80 bytes, tracked, traverses fget, fset, fdel, doc, name; takes the getter's doc, even None", () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; f = lambda: 0; g = lambda: 1; p = property(f, g, g, 'd'); print(sys.getsizeof(p), gc.is_tracked(p),
    //   [type(r).__name__ for r in gc.get_referents(p)], gc.get_referents(property()),
    //   [type(r).__name__ for r in gc.get_referents(property(f))])
    // → 80 True ['function', 'function', 'function', 'str'] [] ['function', 'NoneType']
    const f = p.def('f');
    const g = p.def('g');
    const prop = rt.newProperty(rt.share(f), rt.share(g), rt.share(g), rt.newStr('d'));
    expect([rt.sizeof(prop), prop.isTracked, referents(prop)]).toEqual([
      80,
      true,
      ['function', 'function', 'function', 'str'],
    ]);
    const bare = rt.newProperty();
    expect(referents(bare)).toEqual([]);
    const fromGetter = rt.newProperty(rt.share(f));
    expect(referents(fromGetter)).toEqual(['function', 'NoneType']);
    // class A: p = property(g) (g with a docstring) → ['function', 'str', 'str'] (doc, then the name)
    fromGetter.setName(rt, rt.intern('p'));
    expect(referents(fromGetter)).toEqual(['function', 'NoneType', 'str']);
    for (const obj of [prop, bare, fromGetter, f, g]) rt.decref(obj);
    expect(f.isFreed && g.isFreed).toBe(true);
  });
});

describe('frame', () => {
  it('is 120 + 8 × (nlocalsplus + co_stacksize) + 16; untracked with no referents while running', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys; print(sys.getsizeof(sys._getframe()), sys._getframe().f_code.co_stacksize) → 184 6
    expect(rt.sizeof(rt.frameObjectOf(p.moduleFrame))).toBe(184);
    // import sys, gc; exec("def f():\n  fr = sys._getframe()\n  print(sys.getsizeof(fr), gc.is_tracked(fr), gc.get_referents(fr))"); f()
    // → 200 False []   (f.__code__: co_varnames ('fr',), co_stacksize 7)
    const f = p.def('f', { locals: ['fr'], stacksize: 7 });
    const frame = p.call(f);
    const fr = rt.frameObjectOf(frame);
    expect([rt.sizeof(fr), fr.isTracked, referents(fr)]).toEqual([200, false, []]);
    frame.clear(rt);
    expect(fr.isFreed && !f.isFreed).toBe(true);
    rt.decref(f);
  });

  it('outliving its call, it takes the data over: tracked, f_back, function, code, locals', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; exec("def f(a, b, c, d, e):\n  x = a + b * c - d / e\n  y = [x, x, x, x]\n  return sys._getframe()")
    // fr = f(1, 2, 3, 4, 5); print(sys.getsizeof(fr), [type(r).__name__ for r in gc.get_referents(fr)])
    // → 224 ['frame', 'function', 'code', 'int', 'int', 'int', 'int', 'int', 'float', 'list']
    const f = p.def('f', { locals: ['a', 'b', 'c', 'd', 'e', 'x', 'y'], stacksize: 4, codeBytes: 46 });
    const frame = p.call(f, ...[1, 2, 3, 4, 5].map((v) => rt.newInt(v)));
    frame.setLocal(rt, 5, rt.newFloat(-0.8));
    frame.setLocal(rt, 6, rt.newList());
    const fr = rt.share(rt.frameObjectOf(frame));
    frame.clear(rt);
    expect([rt.sizeof(fr), fr.isTracked]).toEqual([224, true]);
    expect(referents(fr)).toEqual([
      'frame',
      'function',
      'code',
      'int',
      'int',
      'int',
      'int',
      'int',
      'float',
      'list',
    ]);
    expect(fr.back).toBe(p.moduleFrame.frameObject);
    expect(rt.repr(fr)).toMatch(/^<frame at 0x[0-9a-f]+, file '\/tmp\/case\.py', line 0, code f>$/);
    const list = frame.localsplus[6] as PyObject;
    const funcCount = f.refcnt;
    rt.decref(fr);
    expect(list.isFreed).toBe(true);
    expect(f.refcnt).toBe(funcCount - 1);
    rt.decref(f);
  });

  it('tp_clear drops the slots but keeps f_locals, function and code', () => {
    // ctypes tp_clear on the frame of: def f(): a = [1]; locals(); return sys._getframe()
    // → before ['frame', 'dict', 'function', 'code', 'list'], after ['frame', 'dict', 'function', 'code']
    const p = new Program();
    const rt = p.rt;
    const f = p.def('f', { locals: ['a'], stacksize: 2 });
    const frame = p.call(f, rt.newList([rt.newInt(1)]));
    frame.locals = rt.newDict();
    const fr = rt.share(rt.frameObjectOf(frame));
    frame.clear(rt);
    expect(referents(fr)).toEqual(['frame', 'dict', 'function', 'code', 'list']);
    fr.clear(rt);
    expect(referents(fr)).toEqual(['frame', 'dict', 'function', 'code']);
    rt.decref(fr);
    rt.decref(f);
  });
});

describe('generator', () => {
  it('(x for x in range(3)) is 200, (x*x for x in range(10**6)) 208: 152 + 8 × frame slots + 16', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; g = (x for x in range(3)); print(sys.getsizeof(g), gc.is_tracked(g),
    //   [type(r).__name__ for r in gc.get_referents(g)], g.gi_code.co_stacksize, g.gi_code.co_varnames)
    // → 200 True ['code', 'str', 'str', 'function', 'code', 'range_iterator'] 2 ('.0', 'x')
    const genexpr = p.def('<genexpr>', { locals: ['.0', 'x'], stacksize: 2, codeBytes: 26 });
    const iterator = rt.newList(); // stands for the range_iterator passed as `.0`
    const gen = rt.newGenerator(p.call(genexpr, iterator));
    expect([rt.sizeof(gen), gen.isTracked]).toEqual([200, true]);
    expect(referents(gen)).toEqual(['code', 'str', 'str', 'function', 'code', 'list']);
    expect(rt.repr(gen)).toMatch(/^<generator object <genexpr> at 0x[0-9a-f]+>$/);
    // import sys; g = (x*x for x in range(10**6)); print(sys.getsizeof(g), g.gi_code.co_stacksize) → 208 3
    const squares = p.def('<genexpr>', { locals: ['.0', 'x'], stacksize: 3 });
    const big = rt.newGenerator(p.call(squares, rt.newList()));
    expect(rt.sizeof(big)).toBe(208);
    // import sys, gc; g = (x for x in range(3)); list(g); print(sys.getsizeof(g), [type(r).__name__ for r in gc.get_referents(g)])
    // → 200 ['code', 'str', 'str']
    gen.finish(rt);
    expect([rt.sizeof(gen), gen.state, referents(gen)]).toEqual([
      200,
      GeneratorState.cleared,
      ['code', 'str', 'str'],
    ]);
    expect(iterator.isFreed).toBe(true);
    const count = squares.refcnt;
    rt.decref(big);
    expect(squares.refcnt).toBe(count - 1);
    rt.decref(gen);
    rt.decref(genexpr);
    rt.decref(squares);
    expect(genexpr.isFreed && squares.isFreed).toBe(true);
  });

  it('its frame object is untracked with no referents; the generator reaches it first', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; exec("def gf(a):\n  b = a * 2\n  yield b"); gi = gf(5); fr = gi.gi_frame
    // print([type(r).__name__ for r in gc.get_referents(gi)], sys.getsizeof(fr), gc.is_tracked(fr), gc.get_referents(fr))
    // → ['code', 'str', 'str', 'frame', 'function', 'code', 'int'] 168 False []
    const gf = p.def('gf', { locals: ['a', 'b'], stacksize: 2 });
    const gen = rt.newGenerator(p.call(gf, rt.newInt(5)));
    const fr = rt.share(rt.frameObjectOf(gen.frame));
    expect(referents(gen)).toEqual(['code', 'str', 'str', 'frame', 'function', 'code', 'int']);
    expect([rt.sizeof(fr), fr.isTracked, referents(fr)]).toEqual([168, false, []]);
    // Dropping the generator while the frame object lives: the frame object takes the data over.
    rt.decref(gen);
    expect(gen.isFreed).toBe(true);
    expect([fr.isTracked, referents(fr)]).toEqual([true, ['function', 'code', 'int']]);
    rt.decref(fr);
    rt.decref(gf);
    expect(gf.isFreed).toBe(true);
  });
});

describe('exceptions', () => {
  it('ValueError() is 88 bytes, tracked, and holds its args tuple', () => {
    const rt = new Runtime();
    // import sys, gc; e = ValueError(); print(sys.getsizeof(e), gc.is_tracked(e), [type(r).__name__ for r in gc.get_referents(e)])
    // → 88 True ['tuple']
    const e = rt.newException(rt.types.ValueError);
    expect([rt.sizeof(e), e.isTracked, referents(e)]).toEqual([88, true, ['tuple']]);
    expect(e.args).toBe(rt.emptyTuple);
    expect(rt.repr(e)).toBe('ValueError()');
    rt.decref(e);
  });

  it('types that add fields are bigger', () => {
    const rt = new Runtime();
    // import sys; print([(n, sys.getsizeof(getattr(__builtins__, n)())) for n in 'AttributeError NameError UnboundLocalError
    //   StopIteration ImportError ModuleNotFoundError OSError FileNotFoundError SyntaxError KeyError'.split()])
    const expected: [keyof Runtime['types'], number][] = [
      ['AttributeError', 104],
      ['NameError', 96],
      ['UnboundLocalError', 96],
      ['StopIteration', 96],
      ['ImportError', 112],
      ['ModuleNotFoundError', 112],
      ['OSError', 128],
      ['FileNotFoundError', 128],
      ['SyntaxError', 152],
      ['KeyError', 88],
    ];
    for (const [name, size] of expected) {
      const e = rt.newException(rt.types[name]);
      expect([name, rt.sizeof(e)]).toEqual([name, size]);
      rt.decref(e);
    }
  });

  it('have CPython 3.11 bases', () => {
    const rt = new Runtime();
    // python3: [c.__name__ for c in T.__mro__] for each type
    const mro = (t: PyType) => {
      const out: string[] = [];
      for (let c: PyType | null = t; c !== null; c = c.base) out.push(c.name);
      return out.join(' ');
    };
    const t = rt.types;
    expect(mro(t.FileNotFoundError)).toBe('FileNotFoundError OSError Exception BaseException object');
    expect(mro(t.ModuleNotFoundError)).toBe('ModuleNotFoundError ImportError Exception BaseException object');
    expect(mro(t.UnboundLocalError)).toBe('UnboundLocalError NameError Exception BaseException object');
    expect(mro(t.ZeroDivisionError)).toBe('ZeroDivisionError ArithmeticError Exception BaseException object');
    expect(mro(t.OverflowError)).toBe('OverflowError ArithmeticError Exception BaseException object');
    expect(mro(t.KeyError)).toBe('KeyError LookupError Exception BaseException object');
    expect(mro(t.IndexError)).toBe('IndexError LookupError Exception BaseException object');
    expect(mro(t.RecursionError)).toBe('RecursionError RuntimeError Exception BaseException object');
    expect(mro(t.NotImplementedError)).toBe(
      'NotImplementedError RuntimeError Exception BaseException object',
    );
    expect(mro(t.KeyboardInterrupt)).toBe('KeyboardInterrupt BaseException object');
    expect(mro(t.GeneratorExit)).toBe('GeneratorExit BaseException object');
    for (const name of [
      'StopIteration',
      'ReferenceError',
      'AssertionError',
      'MemoryError',
      'SyntaxError',
    ] as const) {
      expect(mro(t[name])).toBe(`${name} Exception BaseException object`);
    }
  });

  it("traverse a layout's own fields first, then dict, args, notes, traceback, cause, context", () => {
    const rt = new Runtime();
    // import gc; print([type(r).__name__ for r in gc.get_referents(StopIteration())],
    //   [type(r).__name__ for r in gc.get_referents(AttributeError('x', name='n', obj=[1]))],
    //   [type(r).__name__ for r in gc.get_referents(ImportError('x', name='n', path='p'))])
    // → ['NoneType', 'tuple'] ['list', 'str', 'tuple'] ['str', 'str', 'str', 'tuple']
    const stop = rt.newException(rt.types.StopIteration);
    expect(referents(stop)).toEqual(['NoneType', 'tuple']);
    const attr = rt.newException(rt.types.AttributeError, rt.newTuple([rt.newStr('x')]));
    attr.setField(rt, 'name', rt.newStr('n'));
    attr.setField(rt, 'obj', rt.newList([rt.newInt(1)]));
    expect(referents(attr)).toEqual(['list', 'str', 'tuple']);
    const imp = rt.newException(rt.types.ImportError, rt.newTuple([rt.newStr('x')]));
    imp.setField(rt, 'name', rt.newStr('n'));
    imp.setField(rt, 'path', rt.newStr('p'));
    expect(referents(imp)).toEqual(['str', 'str', 'str', 'tuple']);
    // import gc; e = ValueError('x'); e.__context__ = KeyError(); e.__cause__ = TypeError(); e.foo = 1
    // print([type(r).__name__ for r in gc.get_referents(e)]) → ['dict', 'tuple', 'TypeError', 'KeyError']
    const e = rt.newException(rt.types.ValueError, rt.newTuple([rt.newStr('x')]));
    e.setContext(rt, rt.newException(rt.types.KeyError));
    e.setCause(rt, rt.newException(rt.types.TypeError));
    e.getDict(rt).set(rt, rt.intern('foo'), rt.newInt(1));
    expect(referents(e)).toEqual(['dict', 'tuple', 'TypeError', 'KeyError']);
    expect(rt.repr(e)).toBe("ValueError('x')");
    const [context, cause] = [e.context as PyObject, e.cause as PyObject];
    for (const obj of [stop, attr, imp, e]) rt.decref(obj);
    expect(context.isFreed && cause.isFreed).toBe(true);
  });

  it('class E(Exception): 96 bytes (+ __weakref__), traverses its type first', () => {
    const rt = new Runtime();
    // import sys, gc; E = type('E', (Exception,), {}); print(sys.getsizeof(E()), [type(r).__name__ for r in gc.get_referents(E())],
    //   E.__mro__, list(E.__dict__))
    // → 96 ['type', 'tuple'] (E, Exception, BaseException, object) ['__module__', '__weakref__', '__doc__']
    const E = rt.newExceptionClass('E', rt.types.Exception);
    const e = rt.newException(E);
    expect([rt.sizeof(e), referents(e)]).toEqual([96, ['type', 'tuple']]);
    expect(E.mro?.items.map((t) => (t as PyType).name)).toEqual([
      'E',
      'Exception',
      'BaseException',
      'object',
    ]);
    expect([...(E.dict as PyDict).entries()].map(([k]) => (k as PyStr).value)).toEqual([
      '__module__',
      '__weakref__',
      '__doc__',
    ]);
    const count = E.refcnt;
    rt.decref(e);
    expect(E.refcnt).toBe(count - 1);
    // import sys, gc; E = type('E', (Exception,), {}); print(sys.getsizeof(E)) → 920
    expect(rt.sizeof(E)).toBe(920);
    // import gc; exec("def mk():\n  class G(Exception): pass"); mk(); print(gc.collect())
    // → 5 (type, its dict, __mro__, __bases__, the __weakref__ descriptor)
    rt.collector.collect();
    rt.decref(E);
    expect(rt.collector.collect()).toBe(5);
    expect(E.isFreed).toBe(true);
  });

  it('traceback: 56 bytes, tracked, traverses tb_next then tb_frame', () => {
    const p = new Program();
    const rt = p.rt;
    // import sys, gc; exec("def f():\n  try: 1/0\n  except Exception as e: return e"); tb = f().__traceback__
    // print(sys.getsizeof(tb), gc.is_tracked(tb), [type(r).__name__ for r in gc.get_referents(tb)]) → 56 True ['frame']
    const f = p.def('f', { locals: ['e'], stacksize: 4 });
    const frame = p.call(f);
    const inner = rt.newTraceback(null, rt.share(rt.frameObjectOf(frame)), 10, 2);
    expect([rt.sizeof(inner), inner.isTracked, referents(inner)]).toEqual([56, true, ['frame']]);
    // tb of an exception raised one call deeper: [type(r).__name__ for r in gc.get_referents(tb)] → ['traceback', 'frame']
    const outer = rt.newTraceback(inner, rt.share(rt.frameObjectOf(p.moduleFrame)), 64, 7);
    expect(referents(outer)).toEqual(['traceback', 'frame']);
    rt.decref(outer);
    expect(inner.isFreed).toBe(true);
    frame.clear(rt);
    rt.decref(f);
  });
});

describe('cycles through code-shaped objects (reference §8.2)', () => {
  it('an exception stored in a local → 4 (exception, args tuple, traceback, frame)', () => {
    // import gc; exec("def f():\n  try:\n    raise ValueError('boom')\n  except ValueError as e:\n    err = e"); f()
    // print(gc.collect()) → 4
    // The frame afterwards: [type(r).__name__ for r in gc.get_referents(fr)] → ['frame', 'function', 'code', 'ValueError']
    const p = new Program();
    const rt = p.rt;
    rt.collector.collect();
    const f = p.def('f', { locals: ['e', 'err'], stacksize: 4 });
    const frame = p.call(f);
    const exc = p.raise(frame, rt.types.ValueError, rt.newStr('boom'));
    frame.setLocal(rt, 0, rt.share(exc)); // except ValueError as e
    frame.setLocal(rt, 1, rt.share(exc)); // err = e
    frame.setLocal(rt, 0, null); // the handler's implicit `del e`
    rt.decref(exc); // the exception being handled
    const fr = rt.frameObjectOf(frame);
    frame.clear(rt); // return
    expect(referents(fr)).toEqual(['frame', 'function', 'code', 'ValueError']);
    expect(rt.collector.collect()).toBe(4);
    expect(exc.isFreed && fr.isFreed).toBe(true);
    rt.decref(f);
  });

  it('raise ValueError inside except KeyError, stored → 7 (2 exceptions, 2 args, 2 tracebacks, 1 frame)', () => {
    // import gc; exec("def f():\n  try:\n    try:\n      raise KeyError('k')\n    except KeyError:\n      raise ValueError('v')\n
    //   except ValueError as e:\n    err = e"); f(); print(gc.collect()) → 7
    const p = new Program();
    const rt = p.rt;
    rt.collector.collect();
    const f = p.def('f', { locals: ['e', 'err'], stacksize: 6 });
    const frame = p.call(f);
    const keyError = p.raise(frame, rt.types.KeyError, rt.newStr('k'));
    const valueError = p.raise(frame, rt.types.ValueError, rt.newStr('v'));
    valueError.setContext(rt, keyError); // the handled KeyError becomes __context__
    frame.setLocal(rt, 0, rt.share(valueError));
    frame.setLocal(rt, 1, rt.share(valueError));
    frame.setLocal(rt, 0, null);
    rt.decref(valueError);
    frame.clear(rt);
    expect(rt.collector.collect()).toBe(7);
    rt.decref(f);
  });

  it('except … as e without keeping it → 0: everything goes by reference counting', () => {
    // import gc; exec("def f():\n  try:\n    raise ValueError('boom')\n  except ValueError as e:\n    pass"); f()
    // print(gc.collect()) → 0
    const p = new Program();
    const rt = p.rt;
    rt.collector.collect();
    const f = p.def('f', { locals: ['e'], stacksize: 4 });
    const frame = p.call(f);
    const exc = p.raise(frame, rt.types.ValueError, rt.newStr('boom'));
    const fr = rt.frameObjectOf(frame);
    frame.setLocal(rt, 0, rt.share(exc));
    frame.setLocal(rt, 0, null);
    rt.decref(exc);
    expect(exc.isFreed).toBe(true);
    frame.clear(rt);
    expect(fr.isFreed).toBe(true);
    expect(rt.collector.collect()).toBe(0);
    rt.decref(f);
  });

  it('a recursive inner function → 3 (function, cell, closure tuple)', () => {
    // import gc; exec("def mk():\n  def inner(): inner()"); mk(); print(gc.collect()) → 3
    const p = new Program();
    const rt = p.rt;
    rt.collector.collect();
    const mk = p.def('mk', { locals: ['inner'], ncellvars: 1, stacksize: 2 });
    const frame = p.call(mk);
    const cell = rt.newCell();
    frame.setLocal(rt, 0, cell);
    const inner = p.def(
      'inner',
      { qualname: 'mk.<locals>.inner', locals: ['inner'], nfreevars: 1, stacksize: 2 },
      { closure: rt.newTuple([rt.share(cell)]) },
    );
    cell.set(rt, inner);
    frame.clear(rt);
    expect(rt.collector.collect()).toBe(3);
    expect(inner.isFreed && cell.isFreed).toBe(true);
    rt.decref(mk);
  });
});
