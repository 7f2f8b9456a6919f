import { describe, expect, it } from 'vitest';
import { Frame, Snapshot, Statistic, StatisticDiff, Traceback } from '../src/index';
import { createSnapshots, lines, RAW_REPEATED, RAW_TIES, reprs } from './raw-snapshots';

// Every expected list below was printed by python3 (CPython 3.11.7) running cpython-expected.py
// on the same literal snapshots.

const tb = (...frames: [string, number][]): Traceback =>
  Traceback.fromMostRecentFirst(frames.map(([f, l]) => new Frame(f, l)));

describe('Snapshot.statistics', () => {
  it('groups by lineno, filename and traceback in CPython order, with its str and repr', () => {
    const [s1] = createSnapshots();
    expect(lines(s1.statistics('lineno'))).toEqual([
      'b.py:1: size=66 B, count=1, average=66 B',
      'a.py:2: size=30 B, count=3, average=10 B',
      '<unknown>:0: size=7 B, count=1, average=7 B',
      'a.py:5: size=2 B, count=1, average=2 B',
    ]);
    expect(reprs(s1.statistics('lineno'))).toEqual([
      "<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=1>,)> size=66 count=1>",
      "<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=2>,)> size=30 count=3>",
      "<Statistic traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,)> size=7 count=1>",
      "<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=5>,)> size=2 count=1>",
    ]);
    expect(lines(s1.statistics('filename'))).toEqual([
      'b.py:0: size=66 B, count=1, average=66 B',
      'a.py:0: size=32 B, count=4, average=8 B',
      '<unknown>:0: size=7 B, count=1, average=7 B',
    ]);
    expect(reprs(s1.statistics('filename'))).toEqual([
      "<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=0>,)> size=66 count=1>",
      "<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=32 count=4>",
      "<Statistic traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,)> size=7 count=1>",
    ]);
    expect(lines(s1.statistics('traceback'))).toEqual([
      'b.py:1: size=66 B, count=1, average=66 B',
      'b.py:4: size=30 B, count=3, average=10 B',
      '<unknown>:0: size=7 B, count=1, average=7 B',
      'b.py:4: size=2 B, count=1, average=2 B',
    ]);
    expect(reprs(s1.statistics('traceback'))).toEqual([
      "<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=1>,)> size=66 count=1>",
      "<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>)> size=30 count=3>",
      "<Statistic traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,)> size=7 count=1>",
      "<Statistic traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=5>)> size=2 count=1>",
    ]);
  });

  it('returns value objects equal to the ones CPython’s test expects', () => {
    const [s1] = createSnapshots();
    const expected = [
      new Statistic(tb(['b.py', 1]), 66, 1),
      new Statistic(tb(['a.py', 2], ['b.py', 4]), 30, 3),
      new Statistic(tb(['<unknown>', 0]), 7, 1),
      new Statistic(tb(['a.py', 5], ['b.py', 4]), 2, 1),
    ];
    const stats = s1.statistics('traceback');
    expect(stats).toHaveLength(expected.length);
    stats.forEach((stat, i) => {
      expect(stat.equals(expected[i])).toBe(true);
    });
  });

  it('counts every frame in cumulative mode, CPython’s test case', () => {
    const [s1] = createSnapshots();
    expect(lines(s1.statistics('lineno', true))).toEqual([
      'b.py:1: size=66 B, count=1, average=66 B',
      'b.py:4: size=32 B, count=4, average=8 B',
      'a.py:2: size=30 B, count=3, average=10 B',
      '<unknown>:0: size=7 B, count=1, average=7 B',
      'a.py:5: size=2 B, count=1, average=2 B',
    ]);
    expect(lines(s1.statistics('filename', true))).toEqual([
      'b.py:0: size=98 B, count=5, average=20 B',
      'a.py:0: size=32 B, count=4, average=8 B',
      '<unknown>:0: size=7 B, count=1, average=7 B',
    ]);
  });

  it('counts a frame repeated in one traceback once per occurrence in cumulative mode', () => {
    const snapshot = Snapshot.fromRawTraces(RAW_REPEATED, 3);
    expect(lines(snapshot.statistics('lineno', true))).toEqual([
      'm.py:3: size=4000 B, count=4, average=1000 B',
      'm.py:8: size=2056 B, count=3, average=685 B',
      'm.py:9: size=24 B, count=1, average=24 B',
      'lib/u.py:10: size=24 B, count=1, average=24 B',
    ]);
    expect(lines(snapshot.statistics('filename', true))).toEqual([
      'm.py:0: size=6080 B, count=8, average=760 B',
      'lib/u.py:0: size=24 B, count=1, average=24 B',
    ]);
    expect(lines(snapshot.statistics('traceback'))).toEqual([
      'm.py:8: size=2000 B, count=2, average=1000 B',
      'm.py:8: size=56 B, count=1, average=56 B',
      'm.py:9: size=24 B, count=1, average=24 B',
    ]);
  });

  it('breaks size and count ties by traceback, comparing filenames by code point', () => {
    const snapshot = Snapshot.fromRawTraces(RAW_TIES, 2);
    expect(lines(snapshot.statistics('traceback'))).toEqual([
      '\u{1d49c}.py:1: size=64 B, count=1, average=64 B',
      '\uffff.py:1: size=64 B, count=1, average=64 B',
      'é.py:1: size=64 B, count=1, average=64 B',
      'z.py:1: size=64 B, count=1, average=64 B',
      'b.py:1: size=64 B, count=1, average=64 B',
      'a.py:10: size=64 B, count=1, average=64 B',
      'a.py:9: size=64 B, count=1, average=64 B',
      'avg.py:1: size=7 B, count=2, average=4 B',
    ]);
    expect(lines(snapshot.statistics('lineno'))).toEqual([
      'a.py:9: size=128 B, count=2, average=64 B',
      '\u{1d49c}.py:1: size=64 B, count=1, average=64 B',
      '\uffff.py:1: size=64 B, count=1, average=64 B',
      'é.py:1: size=64 B, count=1, average=64 B',
      'z.py:1: size=64 B, count=1, average=64 B',
      'a.py:10: size=64 B, count=1, average=64 B',
      'avg.py:1: size=7 B, count=2, average=4 B',
    ]);
  });

  it('raises CPython’s ValueErrors for a bad key type or cumulative tracebacks', () => {
    const [s1] = createSnapshots();
    expect(() => s1.statistics('foo' as 'lineno')).toThrow("unknown key_type: 'foo'");
    expect(() => s1.statistics('traceback', true)).toThrow(
      "cumulative mode cannot by used with key type 'traceback'",
    );
    expect(() => s1.compareTo(s1, 'foo' as 'lineno')).toThrow(
      expect.objectContaining({ pyType: 'ValueError' }),
    );
  });

  it('prints no average for a zero count', () => {
    expect(String(new Statistic(tb(['x.py', 1]), 0, 0))).toBe('x.py:1: size=0 B, count=0');
  });
});

describe('Snapshot.compareTo', () => {
  it('diffs new, changed and vanished keys for every key type, both ways', () => {
    const [s1, s2] = createSnapshots();
    expect(lines(s2.compareTo(s1, 'lineno'))).toEqual([
      'a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B',
      'c.py:578: size=400 B (+400 B), count=1 (+1), average=400 B',
      'b.py:1: size=0 B (-66 B), count=0 (-1)',
      '<unknown>:0: size=0 B (-7 B), count=0 (-1)',
      'a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B',
    ]);
    expect(reprs(s2.compareTo(s1, 'lineno'))).toEqual([
      "<StatisticDiff traceback=<Traceback (<Frame filename='a.py' lineno=5>,)> size=5002 (+5000) count=2 (+1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='c.py' lineno=578>,)> size=400 (+400) count=1 (+1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=1>,)> size=0 (-66) count=0 (-1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,)> size=0 (-7) count=0 (-1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='a.py' lineno=2>,)> size=30 (+0) count=3 (+0)>",
    ]);
    expect(lines(s1.compareTo(s2, 'lineno'))).toEqual([
      'a.py:5: size=2 B (-5000 B), count=1 (-1), average=2 B',
      'c.py:578: size=0 B (-400 B), count=0 (-1)',
      'b.py:1: size=66 B (+66 B), count=1 (+1), average=66 B',
      '<unknown>:0: size=7 B (+7 B), count=1 (+1), average=7 B',
      'a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B',
    ]);
    expect(lines(s2.compareTo(s1, 'filename'))).toEqual([
      'a.py:0: size=5032 B (+5000 B), count=5 (+1), average=1006 B',
      'c.py:0: size=400 B (+400 B), count=1 (+1), average=400 B',
      'b.py:0: size=0 B (-66 B), count=0 (-1)',
      '<unknown>:0: size=0 B (-7 B), count=0 (-1)',
    ]);
    expect(lines(s1.compareTo(s2, 'filename'))).toEqual([
      'a.py:0: size=32 B (-5000 B), count=4 (-1), average=8 B',
      'c.py:0: size=0 B (-400 B), count=0 (-1)',
      'b.py:0: size=66 B (+66 B), count=1 (+1), average=66 B',
      '<unknown>:0: size=7 B (+7 B), count=1 (+1), average=7 B',
    ]);
    expect(lines(s2.compareTo(s1, 'traceback'))).toEqual([
      'b.py:4: size=5002 B (+5000 B), count=2 (+1), average=2501 B',
      'c.py:578: size=400 B (+400 B), count=1 (+1), average=400 B',
      'b.py:1: size=0 B (-66 B), count=0 (-1)',
      '<unknown>:0: size=0 B (-7 B), count=0 (-1)',
      'b.py:4: size=30 B (+0 B), count=3 (+0), average=10 B',
    ]);
    expect(reprs(s2.compareTo(s1, 'traceback'))).toEqual([
      "<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=5>)> size=5002 (+5000) count=2 (+1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='c.py' lineno=578>,)> size=400 (+400) count=1 (+1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=1>,)> size=0 (-66) count=0 (-1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,)> size=0 (-7) count=0 (-1)>",
      "<StatisticDiff traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>)> size=30 (+0) count=3 (+0)>",
    ]);
    expect(lines(s1.compareTo(s2, 'traceback'))).toEqual([
      'b.py:4: size=2 B (-5000 B), count=1 (-1), average=2 B',
      'c.py:578: size=0 B (-400 B), count=0 (-1)',
      'b.py:1: size=66 B (+66 B), count=1 (+1), average=66 B',
      '<unknown>:0: size=7 B (+7 B), count=1 (+1), average=7 B',
      'b.py:4: size=30 B (+0 B), count=3 (+0), average=10 B',
    ]);
  });

  it('diffs cumulative statistics', () => {
    const [s1, s2] = createSnapshots();
    expect(lines(s2.compareTo(s1, 'lineno', true))).toEqual([
      'b.py:4: size=5032 B (+5000 B), count=5 (+1), average=1006 B',
      'a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B',
      'c.py:578: size=400 B (+400 B), count=1 (+1), average=400 B',
      'b.py:1: size=0 B (-66 B), count=0 (-1)',
      '<unknown>:0: size=0 B (-7 B), count=0 (-1)',
      'a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B',
    ]);
    expect(lines(s2.compareTo(s1, 'filename', true))).toEqual([
      'a.py:0: size=5032 B (+5000 B), count=5 (+1), average=1006 B',
      'b.py:0: size=5032 B (+4934 B), count=5 (+0), average=1006 B',
      'c.py:0: size=400 B (+400 B), count=1 (+1), average=400 B',
      '<unknown>:0: size=0 B (-7 B), count=0 (-1)',
    ]);
  });

  it('matches keys by value between snapshots of different tables and of one table', () => {
    const [s1, s2] = createSnapshots();
    const reloaded = Snapshot.fromBytes(s1.toBytes());
    for (const [keyType, cumulative] of [
      ['traceback', false],
      ['lineno', false],
      ['filename', false],
      ['lineno', true],
      ['filename', true],
    ] as const) {
      expect(lines(s2.compareTo(reloaded, keyType, cumulative))).toEqual(
        lines(s2.compareTo(s1, keyType, cumulative)),
      );
      expect(lines(reloaded.compareTo(s2, keyType, cumulative))).toEqual(
        lines(s1.compareTo(s2, keyType, cumulative)),
      );
    }
    // Two snapshots over one table take the id fast path.
    const filtered = s1.filterTraces([]);
    expect(filtered.records.table).toBe(s1.records.table);
    expect(lines(s1.compareTo(filtered, 'lineno'))).toEqual([
      'b.py:1: size=66 B (+0 B), count=1 (+0), average=66 B',
      'a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B',
      '<unknown>:0: size=7 B (+0 B), count=1 (+0), average=7 B',
      'a.py:5: size=2 B (+0 B), count=1 (+0), average=2 B',
    ]);
  });

  it('formats a StatisticDiff built by hand like CPython', () => {
    const diff = new StatisticDiff(tb(['tm2.py', 3]), 64000, 10650, 122, 21);
    expect(String(diff)).toBe('tm2.py:3: size=62.5 KiB (+10.4 KiB), count=122 (+21), average=525 B');
  });
});
