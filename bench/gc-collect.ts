/**
 * `gc.collect()` on a heap of 10^6 tracked objects (500 000 instances, each holding a list),
 * memkit next to CPython 3.11 for the same heap. Prints the two medians and their ratio.
 */
import { Runtime } from '@memkit/runtime';
import { runPython, timeMedian } from './python';

const PAIRS = 500_000;
const RUNS = 5;

const PYTHON = `
import gc, json, time
class A:
    pass
gc.collect()
keep = []
for i in range(${PAIRS}):
    a = A()
    a.items = []
    keep.append(a)
samples = []
for _ in range(${RUNS}):
    t = time.perf_counter()
    gc.collect()
    samples.append((time.perf_counter() - t) * 1000)
samples.sort()
print(json.dumps({"median_ms": samples[len(samples) // 2], "tracked": len(gc.get_objects())}))
`;

export function benchGcCollect(): { memkitMs: number; cpythonMs: number; ratio: number } {
  const rt = new Runtime();
  const A = rt.newClass('A');
  const items = rt.intern('items');
  rt.collector.collect();
  const keep = rt.newList();
  for (let i = 0; i < PAIRS; i++) {
    const a = rt.newInstance(A);
    a.setAttribute(rt, items, rt.newList());
    keep.append(rt, a);
  }
  const memkitMs = timeMedian(RUNS, () => rt.collector.collect());
  const cpython = runPython<{ median_ms: number }>(PYTHON);
  return { memkitMs, cpythonMs: cpython.median_ms, ratio: memkitMs / cpython.median_ms };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { memkitMs, cpythonMs, ratio } = benchGcCollect();
  console.log(
    `gc.collect() on 10^6 tracked objects: memkit ${memkitMs.toFixed(1)} ms, CPython ${cpythonMs.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
  );
}
