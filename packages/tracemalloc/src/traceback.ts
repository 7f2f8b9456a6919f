import { compareFrames, Frame } from './frame';
import { NO_SOURCE, type SourceReader } from './source-reader';
import type { TracebackTable } from './traceback-table';

/** What a table-backed traceback stands for: a traceback id, one frame id, or a file at line 0. */
export type TracebackTableKey = 'traceback' | 'frame' | 'filename';

/** A key of an interned table, standing for a traceback (see `Traceback.fromTable`). */
export interface TracebackRef {
  readonly table: TracebackTable;
  readonly key: TracebackTableKey;
  readonly id: number;
}

/**
 * Traceback of a memory block: frames from the oldest to the most recent, as CPython's
 * `Traceback` (which reverses the most-recent-first tuple `_tracemalloc` returns). `totalNframe`
 * is the depth of the stack before truncation to the traceback limit, or null when unknown.
 *
 * A traceback read from a snapshot refers to its interned table and builds its `Frame` array
 * only when the frames are asked for: `statistics()` over a million distinct tracebacks makes a
 * million `Statistic`s and tracebacks, not a few million frames and arrays as well, and
 * `str(tb)` reads the oldest frame straight from the table.
 */
export class Traceback implements Iterable<Frame> {
  readonly totalNframe: number | null;
  private frameList: readonly Frame[] | undefined;
  private readonly table: TracebackTable | null;
  private readonly tableKey: TracebackTableKey;
  private readonly id: number;
  private keyText: string | undefined;

  /**
   * A traceback of `frames`, oldest first (the array is owned by the traceback from now on), or
   * of a table key whose frames are built when first read.
   */
  constructor(frames: readonly Frame[] | TracebackRef, totalNframe: number | null = null) {
    this.totalNframe = totalNframe;
    if (isFrameArray(frames)) {
      this.frameList = frames;
      this.table = null;
      this.tableKey = 'traceback';
      this.id = -1;
    } else {
      this.frameList = undefined;
      this.table = frames.table;
      this.tableKey = frames.key;
      this.id = frames.id;
    }
  }

  /** CPython's constructor: frames most recent first, as `_tracemalloc` records them. */
  static fromMostRecentFirst(frames: readonly Frame[], totalNframe: number | null = null): Traceback {
    return new Traceback([...frames].reverse(), totalNframe);
  }

  /**
   * The traceback that key `id` of `table` stands for: traceback `id`, `Traceback((frame,))`
   * for frame `id`, or `Traceback(((filename, 0),))` for filename `id`.
   */
  static fromTable(
    table: TracebackTable,
    key: TracebackTableKey,
    id: number,
    totalNframe: number | null = null,
  ): Traceback {
    return new Traceback({ table, key, id }, totalNframe);
  }

  /** The frames, oldest first. */
  get frames(): readonly Frame[] {
    if (this.frameList === undefined) this.frameList = this.buildFrames();
    return this.frameList;
  }

  get length(): number {
    if (this.frameList !== undefined || this.table === null) return this.frames.length;
    return this.tableKey === 'traceback' ? this.table.tracebackLength(this.id) : 1;
  }

  /** `tb[index]`, negative indexes counting from the most recent frame. */
  at(index: number): Frame | undefined {
    return this.frames.at(index);
  }

  [Symbol.iterator](): Iterator<Frame> {
    return this.frames[Symbol.iterator]();
  }

  includes(frame: Frame): boolean {
    return this.frames.some((f) => f.equals(frame));
  }

  /** The same frames with another `totalNframe` (frames shared). */
  withTotalNframe(totalNframe: number | null): Traceback {
    if (totalNframe === this.totalNframe) return this;
    if (this.table === null || this.frameList !== undefined) return new Traceback(this.frames, totalNframe);
    return Traceback.fromTable(this.table, this.tableKey, this.id, totalNframe);
  }

  /** Canonical grouping key over the frames (not `totalNframe`, which equality ignores). */
  get key(): string {
    if (this.keyText === undefined) this.keyText = this.frames.map((f) => f.key).join(';');
    return this.keyText;
  }

  equals(other: Traceback): boolean {
    if (this === other) return true;
    if (this.table !== null && this.table === other.table && this.tableKey === other.tableKey) {
      return this.id === other.id;
    }
    if (this.frames === other.frames) return true;
    if (this.frames.length !== other.frames.length) return false;
    return this.frames.every((f, i) => f.equals(other.frames[i]));
  }

  /** Python's tuple order over the frames, oldest first. */
  compare(other: Traceback): number {
    return compareTracebacks(this, other);
  }

  /** `str(tb)`: the OLDEST frame (`str(self[0])`). */
  toString(): string {
    if (this.frameList === undefined && this.table !== null) return this.oldestFromTable();
    const oldest = this.frames[0];
    if (oldest === undefined) throw new RangeError('tuple index out of range: the traceback has no frame');
    return oldest.toString();
  }

  /** `repr(tb)`: `<Traceback (<Frame …>,) total_nframe=2>`. */
  repr(): string {
    const items = this.frames.map((f) => f.repr());
    const tuple = items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return this.totalNframe === null
      ? `<Traceback ${tuple}>`
      : `<Traceback ${tuple} total_nframe=${this.totalNframe}>`;
  }

  private oldestFromTable(): string {
    const table = this.table as TracebackTable;
    if (this.tableKey === 'filename') return `${table.filename(this.id)}:0`;
    const frame =
      this.tableKey === 'frame' ? this.id : table.tracebackFrame(this.id, table.tracebackLength(this.id) - 1);
    return `${table.filename(table.frameFilenameId(frame))}:${table.frameLineno(frame)}`;
  }

  private buildFrames(): readonly Frame[] {
    const table = this.table as TracebackTable;
    if (this.tableKey === 'filename') return [new Frame(table.filename(this.id), 0)];
    if (this.tableKey === 'frame') return [table.frame(this.id)];
    const frames: Frame[] = [];
    for (let i = table.tracebackLength(this.id) - 1; i >= 0; i--)
      frames.push(table.frame(table.tracebackFrame(this.id, i)));
    return frames;
  }

  /**
   * `Traceback.format(limit, most_recent_first)`: a positive limit keeps the newest `limit`
   * frames, zero or a negative one drops `|limit|` newest frames (`self[:limit]`). Each frame
   * gives `  File "f", line N`, then `    <source line stripped>` when `source` has the line.
   */
  format(limit: number | null = null, mostRecentFirst = false, source: SourceReader = NO_SOURCE): string[] {
    let selected: readonly Frame[] = this.frames;
    if (limit !== null) selected = limit > 0 ? this.frames.slice(-limit) : this.frames.slice(0, limit);
    if (mostRecentFirst) selected = [...selected].reverse();
    const lines: string[] = [];
    for (const frame of selected) {
      lines.push(`  File "${frame.filename}", line ${frame.lineno}`);
      const line = pythonStrip(source.getLine(frame.filename, frame.lineno));
      if (line !== '') lines.push(`    ${line}`);
    }
    return lines;
  }
}

/** Orders tracebacks as Python orders their frame tuples (oldest first, shorter prefix first). */
export function compareTracebacks(a: Traceback, b: Traceback): number {
  if (a === b) return 0;
  const x = a.frames;
  const y = b.frames;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compareFrames(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

// str.strip(): Python's whitespace (str.isspace), which differs from String.prototype.trim
// (Python strips \x1c-\x1f and \x85, keeps \ufeff).
const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

function pythonStrip(text: string): string {
  return text.replace(PY_STRIP, '');
}

function isFrameArray(frames: readonly Frame[] | TracebackRef): frames is readonly Frame[] {
  return Array.isArray(frames);
}
