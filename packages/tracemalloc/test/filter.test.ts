import { describe, expect, it } from 'vitest';
import type { RawTrace, TraceFilter } from '../src/index';
import { DomainFilter, Filter, fnmatchRegExp, Snapshot } from '../src/index';
import { createSnapshots, RAW1 } from './raw-snapshots';

// Expected traces were printed by python3 (CPython 3.11.7): cpython-expected.py, "filter …".
const kept = (filters: TraceFilter[]): RawTrace[] => createSnapshots()[0].filterTraces(filters).rawTraces();
const rows = (...indexes: number[]): RawTrace[] => indexes.map((i) => RAW1[i]);

describe('Snapshot.filterTraces', () => {
  it('checks only the most recent frame, or all frames with allFrames', () => {
    expect(kept([new Filter(true, 'a.py')])).toEqual(rows(0, 1, 2, 3));
    expect(kept([new Filter(false, 'a.py')])).toEqual(rows(4, 5));
    expect(kept([new Filter(true, 'b.py', null, true)])).toEqual(rows(0, 1, 2, 3, 4));
    expect(kept([new Filter(false, 'b.py', null, true)])).toEqual(rows(5));
    expect(kept([new Filter(true, 'b.py', 4, true)])).toEqual(rows(0, 1, 2, 3));
  });

  it('matches a line number when one is given', () => {
    expect(kept([new Filter(true, 'a.py', 2)])).toEqual(rows(0, 1, 2));
    expect(kept([new Filter(false, 'a.py', 2)])).toEqual(rows(3, 4, 5));
  });

  it('combines a domain with the match: inclusive requires it, exclusive drops it', () => {
    expect(kept([new Filter(true, '*.py', null, false, 1)])).toEqual(rows(3));
    expect(kept([new Filter(false, '*.py', null, false, 1)])).toEqual(rows(0, 1, 2, 4, 5));
    expect(kept([new DomainFilter(true, 2)])).toEqual(rows(4));
    expect(kept([new DomainFilter(false, 0)])).toEqual(rows(3, 4, 5));
  });

  it('keeps a trace when any inclusive filter matches and no exclusive filter rejects it', () => {
    expect(kept([new Filter(true, '[ab].py'), new Filter(false, 'b.py')])).toEqual(rows(0, 1, 2, 3));
    expect(kept([new Filter(true, 'a.py'), new Filter(true, 'b.py', 1)])).toEqual(rows(0, 1, 2, 3, 4));
    expect(kept([new Filter(true, '<unknown>')])).toEqual(rows(5));
    expect(kept([new Filter(false, '<unknown>')])).toEqual(rows(0, 1, 2, 3, 4));
  });

  it('normalizes .pyc to .py in the pattern and the filename', () => {
    const filter = new Filter(true, 'a.pyc');
    expect(filter.filenamePattern).toBe('a.py');
    expect(kept([filter])).toEqual(rows(0, 1, 2, 3));
    const compiled = Snapshot.fromRawTraces([[0, 1, [['x.pyc', 1]], 1]], 1);
    expect(compiled.filterTraces([new Filter(true, 'x.py')]).traces.length).toBe(1);
  });

  it('copies the traces for an empty filter list, and leaves the original alone', () => {
    const [s1] = createSnapshots();
    const copy = s1.filterTraces([]);
    expect(copy).not.toBe(s1);
    expect(copy.equals(s1)).toBe(true);
    s1.filterTraces([new Filter(true, 'c.py')]);
    expect(s1.traces.length).toBe(6);
    expect(copy.tracebackLimit).toBe(2);
  });

  it('agrees with Filter.match and DomainFilter.match on single traces', () => {
    const [s1] = createSnapshots();
    const filters = [
      new Filter(true, 'a.py', 2),
      new Filter(false, 'b.py', null, true, 2),
      new DomainFilter(false, 3),
    ];
    for (const filter of filters) {
      const match = filter.compile(s1.records.table);
      [...s1.traces].forEach((trace, i) => {
        expect(filter.match(trace)).toBe(match(s1.records.domains[i], s1.records.tracebackIds[i]));
      });
    }
  });
});

describe('fnmatchRegExp', () => {
  // Printed by python3 (CPython 3.11.7): cpython-expected.py, "== fnmatch" (fnmatch.fnmatchcase).
  const names = [
    'a',
    'b',
    'c',
    '^',
    'a.py',
    'b.py',
    'ab.py',
    '.py',
    'x/a.py',
    'a-b.py',
    ']',
    '-',
    '!',
    'z',
    'é',
  ];
  names.push('\u{1d49c}', 'a*b', '[x');
  const all = names;
  const cases: [string, string[]][] = [
    ['*.py', ['a.py', 'b.py', 'ab.py', '.py', 'x/a.py', 'a-b.py']],
    ['?.py', ['a.py', 'b.py']],
    ['[ab].py', ['a.py', 'b.py']],
    ['[!a].py', ['b.py']],
    ['*a*b*', ['ab.py', 'a-b.py', 'a*b']],
    ['[]]', [']']],
    ['[!]]', ['a', 'b', 'c', '^', '-', '!', 'z', 'é', '\u{1d49c}']],
    ['[a-c]', ['a', 'b', 'c']],
    ['[c-a]', []],
    ['[!-]', ['a', 'b', 'c', '^', ']', '!', 'z', 'é', '\u{1d49c}']],
    ['[a-]', ['a', '-']],
    ['[-a]', ['a', '-']],
    ['[x', ['[x']],
    ['*[!x]', all.filter((n) => n !== '[x')],
    ['a\\*b', []],
    ['[?]', []],
    ['*', all],
    ['', []],
    ['?', ['a', 'b', 'c', '^', ']', '-', '!', 'z', 'é', '\u{1d49c}']],
    ['[é]', ['é']],
    ['[\u{1d49c}]', ['\u{1d49c}']],
    ['[b-a-c]', ['c', '-']],
    ['**/a.py', ['x/a.py']],
    ['*/a.py', ['x/a.py']],
    ['a*b*b', []],
    ['[^a]', ['a', '^']],
  ];
  it.each(cases)('matches %j as fnmatchcase does', (pattern, expected) => {
    const regex = fnmatchRegExp(pattern);
    expect(names.filter((n) => regex.test(n))).toEqual(expected);
  });

  it('does not backtrack exponentially on many stars', () => {
    const regex = fnmatchRegExp(`${'*a'.repeat(30)}*b`);
    expect(regex.test('a'.repeat(200))).toBe(false);
  });
});
