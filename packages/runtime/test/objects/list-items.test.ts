import { describe, expect, it } from 'vitest';
import type { PyInt } from '../../src/objects/int';
import type { PyList } from '../../src/objects/list';
import { Runtime } from '../../src/runtime';

// Empty lists share one items array until they get an items block. Storing into one must leave
// every other empty list empty, and sizes stay CPython's (python3 3.11.7, sys.getsizeof):
//   a = []; b = []; a.append(1) → a 88, b 56, b == []
//   a.clear() → 56;  e = []; e.extend([5]) → 72
describe('empty list items', () => {
  const getsizeof = (list: PyList) => list.sizeof() + 16;
  const values = (list: PyList) => list.items.map((item) => (item as PyInt).value);

  it('a store into one empty list leaves the others empty', () => {
    const rt = new Runtime();
    const a = rt.newList();
    const b = rt.newList();
    a.append(rt, rt.newInt(1));
    expect(values(a)).toEqual([1]);
    expect(values(b)).toEqual([]);
    expect(getsizeof(a)).toBe(88);
    expect(getsizeof(b)).toBe(56);
    a.clearItems(rt);
    const e = rt.newList();
    e.extendExact(rt, [rt.newInt(5)]);
    b.insert(rt, 0, rt.newInt(7));
    expect(values(a)).toEqual([]);
    expect(getsizeof(a)).toBe(56);
    expect(values(e)).toEqual([5]);
    expect(getsizeof(e)).toBe(72);
    expect(values(b)).toEqual([7]);
    expect(values(rt.newList())).toEqual([]);
  });

  it('a write that skips resize throws instead of filling every empty list', () => {
    const rt = new Runtime();
    const a = rt.newList();
    expect(() => a.items.push(rt.newInt(1))).toThrow(TypeError);
    expect(values(rt.newList())).toEqual([]);
  });
});
