import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

function run(source: string) {
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const { exitCode } = interpreter.run(source, 'exit.py');
  return { stdout, stderr, exitCode };
}

// Each expectation is what `python3 exit.py` printed and its exit status (reliability D7).
describe('exit() and sys.exit()', () => {
  it('exit with an int status and print nothing', () => {
    expect(run('print("a")\nexit(3)\nprint("b")\n')).toEqual({ stdout: 'a\n', stderr: '', exitCode: 3 });
    expect(run('import sys\nsys.exit(4)\n')).toEqual({ stdout: '', stderr: '', exitCode: 4 });
    expect(run('raise SystemExit(7)\n')).toEqual({ stdout: '', stderr: '', exitCode: 7 });
    expect(run('exit()\n')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('print a non-int code on stderr and exit 1', () => {
    expect(run('import sys\nsys.exit("bye")\n')).toEqual({ stdout: '', stderr: 'bye\n', exitCode: 1 });
  });

  it('raise a catchable SystemExit whose code is the argument', () => {
    const source =
      'import sys\ntry:\n    sys.exit(5)\nexcept SystemExit as e:\n    print(e.code, e.args)\nquit(0)\n';
    expect(run(source)).toEqual({ stdout: '5 (5,)\n', stderr: '', exitCode: 0 });
  });
});
