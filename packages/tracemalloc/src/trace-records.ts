import type { TracebackTable } from './traceback-table';

/**
 * The raw records behind a snapshot: one row per trace in parallel columns over an interned
 * table (CPython keeps a tuple of `(domain, size, frames, total_nframe)` tuples). Value objects
 * (`Trace`, `Traceback`) are made only when a row is read.
 */
export interface TraceRecords {
  readonly table: TracebackTable;
  readonly domains: Uint32Array;
  readonly sizes: Float64Array;
  readonly tracebackIds: Int32Array;
  /** `total_nframe` of each trace, or -1 for None. */
  readonly totalNframes: Int32Array;
}

/** Records holding the rows `indexes` of `records`, in that order (same table). */
export function selectRecords(records: TraceRecords, indexes: ArrayLike<number>): TraceRecords {
  const n = indexes.length;
  const domains = new Uint32Array(n);
  const sizes = new Float64Array(n);
  const tracebackIds = new Int32Array(n);
  const totalNframes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = indexes[i];
    domains[i] = records.domains[row];
    sizes[i] = records.sizes[row];
    tracebackIds[i] = records.tracebackIds[row];
    totalNframes[i] = records.totalNframes[row];
  }
  return { table: records.table, domains, sizes, tracebackIds, totalNframes };
}

/** Whether two rows have equal tracebacks, comparing frames by value across tables. */
export function sameTraceback(a: TracebackTable, aId: number, b: TracebackTable, bId: number): boolean {
  if (a === b) return aId === bId;
  const n = a.tracebackLength(aId);
  if (n !== b.tracebackLength(bId)) return false;
  for (let i = 0; i < n; i++) {
    const fa = a.tracebackFrame(aId, i);
    const fb = b.tracebackFrame(bId, i);
    if (a.frameLineno(fa) !== b.frameLineno(fb)) return false;
    if (a.filename(a.frameFilenameId(fa)) !== b.filename(b.frameFilenameId(fb))) return false;
  }
  return true;
}
