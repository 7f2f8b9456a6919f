import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import { GcDebug } from '../../src/gc/collector';
import type { PyObject } from '../../src/object';
import type { PyDict } from '../../src/objects/dict';
import type { PyInstance } from '../../src/objects/instance';
import type { PyInt } from '../../src/objects/int';
import type { PyStr } from '../../src/objects/str';
import { HeapBuilder } from './heap-builder';

// Expected numbers are CPython 3.11.7's for the Python snippet quoted above each case
// (shared/reference/cpython-3.11-memory-model.md §8, re-run with python3 on this machine).

describe('gc.collect() results', () => {
  it('finds the tutorial A/B cycle as 2 objects: 3.11 instances keep attributes inline', () => {
    // a = A(); b = B(); a.b = b; b.a = a; del a, b; gc.collect() → 2
    const h = new HeapBuilder();
    const [A, B] = [h.cls('A'), h.cls('B')];
    h.collect();
    const a = h.obj(A);
    const b = h.obj(B);
    h.set(a, 'b', b);
    h.set(b, 'a', a);
    h.del(a, b);
    expect(h.collect()).toBe(2);
    expect(a.isFreed && b.isFreed).toBe(true);
    expect(h.collect()).toBe(0);
  });

  it('counts materialized __dict__ objects: both → 4, one → 3', () => {
    const h = new HeapBuilder();
    const A = h.cls('A');
    for (const [touched, expected] of [
      [2, 4],
      [1, 3],
    ] as const) {
      const a = h.obj(A);
      const b = h.obj(A);
      h.set(a, 'o', b);
      h.set(b, 'o', a);
      a.materializeDict(h.rt);
      if (touched === 2) b.materializeDict(h.rt);
      h.del(a, b);
      expect(h.collect()).toBe(expected);
    }
  });

  it('counts what the cycle carries: A/B with a list and a dict holding a list → 5', () => {
    const h = new HeapBuilder();
    const A = h.cls('A');
    const a = h.obj(A);
    const b = h.obj(A);
    h.set(a, 'other', b);
    h.set(b, 'other', a);
    const payload = h.list(h.rt.newInt(1), h.rt.newInt(2), h.rt.newInt(3));
    const inner = h.list(h.rt.newInt(4), h.rt.newInt(5));
    const dict = h.rt.newDict([[h.rt.intern('k'), inner]]);
    h.set(a, 'payload', payload);
    h.set(b, 'payload', dict);
    h.del(payload, dict, a, b);
    expect(h.collect()).toBe(5);
  });

  it('collects list cycles and self references; leaves acyclic garbage to refcounting', () => {
    const h = new HeapBuilder();
    const l1 = h.rt.newList();
    const l2 = h.rt.newList();
    l1.append(h.rt, h.rt.share(l2));
    l2.append(h.rt, h.rt.share(l1));
    h.del(l1, l2);
    expect(h.collect()).toBe(2);

    const self = h.rt.newList();
    self.append(h.rt, h.rt.share(self));
    h.del(self);
    expect(h.collect()).toBe(1);

    const d = h.rt.newDict();
    d.set(h.rt, h.rt.intern('self'), h.rt.share(d));
    h.del(d);
    expect(h.collect()).toBe(1);

    const chain = h.list(h.list(h.rt.newList()));
    h.del(chain);
    expect(h.collect()).toBe(0);
  });

  it('returns 0 with nothing to do and rejects an invalid generation like CPython', () => {
    const h = new HeapBuilder();
    expect(h.collect()).toBe(0);
    expect(() => h.collect(3)).toThrow(new PythonError('ValueError', 'invalid generation'));
    expect(() => h.collect(-1)).toThrow(/invalid generation/);
  });
});

describe('finalizers in cycles (PEP 442)', () => {
  it('collects a __del__ cycle (2), finalizing in allocation order, with gc.garbage empty', () => {
    const h = new HeapBuilder();
    const order: string[] = [];
    const names = new Map<PyObject, string>();
    const A = h.cls('A', (_rt, self) => order.push(names.get(self) as string));
    const a = h.obj(A);
    const b = h.obj(A);
    names.set(a, 'a').set(b, 'b');
    h.set(a, 'other', b);
    h.set(b, 'other', a);
    h.del(a, b);
    expect(h.collect()).toBe(2);
    expect(order).toEqual(['a', 'b']);
    expect(h.rt.collector.garbage.size).toBe(0);
  });

  it('honours resurrection (0), never runs __del__ twice, and collects once released (2)', () => {
    // class R: __del__ appends self to `saved`; r1 <-> r2; del → collect() 0, len(saved) 2
    const h = new HeapBuilder();
    const saved = h.rt.newList();
    let finalized = 0;
    const R = h.cls('R', (rt, self) => {
      finalized++;
      saved.append(rt, rt.share(self));
    });
    const r1 = h.obj(R);
    const r2 = h.obj(R);
    h.set(r1, 'o', r2);
    h.set(r2, 'o', r1);
    h.del(r1, r2);
    expect(h.collect()).toBe(0);
    expect(saved.size).toBe(2);
    expect(r1.isFreed || r2.isFreed).toBe(false);
    saved.clear(h.rt);
    expect(h.collect()).toBe(2);
    expect(finalized).toBe(2);
  });

  it('does not count objects a finalizer frees by breaking the cycle (0)', () => {
    const h = new HeapBuilder();
    const K = h.cls('K', (rt, self) =>
      (self as PyInstance).setAttribute(rt, rt.intern('o'), rt.share(rt.none)),
    );
    const k1 = h.obj(K);
    const k2 = h.obj(K);
    h.set(k1, 'o', k2);
    h.set(k2, 'o', k1);
    h.del(k1, k2);
    expect(h.collect()).toBe(0);
    expect(k1.isFreed && k2.isFreed).toBe(true);
  });

  it('reports an exception raised by __del__ and completes the collection', () => {
    const h = new HeapBuilder();
    const A = h.cls('A', () => {
      throw new PythonError('ValueError', 'boom');
    });
    const a = h.obj(A);
    h.set(a, 'self', a);
    h.del(a);
    expect(h.collect()).toBe(1);
    expect(h.stderr.join('')).toMatch(
      /^Exception ignored in: <__main__\.A object at 0x[0-9a-f]+>\nValueError: boom\n$/,
    );
  });

  it('keeps objects of a type with a legacy tp_del uncollectable, in gc.garbage', () => {
    const h = new HeapBuilder();
    const Legacy = h.cls('Legacy');
    Legacy.hasLegacyFinalizer = true;
    const x = h.obj(Legacy);
    const payload = h.rt.newList();
    h.set(x, 'self', x);
    h.set(x, 'payload', payload);
    h.del(x, payload);
    h.rt.collector.debug = GcDebug.uncollectable;
    expect(h.collect()).toBe(2);
    expect(h.rt.collector.stats[2].uncollectable).toBe(2);
    expect(h.rt.collector.garbage.items).toEqual([x]);
    expect(h.stderr).toEqual([
      `gc: uncollectable <Legacy 0x${x.id.toString(16)}>\n`,
      `gc: uncollectable <list 0x${payload.id.toString(16)}>\n`,
    ]);
  });
});

describe('generations and automatic collection', () => {
  it('runs 9 generation-0 collections for 7000 kept instances, leaving count (692, 9, 0)', () => {
    // gc.collect(); keep = []; for i in range(7000): keep.append(A()); gc.get_count() → (692, 9, 0)
    const h = new HeapBuilder();
    const A = h.cls('A');
    h.collect();
    const keep = h.rt.newList();
    for (let i = 0; i < 7000; i++) keep.append(h.rt, h.obj(A));
    expect(h.rt.gc.count).toEqual([692, 9, 0]);
    expect(h.rt.collector.stats.map((s) => s.collections)).toEqual([9, 0, 1]);
  });

  it('collects gen 1 every 11th collection and gen 2 under the long-lived rule', () => {
    // 10 000 kept instances → 13 gen-0, 1 gen-1, 0 more gen-2 collections; count (188, 2, 1)
    // (CPython's own run adds 3 to count[0] for its loop machinery; the collections are equal).
    const h = new HeapBuilder();
    const A = h.cls('A');
    h.collect();
    const log: number[] = [];
    h.rt.collector.callbacks.append(
      h.rt,
      h.callable((phase, info) => {
        if ((phase as PyStr).value === 'stop')
          log.push(Number(((info as PyDict).getByName('generation') as PyInt).value));
      }),
    );
    const keep = h.rt.newList();
    for (let i = 0; i < 10_000; i++) keep.append(h.rt, h.obj(A));
    expect(log.join('')).toBe('00000000000100');
    expect(h.rt.gc.count.slice(1)).toEqual([2, 1]);
  });

  it('promotes survivors one generation per collection', () => {
    const h = new HeapBuilder();
    const x = h.rt.newList();
    const where = () => h.rt.gc.generations.findIndex((g) => [...g].includes(x));
    expect(where()).toBe(0);
    h.collect(0);
    expect(where()).toBe(1);
    h.collect(1);
    expect(where()).toBe(2);
    h.collect(2);
    expect(where()).toBe(2);
  });

  it('never triggers on alloc/free pairs, nor while disabled or with threshold 0', () => {
    const h = new HeapBuilder();
    const A = h.cls('A');
    h.collect();
    for (let i = 0; i < 5000; i++) h.del(h.obj(A));
    expect(h.rt.collector.stats[0].collections).toBe(0);
    h.rt.gc.enabled = false;
    const keep = h.rt.newList();
    for (let i = 0; i < 800; i++) keep.append(h.rt, h.obj(A));
    expect(h.rt.collector.stats[0].collections).toBe(0);
    expect(h.rt.gc.count[0]).toBe(801);
  });

  it('untracks atomic tuples at any collection and atomic dicts only at full ones', () => {
    const h = new HeapBuilder();
    const inner = h.rt.newTuple([h.rt.newInt(2), h.rt.newInt(3)]);
    const nested = h.rt.newTuple([h.rt.newInt(1), inner]);
    const holding = h.rt.newTuple([h.rt.newInt(1), h.rt.newList()]);
    expect(nested.isTracked).toBe(true);
    // t = tuple([1, tuple([2, 3])]); gc.collect(0) → t tracked, t[1] untracked: the scan moves
    // the inner tuple behind the outer one, which is checked while its item is still tracked.
    h.collect(0);
    expect([inner.isTracked, nested.isTracked, holding.isTracked]).toEqual([false, true, true]);
    h.collect(1);
    expect([nested.isTracked, holding.isTracked]).toEqual([false, true]);

    // d = {}; d['x'] = []; d['x'] = 1 → tracked until a full collection
    const d = h.rt.newDict();
    d.set(h.rt, h.rt.intern('x'), h.rt.newList());
    d.set(h.rt, h.rt.intern('x'), h.rt.newInt(1));
    h.collect(1);
    expect(d.isTracked).toBe(true);
    h.collect(2);
    expect(d.isTracked).toBe(false);
  });

  it('treats the frozen generation as outside a full collection, and rejoins it after unfreeze', () => {
    // class A: pass; gc.collect(); keep = A(); gc.freeze()
    // a = A(); b = A(); a.b = b; b.a = a; keep.x = a
    // c = A(); d = A(); c.d = d; d.c = c; c.k = keep; del a, b, c, d
    // gc.collect() → 2 (c and d; keep's reference keeps a/b alive), gc.unfreeze(); del keep.x;
    // gc.collect() → 2 (a and b)
    const h = new HeapBuilder();
    const A = h.cls('A');
    h.collect();
    const keep = h.obj(A);
    h.rt.gc.freeze();
    const [a, b, c, d] = [h.obj(A), h.obj(A), h.obj(A), h.obj(A)];
    h.set(a, 'b', b);
    h.set(b, 'a', a);
    h.set(keep, 'x', a);
    h.set(c, 'd', d);
    h.set(d, 'c', c);
    h.set(c, 'k', keep);
    h.del(a, b, c, d);
    expect(h.collect()).toBe(2);
    expect([a.isFreed, b.isFreed, c.isFreed, d.isFreed]).toEqual([false, false, true, true]);
    // c's reference went with c: only the variable's is left (sys.getrefcount(keep) → 2 with its argument).
    expect(keep.refcnt).toBe(1);
    h.rt.gc.unfreeze();
    keep.deleteAttribute(h.rt, h.rt.intern('x'));
    expect(h.collect()).toBe(2);
    expect(a.isFreed && b.isFreed).toBe(true);
  });

  it('empties the free lists at full collections only', () => {
    const h = new HeapBuilder();
    h.del(h.rt.newList());
    h.collect(1);
    expect(h.rt.freeLists.counts().lists).toBe(1);
    h.collect();
    expect(h.rt.freeLists.counts().lists).toBe(0);
  });
});

describe('gc.callbacks, stats, debug flags', () => {
  it('calls callbacks with start/stop and info, automatic collections included', () => {
    const h = new HeapBuilder();
    const log: string[] = [];
    const cb = h.callable((phase, info) => {
      const field = (name: string) => ((info as PyDict).getByName(name) as PyInt).value;
      log.push(
        `${(phase as PyStr).value} ${field('generation')} ${field('collected')} ${field('uncollectable')}`,
      );
    });
    h.collect();
    h.rt.collector.callbacks.append(h.rt, cb);
    h.collect();
    h.collect(0);
    const l = h.rt.newList();
    l.append(h.rt, h.rt.share(l));
    h.del(l);
    h.collect();
    expect(log).toEqual([
      'start 2 0 0',
      'stop 2 0 0',
      'start 0 0 0',
      'stop 0 0 0',
      'start 2 0 0',
      'stop 2 1 0',
    ]);
  });

  it('emits gc start/stop events to subscribed tools, which unsubscribe cleanly', () => {
    const h = new HeapBuilder();
    const seen: string[] = [];
    const unsubscribe = h.rt.events.onGc({
      start: (generation) => seen.push(`start ${generation}`),
      stop: (generation, collected, uncollectable) =>
        seen.push(`stop ${generation} ${collected} ${uncollectable}`),
    });
    const l = h.rt.newList();
    l.append(h.rt, h.rt.share(l));
    h.del(l);
    h.collect(1);
    unsubscribe();
    h.collect();
    expect(seen).toEqual(['start 1', 'stop 1 1 0']);
  });

  it('reports an exception raised by a gc callback and still collects', () => {
    const h = new HeapBuilder();
    const bad = h.callable(() => {
      throw new PythonError('RuntimeError', 'no');
    });
    h.rt.collector.callbacks.append(h.rt, bad);
    const l = h.rt.newList();
    l.append(h.rt, h.rt.share(l));
    h.del(l);
    expect(h.collect()).toBe(1);
    expect(h.stderr.filter((line) => line.includes('RuntimeError: no'))).toHaveLength(2);
  });

  it('accumulates per-generation stats', () => {
    const h = new HeapBuilder();
    const before = h.rt.collector.stats.map((s) => ({ ...s }));
    for (let i = 0; i < 3; i++) {
      const l = h.rt.newList();
      l.append(h.rt, h.rt.share(l));
      h.del(l);
    }
    h.collect(0);
    h.collect(1);
    const after = h.rt.collector.stats;
    expect(after[0].collections - before[0].collections).toBe(1);
    expect(after[0].collected - before[0].collected).toBe(3);
    expect(after[1].collections - before[1].collections).toBe(1);
  });

  it('prints DEBUG_STATS and DEBUG_COLLECTABLE lines in CPython format', () => {
    const h = new HeapBuilder();
    h.collect();
    h.rt.collector.debug = GcDebug.stats | GcDebug.collectable;
    const l = h.rt.newList();
    l.append(h.rt, h.rt.share(l));
    const id = l.id.toString(16);
    h.del(l);
    h.collect();
    const text = h.stderr.join('');
    expect(text).toMatch(
      new RegExp(
        '^gc: collecting generation 2\\.\\.\\.\\n' +
          'gc: objects in each generation: 1 0 \\d+\\n' +
          'gc: objects in permanent generation: 0\\n' +
          `gc: collectable <list 0x${id}>\\n` +
          'gc: done, 1 unreachable, 0 uncollectable, \\d+\\.\\d{4}s elapsed\\n$',
      ),
    );
  });

  it('saves everything unreachable to gc.garbage under DEBUG_SAVEALL (case 20: 4, then 4 again)', () => {
    const h = new HeapBuilder();
    const A = h.cls('A');
    h.collect();
    h.rt.collector.debug = GcDebug.saveAll;
    const l = h.rt.newList();
    l.append(h.rt, h.rt.share(l));
    h.del(l);
    const a = h.obj(A);
    const b = h.obj(A);
    h.set(a, 'b', b);
    h.set(b, 'a', a);
    h.del(a, b);
    const d = h.rt.newDict();
    d.set(h.rt, h.rt.intern('self'), h.rt.share(d));
    h.del(d);
    expect(h.collect()).toBe(4);
    const garbage = h.rt.collector.garbage;
    expect(garbage.items.map((o) => o.type.name).sort()).toEqual(['A', 'A', 'dict', 'list']);
    h.rt.collector.debug = 0;
    garbage.clear(h.rt);
    expect(h.collect()).toBe(4);
  });
});
