/**
 * tracemalloc on 10^6 traces: take_snapshot, statistics, compare_to, filter_traces, dump and
 * load, and pprof export, fed through a Tracer from synthetic allocation events.
 *
 *   node --expose-gc --import tsx --conditions=source packages/tracemalloc/bench/snapshot-1e6.ts \
 *     [--python] [--shape=shared|distinct]
 *
 * Two shapes: "shared" (10^4 distinct 5-frame tracebacks, as a real program has) and
 * "distinct" (every trace its own traceback and line, the worst case for grouping). With
 * --python, CPython 3.11 runs the same operations on the same raw traces for comparison.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryListener, Frame as RuntimeFrame } from '@memkit/runtime';
import { Filter, Snapshot, Tracer, toPprof } from '@memkit/tracemalloc';
import { nodeSnapshotIO } from '@memkit/tracemalloc/node';

const TRACES = 1_000_000;
const RUNS = 3;

interface Shape {
  name: string;
  tracebacks: number;
  depth: number;
}

const SHAPES: Shape[] = [
  { name: 'shared', tracebacks: 10_000, depth: 5 },
  { name: 'distinct', tracebacks: TRACES, depth: 1 },
];

// With node --expose-gc, each operation starts from a collected heap rather than paying for the
// garbage of the one before.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Runs `fn` RUNS times (the events only once) and records the median time. */
function time<T>(label: string, results: Record<string, number>, fn: () => T, runs = RUNS): T {
  const samples: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    collect();
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  results[label] = Math.round(samples[Math.floor(samples.length / 2)]);
  return value as T;
}

const NAMES = ['f0', 'f1', 'f2', 'f3', 'f4'];
const FILES = Array.from({ length: 200 }, (_, i) => `/app/pkg/module_${i}.py`);

/** The stack of traceback `k` of `count`: most recent first, in one of 200 files. */
function stack(k: number, count: number, depth: number): RuntimeFrame[] {
  const lines = Math.max(100_000, count);
  const frames: RuntimeFrame[] = [];
  for (let d = 0; d < depth; d++) {
    const lineno = 1 + ((k * 7 + d * 13) % lines);
    frames.push({ filename: FILES[(k + d) % 200], lineno, name: NAMES[d] });
  }
  return frames;
}

function run(shape: Shape): Record<string, number> {
  const results: Record<string, number> = {};
  let listener: MemoryListener = {};
  const tracer = new Tracer({
    onMemory: (l) => {
      listener = l;
      return () => {};
    },
  });
  tracer.start(shape.depth);
  // Like the runtime, each event gets a stack that is dropped afterwards.
  const stackOf = (i: number): RuntimeFrame[] => stack(i % shape.tracebacks, shape.tracebacks, shape.depth);
  const alloc = listener.alloc as NonNullable<MemoryListener['alloc']>;
  time(
    'events (half)',
    results,
    () => {
      for (let i = 0; i < TRACES / 2; i++) alloc(16 * i, 16 + (i % 500), 0, stackOf(i));
    },
    1,
  );
  const old = tracer.takeSnapshot();
  for (let i = TRACES / 2; i < TRACES; i++) alloc(16 * i, 16 + (i % 500), 0, stackOf(i));
  const snapshot = time('take_snapshot', results, () => tracer.takeSnapshot());
  time("statistics('lineno')", results, () => snapshot.statistics('lineno'));
  time("statistics('traceback')", results, () => snapshot.statistics('traceback'));
  time("statistics('filename', True)", results, () => snapshot.statistics('filename', true));
  time("compare_to('lineno')", results, () => snapshot.compareTo(old, 'lineno'));
  time("compare_to('traceback')", results, () => snapshot.compareTo(old, 'traceback'));
  time('filter_traces', results, () => snapshot.filterTraces([new Filter(false, '*/module_1?.py')]));
  const dir = mkdtempSync(join(tmpdir(), 'memkit-bench-'));
  try {
    const path = join(dir, 'big.snapshot');
    time('dump', results, () => snapshot.dump(path, nodeSnapshotIO));
    const loaded = time('load', results, () => Snapshot.load(path, nodeSnapshotIO));
    time("compare_to(loaded, 'traceback')", results, () => snapshot.compareTo(loaded, 'traceback'));
    if (!loaded.equals(snapshot)) throw new Error('the loaded snapshot differs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  time('toPprof', results, () => toPprof(snapshot));
  results['tracemalloc memory (modelled, bytes)'] = tracer.getTracemallocMemory();
  return results;
}

function runPython(shape: Shape): Record<string, number> {
  const source = `
import json, os, tempfile, time, tracemalloc
N, TB, DEPTH = ${TRACES}, ${shape.tracebacks}, ${shape.depth}
LINES = max(100000, TB)
stacks = [tuple(('/app/pkg/module_%d.py' % ((k + d) % 200), 1 + ((k * 7 + d * 13) % LINES)) for d in range(DEPTH))
          for k in range(min(TB, N))]
raw = [(0, 16 + (i % 500), stacks[i % len(stacks)], DEPTH) for i in range(N)]
res = {}
def t(label, fn):
    s = time.perf_counter(); v = fn(); res[label] = round((time.perf_counter() - s) * 1000); return v
old = tracemalloc.Snapshot(raw[:N // 2], DEPTH)
snap = t('take_snapshot (Snapshot() only)', lambda: tracemalloc.Snapshot(list(raw), DEPTH))
t("statistics('lineno')", lambda: snap.statistics('lineno'))
t("statistics('traceback')", lambda: snap.statistics('traceback'))
t("statistics('filename', True)", lambda: snap.statistics('filename', True))
t("compare_to('lineno')", lambda: snap.compare_to(old, 'lineno'))
t("compare_to('traceback')", lambda: snap.compare_to(old, 'traceback'))
t('filter_traces', lambda: snap.filter_traces([tracemalloc.Filter(False, '*/module_1?.py')]))
path = os.path.join(tempfile.mkdtemp(), 'big.pickle')
t('dump', lambda: snap.dump(path))
t('load', lambda: tracemalloc.Snapshot.load(path))
print(json.dumps(res))
`;
  return JSON.parse(execFileSync('python3', ['-c', source], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const withPython = process.argv.includes('--python');
const only = process.argv.find((arg) => arg.startsWith('--shape='))?.slice('--shape='.length);
for (const shape of SHAPES.filter((s) => only === undefined || s.name === only)) {
  const memkit = run(shape);
  const cpython = withPython ? runPython(shape) : {};
  console.log(`\n${TRACES} traces, ${shape.name} tracebacks (${shape.tracebacks} × ${shape.depth} frames)`);
  const labels = [...new Set([...Object.keys(memkit), ...Object.keys(cpython)])];
  for (const label of labels) {
    const py = label in cpython ? `   CPython ${String(cpython[label]).padStart(6)} ms` : '';
    const unit = label.includes('bytes') ? '' : ' ms';
    console.log(`  ${label.padEnd(36)} memkit ${String(memkit[label] ?? '-').padStart(8)}${unit}${py}`);
  }
}
