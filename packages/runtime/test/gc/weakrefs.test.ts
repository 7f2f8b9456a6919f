import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import type { PyObject } from '../../src/object';
import type { PyWeakref } from '../../src/objects/weakref';
import { HeapBuilder } from './heap-builder';

// Expected behaviour is CPython 3.11.7's for the snippet quoted in each case.

describe('weakref.ref and proxy', () => {
  it('shares the callback-less ref, keeps callback refs distinct, counts both', () => {
    const h = new HeapBuilder();
    const a = h.obj(h.cls('A'));
    const r1 = h.rt.newWeakref(a);
    const r2 = h.rt.newWeakref(a);
    expect(r2).toBe(r1);
    expect(a.refcnt).toBe(1);
    const r3 = h.weakref(a, () => {});
    expect(r3).not.toBe(r1);
    expect(h.rt.weakrefs.of(a)).toHaveLength(2);
    expect(h.rt.sizeof(r1)).toBe(80);
    expect(r1.isTracked).toBe(true);
  });

  it("orders an object's weakrefs as getweakrefs does: ref, proxy, then callback refs newest first", () => {
    // r1 = ref(a, cb1); r2 = ref(a, cb2); r0 = ref(a); p = proxy(a); r3 = ref(a, cb3)
    // getweakrefs(a) == [r0, p, r3, r2, r1]; `del a` prints cb3, cb2, cb1
    const h = new HeapBuilder();
    const a = h.obj(h.cls('A'));
    const called: string[] = [];
    const r1 = h.weakref(a, () => called.push('cb1'));
    const r2 = h.weakref(a, () => called.push('cb2'));
    const r0 = h.rt.newWeakref(a);
    const p = h.rt.newWeakref(a, null, true);
    const r3 = h.weakref(a, () => called.push('cb3'));
    expect(h.rt.weakrefs.of(a)).toEqual([r0, p, r3, r2, r1]);
    expect(p.type.name).toBe('ProxyType');
    h.del(a);
    expect(called).toEqual(['cb3', 'cb2', 'cb1']);
    expect([r0, p, r1].map((r) => r.get())).toEqual([null, null, null]);
    expect(() => p.deref()).toThrow(
      new PythonError('ReferenceError', 'weakly-referenced object no longer exists'),
    );
  });

  it('refuses objects that cannot be weakly referenced, with CPython’s message', () => {
    const h = new HeapBuilder();
    expect(() => h.rt.newWeakref(h.rt.newInt(1000))).toThrow(
      new PythonError('TypeError', "cannot create weak reference to 'int' object"),
    );
    const Slotted = h.rt.newClass('S', { slots: ['x'] });
    expect(() => h.rt.newWeakref(h.obj(Slotted))).toThrow(/cannot create weak reference to 'S' object/);
  });
});

describe('order of death', () => {
  it('on refcount death runs __del__ first, then the callbacks, which see a dead ref', () => {
    const h = new HeapBuilder();
    const events: string[] = [];
    const D = h.cls('D', () => events.push('__del__'));
    const d = h.obj(D);
    let seen: PyObject | null | undefined;
    const wr = h.weakref(d, (r) => {
      seen = (r as PyWeakref).get();
      events.push('callback');
    });
    h.del(d);
    expect(events).toEqual(['__del__', 'callback']);
    expect(seen).toBeNull();
    expect(wr.get()).toBeNull();
  });

  it('in a cyclic collection runs the callbacks before any __del__ (collect() → 3)', () => {
    // b <-> c with w = ref(b, cb); d.s = d with D.__del__ and ref(d, cb D); del b, c, d
    // prints "cyc cb", "cb D", "del D"; gc.collect() → 3
    const h = new HeapBuilder();
    const events: string[] = [];
    const A = h.cls('A');
    const D = h.cls('D', () => events.push('del D'));
    const b = h.obj(A);
    const c = h.obj(A);
    h.set(b, 'c', c);
    h.set(c, 'b', b);
    const w = h.weakref(b, () => events.push('cyc cb'));
    const d = h.obj(D);
    h.set(d, 's', d);
    const wd = h.weakref(d, () => events.push('cb D'));
    h.del(b, c, d);
    expect(h.collect()).toBe(3);
    expect(events).toEqual(['cyc cb', 'cb D', 'del D']);
    expect([w.get(), wd.get()]).toEqual([null, null]);
  });

  it('counts a weakref its own callback frees (collect() → 2)', () => {
    // b.s = b; holder = [ref(b, lambda r: holder.clear())]; del b; gc.collect() → 2
    const h = new HeapBuilder();
    const b = h.obj(h.cls('B'));
    h.set(b, 's', b);
    const holder = h.rt.newList();
    const wr = h.weakref(b, () => holder.clear(h.rt));
    holder.append(h.rt, wr);
    h.del(b);
    expect(h.collect()).toBe(2);
    expect(wr.isFreed).toBe(true);
  });

  it('skips the callback of a weakref that died first, and of one in the same garbage', () => {
    const h = new HeapBuilder();
    const called: string[] = [];
    const a = h.obj(h.cls('A'));
    const wr = h.weakref(a, () => called.push('a'));
    h.del(wr, a);

    const b = h.obj(h.cls('B'));
    const inner = h.weakref(b, () => called.push('b'));
    h.set(b, 'me', b);
    h.set(b, 'wr', inner);
    h.del(inner, b);
    // b, the weakref and its callback (a lambda in CPython) → 3
    expect(h.collect()).toBe(3);
    expect(called).toEqual([]);
  });

  it('reports an exception raised by a callback and goes on', () => {
    const h = new HeapBuilder();
    const e = h.obj(h.cls('A'));
    h.weakref(e, () => {
      throw new PythonError('ValueError', 'boom');
    });
    h.del(e);
    expect(h.stderr.join('')).toMatch(
      /^Exception ignored in: <__main__\.function object at 0x[0-9a-f]+>\nValueError: boom\n$/,
    );
  });
});
