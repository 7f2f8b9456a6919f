import { describe, expect, it } from 'vitest';
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
});
