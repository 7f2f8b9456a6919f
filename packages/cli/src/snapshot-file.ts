import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Snapshot, SnapshotFileError } from '@memkit/tracemalloc';
import { BadInputError, fileProblem } from './bad-input';
import { type CliIO, startProgress } from './cli-io';

/** Bytes read between two progress updates. */
const CHUNK = 4 * 1024 * 1024;

/**
 * Loads a memkit snapshot file (`Snapshot.dump`), showing how much is read on a terminal: a
 * snapshot of a million traces is tens of megabytes. A missing, unreadable, foreign, truncated
 * or corrupt file throws `BadInputError` naming the file and what is wrong.
 */
export function loadSnapshotFile(path: string, io: CliIO): Snapshot {
  const progress = startProgress(io);
  try {
    const bytes = readWithProgress(path, (read, total) =>
      progress.update(
        `Reading ${path} (${megabytes(read)}/${megabytes(total)} MB)`,
        total === 0 ? 1 : read / total,
      ),
    );
    progress.update(`Decoding ${path}`);
    return Snapshot.fromBytes(bytes, path);
  } catch (error) {
    if (error instanceof SnapshotFileError) throw new BadInputError(error.message);
    throw error;
  } finally {
    progress.done();
  }
}

function readWithProgress(path: string, report: (read: number, total: number) => void): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BadInputError(`cannot read snapshot '${path}': ${fileProblem(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BadInputError(`cannot read snapshot '${path}': it is a directory`);
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, Math.min(CHUNK, bytes.length - read), null);
      if (n === 0) break;
      read += n;
      report(read, bytes.length);
    }
    return read === bytes.length ? bytes : bytes.subarray(0, read);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`cannot read snapshot '${path}': ${fileProblem(error)}`);
  } finally {
    closeSync(fd);
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
