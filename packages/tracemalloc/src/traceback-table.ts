import { Frame } from './frame';
import { IntPairMap } from './int-pair-map';
import { Traceback } from './traceback';

/** The contents of a table as parallel columns (see `TracebackTable.fromColumns`). */
export interface TableColumns {
  readonly filenames: readonly string[];
  readonly names: readonly string[];
  readonly frameFilenames: ArrayLike<number>;
  readonly frameLinenos: ArrayLike<number>;
  /** Name id per frame, or -1. */
  readonly frameNames: ArrayLike<number>;
  readonly tracebackLengths: ArrayLike<number>;
  /** Frame ids of each traceback in turn, most recent first. */
  readonly tracebackFrames: ArrayLike<number>;
}

/** A frame as the runtime (or a raw trace) describes it; `name` is optional. */
export interface FrameLike {
  readonly filename: string;
  readonly lineno: number;
  readonly name?: string | null;
}

/**
 * Interned filenames, frames and tracebacks, shared by a tracer and the snapshots it takes
 * (CPython's `tracemalloc_filenames` and `tracemalloc_tracebacks`). Append-only: an id, once
 * given, always means the same thing, so a snapshot keeps the table while the tracer goes on
 * adding to it, and repeated tracebacks cost one id each. Frames are interned by
 * `(filename, lineno)`; the function name is the first one seen for that pair.
 *
 * Tracebacks are found through a trie keyed by frame id from the most recent frame, so interning
 * the stack of an allocation costs two map lookups per frame and allocates nothing when the
 * traceback is already known.
 */
export class TracebackTable {
  private filenames: string[] = [];
  private readonly filenameIds = new Map<string, number>();
  private names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private frameFilenames: number[] = [];
  private frameLinenos: number[] = [];
  private frameNames: number[] = [];
  /** (filename id, lineno) → frame id. */
  private readonly frameIds = new IntPairMap();
  /** Frame ids of every traceback, most recent first, concatenated; `tracebackStarts[id]` opens one. */
  private tracebackFrames: number[] = [];
  private tracebackStarts: number[] = [0];
  /** Trie nodes (0 is the root): (node, frame id) → child; parent, frame, depth, traceback id or -1. */
  private readonly trieChildren = new IntPairMap();
  private readonly trieParents: number[] = [-1];
  private readonly trieFrames: number[] = [-1];
  private readonly trieDepths: number[] = [0];
  private readonly trieTracebacks: number[] = [-1];
  private readonly frameObjects: (Frame | undefined)[] = [];
  /** False for a bulk-loaded table until something needs `frameIds` or the trie. */
  private indexed = true;

  /**
   * A table of given contents, as a snapshot file holds them: frames and tracebacks must be
   * distinct (the file writer's table was interned). The lookup structures are built only when
   * something interns into the table or looks a key up in it, so loading a snapshot to read its
   * statistics does not pay for hashing a million frames.
   */
  static fromColumns(columns: TableColumns): TracebackTable {
    const table = new TracebackTable();
    columns.filenames.forEach((filename) => {
      table.filenameId(filename);
    });
    columns.names.forEach((name) => {
      table.nameId(name);
    });
    table.frameFilenames = toNumbers(columns.frameFilenames);
    table.frameLinenos = toNumbers(columns.frameLinenos);
    table.frameNames = toNumbers(columns.frameNames);
    table.tracebackFrames = toNumbers(columns.tracebackFrames);
    const lengths = columns.tracebackLengths;
    const starts = new Array<number>(lengths.length + 1);
    starts[0] = 0;
    for (let i = 0; i < lengths.length; i++) starts[i + 1] = starts[i] + lengths[i];
    table.tracebackStarts = starts;
    table.indexed = false;
    return table;
  }

  get filenameCount(): number {
    return this.filenames.length;
  }

  get frameCount(): number {
    return this.frameFilenames.length;
  }

  get tracebackCount(): number {
    return this.tracebackStarts.length - 1;
  }

  // --- Interning ----------------------------------------------------------------------------

  filenameId(filename: string): number {
    let id = this.filenameIds.get(filename);
    if (id === undefined) {
      id = this.filenames.length;
      this.filenames.push(filename);
      this.filenameIds.set(filename, id);
    }
    return id;
  }

  frameId(filename: string, lineno: number, name: string | null = null): number {
    if (!this.indexed) this.buildIndexes();
    const filenameId = this.filenameId(filename);
    let id = this.frameIds.get(filenameId, lineno);
    if (id === -1) {
      id = this.frameFilenames.length;
      this.frameFilenames.push(filenameId);
      this.frameLinenos.push(lineno);
      this.frameNames.push(name === null ? -1 : this.nameId(name));
      this.frameIds.set(filenameId, lineno, id);
    }
    return id;
  }

  /** Interns a stack given most recent frame first; negative line numbers become 0 as in CPython. */
  internFrames(frames: readonly FrameLike[]): number {
    if (!this.indexed) this.buildIndexes();
    let node = 0;
    for (const frame of frames) {
      node = this.child(node, this.frameId(frame.filename, Math.max(frame.lineno, 0), frame.name ?? null));
    }
    return this.tracebackAt(node);
  }

  /** Interns `frameIds[start..end)`, most recent first. */
  internFrameIds(frameIds: ArrayLike<number>, start = 0, end = frameIds.length): number {
    if (!this.indexed) this.buildIndexes();
    let node = 0;
    for (let i = start; i < end; i++) node = this.child(node, frameIds[i]);
    return this.tracebackAt(node);
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  private child(node: number, frameId: number): number {
    let next = this.trieChildren.get(node, frameId);
    if (next === -1) {
      next = this.trieTracebacks.length;
      this.trieTracebacks.push(-1);
      this.trieParents.push(node);
      this.trieFrames.push(frameId);
      this.trieDepths.push(this.trieDepths[node] + 1);
      this.trieChildren.set(node, frameId, next);
    }
    return next;
  }

  /** The frame map and the trie of a bulk-loaded table. */
  private buildIndexes(): void {
    this.indexed = true;
    for (let f = 0; f < this.frameFilenames.length; f++)
      this.frameIds.set(this.frameFilenames[f], this.frameLinenos[f], f);
    for (let tb = 0; tb < this.tracebackCount; tb++) {
      let node = 0;
      for (let i = this.tracebackStarts[tb]; i < this.tracebackStarts[tb + 1]; i++) {
        node = this.child(node, this.tracebackFrames[i]);
      }
      this.trieTracebacks[node] = tb;
    }
  }

  private tracebackAt(node: number): number {
    let id = this.trieTracebacks[node];
    if (id === -1) {
      id = this.tracebackCount;
      this.trieTracebacks[node] = id;
      // The path from the root is the stack, most recent frame first: walk it back from the leaf.
      const start = this.tracebackFrames.length;
      const depth = this.trieDepths[node];
      for (let i = 0; i < depth; i++) this.tracebackFrames.push(0);
      for (let n = node, at = start + depth - 1; n !== 0; n = this.trieParents[n], at--) {
        this.tracebackFrames[at] = this.trieFrames[n];
      }
      this.tracebackStarts.push(start + depth);
    }
    return id;
  }

  // --- Looking up without interning (for matching another table's keys) -----------------------

  /** The id of `filename`, or -1 when the table has none. */
  findFilenameId(filename: string): number {
    return this.filenameIds.get(filename) ?? -1;
  }

  /** The id of the frame `(filename, lineno)`, or -1 when the table has none. */
  findFrameId(filename: string, lineno: number): number {
    if (!this.indexed) this.buildIndexes();
    const filenameId = this.filenameIds.get(filename);
    return filenameId === undefined ? -1 : this.frameIds.get(filenameId, lineno);
  }

  /** The id of the frame at `lineno` of filename `filenameId`, or -1 when the table has none. */
  findFrameIdIn(filenameId: number, lineno: number): number {
    if (!this.indexed) this.buildIndexes();
    return this.frameIds.get(filenameId, lineno);
  }

  /** The id of the traceback of `frameIds` (most recent first), or -1 when the table has none. */
  findTracebackId(frameIds: ArrayLike<number>): number {
    if (!this.indexed) this.buildIndexes();
    let node = 0;
    for (let i = 0; i < frameIds.length; i++) {
      node = this.trieChildren.get(node, frameIds[i]);
      if (node === -1) return -1;
    }
    return this.trieTracebacks[node];
  }

  // --- Reading ------------------------------------------------------------------------------

  filename(filenameId: number): string {
    return this.filenames[filenameId];
  }

  frameFilenameId(frameId: number): number {
    return this.frameFilenames[frameId];
  }

  frameLineno(frameId: number): number {
    return this.frameLinenos[frameId];
  }

  /** The id of the function name recorded for the frame (see `frameName`), or -1. */
  frameNameId(frameId: number): number {
    return this.frameNames[frameId];
  }

  /** The function name recorded for the frame, or null. */
  frameName(frameId: number): string | null {
    const id = this.frameNames[frameId];
    return id === -1 ? null : this.names[id];
  }

  tracebackLength(tracebackId: number): number {
    return this.tracebackStarts[tracebackId + 1] - this.tracebackStarts[tracebackId];
  }

  /** Frame id `index` of a traceback, 0 being the most recent frame. */
  tracebackFrame(tracebackId: number, index: number): number {
    return this.tracebackFrames[this.tracebackStarts[tracebackId] + index];
  }

  /** The frame as a value object, made once per frame id. */
  frame(frameId: number): Frame {
    // Filled in id order: assigning far past the end would turn the array into a dictionary.
    while (this.frameObjects.length < this.frameFilenames.length) this.frameObjects.push(undefined);
    let frame = this.frameObjects[frameId];
    if (frame === undefined) {
      frame = new Frame(
        this.filename(this.frameFilenames[frameId]),
        this.frameLinenos[frameId],
        this.frameName(frameId),
      );
      this.frameObjects[frameId] = frame;
    }
    return frame;
  }

  /** Traceback `tracebackId` (oldest frame first, no `totalNframe`); frames built when read. */
  traceback(tracebackId: number): Traceback {
    return Traceback.fromTable(this, 'traceback', tracebackId);
  }
}

// A preallocated copy: Array.from walks a typed array through its iterator, ten times slower.
function toNumbers(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
