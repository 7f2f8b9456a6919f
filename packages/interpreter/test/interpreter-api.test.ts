import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

describe('Interpreter API', () => {
  it('setBuiltin makes a value visible to scripts as a builtin', () => {
    let stdout = '';
    const interpreter = new Interpreter({ stdout: (t) => (stdout += t) });
    const rt = interpreter.runtime;
    const value = rt.newInt(42);
    interpreter.setBuiltin('answer', value);
    rt.decref(value);
    const { exitCode } = interpreter.run('print(answer, answer is __builtins__.answer)\n', 'api.py');
    expect(exitCode).toBe(0);
    expect(stdout).toBe('42 True\n');
  });

  it('importModule returns the module a script would import', () => {
    let stdout = '';
    const interpreter = new Interpreter({ stdout: (t) => (stdout += t) });
    const math = interpreter.importModule('math');
    interpreter.setBuiltin('m', math);
    interpreter.runtime.decref(math);
    interpreter.run('import math\nprint(m is math)\n', 'api.py');
    expect(stdout).toBe('True\n');
  });

  it('a second script on the same interpreter gets working weakref.finalize objects', () => {
    // The weakref module is cached across runs; its finalize class once stayed shut down after
    // the first script's exit, so the second fired nothing. Each run prints what python3 prints.
    const script = [
      'import weakref',
      'class Node:',
      '    pass',
      'kept = Node()',
      "weakref.finalize(kept, print, 'kept finalized at exit')",
      'dropped = Node()',
      "weakref.finalize(dropped, print, 'dropped finalized on del')",
      'del dropped',
      'print(weakref.finalize._shutdown, weakref.finalize._registered_with_atexit)',
      '',
    ].join('\n');
    const python3 = 'dropped finalized on del\nFalse True\nkept finalized at exit\n';
    let stdout = '';
    const interpreter = new Interpreter({ stdout: (t) => (stdout += t) });
    for (const name of ['first.py', 'second.py']) {
      stdout = '';
      expect(interpreter.run(script, name).exitCode).toBe(0);
      expect(stdout).toBe(python3);
    }
  });
});
