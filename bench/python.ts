import { execFileSync } from 'node:child_process';

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
