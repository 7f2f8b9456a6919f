import type { TracebackTable } from './traceback-table';

/**
 * Decides, for one trace, CPython's `BaseFilter._match`: in an inclusive filter true keeps the
 * trace, in an exclusive one false drops it. `Snapshot.filterTraces` keeps a trace when any
 * inclusive filter matches (or there is none) and no exclusive filter rejects it.
 */
export type TraceMatcher = (domain: number, tracebackId: number) => boolean;

/** A filter on traces (`Filter`, `DomainFilter`). */
export interface TraceFilter {
  readonly inclusive: boolean;
  /** A matcher over the traces of one table; it may cache results per frame or traceback id. */
  compile(table: TracebackTable): TraceMatcher;
}
