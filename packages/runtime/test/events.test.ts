import { describe, expect, it } from 'vitest';
import { RuntimeHeapView } from '../src/heap-view';
import { Runtime } from '../src/runtime';

describe('memory events', () => {
  it('reports alloc, realloc and free with sizes, and stops after unsubscribing', () => {
    const rt = new Runtime();
    const log: string[] = [];
    const stop = rt.events.onMemory({
      alloc: (_address, size) => log.push(`alloc ${size}`),
      realloc: (_old, _address, size) => log.push(`realloc ${size}`),
      free: () => log.push('free'),
    });
    const list = rt.newList();
    list.append(rt, rt.newInt(1000));
    list.append(rt, rt.newInt(1001));
    list.append(rt, rt.newInt(1002));
    list.append(rt, rt.newInt(1003));
    list.append(rt, rt.newInt(1004));
    // list object, first int, items block of 4 slots, three ints, then the 5th append's realloc.
    expect(log).toEqual([
      'alloc 56',
      'alloc 32',
      'alloc 32',
      'alloc 32',
      'alloc 32',
      'alloc 32',
      'alloc 32',
      'realloc 64',
    ]);
    stop();
    log.length = 0;
    rt.decref(list);
    expect(log).toEqual([]);
  });

  it('captures tracebacks only when a subscriber asks for frames', () => {
    const rt = new Runtime();
    const tracebacks: (string | null)[] = [];
    const stop = rt.events.onMemory(
      {
        alloc: (_a, _s, _d, tb) => tracebacks.push(tb === null ? null : `${tb[0].filename}:${tb[0].lineno}`),
      },
      { frames: 1 },
    );
    rt.decref(rt.newStr('traced allocation'));
    stop();
    expect(tracebacks).toHaveLength(1);
    expect(tracebacks[0]).toMatch(/events\.test\.ts:\d+$/);
  });
});

describe('HeapView', () => {
  it('lists tracked objects, referents in traverse order, referrers and roots', () => {
    const rt = new Runtime();
    const view = new RuntimeHeapView(rt);
    const inner = rt.newList();
    const outer = rt.newList([rt.share(inner), rt.newStr('x-value-here')]);
    expect(view.referents(outer).map((o) => view.typeName(o))).toEqual(['str', 'list']);
    expect(view.referrers(inner)).toEqual([outer]);
    expect(view.roots()).toContain(outer);
    expect(view.sizeOf(outer)).toBe(72);
    rt.decref(outer);
    rt.decref(inner);
  });
});
