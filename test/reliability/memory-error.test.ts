/**
 * Allocations too large for the model raise MemoryError inside the program instead of
 * exhausting (or aborting) the host process. Expected output: python3 3.11.7 running the same
 * script (`ME ` then `after` for each expression).
 */
import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

function guarded(expression: string): string {
  return `try:\n    x = ${expression}\nexcept MemoryError as e:\n    print("ME", e)\nprint("after")\n`;
}

describe('MemoryError for huge allocations', () => {
  it.each([
    '[0] * 10**12',
    '(1,) * 10**12',
    "'x' * 10**15",
    "b'x' * 10**15",
    "bytearray(b'x') * 10**15",
    '[1, 2] * 2**62',
    'bytes(10**15)',
    'bytearray(10**15)',
    'list(range(10**12))',
    '[].extend(range(10**12))',
    'list(range(3)) + list(range(10**12))',
  ])('%s raises MemoryError and the program goes on', (expression) => {
    expect(runPython(guarded(expression))).toEqual({ stdout: 'ME \nafter\n', stderr: '', exitCode: 0 });
  });

  it("raises CPython's OverflowError for repeat counts past PY_SSIZE_T_MAX", () => {
    const source =
      'for make in (lambda: [0] * 10**20, lambda: "ab" * 2**62):\n' +
      '    try:\n        make()\n    except (MemoryError, OverflowError) as e:\n        print(type(e).__name__, e)\n';
    expect(runPython(source)).toEqual({
      stdout:
        "OverflowError cannot fit 'int' into an index-sized integer\nOverflowError repeated string is too long\n",
      stderr: '',
      exitCode: 0,
    });
  });

  it('an unguarded one ends the program with a MemoryError traceback and status 1', () => {
    const run = runPython('x = [0] * 10**12\n');
    // python3: Traceback (most recent call last): … File "case.py", line 1, in <module> … MemoryError
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean).at(-1)).toBe('MemoryError');
  });
});
