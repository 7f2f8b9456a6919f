import { formatMib } from './format-mib';
import type { FunctionStats, LineStats } from './line-stats';

/** How `formatLineTable` writes numbers. */
export interface LineTableOptions {
  /** Digits after the point in MiB cells (memory_profiler: 1 for `@profile`, 3 for the CLI). */
  precision?: number;
}

/** `show_results`'s `template = '{0:>6} {1:>12} {2:>12}  {3:>10}   {4:<}'`. */
function row(lineno: string, mem: string, inc: string, occurrences: string, contents: string): string {
  return `${lineno.padStart(6)} ${mem.padStart(12)} ${inc.padStart(12)}  ${occurrences.padStart(10)}   ${contents}`;
}

/** The 61-character header ("Occurrences" overflows its 10-character field). */
export const LINE_TABLE_HEADER = row('Line #', 'Mem usage', 'Increment', 'Occurrences', 'Line Contents');

/**
 * memory_profiler's `show_results` as lines (join with '\n' and end with '\n' for its exact
 * text): per measured function, `Filename: …`, a blank line, the header, a rule of `=` as long
 * as the header, one row per source line (empty cells for lines never measured), then the two
 * blank lines its `'\n\n'` leaves. Functions that were never measured are skipped.
 */
export function formatLineTable(stats: LineStats, options: LineTableOptions = {}): string[] {
  const precision = options.precision ?? 1;
  const lines: string[] = [];
  for (const fn of stats.functions) {
    if (fn.measured) lines.push(...formatFunction(fn, precision));
  }
  return lines;
}

function formatFunction(fn: FunctionStats, precision: number): string[] {
  const lines = [`Filename: ${fn.filename}`, '', LINE_TABLE_HEADER, '='.repeat(LINE_TABLE_HEADER.length)];
  for (let lineno = fn.firstLine; lineno <= fn.tableLastLine; lineno++) {
    const record = fn.record(lineno);
    const contents = fn.source[lineno - fn.firstLine] ?? '';
    lines.push(
      record === null
        ? row(String(lineno), '', '', '', contents)
        : row(
            String(lineno),
            formatMib(record.memUsage, precision),
            formatMib(record.increment, precision),
            fn.countsOccurrences ? String(record.occurrences) : '',
            contents,
          ),
    );
  }
  lines.push('', '');
  return lines;
}
