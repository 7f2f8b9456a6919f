import { Trace } from './trace';
import { sameTraceback, type TraceRecords } from './trace-records';

/**
 * The traces of a snapshot as a read-only sequence (CPython's `_Traces`): each `Trace` is
 * built when read, so a snapshot of a million traces holds only its columns.
 */
export class Traces implements Iterable<Trace> {
  private readonly records: TraceRecords;

  constructor(records: TraceRecords) {
    this.records = records;
  }

  get length(): number {
    return this.records.sizes.length;
  }

  /** `traces[index]`, negative indexes counting from the end. */
  at(index: number): Trace | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    const r = this.records;
    const total = r.totalNframes[i];
    const traceback = r.table.traceback(r.tracebackIds[i]).withTotalNframe(total === -1 ? null : total);
    return new Trace(r.domains[i], r.sizes[i], traceback);
  }

  *[Symbol.iterator](): Iterator<Trace> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Trace;
  }

  /** `traces[start:end]` as an array of traces. */
  slice(start = 0, end = this.length): Trace[] {
    const out: Trace[] = [];
    const n = this.length;
    const from = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    const to = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
    for (let i = from; i < to; i++) out.push(this.at(i) as Trace);
    return out;
  }

  includes(trace: Trace): boolean {
    for (const t of this) if (t.equals(trace)) return true;
    return false;
  }

  /** Equal as CPython compares `_Traces`: same traces in the same order. */
  equals(other: Traces): boolean {
    if (this.length !== other.length) return false;
    const a = this.records;
    const b = other.records;
    for (let i = 0; i < this.length; i++) {
      if (a.domains[i] !== b.domains[i] || a.sizes[i] !== b.sizes[i]) return false;
      if (a.totalNframes[i] !== b.totalNframes[i]) return false;
      if (!sameTraceback(a.table, a.tracebackIds[i], b.table, b.tracebackIds[i])) return false;
    }
    return true;
  }

  /** `repr(snapshot.traces)`: `<Traces len=99748>`. */
  toString(): string {
    return `<Traces len=${this.length}>`;
  }
}
