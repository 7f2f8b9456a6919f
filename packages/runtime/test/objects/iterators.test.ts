import { describe, expect, it } from 'vitest';
import type { PyObject } from '../../src/object';
import type { PyInt } from '../../src/objects/int';
import { IteratorKind, type PyIterator } from '../../src/objects/iterator';
import type { PyStr } from '../../src/objects/str';
import type { PyTuple } from '../../src/objects/tuple';
import { Runtime } from '../../src/runtime';

function drain(rt: Runtime, it: PyIterator): PyObject[] {
  const out: PyObject[] = [];
  for (let item = it.next(rt); item !== null; item = it.next(rt)) out.push(item);
  return out;
}

describe('builtin iterators', () => {
  it('have CPython 3.11 sizes and tracking (sys.getsizeof(iter(x)), gc.is_tracked)', () => {
    // python3: list/tuple/str/bytes iterators 48 tracked; range_iterator 48 untracked;
    // dict iterators 72 tracked; set_iterator 64 tracked.
    const rt = new Runtime();
    const cases: [PyObject, string, number, boolean][] = [
      [rt.newList(), 'list_iterator', 48, true],
      [rt.newTuple([rt.newInt(1)]), 'tuple_iterator', 48, true],
      [rt.newStr('ab'), 'str_ascii_iterator', 48, true],
      [rt.newStr('éé'), 'str_iterator', 48, true],
      [rt.newRange(0, 3), 'range_iterator', 48, false],
      [rt.newDict(), 'dict_keyiterator', 72, true],
      [rt.newSet(), 'set_iterator', 64, true],
    ];
    for (const [source, name, size, tracked] of cases) {
      const it = rt.newIterator(source) as PyIterator;
      expect([it.type.name, rt.sizeof(it), it.isTracked]).toEqual([name, size, tracked]);
    }
  });

  it('yields items as new references and releases the container when exhausted', () => {
    const rt = new Runtime();
    const list = rt.newList([rt.newInt(1000), rt.newInt(2000)]);
    const it = rt.newIterator(list) as PyIterator;
    expect(list.refcnt).toBe(2);
    const items = drain(rt, it);
    expect(items.map((i) => (i as PyInt).value)).toEqual([1000, 2000]);
    expect(list.refcnt).toBe(1);
    expect(
      drain(rt, rt.newIterator(rt.newRange(5, 0, -2)) as PyIterator).map((i) => (i as PyInt).value),
    ).toEqual([5, 3, 1]);
    expect(drain(rt, rt.newIterator(rt.newStr('a😀')) as PyIterator).map((i) => (i as PyStr).value)).toEqual([
      'a',
      '😀',
    ]);
  });

  it('reuses the items tuple while the caller drops each item, as dictiter_iternextitem does', () => {
    const rt = new Runtime();
    const dict = rt.newDict([
      [rt.intern('a'), rt.newInt(1)],
      [rt.intern('b'), rt.newInt(2)],
    ]);
    const it = rt.newDictIterator(dict, IteratorKind.dictItems);
    const first = it.next(rt) as PyTuple;
    rt.decref(first);
    const second = it.next(rt) as PyTuple;
    expect(second).toBe(first);
    expect((second.items[0] as PyStr).value).toBe('b');
    const third = rt.newDictIterator(dict, IteratorKind.dictItems);
    const kept = third.next(rt) as PyTuple;
    const next = third.next(rt) as PyTuple;
    expect(next).not.toBe(kept);
  });
});
