/**
 * The workloads' output protocol: each measurement is one `BENCH <label> <value>` line on stdout
 * (milliseconds from `time.perf_counter()` inside the script, so process start-up and parsing
 * are excluded on both sides; `nan` where a side cannot measure).
 */
export type BenchValues = Map<string, number>;

const LINE = /^BENCH (.+) (\S+)$/;

/** The measurements a workload printed, by label; other output is ignored. */
export function parseBenchLines(stdout: string, source: string): BenchValues {
  const values: BenchValues = new Map();
  for (const line of stdout.split('\n')) {
    const match = LINE.exec(line);
    if (match === null) continue;
    const value = Number(match[2]);
    if (Number.isNaN(value) && match[2] !== 'nan') {
      throw new Error(`${source}: "${line}" is not a BENCH line with a number`);
    }
    values.set(match[1], value);
  }
  if (values.size === 0) throw new Error(`${source} printed no BENCH lines:\n${stdout}`);
  return values;
}

/** The median of each label over repeated runs (NaN stays NaN). */
export function medians(runs: readonly BenchValues[]): BenchValues {
  const out: BenchValues = new Map();
  for (const label of runs[0]?.keys() ?? []) {
    const samples = runs.map((run) => run.get(label) ?? Number.NaN).sort((a, b) => a - b);
    out.set(label, samples[Math.floor(samples.length / 2)]);
  }
  return out;
}
