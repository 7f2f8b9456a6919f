import { expect, it } from 'vitest';
import { sessionLeak } from './session-leak';

// The same service in Python (class Session; session.user = "user-" + str(user);
// session.scratch = [0] * 50; sessions[user] = session; 2,000 requests), run on CPython 3.11.7
// with `after.compare_to(before, 'lineno')`, prints:
//   sess.py:10: size=889 KiB (+889 KiB), count=3968 (+3968), average=229 B     [0] * 50
//   sess.py:8: size=175 KiB (+175 KiB), count=4000 (+4000), average=45 B       Session()
//   sess.py:9: size=112 KiB (+112 KiB), count=2000 (+2000), average=57 B       "user-" + str(user)
//   sess.py:11: size=72.0 KiB (+72.0 KiB), count=1 (+1), average=72.0 KiB     sessions[user] = …
//   sess.py:12: size=54.5 KiB (+54.5 KiB), count=1743 (+1743), average=32 B   for user in range(2000)
it('finds the leaking session cache with tracemalloc, memory_profiler and objgraph from TypeScript', () => {
  const out = sessionLeak();
  const at = (heading: string) => out.slice(out.indexOf(heading) + 1);

  const diffs = at('== tracemalloc: top 4 lines by growth ==');
  // Session(): CPython's line exactly.
  expect(diffs[1]).toBe('session-leak.ts:29: size=175 KiB (+175 KiB), count=4000 (+4000), average=45 B');
  // [0] * 50: CPython reuses 32 list heads (56 B each) from its list free list, which
  // tracemalloc does not see, and this runtime starts with an empty one: 889 KiB + 32 × 56 B.
  expect(diffs[0]).toMatch(/^session-leak\.ts:31: size=891 KiB \(\+891 KiB\), count=4001 \(\+4001\)/);
  // The dict insert line also makes the int key: CPython's 72.0 KiB (dict resize) + 54.5 KiB
  // (1,743 ints above the small-int cache) = 126.5 KiB, printed 126 KiB (round half to even).
  expect(diffs[2]).toBe('session-leak.ts:32: size=126 KiB (+126 KiB), count=1744 (+1744), average=74 B');
  expect(diffs[3]).toMatch(/^session-leak\.ts:30: size=112 KiB \(\+112 KiB\)/);

  // 2,000 sessions and their scratch lists, plus the sessions dict in the module.
  expect(at('== objgraph: showGrowth ==').slice(0, 2)).toEqual([
    'Session     2000     +2000',
    'list        2000     +2000',
  ]);
  expect(out).toContain('kept alive by: module -> dict -> dict -> Session');

  const table = at('== memory_profiler: profile() of serve ==');
  expect(table[0]).toMatch(/^Filename: .*session-leak\.ts$/);
  expect(table[2]).toBe('Line #    Mem usage    Increment  Occurrences   Line Contents');
  // The loop body: resident memory grows by whole pymalloc arenas as 2,000 sessions accumulate.
  expect(table.find((line) => line.includes('handle(rt, service, user);'))).toMatch(
    /^ {4}52 +\d+\.\d MiB +[1-9]\d*\.\d MiB/,
  );
}, 120_000);
