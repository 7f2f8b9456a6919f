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
});
