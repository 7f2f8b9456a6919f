import { fnmatchRegExp } from './fnmatch';
import type { Trace } from './trace';
import type { TraceFilter, TraceMatcher } from './trace-filter';
import type { TracebackTable } from './traceback-table';

/**
 * Filter on traces by filename pattern (`fnmatch`), line number and domain, as CPython's
 * `tracemalloc.Filter`. Without `allFrames` only the most recent frame is checked. With a
 * `domain`, an inclusive filter also requires it and an exclusive one also drops it.
 */
export class Filter implements TraceFilter {
  readonly inclusive: boolean;
  /** The pattern after `_normalize_filename` (a trailing `.pyc` becomes `.py`). */
  readonly filenamePattern: string;
  readonly lineno: number | null;
  readonly allFrames: boolean;
  readonly domain: number | null;
  private readonly pattern: RegExp;

  constructor(
    inclusive: boolean,
    filenamePattern: string,
    lineno: number | null = null,
    allFrames = false,
    domain: number | null = null,
  ) {
    this.inclusive = inclusive;
    this.filenamePattern = normalizeFilename(filenamePattern);
    this.lineno = lineno;
    this.allFrames = allFrames;
    this.domain = domain;
    this.pattern = fnmatchRegExp(this.filenamePattern);
  }

  /** `_match_frame_impl`: the filename matches the pattern and the line number, if set. */
  matchesFrame(filename: string, lineno: number): boolean {
    if (!this.pattern.test(normalizeFilename(filename))) return false;
    return this.lineno === null || lineno === this.lineno;
  }

  /** `_match` on one trace. */
  match(trace: Trace): boolean {
    const frames = trace.traceback.frames;
    let result: boolean;
    if (this.allFrames) {
      result = frames.some((f) => this.matchesFrame(f.filename, f.lineno)) ? this.inclusive : !this.inclusive;
    } else {
      const recent = frames[frames.length - 1];
      result = this.matchesFrame(recent.filename, recent.lineno) !== !this.inclusive;
    }
    return this.withDomain(result, trace.domain);
  }

  compile(table: TracebackTable): TraceMatcher {
    // Per-id caches (0 unknown, 1 no, 2 yes): a snapshot has few distinct filenames and frames.
    const filenameMatches = new Uint8Array(table.filenameCount);
    const tracebackMatches = new Uint8Array(table.tracebackCount);
    const frameMatches = (frameId: number): boolean => {
      const filenameId = table.frameFilenameId(frameId);
      let cached = filenameMatches[filenameId];
      if (cached === 0) {
        cached = this.pattern.test(normalizeFilename(table.filename(filenameId))) ? 2 : 1;
        filenameMatches[filenameId] = cached;
      }
      return cached === 2 && (this.lineno === null || table.frameLineno(frameId) === this.lineno);
    };
    const tracebackMatch = (tracebackId: number): boolean => {
      if (this.allFrames) {
        const n = table.tracebackLength(tracebackId);
        for (let i = 0; i < n; i++)
          if (frameMatches(table.tracebackFrame(tracebackId, i))) return this.inclusive;
        return !this.inclusive;
      }
      return frameMatches(table.tracebackFrame(tracebackId, 0)) !== !this.inclusive;
    };
    return (domain, tracebackId) => {
      let cached = tracebackMatches[tracebackId];
      if (cached === 0) {
        cached = tracebackMatch(tracebackId) ? 2 : 1;
        tracebackMatches[tracebackId] = cached;
      }
      return this.withDomain(cached === 2, domain);
    };
  }

  private withDomain(result: boolean, domain: number): boolean {
    if (this.domain === null) return result;
    return this.inclusive ? result && domain === this.domain : result || domain !== this.domain;
  }
}

/** Filter on traces by memory domain only (`tracemalloc.DomainFilter`). */
export class DomainFilter implements TraceFilter {
  readonly inclusive: boolean;
  readonly domain: number;

  constructor(inclusive: boolean, domain: number) {
    this.inclusive = inclusive;
    this.domain = domain;
  }

  match(trace: Trace): boolean {
    return (trace.domain === this.domain) !== !this.inclusive;
  }

  compile(): TraceMatcher {
    return (domain) => (domain === this.domain) !== !this.inclusive;
  }
}

/**
 * `_normalize_filename`: `os.path.normcase` (the identity on POSIX, which memkit models) and a
 * trailing `.pyc` shortened to `.py`.
 */
export function normalizeFilename(filename: string): string {
  return filename.endsWith('.pyc') ? filename.slice(0, -1) : filename;
}
