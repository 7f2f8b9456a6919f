import { compareFrames, type Frame } from './frame';
import { NO_SOURCE, type SourceReader } from './source-reader';

/**
 * Traceback of a memory block: frames from the oldest to the most recent, as CPython's
 * `Traceback` (which reverses the most-recent-first tuple `_tracemalloc` returns). `totalNframe`
 * is the depth of the stack before truncation to the traceback limit, or null when unknown.
 * The frames array is owned by the traceback and never changed.
 */
export class Traceback implements Iterable<Frame> {
  readonly frames: readonly Frame[];
  readonly totalNframe: number | null;
  private keyText: string | undefined;

  constructor(frames: readonly Frame[], totalNframe: number | null = null) {
    this.frames = frames;
    this.totalNframe = totalNframe;
  }

  /** CPython's constructor: frames most recent first, as `_tracemalloc` records them. */
  static fromMostRecentFirst(frames: readonly Frame[], totalNframe: number | null = null): Traceback {
    return new Traceback([...frames].reverse(), totalNframe);
  }

  get length(): number {
    return this.frames.length;
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
    return totalNframe === this.totalNframe ? this : new Traceback(this.frames, totalNframe);
  }

  /** Canonical grouping key over the frames (not `totalNframe`, which equality ignores). */
  get key(): string {
    if (this.keyText === undefined) this.keyText = this.frames.map((f) => f.key).join(';');
    return this.keyText;
  }

  equals(other: Traceback): boolean {
    if (this === other || this.frames === other.frames) return true;
    if (this.frames.length !== other.frames.length) return false;
    return this.frames.every((f, i) => f.equals(other.frames[i]));
  }

  /** Python's tuple order over the frames, oldest first. */
  compare(other: Traceback): number {
    return compareTracebacks(this, other);
  }

  /** `str(tb)`: the OLDEST frame (`str(self[0])`). */
  toString(): string {
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
