import type { HeapView, PyObject } from '@memkit/runtime';
import { formatInt, padRight, pyLen } from './python-format';
import { applyLimit, typestats } from './typestats';

/** Peak count per type name, read and raised by `growth` (objgraph's `peak_stats` dict). */
export interface PeakStats {
  get(name: string): number | undefined;
  set(name: string, count: number): unknown;
}

/**
 * The peaks `growth()`/`show_growth()` compare against, kept between calls. objgraph keeps them
 * in a mutable default argument; here the caller owns them, so two trackers never interfere.
 */
export class GrowthTracker implements PeakStats {
  private readonly peaks = new Map<string, number>();

  get(name: string): number | undefined {
    return this.peaks.get(name);
  }

  set(name: string, count: number): this {
    this.peaks.set(name, count);
    return this;
  }

  /** The recorded peaks, in the order types were first seen. */
  entries(): IterableIterator<[string, number]> {
    return this.peaks.entries();
  }

  clear(): void {
    this.peaks.clear();
  }
}

/** Options of `growth()` / `show_growth()`. */
export interface GrowthOptions {
  /** Rows kept (default 10); 0 or null keeps every row. */
  limit?: number | null;
  peakStats: PeakStats;
  shortnames?: boolean;
  filter?: ((obj: PyObject) => boolean) | null;
}

/** One row of `growth()`: a type whose count passed its previous peak. */
export interface GrowthRow {
  readonly name: string;
  readonly count: number;
  readonly delta: number;
}

/**
 * `growth()`: counts the (already collected) heap by type, records each count above its peak as
 * the new peak, and returns those types by increase, largest first (ties in first-seen order).
 */
export function growth(heap: HeapView, options: GrowthOptions): GrowthRow[] {
  const stats = typestats(heap, { shortnames: options.shortnames, filter: options.filter });
  const rows: GrowthRow[] = [];
  for (const [name, count] of stats) {
    const old = options.peakStats.get(name) ?? 0;
    if (count > old) {
      rows.push({ name, count, delta: count - old });
      options.peakStats.set(name, count);
    }
  }
  rows.sort((a, b) => b.delta - a.delta);
  return applyLimit(rows, options.limit === undefined ? 10 : options.limit);
}

/** `show_growth()`'s lines: `'%-*s%9d %+9d'`; no lines when nothing grew. */
export function formatGrowth(rows: readonly GrowthRow[]): string[] {
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map((row) => pyLen(row.name)));
  return rows.map(
    (row) => `${padRight(row.name, width)}${formatInt(row.count, 9)} ${formatInt(row.delta, 9, true)}`,
  );
}
