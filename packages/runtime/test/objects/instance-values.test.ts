import { describe, expect, it } from 'vitest';
import type { PyObject } from '../../src/object';
import type { PyInt } from '../../src/objects/int';
import type { PyStr } from '../../src/objects/str';
import { Runtime } from '../../src/runtime';

// Instances keep attribute insertion order without an order array while it matches slot order;
// out-of-order insertion and deletion must still give CPython's __dict__ order:
//   a.x=1; a.y=2 → ['x', 'y'];  b.y=1; b.x=2 → ['y', 'x'];  c.x=1; c.y=2; del c.x; c.x=3 → ['y', 'x']
describe('instance attribute order', () => {
  it('matches CPython for in-order, out-of-order and delete-then-set attributes', () => {
    const rt = new Runtime();
    const A = rt.newClass('A');
    const x = rt.intern('x');
    const y = rt.intern('y');
    const a = rt.newInstance(A);
    a.setAttribute(rt, x, rt.newInt(1));
    a.setAttribute(rt, y, rt.newInt(2));
    const b = rt.newInstance(A);
    b.setAttribute(rt, y, rt.newInt(1));
    b.setAttribute(rt, x, rt.newInt(2));
    const c = rt.newInstance(A);
    c.setAttribute(rt, x, rt.newInt(1));
    c.setAttribute(rt, y, rt.newInt(2));
    c.deleteAttribute(rt, x);
    c.setAttribute(rt, x, rt.newInt(3));
    const names = (obj: typeof a) =>
      [...obj.materializeDict(rt).entries()].map(([key]) => (key as PyStr).value);
    expect(names(a)).toEqual(['x', 'y']);
    expect(names(b)).toEqual(['y', 'x']);
    expect(names(c)).toEqual(['y', 'x']);
    expect(a.materializeDict(rt).used).toBe(2);
    expect(c.materializeDict(rt).used).toBe(2);
  });

  it('gives the same orders, values and cycles once instances keep their values in their own fields', () => {
    // From about a class's 30th instance, the shared keys leave 3 slots for x and y: the values
    // live in the instance's fields (no array). Same CPython results as above, plus
    // a.o = b; b.o = a; del a, b; gc.collect() → 2.
    const rt = new Runtime();
    const A = rt.newClass('A');
    const x = rt.intern('x');
    const y = rt.intern('y');
    const o = rt.intern('o');
    const early = [];
    for (let i = 0; i < 40; i++) {
      const e = rt.newInstance(A);
      e.setAttribute(rt, x, rt.newInt(i));
      e.setAttribute(rt, y, rt.newInt(i));
      early.push(e);
    }
    const a = rt.newInstance(A);
    expect(A.sharedKeys?.usableSize).toBe(3);
    a.setAttribute(rt, x, rt.newInt(1));
    a.setAttribute(rt, y, rt.newInt(2));
    const b = rt.newInstance(A);
    b.setAttribute(rt, y, rt.newInt(1));
    b.setAttribute(rt, x, rt.newInt(2));
    const c = rt.newInstance(A);
    c.setAttribute(rt, x, rt.newInt(1));
    c.setAttribute(rt, y, rt.newInt(2));
    c.deleteAttribute(rt, x);
    c.setAttribute(rt, x, rt.newInt(3));
    expect([a, b, c].map((i) => (i.getAttribute('x') as PyInt).value)).toEqual([1, 2, 3]);
    const names = (obj: typeof a) =>
      [...obj.materializeDict(rt).entries()].map(([key]) => (key as PyStr).value);
    expect(names(b)).toEqual(['y', 'x']);
    expect(names(c)).toEqual(['y', 'x']);
    expect(c.materializeDict(rt).used).toBe(2);
    const d = rt.newInstance(A);
    const e = rt.newInstance(A);
    d.setAttribute(rt, o, rt.share(e));
    e.setAttribute(rt, o, rt.share(d));
    const referents: PyObject[] = [];
    d.traverse((referent) => referents.push(referent));
    expect(referents).toEqual([e, A]);
    rt.decref(d);
    rt.decref(e);
    expect(rt.collector.collect()).toBe(2);
    expect(d.isFreed && e.isFreed).toBe(true);
    expect((a.getAttribute('y') as PyInt).value).toBe(2);
  });
});
