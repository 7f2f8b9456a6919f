import { formatLineTable } from './format-line-table';
import type { LineStats } from './line-stats';
import type { MemoryBackend } from './memory-backend';
import type { SourceFiles } from './source-files';
import { type MemoryEventRuntime, TypeScriptLineProfiler } from './typescript-profiler';

/** Where `profile()` writes its tables: `process.stdout`, a file stream, or a collector. */
export interface TextStream {
  write(text: string): unknown;
}

export interface ProfileOptions {
  /** The runtime whose memory the function uses. */
  runtime: MemoryEventRuntime;
  /** Digits after the point in MiB cells (memory_profiler's decorator default: 1). */
  precision?: number;
  /** Default: `process.stdout` in Node, else `console.log`. */
  stream?: TextStream;
  /** Default `'psutil'`: the runtime's resident bytes; `'tracemalloc'`: requested bytes. */
  backend?: MemoryBackend;
  /** The TypeScript sources (`new NodeSourceFiles()` in Node); without them cells have no text. */
  sources?: SourceFiles;
}

/** A function wrapped by `profile()`: same signature, plus the figures of its last call. */
export type ProfiledFunction<A extends unknown[], R> = ((...args: A) => R) & {
  /** The per-line figures of the last call (null before the first). */
  readonly lastStats: LineStats | null;
};

/**
 * memory_profiler's `profile(func, stream, precision, backend)` for a TypeScript function: each
 * call measures the function's lines from the runtime operations it performs (see
 * `TypeScriptLineProfiler`) and writes memory_profiler's table to the stream when the call
 * returns — or throws, before the error propagates. A returned promise is passed through and the
 * table written when it settles.
 */
export function profile<A extends unknown[], R>(
  fn: (...args: A) => R,
  options: ProfileOptions,
): ProfiledFunction<A, R> {
  const stream = options.stream ?? defaultStream();
  let lastStats: LineStats | null = null;
  const show = (stats: LineStats) => {
    const lines = formatLineTable(stats, { precision: options.precision ?? 1 });
    if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
  };
  function profiled(this: unknown, ...args: A): R {
    const profiler = new TypeScriptLineProfiler(options.runtime, {
      backend: options.backend,
      sources: options.sources,
    });
    lastStats = profiler.stats;
    let result: R;
    try {
      result = profiler.call(fn, this, args);
    } catch (error) {
      show(profiler.stats);
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => show(profiler.stats)) as R;
    }
    show(profiler.stats);
    return result;
  }
  Object.defineProperty(profiled, 'name', { value: fn.name });
  Object.defineProperty(profiled, 'lastStats', { get: () => lastStats });
  return profiled as ProfiledFunction<A, R>;
}

function defaultStream(): TextStream {
  const stdout = (globalThis as { process?: { stdout?: TextStream } }).process?.stdout;
  return stdout ?? { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}
