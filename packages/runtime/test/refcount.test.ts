import { describe, expect, it } from 'vitest';
import { withScope } from '../src/embedding/scope';
import { UseAfterFreeError } from '../src/errors';
import { Runtime } from '../src/runtime';

describe('reference counting', () => {
  it('counts references as CPython does for the tutorial list and its aliases', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      const x = s.list([1, 2, 3]);
      // sys.getrefcount adds one for its argument: x alone → 2.
      expect(x.object.refcnt + 1).toBe(2);
      const b = s.alias(x);
      expect(x.object.refcnt + 1).toBe(3);
      b.release();
      expect(x.object.refcnt + 1).toBe(2);
      const container = s.list([x, x, x]);
      expect(x.object.refcnt + 1).toBe(5);
      container.release();
      expect(x.object.refcnt + 1).toBe(2);
    });
  });

  it('frees an object the moment its count reaches zero, returning all its memory', () => {
    const rt = new Runtime();
    const before = rt.memory.requestedBytes;
    const list = withScope(rt, (s) => s.keep(s.list(['a long string here', 10 ** 6, s.dict([['k', 1]])])));
    expect(rt.memory.requestedBytes).toBeGreaterThan(before);
    list.release();
    // The list, the dict and its keys table are parked on free lists (240 bytes still held),
    // as in CPython; a full collection would empty them.
    expect(rt.memory.requestedBytes - before).toBe(56 + 64 + 120);
    rt.freeLists.clear(rt);
    expect(rt.memory.requestedBytes).toBe(before);
    expect(() => rt.sizeof(list.object)).toThrow(/released/);
  });

  it('releases list items last to first and dict entries in insertion order', () => {
    const rt = new Runtime();
    const order: string[] = [];
    const names = new Map<number, string>();
    rt.events.onMemory({ free: (address) => names.has(address) && order.push(names.get(address) as string) });
    const make = (name: string) => {
      const obj = rt.newStr(`${name}-object-name`);
      names.set(obj.address, name);
      return obj;
    };
    const list = rt.newList([make('a'), make('b'), make('c')]);
    rt.decref(list);
    expect(order).toEqual(['c', 'b', 'a']);
    order.length = 0;
    const dict = rt.newDict([
      [make('k1'), make('v1')],
      [make('k2'), make('v2')],
    ]);
    rt.decref(dict);
    expect(order).toEqual(['k1', 'v1', 'k2', 'v2']);
  });

  it('using a freed object is a clear error, never a wrong number', () => {
    const rt = new Runtime();
    const str = rt.newStr('temporary string');
    rt.decref(str);
    expect(() => rt.incref(str)).toThrow(UseAfterFreeError);
    expect(() => rt.decref(str)).toThrow(/used after it was freed/);
  });

  it('small ints, 1-char latin-1 strs and () are static with ~1e9 counts', () => {
    const rt = new Runtime();
    const a = rt.newInt(256);
    const b = rt.newInt(256);
    expect(a).toBe(b);
    expect(rt.newInt(257)).not.toBe(rt.newInt(257));
    expect(a.refcnt).toBeGreaterThan(999_999_999);
    expect(rt.newStr('a')).toBe(rt.newStr('a'));
    expect(rt.newStr('\u0100')).not.toBe(rt.newStr('\u0100'));
    expect(rt.newTuple([])).toBe(rt.emptyTuple);
  });

  it('interning returns the canonical str', () => {
    const rt = new Runtime();
    const a = rt.intern('hello_world');
    const b = rt.intern('hello_world');
    expect(a).toBe(b);
    expect(rt.newStr('hello world')).not.toBe(rt.newStr('hello world'));
  });

  it('a class is referenced by its instances, __mro__ and its two descriptors', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      const A = s.cls('A');
      const a = s.instance(A);
      // CPython: getrefcount(A) with one instance and one extra name is 7
      // (name, argument, instance, extra name, __mro__, __dict__ and __weakref__ descriptors).
      const extra = s.alias(A);
      expect(A.object.refcnt + 1).toBe(7);
      extra.release();
      a.release();
      expect(A.object.refcnt + 1).toBe(5);
    });
  });

  it('runs __del__ once at refcount death and honours resurrection', () => {
    const rt = new Runtime();
    const saved = rt.newList();
    let calls = 0;
    const A = rt.newClass('A', {
      finalizer: (runtime, obj) => {
        calls++;
        saved.append(runtime, runtime.share(obj));
      },
    });
    const a = rt.newInstance(A);
    rt.decref(a);
    expect(calls).toBe(1);
    expect(a.isFreed).toBe(false);
    saved.clearItems(rt);
    expect(calls).toBe(1);
    expect(a.isFreed).toBe(true);
  });

  it('reports an exception in __del__ as unraisable and goes on', () => {
    const lines: string[] = [];
    const rt = new Runtime({ stderr: (text) => lines.push(text) });
    const A = rt.newClass('A', {
      finalizer: () => {
        throw new Error('boom');
      },
    });
    rt.decref(rt.newInstance(A));
    expect(lines.join('')).toMatch(/^Exception ignored in: .*\nError: boom\n$/);
  });

  it('deallocates a chain of 100000 nested lists without overflowing the stack', () => {
    const rt = new Runtime();
    const before = rt.memory.requestedBytes;
    let head = rt.newList();
    for (let i = 0; i < 100_000; i++) head = rt.newList([head]);
    rt.decref(head);
    rt.freeLists.clear(rt);
    expect(rt.memory.requestedBytes).toBe(before);
  });
});

describe('gc bookkeeping hooks', () => {
  it('count[0] counts net GC allocations; free lists bypass it', () => {
    const rt = new Runtime();
    const A = rt.newClass('A');
    const start = rt.gc.count[0];
    const objs = [rt.newInstance(A), rt.newInstance(A), rt.newInstance(A)];
    expect(rt.gc.count[0] - start).toBe(3);
    for (const o of objs) rt.decref(o);
    expect(rt.gc.count[0] - start).toBe(0);
    rt.decref(rt.newList());
    const parked = rt.gc.count[0];
    rt.decref(rt.newList());
    expect(rt.gc.count[0]).toBe(parked);
    rt.decref(rt.newInt(10 ** 6));
    expect(rt.gc.count[0]).toBe(parked);
  });

  it('dicts start untracked and become tracked when a container is stored', () => {
    const rt = new Runtime();
    const d = rt.newDict([[rt.newStr('a'), rt.newInt(1)]]);
    expect(d.isTracked).toBe(false);
    d.set(rt, rt.newStr('l'), rt.newList());
    expect(d.isTracked).toBe(true);
    expect(rt.newList().isTracked).toBe(true);
  });
});
