import { describe, expect, it } from 'vitest';
import { CPYTHON_311 } from '../src/cpython-311';
import type { FreeListCounts } from '../src/free-lists';
import { Runtime } from '../src/runtime';

/** Counts with `tuples[n]` for n-item tuples, from a startup-style list of sizes 1..20. */
function counts(base: Partial<FreeListCounts>, tuplesFrom1: readonly number[] = []): FreeListCounts {
  const tuples = Array.from({ length: 21 }, (_, size) => (size === 0 ? 0 : (tuplesFrom1[size - 1] ?? 0)));
  return { floats: 0, lists: 0, dicts: 0, dictKeys: 0, tuples, ...base };
}

describe('free lists set to given counts', () => {
  it('trimTo frees the surplus, reporting each freed block; fillTo parks new objects up to the counts', () => {
    const rt = new Runtime();
    rt.seedFreeLists();
    const startup = rt.freeLists.counts();
    expect(startup.lists).toBe(CPYTHON_311.startupFreeLists.list);
    const freed: number[] = [];
    const stop = rt.events.onMemory({ free: (address) => freed.push(address) });
    const before = rt.memory.requestedBytes;
    const target = counts({ floats: 1, lists: 30, dicts: 8 }, [4, 2]);
    rt.freeLists.trimTo(rt, target);
    stop();
    const trimmed = rt.freeLists.counts();
    // Floats 4 → 1, lists 40 → 30, 2-tuples 8 → 2, 3..20-tuples to 0; dicts (8) and 1-tuples (4) kept.
    expect(trimmed).toEqual({ ...target, dictKeys: startup.dictKeys });
    const tuplesFreed = CPYTHON_311.startupFreeLists.tuples.slice(1).reduce((a, b) => a + b, 0) - 2;
    expect(freed).toHaveLength(3 + 10 + tuplesFreed);
    expect(rt.memory.requestedBytes).toBeLessThan(before);

    rt.freeLists.fillTo(rt, counts({ floats: 5, lists: 2, dicts: 9, dictKeys: 3 }, [0, 0, 7]));
    // Lists already fuller than asked keep what they hold; the others are filled.
    expect(rt.freeLists.counts()).toEqual({
      floats: 5,
      lists: 30,
      dicts: 9,
      dictKeys: Math.max(3, startup.dictKeys),
      tuples: trimmed.tuples.map((n, size) => (size === 3 ? 7 : n)),
    });
  });

  it('fillTo stops at each free list limit', () => {
    const rt = new Runtime();
    rt.freeLists.fillTo(rt, counts({ lists: CPYTHON_311.freeLists.list + 5 }));
    expect(rt.freeLists.counts().lists).toBe(CPYTHON_311.freeLists.list);
  });
});
