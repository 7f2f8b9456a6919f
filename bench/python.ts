import { execFileSync } from 'node:child_process';
import { type BenchValues, parseBenchLines } from './bench-lines';

/**
 * Runs a Python snippet with the local `python3` and returns what it prints, parsed as JSON.
 * Benchmarks run CPython side by side with memkit in the same run, so ratios compare like
 * with like on this machine.
 */
export function runPython<T>(source: string): T {
  const stdout = execFileSync('python3', ['-c', source], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(stdout) as T;
}

/** The median of a few timings, in milliseconds. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Times `fn` `runs` times and returns the median in milliseconds. */
export function timeMedian(runs: number, fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * `python3 --version` ("Python 3.11.7"), or null where python3 is not installed: the bench
 * then prints memkit's side alone and says so.
 */
export function python3Version(): string | null {
  try {
    return execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Runs a workload script with `python3 script args` and returns what it measured. */
export function runPythonScript(path: string, args: readonly string[]): BenchValues {
  const stdout = execFileSync('python3', [path, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return parseBenchLines(stdout, `python3 ${path}`);
}
