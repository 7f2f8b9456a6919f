import { describe, expect, it } from 'vitest';
import { rows, run } from './run-python';

describe('from memory_profiler import profile', () => {
  it('counts a for line 4 times and its body 3 times, the baseline on the decorator', () => {
    const { stdout, stderr } = run(`from memory_profiler import profile

@profile
def loop():
    a = []
    for i in range(3):
        a.append(i)
    return a

print(loop())
`);
    expect(stderr).toBe('');
    const table = rows(stdout);
    expect(table.map(([lineno, , , occurrences, contents]) => [lineno, occurrences, contents])).toEqual([
      ['3', '1', '@profile'],
      ['4', '', 'def loop():'],
      ['5', '1', '    a = []'],
      ['6', '4', '    for i in range(3):'],
      ['7', '3', '        a.append(i)'],
      ['8', '1', '    return a'],
    ]);
    const [, mem, increment] = table[0];
    expect(increment).toBe(mem);
    expect(stdout.endsWith('\n\n\n[0, 1, 2]\n')).toBe(true);
  });

  it('shows the 152.6 MiB list of seed example s02 and gives it back on del', () => {
    const { stdout } = run(`from memory_profiler import profile

@profile
def my_function():
    a = [1] * (10**6)
    b = [2] * (2 * 10**7)
    del b
    return a

my_function()
`);
    const table = rows(stdout);
    expect(table[3]).toEqual(['6', table[3][1], '152.6 MiB', '1', '    b = [2] * (2 * 10**7)']);
    expect(table[4].slice(2)).toEqual(['-152.6 MiB', '1', '    del b']);
    // 2 * 10**7 pointers of 8 bytes: 152.587890625 MiB.
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'Filename: script.py',
      '',
      'Line #    Mem usage    Increment  Occurrences   Line Contents',
      '='.repeat(61),
    ]);
  });

  it('prints the table when the profiled function raises, and the exception propagates', () => {
    const { stdout, stderr, exitCode } = run(`from memory_profiler import profile

class Stream:
    def __init__(self):
        self.parts = []
    def write(self, text):
        self.parts.append(text)

out = Stream()

@profile(precision=3, stream=out)
def boom():
    x = [0] * 1000
    raise ValueError("no")

try:
    boom()
except ValueError as e:
    print("caught", e)
print("".join(out.parts))
`);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout.startsWith('caught no\nFilename: script.py\n')).toBe(true);
    const table = rows(stdout);
    expect(table.map((row) => [row[0], row[3], row[4]])).toEqual([
      ['11', '1', '@profile(precision=3, stream=out)'],
      ['12', '', 'def boom():'],
      ['13', '1', '    x = [0] * 1000'],
      ['14', '1', '    raise ValueError("no")'],
    ]);
    expect(table[2][2]).toMatch(/^\d+\.\d{3} MiB$/);
  });

  it('keeps the wrapped function name and counts separate calls in separate tables', () => {
    const { stdout } = run(`from memory_profiler import profile

@profile
def f(n):
    return [0] * n

f(1)
f(2)
print(f.__name__)
`);
    expect(stdout.match(/^Filename: script.py$/gm)).toHaveLength(2);
    expect(stdout.endsWith('\nf\n')).toBe(true);
  });

  it("reads requested bytes with backend='tracemalloc'", () => {
    const { stdout } = run(`from memory_profiler import profile

@profile(precision=4, backend='tracemalloc')
def f():
    x = bytearray(1024 * 1024)
    return 1

f()
`);
    const [, , increment] = rows(stdout)[2];
    // bytearray(1 MiB) requests 1 MiB plus the object header and the trailing NUL.
    expect(increment).toBe('1.0001 MiB');
  });
});
