import { Interpreter } from '@memkit/interpreter';
import { MemorySourceFiles, memoryProfilerModule } from '../src/index';

/** Runs a script with `memory_profiler` importable and its source readable as `script.py`. */
export function run(source: string) {
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    modules: [memoryProfilerModule({ sources: new MemorySourceFiles().set('script.py', source) })],
  });
  const { exitCode } = interpreter.run(source, 'script.py');
  return { stdout, stderr, exitCode };
}

/** The table rows as [lineno, mem, increment, occurrences, contents] (cells trimmed). */
export function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => /^ {0,5}\d+ /.test(line))
    .map((line) => [
      line.slice(0, 6).trim(),
      line.slice(7, 19).trim(),
      line.slice(20, 32).trim(),
      line.slice(34, 44).trim(),
      line.slice(47),
    ]);
}
