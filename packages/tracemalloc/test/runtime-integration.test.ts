import { Runtime } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { Tracer } from '../src/index';

const THIRTY_CHARS = 'a string of thirty characters!';
const THIS_FILE = /packages[\\/]tracemalloc[\\/]test[\\/]runtime-integration\.test\.ts$/;

/** The line of the caller, as the runtime's TypeScript frame source sees it. */
function lineHere(): number {
  const line = new Error().stack?.split('\n')[2] ?? '';
  return Number(/:(\d+):\d+\)?$/.exec(line)?.[1]);
}

describe('tracing a real Runtime', () => {
  it('traces what TypeScript allocates, with the runtime’s requested sizes and this file’s lines', () => {
    const rt = new Runtime();
    const tracer = new Tracer(rt.events);
    tracer.start(4);
    const requestedBefore = rt.memory.requestedBytes;

    const line = lineHere() + 1;
    const list = rt.newList([rt.newStr(THIRTY_CHARS), rt.newInt(10 ** 12), rt.newFloat(1.5)]);

    const snapshot = tracer.takeSnapshot();
    const traced = snapshot.records.sizes.reduce((a, b) => a + b, 0);
    expect(traced).toBe(rt.memory.requestedBytes - requestedBefore);
    expect(tracer.getTracedMemory()).toEqual([traced, traced]);

    const [top, ...rest] = snapshot.statistics('lineno');
    expect(rest).toEqual([]);
    expect(top.traceback.at(0)?.filename).toMatch(THIS_FILE);
    expect(top.traceback.at(0)?.lineno).toBe(line);
    expect(top.count).toBe(snapshot.traces.length);
    // str 30 ASCII chars: 79 bytes; int 10**12 (two 30-bit digits): 32; float: 24; list: 56 + 3 slots.
    expect([...snapshot.traces].map((t) => t.size).sort((a, b) => a - b)).toEqual([24, 24, 32, 56, 79]);

    const traceback = tracer.getObjectTraceback(list);
    expect(traceback?.at(-1)?.filename).toMatch(THIS_FILE);
    expect(traceback?.totalNframe).toBeNull();

    // The list object (56) and the float (24) go to their free lists: still allocated, still
    // traced, as in CPython; the str, the int and the item array are freed.
    rt.decref(list);
    expect(tracer.getTracedMemory()).toEqual([rt.memory.requestedBytes - requestedBefore, traced]);
    expect(tracer.getTracedMemory()[0]).toBe(56 + 24);
    tracer.stop();
  });

  it('never puts its own bookkeeping in the traced heap', () => {
    const rt = new Runtime();
    const tracer = new Tracer(rt.events);
    const requestedBefore = rt.memory.requestedBytes;
    tracer.start(25);
    for (let i = 0; i < 100; i++) rt.decref(rt.newStr(`temporary string number ${i}`));
    tracer.takeSnapshot().statistics('traceback');
    tracer.getTracemallocMemory();
    tracer.stop();
    expect(rt.memory.requestedBytes).toBe(requestedBefore);
  });
});
