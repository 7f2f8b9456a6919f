import type { MemoryListener, MemorySubscriptionOptions, Frame as RuntimeFrame } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import type { MemoryEvents } from '../src/index';
import { Tracer } from '../src/index';

/** Stands in for `runtime.events`: the test plays the allocator. */
class FakeEvents implements MemoryEvents {
  listener: MemoryListener | null = null;
  frames = 0;

  onMemory(listener: MemoryListener, options: MemorySubscriptionOptions = {}): () => void {
    this.listener = listener;
    this.frames = options.frames ?? 0;
    return () => {
      this.listener = null;
    };
  }

  alloc(address: number, size: number, stack: string[] = ['t.py:1'], domain = 0): void {
    this.listener?.alloc?.(address, size, domain, frames(stack));
  }

  realloc(oldAddress: number, address: number, size: number, stack: string[] = ['t.py:2']): void {
    this.listener?.realloc?.(oldAddress, address, size, 0, frames(stack));
  }

  free(address: number, domain = 0): void {
    this.listener?.free?.(address, domain);
  }
}

/** `'file.py:12'` → a runtime frame (most recent first, as the runtime gives them). */
function frames(stack: string[]): RuntimeFrame[] {
  return stack.map((entry) => {
    const at = entry.lastIndexOf(':');
    return { filename: entry.slice(0, at), lineno: Number(entry.slice(at + 1)), name: 'fn' };
  });
}

function tracing(nframe = 1): [Tracer, FakeEvents] {
  const events = new FakeEvents();
  const tracer = new Tracer(events);
  tracer.start(nframe);
  return [tracer, events];
}

describe('Tracer start and stop', () => {
  it('subscribes for nframe frames, and keeps the limit after stop', () => {
    const events = new FakeEvents();
    const tracer = new Tracer(events);
    expect(tracer.isTracing()).toBe(false);
    expect(tracer.getTracebackLimit()).toBe(1);
    tracer.start(3);
    expect(events.frames).toBe(3);
    expect(tracer.isTracing()).toBe(true);
    tracer.start(5); // Already tracing: CPython keeps the first limit.
    expect(tracer.getTracebackLimit()).toBe(3);
    tracer.stop();
    expect(events.listener).toBeNull();
    expect(tracer.isTracing()).toBe(false);
    expect(tracer.getTracebackLimit()).toBe(3);
    tracer.stop();
  });

  it('raises CPython’s errors for a bad nframe, even while tracing', () => {
    const [tracer] = tracing();
    for (const nframe of [0, 65536, -1]) {
      expect(() => tracer.start(nframe)).toThrow(
        expect.objectContaining({
          pyType: 'ValueError',
          message: 'the number of frames must be in range [1; 65535]',
        }),
      );
    }
    expect(() => tracer.start(1.5)).toThrow(expect.objectContaining({ pyType: 'TypeError' }));
  });

  it('refuses a snapshot when not tracing', () => {
    const tracer = new Tracer(new FakeEvents());
    expect(() => tracer.takeSnapshot()).toThrow(
      expect.objectContaining({
        pyType: 'RuntimeError',
        message: 'the tracemalloc module must be tracing memory allocations to take a snapshot',
      }),
    );
  });
});

describe('Tracer traces', () => {
  it('follows current and peak through alloc, realloc and free', () => {
    const [tracer, events] = tracing();
    events.alloc(0x1000, 100);
    events.alloc(0x2000, 50);
    expect(tracer.getTracedMemory()).toEqual([150, 150]);
    events.realloc(0x1000, 0x1000, 300); // in place
    expect(tracer.getTracedMemory()).toEqual([350, 350]);
    events.realloc(0x1000, 0x3000, 200); // moved
    expect(tracer.getTracedMemory()).toEqual([250, 350]);
    events.free(0x2000);
    events.free(0x9999); // never traced: ignored
    expect(tracer.getTracedMemory()).toEqual([200, 350]);
    tracer.resetPeak();
    expect(tracer.getTracedMemory()).toEqual([200, 200]);
    events.realloc(0x8000, 0x8000, 16); // allocated before start: traced from now on
    expect(tracer.getTracedMemory()).toEqual([216, 216]);
    expect(tracer.takeSnapshot().rawTraces()).toEqual([
      [0, 200, [['t.py', 2]], 1],
      [0, 16, [['t.py', 2]], 1],
    ]);
  });

  it('keeps domains apart and lists the default domain first', () => {
    const [tracer, events] = tracing();
    events.alloc(0x10, 8, ['a.py:1'], 5);
    events.alloc(0x10, 16, ['b.py:1'], 0);
    events.free(0x10, 5);
    events.alloc(0x20, 24, ['c.py:1'], 5);
    expect(tracer.takeSnapshot().rawTraces()).toEqual([
      [0, 16, [['b.py', 1]], 1],
      [5, 24, [['c.py', 1]], 1],
    ]);
  });

  it('clears traces but keeps tracing; stop clears too', () => {
    const [tracer, events] = tracing();
    events.alloc(0x10, 8);
    const before = tracer.takeSnapshot();
    tracer.clearTraces();
    expect(tracer.isTracing()).toBe(true);
    expect(tracer.getTracedMemory()).toEqual([0, 0]);
    expect(tracer.takeSnapshot().traces.length).toBe(0);
    events.free(0x10);
    events.alloc(0x20, 4, ['n.py:9']);
    expect(before.rawTraces()).toEqual([[0, 8, [['t.py', 1]], 1]]); // snapshots are immutable
    tracer.stop();
    expect(tracer.getTracedMemory()).toEqual([0, 0]);
    tracer.resetPeak();
    tracer.clearTraces();
    expect(tracer.getTracedMemory()).toEqual([0, 0]);
  });

  it('interns tracebacks, records stack depth, and uses <unknown>:0 for an empty stack', () => {
    const [tracer, events] = tracing(3);
    events.alloc(0x10, 8, ['m.py:3', 'm.py:3', 'm.py:8']);
    events.alloc(0x20, 8, ['m.py:3', 'm.py:3', 'm.py:8']);
    events.alloc(0x30, 8, []);
    events.alloc(0x40, 8, ['neg.py:-4']);
    const traces = [...tracer.takeSnapshot().traces];
    expect(traces[0].traceback.frames[0]).toBe(traces[1].traceback.frames[0]);
    expect(traces.map((t) => t.repr())).toEqual([
      "<Trace domain=0 size=8 B, traceback=<Traceback (<Frame filename='m.py' lineno=8>, <Frame filename='m.py' lineno=3>, <Frame filename='m.py' lineno=3>) total_nframe=3>>",
      "<Trace domain=0 size=8 B, traceback=<Traceback (<Frame filename='m.py' lineno=8>, <Frame filename='m.py' lineno=3>, <Frame filename='m.py' lineno=3>) total_nframe=3>>",
      "<Trace domain=0 size=8 B, traceback=<Traceback (<Frame filename='<unknown>' lineno=0>,) total_nframe=1>>",
      "<Trace domain=0 size=8 B, traceback=<Traceback (<Frame filename='neg.py' lineno=0>,) total_nframe=1>>",
    ]);
  });

  it('finds the traceback of an object by its block address', () => {
    const [tracer, events] = tracing(2);
    events.alloc(0x100, 56, ['x.py:4', 'x.py:10']);
    const traceback = tracer.getObjectTraceback({ address: 0x100 });
    expect(traceback?.repr()).toBe(
      "<Traceback (<Frame filename='x.py' lineno=10>, <Frame filename='x.py' lineno=4>)>",
    );
    expect(tracer.getObjectTraceback({ address: 0x200 })).toBeNull();
    tracer.stop();
    expect(tracer.getObjectTraceback({ address: 0x100 })).toBeNull();
  });
});

describe('Tracer.getTracemallocMemory', () => {
  // _Py_hashtable_size = 80 + 8 * buckets + 32 * entries, for the tracebacks, filenames and
  // traces tables (Python/hashtable.c, 64-bit); each starts with 16 buckets.
  const table = (entries: number, buckets: number): number => 80 + 8 * buckets + 32 * entries;

  it('is 624 bytes for empty tables, as CPython reports', () => {
    const tracer = new Tracer(new FakeEvents());
    expect(tracer.getTracemallocMemory()).toBe(624);
    tracer.start();
    expect(tracer.getTracemallocMemory()).toBe(624);
  });

  it('follows the tables through growth, shrinking and clearing', () => {
    const [tracer, events] = tracing();
    events.alloc(0x10, 8, ['a.py:1']);
    expect(tracer.getTracemallocMemory()).toBe(3 * table(1, 16));
    // Nine traces in one file on nine lines: 9/16 > 0.5 grows each table to 32 buckets.
    for (let i = 2; i <= 9; i++) events.alloc(0x10 * i, 8, [`a.py:${i}`]);
    expect(tracer.getTracemallocMemory()).toBe(table(9, 32) + table(1, 16) + table(9, 32));
    // Freeing down to 3 traces: 3/32 < 0.1 shrinks the traces table to round(3 * 2 / 0.6) = 16.
    for (let i = 1; i <= 6; i++) events.free(0x10 * i);
    expect(tracer.getTracemallocMemory()).toBe(table(9, 32) + table(1, 16) + table(3, 16));
    // An empty stack uses CPython's static <unknown> traceback, outside the tables.
    events.alloc(0x500, 8, []);
    expect(tracer.getTracemallocMemory()).toBe(table(9, 32) + table(1, 16) + table(4, 16));
    tracer.clearTraces();
    expect(tracer.getTracemallocMemory()).toBe(624);
  });
});
