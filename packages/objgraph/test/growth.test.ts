import { PyInstance, PyList } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { GrowthTracker, Objgraph } from '../src/index';
import { HeapBuilder } from './heap-builder';

const ours = (obj: object) => obj instanceof PyInstance || obj instanceof PyList;

describe('growth', () => {
  it('prints show_growth rows as %-*s%9d %+9d, largest increase first, then nothing', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const Fat = h.cls('MyBigFatObject');
    for (let i = 0; i < 123; i++) h.list();
    expect(og.showGrowth({ filter: ours })).toEqual(['list      123      +123']);
    h.obj(Fat);
    h.obj(Fat);
    for (let i = 0; i < 4; i++) h.list();
    expect(og.showGrowth({ filter: ours })).toEqual([
      'list                127        +4',
      'MyBigFatObject        2        +2',
    ]);
    expect(og.showGrowth({ filter: ours })).toEqual([]);
  });

  it('compares against peaks, not the last count, and keeps trackers apart', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const lists = [h.list(), h.list(), h.list()];
    const mine = new GrowthTracker();
    expect(og.growth({ peakStats: mine, filter: ours })).toEqual([{ name: 'list', count: 3, delta: 3 }]);
    h.del(...lists);
    h.list();
    // Below the peak of 3: no growth, and the peak stays.
    expect(og.growth({ peakStats: mine, filter: ours })).toEqual([]);
    expect([...mine.entries()]).toEqual([['list', 3]]);
    // The Objgraph's own tracker has not seen anything yet.
    expect(og.growth({ filter: ours })).toEqual([{ name: 'list', count: 1, delta: 1 }]);
  });

  it('collects garbage cycles before counting, as gc.collect() in objgraph', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const a = h.list();
    const b = h.list(a);
    a.append(h.rt, h.rt.share(b));
    h.del(a, b);
    expect(og.growth({ filter: ours })).toEqual([]);
  });
});
