import { Interpreter } from '@memkit/interpreter';

/** What one script run printed and returned, as `python3 file.py` reports it. */
export interface PythonRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs Python source through a fresh interpreter, capturing stdout, stderr and the exit status. */
export function runPython(source: string, filename = 'case.py'): PythonRun {
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
  const { exitCode } = interpreter.run(source, filename);
  return { stdout, stderr, exitCode };
}
