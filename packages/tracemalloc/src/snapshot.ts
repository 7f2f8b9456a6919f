import { diffGroups, groupTraces, type KeyType, statisticsOf } from './grouping';
import { decodeSnapshot, encodeSnapshot } from './snapshot-format';
import type { SnapshotIO } from './snapshot-io';
import type { Statistic, StatisticDiff } from './statistic';
import type { TraceFilter, TraceMatcher } from './trace-filter';
import { selectRecords, type TraceRecords } from './trace-records';
import { TracebackTable } from './traceback-table';
import { Traces } from './traces';

/** A frame of a raw trace: `(filename, lineno)`. */
export type RawFrame = readonly [filename: string, lineno: number];

/**
 * A trace as `_tracemalloc._get_traces()` returns it: `(domain, size, frames, total_nframe)`,
 * frames most recent first. CPython's tests build snapshots from literal lists of these.
 */
export type RawTrace = readonly [
  domain: number,
  size: number,
  frames: readonly RawFrame[],
  totalNframe?: number | null,
];

/**
 * Snapshot of the traces of the memory blocks allocated while tracing. Immutable: filtering
 * makes a new snapshot. It holds raw records (columns over an interned table) and builds
 * `Trace`, `Statistic` and `StatisticDiff` objects only when asked.
 */
export class Snapshot {
  readonly records: TraceRecords;
  readonly tracebackLimit: number;
  readonly traces: Traces;

  constructor(records: TraceRecords, tracebackLimit: number) {
    this.records = records;
    this.tracebackLimit = tracebackLimit;
    this.traces = new Traces(records);
  }

  /** CPython's `Snapshot(traces, traceback_limit)` from raw trace tuples. */
  static fromRawTraces(traces: readonly RawTrace[], tracebackLimit: number): Snapshot {
    const table = new TracebackTable();
    const n = traces.length;
    const records: TraceRecords = {
      table,
      domains: new Uint32Array(n),
      sizes: new Float64Array(n),
      tracebackIds: new Int32Array(n),
      totalNframes: new Int32Array(n),
    };
    const frameIds: number[] = [];
    traces.forEach(([domain, size, frames, totalNframe = null], i) => {
      if (!Number.isInteger(domain) || domain < 0 || domain > 0xffffffff) {
        throw new RangeError(`trace ${i}: the domain must be an unsigned 32-bit integer, not ${domain}`);
      }
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new RangeError(`trace ${i}: the size must be a non-negative integer, not ${size}`);
      }
      if (frames.length === 0) {
        throw new RangeError(`trace ${i} has no frame; use [['<unknown>', 0]] as _tracemalloc does`);
      }
      frameIds.length = 0;
      for (const [filename, lineno] of frames) frameIds.push(table.frameId(filename, lineno));
      records.domains[i] = domain;
      records.sizes[i] = size;
      records.tracebackIds[i] = table.internFrameIds(frameIds);
      records.totalNframes[i] = totalNframe ?? -1;
    });
    return new Snapshot(records, tracebackLimit);
  }

  /** The traces as raw tuples, frames most recent first (the inverse of `fromRawTraces`). */
  rawTraces(): RawTrace[] {
    const { table, domains, sizes, tracebackIds, totalNframes } = this.records;
    const out: RawTrace[] = [];
    for (let i = 0; i < sizes.length; i++) {
      const tb = tracebackIds[i];
      const frames: RawFrame[] = [];
      for (let f = 0; f < table.tracebackLength(tb); f++) {
        const frame = table.tracebackFrame(tb, f);
        frames.push([table.filename(table.frameFilenameId(frame)), table.frameLineno(frame)]);
      }
      out.push([domains[i], sizes[i], frames, totalNframes[i] === -1 ? null : totalNframes[i]]);
    }
    return out;
  }

  /**
   * `Snapshot.statistics(key_type, cumulative=False)`: traces grouped by `'filename'`,
   * `'lineno'` or `'traceback'`, sorted by size, count, then traceback, biggest first.
   */
  statistics(keyType: KeyType, cumulative = false): Statistic[] {
    return statisticsOf(groupTraces(this.records, keyType, cumulative));
  }

  /**
   * `Snapshot.compare_to(old_snapshot, key_type, cumulative=False)`: per key, the new size and
   * count and their change since `old`; keys only in `old` appear with size and count 0.
   */
  compareTo(old: Snapshot, keyType: KeyType, cumulative = false): StatisticDiff[] {
    const newer = groupTraces(this.records, keyType, cumulative);
    const older = groupTraces(old.records, keyType, cumulative);
    return diffGroups(newer, older);
  }

  /**
   * `Snapshot.filter_traces(filters)`: a trace is kept when any inclusive filter matches it (or
   * there is none) and no exclusive filter rejects it. No filter: a snapshot of the same traces.
   */
  filterTraces(filters: Iterable<TraceFilter>): Snapshot {
    const all = [...filters];
    if (all.length === 0) return new Snapshot(this.records, this.tracebackLimit);
    const { table, domains, tracebackIds } = this.records;
    const include: TraceMatcher[] = [];
    const exclude: TraceMatcher[] = [];
    for (const filter of all) (filter.inclusive ? include : exclude).push(filter.compile(table));
    const kept: number[] = [];
    for (let i = 0; i < tracebackIds.length; i++) {
      const domain = domains[i];
      const tb = tracebackIds[i];
      if (include.length > 0 && !include.some((match) => match(domain, tb))) continue;
      if (exclude.some((match) => !match(domain, tb))) continue;
      kept.push(i);
    }
    return new Snapshot(selectRecords(this.records, kept), this.tracebackLimit);
  }

  /** Equal traces in the same order and the same traceback limit. */
  equals(other: Snapshot): boolean {
    return this.tracebackLimit === other.tracebackLimit && this.traces.equals(other.traces);
  }

  /** The snapshot in memkit's snapshot file format (see the package README). */
  toBytes(): Uint8Array {
    return encodeSnapshot(this.records, this.tracebackLimit);
  }

  /** Reads a snapshot from bytes in memkit's format; `path` names the source in errors. */
  static fromBytes(bytes: Uint8Array, path = '<bytes>'): Snapshot {
    const { records, tracebackLimit } = decodeSnapshot(bytes, path);
    return new Snapshot(records, tracebackLimit);
  }

  /** `Snapshot.dump(filename)`: writes the snapshot file through `io`. */
  dump(path: string, io: SnapshotIO): void {
    io.write(path, this.toBytes());
  }

  /**
   * `Snapshot.load(filename)`: reads a snapshot file through `io`; a foreign, other-version,
   * truncated or corrupt file throws `SnapshotFileError`.
   */
  static load(path: string, io: SnapshotIO): Snapshot {
    return Snapshot.fromBytes(io.read(path), path);
  }
}
