import type { Unsubscribe } from '@memkit/runtime';
import { type MemoryBackend, memoryMib } from './memory-backend';
import { type MemorySample, type SampledRuntime, wallClock } from './memory-usage';

export interface MemoryTimelineOptions {
  /** Seconds between samples (`mprof run -T`, default 0.1). */
  interval?: number;
  backend?: MemoryBackend;
  /** Seconds since the epoch (default: the wall clock, as mprof's `time.time()`). */
  clock?: () => number;
}

/**
 * The memory of a runtime over time, as `mprof run` samples a process: one sample at the start,
 * then one at the first runtime event (allocation, free, executed line) at least `interval`
 * after the previous sample, and one at the end. A program that runs on one thread gives no
 * other moment to sample at; between events memory cannot change.
 */
export class MemoryTimeline {
  private readonly runtime: SampledRuntime;
  private readonly interval: number;
  private readonly backend: MemoryBackend;
  private readonly clock: () => number;
  private readonly list: MemorySample[] = [];
  private last = Number.NEGATIVE_INFINITY;
  private unsubscribe: Unsubscribe[] = [];

  constructor(runtime: SampledRuntime, options: MemoryTimelineOptions = {}) {
    this.runtime = runtime;
    this.interval = options.interval ?? 0.1;
    this.backend = options.backend ?? 'psutil';
    this.clock = options.clock ?? wallClock;
  }

  get samples(): readonly MemorySample[] {
    return this.list;
  }

  /** A sample now: memory in MiB and the time. */
  measure(): MemorySample {
    return { mib: memoryMib(this.runtime.memory, this.backend), time: this.clock() };
  }

  start(): void {
    if (this.unsubscribe.length > 0) return;
    this.take(this.measure());
    const onEvent = () => {
      const sample = this.measure();
      if (sample.time - this.last >= this.interval) this.take(sample);
    };
    this.unsubscribe = [
      this.runtime.events.onMemory({ alloc: onEvent, realloc: onEvent, free: onEvent }),
      this.runtime.events.onExecution({ line: onEvent }),
    ];
  }

  stop(): void {
    if (this.unsubscribe.length === 0) return;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    this.take(this.measure());
  }

  private take(sample: MemorySample): void {
    this.list.push(sample);
    this.last = sample.time;
  }
}
