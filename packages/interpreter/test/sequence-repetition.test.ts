import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

describe('sequence repetition and zero-filled bytes', () => {
  it('refuse impossible sizes with CPython errors before building anything (reliability D1-D4)', () => {
    const source =
      "cases = [lambda: [0] * 10**12, lambda: (1,) * 10**12, lambda: 'x' * 10**15, lambda: [0] * 10**20,\n         lambda: bytes(10**15), lambda: bytearray(10**15), lambda: bytes(-1), lambda: bytes(10**20)]\nfor case in cases:\n    try:\n        x = case()\n    except (MemoryError, OverflowError, ValueError) as e:\n        print(type(e).__name__, e)\nprint(len(b'ab' * 3), len(3 * bytearray(b'x')), bytes(3), len(bytearray(2)))\ns = 'abc' * 3\nprint(s * 1 is s, s * 0 == '', [1, 2] * 2, (1,) * 3, -1 * 'ab')\nt = (1, 2)\nprint(t * 1 is t)\n";
    // python3 (3.11.7) output
    expect(runPython(source, 'repeat.py')).toBe(
      "MemoryError \nMemoryError \nMemoryError \nOverflowError cannot fit 'int' into an index-sized integer\nMemoryError \nMemoryError \nValueError negative count\nOverflowError cannot fit 'int' into an index-sized integer\n6 3 b'\\x00\\x00\\x00' 2\nTrue True [1, 2, 1, 2] (1, 1, 1) \nTrue\n",
    );
  });
});
