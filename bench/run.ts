/**
 * `pnpm bench`: the six workloads of bench/workloads/ under memkit (in this process, through
 * the Interpreter API, from the built packages) and under python3 in the same run; medians of
 * repeated runs in one table, with overhead ratios and the JS heap cost of a live object.
 *
 *   node --expose-gc --import tsx bench/run.ts [--smoke] [--scale=F] [--repeats=N]
 *                                             [--only=churn,heap,...] [--out=file]
 *
 * Without `--conditions=source`, `@memkit/*` resolves to each package's dist, so build first
 * (`pnpm bench` does). `--smoke` runs every workload once at a tiny size.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchValues, medians } from './bench-lines';
import { type HeapFootprint, measureHeap, runMemkit } from './memkit-side';
import { python3Version, runPythonScript } from './python';
import { formatReport, type WorkloadResult } from './report';
import { WORKLOADS, WORKLOADS_DIR, type Workload } from './workloads';

/** How a bench run is sized. */
export interface BenchOptions {
  smoke?: boolean;
  /** Multiplies every workload's size (after `smoke`). */
  scale?: number;
  /** Overrides every workload's repeat count. */
  repeats?: number;
  /** Workload names to run (default: all). */
  only?: readonly string[];
  /** Skip python3 even where it is installed. */
  noPython?: boolean;
  /** Progress lines (to stderr in the CLI). */
  progress?: (line: string) => void;
}

/** What a bench run printed, and how many workloads failed (their errors end the report). */
export interface BenchReport {
  report: string;
  failed: number;
}

/** Runs the workloads and returns the report text. */
export function runBench(options: BenchOptions = {}): BenchReport {
  const progress = options.progress ?? (() => {});
  const python = options.noPython ? null : python3Version();
  const selected = WORKLOADS.filter((w) => options.only === undefined || options.only.includes(w.name));
  const unknown = (options.only ?? []).filter((name) => !WORKLOADS.some((w) => w.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown workload ${unknown.join(', ')}; the workloads are ${WORKLOADS.map((w) => w.name).join(', ')}`,
    );
  }
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'memkit-bench-'));
  const results: WorkloadResult[] = [];
  let heap: HeapFootprint | null = null;
  const failures: string[] = [];
  try {
    for (const workload of selected) {
      const size = Math.max(
        1,
        Math.round((options.smoke ? workload.smokeSize : workload.size) * (options.scale ?? 1)),
      );
      const repeats = options.repeats ?? (options.smoke ? 1 : workload.repeats);
      const path = join(WORKLOADS_DIR, workload.script);
      const args = [
        String(size),
        ...workload.args,
        ...(workload.needsPath ? [join(dir, 'snapshot.bin')] : []),
      ];
      progress(
        `${workload.name}: ${repeats} × memkit, ${python === null ? 'no python3' : `${repeats} × python3`} (size ${size})`,
      );
      // A failing workload is reported in place of its rows; the others still run.
      try {
        const memkit = repeat(repeats, () => runMemkit(path, args));
        const cpython = python === null ? null : repeat(repeats, () => runPythonScript(path, args));
        results.push({ name: workload.name, size, repeats, memkit, cpython });
        if (workload.name === 'heap') heap = measureHeap(path, args);
      } catch (error) {
        failures.push(
          `workload ${workload.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const report = formatReport(results, heap, header(selected, options, python, loadBefore));
  return {
    report: failures.length === 0 ? report : `${report}\n${failures.join('\n')}\n`,
    failed: failures.length,
  };
}

function repeat(runs: number, run: () => BenchValues): BenchValues {
  const samples: BenchValues[] = [];
  for (let i = 0; i < runs; i++) samples.push(run());
  return medians(samples);
}

function header(
  workloads: readonly Workload[],
  options: BenchOptions,
  python: string | null,
  loadBefore: number[],
): string[] {
  const repeats = workloads
    .map((w) => `${w.name} ${options.repeats ?? (options.smoke ? 1 : w.repeats)}`)
    .join(', ');
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `memkit bench${options.smoke ? ' (smoke sizes)' : ''}: memkit in-process via the Interpreter API, Node ${process.version}; ` +
      (python === null ? 'python3 not found: CPython columns skipped' : `CPython: ${python}`),
    `medians of repeated runs (${repeats}); times from time.perf_counter() inside each script`,
    `load average (1/5/15 min) at start ${load(loadBefore)}, at end ${load(loadavg())}`,
  ];
}

function parseArgs(argv: readonly string[]): BenchOptions & { out?: string } {
  const options: BenchOptions & { out?: string } = {};
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    if (flag === '--smoke') options.smoke = true;
    else if (flag === '--no-python') options.noPython = true;
    else if (flag === '--scale' && Number(value) > 0) options.scale = Number(value);
    else if (flag === '--repeats' && Number.isInteger(Number(value)) && Number(value) > 0)
      options.repeats = Number(value);
    else if (flag === '--only' && value) options.only = value.split(',');
    else if (flag === '--out' && value) options.out = value;
    else
      throw new Error(
        `bench: bad argument "${arg}" (expected --smoke, --no-python, --scale=F>0, --repeats=N>0, --only=a,b, --out=file)`,
      );
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  try {
    const { out, ...options } = parseArgs(process.argv.slice(2));
    const { report, failed } = runBench({
      ...options,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(report);
    if (failed > 0) process.exitCode = 1;
    if (out !== undefined) {
      const temp = `${out}.${process.pid}.tmp`;
      writeFileSync(temp, report);
      renameSync(temp, out);
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
