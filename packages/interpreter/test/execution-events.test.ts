import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

describe('execution events', () => {
  it('emits call, line and return events in the order sys.settrace reports them', () => {
    const interpreter = new Interpreter({ stdout: () => {}, stderr: () => {} });
    const events: string[] = [];
    interpreter.runtime.events.onExecution({
      call: (f) => f.name === 'work' && events.push(`call ${f.lineno}`),
      line: (f) => f.name === 'work' && events.push(`line ${f.lineno}`),
      return: (f) => f.name === 'work' && events.push(`return ${f.lineno}`),
    });
    const source = [
      'import sys',
      'events = []',
      'def tracer(frame, event, arg):',
      '    return tracer',
      '',
      'def work(n):',
      '    total = 0',
      '    for i in range(n):',
      '        total += i',
      '    return total',
      'work(2)',
    ].join('\n');
    interpreter.run(source, 'trace.py');
    // python3: sys.settrace over work(2) gives call 6, lines 7 8 9 8 9 8 10, return 10.
    expect(events).toEqual([
      'call 6',
      'line 7',
      'line 8',
      'line 9',
      'line 8',
      'line 9',
      'line 8',
      'line 10',
      'return 10',
    ]);
  });
  it("sees a generator's loop lines again after each resumption, as sys.settrace does", () => {
    const interpreter = new Interpreter({ stdout: () => {}, stderr: () => {} });
    const events: string[] = [];
    interpreter.runtime.events.onExecution({
      call: (f) => f.name === 'numbers' && events.push(`call ${f.lineno}`),
      line: (f) => f.name === 'numbers' && events.push(`line ${f.lineno}`),
      return: (f) => f.name === 'numbers' && events.push(`return ${f.lineno}`),
    });
    const source = [
      'def numbers(n):',
      '    for i in range(n):',
      '        yield i',
      '    k = 0',
      '    while k < 2:',
      '        yield k',
      '        k += 1',
      'for c in numbers(2):',
      '    pass',
    ].join('\n');
    interpreter.run(source, 'gen.py');
    // python3, sys.settrace over the same loop (its lines one lower here: no import line):
    // call 1, line 2, line 3, return 3, call 3, line 2, line 3, return 3, call 3, line 2, line 4,
    // line 5, line 6, return 6, call 6, line 7, line 5, line 6, return 6, call 6, line 7, line 5,
    // return 5.
    expect(events.filter((e) => e.startsWith('line')).join(', ')).toBe(
      'line 2, line 3, line 2, line 3, line 2, line 4, line 5, line 6, line 7, line 5, line 6, line 7, line 5',
    );
  });
});
