/** memory_profiler's `(increment, mem_usage, occurrences)` of one line; memory in MiB. */
export interface LineRecord {
  /** Sum over the line's executions of (memory after it − max memory of the line before it). */
  readonly increment: number;
  /** Largest memory measured when the line finished. */
  readonly memUsage: number;
  /** How many times the line finished. */
  readonly occurrences: number;
}

/**
 * Per-line measurements of one profiled function: its top-level code object and the code nested
 * in it (comprehensions, inner functions, lambdas), which memory_profiler's `CodeMap` files under
 * the same line table.
 */
export class FunctionStats {
  readonly filename: string;
  readonly firstLine: number;
  /** Infinity when the source could not be read: the table then ends at the last line measured. */
  readonly lastLine: number;
  /** The text of lines `firstLine…lastLine`, without line endings ('' where no source was read). */
  readonly source: readonly string[];
  /**
   * Whether occurrences are execution counts. A TypeScript function has no line events, only the
   * call sites of the runtime operations it performs, so its table leaves the column empty.
   */
  readonly countsOccurrences: boolean;
  private readonly records = new Map<number, LineRecord>();

  constructor(
    filename: string,
    firstLine: number,
    source: readonly string[],
    lastLine = firstLine + source.length - 1,
    countsOccurrences = true,
  ) {
    this.filename = filename;
    this.firstLine = firstLine;
    this.source = source;
    this.lastLine = lastLine;
    this.countsOccurrences = countsOccurrences;
  }

  /** The last line the table shows. */
  get tableLastLine(): number {
    if (Number.isFinite(this.lastLine)) return this.lastLine;
    return Math.max(this.firstLine, ...this.records.keys());
  }

  /** Whether any line was measured (memory_profiler skips functions that never ran). */
  get measured(): boolean {
    return this.records.size > 0;
  }

  includes(lineno: number): boolean {
    return lineno >= this.firstLine && lineno <= this.lastLine;
  }

  record(lineno: number): LineRecord | null {
    return this.records.get(lineno) ?? null;
  }

  /** Sets a line's figures outright (tests, merged runs). */
  set(lineno: number, record: LineRecord): this {
    this.records.set(lineno, record);
    return this;
  }

  /**
   * `CodeMap.trace`: line `lineno` finished with `memory` MiB in use; `prevLineno` is the line
   * measured just before it anywhere in the profiler (null at the start). The increment is
   * against the stored max of that previous line, looked up in this function's table as
   * memory_profiler does, 0 when it has none — which is why the first line measured (the
   * decorator line) gets an increment equal to its memory: the baseline.
   */
  trace(lineno: number, prevLineno: number | null, memory: number): void {
    const previous = this.records.get(lineno);
    const prevLine = prevLineno === null ? undefined : this.records.get(prevLineno);
    this.records.set(lineno, {
      increment: (previous?.increment ?? 0) + (memory - (prevLine?.memUsage ?? 0)),
      memUsage: Math.max(memory, previous?.memUsage ?? 0),
      occurrences: (previous?.occurrences ?? 0) + 1,
    });
  }
}

/** The line tables of a profiler's functions, in the order they were added. */
export class LineStats {
  private readonly list: FunctionStats[] = [];

  get functions(): readonly FunctionStats[] {
    return this.list;
  }

  /** The table of the function at `firstLine` of `filename`, made on first use. */
  add(
    filename: string,
    firstLine: number,
    source: readonly string[],
    lastLine?: number,
    countsOccurrences = true,
  ): FunctionStats {
    const known = this.list.find((f) => f.filename === filename && f.firstLine === firstLine);
    if (known !== undefined) return known;
    const stats = new FunctionStats(filename, firstLine, source, lastLine, countsOccurrences);
    this.list.push(stats);
    return stats;
  }

  /** The function whose source holds line `lineno` of `filename`, innermost-first by start line. */
  find(filename: string, lineno: number): FunctionStats | null {
    let found: FunctionStats | null = null;
    for (const f of this.list) {
      if (
        f.filename === filename &&
        f.includes(lineno) &&
        (found === null || f.firstLine > found.firstLine)
      ) {
        found = f;
      }
    }
    return found;
  }
}
