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
});
