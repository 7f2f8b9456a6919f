/**
 * What a web page would import: the interpreter with the three tools' Python modules, files
 * kept in memory, and the renderer given its WebAssembly and font as bytes. `browser.test.ts`
 * bundles this file for `platform: 'browser'` and runs the bundle in a context without Node.
 */
import { Interpreter } from '@memkit/interpreter';
import { MemorySourceFiles, memoryProfilerModule } from '@memkit/line-profiler';
import { initRenderer, MemoryGraphFiles, objgraphModule } from '@memkit/objgraph';
import { tracemallocModule } from '@memkit/tracemalloc';

/** What a script printed, its exit status and the graph files it wrote. */
export interface PageRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  files: Map<string, string | Uint8Array>;
}

/** Runs a Python script as a page would, with every module memkit offers. */
export function runPython(source: string, filename: string): PageRun {
  let stdout = '';
  let stderr = '';
  const graphs = new MemoryGraphFiles();
  const interpreter = new Interpreter({
    argv: [filename],
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    modules: [
      tracemallocModule(),
      objgraphModule({ files: graphs }),
      memoryProfilerModule({ sources: new MemorySourceFiles().set(filename, source) }),
    ],
  });
  const { exitCode } = interpreter.run(source, filename);
  return { stdout, stderr, exitCode, files: graphs.files };
}

/** Loads Graphviz and resvg from bytes the page fetched (there is no node_modules to read). */
export async function loadRenderer(resvgWasm: Uint8Array, font: Uint8Array): Promise<void> {
  await initRenderer({ resvgWasm, font });
}
