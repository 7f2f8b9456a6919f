import { MemkitError } from '@memkit/runtime';
import { formatFixed } from './format-mib';
import type { MemorySample } from './memory-usage';

/** A `FUNC` line: one call of a function decorated with `@profile` under `mprof run`. */
export interface FunctionBracket {
  /** `module.function`, as memory_profiler's `TimeStamper` names it. */
  readonly name: string;
  readonly start: MemorySample;
  readonly end: MemorySample;
  /** Nesting depth among the timestamped calls (0: outermost). */
  readonly level: number;
}

/** The contents of an mprof `.dat` file: memory over time and the function brackets. */
export interface MprofData {
  /** The `CMDLINE` the run was started with (null when the file has none). */
  readonly cmdline: string | null;
  readonly samples: readonly MemorySample[];
  readonly functions: readonly FunctionBracket[];
}

/** A `.dat` file that cannot be read as mprof data; the message names the file and line. */
export class MprofDataError extends MemkitError {
  constructor(message: string) {
    super('MEMKIT_BAD_MPROF_DATA', message);
  }
}

/**
 * The lines of a `.dat` file as `mprof run` writes it: `CMDLINE <cmd>`, then `MEM <MiB>
 * <time>` per sample (`memory_usage(stream=…)`'s `MEM {:.6f} {:.4f}`), then a `FUNC` line per
 * call (`TimeStamper.show_results`' `FUNC %s %.4f %.4f %.4f %.4f %d`). Times are seconds since
 * the epoch.
 */
export function formatMprofData(data: MprofData): string[] {
  const lines: string[] = [];
  if (data.cmdline !== null) lines.push(`CMDLINE ${data.cmdline}`);
  for (const { mib, time } of data.samples) lines.push(`MEM ${formatFixed(mib, 6)} ${formatFixed(time, 4)}`);
  for (const f of data.functions) {
    const cells = [f.start.mib, f.start.time, f.end.mib, f.end.time].map((v) => formatFixed(v, 4));
    lines.push(`FUNC ${f.name} ${cells.join(' ')} ${f.level}`);
  }
  return lines;
}

/**
 * Reads a `.dat` file's text like mprof's `read_mprofile_file`: `CMDLINE`, `MEM` and `FUNC`
 * lines, and `CHLD` lines (child processes, which memkit never has) skipped. Unlike mprof, which
 * skips what it cannot parse, a malformed line is an error naming `filename` and the line, and
 * a file with no `MEM` line is refused: there would be nothing to plot.
 */
export function parseMprofData(text: string, filename: string): MprofData {
  let cmdline: string | null = null;
  const samples: MemorySample[] = [];
  const functions: FunctionBracket[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const bad = (what: string) =>
      new MprofDataError(`${filename}, line ${index + 1}: ${what}: ${JSON.stringify(line.slice(0, 80))}`);
    const [kind, ...fields] = line.trim().split(/\s+/);
    if (kind === 'CMDLINE') {
      cmdline = line.trim().slice('CMDLINE'.length).trim();
    } else if (kind === 'MEM') {
      const [mib, time] = numbers(fields, 2);
      if (mib === undefined) throw bad('expected "MEM <MiB> <time>"');
      samples.push({ mib, time });
    } else if (kind === 'FUNC') {
      const [name, ...rest] = fields;
      const values = numbers(rest.slice(0, 4), 4);
      const level = rest.length === 5 ? Number(rest[4]) : 0;
      if (
        name === undefined ||
        values[0] === undefined ||
        (rest.length !== 4 && rest.length !== 5) ||
        !Number.isInteger(level)
      ) {
        throw bad('expected "FUNC <name> <MiB> <start> <MiB> <end> [<level>]"');
      }
      const [startMib, startTime, endMib, endTime] = values;
      functions.push({
        name,
        start: { mib: startMib, time: startTime },
        end: { mib: endMib, time: endTime },
        level,
      });
    } else if (kind !== 'CHLD') {
      throw bad(`not an mprof line (expected CMDLINE, MEM, FUNC or CHLD)`);
    }
  });
  if (samples.length === 0) throw new MprofDataError(`${filename}: no MEM lines: not an mprof .dat file`);
  return { cmdline, samples, functions };
}

/** Exactly `count` finite numbers, or an empty array. */
function numbers(fields: readonly string[], count: number): number[] {
  if (fields.length !== count) return [];
  const values = fields.map(Number);
  return values.every((v, i) => Number.isFinite(v) && fields[i] !== '') ? values : [];
}
