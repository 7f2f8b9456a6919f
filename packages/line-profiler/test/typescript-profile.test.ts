import { fileURLToPath } from 'node:url';
import { Runtime } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { findFunctionBlock, MIB, profile } from '../src/index';
import { NodeSourceFiles } from '../src/node';
import { buildLists, failAfterAllocating } from './fixtures/build-lists';

const FIXTURE = fileURLToPath(new URL('./fixtures/build-lists.ts', import.meta.url));

function collector() {
  let text = '';
  return {
    stream: {
      write: (t: string) => {
        text += t;
      },
    },
    text: () => text,
  };
}

/** The table rows as [lineno, mem, increment, occurrences, contents] (cells trimmed). */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => /^ {0,5}\d+ /.test(line))
    .map((line) => [
      line.slice(0, 6).trim(),
      line.slice(7, 19).trim(),
      line.slice(20, 32).trim(),
      line.slice(34, 44).trim(),
      line.slice(47),
    ]);
}

describe('profile() for a TypeScript function', () => {
  it('files each runtime operation under its call site in the function, memory_profiler style', () => {
    const rt = new Runtime();
    const out = collector();
    const profiled = profile(buildLists, {
      runtime: rt,
      precision: 4,
      backend: 'tracemalloc',
      stream: out.stream,
      sources: new NodeSourceFiles(),
    });
    expect(profiled(rt)).toBe(1_000_000);
    const lines = out.text().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `Filename: ${FIXTURE}`,
      '',
      'Line #    Mem usage    Increment  Occurrences   Line Contents',
      '='.repeat(61),
    ]);
    // Sizes from CPython 3.11: sys.getsizeof([]) == 56, sys.getsizeof([None] * 10**6) == 8000056,
    // so the big list is 8000056 / 2**20 = 7.6294 MiB.
    const table = rows(out.text());
    expect(
      table.map(([lineno, , increment, occurrences, contents]) => [lineno, increment, occurrences, contents]),
    ).toEqual([
      ['4', table[0][1], '', 'export function buildLists(rt: Runtime): number {'],
      ['5', '0.0001 MiB', '', '  const small = rt.newList([]);'],
      [
        '6',
        '7.6294 MiB',
        '',
        '  const big = rt.newList(Array.from({ length: 1_000_000 }, () => rt.share(rt.none)));',
      ],
      ['7', '', '', '  const count = big.items.length;'],
      ['8', '-7.6294 MiB', '', '  rt.decref(big);'],
      ['9', '', '', '  for (let i = 0; i < 3; i++) {'],
      [
        '10',
        '0.0000 MiB',
        '',
        '    rt.decref(rt.newList(Array.from({ length: 1000 }, () => rt.share(rt.none))));',
      ],
      ['11', '', '', '  }'],
      // An empty list goes to the list free list when dropped, as in CPython: no memory is freed.
      ['12', '', '', '  rt.decref(small);'],
      ['13', '', '', '  return count;'],
      ['14', '', '', '}'],
    ]);
    // The header line carries the baseline, as memory_profiler's decorator line does.
    expect(table[0][2]).toBe(table[0][1]);
    const fn = profiled.lastStats?.functions[0];
    const mem = (line: number) => (fn?.record(line)?.memUsage ?? Number.NaN) * MIB;
    expect(mem(6) - mem(4)).toBe(56 + 8000056);
    // del frees the 8000000-byte item array; the list object itself goes to the free list.
    expect(mem(8) - mem(4)).toBe(56 + 56);
    expect(out.text().endsWith('}\n\n\n')).toBe(true);
  });

  it('writes the table when the function throws, then lets the error through', () => {
    const rt = new Runtime();
    const out = collector();
    const profiled = profile(failAfterAllocating, {
      runtime: rt,
      precision: 4,
      stream: out.stream,
      sources: new NodeSourceFiles(),
    });
    expect(() => profiled(rt)).toThrow('out of luck');
    const table = rows(out.text());
    expect(table.map(([lineno, , increment]) => [lineno, increment])).toEqual([
      ['17', table[0][1]],
      // Resident bytes: the list's header maps the first 1 MiB pymalloc arena, its 8000-byte item
      // array is a large block rounded up to two 4 KiB pages: (2**20 + 8192) / 2**20 MiB.
      ['18', '1.0078 MiB'],
      ['19', ''],
      ['20', ''],
    ]);
  });

  it('shows only the lines it measured when the source cannot be read', () => {
    const rt = new Runtime();
    const out = collector();
    profile(buildLists, { runtime: rt, precision: 4, backend: 'tracemalloc', stream: out.stream })(rt);
    expect(rows(out.text()).map(([lineno, , increment]) => [lineno, increment])).toEqual([
      ['5', table5(out.text())],
      ['6', '7.6294 MiB'],
      ['7', ''],
      ['8', '-7.6294 MiB'],
      ['9', ''],
      ['10', '0.0000 MiB'],
    ]);
  });
});

function table5(text: string): string {
  return rows(text)[0][2];
}

describe('findFunctionBlock', () => {
  const source = [
    'const f = (',
    '  a: number,',
    '): number => {',
    '  if (a > 0) {',
    '    return `\u0024{a}}`.length;',
    '  }',
    '  return 0; // }',
    '};',
    'class C {',
    '  method(x: string): string {',
    '    for (const c of x) {',
    "      log('{');",
    '    }',
    '    return x;',
    '  }',
    '}',
  ];
  it('finds the function around a line, skipping control blocks, strings and comments', () => {
    expect(findFunctionBlock(source, 5)).toEqual({ firstLine: 1, defLine: 1, lastLine: 8 });
    expect(findFunctionBlock(source, 12)).toEqual({ firstLine: 10, defLine: 10, lastLine: 15 });
  });
  it('finds none outside a function body', () => {
    expect(findFunctionBlock(source, 9)).toBeNull();
  });
});
