import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import type { PyObject } from '../../src/object';
import type { PyInt } from '../../src/objects/int';
import type { PyList } from '../../src/objects/list';
import type { PyModule } from '../../src/objects/module';
import { HeapBuilder } from '../gc/heap-builder';

function attribute(module: PyModule, name: string): PyObject {
  const value = module.dict?.getByName(name);
  if (value === null || value === undefined) throw new Error(`no attribute ${name}`);
  return value;
}

describe('builtin modules', () => {
  it('imports gc once, with builtin functions bound to the module and its lists', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    const gc = rt.modules.import(rt, 'gc');
    expect(rt.modules.import(rt, 'gc')).toBe(gc);
    expect(attribute(gc, 'garbage')).toBe(rt.collector.garbage);
    expect(attribute(gc, 'callbacks')).toBe(rt.collector.callbacks);
    expect((attribute(gc, 'DEBUG_LEAK') as PyInt).value).toBe(38);
    const collect = attribute(gc, 'collect');
    expect(rt.sizeof(collect)).toBe(72);
    const l = rt.newList();
    l.append(rt, rt.share(l));
    h.del(l);
    expect((rt.call(collect, []) as PyInt).value).toBe(1);
    expect(() => rt.call(collect, [], new Map([['gen', rt.newInt(0)]]))).toThrow(
      "'gen' is an invalid keyword argument for collect()",
    );
  });

  it('packs METH_VARARGS arguments in a tuple that get_referrers leaves out', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    const gc = rt.modules.import(rt, 'gc');
    const target = rt.newList();
    const holder = h.list(target);
    rt.collector.collect();
    const referrers = rt.call(attribute(gc, 'get_referrers'), [target]) as PyList;
    expect(referrers.items).toEqual([holder]);
  });

  it('creates weakrefs by calling weakref.ref and dereferences them by calling the ref', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    const weakref = rt.modules.import(rt, '_weakref');
    const ref = attribute(weakref, 'ref');
    const a = h.obj(h.cls('A'));
    const r = rt.call(ref, [a]);
    expect(rt.call(ref, [a])).toBe(r);
    const referent = rt.call(r, []);
    expect(referent).toBe(a);
    rt.decref(referent);
    expect((rt.call(attribute(weakref, 'getweakrefcount'), [a]) as PyInt).value).toBe(1);
    expect(() => rt.call(ref, [])).toThrow(
      new PythonError('TypeError', '__new__ expected at least 1 argument, got 0'),
    );
    expect(() => rt.call(r, [a])).toThrow(
      new PythonError('TypeError', 'weakref expected 0 arguments, got 1'),
    );
    h.del(a);
    expect(rt.call(r, [])).toBe(rt.none);
  });

  it('refuses an unknown module like CPython', () => {
    const { rt } = new HeapBuilder();
    expect(() => rt.modules.import(rt, 'nope')).toThrow(
      new PythonError('ModuleNotFoundError', "No module named 'nope'"),
    );
  });
});
