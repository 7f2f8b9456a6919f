import { describe, expect, it } from 'vitest';
import type { SourceReader } from '../src/index';
import { Frame, Trace, Traceback } from '../src/index';
import { createSnapshots } from './raw-snapshots';

// Expected strings were printed by python3 (CPython 3.11.7) running cpython-expected.py, which
// writes tm_src.py with this content and leaves missing.py absent.
const TM_SRC = [
  'def leaf(n):',
  '    return [bytearray(1000) for _ in range(n)]',
  '',
  'def mid(n):',
  '    return leaf(n)',
  '',
  '',
  '    keep = mid(50)   ',
].join('\n');

const source: SourceReader = {
  getLine: (filename, lineno) => (filename === 'tm_src.py' ? (TM_SRC.split('\n')[lineno - 1] ?? '') : ''),
};

// Most recent first, as _tracemalloc gives it.
const tb = Traceback.fromMostRecentFirst([
  new Frame('tm_src.py', 2),
  new Frame('tm_src.py', 5),
  new Frame('tm_src.py', 8),
  new Frame('missing.py', 1),
]);

const ALL = [
  '  File "missing.py", line 1',
  '  File "tm_src.py", line 8',
  '    keep = mid(50)',
  '  File "tm_src.py", line 5',
  '    return leaf(n)',
  '  File "tm_src.py", line 2',
  '    return [bytearray(1000) for _ in range(n)]',
];

describe('Traceback.format', () => {
  it('lists frames oldest first with their stripped source, skipping unreadable lines', () => {
    expect(tb.format(null, false, source)).toEqual(ALL);
  });

  it('keeps the newest frames for a positive limit', () => {
    expect(tb.format(1, false, source)).toEqual([
      '  File "tm_src.py", line 2',
      '    return [bytearray(1000) for _ in range(n)]',
    ]);
    expect(tb.format(2, false, source)).toEqual(ALL.slice(3));
    expect(tb.format(10, false, source)).toEqual(ALL);
  });

  it('drops |limit| newest frames for zero or a negative limit', () => {
    expect(tb.format(0, false, source)).toEqual([]);
    expect(tb.format(-1, false, source)).toEqual(ALL.slice(0, 5));
    expect(tb.format(-3, false, source)).toEqual(['  File "missing.py", line 1']);
    expect(tb.format(-10, false, source)).toEqual([]);
  });

  it('reverses after slicing with mostRecentFirst', () => {
    expect(tb.format(null, true, source)).toEqual([
      '  File "tm_src.py", line 2',
      '    return [bytearray(1000) for _ in range(n)]',
      '  File "tm_src.py", line 5',
      '    return leaf(n)',
      '  File "tm_src.py", line 8',
      '    keep = mid(50)',
      '  File "missing.py", line 1',
    ]);
    expect(tb.format(2, true, source)).toEqual([
      '  File "tm_src.py", line 2',
      '    return [bytearray(1000) for _ in range(n)]',
      '  File "tm_src.py", line 5',
      '    return leaf(n)',
    ]);
    expect(tb.format(-1, true, source)).toEqual([
      '  File "tm_src.py", line 5',
      '    return leaf(n)',
      '  File "tm_src.py", line 8',
      '    keep = mid(50)',
      '  File "missing.py", line 1',
    ]);
  });

  it('prints only File lines without a source reader, as CPython does for unreadable files', () => {
    expect(tb.format()).toEqual([
      '  File "missing.py", line 1',
      '  File "tm_src.py", line 8',
      '  File "tm_src.py", line 5',
      '  File "tm_src.py", line 2',
    ]);
  });

  it('strips Python whitespace from source lines', () => {
    const odd: SourceReader = { getLine: () => '\x1c\u3000x = 1\x85\n' };
    expect(new Traceback([new Frame('f.py', 1)]).format(null, false, odd)).toEqual([
      '  File "f.py", line 1',
      '    x = 1',
    ]);
  });
});

describe('Frame, Traceback and Trace', () => {
  it('print like CPython (str and repr)', () => {
    const [s1] = createSnapshots();
    // cpython-expected.py, "traces str" and "traces repr".
    expect([...s1.traces].map(String)).toEqual([
      'b.py:4: 10 B',
      'b.py:4: 10 B',
      'b.py:4: 10 B',
      'b.py:4: 2 B',
      'b.py:1: 66 B',
      '<unknown>:0: 7 B',
    ]);
    expect([...s1.traces].map((t) => t.repr())).toEqual([
      "<Trace domain=0 size=10 B, traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>) total_nframe=3>>",
      "<Trace domain=0 size=10 B, traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>) total_nframe=3>>",
      "<Trace domain=0 size=10 B, traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>) total_nframe=3>>",
      "<Trace domain=1 size=2 B, traceback=<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=5>) total_nframe=3>>",
      "<Trace domain=2 size=66 B, traceback=<Traceback (<Frame filename='b.py' lineno=1>,) total_nframe=1>>",
      "<Trace domain=3 size=7 B, traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,) total_nframe=1>>",
    ]);
    expect(String(s1.traces)).toBe('<Traces len=6>');
  });

  it('index, slice and compare as CPython’s sequences (test_slices)', () => {
    const [s1] = createSnapshots();
    const [first, second] = s1.traces.slice(0, 2);
    expect(first.equals(s1.traces.at(0) as Trace)).toBe(true);
    expect(second.equals(s1.traces.at(1) as Trace)).toBe(true);
    expect(s1.traces.at(-1)?.toString()).toBe('<unknown>:0: 7 B');
    expect(s1.traces.at(6)).toBeUndefined();
    const traceback = first.traceback;
    expect(String(traceback.at(0))).toBe('b.py:4');
    expect(String(traceback.at(-1))).toBe('a.py:2');
    expect(traceback.includes(new Frame('a.py', 2))).toBe(true);
    expect(traceback.includes(new Frame('a.py', 3))).toBe(false);
    expect(s1.traces.includes(first)).toBe(true);
    expect(s1.traces.includes(new Trace(0, 10, traceback.withTotalNframe(2)))).toBe(false);
  });

  it('ignore totalNframe in traceback equality, and share interned frames', () => {
    const [s1] = createSnapshots();
    const a = s1.traces.at(0)?.traceback as Traceback;
    const b = s1.traces.at(1)?.traceback as Traceback;
    expect(a.frames[0]).toBe(b.frames[0]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(a.withTotalNframe(null))).toBe(true);
    expect(a.equals(new Traceback([...a.frames]))).toBe(true);
    expect(new Traceback([...a.frames]).equals(a)).toBe(true);
    expect(a.equals(s1.traces.at(3)?.traceback as Traceback)).toBe(false);
    expect(a.withTotalNframe(null).repr()).toBe(
      "<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>)>",
    );
    expect(new Frame('x.py', 1).repr()).toBe("<Frame filename='x.py' lineno=1>");
    expect(new Traceback([]).repr()).toBe('<Traceback ()>');
  });
});
