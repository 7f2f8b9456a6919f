import { PyInstance, PythonError } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { Objgraph } from '../src/index';
import { HeapBuilder } from './heap-builder';

function setup() {
  const h = new HeapBuilder();
  const og = Objgraph.forRuntime(h.rt);
  return { h, og };
}

describe('counting by type', () => {
  it('counts by short name, or by long name when the name has a dot', () => {
    const { h, og } = setup();
    const A = h.cls('A');
    const objs = [h.obj(A), h.obj(A), h.list(), h.list()];
    expect(og.count('A')).toBe(2);
    expect(og.count('__main__.A')).toBe(2);
    expect(og.count('list')).toBe(2);
    expect(og.count('builtins.list')).toBe(2);
    expect(og.count('list', objs.slice(0, 3))).toBe(1);
    expect(og.byType('__main__.A')).toEqual(objs.slice(0, 2));
  });

  it('prints show_most_common_types rows as %-*s %i, widest name first-come', () => {
    const { h, og } = setup();
    const Fat = h.cls('MyBigFatObject');
    const objects = [
      ...Array.from({ length: 3 }, () => h.obj(Fat)),
      ...Array.from({ length: 1234 }, () => h.list()),
      h.dict(),
      h.dict(),
      h.dict(),
    ];
    expect(og.showMostCommonTypes({ objects })).toEqual([
      'list           1234',
      'MyBigFatObject 3',
      'dict           3',
    ]);
    expect(og.showMostCommonTypes({ objects, limit: 1 })).toEqual(['list 1234']);
    expect(og.showMostCommonTypes({ objects, shortnames: false, limit: 2 })).toEqual([
      'builtins.list           1234',
      '__main__.MyBigFatObject 3',
    ]);
    expect(og.mostCommonTypes({ objects, limit: 0 })).toHaveLength(3);
    expect(og.mostCommonTypes({ objects, filter: (o) => o instanceof PyInstance })).toEqual([
      ['MyBigFatObject', 3],
    ]);
  });

  it('raises ValueError like max() when there is nothing to print', () => {
    const { og } = setup();
    expect(() => og.showMostCommonTypes({ objects: [] })).toThrow(PythonError);
    expect(() => og.showMostCommonTypes({ objects: [] })).toThrow('max() arg is an empty sequence');
  });

  it('finds tracked objects by id', () => {
    const { h, og } = setup();
    const a = h.list();
    const b = h.list();
    const s = h.str('not tracked');
    expect(og.at(a.id)).toBe(a);
    expect(og.at(s.id)).toBeNull();
    expect(og.atAddrs(new Set([b.id, a.id, s.id]))).toEqual([a, b]);
  });

  it('reports objects no tracked object refers to as leaking', () => {
    const { h, og } = setup();
    const inner = h.list();
    const outer = h.list(inner);
    const leaking = og.getLeakingObjects();
    expect(leaking).toContain(outer);
    expect(leaking).not.toContain(inner);
    // Referents come from the whole heap even when candidates are given (objgraph 3.7).
    expect(og.getLeakingObjects([inner])).toEqual([]);
  });
});
