import type { ExecutionListener, MemoryListener, Unsubscribe } from '@memkit/runtime';
import { type MemoryBackend, type MemoryTotals, memoryMib } from './memory-backend';

/** What `memoryUsage` reads from a runtime: its events (as sampling points) and memory totals. */
export interface SampledRuntime {
  readonly events: {
    onMemory(listener: MemoryListener): Unsubscribe;
    onExecution(listener: ExecutionListener): Unsubscribe;
  };
  readonly memory: MemoryTotals;
}

/** One measurement: memory in MiB at a time in seconds. */
export interface MemorySample {
  readonly mib: number;
  readonly time: number;
}

export interface MemoryUsageOptions {
  /** Seconds between samples (memory_profiler's default 0.1). */
  interval?: number;
  /** For the current process (-1): sample for this many seconds; null takes one sample. */
  timeout?: number | null;
  /** Calls of a function at most (memory_profiler's `max_iterations`). */
  maxIterations?: number | null;
  backend?: MemoryBackend;
  /** Seconds on the clock samples are timed by (default: the wall clock, `time.time()`). */
  clock?: () => number;
}

/** What `memoryUsage` measured. */
export interface MemoryUsage<R> {
  /** The samples of the last call (or of the interval for the current process), in order. */
  readonly samples: readonly MemorySample[];
  /** What the function returned on its last call (undefined for the current process). */
  readonly returned: R | undefined;
  /** How many times the function was called (memory_profiler re-runs short functions). */
  readonly calls: number;
}

/** `time.time()`: seconds since the epoch, below the millisecond. */
export const wallClock = (): number => (performance.timeOrigin + performance.now()) / 1000;

/**
 * memory_profiler's `memory_usage(proc, interval, timeout, …)` on the runtime, in MiB.
 *
 * `proc = -1` (the current process) takes one sample, or `round(timeout / interval)` samples
 * with a timeout. Nothing else runs on the runtime while memory_profiler would sleep between
 * them, so they are taken back to back and timed `interval` apart, as the real tool would have.
 *
 * A function is run with samples taken as `MemTimer` takes them: a baseline before the call, one
 * as it starts, then one at the first runtime event (allocation, free, executed line) at least
 * `interval` after the previous sample — there is no second thread, so sampling rides on the
 * runtime's own events — and one after it returns. Like memory_profiler, a call that gave 4
 * samples or fewer after the baseline is repeated with a tenth of the interval, until it gives
 * more, `maxIterations` calls are made, or the interval drops below 1e-6 (a trivial function
 * is called 7 times). An error thrown by the function propagates after sampling stops.
 */
export function memoryUsage<R>(
  runtime: SampledRuntime,
  proc: -1 | (() => R),
  options: MemoryUsageOptions = {},
): MemoryUsage<R> {
  let interval = options.interval ?? 0.1;
  const backend = options.backend ?? 'psutil';
  const clock = options.clock ?? wallClock;
  const measure = (): MemorySample => ({ mib: memoryMib(runtime.memory, backend), time: clock() });
  if (proc === -1) {
    const count = options.timeout == null ? 1 : Math.round(options.timeout / interval);
    const first = measure();
    const samples = Array.from({ length: count }, (_, i) => ({
      mib: first.mib,
      time: first.time + i * interval,
    }));
    return { samples, returned: undefined, calls: 0 };
  }
  const maxIterations =
    options.timeout != null
      ? Math.round(options.timeout / interval)
      : (options.maxIterations ?? Number.POSITIVE_INFINITY);
  for (let calls = 1; ; calls++) {
    const { samples, measurements, returned } = sampleCall(runtime, proc, interval, measure);
    if (measurements > 4 || calls === maxIterations || interval < 1e-6) return { samples, returned, calls };
    interval /= 10;
  }
}

/** One call of `fn` with `MemTimer`'s samples; `measurements` leaves out the baseline. */
function sampleCall<R>(
  runtime: SampledRuntime,
  fn: () => R,
  interval: number,
  measure: () => MemorySample,
): { samples: MemorySample[]; measurements: number; returned: R } {
  const samples = [measure(), measure()];
  let last = samples[1].time;
  const onEvent = () => {
    const sample = measure();
    if (sample.time - last >= interval) {
      samples.push(sample);
      last = sample.time;
    }
  };
  const stopMemory = runtime.events.onMemory({ alloc: onEvent, realloc: onEvent, free: onEvent });
  const stopExecution = runtime.events.onExecution({ line: onEvent });
  let returned: R;
  try {
    returned = fn();
  } finally {
    stopMemory();
    stopExecution();
  }
  samples.push(measure());
  return { samples, measurements: samples.length - 1, returned };
}
