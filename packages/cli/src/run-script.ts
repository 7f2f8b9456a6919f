import { readFileSync } from 'node:fs';
import { Interpreter } from '@memkit/interpreter';
import { tracemallocModule } from '@memkit/tracemalloc';
import { NodeSourceReader, nodeSnapshotIO } from '@memkit/tracemalloc/node';

/** What `memkit run` needs to write and return. */
export interface ScriptIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * `memkit run script.py [args]`: runs the script as `python3 script.py args` would, returning
 * the exit status. A missing file is reported as CPython reports it (status 2).
 */
export function runScript(path: string, args: readonly string[], io: ScriptIO): number {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : String(error);
    io.stderr(`memkit: can't open file '${path}': [Errno 2] ${reason}\n`);
    return 2;
  }
  const interpreter = new Interpreter({
    argv: [path, ...args],
    stdout: io.stdout,
    stderr: io.stderr,
    modules: [tracemallocModule({ io: nodeSnapshotIO, source: new NodeSourceReader() })],
  });
  return interpreter.run(source, path).exitCode;
}
