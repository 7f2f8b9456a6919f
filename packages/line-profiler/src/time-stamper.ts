import type { MemorySample } from './memory-usage';
import type { FunctionBracket } from './mprof-data';

/** A call in progress: its name, the sample at its start and its nesting level. */
export interface OpenCall {
  readonly name: string;
  readonly start: MemorySample;
  readonly level: number;
}

/**
 * memory_profiler's `TimeStamper` (what `profile` is under `mprof run`): memory and time at the
 * start and end of each call of a decorated function, and how deeply such calls nest — the
 * `FUNC` lines of a `.dat` file.
 */
export class TimeStamper {
  private readonly measure: () => MemorySample;
  private readonly calls = new Map<string, FunctionBracket[]>();
  private depth = 0;

  constructor(measure: () => MemorySample) {
    this.measure = measure;
  }

  /** Registers a decorated function (`add_function`): results list functions in this order. */
  addFunction(name: string): void {
    if (!this.calls.has(name)) this.calls.set(name, []);
  }

  /** The finished calls, function by function as `show_results` lists them, each by start time. */
  get functions(): FunctionBracket[] {
    return [...this.calls.values()].flatMap((list) => [...list].sort((a, b) => a.start.time - b.start.time));
  }

  enter(name: string): OpenCall {
    this.addFunction(name);
    return { name, start: this.measure(), level: this.depth++ };
  }

  exit(call: OpenCall): void {
    this.depth = call.level;
    this.calls
      .get(call.name)
      ?.push({ name: call.name, start: call.start, end: this.measure(), level: call.level });
  }
}
