import { PythonError } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { Objgraph } from '../src/index';
import { HeapBuilder } from './heap-builder';

describe('getNewIds', () => {
  it("prints objgraph's table and returns the new ids per type", () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const Leaky = h.cls('Leaky');
    const old = Array.from({ length: 260 }, () => h.list());
    og.getNewIds({ limit: 0 });
    og.getNewIds({ limit: 0 });
    const a = h.list();
    const leaks = [h.obj(Leaky), h.obj(Leaky)];
    const result = og.getNewIds({ limit: 4 });
    // Then rows with no change, names descending (Z to a: 'type', 'tuple'), so 'tuple' sets the width.
    expect(result.lines.slice(5, 7).map((line) => line.split(' ')[0])).toEqual(['type', 'tuple']);
    expect(result.lines.slice(0, 5)).toEqual([
      '=========================================================',
      'Type       Old_ids  Current_ids      New_ids Count_Deltas',
      '=========================================================',
      'Leaky            0            2           +2           +2',
      'list           260          261           +1           +1',
    ]);
    expect(result.lines.at(-1)).toBe(result.lines[0]);
    expect(result.newIds.get('list')).toEqual(new Set([a.id]));
    expect(result.newIds.get('Leaky')).toEqual(new Set(leaks.map((o) => o.id)));
    expect(og.getNewIds({ skipUpdate: true }).newIds).toEqual(result.newIds);
    expect(old).toHaveLength(260);
  });

  it('sorts by the chosen column, then by name, both descending', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const [A, B] = [h.cls('A'), h.cls('B')];
    h.obj(A);
    h.obj(B);
    const rows = og.getNewIds({ sortby: 'current', limit: null }).lines.slice(3, -1);
    const names = rows.map((line) => line.split(/ +/)[0]);
    const current = rows.map((line) => Number(line.split(/ +/)[2]));
    expect([...current].sort((x, y) => y - x)).toEqual(current);
    expect(names.indexOf('B')).toBeLessThan(names.indexOf('A'));
  });

  it('forgets types with no old and no current ids, and rejects unknown columns with KeyError', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const all = { shortnames: true, limit: null };
    const list = h.list();
    og.getNewIds(all);
    h.del(list);
    const gone = og.getNewIds(all).lines.find((line) => line.startsWith('list'));
    expect(gone).toBe('list            1            0           +0           -1');
    og.getNewIds(all);
    expect(og.newIdsTracker.current.has('list')).toBe(false);
    expect(() => og.getNewIds({ sortby: 'size' as 'old' })).toThrow(new PythonError('KeyError', "'size'"));
  });
});
