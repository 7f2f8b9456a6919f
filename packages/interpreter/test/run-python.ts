import { Interpreter } from '../src/interpreter';

/**
 * Runs Python source through a fresh interpreter and returns what it printed: stdout, then
 * stderr (a traceback, if any), so tests can compare with what python3 printed.
 */
export function runPython(source: string, filename: string): string {
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
  interpreter.run(source, filename);
  return stdout + stderr;
}
