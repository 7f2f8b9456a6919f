import { readFileSync } from 'node:fs';
import { Interpreter } from '@memkit/interpreter';
import { memoryProfilerModule } from '@memkit/line-profiler';
import { NodeSourceFiles } from '@memkit/line-profiler/node';
import { type GraphFiles, initRenderer, nodeGraphFiles, objgraphModule } from '@memkit/objgraph';
import { tracemallocModule } from '@memkit/tracemalloc';
import { NodeSourceReader, nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { installProfileBuiltin } from './profile-builtin';

/** What `memkit run` needs to write and return. */
export interface ScriptIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Host services the tools' modules load asynchronously before a script runs. */
export interface ScriptTools {
  /** Where objgraph writes graph files; null: only `output=` works. */
  graphFiles: GraphFiles | null;
}

/** How a script is run: plainly, or under `memkit profile` (`python -m memory_profiler`). */
export interface ScriptOptions {
  /** Inject memory_profiler's `profile` as a builtin and print its table at the end. */
  profile?: { precision: number };
}

/**
 * Loads what the tools need before a (synchronous) run: objgraph's Graphviz/resvg renderer and
 * the file system for its graphs.
 */
export async function loadScriptTools(): Promise<ScriptTools> {
  const [graphFiles] = await Promise.all([nodeGraphFiles(), initRenderer()]);
  return { graphFiles };
}

/**
 * `memkit run script.py [args]`: runs the script as `python3 script.py args` would, returning
 * the exit status. A missing file is reported as CPython reports it (status 2). Without `tools`
 * (from `loadScriptTools()`), objgraph can draw graphs only to `output=` file objects. With
 * `options.profile`, it runs as `python -m memory_profiler script.py` does.
 */
export function runScript(
  path: string,
  args: readonly string[],
  io: ScriptIO,
  tools: ScriptTools = { graphFiles: null },
  options: ScriptOptions = {},
): number {
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
    modules: [
      tracemallocModule({ io: nodeSnapshotIO, source: new NodeSourceReader() }),
      objgraphModule({ files: tools.graphFiles }),
      memoryProfilerModule({ sources: new NodeSourceFiles() }),
    ],
  });
  if (options.profile === undefined) return interpreter.run(source, path).exitCode;
  const showResults = installProfileBuiltin(interpreter, options.profile.precision);
  try {
    return interpreter.run(source, path).exitCode;
  } finally {
    showResults();
  }
}
