import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SnapshotIO } from './snapshot-io';
import type { SourceReader } from './source-reader';

/**
 * Snapshot files on the local file system. `write` is atomic: the bytes go to a temporary file
 * beside the target, are flushed, then renamed over it, so a reader never sees half a snapshot
 * and a crash leaves the previous file intact.
 */
export const nodeSnapshotIO: SnapshotIO = {
  read(path: string): Uint8Array {
    return readFileSync(path);
  },

  write(path: string, bytes: Uint8Array): void {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      const fd = openSync(temporary, 'w');
      try {
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  },
};

/**
 * Source lines from the local files, like Python's `linecache`: each file is read once, split
 * on universal newlines, and a missing file or line gives `''`.
 */
export class NodeSourceReader implements SourceReader {
  private readonly files = new Map<string, readonly string[] | null>();

  getLine(filename: string, lineno: number): string {
    let lines = this.files.get(filename);
    if (lines === undefined) {
      lines = readLines(filename);
      this.files.set(filename, lines);
    }
    if (lines === null || lineno < 1 || lineno > lines.length) return '';
    return lines[lineno - 1];
  }

  /** Forgets the cached files (`linecache.clearcache()`). */
  clear(): void {
    this.files.clear();
  }
}

function readLines(filename: string): readonly string[] | null {
  try {
    return readFileSync(filename, 'utf8').split(/\r\n|\r|\n/);
  } catch {
    return null;
  }
}

export type { SnapshotIO } from './snapshot-io';
export type { SourceReader } from './source-reader';
