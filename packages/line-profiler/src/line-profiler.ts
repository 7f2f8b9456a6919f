import type { ExecutionListener, Frame, Unsubscribe } from '@memkit/runtime';
import { type FunctionStats, LineStats } from './line-stats';
import { type MemoryBackend, memoryMib } from './memory-backend';
import { findSourceBlock } from './source-block';
import { NO_SOURCE_FILES, type SourceFiles } from './source-files';

/** What a profiler reads from a runtime: execution events and memory totals. */
export interface ProfiledRuntime {
  readonly events: { onExecution(listener: ExecutionListener): Unsubscribe };
  readonly memory: { readonly residentBytes: number; readonly requestedBytes: number };
}

export interface LineProfilerOptions {
  backend?: MemoryBackend;
  /** Source of the profiled files, for function extents and Line Contents. */
  sources?: SourceFiles;
}

/** A frame running while the profiler is enabled; `line` is memory_profiler's `prevlines` entry. */
interface ActiveFrame {
  readonly fn: FunctionStats | null;
  line: number;
}

/**
 * memory_profiler's `LineProfiler` over the runtime's execution events (its `sys.settrace`
 * callback `trace_memory_usage`): in a profiled function's frames, 'call' remembers the line and
 * measures nothing, 'line' measures and files the memory under the line that just finished, and
 * 'return' does the same for the last line. Enabling nests by count, as `enable_by_count` does.
 */
export class LineProfiler {
  readonly stats = new LineStats();
  readonly backend: MemoryBackend;
  private readonly runtime: ProfiledRuntime;
  private readonly sources: SourceFiles;
  private enableCount = 0;
  private unsubscribe: Unsubscribe | null = null;
  private readonly frames: ActiveFrame[] = [];
  /** `prev_lineno`: the last line measured in any profiled frame. */
  private prevLineno: number | null = null;
  /** Where each 'call' line moves to: the first decorator line above a `def`. */
  private readonly callLines = new Map<string, number>();

  constructor(runtime: ProfiledRuntime, options: LineProfilerOptions = {}) {
    this.runtime = runtime;
    this.backend = options.backend ?? 'psutil';
    this.sources = options.sources ?? NO_SOURCE_FILES;
  }

  /**
   * `add_function`: profiles the function whose code starts at `firstlineno` of `filename`, and
   * the code nested in its source lines.
   */
  addFunction(filename: string, firstlineno: number): FunctionStats {
    const lines = this.sources.getLines(filename);
    if (lines === null) {
      // No source: the extent is unknown, so the table ends at the last line measured.
      return this.stats.add(filename, firstlineno, [], Number.POSITIVE_INFINITY);
    }
    const block = findSourceBlock(lines, firstlineno);
    return this.stats.add(filename, block.firstLine, lines.slice(block.firstLine - 1, block.lastLine));
  }

  enableByCount(): void {
    if (this.enableCount === 0) {
      this.frames.length = 0;
      this.unsubscribe = this.runtime.events.onExecution({
        call: (frame) => this.onCall(frame),
        line: (frame) => this.onLine(frame),
        return: () => this.onReturn(),
      });
    }
    this.enableCount++;
  }

  disableByCount(): void {
    if (this.enableCount === 0) return;
    this.enableCount--;
    if (this.enableCount === 0) {
      this.unsubscribe?.();
      this.unsubscribe = null;
      this.frames.length = 0;
    }
  }

  /** Memory in MiB as the backend reads it (`_get_memory`). */
  memory(): number {
    return memoryMib(this.runtime.memory, this.backend);
  }

  private onCall(frame: Frame): void {
    const fn = this.stats.find(frame.filename, frame.lineno);
    this.frames.push({ fn, line: fn === null ? frame.lineno : this.callLine(frame) });
  }

  private onLine(frame: Frame): void {
    const top = this.frames[this.frames.length - 1];
    if (top?.fn == null) return;
    top.fn.trace(top.line, this.prevLineno, this.memory());
    this.prevLineno = top.line;
    top.line = frame.lineno;
  }

  private onReturn(): void {
    // A frame that started before the profiler was enabled has no entry.
    const top = this.frames.pop();
    if (top?.fn == null) return;
    top.fn.trace(top.line, this.prevLineno, this.memory());
    this.prevLineno = top.line;
  }

  /**
   * The line a 'call' event stands for. CPython 3.11 reports a decorated function's call on its
   * first decorator (`co_firstlineno`), so the baseline lands on the `@profile` line; memkit's
   * interpreter reports the `def` line, so decorators directly above it are walked over.
   */
  private callLine(frame: Frame): number {
    const key = `${frame.lineno}:${frame.filename}`;
    let line = this.callLines.get(key);
    if (line === undefined) {
      const lines = this.sources.getLines(frame.filename);
      line = lines === null ? frame.lineno : findSourceBlock(lines, frame.lineno).firstLine;
      this.callLines.set(key, line);
    }
    return line;
  }
}
