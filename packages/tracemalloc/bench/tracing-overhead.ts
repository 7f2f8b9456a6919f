/**
 * What tracing costs the runtime: 100 000 str and float allocations (half kept, half freed at
 * once) with tracing off, at nframe=1 and at nframe=25, as a ratio to off (CPython 3.11's own
 * ratios on a similar workload are 2.95× and 4.90×, reference/python-profilers.md §1.5).
 *
 *   node --expose-gc --import tsx --conditions=source packages/tracemalloc/bench/tracing-overhead.ts [--ts]
 *
 * By default the stack comes from a frame source as cheap as an interpreter's (it already knows
 * its frames), which isolates the tracer's own cost; --ts uses the runtime's TypeScript call
 * sites (a V8 stack trace per allocation).
 */
import type { FrameSource } from '@memkit/runtime';
import { Runtime } from '@memkit/runtime';
import { Tracer } from '@memkit/tracemalloc';

const RUNS = 5;
const frames = Array.from({ length: 25 }, (_, i) => ({
  filename: `/app/f${i % 3}.py`,
  lineno: 10 + i,
  name: 'f',
}));
const interpreterLike: FrameSource = { capture: (limit) => frames.slice(0, limit) };
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

function work(rt: Runtime): void {
  const keep = rt.newList();
  for (let i = 0; i < 100_000; i++) {
    keep.append(rt, rt.newStr(`item ${i}`));
    rt.decref(rt.newFloat(i + 0.5));
  }
  rt.decref(keep);
}

function median(nframe: number): number {
  const rt = new Runtime({ frameSource: process.argv.includes('--ts') ? undefined : interpreterLike });
  const tracer = new Tracer(rt.events);
  if (nframe > 0) tracer.start(nframe);
  work(rt);
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    collect();
    const start = performance.now();
    work(rt);
    samples.push(performance.now() - start);
  }
  tracer.stop();
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const off = median(0);
console.log(`tracing off   ${off.toFixed(0).padStart(6)} ms`);
for (const nframe of [1, 25]) {
  const on = median(nframe);
  console.log(
    `nframe=${String(nframe).padEnd(6)} ${on.toFixed(0).padStart(6)} ms  ×${(on / off).toFixed(2)}`,
  );
}
