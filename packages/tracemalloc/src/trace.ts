import { formatSize } from './format-size';
import type { Traceback } from './traceback';

/** Trace of a memory block: its domain, requested size and allocation traceback. */
export class Trace {
  readonly domain: number;
  readonly size: number;
  readonly traceback: Traceback;

  constructor(domain: number, size: number, traceback: Traceback) {
    this.domain = domain;
    this.size = size;
    this.traceback = traceback;
  }

  /** Equal as CPython's `(domain, size, frames, total_nframe)` tuples. */
  equals(other: Trace): boolean {
    return (
      this.domain === other.domain &&
      this.size === other.size &&
      this.traceback.totalNframe === other.traceback.totalNframe &&
      this.traceback.equals(other.traceback)
    );
  }

  /** `str(trace)`: `tm1.py:4: 32 B`. */
  toString(): string {
    return `${this.traceback}: ${formatSize(this.size, false)}`;
  }

  /** `repr(trace)`: `<Trace domain=0 size=32 B, traceback=<Traceback …>>`. */
  repr(): string {
    return `<Trace domain=${this.domain} size=${formatSize(this.size, false)}, traceback=${this.traceback.repr()}>`;
  }
}
