import { compareStrings } from './python-order';
import type { TracebackTable } from './traceback-table';

const LINES = 2 ** 32;

/**
 * Python's order of frames as numbers, for the sorts of `statistics` and `compare_to`:
 * filenames are ranked by code point once, then a frame `(filename, lineno)` is
 * `rank * 2**32 + lineno` (line numbers are unsigned 32-bit), so comparing keys is arithmetic
 * rather than string work. Comparing a million statistics' tracebacks as strings took seconds.
 * One order can span several tables, so the groups of two snapshots compare.
 */
export class FrameOrder {
  private readonly fileRanks = new Map<TracebackTable, Float64Array>();
  private readonly frameRanks = new Map<TracebackTable, Float64Array>();

  constructor(tables: readonly TracebackTable[]) {
    const filenames = new Set<string>();
    for (const table of tables)
      for (let i = 0; i < table.filenameCount; i++) filenames.add(table.filename(i));
    const ranks = new Map<string, number>();
    [...filenames].sort(compareStrings).forEach((filename, rank) => {
      ranks.set(filename, rank);
    });
    for (const table of tables) {
      const fileRanks = new Float64Array(table.filenameCount);
      for (let i = 0; i < fileRanks.length; i++) fileRanks[i] = ranks.get(table.filename(i)) as number;
      this.fileRanks.set(table, fileRanks);
    }
  }

  /** The rank of the frame `(filename, 0)`, a `filename` key. */
  filenameRank(table: TracebackTable, filenameId: number): number {
    return this.fileRanksOf(table)[filenameId] * LINES;
  }

  frameRank(table: TracebackTable, frameId: number): number {
    let ranks = this.frameRanks.get(table);
    if (ranks === undefined) {
      const fileRanks = this.fileRanksOf(table);
      ranks = new Float64Array(table.frameCount);
      for (let f = 0; f < ranks.length; f++) {
        ranks[f] = fileRanks[table.frameFilenameId(f)] * LINES + table.frameLineno(f);
      }
      this.frameRanks.set(table, ranks);
    }
    return ranks[frameId];
  }

  /** Python's order of two tracebacks' frame tuples, oldest frame first. */
  compareTracebacks(a: TracebackTable, aId: number, b: TracebackTable, bId: number): number {
    const aLength = a.tracebackLength(aId);
    const bLength = b.tracebackLength(bId);
    for (let i = 1; i <= Math.min(aLength, bLength); i++) {
      const c =
        this.frameRank(a, a.tracebackFrame(aId, aLength - i)) -
        this.frameRank(b, b.tracebackFrame(bId, bLength - i));
      if (c !== 0) return c;
    }
    return aLength - bLength;
  }

  private fileRanksOf(table: TracebackTable): Float64Array {
    const ranks = this.fileRanks.get(table);
    if (ranks === undefined) throw new RangeError('FrameOrder: the table was not given to the constructor');
    return ranks;
  }
}
