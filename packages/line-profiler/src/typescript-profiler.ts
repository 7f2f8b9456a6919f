import type { MemoryListener, MemorySubscriptionOptions, Unsubscribe } from '@memkit/runtime';
import { type CallSite, memkitProfiledCall, profiledCallSite } from './call-site';
import { findFunctionBlock } from './function-block';
import { type FunctionStats, LineStats } from './line-stats';
import { type MemoryBackend, type MemoryTotals, memoryMib } from './memory-backend';
import { NO_SOURCE_FILES, type SourceFiles } from './source-files';

/** What the TypeScript profiler reads from a runtime: memory events and memory totals. */
export interface MemoryEventRuntime {
  readonly events: {
    onMemory(listener: MemoryListener, options?: MemorySubscriptionOptions): Unsubscribe;
  };
  readonly memory: MemoryTotals;
}

export interface TypeScriptLineProfilerOptions {
  backend?: MemoryBackend;
  /** Source of the TypeScript files (`new NodeSourceFiles()` in Node), for extents and contents. */
  sources?: SourceFiles;
}

/** One running call of a profiled TypeScript function. */
interface Invocation {
  /** Its table, known from the first operation it performs (which names its file and line). */
  fn: FunctionStats | null;
  /** The line it is at: its first line until its first operation, then the last call site seen. */
  line: number;
  /** Memory after the last operation, i.e. when the current line's work began or went on. */
  lastMemory: number;
}

/**
 * memory_profiler's per-line rules for TypeScript functions, which have no line events: a line
 * "finishes" when the function's next runtime operation comes from another line of it. Every
 * alloc/realloc/free is attributed to the call site in the profiled function's own frame (the
 * frame above `memkitProfiledCall` in a source-mapped V8 stack), so work done in helpers counts
 * on the line that called them, as memory_profiler counts a callee on the calling line. The
 * memory measured when a line finishes is the memory before the next line's first operation.
 * A line whose operations are not interleaved with others' looks like one execution, and a line
 * performing no runtime operation is invisible, so occurrences are not counted.
 */
export class TypeScriptLineProfiler {
  readonly stats = new LineStats();
  readonly backend: MemoryBackend;
  private readonly runtime: MemoryEventRuntime;
  private readonly sources: SourceFiles;
  private readonly calls: Invocation[] = [];
  private unsubscribe: Unsubscribe | null = null;
  private prevLineno: number | null = null;

  constructor(runtime: MemoryEventRuntime, options: TypeScriptLineProfilerOptions = {}) {
    this.runtime = runtime;
    this.backend = options.backend ?? 'psutil';
    this.sources = options.sources ?? NO_SOURCE_FILES;
  }

  /** Memory in MiB as the backend reads it. */
  memory(): number {
    return memoryMib(this.runtime.memory, this.backend);
  }

  /**
   * Calls `fn` with `args`, measuring its lines. A promise it returns is passed through, and the
   * call ends when it settles; operations after its first `await` are measured only when V8's
   * async stack trace still shows the profiled call.
   */
  call<A extends unknown[], R>(fn: (...args: A) => R, thisArg: unknown, args: A): R {
    const invocation: Invocation = { fn: null, line: 0, lastMemory: this.memory() };
    this.begin(invocation);
    let result: R;
    try {
      result = memkitProfiledCall(fn, thisArg, args);
    } catch (error) {
      this.end(invocation);
      throw error;
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          this.end(invocation);
          return value;
        },
        (error: unknown) => {
          this.end(invocation);
          throw error;
        },
      ) as R;
    }
    this.end(invocation);
    return result;
  }

  private begin(invocation: Invocation): void {
    if (this.calls.length === 0) {
      const onOperation = () => this.onOperation();
      this.unsubscribe = this.runtime.events.onMemory({
        alloc: onOperation,
        realloc: onOperation,
        free: onOperation,
      });
    }
    this.calls.push(invocation);
  }

  /** The function returned or threw: its last line finishes now. */
  private end(invocation: Invocation): void {
    if (invocation.fn !== null) this.finishLine(invocation, this.memory());
    const at = this.calls.lastIndexOf(invocation);
    if (at !== -1) this.calls.splice(at, 1);
    if (this.calls.length === 0) {
      this.unsubscribe?.();
      this.unsubscribe = null;
    }
  }

  private onOperation(): void {
    const invocation = this.calls[this.calls.length - 1];
    const site = profiledCallSite();
    if (site !== null) {
      if (invocation.fn === null) {
        invocation.fn = this.functionAt(site);
        invocation.line = invocation.fn.firstLine;
      }
      if (site.filename === invocation.fn.filename && site.lineno !== invocation.line) {
        this.finishLine(invocation, invocation.lastMemory);
        invocation.line = site.lineno;
      }
    }
    invocation.lastMemory = this.memory();
  }

  private finishLine(invocation: Invocation, memory: number): void {
    invocation.fn?.trace(invocation.line, this.prevLineno, memory);
    this.prevLineno = invocation.line;
  }

  /** The table of the function holding `site`: from its header line to its closing brace. */
  private functionAt(site: CallSite): FunctionStats {
    const lines = this.sources.getLines(site.filename);
    if (lines === null)
      return this.stats.add(site.filename, site.lineno, [], Number.POSITIVE_INFINITY, false);
    const block = findFunctionBlock(lines, site.lineno);
    if (block === null) {
      return this.stats.add(
        site.filename,
        site.lineno,
        lines.slice(site.lineno - 1),
        Number.POSITIVE_INFINITY,
        false,
      );
    }
    const source = lines.slice(block.firstLine - 1, block.lastLine);
    return this.stats.add(site.filename, block.firstLine, source, block.lastLine, false);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
