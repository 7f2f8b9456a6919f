import { Frame } from './frame';
import { Traceback } from './traceback';

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
  private readonly filenames: string[] = [];
  private readonly filenameIds = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly frameFilenames: number[] = [];
  private readonly frameLinenos: number[] = [];
  private readonly frameNames: number[] = [];
  /** Per filename id: lineno → frame id. */
  private readonly framesByFilename: Map<number, number>[] = [];
  /** Frame ids of every traceback, most recent first, concatenated; `tracebackStarts[id]` opens one. */
  private readonly tracebackFrames: number[] = [];
  private readonly tracebackStarts: number[] = [0];
  /** Trie nodes (0 is the root): children by frame id, parent, frame, depth, traceback id or -1. */
  private readonly trieChildren: (Map<number, number> | undefined)[] = [undefined];
  private readonly trieParents: number[] = [-1];
  private readonly trieFrames: number[] = [-1];
  private readonly trieDepths: number[] = [0];
  private readonly trieTracebacks: number[] = [-1];
  private readonly frameObjects: (Frame | undefined)[] = [];
  private readonly tracebackObjects: (Traceback | undefined)[] = [];

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
      this.framesByFilename.push(new Map());
    }
    return id;
  }

  frameId(filename: string, lineno: number, name: string | null = null): number {
    const byLine = this.framesByFilename[this.filenameId(filename)];
    let id = byLine.get(lineno);
    if (id === undefined) {
      id = this.frameFilenames.length;
      this.frameFilenames.push(this.filenameId(filename));
      this.frameLinenos.push(lineno);
      this.frameNames.push(name === null ? -1 : this.nameId(name));
      byLine.set(lineno, id);
    }
    return id;
  }

  /** Interns a stack given most recent frame first; negative line numbers become 0 as in CPython. */
  internFrames(frames: readonly FrameLike[]): number {
    let node = 0;
    for (const frame of frames) {
      node = this.child(node, this.frameId(frame.filename, Math.max(frame.lineno, 0), frame.name ?? null));
    }
    return this.tracebackAt(node);
  }

  /** Interns `frameIds[start..end)`, most recent first. */
  internFrameIds(frameIds: ArrayLike<number>, start = 0, end = frameIds.length): number {
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
    let children = this.trieChildren[node];
    if (children === undefined) {
      children = new Map();
      this.trieChildren[node] = children;
    }
    let next = children.get(frameId);
    if (next === undefined) {
      next = this.trieTracebacks.length;
      this.trieTracebacks.push(-1);
      this.trieChildren.push(undefined);
      this.trieParents.push(node);
      this.trieFrames.push(frameId);
      this.trieDepths.push(this.trieDepths[node] + 1);
      children.set(frameId, next);
    }
    return next;
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

  /** The traceback (oldest frame first, no `totalNframe`), made once per traceback id. */
  traceback(tracebackId: number): Traceback {
    let traceback = this.tracebackObjects[tracebackId];
    if (traceback === undefined) {
      const start = this.tracebackStarts[tracebackId];
      const end = this.tracebackStarts[tracebackId + 1];
      const frames: Frame[] = [];
      for (let i = end - 1; i >= start; i--) frames.push(this.frame(this.tracebackFrames[i]));
      traceback = new Traceback(frames);
      this.tracebackObjects[tracebackId] = traceback;
    }
    return traceback;
  }
}
