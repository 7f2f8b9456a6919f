import { fileURLToPath } from 'node:url';

/** One of the shared Python scripts, with its sizes and how often to repeat it. */
export interface Workload {
  /** Short name, for `--only`. */
  name: string;
  /** `bench/workloads/<script>`, run unchanged by memkit and by python3. */
  script: string;
  /** The size argument at full scale and in a smoke run. */
  size: number;
  smokeSize: number;
  /** Extra arguments after the size. */
  args: readonly string[];
  /** Repeats at full scale (the heavy workloads run fewer times). */
  repeats: number;
  /** Whether the script needs a file path to dump into (appended to its arguments). */
  needsPath?: boolean;
}

export const WORKLOADS_DIR = fileURLToPath(new URL('./workloads/', import.meta.url));

/** The six workloads of issue 9 (workload 4 is workload 1's script in `tracing` mode). */
export const WORKLOADS: readonly Workload[] = [
  { name: 'churn', script: 'churn.py', size: 100_000, smokeSize: 200, args: [], repeats: 5 },
  { name: 'cycles', script: 'cycles.py', size: 10_000, smokeSize: 20, args: [], repeats: 5 },
  { name: 'heap', script: 'heap.py', size: 1_000_000, smokeSize: 400, args: [], repeats: 3 },
  { name: 'tracing', script: 'churn.py', size: 50_000, smokeSize: 200, args: ['tracing'], repeats: 5 },
  {
    name: 'snapshots',
    script: 'snapshots.py',
    size: 1_000_000,
    smokeSize: 400,
    args: [],
    repeats: 3,
    needsPath: true,
  },
  { name: 'profile', script: 'profile.py', size: 100_000, smokeSize: 200, args: [], repeats: 5 },
];
