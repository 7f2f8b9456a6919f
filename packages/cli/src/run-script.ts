import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Interpreter } from '@memkit/interpreter';
import { memoryProfilerModule } from '@memkit/line-profiler';
import { NodeSourceFiles } from '@memkit/line-profiler/node';
import {
  type GraphFiles,
  type GraphRenderer,
  initRenderer,
  nodeGraphFiles,
  objgraphModule,
} from '@memkit/objgraph';
import { tracemallocModule } from '@memkit/tracemalloc';
import { NodeSourceReader, nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { installMprofRecorder, type MprofRunOptions } from './mprof-run';
import { installProfileBuiltin, type ProfileOutput } from './profile-builtin';
import { RendererThread } from './renderer-thread';

/** What `memkit run` needs to write and return. */
export interface ScriptIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Host services the tools' modules load asynchronously before a script runs. */
export interface ScriptTools {
  /** Where objgraph writes graph files; null: only `output=` works. */
  graphFiles: GraphFiles | null;
  /** What renders objgraph's images; default: the process renderer once `initRenderer()` has resolved. */
  renderer?: GraphRenderer;
}

/** How a script is run: plainly, under `memkit profile` or under `memkit mprof run`. */
export interface ScriptOptions {
  /** Inject memory_profiler's `profile` as a builtin and show its tables at the end. */
  profile?: ProfileOutput;
  /** Sample memory over time and timestamp `@profile` calls into an mprof `.dat` file. */
  mprof?: MprofRunOptions;
  /**
   * Wall-clock limit in seconds (`memkit run --timeout`), enforced by `ScriptThread.run`, which
   * can stop the thread a Python loop runs on; `runScript` itself runs synchronously and ignores it.
   */
  timeout?: number;
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
 * What a script needs without loading anything heavy up front: objgraph's renderer is loaded on
 * a helper thread when the script first writes an image (`RendererThread`), so a script that
 * draws no graph never pays for Graphviz and resvg. `memkit run` uses these on its worker thread.
 */
export async function lazyScriptTools(): Promise<ScriptTools> {
  return { graphFiles: await nodeGraphFiles(), renderer: new RendererThread() };
}

/**
 * `memkit run script.py [args]`: runs the script as `python3 script.py args` would, returning
 * the exit status. A missing file is reported as CPython reports it (status 2). Without `tools`
 * (from `loadScriptTools()`), objgraph can draw graphs only to `output=` file objects. With
 * `options.profile`, it runs as `python -m memory_profiler script.py` does; with `options.mprof`,
 * as `mprof run script.py` does.
 */
export function runScript(
  path: string,
  args: readonly string[],
  io: ScriptIO,
  tools: ScriptTools = { graphFiles: null },
  options: ScriptOptions = {},
): number {
  // As python3 since 3.9: `__file__`, tracebacks and errors name the script by its absolute
  // path; `sys.argv[0]` keeps it as given.
  const filename = resolve(path);
  let source: string;
  try {
    source = readFileSync(filename, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : String(error);
    io.stderr(`memkit: can't open file '${filename}': [Errno 2] ${reason}\n`);
    return 2;
  }
  const interpreter = new Interpreter({
    argv: [path, ...args],
    stdout: io.stdout,
    stderr: io.stderr,
    modules: [
      tracemallocModule({ io: nodeSnapshotIO, source: new NodeSourceReader() }),
      objgraphModule({ files: tools.graphFiles, renderer: tools.renderer }),
      memoryProfilerModule({ sources: new NodeSourceFiles() }),
    ],
  });
  const finish =
    options.mprof !== undefined
      ? installMprofRecorder(interpreter, options.mprof, io)
      : options.profile !== undefined
        ? installProfileBuiltin(interpreter, options.profile, io)
        : null;
  if (finish === null) return interpreter.run(source, filename).exitCode;
  let exitCode = 1;
  try {
    exitCode = interpreter.run(source, filename).exitCode;
  } finally {
    // Results are written even when the script raised; a failed write fails a clean run.
    const failed = finish();
    if (failed !== null && exitCode === 0) exitCode = failed;
  }
  return exitCode;
}
