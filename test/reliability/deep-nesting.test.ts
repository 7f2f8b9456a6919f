/**
 * Deep nesting in source and deep recursion at run time end in CPython's errors, not in a host
 * stack overflow. Expected output: python3 3.11.7 running the same source as case.py.
 */
import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

describe('deep nesting and recursion', () => {
  it('1,000 nested brackets: SyntaxError: too many nested parentheses', () => {
    const { stdout, stderr, exitCode } = runPython(`x = ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    const lines = stderr.split('\n');
    expect({ stdout, exitCode, first: lines[0], last: lines.at(-2) }).toEqual({
      stdout: '',
      exitCode: 1,
      first: '  File "case.py", line 1',
      last: 'SyntaxError: too many nested parentheses',
    });
  });

  it('199 nested lists and 200 nested parentheses still run', () => {
    const source = `x = ${'['.repeat(199)}${']'.repeat(199)}\nprint(len(x))\ny = ${'('.repeat(200)}1${')'.repeat(200)}\nprint(y)\n`;
    expect(runPython(source)).toEqual({ stdout: '1\n1\n', stderr: '', exitCode: 0 });
  });

  it('120 nested blocks: IndentationError: too many levels of indentation at the 101st', () => {
    let source = 'x = 1\n';
    for (let i = 0; i < 120; i++) source += `${' '.repeat(i)}if x:\n`;
    source += `${' '.repeat(120)}pass\n`;
    expect(runPython(source)).toEqual({
      stdout: '',
      stderr: `  File "case.py", line 102\n    if x:\nIndentationError: too many levels of indentation\n`,
      exitCode: 1,
    });
  });

  it('unbounded recursion: RecursionError, caught and the program goes on', () => {
    const source =
      'def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print("RE", e)\nprint("after")\n';
    expect(runPython(source)).toEqual({
      stdout: 'RE maximum recursion depth exceeded\nafter\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('3,000 nested unary minus signs: RecursionError during compilation (was defect D5)', () => {
    expect(runPython(`x = ${'-'.repeat(3000)}1\nprint(x)\n`)).toEqual({
      stdout: '',
      stderr: 'RecursionError: maximum recursion depth exceeded during compilation\n',
      exitCode: 1,
    });
  });

  it('repr and == of 100,000-deep nested lists: RecursionError (was defect D6)', () => {
    const source =
      'x = []\nfor i in range(100000):\n    x = [x]\ny = []\nfor i in range(100000):\n    y = [y]\n' +
      'for f in (lambda: repr(x), lambda: x == y):\n    try:\n        f()\n' +
      '    except RecursionError as e:\n        print("RE", e)\nprint("after")\n';
    expect(runPython(source)).toEqual({
      stdout:
        'RE maximum recursion depth exceeded while getting the repr of an object\n' +
        'RE maximum recursion depth exceeded in comparison\nafter\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
