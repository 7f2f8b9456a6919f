import { readFileSync } from 'node:fs';
import { Interpreter } from '@memkit/interpreter';
import { memoryProfilerModule } from '@memkit/line-profiler';
import { NodeSourceFiles } from '@memkit/line-profiler/node';
import type { Runtime } from '@memkit/runtime';
import { tracemallocModule } from '@memkit/tracemalloc';
import { NodeSourceReader, nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { type BenchValues, parseBenchLines } from './bench-lines';

/**
 * Runs a workload script in this process through the Interpreter API with the tools' modules
 * (`tracemalloc`, `memory_profiler`), as `memkit run script.py args` does, and returns what the
 * script measured. Each call boots a fresh interpreter; V8 stays warm across calls.
 */
export function runMemkit(path: string, args: readonly string[]): BenchValues {
  const { stdout } = runInterpreter(path, args);
  return parseBenchLines(stdout, `memkit run ${path}`);
}

/** What one object of the live heap costs in the JavaScript heap, next to its modelled size. */
export interface HeapFootprint {
  /** Live modelled objects the script added (tracked objects: all of workload 3's heap). */
  objects: number;
  /** `process.memoryUsage().heapUsed` growth per object, after a full V8 collection. */
  jsBytesPerObject: number;
  /** The runtime's requested bytes (what CPython would malloc) per object. */
  modelledBytesPerObject: number;
}

/**
 * Runs the script and measures the JavaScript heap it leaves alive (the script's globals stay
 * referenced by the interpreter after `run`). Needs `node --expose-gc`; null without it.
 */
export function measureHeap(path: string, args: readonly string[]): HeapFootprint | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  let before = { heap: 0, requested: 0, tracked: 0 };
  const { interpreter } = runInterpreter(path, args, (runtime) => {
    gc();
    before = { heap: heapUsed(), requested: runtime.memory.requestedBytes, tracked: tracked(runtime) };
  });
  const runtime = interpreter.runtime;
  gc();
  const objects = tracked(runtime) - before.tracked;
  const footprint = {
    objects,
    jsBytesPerObject: (heapUsed() - before.heap) / objects,
    modelledBytesPerObject: (runtime.memory.requestedBytes - before.requested) / objects,
  };
  // Keeps the interpreter (and its heap) alive until the measurement is taken.
  interpreter.runtime.collector.collect();
  return footprint;
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

function tracked(runtime: Runtime): number {
  let n = 0;
  for (const generation of runtime.gc.generations) n += generation.length;
  return n;
}

function runInterpreter(
  path: string,
  args: readonly string[],
  beforeRun: (runtime: Runtime) => void = () => {},
): { interpreter: Interpreter; stdout: string } {
  const source = readFileSync(path, 'utf8');
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    argv: [path, ...args],
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    modules: [
      tracemallocModule({ io: nodeSnapshotIO, source: new NodeSourceReader() }),
      memoryProfilerModule({ sources: new NodeSourceFiles() }),
    ],
  });
  beforeRun(interpreter.runtime);
  const { exitCode } = interpreter.run(source, path);
  if (exitCode !== 0) throw new Error(`memkit run ${path} ${args.join(' ')} exited ${exitCode}:\n${stderr}`);
  return { interpreter, stdout };
}
