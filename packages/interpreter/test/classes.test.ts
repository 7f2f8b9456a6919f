import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

function run(lines: string[]): string {
  let out = '';
  const interpreter = new Interpreter({
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      out += t;
    },
  });
  interpreter.run(lines.join('\n'), 'classes.py');
  return out;
}

describe('classes', () => {
  it('use __hash__ and __eq__ for dict and set keys, and are unhashable with __eq__ alone', () => {
    const out = run([
      'class P:',
      '    def __init__(self, x): self.x = x',
      '    def __eq__(self, o): return isinstance(o, P) and self.x == o.x',
      '    def __hash__(self): return hash(self.x)',
      'd = {P(1): "a"}',
      'print(d[P(1)], P(1) in {P(1)}, hash(P(5)) == hash(5))',
      'class Q:',
      '    def __eq__(self, o): return True',
      'try: {Q(): 1}',
      'except TypeError as e: print(e)',
    ]);
    // python3 prints the same two lines.
    expect(out).toBe("a True True\nunhashable type: 'Q'\n");
  });
});
