import { describe, expect, it } from 'vitest';
import { rows, run } from './run-python';

const GENERATOR = `from memory_profiler import profile

@profile
def numbers(n):
    for i in range(n):
        yield [i] * 1000
    return "done"

total = 0
for chunk in numbers(3):
    total += len(chunk)
print(total)
`;

const ECHO = `from memory_profiler import profile

@profile
def echo():
    got = yield "ready"
    yield got * 2
    return "finished"

g = echo()
print(next(g))
print(g.send(21))
try:
    next(g)
except StopIteration as stop:
    print("returned", stop.value)
`;

describe('a generator function under profile', () => {
  it('still yields its items, and prints the table once the generator is exhausted', () => {
    const { stdout, stderr, exitCode } = run(GENERATOR);
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(stdout.startsWith('Filename: script.py\n')).toBe(true);
    expect(stdout.endsWith('\n\n\n3000\n')).toBe(true);
    // Occurrences from CPython 3.11 (memory_profiler's settrace bookkeeping run around each
    // next()/send() of the generator, as line_profiler's wrap_generator does): the baseline 1,
    // the yield line 6 (3 suspensions + 3 resumptions), the return 1.
    const table = rows(stdout);
    expect(table.map(([lineno, , , occurrences]) => [lineno, occurrences])).toEqual([
      ['3', '1'],
      ['4', ''],
      ['5', table[2][3]],
      ['6', '6'],
      ['7', '1'],
    ]);
  });

  // CPython counts the for line 4 times: 1, then a line event each time the loop jumps back
  // after a resumption.
  it('counts the for line of a generator as CPython does (4)', () => {
    expect(rows(run(GENERATOR).stdout)[2][3]).toBe('4');
  });

  it('passes sent values through and prints the table when the generator finishes', () => {
    const { stdout, stderr } = run(ECHO);
    expect(stderr).toBe('');
    expect(stdout.startsWith('ready\n42\nFilename: script.py\n')).toBe(true);
    expect(stdout).toMatch(/return "finished"\n\n\nreturned /);
  });

  // CPython prints "returned finished".
  it("passes the generator's return value through as StopIteration.value", () => {
    expect(run(ECHO).stdout.endsWith('\nreturned finished\n')).toBe(true);
  });

  it('prints the table when the generator is closed early', () => {
    const { stdout, stderr } = run(`from memory_profiler import profile

@profile
def forever():
    while True:
        yield 1

g = forever()
next(g)
g.close()
print("closed")
`);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Filename: script\.py\n[\s\S]*\n\n\nclosed\n$/);
  });

  it('refuses async def, which the interpreter does not run', () => {
    const { stderr, exitCode } = run('async def f():\n    pass\n');
    expect(exitCode).toBe(1);
    expect(stderr).toContain("'async def' functions");
  });
});
