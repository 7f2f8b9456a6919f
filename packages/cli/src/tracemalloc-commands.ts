import { gzipSync } from 'node:zlib';
import { type KeyType, toPprof } from '@memkit/tracemalloc';
import { NodeSourceReader } from '@memkit/tracemalloc/node';
import { BAD_INPUT_EXIT, BadInputError, fileProblem } from './bad-input';
import type { CliIO } from './cli-io';
import { loadSnapshotFile } from './snapshot-file';
import { writeFileAtomic } from './write-file-atomic';

/** The grouping and length of a statistics listing. */
export interface StatisticsOptions {
  keyType: KeyType;
  /** How many lines to print (the `[:limit]` of the Python recipe). */
  limit: number;
  /** Count a trace in every frame of its traceback, not only the most recent one. */
  cumulative: boolean;
}

/**
 * `memkit tracemalloc top snap`: prints what
 * `for stat in Snapshot.load(snap).statistics(key_type, cumulative)[:limit]: print(stat)` prints.
 * With key type `traceback`, each statistic is followed by its `traceback.format()` lines (the
 * docs' recipe), because `str()` of a traceback names only its oldest frame.
 */
export function tracemallocTop(path: string, options: StatisticsOptions, io: CliIO): number {
  return reportingBadInput('top', io, () => {
    checkCumulative(options);
    const snapshot = loadSnapshotFile(path, io);
    const source = new NodeSourceReader();
    for (const stat of snapshot.statistics(options.keyType, options.cumulative).slice(0, options.limit)) {
      io.stdout(`${String(stat)}\n`);
      if (options.keyType === 'traceback') {
        for (const line of stat.traceback.format(null, false, source)) io.stdout(`${line}\n`);
      }
    }
  });
}

/**
 * `memkit tracemalloc diff old new`: prints what
 * `for stat in new.compare_to(old, key_type, cumulative)[:limit]: print(stat)` prints.
 */
export function tracemallocDiff(
  oldPath: string,
  newPath: string,
  options: StatisticsOptions,
  io: CliIO,
): number {
  return reportingBadInput('diff', io, () => {
    checkCumulative(options);
    const old = loadSnapshotFile(oldPath, io);
    const current = loadSnapshotFile(newPath, io);
    for (const diff of current.compareTo(old, options.keyType, options.cumulative).slice(0, options.limit)) {
      io.stdout(`${String(diff)}\n`);
    }
  });
}

/**
 * `memkit tracemalloc export snap -o heap.pb.gz`: the snapshot as a pprof heap profile
 * (`go tool pprof`, speedscope, Pyroscope), gzipped when the name ends in `.gz` as pprof files
 * usually are; written atomically.
 */
export function tracemallocExport(path: string, output: string, io: CliIO): number {
  return reportingBadInput('export', io, () => {
    const snapshot = loadSnapshotFile(path, io);
    const profile = toPprof(snapshot);
    const bytes = output.endsWith('.gz') ? gzipSync(profile) : profile;
    try {
      writeFileAtomic(output, bytes);
    } catch (error) {
      throw new BadInputError(`cannot write '${output}': ${fileProblem(error)}`);
    }
    const samples = snapshot.statistics('traceback').length;
    io.stdout(
      `Wrote ${output}: pprof heap profile of ${snapshot.traces.length} traces in ${samples} samples ` +
        `(inuse_space/bytes, inuse_objects/count)\n`,
    );
  });
}

function checkCumulative(options: StatisticsOptions): void {
  if (options.cumulative && options.keyType === 'traceback') {
    // CPython's own message, typo included.
    throw new BadInputError("cumulative mode cannot by used with key type 'traceback'");
  }
}

/** Runs a command body; bad input becomes its message on stderr and exit status 2. */
function reportingBadInput(command: string, io: CliIO, body: () => void): number {
  try {
    body();
    return 0;
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    io.stderr(`memkit tracemalloc ${command}: ${error.message}\n`);
    return BAD_INPUT_EXIT;
  }
}
