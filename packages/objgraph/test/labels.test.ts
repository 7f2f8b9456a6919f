import type { PyFunction, PyObject } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { builtinTruth, edgeLabel, Objgraph, quote, shortRepr } from '../src/index';
import { HeapBuilder } from './heap-builder';
import { named } from './named';

/** A module-level `def name(): …` (or a lambda) in `/srv/app/case.py` at `line`. */
function def(h: HeapBuilder, name: string, line = 7): PyFunction {
  const rt = h.rt;
  const globals = rt.newDict([[rt.intern('__name__'), rt.newStr('__main__')]]);
  const code = rt.newCode({
    name: rt.intern(name),
    qualname: rt.intern(name),
    filename: rt.newStr('/srv/app/case.py'),
    firstlineno: line,
    consts: rt.newTuple([rt.share(rt.none)]),
    names: rt.newTuple([]),
    localsplusnames: rt.newTuple([]),
    stacksize: 1,
    codeBytes: 6,
  });
  return rt.newFunction(code, globals, rt.newDict());
}

const host = { repr: (o: PyObject) => `<${o.type.name}>`, isTrue: builtinTruth };

describe('node labels', () => {
  it("shortens reprs as objgraph's _short_repr does", () => {
    const h = new HeapBuilder();
    const rt = h.rt;
    const f = def(h, 'handler');
    const lambda = def(h, '<lambda>', 12);
    const A = h.cls('A');
    const a = h.obj(A);
    const module = rt.newModule(rt.intern('app.models'));
    const repr = (o: PyObject) => shortRepr(o, { repr: (x) => rt.repr(x), isTrue: builtinTruth });
    // Plain functions are not named, only cut: repr(f)[:40].
    expect(repr(f)).toBe(rt.repr(f).slice(0, 40));
    expect(repr(f)).toMatch(/^<function handler at 0x/);
    expect(repr(lambda)).toBe('lambda: case.py:12');
    expect(repr(A)).toBe('A');
    expect(repr(module)).toBe('app.models');
    expect(repr(rt.newMethod(rt.share(f), rt.share(a)))).toBe('handler (bound)');
    expect(repr(rt.newMethod(rt.share(f), h.list()))).toBe('handler');
    expect(repr(rt.newBuiltinFunction('getsizeof'))).toBe('getsizeof');
    expect(repr(rt.newSet([h.int(1), h.int(2)]))).toBe('2 items');
    // frozenset is not a set subclass: it gets its repr, not a size.
    expect(repr(rt.newSet([h.int(1)], true))).not.toBe('1 items');
    expect(repr(h.str('x'.repeat(50)))).toBe(`'${'x'.repeat(39)}`);
    const frame = rt.frameObjectOf(rt.newInterpreterFrame(rt.share(f)));
    frame.lineno = 9;
    expect(repr(frame)).toBe('/srv/app/case.py:9');
  });

  it('labels an object whose repr raises "(unrepresentable)"', () => {
    const h = new HeapBuilder();
    const og = new Objgraph({
      ...Objgraph.forRuntime(h.rt).host,
      repr: () => {
        throw new Error('boom');
      },
    });
    const A = h.cls('A');
    const a = h.obj(A);
    let dot = '';
    og.showRefs([a], { maxDepth: 0, output: { write: (t) => (dot += t) } });
    expect(named(dot, { a })).toContain('  o{a}[label="A\\n(unrepresentable)"];');
  });

  it('quotes backslashes, double quotes, newlines and NUL; leaves < > & to Graphviz', () => {
    expect(quote('a "b" \\c\nd\0e <f> & g')).toBe('a \\"b\\" \\\\c\\nd\\\\0e <f> & g');
  });
});

describe('edge labels', () => {
  it("names function attributes by dir() order, None by the first unset slot (objgraph's _edge_label)", () => {
    const h = new HeapBuilder();
    const rt = h.rt;
    const f = def(h, 'handler');
    const label = (target: PyObject) => edgeLabel(f, target, host, true);
    expect(label(f.code)).toEqual({ text: '__code__', weight: 10 });
    expect(label(f.globals as PyObject)).toEqual({ text: '__globals__', weight: 10 });
    expect(label(f.builtins as PyObject)).toEqual({ text: '__builtins__', weight: 10 });
    // name and qualname are the same interned str: __name__ sorts first
    expect(label(f.name)).toEqual({ text: '__name__', weight: 10 });
    expect(label(f.module as PyObject)).toEqual({ text: '__module__', weight: 10 });
    expect(label(rt.none)).toEqual({ text: '__closure__', weight: 10 });
    expect(label(h.list())).toBeNull();
  });

  it('labels bound methods, frames, instance dicts and dict values', () => {
    const h = new HeapBuilder();
    const rt = h.rt;
    const f = def(h, 'm');
    const A = h.cls('A');
    const a = h.obj(A);
    const method = rt.newMethod(rt.share(f), rt.share(a));
    expect(edgeLabel(method, a, host, true)).toEqual({ text: '__self__', weight: 10 });
    expect(edgeLabel(method, f, host, true)).toEqual({ text: '__func__', weight: 10 });
    const locals = h.dict();
    const frame = rt.frameObjectOf(rt.newInterpreterFrame(rt.share(f), locals));
    expect(edgeLabel(frame, locals, host, true)).toEqual({ text: 'f_locals', weight: 10 });
    expect(edgeLabel(frame, f.globals as PyObject, host, true)).toEqual({ text: 'f_globals', weight: 10 });
    h.set(a, 'x', h.list());
    const dict = a.materializeDict(rt);
    expect(edgeLabel(a, dict, host, true)).toEqual({ text: '__dict__', weight: 10 });
    // A class's __dict__ is a mappingproxy, never the dict it holds.
    expect(edgeLabel(A, A.dict as PyObject, host, true)).toBeNull();
    const v = h.list();
    const key = h.str('a\nb');
    const d = h.dict([key, v]);
    expect(edgeLabel(d, v, host, false)).toEqual({ text: 'builtins.str\n<str>', weight: null });
    // `$` matches before a final newline, so 'ok\n' passes objgraph's identifier test.
    expect(edgeLabel(h.dict([h.str('ok\n'), v]), v, host, true)).toEqual({ text: 'ok\n', weight: 2 });
  });
});
