import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import { gcModule } from '../../src/modules/gc-module';
import type { PyObject } from '../../src/object';
import type { PyDict } from '../../src/objects/dict';
import type { PyInt } from '../../src/objects/int';
import type { PyList } from '../../src/objects/list';
import type { PyTuple } from '../../src/objects/tuple';
import type { Runtime } from '../../src/runtime';
import { HeapBuilder } from '../gc/heap-builder';

/** Calls `gc.<name>(*args, **kwargs)` and returns the result (owned). */
function call(rt: Runtime, name: string, args: PyObject[] = [], kwargs?: Record<string, PyObject>): PyObject {
  const spec = gcModule.functions[name];
  return spec.fn(rt, args, kwargs === undefined ? null : new Map(Object.entries(kwargs)));
}

function ints(obj: PyObject): number[] {
  return (obj as PyTuple).items.map((item) => Number((item as PyInt).value));
}

describe('gc module', () => {
  it('tracks count[0] as case 22 shows: instances ±1, set ±1, scalars 0', () => {
    // oracle case_22_gc_count_instances (CPython 3.11.7)
    const h = new HeapBuilder();
    const { rt } = h;
    const Obj = h.cls('Obj');
    call(rt, 'disable');
    call(rt, 'collect');
    const first = call(rt, 'get_count');
    expect(ints(first)).toEqual([0, 0, 0]);
    // Its tuple goes to the free list, so later get_count() calls allocate nothing countable.
    rt.decref(first);
    const count = () => {
      const result = call(rt, 'get_count');
      const c0 = ints(result)[0];
      rt.decref(result);
      return c0;
    };
    let before = count();
    const objs = [h.obj(Obj), h.obj(Obj), h.obj(Obj)];
    expect(count() - before).toBe(3);
    before = count();
    h.del(...objs);
    expect(count() - before).toBe(-3);
    before = count();
    const scalars = [rt.newInt(10n ** 20n), rt.newFloat(1.5), rt.newStr('abcabcabc')];
    expect(count() - before).toBe(0);
    before = count();
    const s = rt.newSet();
    expect(count() - before).toBe(1);
    before = count();
    h.del(s, ...scalars);
    expect(count() - before).toBe(-1);
  });

  it("raises CPython's errors for bad arguments", () => {
    const { rt } = new HeapBuilder();
    const cases: [string, PyObject[], Record<string, PyObject> | undefined, PythonError][] = [
      ['collect', [rt.newInt(3)], undefined, new PythonError('ValueError', 'invalid generation')],
      [
        'collect',
        [rt.newStr('x')],
        undefined,
        new PythonError('TypeError', "'str' object cannot be interpreted as an integer"),
      ],
      [
        'collect',
        [rt.newInt(1), rt.newInt(2)],
        undefined,
        new PythonError('TypeError', 'collect() takes at most 1 argument (2 given)'),
      ],
      [
        'collect',
        [],
        { gen: rt.newInt(0) },
        new PythonError('TypeError', "'gen' is an invalid keyword argument for collect()"),
      ],
      [
        'collect',
        [rt.newInt(2n ** 70n)],
        undefined,
        new PythonError('OverflowError', 'Python int too large to convert to C int'),
      ],
      [
        'set_threshold',
        [],
        undefined,
        new PythonError('TypeError', 'set_threshold() takes at least 1 argument (0 given)'),
      ],
      [
        'set_threshold',
        [1, 2, 3, 4].map((n) => rt.newInt(n)),
        undefined,
        new PythonError('TypeError', 'set_threshold() takes at most 3 arguments (4 given)'),
      ],
      [
        'get_objects',
        [rt.newInt(3)],
        undefined,
        new PythonError(
          'ValueError',
          'generation parameter must be less than the number of available generations (3)',
        ),
      ],
      [
        'get_objects',
        [rt.newInt(-2)],
        undefined,
        new PythonError('ValueError', 'generation parameter cannot be negative'),
      ],
      [
        'get_objects',
        [rt.newStr('a')],
        undefined,
        new PythonError('TypeError', "argument should be integer or None, not 'str'"),
      ],
      [
        'get_count',
        [rt.newInt(1)],
        undefined,
        new PythonError('TypeError', 'gc.get_count() takes no arguments (1 given)'),
      ],
      [
        'is_tracked',
        [],
        undefined,
        new PythonError('TypeError', 'gc.is_tracked() takes exactly one argument (0 given)'),
      ],
    ];
    for (const [name, args, kwargs, error] of cases) {
      expect(() => call(rt, name, args, kwargs), `${name}`).toThrow(error);
    }
    expect(ints(call(rt, 'get_threshold'))).toEqual([700, 10, 10]);
    expect(Number((call(rt, 'collect', [], { generation: rt.newInt(0) }) as PyInt).value)).toBe(0);
  });

  it('answers is_tracked as case 21 does', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    const tracked = (obj: PyObject) => call(rt, 'is_tracked', [obj]) === rt.true;
    expect(tracked(rt.newInt(1))).toBe(false);
    expect(tracked(rt.newStr('s'))).toBe(false);
    expect(tracked(rt.newDict())).toBe(false);
    expect(tracked(rt.newDict([[rt.intern('a'), rt.newInt(1)]]))).toBe(false);
    expect(tracked(rt.newList())).toBe(true);
    expect(tracked(rt.newDict([[rt.intern('a'), rt.newList()]]))).toBe(true);
    expect(tracked(h.obj(h.cls('A')))).toBe(true);
    const t = rt.newTuple([rt.newInt(1), rt.newInt(2), rt.newInt(3)]);
    expect(tracked(t)).toBe(true);
    call(rt, 'collect');
    expect(tracked(t)).toBe(false);
  });

  it('lists referents in traverse order and referrers by scanning the generations', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    const one = rt.newInt(1);
    const two = rt.newStr('two');
    const three = rt.newFloat(3.0);
    const list = h.list(one, two, three);
    // [1, 'two', 3.0] → [3.0, 'two', 1]
    expect((call(rt, 'get_referents', [list]) as PyList).items).toEqual([three, two, one]);
    const Node = h.cls('Node');
    const n = h.obj(Node);
    const m = h.obj(Node);
    h.set(n, 'next', m);
    const holder = h.list(m);
    expect((call(rt, 'get_referrers', [m]) as PyList).items).toEqual([n, holder]);
    n.materializeDict(rt);
    expect((call(rt, 'get_referrers', [m]) as PyList).items).toEqual([holder, n.dict]);
  });

  it('reports cumulative stats as fresh dicts and freezes into the permanent generation', () => {
    const h = new HeapBuilder();
    const { rt } = h;
    call(rt, 'collect');
    const stats = call(rt, 'get_stats') as PyList;
    const gen2 = stats.items[2] as PyDict;
    expect(Number((gen2.getByName('collections') as PyInt).value)).toBe(1);
    expect([...gen2.entries()].map(([k]) => k.refcnt)).toEqual([1, 1, 1]);
    const x = rt.newList();
    call(rt, 'freeze');
    expect(Number((call(rt, 'get_freeze_count') as PyInt).value)).toBeGreaterThan(0);
    expect((call(rt, 'get_objects') as PyList).items).not.toContain(x);
    call(rt, 'unfreeze');
    expect((call(rt, 'get_objects', [rt.newInt(2)]) as PyList).items).toContain(x);
  });
});
