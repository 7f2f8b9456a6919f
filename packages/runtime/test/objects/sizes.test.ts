import { describe, expect, it } from 'vitest';
import { withScope } from '../../src/embedding/scope';
import type { PyObject } from '../../src/object';
import { Runtime } from '../../src/runtime';

// Every expected number here is CPython 3.11.7's (shared/reference/cpython-3.11-memory-model.md).

function sizes(rt: Runtime, make: () => PyObject): number {
  const obj = make();
  const size = rt.sizeof(obj);
  rt.decref(obj);
  return size;
}

describe('sys.getsizeof of scalars', () => {
  const rt = new Runtime();
  it('int: 24 + 4 bytes per 30-bit digit, at least one', () => {
    const values: [number | bigint, number][] = [
      [0, 28],
      [1, 28],
      [2 ** 30 - 1, 28],
      [2 ** 30, 32],
      [2n ** 60n - 1n, 32],
      [2n ** 60n, 36],
      [2n ** 90n, 40],
      [10n ** 100n, 72],
      [2n ** 1000n, 160],
      [-(2 ** 30), 32],
    ];
    for (const [value, size] of values) expect(sizes(rt, () => rt.newInt(value))).toBe(size);
    expect(rt.sizeof(rt.true)).toBe(28);
    expect(rt.sizeof(rt.false)).toBe(28);
  });

  it('float 24, complex 32, None 16', () => {
    expect(sizes(rt, () => rt.newFloat(1.5))).toBe(24);
    expect(sizes(rt, () => rt.newComplex(1, 2))).toBe(32);
    expect(rt.sizeof(rt.none)).toBe(16);
  });

  it('str by kind: ASCII 49+n, latin-1 73+n, UCS-2 72+2(n+1), UCS-4 72+4(n+1)', () => {
    const cases: [string, number][] = [
      ['', 49],
      ['a', 50],
      ['hello world', 60],
      ['x'.repeat(100), 149],
      ['é', 74],
      ['é'.repeat(10), 83],
      ['€', 76],
      ['€'.repeat(10), 94],
      ['😀', 80],
      ['😀'.repeat(10), 116],
      ['abc€', 82],
    ];
    for (const [value, size] of cases) expect(sizes(rt, () => rt.newStr(value))).toBe(size);
  });

  it('bytes 33+n, bytearray 56+alloc', () => {
    expect(sizes(rt, () => rt.newBytes(new Uint8Array(0)))).toBe(33);
    expect(sizes(rt, () => rt.newBytes(new Uint8Array(100)))).toBe(133);
    expect(sizes(rt, () => rt.newByteArray())).toBe(56);
    expect(sizes(rt, () => rt.newByteArray(Uint8Array.of(97)))).toBe(58);
    expect(sizes(rt, () => rt.newByteArray(new Uint8Array(10)))).toBe(67);
  });

  it('bytearray append growth: the length at which each resize lands', () => {
    const ba = rt.newByteArray();
    const seen: string[] = [];
    let last = rt.sizeof(ba);
    for (let n = 1; n <= 187; n++) {
      ba.append(rt, 120);
      const size = rt.sizeof(ba);
      if (size !== last) seen.push(`${n}:${size}`);
      last = size;
    }
    expect(seen.join(' ')).toBe(
      '1:58 2:61 5:64 8:68 12:75 19:83 27:92 36:102 46:113 57:126 70:140 84:156 100:174 118:194 138:217 161:243 187:272',
    );
    rt.decref(ba);
  });

  it('range 48 regardless of bounds', () => {
    expect(sizes(rt, () => rt.newRange(0, 3))).toBe(48);
    expect(sizes(rt, () => rt.newRange(0, 10 ** 12, 7))).toBe(48);
  });
});

describe('tuple and list sizes', () => {
  const rt = new Runtime();
  it('tuple 40 + 8n', () => {
    expect(rt.sizeof(rt.emptyTuple)).toBe(40);
    expect(sizes(rt, () => rt.newTuple([rt.newInt(1), rt.newInt(2), rt.newInt(3)]))).toBe(64);
  });

  it('append growth capacities 0, 4, 8, 16, 24, 32, 40, 52, 64, 76, …', () => {
    const list = rt.newList();
    const capacities = [list.allocated];
    for (let i = 0; i < 200; i++) {
      list.append(rt, rt.newInt(i));
      if (capacities.at(-1) !== list.allocated) capacities.push(list.allocated);
    }
    expect(capacities).toEqual([0, 4, 8, 16, 24, 32, 40, 52, 64, 76, 92, 108, 128, 148, 172, 200]);
    expect(rt.sizeof(list)).toBe(1656);
    rt.decref(list);
  });

  it('creation paths: BUILD_LIST exact, [x]*n exact, list(sized) even-rounded', () => {
    expect(sizes(rt, () => rt.newList())).toBe(56);
    expect(sizes(rt, () => rt.newList([rt.newInt(0)]))).toBe(64);
    const million = rt.newList(Array.from({ length: 1_000_000 }, () => rt.newInt(1)));
    expect(rt.sizeof(million)).toBe(8_000_056);
    million.append(rt, rt.newInt(1));
    expect(rt.sizeof(million)).toBe(9_000_088);
    rt.decref(million);
    const evens = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      sizes(rt, () => {
        const list = rt.newList();
        list.extendExact(
          rt,
          Array.from({ length: n }, (_, i) => rt.newInt(i)),
        );
        return list;
      }),
    );
    expect(evens).toEqual([56, 72, 72, 88, 88, 104, 104, 120, 120]);
  });

  it('list(generator) preallocates 8 then shrinks to fit', () => {
    const results = [1, 2, 8, 9, 10].map((n) =>
      sizes(rt, () => {
        const list = rt.newList();
        list.extendIter(
          rt,
          Array.from({ length: n }, (_, i) => rt.newInt(i)),
        );
        return list;
      }),
    );
    expect(results).toEqual([88, 120, 120, 184, 184]);
  });

  it('extend of a non-empty list uses list_resize: [0].extend([1]*10) is 152', () => {
    const list = rt.newList([rt.newInt(0)]);
    list.extendExact(
      rt,
      Array.from({ length: 10 }, () => rt.newInt(1)),
    );
    expect(rt.sizeof(list)).toBe(152);
    rt.decref(list);
  });

  it('shrinking by pop: cap 100 resizes at 49→60, 29→36, 17→24, 11→16, 7→12, 5→8, 1→4, 0→0', () => {
    const list = rt.newList(Array.from({ length: 100 }, (_, i) => rt.newInt(i)));
    const steps: string[] = [];
    let cap = list.allocated;
    while (list.size > 0) {
      rt.decref(list.pop(rt));
      if (list.allocated !== cap) steps.push(`${list.size}:${list.allocated}`);
      cap = list.allocated;
    }
    expect(steps.join(' ')).toBe('49:60 29:36 17:24 11:16 7:12 5:8 1:4 0:0');
    rt.decref(list);
  });
});

describe('dict sizes', () => {
  const rt = new Runtime();
  it('the four-state tutorial dict is 184, six states 272', () => {
    const states = ['Texas', 'California', 'New York', 'Florida', 'Ohio', 'Utah'];
    const four = rt.newDict(states.slice(0, 4).map((s) => [rt.newStr(s), rt.newStr(`${s}!`)] as const));
    expect(rt.sizeof(four)).toBe(184);
    rt.decref(four);
    const six = rt.newDict(states.map((s) => [rt.newStr(s), rt.newStr(`${s}!`)] as const));
    expect(rt.sizeof(six)).toBe(272);
    rt.decref(six);
  });

  it('insert jump points for str and int keys', () => {
    for (const [makeKey, expected] of [
      [(i: number) => rt.newStr(`k${i}`), '1:184 6:272 11:464 22:832 43:1584 86:3328 171:6576'],
      [(i: number) => rt.newInt(i + 1000), '1:224 6:352 11:632 22:1168 43:2264 86:4688 171:9304'],
    ] as const) {
      const dict = rt.newDict();
      const jumps: string[] = [];
      let last = rt.sizeof(dict);
      expect(last).toBe(64);
      for (let i = 1; i <= 200; i++) {
        dict.set(rt, makeKey(i), rt.share(rt.none));
        const size = rt.sizeof(dict);
        if (size !== last) jumps.push(`${i}:${size}`);
        last = size;
      }
      expect(jumps.join(' ')).toBe(expected);
      rt.decref(dict);
    }
  });

  it('deleting never shrinks; clear() goes back to 64', () => {
    const dict = rt.newDict(
      Array.from({ length: 100 }, (_, i) => [rt.newInt(i + 1000), rt.newInt(i)] as const),
    );
    expect(rt.sizeof(dict)).toBe(4688);
    for (let i = 0; i < 100; i++) {
      const key = rt.newInt(i + 1000);
      dict.delete(rt, key);
      rt.decref(key);
    }
    expect(rt.sizeof(dict)).toBe(4688);
    dict.clearAll(rt);
    expect(rt.sizeof(dict)).toBe(64);
    rt.decref(dict);
  });
});

describe('set sizes', () => {
  const rt = new Runtime();
  it('add jumps: 5 → 728, 19 → 2264, 77 → 8408; set(range(1000)) 32984', () => {
    const set = rt.newSet();
    const jumps: string[] = [];
    let last = rt.sizeof(set);
    expect(last).toBe(216);
    for (let i = 0; i < 1000; i++) {
      set.add(rt, rt.newInt(i));
      const size = rt.sizeof(set);
      if (size !== last) jumps.push(`${i + 1}:${size}`);
      last = size;
    }
    expect(jumps.slice(0, 3).join(' ')).toBe('5:728 19:2264 77:8408');
    expect(last).toBe(32984);
    rt.decref(set);
  });

  it('a merged literal of 5 is presized to 16 slots (472)', () => {
    const set = rt.newSet();
    set.reserveForMerge(rt, 5);
    for (let i = 1; i <= 5; i++) set.add(rt, rt.newInt(i));
    expect(rt.sizeof(set)).toBe(472);
    rt.decref(set);
  });

  it('iterates in CPython table order', () => {
    const order = (values: number[]) => {
      const set = rt.newSet(values.map((v) => rt.newInt(v)));
      const out = [...set.table].map((o) => rt.repr(o));
      rt.decref(set);
      return out.join(', ');
    };
    expect(order([3, 1, 2])).toBe('1, 2, 3');
    expect(order([10, 8, 1, 33])).toBe('8, 1, 10, 33');
    expect(order([-1, -2, 5])).toBe('5, -1, -2');
  });
});

describe('instances', () => {
  it('plain instance 56 with any attribute count; __slots__ instance 16 + 8n + 16', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      const Plain = s.cls('Plain');
      const obj = s.instance(Plain);
      for (const name of ['a', 'b', 'c', 'd']) s.setAttr(obj, name, 1);
      expect(rt.sizeof(obj.object)).toBe(56);
      const slotSizes = [0, 1, 2, 3, 4].map((n) => {
        const cls = s.cls(`S${n}`, { slots: ['a', 'b', 'c', 'd'].slice(0, n) });
        return rt.sizeof(s.instance(cls).object);
      });
      expect(slotSizes).toEqual([32, 40, 48, 56, 64]);
      expect(rt.sizeof(s.instance(s.cls('W', { slots: ['a', '__weakref__'] })).object)).toBe(48);
    });
  });

  it('1000 slotted vs 1000 plain instances of two attributes: 48000 vs 144000', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      const WithSlots = s.cls('WithSlots', { slots: ['x', 'y'] });
      const WithDict = s.cls('WithDict');
      let slotted = 0;
      let plain = 0;
      const keep = s.list();
      for (let i = 0; i < 1000; i++) {
        const a = s.instance(WithSlots);
        slotted += rt.sizeof(a.object);
        s.append(keep, a);
        const b = s.instance(WithDict);
        s.setAttr(b, 'x', i);
        s.setAttr(b, 'y', i);
        s.append(keep, b);
      }
      for (const item of keep.object.items) {
        if (item.type !== WithDict.object) continue;
        const inst = item as import('../../src/objects/instance').PyInstance;
        plain += rt.sizeof(inst) + rt.sizeof(inst.materializeDict(rt));
      }
      expect(slotted).toBe(48000);
      expect(plain).toBe(144000);
    });
  });

  it('key-sharing: each new instance shrinks every __dict__ (296, 288, 280, …, floor 88)', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      const Point = s.cls('Point');
      const points = [];
      const seen: number[] = [];
      for (let k = 1; k <= 30; k++) {
        const p = s.instance(Point);
        s.setAttr(p, 'x', k);
        s.setAttr(p, 'y', k);
        points.push(p);
        if ([1, 2, 3, 5, 10, 20, 27, 30].includes(k))
          seen.push(rt.sizeof(points[0].object.materializeDict(rt)));
      }
      expect(seen).toEqual([296, 288, 280, 264, 224, 144, 88, 88]);
    });
  });

  it('values array bytes of the k-th instance: 264, 256, 248, … floor 32', () => {
    const rt = new Runtime();
    const sizes: number[] = [];
    rt.events.onMemory({ alloc: (_a, size) => sizes.push(size) });
    withScope(rt, (s) => {
      const Point = s.cls('Point');
      for (let k = 0; k < 30; k++) {
        sizes.length = 0;
        const p = s.instance(Point);
        s.setAttr(p, 'x', k + 1000);
        s.setAttr(p, 'y', k + 1000);
        expect(sizes[0]).toBe(56);
        if (k === 0) expect(sizes[1]).toBe(264);
        if (k === 1) expect(sizes[1]).toBe(256);
        if (k >= 26) expect(sizes[1]).toBe(32);
      }
    });
  });

  it('type objects: heap class 1688, slotted class 920, static 424', () => {
    const rt = new Runtime();
    withScope(rt, (s) => {
      expect(rt.sizeof(s.cls('A').object)).toBe(1688);
      expect(rt.sizeof(s.cls('S', { slots: ['a'] }).object)).toBe(920);
      expect(rt.sizeof(rt.types.int)).toBe(424);
    });
  });
});
