import { reprStr } from '@memkit/runtime';
import { compareStrings } from './python-order';

/**
 * Frame of a traceback: a filename and a line number. Equality, ordering and `key` use only
 * those two, as CPython's `Frame` does; `name` (the function, when the frame source knows it)
 * rides along for pprof export.
 */
export class Frame {
  readonly filename: string;
  readonly lineno: number;
  readonly name: string | null;
  private keyText: string | undefined;

  constructor(filename: string, lineno: number, name: string | null = null) {
    this.filename = filename;
    this.lineno = lineno;
    this.name = name;
  }

  /** Canonical grouping key: equal frames have equal keys. */
  get key(): string {
    if (this.keyText === undefined) this.keyText = `${this.filename.length}:${this.filename}:${this.lineno}`;
    return this.keyText;
  }

  equals(other: Frame): boolean {
    return this.filename === other.filename && this.lineno === other.lineno;
  }

  /** Python's `(filename, lineno)` tuple order. */
  compare(other: Frame): number {
    return compareFrames(this, other);
  }

  /** `str(frame)`: `tm1.py:4`. */
  toString(): string {
    return `${this.filename}:${this.lineno}`;
  }

  /** `repr(frame)`: `<Frame filename='tm1.py' lineno=4>`. */
  repr(): string {
    return `<Frame filename=${reprStr(this.filename)} lineno=${this.lineno}>`;
  }
}

/** Orders frames as Python orders `(filename, lineno)` tuples. */
export function compareFrames(a: Frame, b: Frame): number {
  if (a === b) return 0;
  return compareStrings(a.filename, b.filename) || a.lineno - b.lineno;
}
