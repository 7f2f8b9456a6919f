import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSize } from '@memkit/tracemalloc';
import { NodeSourceReader } from '@memkit/tracemalloc/node';
import { BAD_INPUT_EXIT, BadInputError, fileProblem } from './bad-input';
import { type CliIO, startProgress } from './cli-io';
import { loadScriptTools, runScript, type ScriptTools } from './run-script';
import { loadSnapshotFile } from './snapshot-file';
import { writeFileAtomic } from './write-file-atomic';

/** The leak hunt the demo runs: from `src/` and from `dist/` alike, the repository's example. */
export const LEAK_HUNT_SCRIPT = fileURLToPath(
  new URL('../../../examples/leak-hunt/leak_hunt.py', import.meta.url),
);

/** The files the leak hunt leaves in the demo folder, in the order the summary lists them. */
export const DEMO_FILES = [
  'report.txt',
  'leak-backrefs.png',
  'leak-backrefs.svg',
  'before.snapshot',
  'after.snapshot',
] as const;

/** What the demo found, for its summary. */
export interface LeakFindings {
  /** `file:line` of the line whose allocations grew most between the two snapshots. */
  location: string;
  /** That line's source, stripped. */
  sourceLine: string;
  /** How much it grew, `_format_size` signed, and by how many blocks. */
  sizeDiff: string;
  countDiff: number;
  /** Growth summed over every line. */
  totalDiff: string;
  /** `module -> dict -> dict -> Response`, from objgraph's back-reference chain. */
  chain: string | null;
  /** `__main__._responses with 1100 entries`. */
  holder: string | null;
}

/**
 * `memkit demo [--out DIR]`: runs the leak hunt (`examples/leak-hunt/leak_hunt.py`: a request
 * handler whose response cache never forgets, examined by tracemalloc, memory_profiler and
 * objgraph), writes its report, snapshots and back-reference graph into `outDir`, and prints
 * which line leaks, how much, what holds it and where the files are. Returns the exit status.
 */
export async function runDemo(outDir: string, io: CliIO, tools?: ScriptTools): Promise<number> {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    io.stderr(`memkit demo: cannot create the folder '${outDir}': ${fileProblem(error)}\n`);
    return BAD_INPUT_EXIT;
  }
  const progress = startProgress(io);
  let report = '';
  let exitCode: number;
  try {
    progress.update('Loading the graph renderer');
    const scriptTools = tools ?? (await loadScriptTools());
    progress.update('Running the leak hunt (1,100 requests under tracemalloc, memory_profiler, objgraph)');
    const append = (text: string) => {
      report += text;
    };
    exitCode = runScript(LEAK_HUNT_SCRIPT, [outDir], { stdout: append, stderr: append }, scriptTools);
  } finally {
    progress.done();
  }
  const reportPath = join(outDir, 'report.txt');
  writeFileAtomic(reportPath, report);
  if (exitCode !== 0) {
    io.stderr(`${report}memkit demo: the leak hunt failed with exit status ${exitCode}; see ${reportPath}\n`);
    return 1;
  }
  let findings: LeakFindings;
  try {
    findings = findLeak(outDir, report, io);
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    io.stderr(`memkit demo: ${error.message}\n`);
    return 1;
  }
  io.stdout(formatSummary(findings, outDir));
  return 0;
}

/** Reads the findings back from the snapshots the hunt dumped and the chain it printed. */
export function findLeak(outDir: string, report: string, io: CliIO): LeakFindings {
  const before = loadSnapshotFile(join(outDir, 'before.snapshot'), io);
  const after = loadSnapshotFile(join(outDir, 'after.snapshot'), io);
  const diffs = after.compareTo(before, 'lineno');
  if (diffs.length === 0) throw new BadInputError('the two snapshots are equal: nothing grew');
  const [top] = diffs;
  const [frame] = top.traceback.frames;
  return {
    location: String(frame),
    sourceLine: new NodeSourceReader().getLine(frame.filename, frame.lineno).trim(),
    sizeDiff: formatSize(top.sizeDiff, true),
    countDiff: top.countDiff,
    totalDiff: formatSize(
      diffs.reduce((sum, diff) => sum + diff.sizeDiff, 0),
      true,
    ),
    chain: reportLine(report, 'kept alive by: '),
    holder: reportLine(report, 'held in: '),
  };
}

/** The demo's closing summary: the leak in three lines, then the files. */
export function formatSummary(findings: LeakFindings, outDir: string): string {
  const lines = [
    'memkit demo: a request handler whose response cache never forgets (examples/leak-hunt).',
    '',
    `  Leaking line:  ${findings.location}  ${findings.sourceLine}`,
    `  How much:      ${findings.sizeDiff} in ${findings.countDiff} new blocks between the two snapshots (${findings.totalDiff} over all lines)`,
  ];
  if (findings.holder !== null) lines.push(`  Held by:       ${findings.holder}`);
  if (findings.chain !== null) lines.push(`  Chain:         ${findings.chain}`);
  lines.push('', `Files in ${outDir}/:`);
  const notes: Record<(typeof DEMO_FILES)[number], string> = {
    'report.txt': 'the full report: @profile table, top diff lines, show_growth, the chain',
    'leak-backrefs.png': 'objgraph.show_backrefs of one leaked Response',
    'leak-backrefs.svg': 'the same graph as SVG',
    'before.snapshot': 'tracemalloc snapshot before the 1,000 requests',
    'after.snapshot': 'and after them',
  };
  for (const file of DEMO_FILES)
    lines.push(`  ${join(outDir, file).padEnd(outDir.length + 20)}  ${notes[file]}`);
  lines.push(
    '',
    'Next:',
    `  pnpm memkit tracemalloc diff ${join(outDir, 'before.snapshot')} ${join(outDir, 'after.snapshot')}`,
  );
  return `${lines.join('\n')}\n`;
}

function reportLine(report: string, prefix: string): string | null {
  const line = report.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? null : line.slice(prefix.length);
}
