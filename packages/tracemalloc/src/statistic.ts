import { formatSize } from './format-size';
import { compareTracebacks, type Traceback } from './traceback';

/** Statistic on memory allocations: the blocks grouped under one traceback key. */
export class Statistic {
  readonly traceback: Traceback;
  readonly size: number;
  readonly count: number;

  constructor(traceback: Traceback, size: number, count: number) {
    this.traceback = traceback;
    this.size = size;
    this.count = count;
  }

  equals(other: Statistic): boolean {
    return this.size === other.size && this.count === other.count && this.traceback.equals(other.traceback);
  }

  /** `str(stat)`: `f.py:4: size=3899 KiB, count=99744, average=40 B` (no average when count is 0). */
  toString(): string {
    const text = `${this.traceback}: size=${formatSize(this.size, false)}, count=${formatInt(this.count, false)}`;
    return this.count ? `${text}, average=${formatSize(this.size / this.count, false)}` : text;
  }

  /** `repr(stat)`: `<Statistic traceback=<Traceback …> size=3992704 count=99744>`. */
  repr(): string {
    return `<Statistic traceback=${this.traceback.repr()} size=${formatInt(this.size, false)} count=${formatInt(this.count, false)}>`;
  }
}

/** Statistic difference between an old and a new snapshot, for one traceback key. */
export class StatisticDiff {
  readonly traceback: Traceback;
  readonly size: number;
  readonly sizeDiff: number;
  readonly count: number;
  readonly countDiff: number;

  constructor(traceback: Traceback, size: number, sizeDiff: number, count: number, countDiff: number) {
    this.traceback = traceback;
    this.size = size;
    this.sizeDiff = sizeDiff;
    this.count = count;
    this.countDiff = countDiff;
  }

  equals(other: StatisticDiff): boolean {
    return (
      this.size === other.size &&
      this.sizeDiff === other.sizeDiff &&
      this.count === other.count &&
      this.countDiff === other.countDiff &&
      this.traceback.equals(other.traceback)
    );
  }

  /** `str(diff)`: `f.py:3: size=62.5 KiB (+10.4 KiB), count=122 (+21), average=524 B`. */
  toString(): string {
    const text =
      `${this.traceback}: size=${formatSize(this.size, false)} (${formatSize(this.sizeDiff, true)}), ` +
      `count=${formatInt(this.count, false)} (${formatInt(this.countDiff, true)})`;
    return this.count ? `${text}, average=${formatSize(this.size / this.count, false)}` : text;
  }

  /** `repr(diff)`: `<StatisticDiff traceback=<Traceback …> size=32 (+32) count=1 (+1)>`. */
  repr(): string {
    return (
      `<StatisticDiff traceback=${this.traceback.repr()} size=${formatInt(this.size, false)} ` +
      `(${formatInt(this.sizeDiff, true)}) count=${formatInt(this.count, false)} (${formatInt(this.countDiff, true)})>`
    );
  }
}

/**
 * `statistics.sort(reverse=True, key=Statistic._sort_key)`: descending by
 * `(size, count, traceback)`. Keys of one grouping are distinct tracebacks, so the order is total.
 */
export function compareStatistics(a: Statistic, b: Statistic): number {
  return b.size - a.size || b.count - a.count || compareTracebacks(b.traceback, a.traceback);
}

/**
 * `sort(reverse=True, key=StatisticDiff._sort_key)`: descending by
 * `(abs(size_diff), size, abs(count_diff), count, traceback)`.
 */
export function compareStatisticDiffs(a: StatisticDiff, b: StatisticDiff): number {
  return (
    Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) ||
    b.size - a.size ||
    Math.abs(b.countDiff) - Math.abs(a.countDiff) ||
    b.count - a.count ||
    compareTracebacks(b.traceback, a.traceback)
  );
}

/** printf's `%i` / `%+i` of an integer (a float is truncated toward zero, as `%i` does). */
function formatInt(value: number, sign: boolean): string {
  const n = Math.trunc(value);
  return n >= 0 && sign ? `+${n}` : String(n === 0 ? 0 : n);
}
