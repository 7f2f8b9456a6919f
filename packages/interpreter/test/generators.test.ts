import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

function run(lines: string[]): string {
  return runPython(lines.join('\n'), 'generators.py');
}

describe('generators', () => {
  it('send values in, stop with StopIteration, and run finally clauses on close()', () => {
    const out = run([
      'def acc():',
      '    total = 0',
      '    while True:',
      '        x = yield total',
      '        if x is None:',
      '            break',
      '        total += x',
      'g = acc()',
      'print(next(g), g.send(5), g.send(10))',
      'try:',
      '    g.send(None)',
      'except StopIteration:',
      '    print("stopped")',
      'def f():',
      '    try:',
      '        yield 1',
      '        yield 2',
      '    finally:',
      '        print("cleanup")',
      'h = f()',
      'print(next(h))',
      'h.close()',
      'print("closed")',
      'g2 = acc()',
      'try:',
      '    g2.send(3)',
      'except TypeError as e:',
      '    print(e)',
    ]);
    // python3 prints the same.
    expect(out).toBe(
      "0 5 15\nstopped\n1\ncleanup\nclosed\ncan't send non-None value to a just-started generator\n",
    );
  });
});
