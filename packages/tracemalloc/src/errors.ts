import { MemkitError } from '@memkit/runtime';

/** Why a snapshot file could not be loaded. */
export type SnapshotFileErrorCode =
  /** Not a memkit snapshot file (another format, or not a snapshot at all). */
  | 'MEMKIT_SNAPSHOT_FOREIGN'
  /** A memkit snapshot in a format version this build does not read. */
  | 'MEMKIT_SNAPSHOT_VERSION'
  /** Shorter than its header says: cut short while written or copied. */
  | 'MEMKIT_SNAPSHOT_TRUNCATED'
  /** Damaged: checksum mismatch, trailing bytes, or contents that contradict each other. */
  | 'MEMKIT_SNAPSHOT_CORRUPT';

/** A snapshot file that `Snapshot.load` rejects; the message names the file and the problem. */
export class SnapshotFileError extends MemkitError {
  readonly path: string;

  constructor(code: SnapshotFileErrorCode, path: string, problem: string) {
    super(code, `cannot load tracemalloc snapshot ${path}: ${problem}`);
    this.path = path;
  }
}
